//! RS256 verification of Cognito id and access tokens.

use std::borrow::Cow;

use crate::jwks::RsaKey;
use crate::jwt::{self, Claims};

/// The two kinds of token an app verifies (the `token_use` claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    Id,
    Access,
}

impl TokenUse {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }
}

impl std::str::FromStr for TokenUse {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "id" => Ok(TokenUse::Id),
            "access" => Ok(TokenUse::Access),
            other => Err(format!("token_use must be 'id' or 'access', not {other:?}")),
        }
    }
}

/// What a token must say to be accepted.
pub struct Expected<'a> {
    pub issuer: Cow<'a, str>,
    pub client_id: &'a str,
    pub token_use: TokenUse,
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

impl From<jwt::DecodeError> for Rejection {
    fn from(e: jwt::DecodeError) -> Self {
        invalid(format!("the token cannot be read: {e}"))
    }
}

/// Verifies signature and claims; returns the claims. With no `keys`, stops at the key id:
/// anything wrong before it (not a JWT, not RS256, no kid) is refused without a key fetch.
pub fn verify(token: &str, keys: &[RsaKey], expected: &Expected<'_>) -> Result<Claims, Rejection> {
    let jwt = jwt::parse(token)?;
    match jwt.header.get("alg").and_then(|a| a.as_str()) {
        Some("RS256") => {}
        Some(other) => {
            return Err(invalid(format!(
                "the token's algorithm {other:?} is not RS256"
            )));
        }
        None => return Err(invalid("the token's header has no algorithm")),
    }
    let kid = jwt
        .header
        .get("kid")
        .and_then(|k| k.as_str())
        .ok_or_else(|| invalid("the token's header has no kid"))?;
    let key = keys
        .iter()
        .find(|k| k.kid == kid)
        .ok_or_else(|| Rejection::UnknownKid(kid.to_owned()))?;
    let signature = jwt.signature()?;
    let public = aws_lc_rs::signature::RsaPublicKeyComponents {
        n: &key.n,
        e: &key.e,
    };
    public
        .verify(
            &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
            jwt.signed.as_bytes(),
            &signature,
        )
        .map_err(|_| invalid("the token's signature does not verify"))?;
    check_claims(&jwt.claims, expected)?;
    Ok(jwt.claims)
}

fn check_claims(claims: &Claims, expected: &Expected<'_>) -> Result<(), Rejection> {
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
    let token_use = expected.token_use.as_str();
    if text("token_use") != Some(token_use) {
        return Err(invalid(format!(
            "the token is not an {token_use} token (token_use)"
        )));
    }
    let audience_ok = match expected.token_use {
        TokenUse::Id => match claims.get("aud") {
            Some(serde_json::Value::String(aud)) => aud == expected.client_id,
            Some(serde_json::Value::Array(auds)) => {
                auds.iter().any(|a| a.as_str() == Some(expected.client_id))
            }
            _ => false,
        },
        TokenUse::Access => text("client_id") == Some(expected.client_id),
    };
    if !audience_ok {
        return Err(invalid("the token was issued to another app client"));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    /// What the tests here and in `keys` expect of a token.
    pub(crate) fn expected() -> Expected<'static> {
        Expected {
            issuer: "https://iss".into(),
            client_id: "c",
            token_use: TokenUse::Access,
            now: 0,
            leeway: 0,
        }
    }

    #[test]
    fn reads_tokens_as_the_decoder_does() {
        // A 7-byte header: its base64url would take one `=` of padding.
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k"}"#);
        let payload = URL_SAFE_NO_PAD.encode(r#"{"a":1}"#);
        let token = format!("{header}.{payload}.c2ln");
        assert_eq!(
            verify(&token, &[], &expected()),
            Err(Rejection::UnknownKid("k".into()))
        );
        assert!(jwt::unverified_claims(&token).is_ok());
        let padded = format!("{header}.{payload}=.c2ln");
        assert!(jwt::unverified_claims(&padded).is_err());
        assert!(matches!(
            verify(&padded, &[], &expected()),
            Err(Rejection::Invalid(_))
        ));
    }

    #[test]
    fn token_use_is_id_or_access() {
        assert_eq!("id".parse(), Ok(TokenUse::Id));
        assert_eq!("access".parse(), Ok(TokenUse::Access));
        for bad in ["refresh", "ACCESS", ""] {
            assert!(bad.parse::<TokenUse>().unwrap_err().contains("token_use"));
        }
    }
}
