//! Client-credentials tokens, kept until shortly before they expire, one slot per scope set.
//! Each slot is an async mutex held while its token is fetched, so concurrent callers (threads
//! blocking on the runtime and asyncio tasks alike, all of them futures on the one runtime)
//! wait for that one request instead of sending their own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::token::TokenSet;
use crate::error::Result;

/// The most a token is renewed ahead of its expiry; a short-lived one is renewed when a tenth
/// of its life is left.
pub const MAX_MARGIN: Duration = Duration::from_secs(60);

struct Cached {
    token: TokenSet,
    expires_at: Instant,
    renew_at: Instant,
}

type Slot = Arc<tokio::sync::Mutex<Option<Cached>>>;

#[derive(Default)]
pub struct TokenCache {
    slots: Mutex<HashMap<String, Slot>>,
}

/// When a token valid for `lifetime` from `received` is renewed.
pub fn renew_at(received: Instant, lifetime: Duration) -> Instant {
    received + lifetime - MAX_MARGIN.min(lifetime / 10)
}

impl TokenCache {
    fn slot(&self, key: &str) -> Slot {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        slots.entry(key.to_owned()).or_default().clone()
    }

    /// The cached token for `key` if still fresh, else the one `fetch` gets (then cached). A
    /// failed fetch caches nothing: the next caller tries again. `expires_in` of the token
    /// handed out is what is left of its life.
    pub async fn get_or_fetch<F, Fut>(&self, key: &str, fetch: F) -> Result<TokenSet>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<TokenSet>>,
    {
        let slot = self.slot(key);
        let mut cached = slot.lock().await;
        let now = Instant::now();
        if let Some(c) = cached.as_ref()
            && now < c.renew_at
        {
            return Ok(remaining(&c.token, c.expires_at, now));
        }
        let token = fetch().await?;
        let received = Instant::now();
        let lifetime = Duration::from_secs(token.expires_in);
        *cached = Some(Cached {
            token: token.clone(),
            expires_at: received + lifetime,
            renew_at: renew_at(received, lifetime),
        });
        Ok(token)
    }

    /// Forgets every cached token.
    pub fn clear(&self) {
        self.slots.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}

fn remaining(token: &TokenSet, expires_at: Instant, now: Instant) -> TokenSet {
    let mut out = token.clone();
    out.expires_in = expires_at.saturating_duration_since(now).as_secs();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn token(expires_in: u64) -> TokenSet {
        TokenSet {
            access_token: "a".into(),
            id_token: None,
            refresh_token: None,
            token_type: "Bearer".into(),
            expires_in,
        }
    }

    #[test]
    fn margin_is_a_minute_or_a_tenth() {
        let t = Instant::now();
        assert_eq!(
            renew_at(t, Duration::from_secs(3600)),
            t + Duration::from_secs(3540)
        );
        assert_eq!(
            renew_at(t, Duration::from_secs(300)),
            t + Duration::from_secs(270)
        );
        assert_eq!(renew_at(t, Duration::ZERO), t);
    }

    #[test]
    fn concurrent_callers_share_one_fetch_and_failures_are_not_kept() {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let cache = Arc::new(TokenCache::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        rt.block_on(async {
            let mut tasks = Vec::new();
            for _ in 0..50 {
                let (cache, fetches) = (cache.clone(), fetches.clone());
                tasks.push(tokio::spawn(async move {
                    cache
                        .get_or_fetch("api/read", || async {
                            fetches.fetch_add(1, Ordering::SeqCst);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Ok(token(3600))
                        })
                        .await
                }));
            }
            for t in tasks {
                assert_eq!(t.await.unwrap().unwrap().access_token, "a");
            }
            assert_eq!(fetches.load(Ordering::SeqCst), 1);
            // Another scope set is another slot.
            let failed = cache
                .get_or_fetch("api/write", || async {
                    Err(crate::Error::invalid_argument("boom"))
                })
                .await;
            assert!(failed.is_err());
            let again = cache
                .get_or_fetch("api/write", || async { Ok(token(0)) })
                .await
                .unwrap();
            assert_eq!(again.expires_in, 0);
            // Expired at once (lifetime 0): fetched again.
            let third = cache
                .get_or_fetch("api/write", || async { Ok(token(10)) })
                .await
                .unwrap();
            assert_eq!(third.expires_in, 10);
            cache.clear();
            cache
                .get_or_fetch("api/read", || async {
                    fetches.fetch_add(1, Ordering::SeqCst);
                    Ok(token(3600))
                })
                .await
                .unwrap();
            assert_eq!(fetches.load(Ordering::SeqCst), 2);
        });
    }
}
