//! RS256 verification of Cognito id and access tokens.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::Value;
use crate::jwks::RsaKey;

/// What a token must say to be accepted.
pub struct Expected<'a> {
    pub issuer: Cow<'a, str>,
    pub client_id: &'a str,
    /// "id" or "access".
    pub token_use: &'a str,
    /// Seconds since the epoch.
    pub now: u64,
    /// Clock skew allowed on exp/nbf, in seconds.
    pub leeway: u64,
}

/// Why a token was refused. The text is the reason, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The key id is not in the key set (worth fetching the set again).
    UnknownKid(String),
    Invalid(String),
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::UnknownKid(kid) => {
                write!(f, "the token was signed with an unknown key (kid {kid:?})")
            }
            Rejection::Invalid(why) => f.write_str(why),
        }
    }
}

fn invalid(why: impl Into<String>) -> Rejection {
    Rejection::Invalid(why.into())
}

fn segment(
    part: &str,
    what: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, Rejection> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| invalid(format!("the token's {what} is not base64url")))?;
    match serde_json::from_slice(&bytes) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Err(invalid(format!("the token's {what} is not a JSON object"))),
    }
}

/// The key id of a token, if its header can be read.
pub fn kid(token: &str) -> Option<String> {
    let header = token.split('.').next()?;
    segment(header, "header")
        .ok()?
        .get("kid")?
        .as_str()
        .map(str::to_owned)
}

/// Verifies signature and claims; returns the claims.
pub fn verify(token: &str, keys: &[RsaKey], expected: &Expected<'_>) -> Result<Value, Rejection> {
    let mut parts = token.split('.');
    let (Some(header_b64), Some(payload_b64), Some(sig_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid(
            "the token is not a JWT (expected three dot-separated parts)",
        ));
    };
    let header = segment(header_b64, "header")?;
    match header.get("alg").and_then(|a| a.as_str()) {
        Some("RS256") => {}
        Some(other) => {
            return Err(invalid(format!(
                "the token's algorithm {other:?} is not RS256"
            )));
        }
        None => return Err(invalid("the token's header has no algorithm")),
    }
    let kid = header
        .get("kid")
        .and_then(|k| k.as_str())
        .ok_or_else(|| invalid("the token's header has no kid"))?;
    let key = keys
        .iter()
        .find(|k| k.kid == kid)
        .ok_or_else(|| Rejection::UnknownKid(kid.to_owned()))?;
    let signature = URL_SAFE_NO_PAD
        .decode(sig_b64)
        .map_err(|_| invalid("the token's signature is not base64url"))?;
    let message_len = header_b64.len() + 1 + payload_b64.len();
    let public = aws_lc_rs::signature::RsaPublicKeyComponents {
        n: &key.n,
        e: &key.e,
    };
    public
        .verify(
            &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
            &token.as_bytes()[..message_len],
            &signature,
        )
        .map_err(|_| invalid("the token's signature does not verify"))?;

    let claims = segment(payload_b64, "payload")?;
    let number = |name: &str| claims.get(name).and_then(|v| v.as_f64());
    let text = |name: &str| claims.get(name).and_then(|v| v.as_str());
    let now = expected.now as f64;
    let leeway = expected.leeway as f64;
    let exp = number("exp").ok_or_else(|| invalid("the token has no exp claim"))?;
    if exp + leeway <= now {
        return Err(invalid("the token has expired"));
    }
    if number("nbf").is_some_and(|nbf| nbf - leeway > now) {
        return Err(invalid("the token is not valid yet (nbf)"));
    }
    if text("iss") != Some(expected.issuer.as_ref()) {
        return Err(invalid(format!(
            "the token's issuer is not {}",
            expected.issuer
        )));
    }
    if text("token_use") != Some(expected.token_use) {
        return Err(invalid(format!(
            "the token is not an {} token (token_use)",
            expected.token_use
        )));
    }
    let audience_ok = match expected.token_use {
        "id" => match claims.get("aud") {
            Some(serde_json::Value::String(aud)) => aud == expected.client_id,
            Some(serde_json::Value::Array(auds)) => {
                auds.iter().any(|a| a.as_str() == Some(expected.client_id))
            }
            _ => false,
        },
        _ => text("client_id") == Some(expected.client_id),
    };
    if !audience_ok {
        return Err(invalid("the token was issued to another app client"));
    }
    Ok(Value::from(serde_json::Value::Object(claims)))
}
