//! Verifying the pool's tokens against its key set ([`crate::keys::KeyCache`], one per client).

use std::borrow::Cow;

use crate::CognitoClient;
use crate::error::{Error, Result};
use crate::jwt::Claims;
use crate::verify::{self, Expected, Policy, TokenUse};

impl CognitoClient {
    /// What a token must say for this client: its `token_use` ("id" or "access"), the issuer
    /// (this pool's, in either format, unless one is pinned) and the current time.
    fn expectation(&self, token_use: &str, issuer: Option<&str>) -> Result<Expected<'static>> {
        let token_use: TokenUse = token_use.parse().map_err(Error::invalid_argument)?;
        let issuers =
            issuer.map_or_else(|| self.config().default_issuers(), |i| vec![i.to_owned()]);
        let policy = Policy {
            issuers,
            client_ids: vec![self.config().require_client_id()?.to_owned()],
            token_use,
            groups: Vec::new(),
            scopes: Vec::new(),
            leeway: 0,
        };
        Ok(Expected {
            policy: Cow::Owned(policy),
            now: verify::now(),
        })
    }

    /// Verifies with the keys already cached, without any I/O: None when the keys must be
    /// fetched first, which [`Self::verify_token`] does.
    pub fn verify_cached(
        &self,
        token: &str,
        token_use: &str,
        issuer: Option<&str>,
    ) -> Option<Result<Claims>> {
        match self.expectation(token_use, issuer) {
            Ok(expected) => self.keys().verify_cached(token, &expected),
            Err(e) => Some(Err(e)),
        }
    }

    /// Verifies an `id` or `access` token of this pool and app client; returns its claims.
    pub async fn verify_token(
        &self,
        token: String,
        token_use: String,
        issuer: Option<String>,
    ) -> Result<Claims> {
        let expected = self.expectation(&token_use, issuer.as_deref())?;
        self.keys().verify(&token, &expected).await
    }

    /// The JWKS document as served (mandate's `get_keys`); refreshes the key cache.
    pub async fn jwks_document(&self) -> Result<serde_json::Value> {
        self.keys().document().await
    }
}
