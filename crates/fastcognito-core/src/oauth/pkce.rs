//! PKCE (RFC 7636, S256 only: Cognito accepts no other method), the `state` value, and the
//! percent-encoding shared by query strings and form bodies.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::error::{Error, ErrorKind, Result};

/// `n` random bytes, base64url without padding.
fn random_b64url(n: usize) -> Result<String> {
    let mut bytes = vec![0u8; n];
    getrandom::getrandom(&mut bytes).map_err(|_| {
        Error::new(
            ErrorKind::Internal,
            "InternalError",
            "no randomness available for PKCE",
            "",
        )
    })?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// A fresh code verifier: 32 random bytes, base64url (43 characters, RFC 7636 §4.1's
/// recommendation).
pub fn code_verifier() -> Result<String> {
    random_b64url(32)
}

/// A fresh `state`: 32 random bytes, base64url, unguessable by a cross-site request.
pub fn state() -> Result<String> {
    random_b64url(32)
}

/// `BASE64URL(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
pub fn challenge(code_verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(code_verifier.as_bytes()))
}

/// Whether `v` may be a code verifier: 43 to 128 of `[A-Z a-z 0-9 - . _ ~]` (RFC 7636 §4.1).
pub fn is_valid_verifier(v: &str) -> bool {
    (43..=128).contains(&v.len()) && v.bytes().all(is_unreserved)
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Percent-encodes everything but RFC 3986's unreserved characters. A space becomes `%20`,
/// which query-string and form decoders both read as a space.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `k1=v1&k2=v2`, each part encoded; pairs with no value are left out.
pub fn encode_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, Option<&'a str>)>) -> String {
    pairs
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| format!("{}={}", encode(k), encode(v))))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7636_appendix_b() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert_eq!(
            challenge(verifier),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(is_valid_verifier(verifier));
    }

    #[test]
    fn fresh_values_are_random_and_well_formed() {
        let (a, b) = (code_verifier().unwrap(), code_verifier().unwrap());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(is_valid_verifier(&a));
        assert_ne!(state().unwrap(), state().unwrap());
        assert!(!is_valid_verifier("short"));
        assert!(!is_valid_verifier(&"a".repeat(129)));
        assert!(!is_valid_verifier(&format!("{}+", "a".repeat(43))));
    }

    #[test]
    fn encoding_keeps_only_unreserved() {
        assert_eq!(encode("a-b._~Z9"), "a-b._~Z9");
        assert_eq!(
            encode("openid email api/read"),
            "openid%20email%20api%2Fread"
        );
        assert_eq!(
            encode("http://localhost/cb?x=1&y"),
            "http%3A%2F%2Flocalhost%2Fcb%3Fx%3D1%26y"
        );
        assert_eq!(encode("é+"), "%C3%A9%2B");
        assert_eq!(
            encode_pairs([("a", Some("1 2")), ("b", None), ("c", Some(""))]),
            "a=1%202&c="
        );
    }
}
