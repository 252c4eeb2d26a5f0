//! Signing in with a remembered device: once the user's own steps pass, Cognito asks for
//! DEVICE_SRP_AUTH and then DEVICE_PASSWORD_VERIFIER, which are answered here as one
//! operation. The SRP is the user's with the device group key for the pool name, the device
//! key for the user id and the device password for the user's.

use std::collections::HashMap;
use std::time::SystemTime;

use super::auth::Params;
use super::srp_auth::{OwnedChallenge, new_srp_client, signed_claim};
use crate::CognitoClient;
use crate::context::UserContext;
use crate::error::{Error, ErrorKind, Result};
use crate::srp;
use crate::types::AuthOutcome;

fn param(outcome: &AuthOutcome, name: &str, op: &str) -> Result<String> {
    outcome.parameter(name).map(str::to_owned).ok_or_else(|| {
        Error::new(
            ErrorKind::MalformedResponse,
            "MalformedResponse",
            format!("the DEVICE_PASSWORD_VERIFIER challenge has no {name}"),
            op,
        )
    })
}

/// One operation for both, the public and the admin answer (the admin one names the pool).
macro_rules! device_srp {
    ($($name:ident => $respond:ident, $op:literal;)*) => {
        impl CognitoClient {
            $(
                /// Answers the DEVICE_SRP_AUTH challenge of `session` and the
                /// DEVICE_PASSWORD_VERIFIER that follows; the last answer's outcome (tokens, or
                /// whatever Cognito asks next). Anything but DEVICE_PASSWORD_VERIFIER after the
                /// first answer is returned as is. `username` is Cognito's internal username:
                /// the USERNAME of the answers and the key of their SECRET_HASH.
                // One flat argument list, as the binding's operation table maps them.
                #[allow(clippy::too_many_arguments)]
                pub async fn $name(
                    &self,
                    username: String,
                    session: Option<String>,
                    device_key: String,
                    device_group_key: String,
                    device_password: String,
                    client_metadata: Option<Params>,
                    context: Option<UserContext>,
                ) -> Result<AuthOutcome> {
                    let client = new_srp_client()?;
                    let first = HashMap::from([
                        ("USERNAME".to_owned(), username.clone()),
                        ("DEVICE_KEY".to_owned(), device_key.clone()),
                        ("SRP_A".to_owned(), client.srp_a_hex()),
                    ]);
                    let challenge = self
                        .$respond(
                            "DEVICE_SRP_AUTH".to_owned(),
                            first,
                            session,
                            Some(username.clone()),
                            client_metadata.clone(),
                            context.clone(),
                        )
                        .await?;
                    if challenge.challenge_name.as_deref() != Some("DEVICE_PASSWORD_VERIFIER") {
                        return Ok(challenge);
                    }
                    let internal = challenge.parameter("USERNAME").map_or(username, str::to_owned);
                    let secret_block = param(&challenge, "SECRET_BLOCK", $op)?;
                    let owned = OwnedChallenge {
                        user_id: device_key.clone(),
                        srp_b: param(&challenge, "SRP_B", $op)?,
                        salt: param(&challenge, "SALT", $op)?,
                        secret_block: secret_block.clone(),
                    };
                    let timestamp = srp::timestamp(SystemTime::now());
                    let signature =
                        signed_claim(client, device_group_key, device_password, owned, timestamp.clone())
                            .await?;
                    let answer = HashMap::from([
                        ("USERNAME".to_owned(), internal.clone()),
                        ("DEVICE_KEY".to_owned(), device_key),
                        ("PASSWORD_CLAIM_SECRET_BLOCK".to_owned(), secret_block),
                        ("PASSWORD_CLAIM_SIGNATURE".to_owned(), signature),
                        ("TIMESTAMP".to_owned(), timestamp),
                    ]);
                    self.$respond(
                        "DEVICE_PASSWORD_VERIFIER".to_owned(),
                        answer,
                        challenge.session,
                        Some(internal),
                        client_metadata,
                        context,
                    )
                    .await
                }
            )*
        }
    };
}

device_srp! {
    device_srp_auth => respond_to_auth_challenge, "RespondToAuthChallenge";
    admin_device_srp_auth => admin_respond_to_auth_challenge, "AdminRespondToAuthChallenge";
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use num_bigint::BigUint;
    use sha2::{Digest, Sha256};

    use crate::device_secret;
    use crate::srp::{self, Challenge, SrpClient};

    fn sha256(parts: &[&[u8]]) -> Vec<u8> {
        let mut h = Sha256::new();
        for p in parts {
            h.update(p);
        }
        h.finalize().to_vec()
    }

    /// Cognito's side, written from the protocol and the SDKs' description rather than from
    /// the client code: it reads back what ConfirmDevice sent (base64 of the padded salt and
    /// verifier), checks the verifier against the password, then runs SRP-6a as the server:
    /// B = k*v + g^b, u = H(A || B), S = (A * v^u)^b, key = HKDF(u, S), signature =
    /// HMAC(key, group || device key || secret block || timestamp).
    #[test]
    fn verifier_and_device_proof_match_an_independent_server() {
        let n = srp::n();
        let g = BigUint::from(2u32);
        let (group, key) = (
            "-4qrEXAMPLE",
            "us-east-1_0c9a2f4e-11d2-4e3b-9b7e-3c1a2b3c4d5e",
        );
        let secret = device_secret::generate(group, key).unwrap();

        // What ConfirmDevice sent, as the server stores it.
        let salt_bytes = STANDARD.decode(&secret.salt).unwrap();
        let v_bytes = STANDARD.decode(&secret.password_verifier).unwrap();
        assert_eq!(
            v_bytes[0] & 0x80,
            0,
            "the verifier is sent as a positive number"
        );
        let v = BigUint::from_bytes_be(&v_bytes);
        let inner = sha256(&[
            group.as_bytes(),
            key.as_bytes(),
            b":",
            secret.device_password.as_bytes(),
        ]);
        let x = BigUint::from_bytes_be(&sha256(&[&salt_bytes, &inner]));
        assert_eq!(
            v,
            g.modpow(&x, &n),
            "the verifier is g^x for the device password"
        );

        // DEVICE_SRP_AUTH answered with A; the server's DEVICE_PASSWORD_VERIFIER.
        let client = SrpClient::new().unwrap();
        let big_a = client.public_a().clone();
        let b = BigUint::from_bytes_be(&[0x42; 32]);
        let k = BigUint::from_bytes_be(&sha256(&[&srp::pad(&n), &[2u8]]));
        let big_b = (&k * &v + g.modpow(&b, &n)) % &n;
        let u = BigUint::from_bytes_be(&sha256(&[&srp::pad(&big_a), &srp::pad(&big_b)]));
        let s = (&big_a * v.modpow(&u, &n)).modpow(&b, &n);
        let prk = hmac(&srp::pad(&u), &[&srp::pad(&s)]);
        let session_key = &hmac(&prk, &[b"Caldera Derived Key\x01"])[..16];
        let block = b"device secret block";
        let ts = "Sun Nov 29 10:11:12 UTC 2026";
        let expected = STANDARD.encode(hmac(
            session_key,
            &[group.as_bytes(), key.as_bytes(), block, ts.as_bytes()],
        ));

        let salt_hex = BigUint::from_bytes_be(&salt_bytes).to_str_radix(16);
        let challenge = Challenge {
            user_id_for_srp: key,
            srp_b: &big_b.to_str_radix(16),
            salt: &salt_hex,
            secret_block: &STANDARD.encode(block),
        };
        let proof = client
            .password_claim(group, &secret.device_password, &challenge, ts)
            .unwrap();
        assert_eq!(proof, expected);
        // Another password (or another device's key) proves nothing.
        let wrong = client
            .password_claim(group, "not-the-device-password", &challenge, ts)
            .unwrap();
        assert_ne!(wrong, expected);
        let other = Challenge {
            user_id_for_srp: "us-east-1_other",
            ..challenge
        };
        assert_ne!(
            client
                .password_claim(group, &secret.device_password, &other, ts)
                .unwrap(),
            expected
        );
    }

    fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
        use hmac::{Hmac, Mac};
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
        for p in parts {
            mac.update(p);
        }
        mac.finalize().into_bytes().to_vec()
    }
}
