//! `CoreClient`: the Python face of [`CognitoClient`]. Each operation is one row of the
//! `operations!` table below, which writes its method: it returns a [`PendingCall`] and the
//! public Python classes decide whether to block on it or await it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use fastcognito_core::config::StaticKeys;
use fastcognito_core::jwt::Claims;
use fastcognito_core::ops::auth_events::AuthEvent;
use fastcognito_core::ops::devices::{ConfirmedDevice, Device};
use fastcognito_core::ops::factors::AuthFactors;
use fastcognito_core::ops::webauthn::WebAuthnCredential;
use fastcognito_core::serde_json;
use fastcognito_core::types::{
    AuthOutcome, CodeDelivery, Group, List, Page, SignUpResult, Single, SoftwareTokenSecret,
    SoftwareTokenStatus, User, UserDetails,
};
use fastcognito_core::{ClientConfig, CognitoClient, Result};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::context::{IntoCore, PyUserContext};
use crate::convert::ToPy;
use crate::pending::PendingCall;

type Pairs = Vec<(String, String)>;
type Params = HashMap<String, String>;
/// `fastcognito.UserContext`: sent as UserContextData or ContextData, as the operation takes.
type Context = Option<PyUserContext>;

#[pyclass(frozen, module = "fastcognito._core")]
pub struct CoreClient {
    inner: Arc<CognitoClient>,
}

/// A timeout argument: None, or a positive number of seconds.
pub(crate) fn seconds(name: &str, value: Option<f64>) -> PyResult<Option<Duration>> {
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
    fn call<T, Fut>(&self, f: impl FnOnce(Arc<CognitoClient>) -> Fut) -> PendingCall
    where
        T: ToPy + Send + 'static,
        Fut: Future<Output = Result<T>> + Send + 'static,
    {
        let client = self.inner.clone();
        // `f` only builds the call's future; nothing is sent until it is polled, after the turn.
        let call = f(client.clone());
        PendingCall::new(async move {
            let _turn = client.turn().await;
            call.await
        })
    }
}

/// `operations! { { hand-written methods } fn op(arg: Type, ...) -> Output; ... }`: one
/// `#[pymethods]` block (PyO3 allows one per class) with the hand-written methods and, for each
/// row, a method that starts `CognitoClient::op(args)` as a [`PendingCall`] resolving to
/// `Output` (checked here at compile time; `_core.pyi` names its dict shape).
macro_rules! operations {
    (
        { $($manual:tt)* }
        $(
            $(#[$meta:meta])*
            fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $out:ty;
        )*
    ) => {
        #[pymethods]
        impl CoreClient {
            $($manual)*
            $(
                $(#[$meta])*
                fn $name(&self, $($arg: $ty),*) -> PendingCall {
                    self.call(move |c| async move {
                        let out: Result<$out> = c.$name($($arg.into_core()),*).await;
                        out
                    })
                }
            )*
        }
    };
}

operations! {
{
    #[new]
    #[pyo3(signature = (
        user_pool_id, client_id, client_secret=None, *, region=None, endpoint_url=None,
        access_key=None, secret_key=None, session_token=None, send_secret_hash=None,
        connect_timeout=None, read_timeout=None, operation_timeout=None, max_attempts=None,
        profile_name=None,
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
        send_secret_hash: Option<bool>,
        connect_timeout: Option<f64>,
        read_timeout: Option<f64>,
        operation_timeout: Option<f64>,
        max_attempts: Option<u32>,
        profile_name: Option<String>,
    ) -> PyResult<Self> {
        let mut config =
            ClientConfig::new(user_pool_id, client_id, client_secret, region, endpoint_url)
                .map_err(PyValueError::new_err)?;
        if let Some(send) = send_secret_hash {
            config.send_secret_hash = send;
        }
        if profile_name.as_deref() == Some("") {
            return Err(PyValueError::new_err("profile_name must not be empty"));
        }
        config.profile_name = profile_name;
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
    fn is_open(&self) -> bool {
        self.inner.is_open()
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
            Some(Ok(claims)) => claims.to_py(py).map(Some),
            Some(Err(e)) => Err(crate::errors::to_pyerr(py, e)),
        }
    }
    /// The issuer tokens of this pool carry (`iss`), unless one is given.
    #[getter]
    fn default_issuer(&self) -> String {
        self.inner.config().default_issuer()
    }
}

    // ---- authentication: SECRET_HASH (when the client sends one) keyed on secret_hash_username
    #[pyo3(signature = (flow, params, secret_hash_username=None, client_metadata=None, context=None))]
    fn initiate_auth(
        flow: String, params: Params, secret_hash_username: Option<String>, client_metadata: Option<Params>,
        context: Context,
    ) -> AuthOutcome;
    #[pyo3(signature = (flow, params, secret_hash_username=None, client_metadata=None, context=None))]
    fn admin_initiate_auth(
        flow: String, params: Params, secret_hash_username: Option<String>, client_metadata: Option<Params>,
        context: Context,
    ) -> AuthOutcome;
    #[pyo3(signature = (challenge, responses, session=None, secret_hash_username=None, client_metadata=None, context=None))]
    fn respond_to_auth_challenge(
        challenge: String, responses: Params, session: Option<String>, secret_hash_username: Option<String>,
        client_metadata: Option<Params>, context: Context,
    ) -> AuthOutcome;
    #[pyo3(signature = (challenge, responses, session=None, secret_hash_username=None, client_metadata=None, context=None))]
    fn admin_respond_to_auth_challenge(
        challenge: String, responses: Params, session: Option<String>, secret_hash_username: Option<String>,
        client_metadata: Option<Params>, context: Context,
    ) -> AuthOutcome;
    /// USER_SRP_AUTH then PASSWORD_VERIFIER; the big-number work runs with the GIL released.
    #[pyo3(signature = (username, password, client_metadata=None, device_key=None, context=None))]
    fn srp_authenticate(
        username: String, password: String, client_metadata: Option<Params>, device_key: Option<String>,
        context: Context,
    ) -> AuthOutcome;

    // ---- sign-up and password recovery (SECRET_HASH keyed on the username); client_metadata
    // is Cognito's ClientMetadata, wherever the operation takes it
    #[pyo3(signature = (username, password, attributes, validation_data, client_metadata=None, context=None))]
    fn sign_up(
        username: String, password: String, attributes: Pairs, validation_data: Pairs, client_metadata: Option<Params>,
        context: Context,
    ) -> SignUpResult;
    #[pyo3(signature = (username, code, client_metadata=None, context=None))]
    fn confirm_sign_up(username: String, code: String, client_metadata: Option<Params>, context: Context) -> ();
    #[pyo3(signature = (username, client_metadata=None, context=None))]
    fn resend_confirmation_code(username: String, client_metadata: Option<Params>, context: Context) -> Single<CodeDelivery>;
    #[pyo3(signature = (username, client_metadata=None, context=None))]
    fn forgot_password(username: String, client_metadata: Option<Params>, context: Context) -> Single<CodeDelivery>;
    #[pyo3(signature = (username, code, password, client_metadata=None, context=None))]
    fn confirm_forgot_password(
        username: String, code: String, password: String, client_metadata: Option<Params>, context: Context,
    ) -> ();

    // ---- the signed-in user
    fn get_user(access_token: String) -> UserDetails;
    fn delete_user(access_token: String) -> ();
    fn change_password(previous: String, proposed: String, access_token: String) -> ();
    fn revoke_token(token: String) -> ();
    #[pyo3(signature = (access_token, attributes, client_metadata=None))]
    fn update_user_attributes(access_token: String, attributes: Pairs, client_metadata: Option<Params>) -> List<CodeDelivery>;
    fn global_sign_out(access_token: String) -> ();
    #[pyo3(signature = (access_token, attribute, client_metadata=None))]
    fn get_user_attribute_verification_code(
        access_token: String, attribute: String, client_metadata: Option<Params>,
    ) -> Single<CodeDelivery>;
    fn verify_user_attribute(access_token: String, attribute: String, code: String) -> ();
    #[pyo3(signature = (access_token=None, session=None))]
    fn associate_software_token(access_token: Option<String>, session: Option<String>) -> SoftwareTokenSecret;
    #[pyo3(signature = (code, access_token=None, session=None, device_name=None))]
    fn verify_software_token(
        code: String, access_token: Option<String>, session: Option<String>, device_name: Option<String>,
    ) -> SoftwareTokenStatus;
    /// Each factor is None (unchanged) or (enabled, preferred).
    #[pyo3(signature = (access_token, sms=None, software_token=None, email=None))]
    fn set_user_mfa_preference(
        access_token: String, sms: Option<(bool, bool)>, software_token: Option<(bool, bool)>,
        email: Option<(bool, bool)>,
    ) -> ();

    // ---- tokens
    /// Verifies an "id" or "access" token (fetching the keys if need be); its claims.
    #[pyo3(signature = (token, token_use, issuer=None))]
    fn verify_token(token: String, token_use: String, issuer: Option<String>) -> Claims;
    /// The pool's JWKS document (from COGNITO_JWKS or fetched); refreshes the key cache.
    fn jwks_document() -> serde_json::Value;

    // ---- admin: users
    fn admin_get_user(username: String) -> UserDetails;
    fn admin_delete_user(username: String) -> ();
    #[pyo3(signature = (username, client_metadata=None))]
    fn admin_confirm_sign_up(username: String, client_metadata: Option<Params>) -> ();
    fn admin_disable_user(username: String) -> ();
    fn admin_enable_user(username: String) -> ();
    #[pyo3(signature = (username, client_metadata=None))]
    fn admin_reset_user_password(username: String, client_metadata: Option<Params>) -> ();
    fn admin_user_global_sign_out(username: String) -> ();
    #[pyo3(signature = (
        username, attributes, force_alias_creation=None, message_action=None,
        desired_delivery_mediums=None, temporary_password=None, client_metadata=None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn admin_create_user(
        username: String, attributes: Pairs, force_alias_creation: Option<bool>,
        message_action: Option<String>, desired_delivery_mediums: Option<Vec<String>>,
        temporary_password: Option<String>, client_metadata: Option<Params>,
    ) -> Single<User>;
    #[pyo3(signature = (username, password, permanent=false))]
    fn admin_set_user_password(username: String, password: String, permanent: bool) -> ();
    #[pyo3(signature = (username, attributes, client_metadata=None))]
    fn admin_update_user_attributes(username: String, attributes: Pairs, client_metadata: Option<Params>) -> ();
    #[pyo3(signature = (attributes_to_get=None, limit=None, pagination_token=None, filter=None))]
    fn list_users(
        attributes_to_get: Option<Vec<String>>, limit: Option<i32>,
        pagination_token: Option<String>, filter: Option<String>,
    ) -> Page<User>;
    #[pyo3(signature = (group_name, limit=None, next_token=None))]
    fn list_users_in_group(group_name: String, limit: Option<i32>, next_token: Option<String>) -> Page<User>;

    // ---- admin: groups
    #[pyo3(signature = (group_name, description=None, role_arn=None, precedence=None))]
    fn create_group(
        group_name: String, description: Option<String>, role_arn: Option<String>, precedence: Option<i32>,
    ) -> Single<Group>;
    #[pyo3(signature = (group_name, description=None, role_arn=None, precedence=None))]
    fn update_group(
        group_name: String, description: Option<String>, role_arn: Option<String>, precedence: Option<i32>,
    ) -> Single<Group>;
    fn get_group(group_name: String) -> Single<Group>;
    fn delete_group(group_name: String) -> ();
    #[pyo3(signature = (limit=None, next_token=None))]
    fn list_groups(limit: Option<i32>, next_token: Option<String>) -> Page<Group>;
    fn admin_add_user_to_group(username: String, group_name: String) -> ();
    fn admin_remove_user_from_group(username: String, group_name: String) -> ();
    #[pyo3(signature = (username, limit=None, next_token=None))]
    fn admin_list_groups_for_user(username: String, limit: Option<i32>, next_token: Option<String>) -> Page<Group>;

    // ---- choice-based sign-in (USER_AUTH)
    /// PASSWORD_SRP chosen up front (no session) or through SELECT_CHALLENGE, then PASSWORD_VERIFIER.
    #[pyo3(signature = (username, password, session=None, client_metadata=None, device_key=None, context=None))]
    fn user_auth_password_srp(
        username: String, password: String, session: Option<String>, client_metadata: Option<Params>,
        device_key: Option<String>, context: Context,
    ) -> AuthOutcome;
    // ---- passkeys (WebAuthn); the credential goes as JSON text, the options come back as JSON
    fn start_web_authn_registration(access_token: String) -> serde_json::Value;
    fn complete_web_authn_registration(access_token: String, credential: String) -> ();
    #[pyo3(signature = (access_token, max_results=None, next_token=None))]
    fn list_web_authn_credentials(
        access_token: String, max_results: Option<i32>, next_token: Option<String>,
    ) -> Page<WebAuthnCredential>;
    fn delete_web_authn_credential(access_token: String, credential_id: String) -> ();
    // ---- refresh-token rotation, auth factors, admin MFA preference
    #[pyo3(signature = (refresh_token, client_metadata=None, device_key=None))]
    fn get_tokens_from_refresh_token(
        refresh_token: String, client_metadata: Option<Params>, device_key: Option<String>,
    ) -> AuthOutcome;
    fn get_user_auth_factors(access_token: String) -> AuthFactors;
    fn admin_get_user_auth_factors(username: String) -> AuthFactors;
    #[pyo3(signature = (username, sms=None, software_token=None, email=None))]
    fn admin_set_user_mfa_preference(
        username: String, sms: Option<(bool, bool)>, software_token: Option<(bool, bool)>,
        email: Option<(bool, bool)>,
    ) -> ();
    // ---- remembered devices; device SRP answers DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER
    #[pyo3(signature = (username, session, device_key, device_group_key, device_password, client_metadata=None, context=None))]
    #[allow(clippy::too_many_arguments)] // the members of two challenge answers, one call
    fn device_srp_auth(
        username: String, session: Option<String>, device_key: String, device_group_key: String,
        device_password: String, client_metadata: Option<Params>, context: Context,
    ) -> AuthOutcome;
    #[pyo3(signature = (username, session, device_key, device_group_key, device_password, client_metadata=None, context=None))]
    #[allow(clippy::too_many_arguments)] // the members of two challenge answers, one call
    fn admin_device_srp_auth(
        username: String, session: Option<String>, device_key: String, device_group_key: String,
        device_password: String, client_metadata: Option<Params>, context: Context,
    ) -> AuthOutcome;
    #[pyo3(signature = (access_token, device_key, device_group_key, device_name=None))]
    fn confirm_device(
        access_token: String, device_key: String, device_group_key: String, device_name: Option<String>,
    ) -> ConfirmedDevice;
    fn update_device_status(access_token: String, device_key: String, remembered: bool) -> ();
    fn admin_update_device_status(username: String, device_key: String, remembered: bool) -> ();
    #[pyo3(signature = (access_token, limit=None, pagination_token=None))]
    fn list_devices(access_token: String, limit: Option<i32>, pagination_token: Option<String>) -> Page<Device>;
    #[pyo3(signature = (username, limit=None, pagination_token=None))]
    fn admin_list_devices(username: String, limit: Option<i32>, pagination_token: Option<String>) -> Page<Device>;
    fn get_device(access_token: String, device_key: String) -> Single<Device>;
    fn admin_get_device(username: String, device_key: String) -> Single<Device>;
    fn forget_device(access_token: String, device_key: String) -> ();
    fn admin_forget_device(username: String, device_key: String) -> ();
    // ---- threat protection: auth events and their feedback (Valid/Invalid, any case)
    #[pyo3(signature = (username, max_results=None, next_token=None))]
    fn admin_list_user_auth_events(
        username: String, max_results: Option<i32>, next_token: Option<String>,
    ) -> Page<AuthEvent>;
    fn admin_update_auth_event_feedback(username: String, event_id: String, feedback: String) -> ();
    fn update_auth_event_feedback(
        username: String, event_id: String, feedback_token: String, feedback: String,
    ) -> ();
}
