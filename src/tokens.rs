//! Token and pool-id helpers exposed as module functions.

use fastcognito_core::jwt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert::ToPy;

/// The claims of a JWT, decoded without checking its signature. Raises ValueError with the
/// reason (never the token) when it is not a JWT.
#[pyfunction]
pub fn unverified_claims<'py>(py: Python<'py>, token: &str) -> PyResult<Bound<'py, PyAny>> {
    let claims = jwt::unverified_claims(token).map_err(|e| PyValueError::new_err(e.0))?;
    claims.to_py(py)
}

/// Base64(HMAC-SHA256(client_secret, username + client_id)).
#[pyfunction]
pub fn secret_hash(username: &str, client_id: &str, client_secret: &str) -> String {
    fastcognito_core::secret_hash::secret_hash(username, client_id, client_secret)
}

/// The region a user pool id names (`eu-west-1` of `eu-west-1_AbC`), None if it names none.
#[pyfunction]
pub fn region_from_pool_id(user_pool_id: &str) -> Option<&str> {
    fastcognito_core::config::region_from_pool_id(user_pool_id)
}

/// `token_use` checked: "id" or "access", else ValueError saying so.
#[pyfunction]
pub fn token_use(token_use: &str) -> PyResult<&'static str> {
    token_use
        .parse::<fastcognito_core::verify::TokenUse>()
        .map(|t| t.as_str())
        .map_err(PyValueError::new_err)
}
