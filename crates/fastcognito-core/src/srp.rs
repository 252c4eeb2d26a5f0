//! The client side of Cognito's SRP-6a (USER_SRP_AUTH, then PASSWORD_VERIFIER).
//!
//! RFC 5054's 3072-bit group with g = 2, SHA-256, and Cognito's choices: k = H(N || g),
//! x = H(salt || H(pool_name || username || ":" || password)), a 16-byte HKDF key
//! ("Caldera Derived Key"), and a claim signed over pool name, user id, secret block and an
//! English timestamp.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use sha2::{Digest, Sha256};

use crate::srp_modexp::ModExp;

const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
);
const INFO: &[u8] = b"Caldera Derived Key\x01";

/// Why an SRP step failed. Never carries a password or key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrpError(pub &'static str);

impl std::fmt::Display for SrpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}
impl std::error::Error for SrpError {}

pub(crate) fn n() -> BigUint {
    BigUint::parse_bytes(N_HEX.as_bytes(), 16)
        .unwrap_or_else(|| unreachable!("N is a valid hex constant"))
}

/// Exponentiations modulo N (`base` below N): by AWS-LC's assembly, or by num-bigint should
/// AWS-LC fail (it only can when out of memory).
struct PowModN {
    n: BigUint,
    fast: Option<ModExp>,
}

impl PowModN {
    fn new() -> Self {
        let n = n();
        let fast = ModExp::new(&n.to_bytes_be()).ok();
        PowModN { n, fast }
    }

    fn pow(&self, base: &BigUint, exp: &BigUint) -> BigUint {
        self.fast
            .as_ref()
            .and_then(|m| m.pow(&base.to_bytes_be(), &exp.to_bytes_be()).ok())
            .map_or_else(|| base.modpow(exp, &self.n), |r| BigUint::from_bytes_be(&r))
    }
}

pub(crate) fn g() -> BigUint {
    BigUint::from(2u32)
}

/// Big-endian bytes with a leading zero byte when the high bit is set (the `pad_hex` of the
/// Cognito SDKs: the number as a positive two's-complement value).
pub fn pad(n: &BigUint) -> Vec<u8> {
    let bytes = n.to_bytes_be();
    if bytes[0] & 0x80 != 0 {
        let mut padded = Vec::with_capacity(bytes.len() + 1);
        padded.push(0);
        padded.extend_from_slice(&bytes);
        padded
    } else {
        bytes
    }
}

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

fn hash_to_int(parts: &[&[u8]]) -> BigUint {
    BigUint::from_bytes_be(&sha256(parts))
}

fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes keys of any length"));
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

/// k = H(pad(N) || pad(g)).
pub fn k() -> BigUint {
    hash_to_int(&[&pad(&n()), &pad(&g())])
}

/// u = H(pad(A) || pad(B)).
pub fn scramble(big_a: &BigUint, big_b: &BigUint) -> BigUint {
    hash_to_int(&[&pad(big_a), &pad(big_b)])
}

/// x = H(pad(salt) || H(pool_name || user_id || ":" || password)).
pub fn private_x(pool_name: &str, user_id: &str, password: &str, salt: &BigUint) -> BigUint {
    let inner = sha256(&[
        pool_name.as_bytes(),
        user_id.as_bytes(),
        b":",
        password.as_bytes(),
    ]);
    // The SDKs hash the hex digest's bytes, i.e. the raw 32 bytes.
    hash_to_int(&[&pad(salt), &inner])
}

/// v = g^x mod N: what the server keeps instead of the password (a device's, for device SRP).
pub fn verifier(pool_name: &str, user_id: &str, password: &str, salt: &BigUint) -> BigUint {
    PowModN::new().pow(&g(), &private_x(pool_name, user_id, password, salt))
}

/// The 16-byte key both sides derive from the shared secret S and the scrambler u.
pub fn session_key(s: &BigUint, u: &BigUint) -> [u8; 16] {
    let prk = hmac_sha256(&pad(u), &[&pad(s)]);
    let okm = hmac_sha256(&prk, &[INFO]);
    let mut key = [0u8; 16];
    key.copy_from_slice(&okm[..16]);
    key
}

/// PASSWORD_CLAIM_SIGNATURE: Base64(HMAC(key, pool_name || user_id || secret_block || timestamp)).
pub fn claim_signature(
    key: &[u8; 16],
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> String {
    STANDARD.encode(hmac_sha256(
        key,
        &[
            pool_name.as_bytes(),
            user_id.as_bytes(),
            secret_block,
            timestamp.as_bytes(),
        ],
    ))
}

fn parse_hex(s: &str, what: &'static str) -> Result<BigUint, SrpError> {
    let s = s.trim();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(SrpError(what));
    }
    BigUint::parse_bytes(s.as_bytes(), 16).ok_or(SrpError(what))
}

/// The client's ephemeral values for one login.
pub struct SrpClient {
    a: BigUint,
    big_a: BigUint,
}

impl std::fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SrpClient(**secret**)")
    }
}

/// What the PASSWORD_VERIFIER challenge carries.
pub struct Challenge<'a> {
    pub user_id_for_srp: &'a str,
    pub srp_b: &'a str,
    pub salt: &'a str,
    pub secret_block: &'a str,
}

impl SrpClient {
    /// A fresh client with a random 1024-bit `a`.
    pub fn new() -> Result<Self, SrpError> {
        let mut bytes = [0u8; 128];
        getrandom::getrandom(&mut bytes)
            .map_err(|_| SrpError("no randomness available for SRP"))?;
        Ok(Self::with_secret(BigUint::from_bytes_be(&bytes)))
    }

    /// A deterministic client derived from a seed (for tests and fuzzing, never for logins).
    pub fn from_seed(seed: u64) -> Self {
        let mut bytes = [0u8; 128];
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            chunk.copy_from_slice(
                &(seed ^ (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)).to_be_bytes(),
            );
        }
        Self::with_secret(BigUint::from_bytes_be(&bytes))
    }

    /// A client with a chosen `a` (for tests).
    pub fn with_secret(a: BigUint) -> Self {
        let pow = PowModN::new();
        let a = a % &pow.n;
        let big_a = pow.pow(&g(), &a);
        SrpClient { a, big_a }
    }

    pub fn public_a(&self) -> &BigUint {
        &self.big_a
    }

    /// SRP_A as Cognito wants it: lowercase hex without padding.
    pub fn srp_a_hex(&self) -> String {
        self.big_a.to_str_radix(16)
    }

    /// The PASSWORD_CLAIM_SIGNATURE for a PASSWORD_VERIFIER challenge.
    pub fn password_claim(
        &self,
        pool_name: &str,
        password: &str,
        challenge: &Challenge<'_>,
        timestamp: &str,
    ) -> Result<String, SrpError> {
        let pow = PowModN::new();
        let n = &pow.n;
        let big_b = parse_hex(challenge.srp_b, "SRP_B is not hexadecimal")?;
        if (&big_b % n) == BigUint::from(0u32) {
            return Err(SrpError("SRP_B is zero modulo N"));
        }
        let salt = parse_hex(challenge.salt, "SALT is not hexadecimal")?;
        let secret_block = secret_block_bytes(challenge.secret_block);
        let u = scramble(&self.big_a, &big_b);
        if u == BigUint::from(0u32) {
            return Err(SrpError("the SRP scrambler is zero"));
        }
        let x = private_x(pool_name, challenge.user_id_for_srp, password, &salt);
        let kgx = (k() * pow.pow(&g(), &x)) % n;
        let base = ((&big_b % n) + n - kgx) % n;
        let s = pow.pow(&base, &(&self.a + &u * &x));
        let key = session_key(&s, &u);
        Ok(claim_signature(
            &key,
            pool_name,
            challenge.user_id_for_srp,
            &secret_block,
            timestamp,
        ))
    }
}

/// SECRET_BLOCK's bytes, read as leniently as pycognito reads them: Cognito sends base64, but
/// emulators (moto sends a UUID) may not, and the server checks the signature anyway. Strict
/// base64 first; else what Python's non-validating `b64decode` makes of it (characters outside
/// the alphabet dropped); else the text's own bytes.
pub fn secret_block_bytes(block: &str) -> Vec<u8> {
    let block = block.trim();
    if let Ok(bytes) = STANDARD.decode(block) {
        return bytes;
    }
    let kept: String = block
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '='))
        .collect();
    match STANDARD.decode(&kept) {
        Ok(bytes) if !bytes.is_empty() => bytes,
        _ => block.as_bytes().to_vec(),
    }
}

/// The pool name SRP uses: the part of the pool id after the `_`.
pub fn pool_name(user_pool_id: &str) -> &str {
    user_pool_id
        .split_once('_')
        .map_or(user_pool_id, |(_, name)| name)
}

/// "Mon Jan 2 03:04:05 UTC 2026": English names whatever the locale, day without a leading zero.
pub fn timestamp(at: SystemTime) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        DAYS[(days % 7) as usize],
        MONTHS[(month - 1) as usize],
        day,
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60,
        year
    )
}

/// Days since 1970-01-01 to (year, month, day), Howard Hinnant's algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn timestamps_are_english_without_leading_zero() {
        let at = UNIX_EPOCH + Duration::from_secs(1_767_323_045); // 2026-01-02 03:04:05 UTC, a Friday
        assert_eq!(timestamp(at), "Fri Jan 2 03:04:05 UTC 2026");
        assert_eq!(timestamp(UNIX_EPOCH), "Thu Jan 1 00:00:00 UTC 1970");
        let leap = UNIX_EPOCH + Duration::from_secs(1_709_164_800 + 23 * 3600 + 59 * 60 + 59); // 2024-02-29
        assert_eq!(timestamp(leap), "Thu Feb 29 23:59:59 UTC 2024");
    }

    #[test]
    fn pad_adds_a_zero_byte_only_when_the_high_bit_is_set() {
        assert_eq!(pad(&BigUint::from(0x7fu32)), vec![0x7f]);
        assert_eq!(pad(&BigUint::from(0x80u32)), vec![0x00, 0x80]);
        assert_eq!(pad(&BigUint::from(0x0102u32)), vec![0x01, 0x02]);
        assert_eq!(pad(&n())[0], 0);
    }

    #[test]
    fn k_matches_the_cognito_sdks() {
        // k = H('00' + N_hex + '02'), as amazon-cognito-identity-js and warrant compute it.
        assert_eq!(
            k().to_str_radix(16),
            "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6"
        );
    }

    /// The server side of SRP-6a, written from the protocol rather than from the client code:
    /// v = g^x, B = k*v + g^b, S = (A * v^u)^b.
    fn server_signature(
        client: &SrpClient,
        pool: &str,
        user: &str,
        password: &str,
        ts: &str,
    ) -> (String, String) {
        let n = n();
        let salt = BigUint::from_bytes_be(&[0x5a; 16]);
        let b = BigUint::from_bytes_be(&[0x33; 40]);
        let v = g().modpow(&private_x(pool, user, password, &salt), &n);
        let big_b = (k() * &v + g().modpow(&b, &n)) % &n;
        let u = scramble(client.public_a(), &big_b);
        let s = (client.public_a() * v.modpow(&u, &n)).modpow(&b, &n);
        let block = b"secret-block-bytes";
        let sig = claim_signature(&session_key(&s, &u), pool, user, block, ts);
        (
            sig,
            format!(
                "{}|{}|{}",
                big_b.to_str_radix(16),
                salt.to_str_radix(16),
                STANDARD.encode(block)
            ),
        )
    }

    /// The PASSWORD_VERIFIER challenge for "user-id-1" from `server_signature`'s wire form
    /// (`SRP_B|SALT|SECRET_BLOCK`).
    fn challenge_for_user_id_1(wire: &str) -> Challenge<'_> {
        let mut parts = wire.split('|');
        let mut next = || parts.next().unwrap();
        Challenge {
            user_id_for_srp: "user-id-1",
            srp_b: next(),
            salt: next(),
            secret_block: next(),
        }
    }

    #[test]
    fn client_proof_matches_an_independent_verifier() {
        let client = SrpClient::new().unwrap();
        let ts = "Sun Nov 22 03:04:05 UTC 2026";
        let (expected, wire) = server_signature(&client, "AbCdEf", "user-id-1", "Passw0rd!", ts);
        let challenge = challenge_for_user_id_1(&wire);
        assert_eq!(
            client
                .password_claim("AbCdEf", "Passw0rd!", &challenge, ts)
                .unwrap(),
            expected
        );
        // A wrong password gives another proof.
        assert_ne!(
            client
                .password_claim("AbCdEf", "Passw0rd?", &challenge, ts)
                .unwrap(),
            expected
        );
    }

    #[test]
    fn hostile_challenges_are_errors() {
        let client = SrpClient::with_secret(BigUint::from(12345u32));
        let ok = Challenge {
            user_id_for_srp: "u",
            srp_b: "abc",
            salt: "01",
            secret_block: "AAAA",
        };
        assert!(client.password_claim("p", "pw", &ok, "t").is_ok());
        for bad in [
            Challenge { srp_b: "", ..ok },
            Challenge { srp_b: "zz", ..ok },
            Challenge { srp_b: N_HEX, ..ok },
            Challenge {
                salt: "not hex",
                ..ok
            },
        ] {
            assert!(client.password_claim("p", "pw", &bad, "t").is_err());
        }
    }

    #[test]
    fn secret_block_is_read_leniently() {
        assert_eq!(secret_block_bytes("AAEC"), [0, 1, 2]);
        assert_eq!(secret_block_bytes(" AAEC\n"), [0, 1, 2]);
        // moto's UUID: decoded as Python's b64decode does (the dashes dropped), like pycognito.
        let uuid = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";
        let hex: String = uuid.chars().filter(|c| *c != '-').collect();
        assert_eq!(secret_block_bytes(uuid), STANDARD.decode(&hex).unwrap());
        // Nothing base64 can make sense of: the text itself.
        assert_eq!(secret_block_bytes("***"), b"***");
        assert_eq!(secret_block_bytes("abc"), b"abc");
        let client = SrpClient::with_secret(BigUint::from(12345u32));
        let moto = Challenge {
            user_id_for_srp: "u",
            srp_b: "abc",
            salt: "01",
            secret_block: uuid,
        };
        assert!(client.password_claim("p", "pw", &moto, "t").is_ok());
    }

    #[test]
    fn aws_lc_pow_matches_num_bigint() {
        let pow = PowModN::new();
        assert!(pow.fast.is_some());
        let n = n();
        for seed in 1..6u64 {
            let base = SrpClient::from_seed(seed).a % &n;
            let exp = SrpClient::from_seed(seed * 7919).a;
            assert_eq!(pow.pow(&base, &exp), base.modpow(&exp, &n));
            assert_eq!(pow.pow(&g(), &exp), g().modpow(&exp, &n));
        }
        assert_eq!(pow.pow(&g(), &BigUint::from(0u32)), BigUint::from(1u32));
        assert_eq!(
            pow.pow(&BigUint::from(0u32), &BigUint::from(5u32)),
            BigUint::from(0u32)
        );
    }

    /// Client CPU of one sign-in's SRP math (`cargo test --release -p fastcognito-core
    /// srp_cpu -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn srp_cpu() {
        let ts = "Sun Nov 22 03:04:05 UTC 2026";
        let client = SrpClient::new().unwrap();
        let (_, wire) = server_signature(&client, "AbCdEf", "user-id-1", "Passw0rd!", ts);
        let challenge = challenge_for_user_id_1(&wire);
        let rounds = 50;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            let client = SrpClient::new().unwrap();
            client
                .password_claim("AbCdEf", "Passw0rd!", &challenge, ts)
                .unwrap();
        }
        let per = start.elapsed() / rounds;
        let pow = PowModN::new();
        let a = SrpClient::from_seed(3).a;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            pow.pow(&g(), &a);
        }
        let fast = start.elapsed() / rounds;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            g().modpow(&a, &n());
        }
        let slow = start.elapsed() / rounds;
        let start = std::time::Instant::now();
        for _ in 0..rounds {
            PowModN::new();
        }
        let setup = start.elapsed() / rounds;
        println!(
            "SRP math per sign-in: {per:?}; g^a (1024-bit a): aws-lc {fast:?}, num-bigint {slow:?}; setup {setup:?}"
        );
    }

    #[test]
    fn pool_name_is_after_the_underscore() {
        assert_eq!(pool_name("eu-west-1_AbC"), "AbC");
        assert_eq!(pool_name("plain"), "plain");
    }
}
