//! Property-based fuzzing of everything that parses untrusted input: JWTs (decode and
//! verify), JWKS documents and SRP challenge parameters. Any input must give a value or an
//! error, never a panic.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fastcognito_core::config;
use fastcognito_core::jwks::{self, RsaKey};
use fastcognito_core::jwt::{self, unverified_claims};
use fastcognito_core::srp::{Challenge, SrpClient};
use fastcognito_core::verify::{self, Expected, Policy, TokenUse};
use proptest::prelude::*;

fn segment() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9_-]{0,40}",
        any::<Vec<u8>>().prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        Just("eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ".to_owned()),
        Just("eyJleHAiOjF9".to_owned()),
        Just(String::new()),
    ]
}

fn token() -> impl Strategy<Value = String> {
    prop::collection::vec(segment(), 0..6).prop_map(|parts| parts.join("."))
}

fn keys() -> Vec<RsaKey> {
    vec![RsaKey {
        kid: "k".into(),
        n: vec![0xc5; 256],
        e: vec![1, 0, 1],
    }]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn jwt_decoding_never_panics(t in token()) {
        let _ = unverified_claims(&t);
        let _ = jwt::parse(&t);
    }

    #[test]
    fn jwt_verification_never_panics(t in token(), use_id in any::<bool>(), now in any::<u64>()) {
        let policy = Policy {
            issuers: vec!["https://issuer".into()], client_ids: vec!["c".into()],
            token_use: if use_id { TokenUse::Id } else { TokenUse::Access },
            groups: vec!["g".into()], scopes: vec!["s".into()], leeway: now % 600,
        };
        let expected = Expected { policy: std::borrow::Cow::Owned(policy), now };
        let _ = verify::verify(&t, &keys(), &expected);
        let _ = jwt::unverified_issuer(&t);
    }

    /// What a refusal quotes of the token is cut (issue 15): a header of any kid, alg, crit or
    /// time claim gives a refusal of bounded length, never a panic.
    #[test]
    fn refusals_stay_short_whatever_the_header(
        kid in "\\PC{0,3000}", alg in prop_oneof![Just("RS256".to_owned()), "\\PC{0,3000}"],
        crit in any::<bool>(), nbf in "\\PC{0,50}",
    ) {
        let mut header = fastcognito_core::serde_json::json!({"alg": alg, "kid": kid});
        if crit {
            header["crit"] = fastcognito_core::serde_json::json!(["exp"]);
        }
        let claims = fastcognito_core::serde_json::json!({"iss": "https://issuer", "exp": 1, "nbf": nbf});
        let b64 = |v: &fastcognito_core::serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
        let token = format!("{}.{}.c2ln", b64(&header), b64(&claims));
        let policy = Policy {
            issuers: vec!["https://issuer".into()], client_ids: vec!["c".into()],
            token_use: TokenUse::Access, groups: vec![], scopes: vec![], leeway: 0,
        };
        let expected = Expected { policy: std::borrow::Cow::Owned(policy), now: 0 };
        let why = verify::verify(&token, &keys(), &expected).unwrap_err().to_string();
        prop_assert!(why.len() < 400, "{} bytes", why.len());
    }

    /// Whatever passes as a pool id is safe in a host name and a URL path.
    #[test]
    fn accepted_pool_ids_are_url_safe(id in prop_oneof!["\\PC{0,60}", "[a-z-]{1,12}[0-9]_[A-Za-z0-9./?#_-]{0,8}"]) {
        if config::check_pool_id(&id).is_ok() {
            prop_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{id}");
        }
    }

    #[test]
    fn jwks_parsing_never_panics(doc in any::<Vec<u8>>(), text in "\\PC{0,200}") {
        let _ = jwks::parse(&doc);
        let _ = jwks::parse(text.as_bytes());
        let wrapped = format!(r#"{{"keys":[{{"kty":"RSA","kid":{text:?},"n":{text:?},"e":"AQAB"}}]}}"#);
        let _ = jwks::parse(wrapped.as_bytes());
    }

}

proptest! {
    // Each SRP case does 3072-bit modular exponentiations: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn srp_challenge_parsing_never_panics(
        srp_b in "\\PC{0,80}", salt in "\\PC{0,40}", block in "\\PC{0,60}", user in "\\PC{0,20}", seed in any::<u64>(),
    ) {
        let client = SrpClient::from_seed(seed);
        let challenge = Challenge { user_id_for_srp: &user, srp_b: &srp_b, salt: &salt, secret_block: &block };
        let _ = client.password_claim("pool", "password", &challenge, "Sun Nov 22 03:04:05 UTC 2026");
    }

    #[test]
    fn srp_accepts_any_hex_challenge(b in "[0-9a-f]{1,800}", salt in "[0-9a-f]{1,64}", seed in any::<u64>()) {
        let client = SrpClient::from_seed(seed);
        let challenge = Challenge { user_id_for_srp: "u", srp_b: &b, salt: &salt, secret_block: "AAAA" };
        // Either a signature or a clean error (B = 0 mod N, u = 0).
        let _ = client.password_claim("pool", "pw", &challenge, "t");
    }
}
