//! What the operations return: a small set of plain Rust types, built from the SDK's outputs.
//! Absent members stay `None` (botocore omits them); the binding names the members.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::operation::{
    admin_initiate_auth::AdminInitiateAuthOutput,
    admin_respond_to_auth_challenge::AdminRespondToAuthChallengeOutput,
    initiate_auth::InitiateAuthOutput, respond_to_auth_challenge::RespondToAuthChallengeOutput,
};
use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthenticationResultType, CodeDeliveryDetailsType, GroupType,
    NewDeviceMetadataType, UserType,
};
pub use aws_smithy_types::DateTime;

/// One user attribute (`email`, `custom:x`, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: String,
    pub value: Option<String>,
}

/// A user, from a list (UserType) or from AdminGetUser / GetUser, which say more or less.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct User {
    pub username: Option<String>,
    pub attributes: Vec<Attribute>,
    pub create_date: Option<DateTime>,
    pub last_modified_date: Option<DateTime>,
    pub enabled: Option<bool>,
    pub status: Option<String>,
    pub preferred_mfa_setting: Option<String>,
    /// AdminGetUser's `UserMFASettingList` (present, maybe empty); None elsewhere.
    pub mfa_setting_list: Option<Vec<String>>,
}

/// What AdminGetUser and GetUser return: a [`User`] whose attributes are `UserAttributes`.
#[derive(Debug, Clone, PartialEq)]
pub struct UserDetails(pub User);

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Group {
    pub group_name: Option<String>,
    pub user_pool_id: Option<String>,
    pub description: Option<String>,
    pub role_arn: Option<String>,
    pub precedence: Option<i32>,
    pub last_modified_date: Option<DateTime>,
    pub creation_date: Option<DateTime>,
}

/// Where a confirmation or verification code was sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CodeDelivery {
    pub destination: Option<String>,
    pub delivery_medium: Option<String>,
    pub attribute_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DeviceMetadata {
    pub device_key: Option<String>,
    pub device_group_key: Option<String>,
}

/// The tokens of a completed sign-in (`AuthenticationResult`).
#[derive(Debug, Clone, PartialEq)]
pub struct AuthTokens {
    pub access_token: Option<String>,
    pub expires_in: i32,
    pub token_type: Option<String>,
    pub refresh_token: Option<String>,
    pub id_token: Option<String>,
    pub new_device_metadata: Option<DeviceMetadata>,
}

/// The answer of InitiateAuth and RespondToAuthChallenge (admin or not): tokens, or the
/// next challenge with its session and parameters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuthOutcome {
    pub challenge_name: Option<String>,
    pub session: Option<String>,
    pub challenge_parameters: Option<BTreeMap<String, String>>,
    pub result: Option<AuthTokens>,
    /// USER_AUTH: the first factors the user may choose from (SELECT_CHALLENGE).
    pub available_challenges: Vec<String>,
}

impl AuthOutcome {
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.challenge_parameters
            .as_ref()?
            .get(name)
            .map(String::as_str)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SignUpResult {
    pub user_confirmed: bool,
    pub code_delivery: Option<CodeDelivery>,
    pub user_sub: String,
}

/// A response whose one member is a `T` (`{"Group": ...}`, `{"CodeDeliveryDetails": ...}`).
#[derive(Debug, Clone, PartialEq)]
pub struct Single<T>(pub Option<T>);

/// A response whose one member is a list of `T` (`{"CodeDeliveryDetailsList": [...]}`).
#[derive(Debug, Clone, PartialEq)]
pub struct List<T>(pub Vec<T>);

/// What the token for the next page is called in a paged response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenName {
    NextToken,
    /// ListUsers'.
    PaginationToken,
}

/// One page of a list, and the token for the next page (None on the last).
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
    pub token_name: TokenName,
}

/// AssociateSoftwareToken's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftwareTokenSecret {
    pub secret_code: Option<String>,
    pub session: Option<String>,
}

/// VerifySoftwareToken's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct SoftwareTokenStatus {
    pub status: Option<String>,
    pub session: Option<String>,
}

impl From<&AttributeType> for Attribute {
    fn from(a: &AttributeType) -> Self {
        Attribute {
            name: a.name().to_owned(),
            value: a.value().map(str::to_owned),
        }
    }
}

pub(crate) fn attributes(attrs: &[AttributeType]) -> Vec<Attribute> {
    attrs.iter().map(Attribute::from).collect()
}

impl From<&UserType> for User {
    fn from(u: &UserType) -> Self {
        User {
            username: u.username().map(str::to_owned),
            attributes: attributes(u.attributes()),
            create_date: u.user_create_date().copied(),
            last_modified_date: u.user_last_modified_date().copied(),
            enabled: Some(u.enabled()),
            status: u.user_status().map(|s| s.as_str().to_owned()),
            ..User::default()
        }
    }
}

impl From<&GroupType> for Group {
    fn from(g: &GroupType) -> Self {
        Group {
            group_name: g.group_name().map(str::to_owned),
            user_pool_id: g.user_pool_id().map(str::to_owned),
            description: g.description().map(str::to_owned),
            role_arn: g.role_arn().map(str::to_owned),
            precedence: g.precedence(),
            last_modified_date: g.last_modified_date().copied(),
            creation_date: g.creation_date().copied(),
        }
    }
}

impl From<&CodeDeliveryDetailsType> for CodeDelivery {
    fn from(d: &CodeDeliveryDetailsType) -> Self {
        CodeDelivery {
            destination: d.destination().map(str::to_owned),
            delivery_medium: d.delivery_medium().map(|m| m.as_str().to_owned()),
            attribute_name: d.attribute_name().map(str::to_owned),
        }
    }
}

impl From<&NewDeviceMetadataType> for DeviceMetadata {
    fn from(d: &NewDeviceMetadataType) -> Self {
        DeviceMetadata {
            device_key: d.device_key().map(str::to_owned),
            device_group_key: d.device_group_key().map(str::to_owned),
        }
    }
}

impl From<&AuthenticationResultType> for AuthTokens {
    fn from(r: &AuthenticationResultType) -> Self {
        AuthTokens {
            access_token: r.access_token().map(str::to_owned),
            expires_in: r.expires_in(),
            token_type: r.token_type().map(str::to_owned),
            refresh_token: r.refresh_token().map(str::to_owned),
            id_token: r.id_token().map(str::to_owned),
            new_device_metadata: r.new_device_metadata().map(DeviceMetadata::from),
        }
    }
}

/// The four auth outputs have the same members: one conversion for all.
macro_rules! auth_outcome_from {
    ($($output:ty),* $(,)?) => {$(
        impl From<&$output> for AuthOutcome {
            fn from(o: &$output) -> Self {
                AuthOutcome {
                    challenge_name: o.challenge_name().map(|c| c.as_str().to_owned()),
                    session: o.session().map(str::to_owned),
                    challenge_parameters: o
                        .challenge_parameters()
                        .map(|p| p.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                    result: o.authentication_result().map(AuthTokens::from),
                    available_challenges: o
                        .available_challenges()
                        .iter()
                        .map(|c| c.as_str().to_owned())
                        .collect(),
                }
            }
        }
    )*};
}

auth_outcome_from!(
    InitiateAuthOutput,
    AdminInitiateAuthOutput,
    RespondToAuthChallengeOutput,
    AdminRespondToAuthChallengeOutput,
);

impl<T> Page<T> {
    /// A page whose token is `NextToken` (every list but ListUsers).
    pub(crate) fn next(items: Vec<T>, next_token: Option<&str>) -> Self {
        Page {
            items,
            next_token: next_token.map(str::to_owned),
            token_name: TokenName::NextToken,
        }
    }
}
