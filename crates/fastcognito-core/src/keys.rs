//! The pool's signing keys, cached: fetched on first use, fetched again when a token names an
//! unknown key (the pool may have rotated them) but at most once per [`REFETCH_INTERVAL`], one
//! fetch at a time. A key set that cannot be fetched or parsed is an outage
//! ([`ErrorKind::KeysUnavailable`](crate::ErrorKind)), never a bad token.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::jwks::{self, RsaKey};
use crate::jwt::Claims;
use crate::verify::{self, Expected, Rejection};

/// Environment variable holding a JWKS document to use instead of fetching one (as mandate).
pub const JWKS_ENV: &str = "COGNITO_JWKS";

/// An unknown `kid` fetches the key set again at most this often, so that tokens with made-up
/// key ids cannot make a server download the keys once per request.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(30);

type Keys = Arc<Vec<RsaKey>>;

pub struct KeyCache {
    url: String,
    /// Keys given up front (a JWKS loaded by the app): never fetched, never replaced.
    preloaded: bool,
    timeout: Duration,
    keys: Mutex<Option<Keys>>,
    /// Held while the keys are fetched (single flight); when the last fetch ended.
    last_fetch: tokio::sync::Mutex<Option<Instant>>,
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
    /// A cache for the key set at `url`, each fetch bounded by `timeout`.
    pub fn new(url: String, timeout: Duration) -> Self {
        KeyCache {
            url,
            preloaded: false,
            timeout,
            keys: Mutex::new(None),
            last_fetch: tokio::sync::Mutex::new(None),
        }
    }

    /// A cache holding the keys of `document` (a JWKS) for good: nothing is ever fetched, and
    /// a token signed with another key is refused.
    pub fn preloaded(document: &[u8]) -> Result<Self> {
        let keys = jwks::parse(document).map_err(Error::invalid_argument)?;
        if keys.is_empty() {
            return Err(Error::invalid_argument(
                "the JWKS holds no RS256 signing key",
            ));
        }
        let cache = KeyCache {
            url: String::new(),
            preloaded: true,
            timeout: Duration::ZERO,
            keys: Mutex::new(None),
            last_fetch: tokio::sync::Mutex::new(None),
        };
        cache.store(keys);
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

    fn cached(&self) -> Option<Keys> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    fn store(&self, keys: Vec<RsaKey>) -> Keys {
        let keys = Arc::new(keys);
        *self.keys.lock().unwrap_or_else(|p| p.into_inner()) = Some(keys.clone());
        keys
    }

    /// The JWKS document: `COGNITO_JWKS` if set, else fetched.
    async fn document_bytes(&self) -> Result<Vec<u8>> {
        match std::env::var(JWKS_ENV) {
            Ok(doc) if !doc.trim().is_empty() => Ok(doc.into_bytes()),
            _ => jwks::fetch(&self.url, self.timeout)
                .await
                .map_err(Error::keys_unavailable),
        }
    }

    /// The JWKS document itself (mandate's `get_keys`); refreshes the cache.
    pub async fn document(&self) -> Result<serde_json::Value> {
        let bytes = self.document_bytes().await?;
        let doc = serde_json::from_slice(&bytes)
            .map_err(|_| Error::keys_unavailable("the JWKS is not valid JSON"))?;
        self.store(jwks::parse(&bytes).map_err(Error::keys_unavailable)?);
        Ok(doc)
    }

    /// Fetches the key set, one fetch at a time: a caller that waited while another fetched
    /// takes that result, and `stale` keys (an unknown kid) are replaced at most once per
    /// [`REFETCH_INTERVAL`]; within it the same keys come back.
    async fn refresh(&self, stale: Option<&Keys>) -> Result<Keys> {
        let mut last_fetch = self.last_fetch.lock().await;
        if let Some(current) = self.cached() {
            if self.preloaded {
                return Ok(current);
            }
            let replaced_meanwhile = stale.is_none_or(|s| !Arc::ptr_eq(s, &current));
            let too_soon = last_fetch.is_some_and(|t| t.elapsed() < REFETCH_INTERVAL);
            if replaced_meanwhile || too_soon {
                return Ok(current);
            }
        }
        let bytes = self.document_bytes().await?;
        let keys = self.store(jwks::parse(&bytes).map_err(Error::keys_unavailable)?);
        *last_fetch = Some(Instant::now());
        Ok(keys)
    }

    /// Verifies with the keys already cached, without any I/O: None when there are none yet or
    /// the token's key is not among them (then [`Self::verify`] fetches the key set).
    pub fn verify_cached(&self, token: &str, expected: &Expected<'_>) -> Option<Result<Claims>> {
        let keys = self.cached()?;
        match verify::verify(token, &keys, expected) {
            Err(Rejection::UnknownKid(_)) => None,
            other => Some(other.map_err(rejected)),
        }
    }

    /// Verifies `token`, fetching the keys first if need be.
    pub async fn verify(&self, token: &str, expected: &Expected<'_>) -> Result<Claims> {
        // With no keys, verification stops at the kid: what is wrong before it is refused
        // without fetching anything.
        match verify::verify(token, &[], expected) {
            Err(Rejection::UnknownKid(_)) => {}
            other => return other.map_err(rejected),
        }
        let (keys, fresh) = match self.cached() {
            Some(keys) => (keys, false),
            None => (self.refresh(None).await?, true),
        };
        match verify::verify(token, &keys, expected) {
            Err(Rejection::UnknownKid(_)) if !fresh => {
                let keys = self.refresh(Some(&keys)).await?;
                verify::verify(token, &keys, expected).map_err(rejected)
            }
            other => other.map_err(rejected),
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
            Duration::from_secs(2),
        );
        let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k"}"#);
        let token = format!("{header}.{}.c2ln", URL_SAFE_NO_PAD.encode("{}"));
        let err = cache.verify(&token, &expected()).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::KeysUnavailable);
        assert!(cache.verify_cached(&token, &expected()).is_none());
        let err = cache.verify("not.a.jwt", &expected()).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidToken);
    }
}
