//! GetTokensFromRefreshToken: the refresh that works on every app client, and the only one on
//! a client that rotates its refresh tokens (which refuses REFRESH_TOKEN_AUTH).

use std::collections::HashMap;

use super::send;
use crate::CognitoClient;
use crate::error::Result;
use crate::types::{AuthOutcome, AuthTokens};

impl CognitoClient {
    /// New tokens from `refresh_token`; the result holds a new refresh token when the app client
    /// rotates them. Cognito wants the client secret itself here, not a SECRET_HASH, so no
    /// username is needed. `device_key`: the remembered device the tokens were issued to.
    pub async fn get_tokens_from_refresh_token(
        &self,
        refresh_token: String,
        client_metadata: Option<HashMap<String, String>>,
        device_key: Option<String>,
    ) -> Result<AuthOutcome> {
        let req = self
            .sdk()
            .get_tokens_from_refresh_token()
            .refresh_token(refresh_token)
            .client_id(self.config().require_client_id()?)
            .set_client_secret(self.config().client_secret.clone())
            .set_client_metadata(client_metadata)
            .set_device_key(device_key);
        let o = send!(self, "GetTokensFromRefreshToken", req)?;
        Ok(AuthOutcome {
            result: o.authentication_result().map(AuthTokens::from),
            ..AuthOutcome::default()
        })
    }
}
