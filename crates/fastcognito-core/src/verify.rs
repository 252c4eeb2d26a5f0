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

/// What a token must say to be accepted: fixed for a verifier, so that a token that passed
/// once passes again until it expires (what [`crate::remembered`] relies on).
#[derive(Debug, Clone)]
pub struct Policy {
    /// Accepted `iss` values (the pool's, in both formats, unless one is pinned).
    pub issuers: Vec<String>,
    /// Accepted app clients (`client_id` of access tokens, `aud` of id tokens).
    pub client_ids: Vec<String>,
    pub token_use: TokenUse,
    /// When not empty, the token must be in at least one (`cognito:groups`).
    pub groups: Vec<String>,
    /// When not empty, the token must hold at least one (`scope`, access tokens).
    pub scopes: Vec<String>,
    /// Clock skew allowed on exp/iat/nbf, in seconds.
    pub leeway: u64,
}

/// A policy and the time to check it at.
pub struct Expected<'a> {
    pub policy: Cow<'a, Policy>,
    /// Seconds since the epoch.
    pub now: u64,
}

/// Seconds since the epoch (0 if the clock is before it).
pub fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
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
                write!(
                    f,
                    "the token was signed with an unknown key (kid {})",
                    shown(kid)
                )
            }
            Rejection::Invalid(why) => f.write_str(why),
        }
    }
}

/// Longest part of a token's own text that a refusal quotes: a kid, alg or issuer can be as
/// long as the token, and a refusal ends up in logs and in 401 bodies.
pub const SHOWN_CHARS: usize = 64;

/// `text` quoted (as `{:?}` does), cut after [`SHOWN_CHARS`] characters with an ellipsis.
pub fn shown(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{:?}…", &text[..cut]),
        None => format!("{text:?}"),
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

/// A key a token's RS256 signature can be checked with.
pub trait SigningKey {
    fn kid(&self) -> &str;
    /// Whether `signature` is this key's RS256 signature of `signed`.
    fn verifies(&self, signed: &[u8], signature: &[u8]) -> bool;
}

impl SigningKey for RsaKey {
    fn kid(&self) -> &str {
        &self.kid
    }

    /// Builds AWS-LC's key from the components at each call: see [`ParsedKey`] for keys kept.
    fn verifies(&self, signed: &[u8], signature: &[u8]) -> bool {
        let public = aws_lc_rs::signature::RsaPublicKeyComponents {
            n: &self.n,
            e: &self.e,
        };
        public
            .verify(
                &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
                signed,
                signature,
            )
            .is_ok()
    }
}

/// An RSA key parsed once into AWS-LC's form: building it from n and e, and the Montgomery
/// constants of n that AWS-LC then keeps with it, cost about as much as the check itself.
pub struct ParsedKey {
    kid: String,
    /// None when n and e do not make an RSA key: nothing verifies with it.
    key: Option<aws_lc_rs::signature::ParsedPublicKey>,
}

impl ParsedKey {
    pub fn new(key: &RsaKey) -> Self {
        let components = aws_lc_rs::signature::RsaPublicKeyComponents {
            n: &key.n,
            e: &key.e,
        };
        ParsedKey {
            kid: key.kid.clone(),
            key: components
                .to_parsed_public_key(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256)
                .ok(),
        }
    }
}

impl std::fmt::Debug for ParsedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ParsedKey(kid={:?})", self.kid)
    }
}

impl SigningKey for ParsedKey {
    fn kid(&self) -> &str {
        &self.kid
    }

    fn verifies(&self, signed: &[u8], signature: &[u8]) -> bool {
        self.key
            .as_ref()
            .is_some_and(|k| k.verify_sig(signed, signature).is_ok())
    }
}

/// Verifies signature and claims; returns the claims. With no `keys`, stops at the key id:
/// anything wrong before it (not a JWT, not RS256, no kid) is refused without a key fetch.
pub fn verify<K: SigningKey>(
    token: &str,
    keys: &[K],
    expected: &Expected<'_>,
) -> Result<Claims, Rejection> {
    let jwt = jwt::parse(token)?;
    match jwt.header.get("alg").and_then(|a| a.as_str()) {
        Some("RS256") => {}
        Some(other) => {
            return Err(invalid(format!(
                "the token's algorithm {} is not RS256",
                shown(other)
            )));
        }
        None => return Err(invalid("the token's header has no algorithm")),
    }
    // RFC 7515 §4.1.11: a recipient must refuse critical extensions it does not understand,
    // and this verifier understands none (Cognito never sends `crit`).
    if jwt.header.contains_key("crit") {
        return Err(invalid(
            "the token's header has critical extensions (crit), which are not supported",
        ));
    }
    let kid = jwt
        .header
        .get("kid")
        .and_then(|k| k.as_str())
        .ok_or_else(|| invalid("the token's header has no kid"))?;
    let key = keys
        .iter()
        .find(|k| k.kid() == kid)
        .ok_or_else(|| Rejection::UnknownKid(kid.to_owned()))?;
    let signature = jwt.signature()?;
    if !key.verifies(jwt.signed.as_bytes(), &signature) {
        return Err(invalid("the token's signature does not verify"));
    }
    check_claims(&jwt.claims, expected)?;
    Ok(jwt.claims)
}

fn check_claims(claims: &Claims, expected: &Expected<'_>) -> Result<(), Rejection> {
    check_time(claims, expected.now, expected.policy.leeway)?;
    let policy = expected.policy.as_ref();
    let text = |name: &str| claims.get(name).and_then(|v| v.as_str());
    let issuer = text("iss").ok_or_else(|| invalid("the token has no iss claim"))?;
    if !policy.issuers.iter().any(|i| i == issuer) {
        return Err(invalid(format!(
            "the token's issuer {} is not {}",
            shown(issuer),
            one_of(&policy.issuers)
        )));
    }
    let token_use = policy.token_use.as_str();
    if text("token_use") != Some(token_use) {
        return Err(invalid(format!(
            "the token is not an {token_use} token (token_use)"
        )));
    }
    let ours = |id: &str| policy.client_ids.iter().any(|c| c == id);
    let audience_ok = match policy.token_use {
        TokenUse::Id => match claims.get("aud") {
            Some(serde_json::Value::String(aud)) => ours(aud),
            Some(serde_json::Value::Array(auds)) => {
                auds.iter().any(|a| a.as_str().is_some_and(ours))
            }
            _ => false,
        },
        TokenUse::Access => text("client_id").is_some_and(ours),
    };
    if !audience_ok {
        return Err(invalid("the token was issued to another app client"));
    }
    if !policy.groups.is_empty() {
        let member = match claims.get("cognito:groups") {
            Some(serde_json::Value::Array(groups)) => groups.iter().any(|g| {
                g.as_str()
                    .is_some_and(|g| policy.groups.iter().any(|w| w == g))
            }),
            _ => false,
        };
        if !member {
            return Err(invalid(format!(
                "the token's user is not in {} (cognito:groups)",
                one_of(&policy.groups)
            )));
        }
    }
    if !policy.scopes.is_empty() {
        // `scope` is one space-separated string, as OAuth 2.0 has it.
        let held = text("scope").unwrap_or("");
        if !held
            .split(' ')
            .any(|s| policy.scopes.iter().any(|w| w == s))
        {
            return Err(invalid(format!(
                "the token does not hold the scope {} (scope)",
                one_of(&policy.scopes)
            )));
        }
    }
    Ok(())
}

/// exp, nbf and iat against `now`, each with `leeway` seconds of clock skew allowed. Also what a
/// remembered token is checked against again.
pub fn check_time(claims: &Claims, now: u64, leeway: u64) -> Result<(), Rejection> {
    // A time claim that is there must be a number: one written as text ("nbf": "9999999999")
    // would otherwise be skipped, and its check with it.
    let number = |name: &str| match claims.get(name) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .map(Some)
            .ok_or_else(|| invalid(format!("the token's {name} claim is not a number"))),
    };
    let (now, leeway) = (now as f64, leeway as f64);
    let exp = number("exp")?.ok_or_else(|| invalid("the token has no exp claim"))?;
    if exp + leeway <= now {
        return Err(invalid("the token has expired"));
    }
    if number("nbf")?.is_some_and(|nbf| nbf - leeway > now) {
        return Err(invalid("the token is not valid yet (nbf)"));
    }
    if number("iat")?.is_some_and(|iat| iat - leeway > now) {
        return Err(invalid("the token was issued in the future (iat)"));
    }
    Ok(())
}

/// `"a"`, or `one of "a", "b"`: how a refusal names what was expected.
fn one_of(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| format!("{v:?}")).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    /// What the tests here and in `keys` expect of a token.
    pub(crate) fn policy() -> Policy {
        Policy {
            issuers: vec!["https://iss".into()],
            client_ids: vec!["c".into()],
            token_use: TokenUse::Access,
            groups: vec![],
            scopes: vec![],
            leeway: 0,
        }
    }

    pub(crate) fn expected() -> Expected<'static> {
        Expected {
            policy: Cow::Owned(policy()),
            now: 0,
        }
    }

    #[test]
    fn a_key_that_is_not_rsa_verifies_nothing() {
        let junk = RsaKey {
            kid: "k".into(),
            n: vec![0; 4],
            e: vec![3],
        };
        let parsed = ParsedKey::new(&junk);
        assert_eq!(parsed.kid(), "k");
        assert!(!parsed.verifies(b"signed", &[1; 256]));
        assert!(!junk.verifies(b"signed", &[1; 256]));
    }

    /// n and e of a DER RSAPublicKey (SEQUENCE { INTEGER n, INTEGER e }).
    fn n_and_e(der: &[u8]) -> (Vec<u8>, Vec<u8>) {
        fn item(der: &[u8]) -> (&[u8], &[u8]) {
            let (len, start) = match der[1] {
                l if l < 0x80 => (l as usize, 2),
                l => {
                    let k = (l & 0x7f) as usize;
                    let len = der[2..2 + k].iter().fold(0, |a, b| a << 8 | *b as usize);
                    (len, 2 + k)
                }
            };
            (&der[start..start + len], &der[start + len..])
        }
        let (body, _) = item(der);
        let (n, rest) = item(body);
        let (e, _) = item(rest);
        let strip = |v: &[u8]| v.iter().skip_while(|b| **b == 0).copied().collect();
        (strip(n), strip(e))
    }

    /// A key parsed once against one built from n and e at each check (`cargo test --release
    /// -p fastcognito-core rsa_cpu -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn rsa_cpu() {
        use aws_lc_rs::rsa::{KeyPair, KeySize};
        use aws_lc_rs::signature::{KeyPair as _, RSA_PKCS1_SHA256};
        let pair = KeyPair::generate(KeySize::Rsa2048).unwrap();
        let (n, e) = n_and_e(pair.public_key().as_ref());
        let key = RsaKey {
            kid: "k".into(),
            n,
            e,
        };
        let signed = b"header.payload".repeat(40);
        let mut signature = vec![0; pair.public_modulus_len()];
        let rng = aws_lc_rs::rand::SystemRandom::new();
        pair.sign(&RSA_PKCS1_SHA256, &rng, &signed, &mut signature)
            .unwrap();
        let parsed = ParsedKey::new(&key);
        assert!(key.verifies(&signed, &signature) && parsed.verifies(&signed, &signature));
        let time = |f: &dyn Fn() -> bool| {
            let start = std::time::Instant::now();
            for _ in 0..2000 {
                assert!(f());
            }
            start.elapsed() / 2000
        };
        let each = time(&|| key.verifies(&signed, &signature));
        let once = time(&|| parsed.verifies(&signed, &signature));
        println!("RSA-2048 check: key built per check {each:?}, parsed once {once:?}");
    }

    #[test]
    fn reads_tokens_as_the_decoder_does() {
        // A 7-byte header: its base64url would take one `=` of padding.
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k"}"#);
        let payload = URL_SAFE_NO_PAD.encode(r#"{"a":1}"#);
        let token = format!("{header}.{payload}.c2ln");
        assert_eq!(
            verify::<RsaKey>(&token, &[], &expected()),
            Err(Rejection::UnknownKid("k".into()))
        );
        assert!(jwt::unverified_claims(&token).is_ok());
        let padded = format!("{header}.{payload}=.c2ln");
        assert!(jwt::unverified_claims(&padded).is_err());
        assert!(matches!(
            verify::<RsaKey>(&padded, &[], &expected()),
            Err(Rejection::Invalid(_))
        ));
    }

    fn claims(json: serde_json::Value) -> Claims {
        match json {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn check(policy: Policy, now: u64, c: serde_json::Value) -> Result<(), Rejection> {
        check_claims(
            &claims(c),
            &Expected {
                policy: Cow::Owned(policy),
                now,
            },
        )
    }

    #[test]
    fn policy_checks_issuers_clients_groups_scopes_and_time() {
        use serde_json::json;
        let good = json!({"iss": "https://iss", "token_use": "access", "client_id": "c",
            "exp": 100, "iat": 10, "cognito:groups": ["a", "b"], "scope": "x y"});
        assert_eq!(check(policy(), 50, good.clone()), Ok(()));
        let two_issuers = Policy {
            issuers: vec!["https://other".into(), "https://iss".into()],
            client_ids: vec!["z".into(), "c".into()],
            ..policy()
        };
        assert_eq!(check(two_issuers.clone(), 50, good.clone()), Ok(()));
        let mut wrong_iss = good.clone();
        wrong_iss["iss"] = json!("https://evil");
        let why = check(two_issuers, 50, wrong_iss).unwrap_err().to_string();
        assert!(why.contains("one of") && why.contains("issuer"), "{why}");
        let other_client = Policy {
            client_ids: vec!["z".into()],
            ..policy()
        };
        assert!(check(other_client, 50, good.clone()).is_err());
        let groups = |g: &[&str]| Policy {
            groups: g.iter().map(|s| s.to_string()).collect(),
            ..policy()
        };
        assert_eq!(check(groups(&["b", "q"]), 50, good.clone()), Ok(()));
        let why = check(groups(&["q"]), 50, good.clone())
            .unwrap_err()
            .to_string();
        assert!(why.contains("cognito:groups"), "{why}");
        let scopes = |s: &[&str]| Policy {
            scopes: s.iter().map(|s| s.to_string()).collect(),
            ..policy()
        };
        assert_eq!(check(scopes(&["y"]), 50, good.clone()), Ok(()));
        assert!(check(scopes(&["x y"]), 50, good.clone()).is_err());
        // Time, with and without leeway.
        assert!(check(policy(), 100, good.clone()).is_err());
        let lenient = Policy {
            leeway: 5,
            ..policy()
        };
        assert_eq!(check(lenient.clone(), 104, good.clone()), Ok(()));
        assert!(
            check(policy(), 5, good.clone())
                .unwrap_err()
                .to_string()
                .contains("iat")
        );
        assert_eq!(check(lenient, 5, good), Ok(()));
    }

    /// Before, `"nbf": "9999999999"` (text) was skipped, so the token passed before its time.
    #[test]
    fn time_claims_of_the_wrong_type_are_refused() {
        use serde_json::json;
        let good = json!({"iss": "https://iss", "token_use": "access", "client_id": "c",
            "exp": 100, "nbf": 10, "iat": 10});
        assert_eq!(check(policy(), 50, good.clone()), Ok(()));
        for name in ["exp", "nbf", "iat"] {
            for wrong in [
                json!("9999999999"),
                json!(null),
                json!(true),
                json!([1]),
                json!({}),
            ] {
                let mut c = good.clone();
                c[name] = wrong.clone();
                let why = check(policy(), 50, c).unwrap_err().to_string();
                assert!(
                    why.contains(&format!("{name} claim is not a number")),
                    "{why}"
                );
            }
        }
    }

    fn header_only(header: &str) -> String {
        let b64 = |s: &str| URL_SAFE_NO_PAD.encode(s);
        format!("{}.{}.c2ln", b64(header), b64("{}"))
    }

    /// Before, `crit` was ignored (RFC 7515 §4.1.11 says refuse what is not understood), and
    /// a kid or alg of any length was quoted whole in the refusal.
    #[test]
    fn crit_is_refused_and_echoed_values_are_cut() {
        for crit in [r#"["exp"]"#, "[]", r#""b64""#] {
            let token = header_only(&format!(r#"{{"alg":"RS256","kid":"k","crit":{crit}}}"#));
            let why = verify::<RsaKey>(&token, &[], &expected())
                .unwrap_err()
                .to_string();
            assert!(why.contains("crit"), "{why}");
        }
        let long = "k".repeat(10_000);
        for header in [
            format!(r#"{{"alg":"RS256","kid":"{long}"}}"#),
            format!(r#"{{"alg":"{long}","kid":"k"}}"#),
        ] {
            let why = verify::<RsaKey>(&header_only(&header), &[], &expected())
                .unwrap_err()
                .to_string();
            assert!(why.len() < 200 && why.contains('…'), "{why}");
        }
        assert_eq!(shown("abc"), r#""abc""#);
        let cut = shown(&"é".repeat(70));
        assert_eq!(cut.chars().count(), SHOWN_CHARS + 3, "{cut}");
        assert!(cut.ends_with('…'));
        let issuer = json_issuer(&"i".repeat(1000));
        let why = check(policy(), 50, issuer).unwrap_err().to_string();
        assert!(why.len() < 200, "{why}");
    }

    fn json_issuer(iss: &str) -> serde_json::Value {
        serde_json::json!({"iss": iss, "token_use": "access", "client_id": "c", "exp": 100})
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
