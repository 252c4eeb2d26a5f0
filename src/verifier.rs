//! `Verifier`: the Rust half of `fastcognito.TokenVerifier`. Holds the pool's key cache, the
//! policy a token must meet, and the tokens that already passed as the Python dicts of their
//! claims, so that verifying one again is a lookup, a clock read and a copy of the dict,
//! with the GIL held (releasing it would cost more than the lookup).

use std::sync::{Arc, Mutex};

use fastcognito_core::keys::KeyCache;
use fastcognito_core::remembered::{DEFAULT_CAPACITY, Remembered};
use fastcognito_core::verifier::Verifier as CoreVerifier;
use fastcognito_core::verify::{self, Policy, TokenUse};
use fastcognito_core::{ClientConfig, jwt};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::client::seconds;
use crate::convert::ToPy;
use crate::errors::to_pyerr;
use crate::pending::PendingCall;

#[pyclass(frozen, module = "fastcognito._core")]
pub struct Verifier {
    inner: Arc<CoreVerifier>,
    user_pool_id: String,
    /// Only ever locked with the GIL held, and never across a release of it.
    remembered: Mutex<Remembered<Claims>>,
}

/// Verified claims as handed out: the dict, and the keys whose values are lists or dicts
/// (`cognito:groups`, `amr`...), which each copy must copy too.
struct Claims {
    dict: Py<PyDict>,
    nested: Arc<[Py<PyAny>]>,
}

impl Claims {
    fn new(dict: &Bound<'_, PyDict>) -> Self {
        let nested = dict
            .iter()
            .filter(|(_, v)| v.is_instance_of::<PyDict>() || v.is_instance_of::<PyList>())
            .map(|(k, _)| k.unbind())
            .collect::<Vec<_>>()
            .into();
        Claims {
            dict: dict.clone().unbind(),
            nested,
        }
    }

    fn clone_ref(&self, py: Python<'_>) -> Self {
        Claims {
            dict: self.dict.clone_ref(py),
            nested: self.nested.clone(),
        }
    }

    /// A copy of its own for the caller: changing it (appending to `cognito:groups`...)
    /// cannot change what the next request gets. `dict.copy()` is one C call; only the
    /// nested values are walked.
    fn copy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let copy = self.dict.bind(py).copy()?;
        for key in self.nested.iter() {
            let key = key.bind(py);
            if let Some(value) = copy.get_item(key)? {
                copy.set_item(key, fresh_copy(&value)?)?;
            }
        }
        Ok(copy.into_any())
    }
}

/// A copy of a claim's value down to its nested lists and dicts.
fn fresh_copy<'py>(value: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(dict) = value.cast::<PyDict>() {
        let copy = PyDict::new(value.py());
        for (k, v) in dict.iter() {
            copy.set_item(k, fresh_copy(&v)?)?;
        }
        return Ok(copy.into_any());
    }
    if let Ok(list) = value.cast::<PyList>() {
        let items = list
            .iter()
            .map(|v| fresh_copy(&v))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(PyList::new(value.py(), items)?.into_any());
    }
    Ok(value.clone())
}

impl Verifier {
    fn remembered(&self) -> std::sync::MutexGuard<'_, Remembered<Claims>> {
        self.remembered.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[pymethods]
impl Verifier {
    /// `client_ids`: at least one. `jwks`: a JWKS document (JSON text) to use instead of
    /// fetching the pool's. `issuer`: pins the one `iss` accepted (else both formats).
    #[new]
    #[pyo3(signature = (
        user_pool_id, client_ids, token_use, *, issuer=None, groups=Vec::new(), scopes=Vec::new(),
        grace_seconds=0, jwks=None, region=None, endpoint_url=None, connect_timeout=None,
        read_timeout=None, cache_size=DEFAULT_CAPACITY,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        user_pool_id: &str,
        client_ids: Vec<String>,
        token_use: &str,
        issuer: Option<String>,
        groups: Vec<String>,
        scopes: Vec<String>,
        grace_seconds: u64,
        jwks: Option<&str>,
        region: Option<&str>,
        endpoint_url: Option<&str>,
        connect_timeout: Option<f64>,
        read_timeout: Option<f64>,
        cache_size: usize,
    ) -> PyResult<Self> {
        if client_ids.is_empty() || client_ids.iter().any(String::is_empty) {
            return Err(PyValueError::new_err(
                "client_id must name at least one app client (non-empty strings)",
            ));
        }
        let token_use: TokenUse = token_use.parse().map_err(PyValueError::new_err)?;
        let config = ClientConfig::new(user_pool_id, &client_ids[0], None, region, endpoint_url)
            .map_err(PyValueError::new_err)?;
        let issuers = match issuer {
            Some(i) if i.is_empty() => {
                return Err(PyValueError::new_err("issuer must not be empty"));
            }
            Some(i) => vec![i],
            None => config.default_issuers(),
        };
        let test_key_allowed = config.endpoint_is_loopback();
        let keys = match jwks {
            Some(doc) => KeyCache::preloaded(doc.as_bytes(), test_key_allowed)
                .map_err(|e| PyValueError::new_err(format!("jwks: {}", e.message)))?,
            None => {
                let mut timeouts = config.jwks_timeouts();
                if let Some(connect) = seconds("connect_timeout", connect_timeout)? {
                    timeouts.connect = connect;
                }
                timeouts.read = seconds("read_timeout", read_timeout)?;
                // Only the pool's JWKS URL: COGNITO_JWKS is mandate's, never a verifier's.
                KeyCache::new(config.jwks_url(), timeouts).allowing_test_key(test_key_allowed)
            }
        };
        let policy = Policy {
            issuers,
            client_ids,
            token_use,
            groups,
            scopes,
            leeway: grace_seconds,
        };
        Ok(Verifier {
            inner: Arc::new(CoreVerifier::new(keys, policy)),
            user_pool_id: config.user_pool_id,
            remembered: Mutex::new(Remembered::new(cache_size)),
        })
    }

    /// The token's claims (a fresh dict), verified with the keys at hand: at once when it
    /// already passed (remembered until its exp); else checked with the GIL released. None
    /// when the keys must be fetched first, which `verify` does. Raises on a refusal.
    fn verify_cached<'py>(
        &self,
        py: Python<'py>,
        token: &str,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        if let Some(claims) = self.recall(py, token)? {
            return Ok(Some(claims));
        }
        let inner = self.inner.clone();
        let claims = match py.detach(|| inner.verify_cached(token)) {
            None => return Ok(None),
            Some(Err(e)) => return Err(to_pyerr(py, e)),
            Some(Ok(claims)) => claims,
        };
        let exp = claims.get("exp").and_then(|v| v.as_f64()).unwrap_or(0.0);
        let dict = claims.to_py(py)?.cast_into::<PyDict>()?;
        let claims = Claims::new(&dict);
        let answer = claims.copy(py)?;
        self.remembered().insert(token, exp, claims);
        Ok(Some(answer))
    }

    /// The claims of `token` if it is remembered (it passed, and has not expired), else None:
    /// a lookup only, for a caller that holds several verifiers.
    fn recall<'py>(&self, py: Python<'py>, token: &str) -> PyResult<Option<Bound<'py, PyAny>>> {
        let leeway = self.inner.policy().leeway;
        // The lock is let go before the copy: allocating may run the garbage collector, and
        // with it code that could verify a token on this thread.
        let hit = self
            .remembered()
            .get(token, verify::now(), leeway)
            .map(|claims| claims.clone_ref(py));
        hit.map(|claims| claims.copy(py)).transpose()
    }

    /// Verifies `token`, fetching the keys first if need be (never when they were preloaded).
    fn verify(&self, token: String) -> PendingCall {
        let inner = self.inner.clone();
        PendingCall::new(async move { inner.verify(&token).await })
    }

    /// Fetches the keys now, unless they are at hand.
    fn hydrate(&self) -> PendingCall {
        let inner = self.inner.clone();
        PendingCall::new(async move { inner.hydrate().await })
    }

    /// Forgets the tokens that passed (they are checked in full again).
    fn forget(&self) {
        self.remembered().clear();
    }

    #[getter]
    fn remembered_count(&self) -> usize {
        self.remembered().len()
    }
    #[getter]
    fn has_keys(&self) -> bool {
        self.inner.keys().has_keys()
    }
    #[getter]
    fn user_pool_id(&self) -> &str {
        &self.user_pool_id
    }
    #[getter]
    fn issuers(&self) -> Vec<String> {
        self.inner.policy().issuers.clone()
    }
    #[getter]
    fn client_ids(&self) -> Vec<String> {
        self.inner.policy().client_ids.clone()
    }
    #[getter]
    fn token_use(&self) -> &'static str {
        self.inner.policy().token_use.as_str()
    }
    #[getter]
    fn groups(&self) -> Vec<String> {
        self.inner.policy().groups.clone()
    }
    #[getter]
    fn scopes(&self) -> Vec<String> {
        self.inner.policy().scopes.clone()
    }
    #[getter]
    fn grace_seconds(&self) -> u64 {
        self.inner.policy().leeway
    }

    fn __repr__(&self) -> String {
        let p = self.inner.policy();
        format!(
            "Verifier(user_pool_id={:?}, client_ids={:?}, token_use={:?})",
            self.user_pool_id,
            p.client_ids,
            p.token_use.as_str()
        )
    }
}

/// The `iss` of a token, read without verifying it (None if it has none or is not a JWT).
#[pyfunction]
pub fn unverified_issuer(token: &str) -> Option<String> {
    jwt::unverified_issuer(token)
}
