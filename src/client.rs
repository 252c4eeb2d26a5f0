//! `CoreClient`: the Python face of [`CognitoClient`]. Each method returns a [`PendingCall`];
//! the public Python classes decide whether to block on it or await it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use fastcognito_core::config::StaticKeys;
use fastcognito_core::ops::admin_users::CreateUser;
use fastcognito_core::ops::groups::GroupFields;
use fastcognito_core::{ClientConfig, CognitoClient, Result, Value};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::pending::PendingCall;

type Pairs = Vec<(String, String)>;
type Params = HashMap<String, String>;

#[pyclass(frozen, module = "fastcognito._core")]
pub struct CoreClient {
    inner: Arc<CognitoClient>,
}

fn seconds(name: &str, value: Option<f64>) -> PyResult<Option<Duration>> {
    value
        .map(|s| {
            Duration::try_from_secs_f64(s)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| {
                    PyValueError::new_err(format!("{name} must be a positive number of seconds"))
                })
        })
        .transpose()
}

impl CoreClient {
    fn call<Fut>(&self, f: impl FnOnce(Arc<CognitoClient>) -> Fut) -> PendingCall
    where
        Fut: Future<Output = Result<Value>> + Send + 'static,
    {
        PendingCall::new(f(self.inner.clone()))
    }
}

#[pymethods]
impl CoreClient {
    #[new]
    #[pyo3(signature = (
        user_pool_id, client_id, client_secret=None, *, region=None, endpoint_url=None,
        access_key=None, secret_key=None, session_token=None,
        connect_timeout=None, read_timeout=None, operation_timeout=None, max_attempts=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        user_pool_id: &str,
        client_id: &str,
        client_secret: Option<&str>,
        region: Option<&str>,
        endpoint_url: Option<&str>,
        access_key: Option<String>,
        secret_key: Option<String>,
        session_token: Option<String>,
        connect_timeout: Option<f64>,
        read_timeout: Option<f64>,
        operation_timeout: Option<f64>,
        max_attempts: Option<u32>,
    ) -> PyResult<Self> {
        let mut config =
            ClientConfig::new(user_pool_id, client_id, client_secret, region, endpoint_url)
                .map_err(PyValueError::new_err)?;
        config.keys = match (access_key, secret_key) {
            (Some(access_key_id), Some(secret_access_key)) => Some(StaticKeys {
                access_key_id,
                secret_access_key,
                session_token,
            }),
            (None, None) => None,
            _ => {
                return Err(PyValueError::new_err(
                    "access_key and secret_key must be given together",
                ));
            }
        };
        if let Some(d) = seconds("connect_timeout", connect_timeout)? {
            config.connect_timeout = d;
        }
        if let Some(d) = seconds("operation_timeout", operation_timeout)? {
            config.operation_timeout = d;
        }
        config.read_timeout = seconds("read_timeout", read_timeout)?;
        if let Some(n) = max_attempts {
            if n == 0 {
                return Err(PyValueError::new_err("max_attempts must be at least 1"));
            }
            config.max_attempts = n;
        }
        Ok(CoreClient {
            inner: Arc::new(CognitoClient::new(config)),
        })
    }

    #[getter]
    fn user_pool_id(&self) -> &str {
        &self.inner.config().user_pool_id
    }
    #[getter]
    fn client_id(&self) -> &str {
        &self.inner.config().client_id
    }
    #[getter]
    fn region(&self) -> &str {
        &self.inner.config().region
    }
    #[getter]
    fn endpoint_url(&self) -> Option<&str> {
        self.inner.config().endpoint_url.as_deref()
    }
    #[getter]
    fn has_secret(&self) -> bool {
        self.inner.config().client_secret.is_some()
    }
    #[getter]
    fn is_open(&self) -> bool {
        self.inner.is_open()
    }

    /// SECRET_HASH for `username` with this client's id and secret (empty secret if none).
    fn secret_hash(&self, username: &str) -> String {
        let c = self.inner.config();
        fastcognito_core::secret_hash::secret_hash(
            username,
            &c.client_id,
            c.client_secret.as_deref().unwrap_or(""),
        )
    }

    /// Drops the connection pool; the next call opens a new one.
    fn close(&self) {
        self.inner.close();
    }

    fn __repr__(&self) -> String {
        let c = self.inner.config();
        format!(
            "CoreClient(user_pool_id={:?}, client_id={:?}, region={:?}, endpoint_url={:?})",
            c.user_pool_id, c.client_id, c.region, c.endpoint_url
        )
    }

    // ---- authentication -------------------------------------------------------------
    #[pyo3(signature = (flow, params, hash_for=None))]
    fn initiate_auth(&self, flow: String, params: Params, hash_for: Option<String>) -> PendingCall {
        self.call(|c| async move { c.initiate_auth(&flow, params, hash_for.as_deref()).await })
    }
    #[pyo3(signature = (flow, params, hash_for=None))]
    fn admin_initiate_auth(
        &self,
        flow: String,
        params: Params,
        hash_for: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.admin_initiate_auth(&flow, params, hash_for.as_deref())
                .await
        })
    }
    #[pyo3(signature = (challenge, responses, session=None, hash_for=None))]
    fn respond_to_auth_challenge(
        &self,
        challenge: String,
        responses: Params,
        session: Option<String>,
        hash_for: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.respond_to_auth_challenge(
                &challenge,
                responses,
                session.as_deref(),
                hash_for.as_deref(),
            )
            .await
        })
    }
    #[pyo3(signature = (challenge, responses, session=None, hash_for=None))]
    fn admin_respond_to_auth_challenge(
        &self,
        challenge: String,
        responses: Params,
        session: Option<String>,
        hash_for: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.admin_respond_to_auth_challenge(
                &challenge,
                responses,
                session.as_deref(),
                hash_for.as_deref(),
            )
            .await
        })
    }

    // ---- sign-up and password recovery ----------------------------------------------
    #[pyo3(signature = (username, password, attributes, validation_data, hash_for=None))]
    fn sign_up(
        &self,
        username: String,
        password: String,
        attributes: Pairs,
        validation_data: Pairs,
        hash_for: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.sign_up(
                &username,
                &password,
                attributes,
                validation_data,
                hash_for.as_deref(),
            )
            .await
        })
    }
    #[pyo3(signature = (username, code, hash_for=None))]
    fn confirm_sign_up(
        &self,
        username: String,
        code: String,
        hash_for: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.confirm_sign_up(&username, &code, hash_for.as_deref())
                .await
        })
    }
    #[pyo3(signature = (username, hash_for=None))]
    fn resend_confirmation_code(&self, username: String, hash_for: Option<String>) -> PendingCall {
        self.call(|c| async move {
            c.resend_confirmation_code(&username, hash_for.as_deref())
                .await
        })
    }
    #[pyo3(signature = (username, hash_for=None))]
    fn forgot_password(&self, username: String, hash_for: Option<String>) -> PendingCall {
        self.call(|c| async move { c.forgot_password(&username, hash_for.as_deref()).await })
    }
    #[pyo3(signature = (username, code, password, hash_for=None))]
    fn confirm_forgot_password(
        &self,
        username: String,
        code: String,
        password: String,
        hash_for: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.confirm_forgot_password(&username, &code, &password, hash_for.as_deref())
                .await
        })
    }

    // ---- the signed-in user ---------------------------------------------------------
    fn get_user(&self, access_token: String) -> PendingCall {
        self.call(|c| async move { c.get_user(&access_token).await })
    }
    fn delete_user(&self, access_token: String) -> PendingCall {
        self.call(|c| async move { c.delete_user(&access_token).await })
    }
    fn change_password(
        &self,
        previous: String,
        proposed: String,
        access_token: String,
    ) -> PendingCall {
        self.call(|c| async move { c.change_password(&previous, &proposed, &access_token).await })
    }
    fn revoke_token(&self, token: String) -> PendingCall {
        self.call(|c| async move { c.revoke_token(&token).await })
    }

    #[pyo3(signature = (access_token, attributes))]
    fn update_user_attributes(&self, access_token: String, attributes: Pairs) -> PendingCall {
        self.call(|c| async move { c.update_user_attributes(&access_token, attributes).await })
    }
    fn global_sign_out(&self, access_token: String) -> PendingCall {
        self.call(|c| async move { c.global_sign_out(&access_token).await })
    }
    fn get_user_attribute_verification_code(
        &self,
        access_token: String,
        attribute: String,
    ) -> PendingCall {
        self.call(|c| async move {
            c.get_user_attribute_verification_code(&access_token, &attribute)
                .await
        })
    }
    fn verify_user_attribute(
        &self,
        access_token: String,
        attribute: String,
        code: String,
    ) -> PendingCall {
        self.call(|c| async move {
            c.verify_user_attribute(&access_token, &attribute, &code)
                .await
        })
    }
    #[pyo3(signature = (access_token=None, session=None))]
    fn associate_software_token(
        &self,
        access_token: Option<String>,
        session: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.associate_software_token(access_token.as_deref(), session.as_deref())
                .await
        })
    }
    #[pyo3(signature = (code, access_token=None, session=None, device_name=None))]
    fn verify_software_token(
        &self,
        code: String,
        access_token: Option<String>,
        session: Option<String>,
        device_name: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.verify_software_token(
                access_token.as_deref(),
                session.as_deref(),
                &code,
                device_name.as_deref(),
            )
            .await
        })
    }
    /// Each factor is None (unchanged) or (enabled, preferred).
    #[pyo3(signature = (access_token, sms=None, software_token=None))]
    fn set_user_mfa_preference(
        &self,
        access_token: String,
        sms: Option<(bool, bool)>,
        software_token: Option<(bool, bool)>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.set_user_mfa_preference(&access_token, sms, software_token)
                .await
        })
    }

    // ---- SRP and token verification ------------------------------------------------
    /// USER_SRP_AUTH then PASSWORD_VERIFIER; the big-number work runs with the GIL released.
    fn srp_authenticate(
        &self,
        username: String,
        password: String,
        with_secret_hash: bool,
    ) -> PendingCall {
        self.call(|c| async move {
            c.srp_authenticate(&username, &password, with_secret_hash)
                .await
        })
    }
    /// Verifies an "id" or "access" token; resolves to its claims.
    #[pyo3(signature = (token, token_use, issuer=None))]
    fn verify_token(
        &self,
        token: String,
        token_use: String,
        issuer: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move { c.verify_token(&token, &token_use, issuer.as_deref()).await })
    }
    /// Verifies at once with the cached keys (GIL released); None when the keys must first be
    /// fetched, which `verify_token` does.
    #[pyo3(signature = (token, token_use, issuer=None))]
    fn verify_cached<'py>(
        &self,
        py: Python<'py>,
        token: &str,
        token_use: &str,
        issuer: Option<&str>,
    ) -> PyResult<Option<Bound<'py, PyAny>>> {
        let inner = self.inner.clone();
        match py.detach(|| inner.verify_cached(token, token_use, issuer)) {
            None => Ok(None),
            Some(Ok(claims)) => crate::convert::value_to_py(py, claims).map(Some),
            Some(Err(e)) => Err(crate::errors::to_pyerr(py, e)),
        }
    }

    /// The pool's JWKS document (from COGNITO_JWKS or fetched); refreshes the key cache.
    fn jwks_document(&self) -> PendingCall {
        self.call(|c| async move { c.jwks_document().await })
    }
    #[getter]
    fn default_issuer(&self) -> String {
        self.inner.default_issuer()
    }
    #[getter]
    fn jwks_url(&self) -> String {
        self.inner.jwks_url()
    }

    // ---- admin: users ---------------------------------------------------------------
    fn admin_get_user(&self, username: String) -> PendingCall {
        self.call(|c| async move { c.admin_get_user(&username).await })
    }
    fn admin_delete_user(&self, username: String) -> PendingCall {
        self.call(|c| async move { c.admin_delete_user(&username).await })
    }
    fn admin_confirm_sign_up(&self, username: String) -> PendingCall {
        self.call(|c| async move { c.admin_confirm_sign_up(&username).await })
    }
    fn admin_disable_user(&self, username: String) -> PendingCall {
        self.call(|c| async move { c.admin_disable_user(&username).await })
    }
    fn admin_enable_user(&self, username: String) -> PendingCall {
        self.call(|c| async move { c.admin_enable_user(&username).await })
    }
    fn admin_reset_user_password(&self, username: String) -> PendingCall {
        self.call(|c| async move { c.admin_reset_user_password(&username).await })
    }
    fn admin_user_global_sign_out(&self, username: String) -> PendingCall {
        self.call(|c| async move { c.admin_user_global_sign_out(&username).await })
    }
    #[pyo3(signature = (
        username, attributes, force_alias_creation=None, message_action=None,
        desired_delivery_mediums=None, temporary_password=None,
    ))]
    fn admin_create_user(
        &self,
        username: String,
        attributes: Pairs,
        force_alias_creation: Option<bool>,
        message_action: Option<String>,
        desired_delivery_mediums: Option<Vec<String>>,
        temporary_password: Option<String>,
    ) -> PendingCall {
        let args = CreateUser {
            attributes,
            force_alias_creation,
            message_action,
            desired_delivery_mediums,
            temporary_password,
        };
        self.call(|c| async move { c.admin_create_user(&username, args).await })
    }
    fn admin_set_user_password(
        &self,
        username: String,
        password: String,
        permanent: bool,
    ) -> PendingCall {
        self.call(|c| async move {
            c.admin_set_user_password(&username, &password, permanent)
                .await
        })
    }
    fn admin_update_user_attributes(&self, username: String, attributes: Pairs) -> PendingCall {
        self.call(|c| async move { c.admin_update_user_attributes(&username, attributes).await })
    }
    #[pyo3(signature = (attributes_to_get=None, limit=None, pagination_token=None, filter=None))]
    fn list_users(
        &self,
        attributes_to_get: Option<Vec<String>>,
        limit: Option<i32>,
        pagination_token: Option<String>,
        filter: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.list_users(attributes_to_get, limit, pagination_token, filter)
                .await
        })
    }
    #[pyo3(signature = (group_name, limit=None, next_token=None))]
    fn list_users_in_group(
        &self,
        group_name: String,
        limit: Option<i32>,
        next_token: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move { c.list_users_in_group(&group_name, limit, next_token).await })
    }

    // ---- admin: groups --------------------------------------------------------------
    #[pyo3(signature = (group_name, description=None, role_arn=None, precedence=None))]
    fn create_group(
        &self,
        group_name: String,
        description: Option<String>,
        role_arn: Option<String>,
        precedence: Option<i32>,
    ) -> PendingCall {
        let fields = GroupFields {
            description,
            role_arn,
            precedence,
        };
        self.call(|c| async move { c.create_group(&group_name, fields).await })
    }
    #[pyo3(signature = (group_name, description=None, role_arn=None, precedence=None))]
    fn update_group(
        &self,
        group_name: String,
        description: Option<String>,
        role_arn: Option<String>,
        precedence: Option<i32>,
    ) -> PendingCall {
        let fields = GroupFields {
            description,
            role_arn,
            precedence,
        };
        self.call(|c| async move { c.update_group(&group_name, fields).await })
    }
    fn get_group(&self, group_name: String) -> PendingCall {
        self.call(|c| async move { c.get_group(&group_name).await })
    }
    fn delete_group(&self, group_name: String) -> PendingCall {
        self.call(|c| async move { c.delete_group(&group_name).await })
    }
    #[pyo3(signature = (limit=None, next_token=None))]
    fn list_groups(&self, limit: Option<i32>, next_token: Option<String>) -> PendingCall {
        self.call(|c| async move { c.list_groups(limit, next_token).await })
    }
    fn admin_add_user_to_group(&self, username: String, group_name: String) -> PendingCall {
        self.call(|c| async move { c.admin_add_user_to_group(&username, &group_name).await })
    }
    fn admin_remove_user_from_group(&self, username: String, group_name: String) -> PendingCall {
        self.call(|c| async move { c.admin_remove_user_from_group(&username, &group_name).await })
    }
    #[pyo3(signature = (username, limit=None, next_token=None))]
    fn admin_list_groups_for_user(
        &self,
        username: String,
        limit: Option<i32>,
        next_token: Option<String>,
    ) -> PendingCall {
        self.call(|c| async move {
            c.admin_list_groups_for_user(&username, limit, next_token)
                .await
        })
    }
}
