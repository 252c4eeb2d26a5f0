//! SRP sign-in: USER_SRP_AUTH, and PASSWORD_SRP within choice-based sign-in (USER_AUTH, chosen
//! up front or through SELECT_CHALLENGE); both end with the PASSWORD_VERIFIER answer.

use std::collections::HashMap;
use std::time::SystemTime;

use super::auth::Params;
use crate::CognitoClient;
use crate::context::UserContext;
use crate::error::{Error, ErrorKind, Result};
use crate::srp::{self, Challenge, SrpClient};
use crate::types::AuthOutcome;

fn param<'a>(outcome: &'a AuthOutcome, name: &str) -> Result<&'a str> {
    outcome.parameter(name).ok_or_else(|| {
        Error::new(
            ErrorKind::MalformedResponse,
            "MalformedResponse",
            format!("the PASSWORD_VERIFIER challenge has no {name}"),
            "InitiateAuth",
        )
    })
}

/// A PASSWORD_VERIFIER (or DEVICE_PASSWORD_VERIFIER) challenge's values, owned so that the
/// signature can be computed on a blocking thread.
pub(super) struct OwnedChallenge {
    pub user_id: String,
    pub srp_b: String,
    pub salt: String,
    pub secret_block: String,
}

/// PASSWORD_CLAIM_SIGNATURE for `challenge`; the big-number work runs off the async workers.
/// For device SRP, `pool_name` is the device group key and `password` the device password.
pub(super) async fn signed_claim(
    client: SrpClient,
    pool_name: String,
    password: String,
    challenge: OwnedChallenge,
    timestamp: String,
) -> Result<String> {
    tokio::task::spawn_blocking(move || {
        let challenge = Challenge {
            user_id_for_srp: &challenge.user_id,
            srp_b: &challenge.srp_b,
            salt: &challenge.salt,
            secret_block: &challenge.secret_block,
        };
        client.password_claim(&pool_name, &password, &challenge, &timestamp)
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
    })
}

pub(super) fn new_srp_client() -> Result<SrpClient> {
    SrpClient::new().map_err(|e| Error::new(ErrorKind::Internal, "InternalError", e.0, ""))
}

impl CognitoClient {
    /// Signs in with SRP. Returns the RespondToAuthChallenge result (tokens, or the next
    /// challenge), or InitiateAuth's if it answered with anything but PASSWORD_VERIFIER.
    ///
    /// SECRET_HASH (when this client sends one) is keyed on `username` for InitiateAuth and
    /// on the internal username Cognito returns for the challenge answer, which is what
    /// Cognito checks (a login by alias otherwise fails with a client secret).
    /// `device_key` (a remembered device's) goes with InitiateAuth and the PASSWORD_VERIFIER
    /// answer; `context` with both requests.
    pub async fn srp_authenticate(
        &self,
        username: String,
        password: String,
        client_metadata: Option<Params>,
        device_key: Option<String>,
        context: Option<UserContext>,
    ) -> Result<AuthOutcome> {
        let client = new_srp_client()?;
        let mut params = HashMap::from([
            ("USERNAME".to_owned(), username.clone()),
            ("SRP_A".to_owned(), client.srp_a_hex()),
        ]);
        params.extend(device_key.clone().map(|key| ("DEVICE_KEY".to_owned(), key)));
        let first = self
            .initiate_auth(
                "USER_SRP_AUTH".to_owned(),
                params,
                Some(username),
                client_metadata.clone(),
                context.clone(),
            )
            .await?;
        self.answer_password_verifier(
            first,
            client,
            password,
            client_metadata,
            device_key,
            context,
        )
        .await
    }

    /// PASSWORD_SRP within USER_AUTH: without `session`, InitiateAuth with
    /// PREFERRED_CHALLENGE=PASSWORD_SRP; with the session of a SELECT_CHALLENGE, the answer
    /// PASSWORD_SRP (`username` is then the internal one Cognito returned). Either way SRP_A
    /// goes along, and the PASSWORD_VERIFIER that follows is answered here.
    pub async fn user_auth_password_srp(
        &self,
        username: String,
        password: String,
        session: Option<String>,
        client_metadata: Option<Params>,
        device_key: Option<String>,
        context: Option<UserContext>,
    ) -> Result<AuthOutcome> {
        let client = new_srp_client()?;
        let mut params = HashMap::from([
            ("USERNAME".to_owned(), username.clone()),
            ("SRP_A".to_owned(), client.srp_a_hex()),
        ]);
        let first = match session {
            None => {
                params.insert("PREFERRED_CHALLENGE".to_owned(), "PASSWORD_SRP".to_owned());
                params.extend(device_key.clone().map(|key| ("DEVICE_KEY".to_owned(), key)));
                self.initiate_auth(
                    "USER_AUTH".to_owned(),
                    params,
                    Some(username),
                    client_metadata.clone(),
                    context.clone(),
                )
                .await?
            }
            Some(session) => {
                params.insert("ANSWER".to_owned(), "PASSWORD_SRP".to_owned());
                self.respond_to_auth_challenge(
                    "SELECT_CHALLENGE".to_owned(),
                    params,
                    Some(session),
                    Some(username),
                    client_metadata.clone(),
                    context.clone(),
                )
                .await?
            }
        };
        self.answer_password_verifier(
            first,
            client,
            password,
            client_metadata,
            device_key,
            context,
        )
        .await
    }

    /// Answers `first` if it is a PASSWORD_VERIFIER challenge (else returns it as is).
    async fn answer_password_verifier(
        &self,
        first: AuthOutcome,
        client: SrpClient,
        password: String,
        client_metadata: Option<Params>,
        device_key: Option<String>,
        context: Option<UserContext>,
    ) -> Result<AuthOutcome> {
        if first.challenge_name.as_deref() != Some("PASSWORD_VERIFIER") {
            return Ok(first);
        }
        let user_id = param(&first, "USER_ID_FOR_SRP")?.to_owned();
        let internal = param(&first, "USERNAME").unwrap_or(&user_id).to_owned();
        let srp_b = param(&first, "SRP_B")?.to_owned();
        let salt = param(&first, "SALT")?.to_owned();
        let secret_block = param(&first, "SECRET_BLOCK")?.to_owned();
        let pool_name = srp::pool_name(self.pool()).to_owned();
        let timestamp = srp::timestamp(SystemTime::now());
        let challenge = OwnedChallenge {
            user_id,
            srp_b,
            salt,
            secret_block: secret_block.clone(),
        };
        let signature =
            signed_claim(client, pool_name, password, challenge, timestamp.clone()).await?;
        let mut responses = HashMap::from([
            ("TIMESTAMP".to_owned(), timestamp),
            ("USERNAME".to_owned(), internal.clone()),
            ("PASSWORD_CLAIM_SECRET_BLOCK".to_owned(), secret_block),
            ("PASSWORD_CLAIM_SIGNATURE".to_owned(), signature),
        ]);
        responses.extend(device_key.map(|key| ("DEVICE_KEY".to_owned(), key)));
        self.respond_to_auth_challenge(
            "PASSWORD_VERIFIER".to_owned(),
            responses,
            first.session,
            Some(internal),
            client_metadata,
            context,
        )
        .await
    }
}
