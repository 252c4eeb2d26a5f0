//! Reading a JWT's claims without verifying it (what cognitopy's token helpers do).
//! Verification with a JWKS comes with the mandate API.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::Value;

/// Why a token could not be decoded. Never carries the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub &'static str);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
impl std::error::Error for DecodeError {}

/// Decodes the payload of a compact JWS (`header.payload.signature`) as a JSON object.
pub fn unverified_claims(token: &str) -> Result<Value, DecodeError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(_sig), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DecodeError("not a JWT: expected three dot-separated parts"));
    };
    let header = decode_json(header)?;
    if !header.is_object() {
        return Err(DecodeError("the JWT header is not a JSON object"));
    }
    let claims = decode_json(payload)?;
    if !claims.is_object() {
        return Err(DecodeError("the JWT payload is not a JSON object"));
    }
    Ok(claims.into())
}

fn decode_json(segment: &str) -> Result<serde_json::Value, DecodeError> {
    // Accept padded segments too, as python-jose does.
    let bytes = URL_SAFE_NO_PAD
        .decode(segment.trim_end_matches('='))
        .map_err(|_| DecodeError("a JWT segment is not valid base64url"))?;
    serde_json::from_slice(&bytes).map_err(|_| DecodeError("a JWT segment is not valid JSON"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    #[test]
    fn reads_claims() {
        let token = format!(
            "{}.{}.sig",
            b64(r#"{"alg":"RS256"}"#),
            b64(r#"{"sub":"abc","exp":5}"#)
        );
        let claims = unverified_claims(&token).unwrap();
        assert_eq!(claims.get("sub"), Some(&Value::Str("abc".into())));
        assert_eq!(claims.get("exp"), Some(&Value::Int(5)));
    }

    #[test]
    fn rejects_garbage() {
        assert!(unverified_claims("").is_err());
        assert!(unverified_claims("a.b").is_err());
        assert!(unverified_claims("a.b.c.d").is_err());
        assert!(unverified_claims("!!.??.x").is_err());
        let not_object = format!("{}.{}.s", b64("{}"), b64("[1]"));
        assert!(unverified_claims(&not_object).is_err());
    }
}
