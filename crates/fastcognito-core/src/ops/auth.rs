//! InitiateAuth, AdminInitiateAuth and the answers to their challenges.

use std::collections::HashMap;

use aws_sdk_cognitoidentityprovider::operation::admin_initiate_auth::AdminInitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::operation::initiate_auth::InitiateAuthOutput;
use aws_sdk_cognitoidentityprovider::types::{
    AuthFlowType, AuthenticationResultType, ChallengeNameType,
};

use super::{auth_result_value, send};
use crate::error::Result;
use crate::{CognitoClient, Value};

/// `{"AuthenticationResult": ...}` or `{"ChallengeName", "Session", "ChallengeParameters"}`.
fn auth_value(
    result: Option<&AuthenticationResultType>,
    challenge: Option<&ChallengeNameType>,
    session: Option<&str>,
    params: Option<&HashMap<String, String>>,
) -> Value {
    let params = params.map(|p| {
        let mut pairs: Vec<_> = p
            .iter()
            .map(|(k, v)| (k.clone(), Value::Str(v.clone())))
            .collect();
        pairs.sort_by(|a, b| a.0.cmp(&b.0));
        Value::Map(pairs)
    });
    Value::map()
        .with_opt("ChallengeName", challenge.map(|c| c.as_str()))
        .with_opt("Session", session)
        .with_opt("ChallengeParameters", params)
        .with_opt("AuthenticationResult", result.map(auth_result_value))
}

impl From<&InitiateAuthOutput> for Value {
    fn from(o: &InitiateAuthOutput) -> Self {
        auth_value(
            o.authentication_result(),
            o.challenge_name(),
            o.session(),
            o.challenge_parameters(),
        )
    }
}
impl From<&AdminInitiateAuthOutput> for Value {
    fn from(o: &AdminInitiateAuthOutput) -> Self {
        auth_value(
            o.authentication_result(),
            o.challenge_name(),
            o.session(),
            o.challenge_parameters(),
        )
    }
}

/// Adds SECRET_HASH to a parameter map when one is wanted.
fn with_hash(mut params: HashMap<String, String>, hash: Option<String>) -> HashMap<String, String> {
    if let Some(h) = hash {
        params.insert("SECRET_HASH".to_owned(), h);
    }
    params
}

impl CognitoClient {
    /// InitiateAuth with `flow` (USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, USER_SRP_AUTH, ...).
    /// `hash_for` is the username SECRET_HASH is keyed on, if one is to be sent.
    pub async fn initiate_auth(
        &self,
        flow: &str,
        params: HashMap<String, String>,
        hash_for: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .initiate_auth()
            .client_id(&self.config().client_id)
            .auth_flow(AuthFlowType::from(flow))
            .set_auth_parameters(Some(with_hash(params, self.hash_for(hash_for))));
        let out = send!("InitiateAuth", req)?;
        Ok(Value::from(&out))
    }

    pub async fn admin_initiate_auth(
        &self,
        flow: &str,
        params: HashMap<String, String>,
        hash_for: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .admin_initiate_auth()
            .user_pool_id(&self.config().user_pool_id)
            .client_id(&self.config().client_id)
            .auth_flow(AuthFlowType::from(flow))
            .set_auth_parameters(Some(with_hash(params, self.hash_for(hash_for))));
        let out = send!("AdminInitiateAuth", req)?;
        Ok(Value::from(&out))
    }

    pub async fn respond_to_auth_challenge(
        &self,
        challenge: &str,
        responses: HashMap<String, String>,
        session: Option<&str>,
        hash_for: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .respond_to_auth_challenge()
            .client_id(&self.config().client_id)
            .challenge_name(ChallengeNameType::from(challenge))
            .set_session(session.map(str::to_owned))
            .set_challenge_responses(Some(with_hash(responses, self.hash_for(hash_for))));
        let o = send!("RespondToAuthChallenge", req)?;
        Ok(auth_value(
            o.authentication_result(),
            o.challenge_name(),
            o.session(),
            o.challenge_parameters(),
        ))
    }

    pub async fn admin_respond_to_auth_challenge(
        &self,
        challenge: &str,
        responses: HashMap<String, String>,
        session: Option<&str>,
        hash_for: Option<&str>,
    ) -> Result<Value> {
        let req = self
            .sdk()
            .admin_respond_to_auth_challenge()
            .user_pool_id(&self.config().user_pool_id)
            .client_id(&self.config().client_id)
            .challenge_name(ChallengeNameType::from(challenge))
            .set_session(session.map(str::to_owned))
            .set_challenge_responses(Some(with_hash(responses, self.hash_for(hash_for))));
        let o = send!("AdminRespondToAuthChallenge", req)?;
        Ok(auth_value(
            o.authentication_result(),
            o.challenge_name(),
            o.session(),
            o.challenge_parameters(),
        ))
    }
}
