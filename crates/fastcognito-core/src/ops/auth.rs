//! InitiateAuth, AdminInitiateAuth and the answers to their challenges. The admin variant of
//! each differs only by naming the pool, so one macro writes both.

use std::collections::HashMap;

use aws_sdk_cognitoidentityprovider::types::{AuthFlowType, ChallengeNameType};

use super::send;
use crate::CognitoClient;
use crate::context::{UserContext, for_admin, for_public};
use crate::error::Result;
use crate::types::AuthOutcome;

pub type Params = HashMap<String, String>;

impl CognitoClient {
    /// `params` plus SECRET_HASH keyed on `secret_hash_username`, when this client sends one.
    fn with_hash(&self, mut params: Params, secret_hash_username: Option<&str>) -> Params {
        if let Some(hash) = secret_hash_username.and_then(|u| self.config().secret_hash(u)) {
            params.insert("SECRET_HASH".to_owned(), hash);
        }
        params
    }
}

/// InitiateAuth with `flow` (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, USER_SRP_AUTH, USER_AUTH...);
/// `client_metadata` goes to the pool's Lambda triggers; `context` as UserContextData (public)
/// or ContextData (admin), whichever the operation takes.
/// SECRET_HASH is keyed on `secret_hash_username`: the username signing in, or Cognito's
/// internal one for a refresh.
macro_rules! initiate {
    ($($name:ident => $op:literal, $set:ident($conv:path) $(, $pool:ident)?;)*) => {
        impl CognitoClient {
            $(
                pub async fn $name(
                    &self,
                    flow: String,
                    params: Params,
                    secret_hash_username: Option<String>,
                    client_metadata: Option<Params>,
                    context: Option<UserContext>,
                ) -> Result<AuthOutcome> {
                    let context = $conv(context.as_ref())?;
                    let params = self.with_hash(params, secret_hash_username.as_deref());
                    let req = self
                        .sdk()
                        .$name()
                        $(.$pool(self.pool()))?
                        .client_id(self.config().require_client_id()?)
                        .auth_flow(AuthFlowType::from(flow.as_str()))
                        .set_auth_parameters(Some(params))
                        .set_client_metadata(client_metadata)
                        .$set(context);
                    Ok(AuthOutcome::from(&send!(self, $op, req)?))
                }
            )*
        }
    };
}

initiate! {
    initiate_auth => "InitiateAuth", set_user_context_data(for_public);
    admin_initiate_auth => "AdminInitiateAuth", set_context_data(for_admin), user_pool_id;
}

/// The answer to a challenge; SECRET_HASH keyed on the USERNAME the answer carries; `context`
/// as for InitiateAuth.
macro_rules! respond {
    ($($name:ident => $op:literal, $set:ident($conv:path) $(, $pool:ident)?;)*) => {
        impl CognitoClient {
            $(
                pub async fn $name(
                    &self,
                    challenge: String,
                    responses: Params,
                    session: Option<String>,
                    secret_hash_username: Option<String>,
                    client_metadata: Option<Params>,
                    context: Option<UserContext>,
                ) -> Result<AuthOutcome> {
                    let context = $conv(context.as_ref())?;
                    let responses = self.with_hash(responses, secret_hash_username.as_deref());
                    let req = self
                        .sdk()
                        .$name()
                        $(.$pool(self.pool()))?
                        .client_id(self.config().require_client_id()?)
                        .challenge_name(ChallengeNameType::from(challenge.as_str()))
                        .set_session(session)
                        .set_challenge_responses(Some(responses))
                        .set_client_metadata(client_metadata)
                        .$set(context);
                    Ok(AuthOutcome::from(&send!(self, $op, req)?))
                }
            )*
        }
    };
}

respond! {
    respond_to_auth_challenge => "RespondToAuthChallenge", set_user_context_data(for_public);
    admin_respond_to_auth_challenge => "AdminRespondToAuthChallenge", set_context_data(for_admin), user_pool_id;
}
