//! Core results to Python objects (errors: see `errors`): every result type is turned into the dict
//! boto3 would have returned (its member names, absent members left out) here and only here.

use std::collections::BTreeMap;

use fastcognito_core::ops::auth_events::{AuthEvent, EventContext, EventFeedback, EventRisk};
use fastcognito_core::ops::devices::{ConfirmedDevice, Device};
use fastcognito_core::ops::factors::AuthFactors;
use fastcognito_core::ops::webauthn::WebAuthnCredential;
use fastcognito_core::serde_json;
use fastcognito_core::types::{
    Attribute, AuthOutcome, AuthTokens, CodeDelivery, DateTime, DeviceMetadata, Group, List, Page,
    SignUpResult, Single, SoftwareTokenSecret, SoftwareTokenStatus, TokenName, User, UserDetails,
};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

/// A core result on its way to Python.
pub trait ToPy {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>>;
}

/// [`ToPy`] for a boxed result of any type (what a [`crate::pending::PendingCall`] holds).
pub trait BoxedToPy: Send {
    fn boxed_to_py(self: Box<Self>, py: Python<'_>) -> PyResult<Bound<'_, PyAny>>;
}

impl<T: ToPy + Send> BoxedToPy for T {
    fn boxed_to_py(self: Box<Self>, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        (*self).to_py(py)
    }
}

/// A boxed result handed to pyo3-async-runtimes, which converts it once the GIL is held.
pub struct Converted(pub Box<dyn BoxedToPy>);

impl<'py> IntoPyObject<'py> for Converted {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.0.boxed_to_py(py)
    }
}

/// A dict under construction: `set` always, `opt` only when present (as botocore omits
/// absent members).
struct Dict<'py>(Bound<'py, PyDict>);

impl<'py> Dict<'py> {
    fn new(py: Python<'py>) -> Self {
        Dict(PyDict::new(py))
    }
    fn set(self, key: &str, value: impl ToPy) -> PyResult<Self> {
        let py = self.0.py();
        self.0.set_item(key, value.to_py(py)?)?;
        Ok(self)
    }
    fn opt(self, key: &str, value: Option<impl ToPy>) -> PyResult<Self> {
        match value {
            Some(v) => self.set(key, v),
            None => Ok(self),
        }
    }
    fn done(self) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.0.into_any())
    }
}

macro_rules! plain_to_py {
    ($($t:ty),*) => {$(
        impl ToPy for $t {
            fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
                Ok(self.into_pyobject(py)?.to_owned().into_any())
            }
        }
    )*};
}
plain_to_py!(bool, i32, i64, f64, String);

impl ToPy for () {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Ok(py.None().into_bound(py))
    }
}

impl<T: ToPy> ToPy for Option<T> {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        match self {
            Some(v) => v.to_py(py),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

impl<T: ToPy> ToPy for Vec<T> {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let list = PyList::empty(py);
        for item in self {
            list.append(item.to_py(py)?)?;
        }
        Ok(list.into_any())
    }
}

impl ToPy for BTreeMap<String, String> {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let dict = PyDict::new(py);
        for (k, v) in self {
            dict.set_item(k, v)?;
        }
        Ok(dict.into_any())
    }
}

/// JSON (JWT claims, the JWKS document): integers stay exact.
impl ToPy for serde_json::Value {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        use serde_json::Value as J;
        match self {
            J::Null => ().to_py(py),
            J::Bool(b) => b.to_py(py),
            J::Number(n) => match n.as_i64() {
                Some(i) => i.to_py(py),
                None => n.as_f64().unwrap_or(f64::NAN).to_py(py),
            },
            J::String(s) => s.to_py(py),
            J::Array(items) => items.to_py(py),
            J::Object(map) => map.to_py(py),
        }
    }
}

impl ToPy for serde_json::Map<String, serde_json::Value> {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let dict = PyDict::new(py);
        for (k, v) in self {
            dict.set_item(k, v.to_py(py)?)?;
        }
        Ok(dict.into_any())
    }
}

static FROM_TIMESTAMP: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static UTC: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// An aware `datetime` in UTC (botocore returns aware datetimes too).
impl ToPy for DateTime {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let from_ts = FROM_TIMESTAMP.import(py, "datetime", "datetime")?;
        let from_ts = from_ts.getattr("fromtimestamp")?;
        let utc = UTC.import(py, "datetime", "timezone")?.getattr("utc")?;
        from_ts.call1((self.as_secs_f64(), utc))
    }
}

impl ToPy for Attribute {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .set("Name", self.name)?
            .opt("Value", self.value)?
            .done()
    }
}

/// A user: in lists its attributes are `Attributes`, from AdminGetUser/GetUser `UserAttributes`.
fn user_dict<'py>(py: Python<'py>, u: User, attributes_key: &str) -> PyResult<Bound<'py, PyAny>> {
    Dict::new(py)
        .opt("Username", u.username)?
        .set(attributes_key, u.attributes)?
        .opt("UserCreateDate", u.create_date)?
        .opt("UserLastModifiedDate", u.last_modified_date)?
        .opt("Enabled", u.enabled)?
        .opt("UserStatus", u.status)?
        .opt("PreferredMfaSetting", u.preferred_mfa_setting)?
        .opt("UserMFASettingList", u.mfa_setting_list)?
        .done()
}

impl ToPy for User {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        user_dict(py, self, "Attributes")
    }
}

impl ToPy for UserDetails {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        user_dict(py, self.0, "UserAttributes")
    }
}

impl ToPy for Group {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("GroupName", self.group_name)?
            .opt("UserPoolId", self.user_pool_id)?
            .opt("Description", self.description)?
            .opt("RoleArn", self.role_arn)?
            .opt("Precedence", self.precedence)?
            .opt("LastModifiedDate", self.last_modified_date)?
            .opt("CreationDate", self.creation_date)?
            .done()
    }
}

impl ToPy for CodeDelivery {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("Destination", self.destination)?
            .opt("DeliveryMedium", self.delivery_medium)?
            .opt("AttributeName", self.attribute_name)?
            .done()
    }
}

impl ToPy for DeviceMetadata {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("DeviceKey", self.device_key)?
            .opt("DeviceGroupKey", self.device_group_key)?
            .done()
    }
}

impl ToPy for AuthTokens {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("AccessToken", self.access_token)?
            .set("ExpiresIn", self.expires_in)?
            .opt("TokenType", self.token_type)?
            .opt("RefreshToken", self.refresh_token)?
            .opt("IdToken", self.id_token)?
            .opt("NewDeviceMetadata", self.new_device_metadata)?
            .done()
    }
}

impl ToPy for AuthOutcome {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("ChallengeName", self.challenge_name)?
            .opt("Session", self.session)?
            .opt("ChallengeParameters", self.challenge_parameters)?
            .opt("AuthenticationResult", self.result)?
            .opt(
                "AvailableChallenges",
                Some(self.available_challenges).filter(|c| !c.is_empty()),
            )?
            .done()
    }
}

impl ToPy for SignUpResult {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .set("UserConfirmed", self.user_confirmed)?
            .opt("CodeDeliveryDetails", self.code_delivery)?
            .set("UserSub", self.user_sub)?
            .done()
    }
}

impl ToPy for SoftwareTokenSecret {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("SecretCode", self.secret_code)?
            .opt("Session", self.session)?
            .done()
    }
}

impl ToPy for SoftwareTokenStatus {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("Status", self.status)?
            .opt("Session", self.session)?
            .done()
    }
}

/// The member names of a type that responses hold one or a list of.
trait Member: ToPy {
    const ONE: &'static str;
    const MANY: &'static str;
}
impl Member for User {
    const ONE: &'static str = "User";
    const MANY: &'static str = "Users";
}
impl Member for Group {
    const ONE: &'static str = "Group";
    const MANY: &'static str = "Groups";
}
impl Member for CodeDelivery {
    const ONE: &'static str = "CodeDeliveryDetails";
    const MANY: &'static str = "CodeDeliveryDetailsList";
}

impl<T: Member> ToPy for Single<T> {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py).opt(T::ONE, self.0)?.done()
    }
}

impl<T: Member> ToPy for List<T> {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py).set(T::MANY, self.0)?.done()
    }
}

impl<T: Member> ToPy for Page<T> {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let token = match self.token_name {
            TokenName::NextToken => "NextToken",
            TokenName::PaginationToken => "PaginationToken",
        };
        Dict::new(py)
            .set(T::MANY, self.items)?
            .opt(token, self.next_token)?
            .done()
    }
}

impl ToPy for WebAuthnCredential {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .set("CredentialId", self.credential_id)?
            .set("FriendlyCredentialName", self.friendly_credential_name)?
            .set("RelyingPartyId", self.relying_party_id)?
            .opt("AuthenticatorAttachment", self.authenticator_attachment)?
            .set("AuthenticatorTransports", self.authenticator_transports)?
            .set("CreatedAt", self.created_at)?
            .done()
    }
}
impl Member for WebAuthnCredential {
    const ONE: &'static str = "Credential";
    const MANY: &'static str = "Credentials";
}
impl ToPy for AuthFactors {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .set("Username", self.username)?
            .opt("PreferredMfaSetting", self.preferred_mfa_setting)?
            .set("UserMFASettingList", self.mfa_setting_list)?
            .set("ConfiguredUserAuthFactors", self.configured_factors)?
            .done()
    }
}

impl ToPy for Device {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("DeviceKey", self.device_key)?
            .set("DeviceAttributes", self.attributes)?
            .opt("DeviceCreateDate", self.create_date)?
            .opt("DeviceLastModifiedDate", self.last_modified_date)?
            .opt("DeviceLastAuthenticatedDate", self.last_authenticated_date)?
            .done()
    }
}
impl Member for Device {
    const ONE: &'static str = "Device";
    const MANY: &'static str = "Devices";
}
/// ConfirmDevice's answer with the device's keys and new password (which only the app keeps).
impl ToPy for ConfirmedDevice {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .set("DeviceKey", self.device_key)?
            .set("DeviceGroupKey", self.device_group_key)?
            .set("DevicePassword", self.device_password)?
            .set(
                "UserConfirmationNecessary",
                self.user_confirmation_necessary,
            )?
            .done()
    }
}
impl ToPy for EventRisk {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("RiskDecision", self.risk_decision)?
            .opt("RiskLevel", self.risk_level)?
            .opt(
                "CompromisedCredentialsDetected",
                self.compromised_credentials_detected,
            )?
            .done()
    }
}
impl ToPy for EventContext {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("IpAddress", self.ip_address)?
            .opt("DeviceName", self.device_name)?
            .opt("Timezone", self.timezone)?
            .opt("City", self.city)?
            .opt("Country", self.country)?
            .done()
    }
}
impl ToPy for EventFeedback {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .set("FeedbackValue", self.feedback_value)?
            .set("Provider", self.provider)?
            .opt("FeedbackDate", self.feedback_date)?
            .done()
    }
}
/// One `(ChallengeName, ChallengeResponse)` of an auth event.
struct ChallengeResponse(Option<String>, Option<String>);
impl ToPy for ChallengeResponse {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        Dict::new(py)
            .opt("ChallengeName", self.0)?
            .opt("ChallengeResponse", self.1)?
            .done()
    }
}
impl ToPy for AuthEvent {
    fn to_py(self, py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
        let responses: Vec<ChallengeResponse> = self
            .challenge_responses
            .into_iter()
            .map(|(name, response)| ChallengeResponse(name, response))
            .collect();
        Dict::new(py)
            .opt("EventId", self.event_id)?
            .opt("EventType", self.event_type)?
            .opt("CreationDate", self.creation_date)?
            .opt("EventResponse", self.event_response)?
            .opt("EventRisk", self.event_risk)?
            .set("ChallengeResponses", responses)?
            .opt("EventContextData", self.event_context)?
            .opt("EventFeedback", self.event_feedback)?
            .done()
    }
}
impl Member for AuthEvent {
    const ONE: &'static str = "AuthEvent";
    const MANY: &'static str = "AuthEvents";
}
