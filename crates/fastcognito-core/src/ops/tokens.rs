//! Verifying the pool's tokens against its JWKS (cached per client).

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::{Error, Result};
use crate::jwks::{self, RsaKey};
use crate::verify::{self, Expected, Rejection};
use crate::{CognitoClient, Value};

/// Environment variable holding a JWKS document to use instead of fetching one (as mandate).
pub const JWKS_ENV: &str = "COGNITO_JWKS";

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
            .map_err(|_| Error::invalid_token("the JWKS is not valid JSON"))?;
        let keys = jwks::parse(&bytes).map_err(Error::invalid_token)?;
        *self.jwks.lock().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(keys));
        Ok(doc.into())
    }

    async fn load_keys(&self) -> Result<Arc<Vec<RsaKey>>> {
        let keys = jwks::parse(&self.jwks_bytes().await?).map_err(Error::invalid_token)?;
        let keys = Arc::new(keys);
        *self.jwks.lock().unwrap_or_else(|p| p.into_inner()) = Some(keys.clone());
        Ok(keys)
    }

    /// The cached keys, fetched if there are none yet.
    async fn keys(&self) -> Result<(Arc<Vec<RsaKey>>, bool)> {
        let cached = self.jwks.lock().unwrap_or_else(|p| p.into_inner()).clone();
        match cached {
            Some(keys) => Ok((keys, false)),
            None => Ok((self.load_keys().await?, true)),
        }
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
        let (keys, fresh) = self.keys().await?;
        match verify::verify(token, &keys, &expected) {
            Err(Rejection::UnknownKid(_)) if !fresh => {
                // The pool may have rotated its keys: fetch once more.
                let keys = self.load_keys().await?;
                verify::verify(token, &keys, &expected)
                    .map_err(|r| Error::invalid_token(r.to_string()))
            }
            other => other.map_err(|r| Error::invalid_token(r.to_string())),
        }
    }
}
