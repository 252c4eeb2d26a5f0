//! The pool's signing keys, cached: fetched on first use, fetched again when a token names an
//! unknown key (the pool may have rotated them) but at most once per [`REFETCH_INTERVAL`].
//! A key set that cannot be fetched or parsed is an outage
//! ([`ErrorKind::KeysUnavailable`](crate::ErrorKind)), never a bad token.
//!
//! Fetches are single-flight: one at a time per key set, and its outcome, keys or failure, is
//! what every caller that waited for it gets. After a failure the key set is not fetched again
//! for a back-off ([`FIRST_BACKOFF`], doubling up to [`MAX_BACKOFF`]): callers fail at once
//! with that failure, so an outage of the key server costs one request per back-off, not one
//! per verification.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::jwks::{self, RsaKey, Timeouts};
use crate::jwt::Claims;
use crate::verify::{self, Expected, ParsedKey, Rejection};

/// Environment variable holding a JWKS document to use instead of fetching one (mandate's);
/// honoured only by the mandate-compatible clients ([`KeyCache::honouring_env`]).
pub const JWKS_ENV: &str = "COGNITO_JWKS";

/// The `kid` of the key moto signs every token with. Its private half ships with moto, so
/// anyone can sign with it: a key of that id is accepted only from an emulator on this
/// machine (see [`KeyCache::allowing_test_key`]).
pub const EMULATOR_TEST_KID: &str = "dummy";

/// An unknown `kid` fetches the key set again at most this often, so that tokens with made-up
/// key ids cannot make a server download the keys once per request.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(30);

/// How long the key set is not fetched again after a failed fetch; doubled after each further
/// failure, up to [`MAX_BACKOFF`].
pub const FIRST_BACKOFF: Duration = Duration::from_secs(2);
pub const MAX_BACKOFF: Duration = Duration::from_secs(30);

type Keys = Arc<Vec<ParsedKey>>;

#[derive(Default)]
struct State {
    keys: Option<Keys>,
    /// Fetches ended so far: a caller that waited at the gate while this moved takes the
    /// outcome of that fetch instead of fetching again.
    fetches: u64,
    last_success: Option<Instant>,
    /// The last fetch failed: its error, and until when no fetch is tried.
    failure: Option<Failure>,
}

struct Failure {
    error: Error,
    backoff: Duration,
    until: Instant,
}

pub struct KeyCache {
    url: String,
    /// Keys given up front (a JWKS loaded by the app): never fetched, never replaced.
    preloaded: bool,
    timeouts: Timeouts,
    /// Whether `COGNITO_JWKS` replaces the fetch (the mandate family only).
    honour_env: bool,
    /// Whether a key of id [`EMULATOR_TEST_KID`] may be used (a loopback endpoint).
    test_key_allowed: bool,
    state: Mutex<State>,
    /// Held while the keys are fetched (single flight).
    gate: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for KeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyCache").field("url", &self.url).finish()
    }
}

fn rejected(r: Rejection) -> Error {
    Error::invalid_token(r.to_string())
}

impl KeyCache {
    /// A cache for the key set at `url`, fetched within `timeouts`; it ignores `COGNITO_JWKS`
    /// and refuses the emulator's test key unless told otherwise.
    pub fn new(url: String, timeouts: Timeouts) -> Self {
        KeyCache {
            url,
            preloaded: false,
            timeouts,
            honour_env: false,
            test_key_allowed: false,
            state: Mutex::new(State::default()),
            gate: tokio::sync::Mutex::new(()),
        }
    }

    /// Takes the key set from `COGNITO_JWKS` when it is set, instead of fetching it (mandate's
    /// behaviour, kept for the mandate family only).
    pub fn honouring_env(mut self) -> Self {
        self.honour_env = true;
        self
    }

    /// Accepts the emulator's test key ([`EMULATOR_TEST_KID`]) when `allowed`: for a cache
    /// whose endpoint is a local emulator.
    pub fn allowing_test_key(mut self, allowed: bool) -> Self {
        self.test_key_allowed = allowed;
        self
    }

    /// A cache holding the keys of `document` (a JWKS) for good: nothing is ever fetched, and
    /// a token signed with another key is refused. The emulator's test key counts only when
    /// `test_key_allowed`.
    pub fn preloaded(document: &[u8], test_key_allowed: bool) -> Result<Self> {
        let cache = KeyCache {
            preloaded: true,
            timeouts: Timeouts::total(Duration::ZERO),
            ..KeyCache::new(String::new(), Timeouts::total(Duration::ZERO))
        }
        .allowing_test_key(test_key_allowed);
        let parsed = jwks::parse(document).map_err(Error::invalid_argument)?;
        let test_key_only = !parsed.is_empty() && parsed.iter().all(|k| k.kid == EMULATOR_TEST_KID);
        let keys = cache.usable(parsed);
        if keys.is_empty() {
            return Err(Error::invalid_argument(if test_key_only {
                "the JWKS holds only the emulator's test key (kid \"dummy\"), which is \
                 accepted only with a loopback endpoint_url (a local emulator)"
            } else {
                "the JWKS holds no RS256 signing key"
            }));
        }
        cache.state().keys = Some(Arc::new(keys));
        Ok(cache)
    }

    /// Whether keys are at hand (fetched or preloaded), so that a token verifies without I/O.
    pub fn has_keys(&self) -> bool {
        self.cached().is_some()
    }

    /// Fetches the keys now unless they are already cached (one fetch at a time).
    pub async fn hydrate(&self) -> Result<()> {
        self.refresh(None).await.map(|_| ())
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn cached(&self) -> Option<Keys> {
        self.state().keys.clone()
    }

    /// The keys a token may be signed with (all but the emulator's test key, unless allowed),
    /// parsed once for every verification to come.
    fn usable(&self, keys: Vec<RsaKey>) -> Vec<ParsedKey> {
        keys.iter()
            .filter(|k| self.test_key_allowed || k.kid != EMULATOR_TEST_KID)
            .map(ParsedKey::new)
            .collect()
    }

    /// The failure of the last fetch while its back-off runs: what callers get meanwhile.
    fn backing_off(state: &State) -> Option<Error> {
        let failure = state.failure.as_ref()?;
        let left = failure.until.checked_duration_since(Instant::now())?;
        let mut error = failure.error.clone();
        error.message = format!(
            "{} (not fetched again for {} s)",
            error.message,
            left.as_secs() + 1
        );
        Some(error)
    }

    /// Records how a fetch ended, for the callers that waited for it and the back-off.
    fn record<T>(&self, outcome: &Result<T>) {
        let mut state = self.state();
        state.fetches += 1;
        match outcome {
            Ok(_) => {
                state.failure = None;
                state.last_success = Some(Instant::now());
            }
            Err(error) => {
                let backoff = state
                    .failure
                    .as_ref()
                    .map_or(FIRST_BACKOFF, |f| (f.backoff * 2).min(MAX_BACKOFF));
                state.failure = Some(Failure {
                    error: error.clone(),
                    backoff,
                    until: Instant::now() + backoff,
                });
            }
        }
    }

    /// The JWKS document: `COGNITO_JWKS` if honoured and set, else fetched.
    async fn document_bytes(&self) -> Result<Vec<u8>> {
        if self.honour_env
            && let Ok(doc) = std::env::var(JWKS_ENV)
            && !doc.trim().is_empty()
        {
            return Ok(doc.into_bytes());
        }
        jwks::fetch(&self.url, self.timeouts)
            .await
            .map_err(Error::keys_unavailable)
    }

    /// Fetches and parses the key set, and keeps it.
    async fn fetch_keys(&self) -> Result<(Keys, serde_json::Value)> {
        let bytes = self.document_bytes().await?;
        let doc = serde_json::from_slice(&bytes)
            .map_err(|_| Error::keys_unavailable("the JWKS is not valid JSON"))?;
        let keys = Arc::new(self.usable(jwks::parse(&bytes).map_err(Error::keys_unavailable)?));
        self.state().keys = Some(keys.clone());
        Ok((keys, doc))
    }

    /// The JWKS document itself (mandate's `get_keys`): fetched now (unless a fetch failed
    /// moments ago), which refreshes the cache.
    pub async fn document(&self) -> Result<serde_json::Value> {
        if let Some(error) = Self::backing_off(&self.state()) {
            return Err(error);
        }
        let _gate = self.gate.lock().await;
        if let Some(error) = Self::backing_off(&self.state()) {
            return Err(error);
        }
        let outcome = self.fetch_keys().await;
        self.record(&outcome);
        outcome.map(|(_, doc)| doc)
    }

    /// The key set, fetched if need be, one fetch at a time: a caller that waited while
    /// another fetched takes that fetch's outcome, success or failure; `stale` keys (a token's
    /// kid is not among them) are replaced at most once per [`REFETCH_INTERVAL`], and not at
    /// all while a failed fetch's back-off runs.
    async fn refresh(&self, stale: Option<&Keys>) -> Result<Keys> {
        let seen = {
            let state = self.state();
            if self.preloaded
                && let Some(keys) = &state.keys
            {
                return Ok(keys.clone());
            }
            if let Some(error) = Self::backing_off(&state) {
                return Err(error);
            }
            state.fetches
        };
        let _gate = self.gate.lock().await;
        {
            let state = self.state();
            if state.fetches != seen {
                // A fetch ended while this caller waited: its outcome is this caller's too.
                if let Some(failure) = &state.failure {
                    return Err(failure.error.clone());
                }
            }
            if let Some(current) = &state.keys {
                let replaced_meanwhile = stale.is_none_or(|s| !Arc::ptr_eq(s, current));
                let too_soon = state
                    .last_success
                    .is_some_and(|t| t.elapsed() < REFETCH_INTERVAL);
                if replaced_meanwhile || too_soon {
                    return Ok(current.clone());
                }
            }
            if let Some(error) = Self::backing_off(&state) {
                return Err(error);
            }
        }
        let outcome = self.fetch_keys().await;
        self.record(&outcome);
        outcome.map(|(keys, _)| keys)
    }

    /// A token that names the emulator's test key where it is not allowed is refused as such,
    /// without fetching anything (the key set never holds it then).
    fn refusal(&self, rejection: Rejection) -> Error {
        match rejection {
            Rejection::UnknownKid(kid) if kid == EMULATOR_TEST_KID && !self.test_key_allowed => {
                Error::invalid_token(
                    "the token is signed with the emulator's published test key (kid \"dummy\"), \
                     accepted only from a local emulator (a loopback endpoint)",
                )
            }
            other => rejected(other),
        }
    }

    /// Verifies with the keys already cached, without any I/O: None when there are none yet or
    /// the token's key is not among them (then [`Self::verify`] fetches the key set).
    pub fn verify_cached(&self, token: &str, expected: &Expected<'_>) -> Option<Result<Claims>> {
        let keys = self.cached()?;
        match verify::verify(token, &keys, expected) {
            Err(Rejection::UnknownKid(kid))
                if self.test_key_allowed || kid != EMULATOR_TEST_KID =>
            {
                None
            }
            other => Some(other.map_err(|r| self.refusal(r))),
        }
    }

    /// Verifies `token`, fetching the keys first if need be.
    pub async fn verify(&self, token: &str, expected: &Expected<'_>) -> Result<Claims> {
        // With no keys, verification stops at the kid: what is wrong before it (or a kid that
        // is never accepted) is refused without fetching anything.
        match verify::verify::<ParsedKey>(token, &[], expected) {
            Err(Rejection::UnknownKid(kid))
                if self.test_key_allowed || kid != EMULATOR_TEST_KID => {}
            other => return other.map_err(|r| self.refusal(r)),
        }
        let (keys, fresh) = match self.cached() {
            Some(keys) => (keys, false),
            None => (self.refresh(None).await?, true),
        };
        match verify::verify(token, &keys, expected) {
            Err(Rejection::UnknownKid(_)) if !fresh => {
                let keys = self.refresh(Some(&keys)).await?;
                verify::verify(token, &keys, expected).map_err(|r| self.refusal(r))
            }
            other => other.map_err(|r| self.refusal(r)),
        }
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;
    use crate::ErrorKind;
    use crate::verify::tests::expected;

    #[tokio::test]
    async fn an_unreachable_key_set_is_an_outage_and_bad_tokens_fetch_nothing() {
        // Port 9 (discard) refuses connections on loopback.
        let cache = KeyCache::new(
            "http://127.0.0.1:9/jwks.json".into(),
            Timeouts::total(Duration::from_secs(2)),
        );
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k"}"#);
        let token = format!("{header}.{}.c2ln", URL_SAFE_NO_PAD.encode("{}"));
        let err = cache.verify(&token, &expected()).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::KeysUnavailable);
        assert!(cache.verify_cached(&token, &expected()).is_none());
        let err = cache.verify("not.a.jwt", &expected()).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidToken);
    }

    fn token_with_kid(kid: &str) -> String {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"RS256","kid":"{kid}"}}"#));
        format!("{header}.{}.c2ln", URL_SAFE_NO_PAD.encode("{}"))
    }

    /// Before, a failed fetch left nothing behind: the next verification fetched again.
    #[tokio::test]
    async fn a_failed_fetch_is_not_tried_again_during_its_back_off() {
        let cache = KeyCache::new(
            "http://127.0.0.1:9/jwks.json".into(),
            Timeouts::total(Duration::from_secs(2)),
        );
        let first = cache
            .verify(&token_with_kid("k"), &expected())
            .await
            .unwrap_err();
        assert!(
            !first.message.contains("not fetched again"),
            "{}",
            first.message
        );
        assert_eq!(cache.state().fetches, 1);
        for _ in 0..5 {
            let again = cache
                .verify(&token_with_kid("k"), &expected())
                .await
                .unwrap_err();
            assert_eq!(again.kind, ErrorKind::KeysUnavailable);
            assert!(
                again.message.contains("not fetched again"),
                "{}",
                again.message
            );
        }
        assert!(cache.hydrate().await.is_err());
        assert!(cache.document().await.is_err());
        assert_eq!(cache.state().fetches, 1, "no fetch during the back-off");
        // The back-off doubles with each failure, up to its cap.
        cache.state().failure.as_mut().unwrap().until = Instant::now();
        assert!(cache.hydrate().await.is_err());
        assert_eq!(
            cache.state().failure.as_ref().unwrap().backoff,
            FIRST_BACKOFF * 2
        );
        assert_eq!(cache.state().fetches, 2);
    }

    /// Before, moto's test key signed tokens for any pool wherever the keys came from.
    #[tokio::test]
    async fn the_emulator_test_key_needs_a_loopback_endpoint() {
        let doc = br#"{"keys":[{"kty":"RSA","alg":"RS256","kid":"dummy","n":"AQAB","e":"AQAB"}]}"#;
        let err = KeyCache::preloaded(doc, false).unwrap_err();
        assert!(err.message.contains("test key"), "{}", err.message);
        let local = KeyCache::preloaded(doc, true).unwrap();
        assert!(local.has_keys());
        // A cache that would fetch: the test kid is refused as such, without a fetch.
        let remote = KeyCache::new(
            "http://127.0.0.1:9/jwks.json".into(),
            Timeouts::total(Duration::from_secs(2)),
        );
        let err = remote
            .verify(&token_with_kid("dummy"), &expected())
            .await
            .unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidToken);
        assert!(err.message.contains("test key"), "{}", err.message);
        assert_eq!(remote.state().fetches, 0);
        let mixed = br#"{"keys":[{"kty":"RSA","kid":"dummy","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","kid":"real","n":"AQAB","e":"AQAB"}]}"#;
        let cache = KeyCache::preloaded(mixed, false).unwrap();
        let err = cache
            .verify_cached(&token_with_kid("dummy"), &expected())
            .unwrap()
            .unwrap_err();
        assert!(err.message.contains("test key"), "{}", err.message);
    }

    /// A key server on loopback answering every request with `doc` after `delay`; counts them.
    async fn key_server(
        doc: &'static str,
        delay: Duration,
    ) -> (String, Arc<std::sync::atomic::AtomicUsize>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/jwks.json", listener.local_addr().unwrap());
        let count = Arc::new(AtomicUsize::new(0));
        let counted = count.clone();
        tokio::spawn(async move {
            while let Ok((mut conn, _)) = listener.accept().await {
                counted.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    let _ = conn.read(&mut buf).await;
                    tokio::time::sleep(delay).await;
                    let answer = format!(
                        "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{doc}",
                        doc.len()
                    );
                    let _ = conn.write_all(answer.as_bytes()).await;
                });
            }
        });
        (url, count)
    }

    /// Before, this held only while the fetch succeeded; now also checked after the cooldown:
    /// many unknown kids at once fetch the key set once between them.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn unknown_kids_after_the_cooldown_fetch_once_for_all() {
        use std::sync::atomic::Ordering;
        let doc = r#"{"keys":[{"kty":"RSA","kid":"real","n":"AQAB","e":"AQAB"}]}"#;
        let (url, count) = key_server(doc, Duration::from_millis(300)).await;
        let cache = Arc::new(KeyCache::new(url, Timeouts::total(Duration::from_secs(10))));
        cache.hydrate().await.unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 1);
        let burst = |cache: Arc<KeyCache>| async move {
            let tasks: Vec<_> = (0..20)
                .map(|i| {
                    let cache = cache.clone();
                    tokio::spawn(async move {
                        let token = token_with_kid(&format!("made-up-{i}"));
                        cache.verify(&token, &expected()).await
                    })
                })
                .collect();
            for task in tasks {
                let err = task.await.unwrap().unwrap_err();
                assert!(err.message.contains("unknown key"), "{}", err.message);
            }
        };
        burst(cache.clone()).await;
        assert_eq!(count.load(Ordering::SeqCst), 1, "within the cooldown");
        cache.state().last_success = Some(Instant::now() - REFETCH_INTERVAL);
        burst(cache.clone()).await;
        assert_eq!(
            count.load(Ordering::SeqCst),
            2,
            "once after the cooldown, for all"
        );
    }
}
