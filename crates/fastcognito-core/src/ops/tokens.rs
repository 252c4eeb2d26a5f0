//! Verifying the pool's tokens against its JWKS (cached per client).

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::jwks::{self, RsaKey};
use crate::verify::{self, Expected, Rejection};
use crate::{CognitoClient, Value};

/// Environment variable holding a JWKS document to use instead of fetching one (as mandate).
pub const JWKS_ENV: &str = "COGNITO_JWKS";

/// An unknown `kid` fetches the key set again at most this often, so that tokens with made-up
/// key ids cannot make a server download the keys once per request.
pub const REFETCH_INTERVAL: Duration = Duration::from_secs(30);

impl CognitoClient {
    /// `https://cognito-idp.{region}.amazonaws.com/{pool}`: what Cognito puts in `iss`
    /// (emulators keep it too, whatever their own address).
    pub fn default_issuer(&self) -> String {
        let c = self.config();
        format!(
            "https://cognito-idp.{}.amazonaws.com/{}",
            c.region, c.user_pool_id
        )
    }

    /// Where the pool's keys are published: under the endpoint in use.
    pub fn jwks_url(&self) -> String {
        let c = self.config();
        let base = match &c.endpoint_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("https://cognito-idp.{}.amazonaws.com", c.region),
        };
        format!("{base}/{}/.well-known/jwks.json", c.user_pool_id)
    }

    /// The JWKS document: `COGNITO_JWKS` if set, else fetched from [`Self::jwks_url`].
    async fn jwks_bytes(&self) -> Result<Vec<u8>> {
        match std::env::var(JWKS_ENV) {
            Ok(doc) if !doc.trim().is_empty() => Ok(doc.into_bytes()),
            _ => jwks::fetch(&self.jwks_url(), self.config().operation_timeout)
                .await
                .map_err(Error::keys_unavailable),
        }
    }

    /// The JWKS document as a value (mandate's `get_keys`); refreshes the key cache.
    pub async fn jwks_document(&self) -> Result<Value> {
        let bytes = self.jwks_bytes().await?;
        let doc: serde_json::Value = serde_json::from_slice(&bytes)
            .map_err(|_| Error::keys_unavailable("the JWKS is not valid JSON"))?;
        let keys = jwks::parse(&bytes).map_err(Error::keys_unavailable)?;
        *self.jwks.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(keys));
        Ok(doc.into())
    }

    // A key set that cannot be parsed (a proxy's error page, say) is an outage, not a bad token.
    async fn load_keys(&self) -> Result<Arc<Vec<RsaKey>>> {
        let keys = jwks::parse(&self.jwks_bytes().await?).map_err(Error::keys_unavailable)?;
        let keys = Arc::new(keys);
        *self.jwks.lock().unwrap_or_else(|p| p.into_inner()) = Some(keys.clone());
        Ok(keys)
    }

    fn cached_keys(&self) -> Option<Arc<Vec<RsaKey>>> {
        self.jwks.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The cached keys, fetched if there are none yet; true when they were just fetched.
    async fn keys(&self) -> Result<(Arc<Vec<RsaKey>>, bool)> {
        match self.cached_keys() {
            Some(keys) => Ok((keys, false)),
            None => Ok((self.refresh_keys(None).await?, true)),
        }
    }

    /// Fetches the key set, one fetch at a time: a caller that waited while another fetched
    /// takes that result, and `stale` keys (an unknown kid) are replaced at most once per
    /// [`REFETCH_INTERVAL`]; within it the same keys come back.
    async fn refresh_keys(&self, stale: Option<&Arc<Vec<RsaKey>>>) -> Result<Arc<Vec<RsaKey>>> {
        let mut last_fetch = self.jwks_fetch.lock().await;
        if let Some(current) = self.cached_keys() {
            let replaced_meanwhile = stale.is_none_or(|s| !Arc::ptr_eq(s, &current));
            let too_soon = last_fetch.is_some_and(|t| t.elapsed() < REFETCH_INTERVAL);
            if replaced_meanwhile || too_soon {
                return Ok(current);
            }
        }
        let keys = self.load_keys().await?;
        *last_fetch = Some(Instant::now());
        Ok(keys)
    }

    /// What a token must say for this client: `token_use` checked, the issuer (this pool's
    /// unless overridden) and the current time.
    fn expectation<'a>(
        &'a self,
        token_use: &'a str,
        issuer: Option<&'a str>,
    ) -> Result<Expected<'a>> {
        if token_use != "id" && token_use != "access" {
            return Err(Error::invalid_argument(
                "token_use must be 'id' or 'access'",
            ));
        }
        let issuer = issuer.map_or_else(|| Cow::Owned(self.default_issuer()), Cow::Borrowed);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Ok(Expected {
            issuer,
            client_id: &self.config().client_id,
            token_use,
            now,
            leeway: 0,
        })
    }

    /// Verifies with the keys already cached, without any I/O: None when there are none yet or
    /// the token's key is not among them (then [`Self::verify_token`] fetches the key set).
    pub fn verify_cached(
        &self,
        token: &str,
        token_use: &str,
        issuer: Option<&str>,
    ) -> Option<Result<Value>> {
        let keys = self
            .jwks
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()?;
        let expected = match self.expectation(token_use, issuer) {
            Ok(expected) => expected,
            Err(e) => return Some(Err(e)),
        };
        match verify::verify(token, &keys, &expected) {
            Err(Rejection::UnknownKid(_)) => None,
            other => Some(other.map_err(|r| Error::invalid_token(r.to_string()))),
        }
    }

    /// Verifies an `id` or `access` token of this pool and app client; returns its claims.
    pub async fn verify_token(
        &self,
        token: &str,
        token_use: &str,
        issuer: Option<&str>,
    ) -> Result<Value> {
        let expected = self.expectation(token_use, issuer)?;
        // With no keys, verification stops at the kid: anything wrong before it (not a JWT,
        // not RS256, no kid) is refused without fetching anything.
        match verify::verify(token, &[], &expected) {
            Err(Rejection::UnknownKid(_)) => {}
            other => return other.map_err(|r| Error::invalid_token(r.to_string())),
        }
        let (keys, fresh) = self.keys().await?;
        match verify::verify(token, &keys, &expected) {
            Err(Rejection::UnknownKid(_)) if !fresh => {
                // The pool may have rotated its keys: fetch again (not too often).
                let keys = self.refresh_keys(Some(&keys)).await?;
                verify::verify(token, &keys, &expected)
                    .map_err(|r| Error::invalid_token(r.to_string()))
            }
            other => other.map_err(|r| Error::invalid_token(r.to_string())),
        }
    }
}
