//! Cognito operations, one file per area. Each is an `async fn` on [`CognitoClient`] that
//! returns a [`Value`] shaped like the boto3 response (absent members omitted).

pub mod admin_users;
pub mod auth;
pub mod groups;
pub mod sign_up;
pub mod srp_auth;
pub mod tokens;
pub mod user;

use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, AuthenticationResultType, CodeDeliveryDetailsType, GroupType, UserType,
};

use crate::error::{Error, Result};
use crate::{CognitoClient, Value};

impl CognitoClient {
    /// SECRET_HASH keyed on `username`, when the caller asked for one.
    fn hash_for(&self, username: Option<&str>) -> Option<String> {
        let c = self.config();
        username.map(|u| {
            crate::secret_hash::secret_hash(
                u,
                &c.client_id,
                c.client_secret.as_deref().unwrap_or(""),
            )
        })
    }
}

/// `[(name, value)]` pairs as the SDK's attribute list.
pub(crate) fn to_attributes(pairs: Vec<(String, String)>) -> Result<Vec<AttributeType>> {
    pairs
        .into_iter()
        .map(|(name, value)| {
            AttributeType::builder()
                .name(name)
                .value(value)
                .build()
                .map_err(|e| Error::invalid_argument(e.to_string()))
        })
        .collect()
}

pub(crate) fn attributes_value(attrs: &[AttributeType]) -> Value {
    Value::List(
        attrs
            .iter()
            .map(|a| {
                Value::map()
                    .with("Name", a.name())
                    .with_opt("Value", a.value())
            })
            .collect(),
    )
}

pub(crate) fn user_value(u: &UserType) -> Value {
    Value::map()
        .with_opt("Username", u.username())
        .with("Attributes", attributes_value(u.attributes()))
        .with_opt("UserCreateDate", u.user_create_date())
        .with_opt("UserLastModifiedDate", u.user_last_modified_date())
        .with("Enabled", u.enabled())
        .with_opt("UserStatus", u.user_status().map(|s| s.as_str()))
}

pub(crate) fn group_value(g: &GroupType) -> Value {
    Value::map()
        .with_opt("GroupName", g.group_name())
        .with_opt("UserPoolId", g.user_pool_id())
        .with_opt("Description", g.description())
        .with_opt("RoleArn", g.role_arn())
        .with_opt("Precedence", g.precedence())
        .with_opt("LastModifiedDate", g.last_modified_date())
        .with_opt("CreationDate", g.creation_date())
}

pub(crate) fn code_delivery_value(d: &CodeDeliveryDetailsType) -> Value {
    Value::map()
        .with_opt("Destination", d.destination())
        .with_opt("DeliveryMedium", d.delivery_medium().map(|m| m.as_str()))
        .with_opt("AttributeName", d.attribute_name())
}

pub(crate) fn auth_result_value(r: &AuthenticationResultType) -> Value {
    Value::map()
        .with_opt("AccessToken", r.access_token())
        .with("ExpiresIn", r.expires_in())
        .with_opt("TokenType", r.token_type())
        .with_opt("RefreshToken", r.refresh_token())
        .with_opt("IdToken", r.id_token())
}

/// Sends a request built by an SDK fluent builder and maps its error.
macro_rules! send {
    ($op:literal, $req:expr) => {
        $req.send()
            .await
            .map_err(|e| $crate::error::Error::from_sdk($op, e))
    };
}
pub(crate) use send;
