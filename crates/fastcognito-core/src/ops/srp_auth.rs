//! USER_SRP_AUTH: InitiateAuth with SRP_A, then the PASSWORD_VERIFIER answer.

use std::collections::HashMap;
use std::time::SystemTime;

use crate::error::{Error, ErrorKind, Result};
use crate::srp::{self, Challenge, SrpClient};
use crate::{CognitoClient, Value};

fn param<'a>(params: Option<&'a Value>, name: &str) -> Result<&'a str> {
    params
        .and_then(|p| p.get(name))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            Error::new(
                ErrorKind::MalformedResponse,
                "MalformedResponse",
                format!("the PASSWORD_VERIFIER challenge has no {name}"),
                "InitiateAuth",
            )
        })
}

impl CognitoClient {
    /// Signs in with SRP. Returns the RespondToAuthChallenge result (tokens, or the next
    /// challenge), or InitiateAuth's if it answered with anything but PASSWORD_VERIFIER.
    ///
    /// SECRET_HASH (when `with_secret_hash`) is keyed on `username` for InitiateAuth and on
    /// the internal username Cognito returns for the challenge answer, which is what
    /// Cognito checks (a login by alias otherwise fails with a client secret).
    pub async fn srp_authenticate(
        &self,
        username: &str,
        password: &str,
        with_secret_hash: bool,
    ) -> Result<Value> {
        let client = SrpClient::new()
            .map_err(|e| Error::new(ErrorKind::Internal, "InternalError", e.0, ""))?;
        let params = HashMap::from([
            ("USERNAME".to_owned(), username.to_owned()),
            ("SRP_A".to_owned(), client.srp_a_hex()),
        ]);
        let first = self
            .initiate_auth(
                "USER_SRP_AUTH",
                params,
                with_secret_hash.then_some(username),
            )
            .await?;
        if first.get("ChallengeName").and_then(Value::as_str) != Some("PASSWORD_VERIFIER") {
            return Ok(first);
        }
        let challenge_params = first.get("ChallengeParameters");
        let user_id = param(challenge_params, "USER_ID_FOR_SRP")?.to_owned();
        let internal = param(challenge_params, "USERNAME")
            .unwrap_or(&user_id)
            .to_owned();
        let srp_b = param(challenge_params, "SRP_B")?.to_owned();
        let salt = param(challenge_params, "SALT")?.to_owned();
        let secret_block = param(challenge_params, "SECRET_BLOCK")?.to_owned();
        let pool_name = srp::pool_name(&self.config().user_pool_id).to_owned();
        let timestamp = srp::timestamp(SystemTime::now());
        let password = password.to_owned();
        let (ts, block) = (timestamp.clone(), secret_block.clone());
        let uid = user_id.clone();
        // The big-number work runs off the async workers.
        let signature = tokio::task::spawn_blocking(move || {
            let challenge = Challenge {
                user_id_for_srp: &uid,
                srp_b: &srp_b,
                salt: &salt,
                secret_block: &block,
            };
            client.password_claim(&pool_name, &password, &challenge, &ts)
        })
        .await
        .map_err(|e| {
            Error::new(
                ErrorKind::Internal,
                "InternalError",
                e.to_string(),
                "RespondToAuthChallenge",
            )
        })?
        .map_err(|e| {
            Error::new(
                ErrorKind::MalformedResponse,
                "MalformedResponse",
                e.0,
                "RespondToAuthChallenge",
            )
        })?;
        let responses = HashMap::from([
            ("TIMESTAMP".to_owned(), timestamp),
            ("USERNAME".to_owned(), internal.clone()),
            ("PASSWORD_CLAIM_SECRET_BLOCK".to_owned(), secret_block),
            ("PASSWORD_CLAIM_SIGNATURE".to_owned(), signature),
        ]);
        let session = first.get("Session").and_then(Value::as_str);
        self.respond_to_auth_challenge(
            "PASSWORD_VERIFIER",
            responses,
            session,
            with_secret_hash.then_some(internal.as_str()),
        )
        .await
    }
}
