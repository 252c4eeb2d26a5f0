//! `OAuthCore`: the Rust half of `fastcognito.OAuthClient` / `AsyncOAuthClient`. URLs are
//! built at once; each endpoint call is a [`PendingCall`] the Python twins block on or await.

use std::sync::Arc;

use fastcognito_core::oauth::{AuthorizeParams, OAuthClient, OAuthConfig, TokenSet, pkce};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::client::seconds;
use crate::convert::ToPy;
use crate::errors::to_pyerr;
use crate::pending::PendingCall;

#[pyclass(frozen, module = "fastcognito._core")]
pub struct OAuthCore {
    inner: Arc<OAuthClient>,
}

/// User tokens, shaped as `login`'s result (every key present, None when not sent).
struct UserTokens(TokenSet);
/// A client-credentials token: no ID or refresh token exists for it.
struct ClientToken(TokenSet);

impl ToPy for UserTokens {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let t = self.0;
        let d = PyDict::new(py);
        d.set_item("access_token", t.access_token)?;
        d.set_item("id_token", t.id_token)?;
        d.set_item("refresh_token", t.refresh_token)?;
        d.set_item("expires_in", t.expires_in)?;
        d.set_item("token_type", t.token_type)?;
        Ok(d.into_any())
    }
}

impl ToPy for ClientToken {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let t = self.0;
        let d = PyDict::new(py);
        d.set_item("access_token", t.access_token)?;
        d.set_item("expires_in", t.expires_in)?;
        d.set_item("token_type", t.token_type)?;
        Ok(d.into_any())
    }
}

#[pymethods]
impl OAuthCore {
    /// `connect_timeout` bounds each connection; `read_timeout`, the wait for an answer once
    /// connected (without either, the clients' 30 s bound on a whole call).
    #[new]
    #[pyo3(signature = (
        domain, client_id, client_secret=None, *, redirect_uri=None, region=None,
        endpoint_url=None, connect_timeout=None, read_timeout=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        domain: &str,
        client_id: &str,
        client_secret: Option<&str>,
        redirect_uri: Option<&str>,
        region: Option<&str>,
        endpoint_url: Option<&str>,
        connect_timeout: Option<f64>,
        read_timeout: Option<f64>,
    ) -> PyResult<Self> {
        let mut config = OAuthConfig::new(
            domain,
            client_id,
            client_secret,
            redirect_uri,
            region,
            endpoint_url,
        )
        .map_err(PyValueError::new_err)?;
        let connect = seconds("connect_timeout", connect_timeout)?;
        let read = seconds("read_timeout", read_timeout)?;
        if let Some(c) = connect {
            config.connect_timeout = c;
        }
        if connect.is_some() || read.is_some() {
            config.timeout = config.connect_timeout + read.unwrap_or(config.timeout);
        }
        Ok(OAuthCore {
            inner: Arc::new(OAuthClient::new(config)),
        })
    }

    /// `(url, state, code_verifier)`: a fresh verifier, and a fresh state unless given.
    #[pyo3(signature = (
        scopes, *, redirect_uri=None, state=None, identity_provider=None, login_hint=None,
        prompt=None, nonce=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn authorization_url(
        &self,
        py: Python<'_>,
        scopes: Vec<String>,
        redirect_uri: Option<&str>,
        state: Option<&str>,
        identity_provider: Option<&str>,
        login_hint: Option<&str>,
        prompt: Option<&str>,
        nonce: Option<&str>,
    ) -> PyResult<(String, String, String)> {
        let params = AuthorizeParams {
            scopes: &scopes,
            redirect_uri,
            state,
            identity_provider,
            login_hint,
            prompt,
            nonce,
        };
        let r = self
            .inner
            .authorization_url(&params)
            .map_err(|e| to_pyerr(py, e))?;
        Ok((r.url, r.state, r.code_verifier))
    }

    fn logout_url(&self, logout_uri: &str) -> String {
        self.inner.logout_url(logout_uri)
    }

    #[pyo3(signature = (code, code_verifier, redirect_uri=None))]
    fn exchange_code(
        &self,
        code: String,
        code_verifier: String,
        redirect_uri: Option<String>,
    ) -> PendingCall {
        let inner = self.inner.clone();
        PendingCall::new(async move {
            inner
                .exchange_code(&code, &code_verifier, redirect_uri.as_deref())
                .await
                .map(UserTokens)
        })
    }

    fn refresh(&self, refresh_token: String) -> PendingCall {
        let inner = self.inner.clone();
        PendingCall::new(async move { inner.refresh(&refresh_token).await.map(UserTokens) })
    }

    fn revoke(&self, refresh_token: String) -> PendingCall {
        let inner = self.inner.clone();
        PendingCall::new(async move { inner.revoke(&refresh_token).await })
    }

    fn userinfo(&self, access_token: String) -> PendingCall {
        let inner = self.inner.clone();
        PendingCall::new(async move { inner.userinfo(&access_token).await })
    }

    fn client_credentials(&self, scopes: Vec<String>) -> PendingCall {
        let inner = self.inner.clone();
        PendingCall::new(async move { inner.client_credentials(&scopes).await.map(ClientToken) })
    }

    /// Forgets the cached client-credentials tokens.
    fn clear_cache(&self) {
        self.inner.clear_cache();
    }

    /// Drops the pooled connections; the next call opens new ones.
    fn close(&self) {
        self.inner.close();
    }

    #[getter]
    fn is_open(&self) -> bool {
        self.inner.is_open()
    }
    #[getter]
    fn base_url(&self) -> &str {
        &self.inner.config().base_url
    }
    #[getter]
    fn client_id(&self) -> &str {
        &self.inner.config().client_id
    }
    #[getter]
    fn has_secret(&self) -> bool {
        self.inner.config().client_secret.is_some()
    }
    #[getter]
    fn redirect_uri(&self) -> Option<&str> {
        self.inner.config().redirect_uri.as_deref()
    }
    #[getter]
    fn connect_timeout(&self) -> f64 {
        self.inner.config().connect_timeout.as_secs_f64()
    }
    #[getter]
    fn timeout(&self) -> f64 {
        self.inner.config().timeout.as_secs_f64()
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        format!(
            "OAuthCore(base_url={:?}, client_id={:?})",
            c.base_url, c.client_id
        )
    }
}

/// `BASE64URL(SHA256(code_verifier))`, the S256 PKCE challenge.
#[pyfunction]
pub fn pkce_challenge(code_verifier: &str) -> String {
    pkce::challenge(code_verifier)
}
