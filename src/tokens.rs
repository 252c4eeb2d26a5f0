//! Token helpers exposed as module functions.

use fastcognito_core::jwt;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert::value_to_py;

/// The claims of a JWT, decoded without checking its signature. Raises ValueError with the
/// reason (never the token) when it is not a JWT.
#[pyfunction]
pub fn unverified_claims<'py>(py: Python<'py>, token: &str) -> PyResult<Bound<'py, PyAny>> {
    let claims = jwt::unverified_claims(token).map_err(|e| PyValueError::new_err(e.0))?;
    value_to_py(py, claims)
}

/// Base64(HMAC-SHA256(client_secret, username + client_id)).
#[pyfunction]
pub fn secret_hash(username: &str, client_id: &str, client_secret: &str) -> String {
    fastcognito_core::secret_hash::secret_hash(username, client_id, client_secret)
}
