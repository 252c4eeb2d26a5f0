//! Calls a signed-in user makes with their own access token.

use super::{attributes_value, send};
use crate::error::Result;
use crate::{CognitoClient, Value};

impl CognitoClient {
    pub async fn get_user(&self, access_token: &str) -> Result<Value> {
        let o = send!("GetUser", self.sdk().get_user().access_token(access_token))?;
        Ok(Value::map()
            .with("Username", o.username())
            .with("UserAttributes", attributes_value(o.user_attributes())))
    }

    pub async fn delete_user(&self, access_token: &str) -> Result<Value> {
        send!("DeleteUser", self.sdk().delete_user().access_token(access_token))?;
        Ok(Value::Null)
    }

    pub async fn change_password(&self, previous: &str, proposed: &str, access_token: &str) -> Result<Value> {
        let req = self
            .sdk()
            .change_password()
            .previous_password(previous)
            .proposed_password(proposed)
            .access_token(access_token);
        send!("ChangePassword", req)?;
        Ok(Value::Null)
    }

    /// RevokeToken; the client secret is sent only when the app client has one.
    pub async fn revoke_token(&self, refresh_token: &str) -> Result<Value> {
        let req = self
            .sdk()
            .revoke_token()
            .token(refresh_token)
            .client_id(&self.config().client_id)
            .set_client_secret(self.config().client_secret.clone());
        send!("RevokeToken", req)?;
        Ok(Value::Null)
    }
}
