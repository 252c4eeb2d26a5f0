//! A verifier of one pool's tokens under one [`Policy`] (issuers, app clients, token use,
//! groups, scopes, clock skew), over its own key cache: fetched from the pool's JWKS URL, or
//! preloaded and then never fetched. What `fastcognito.TokenVerifier` runs.

use std::borrow::Cow;

use crate::error::Result;
use crate::jwt::Claims;
use crate::keys::KeyCache;
use crate::verify::{self, Expected, Policy};

#[derive(Debug)]
pub struct Verifier {
    keys: KeyCache,
    policy: Policy,
}

impl Verifier {
    pub fn new(keys: KeyCache, policy: Policy) -> Self {
        Verifier { keys, policy }
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn keys(&self) -> &KeyCache {
        &self.keys
    }

    fn expected(&self) -> Expected<'_> {
        Expected {
            policy: Cow::Borrowed(&self.policy),
            now: verify::now(),
        }
    }

    /// Verifies with the keys at hand, without I/O: None when they must be fetched first.
    pub fn verify_cached(&self, token: &str) -> Option<Result<Claims>> {
        self.keys.verify_cached(token, &self.expected())
    }

    /// Verifies `token`, fetching the keys first if need be (never when preloaded).
    pub async fn verify(&self, token: &str) -> Result<Claims> {
        self.keys.verify(token, &self.expected()).await
    }

    /// Fetches the keys now, unless they are at hand.
    pub async fn hydrate(&self) -> Result<()> {
        self.keys.hydrate().await
    }
}
