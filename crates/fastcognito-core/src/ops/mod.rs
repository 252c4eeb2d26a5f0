//! Cognito operations, one file per area. Each is an `async fn` on [`CognitoClient`] that takes
//! its arguments by value and returns one of the [`crate::types`].

pub mod admin_users;
pub mod auth;
pub mod auth_events;
pub mod device_srp;
pub mod devices;
pub mod factors;
pub mod groups;
pub mod refresh;
pub mod sign_up;
pub mod srp_auth;
pub mod tokens;
pub mod user;
pub mod webauthn;

use aws_sdk_cognitoidentityprovider::types::AttributeType;

use crate::CognitoClient;
use crate::error::{Error, Result};

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

impl CognitoClient {
    pub(crate) fn pool(&self) -> &str {
        &self.config().user_pool_id
    }
}

/// Sends a request built by an SDK fluent builder of `$client` and maps its error.
macro_rules! send {
    ($client:expr, $op:literal, $req:expr) => {
        $req.send()
            .await
            .map_err(|e| $crate::error::Error::from_sdk($op, &$client.config().endpoint(), e))
    };
}
pub(crate) use send;
