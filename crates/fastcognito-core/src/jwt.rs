//! The one JWT parser: splits a compact JWS and decodes its parts, with the rule Cognito issues
//! them by (unpadded base64url, RFC 7515 §2). Used to read claims without verifying them (what
//! cognitopy's token helpers do) and by [`crate::verify`], so that a token reads the same way
//! in both.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A token's claims (or header): a JSON object.
pub type Claims = serde_json::Map<String, serde_json::Value>;

/// Why a token could not be decoded. Never carries the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub &'static str);

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
impl std::error::Error for DecodeError {}

/// A decoded compact JWS.
#[derive(Debug, Clone)]
pub struct Jwt<'a> {
    pub header: Claims,
    pub claims: Claims,
    /// `header.payload`, the bytes the signature covers.
    pub signed: &'a str,
    /// The signature as sent: only verification needs its bytes ([`Jwt::signature`]).
    pub signature_b64: &'a str,
}

impl Jwt<'_> {
    pub fn signature(&self) -> Result<Vec<u8>, DecodeError> {
        base64url(self.signature_b64)
    }
}

/// Longest token read: Cognito's are 1-4 KiB (an id token with many groups stays well under
/// this); anything longer is refused before any decoding, so a huge token costs nothing.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

const TOO_LONG: DecodeError = DecodeError("the token is longer than 16 KiB");

/// Splits and decodes `header.payload.signature`.
pub fn parse(token: &str) -> Result<Jwt<'_>, DecodeError> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(TOO_LONG);
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DecodeError("not a JWT: expected three dot-separated parts"));
    };
    let header_json = object(header, "the JWT header is not a JSON object")?;
    let claims = object(payload, "the JWT payload is not a JSON object")?;
    Ok(Jwt {
        header: header_json,
        claims,
        signed: &token[..header.len() + 1 + payload.len()],
        signature_b64: signature,
    })
}

/// The claims of a token, not verified.
pub fn unverified_claims(token: &str) -> Result<Claims, DecodeError> {
    parse(token).map(|jwt| jwt.claims)
}

/// The `iss` claim of a token, not verified (None when it has none or is not a JWT): how a
/// verifier of several pools picks one before any signature work. Reads the payload only.
pub fn unverified_issuer(token: &str) -> Option<String> {
    if token.len() > MAX_TOKEN_BYTES {
        return None;
    }
    let mut parts = token.splitn(3, '.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    parts.next()?;
    match object(payload, "").ok()?.remove("iss")? {
        serde_json::Value::String(iss) => Some(iss),
        _ => None,
    }
}

fn base64url(segment: &str) -> Result<Vec<u8>, DecodeError> {
    URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| DecodeError("a JWT segment is not unpadded base64url"))
}

fn object(segment: &str, not_object: &'static str) -> Result<Claims, DecodeError> {
    match serde_json::from_slice(&base64url(segment)?) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(DecodeError(not_object)),
        Err(_) => Err(DecodeError("a JWT segment is not valid JSON")),
    }
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
            "{}.{}.c2ln",
            b64(r#"{"alg":"RS256"}"#),
            b64(r#"{"sub":"abc","exp":5}"#)
        );
        let claims = unverified_claims(&token).unwrap();
        assert_eq!(claims["sub"], "abc");
        assert_eq!(claims["exp"], 5);
        let jwt = parse(&token).unwrap();
        assert_eq!(jwt.signature().unwrap(), b"sig");
        assert_eq!(jwt.signed, &token[..token.rfind('.').unwrap()]);
    }

    #[test]
    fn reads_the_issuer_alone() {
        let token = format!("{}.{}.c2ln", b64("{}"), b64(r#"{"iss":"https://i"}"#));
        assert_eq!(unverified_issuer(&token).as_deref(), Some("https://i"));
        let no_iss = format!("{}.{}.c2ln", b64("{}"), b64(r#"{"iss":5}"#));
        assert_eq!(unverified_issuer(&no_iss), None);
        assert_eq!(unverified_issuer("a.b"), None);
        assert_eq!(unverified_issuer("x.!!.y"), None);
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

    /// Before, any length was decoded (a 1 MB kid went whole into the refusal).
    #[test]
    fn tokens_over_16_kib_are_not_read() {
        let claims = format!(
            r#"{{"iss":"https://i","x":"{}"}}"#,
            "a".repeat(MAX_TOKEN_BYTES)
        );
        let token = format!("{}.{}.c2ln", b64("{}"), b64(&claims));
        assert_eq!(unverified_claims(&token).unwrap_err(), TOO_LONG);
        assert_eq!(unverified_issuer(&token), None);
        let small = format!("{}.{}.c2ln", b64("{}"), b64(r#"{"iss":"https://i"}"#));
        assert!(small.len() < MAX_TOKEN_BYTES && unverified_claims(&small).is_ok());
    }

    #[test]
    fn padding_is_refused_as_cognito_never_pads() {
        // `{"a":1}` is 7 bytes: its base64url needs one `=` of padding.
        let payload = b64(r#"{"a":1}"#);
        let token = format!("{}.{payload}.", b64("{}"));
        assert!(unverified_claims(&token).is_ok());
        let padded = format!("{}.{payload}=.", b64("{}"));
        assert_eq!(
            unverified_claims(&padded).unwrap_err(),
            DecodeError("a JWT segment is not unpadded base64url")
        );
    }
}
