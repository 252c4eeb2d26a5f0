//! Managed login: the OAuth2 endpoints of a user pool's domain (authorization with PKCE,
//! the token endpoint's three grants, userInfo, revocation, logout), as a client of its own.

pub mod cache;
pub mod domain;
pub mod http;
pub mod pkce;
pub mod token;

use std::time::Duration;

use crate::config::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_OPERATION_TIMEOUT};
use crate::error::{Error, Result};
use cache::TokenCache;
pub use domain::base_url;
use http::{Answer, Auth, Http};
pub use token::TokenSet;

/// Where a client sends its requests: `{base}/oauth2/token` and so on.
#[derive(Clone)]
pub struct OAuthConfig {
    /// `https://{prefix}.auth.{region}.amazoncognito.com`, a custom domain's URL, or an
    /// endpoint override (an emulator), without a trailing slash.
    pub base_url: String,
    pub client_id: String,
    /// Sent with HTTP Basic. Never printed.
    pub client_secret: Option<String>,
    pub redirect_uri: Option<String>,
    pub connect_timeout: Duration,
    /// Bound on one exchange, connecting included.
    pub timeout: Duration,
}

impl std::fmt::Debug for OAuthConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthConfig")
            .field("base_url", &self.base_url)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "**redacted**"),
            )
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

impl OAuthConfig {
    /// `domain`: a prefix (`myapp`), a host name (`auth.example.com`) or an `https://` URL.
    /// `endpoint_url` (or the endpoint variables the other clients honour) replaces the
    /// domain's address. `region` (else `AWS_REGION` / `AWS_DEFAULT_REGION`) completes a prefix.
    pub fn new(
        domain: &str,
        client_id: &str,
        client_secret: Option<&str>,
        redirect_uri: Option<&str>,
        region: Option<&str>,
        endpoint_url: Option<&str>,
    ) -> std::result::Result<Self, String> {
        let env = |k: &str| std::env::var(k).ok();
        if client_id.is_empty() {
            return Err("client_id must not be empty".into());
        }
        if client_secret.is_some_and(str::is_empty) {
            return Err("client_secret must not be empty (pass None for a public client)".into());
        }
        Ok(OAuthConfig {
            base_url: base_url(domain, region, endpoint_url, env)?,
            client_id: client_id.to_owned(),
            client_secret: client_secret.map(str::to_owned),
            redirect_uri: redirect_uri.map(str::to_owned),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_OPERATION_TIMEOUT,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

/// What the authorize endpoint is asked for.
#[derive(Default)]
pub struct AuthorizeParams<'a> {
    pub scopes: &'a [String],
    pub redirect_uri: Option<&'a str>,
    pub state: Option<&'a str>,
    pub identity_provider: Option<&'a str>,
    pub login_hint: Option<&'a str>,
    pub prompt: Option<&'a str>,
    pub nonce: Option<&'a str>,
}

/// A sign-in to start: the URL to send the browser to, and what to keep until the callback.
pub struct AuthorizationRequest {
    pub url: String,
    pub state: String,
    pub code_verifier: String,
}

impl std::fmt::Debug for AuthorizationRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthorizationRequest")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

const TOKEN: &str = "OAuth2Token";
const USERINFO: &str = "OAuth2UserInfo";
const REVOKE: &str = "OAuth2Revoke";

pub struct OAuthClient {
    config: OAuthConfig,
    http: Http,
    cache: TokenCache,
}

impl std::fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OAuthClient")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl OAuthClient {
    pub fn new(config: OAuthConfig) -> Self {
        OAuthClient {
            http: Http::new(config.connect_timeout, config.timeout),
            cache: TokenCache::default(),
            config,
        }
    }

    pub fn config(&self) -> &OAuthConfig {
        &self.config
    }

    fn redirect_uri<'a>(&'a self, given: Option<&'a str>) -> Result<&'a str> {
        given
            .or(self.config.redirect_uri.as_deref())
            .ok_or_else(|| {
                Error::invalid_argument(
                    "a redirect_uri is needed: pass it here or when creating the client",
                )
            })
    }

    /// The authorize URL with a fresh PKCE verifier (S256) and, unless given, a fresh state.
    pub fn authorization_url(&self, p: &AuthorizeParams<'_>) -> Result<AuthorizationRequest> {
        let redirect_uri = self.redirect_uri(p.redirect_uri)?;
        let state = match p.state {
            Some(s) => s.to_owned(),
            None => pkce::state()?,
        };
        let code_verifier = pkce::code_verifier()?;
        let challenge = pkce::challenge(&code_verifier);
        let scope = (!p.scopes.is_empty()).then(|| p.scopes.join(" "));
        let query = pkce::encode_pairs([
            ("response_type", Some("code")),
            ("client_id", Some(self.config.client_id.as_str())),
            ("redirect_uri", Some(redirect_uri)),
            ("state", Some(state.as_str())),
            ("scope", scope.as_deref()),
            ("code_challenge", Some(challenge.as_str())),
            ("code_challenge_method", Some("S256")),
            ("identity_provider", p.identity_provider),
            ("login_hint", p.login_hint),
            ("prompt", p.prompt),
            ("nonce", p.nonce),
        ]);
        Ok(AuthorizationRequest {
            url: format!("{}?{query}", self.config.url("/oauth2/authorize")),
            state,
            code_verifier,
        })
    }

    /// `/logout?client_id=...&logout_uri=...`: signs the browser out of managed login.
    pub fn logout_url(&self, logout_uri: &str) -> String {
        let query = pkce::encode_pairs([
            ("client_id", Some(self.config.client_id.as_str())),
            ("logout_uri", Some(logout_uri)),
        ]);
        format!("{}?{query}", self.config.url("/logout"))
    }

    fn auth(&self) -> Auth<'_> {
        match &self.config.client_secret {
            Some(secret) => Auth::Basic {
                id: &self.config.client_id,
                secret,
            },
            None => Auth::None,
        }
    }

    async fn post(&self, operation: &str, path: &str, form: String) -> Result<Answer> {
        let url = self.config.url(path);
        self.http
            .send(operation, &url, self.auth(), Some(form))
            .await
    }

    async fn token(&self, form: &[(&str, Option<&str>)]) -> Result<TokenSet> {
        let client_id = [("client_id", Some(self.config.client_id.as_str()))];
        let body = pkce::encode_pairs(form.iter().copied().chain(client_id));
        let answer = self.post(TOKEN, "/oauth2/token", body).await?;
        if answer.status == 200 {
            return token::parse_token_set(TOKEN, &answer.body);
        }
        Err(failure(TOKEN, answer, "invalid_client"))
    }

    /// The tokens for an authorization code (PKCE: the verifier its URL was made with).
    pub async fn exchange_code(
        &self,
        code: &str,
        code_verifier: &str,
        redirect_uri: Option<&str>,
    ) -> Result<TokenSet> {
        let redirect_uri = self.redirect_uri(redirect_uri)?;
        self.token(&[
            ("grant_type", Some("authorization_code")),
            ("code", Some(code)),
            ("redirect_uri", Some(redirect_uri)),
            ("code_verifier", Some(code_verifier)),
        ])
        .await
    }

    /// New access and ID tokens; the refresh token is the one given unless the pool rotated it.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenSet> {
        let mut tokens = self
            .token(&[
                ("grant_type", Some("refresh_token")),
                ("refresh_token", Some(refresh_token)),
            ])
            .await?;
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token.to_owned());
        }
        Ok(tokens)
    }

    /// A machine-to-machine access token for `scopes` (none: every scope the client has),
    /// cached until shortly before it expires; concurrent callers share one request.
    pub async fn client_credentials(&self, scopes: &[String]) -> Result<TokenSet> {
        if self.config.client_secret.is_none() {
            return Err(Error::invalid_argument(
                "client credentials need an app client with a secret (client_secret=)",
            ));
        }
        let mut key: Vec<&str> = scopes.iter().map(String::as_str).collect();
        key.sort_unstable();
        key.dedup();
        let scope = key.join(" ");
        self.cache
            .get_or_fetch(&scope, || async {
                self.token(&[
                    ("grant_type", Some("client_credentials")),
                    ("scope", (!scope.is_empty()).then_some(scope.as_str())),
                ])
                .await
            })
            .await
    }

    /// Forgets the cached client-credentials tokens.
    pub fn clear_cache(&self) {
        self.cache.clear();
    }

    /// Revokes a refresh token and the tokens issued from it.
    pub async fn revoke(&self, refresh_token: &str) -> Result<()> {
        let body = pkce::encode_pairs([
            ("token", Some(refresh_token)),
            ("client_id", Some(self.config.client_id.as_str())),
        ]);
        let answer = self.post(REVOKE, "/oauth2/revoke", body).await?;
        if answer.status == 200 {
            return Ok(());
        }
        Err(failure(REVOKE, answer, "invalid_client"))
    }

    /// The signed-in user's claims, for an access token with the `openid` scope.
    pub async fn userinfo(
        &self,
        access_token: &str,
    ) -> Result<serde_json::Map<String, serde_json::Value>> {
        let url = self.config.url("/oauth2/userInfo");
        let answer = self
            .http
            .send(USERINFO, &url, Auth::Bearer(access_token), None)
            .await?;
        if answer.status == 200 {
            return token::parse_object(USERINFO, &answer.body);
        }
        Err(failure(USERINFO, answer, "invalid_token"))
    }

    /// Drops the pooled connections (the next call opens new ones).
    pub fn close(&self) {
        self.http.close();
    }

    pub fn is_open(&self) -> bool {
        self.http.is_open()
    }
}

fn failure(operation: &str, answer: Answer, on_401: &str) -> Error {
    let mut e = token::error_from_answer(
        operation,
        answer.status,
        answer.www_authenticate.as_deref(),
        &answer.body,
        on_401,
    );
    e.request_id = answer.request_id;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(secret: Option<&str>) -> OAuthClient {
        let config = OAuthConfig::new(
            "myapp",
            "cid",
            secret,
            Some("http://localhost/callback"),
            Some("us-east-1"),
            Some("https://auth.test"),
        )
        .unwrap();
        OAuthClient::new(config)
    }

    #[test]
    fn authorization_url_carries_pkce_and_state() {
        let c = client(None);
        let scopes = ["openid".to_owned(), "api/read".to_owned()];
        let r = c
            .authorization_url(&AuthorizeParams {
                scopes: &scopes,
                login_hint: Some("a@b.c"),
                ..Default::default()
            })
            .unwrap();
        let challenge = pkce::challenge(&r.code_verifier);
        assert_eq!(
            r.url,
            format!(
                "https://auth.test/oauth2/authorize?response_type=code&client_id=cid&\
                 redirect_uri=http%3A%2F%2Flocalhost%2Fcallback&state={}&\
                 scope=openid%20api%2Fread&code_challenge={challenge}&\
                 code_challenge_method=S256&login_hint=a%40b.c",
                r.state
            )
        );
        assert!(!format!("{r:?}").contains(&r.code_verifier));
        let fixed = c
            .authorization_url(&AuthorizeParams {
                state: Some("s1"),
                redirect_uri: Some("https://app/cb"),
                ..Default::default()
            })
            .unwrap();
        assert!(fixed.url.contains("&state=s1&code_challenge="));
        assert!(fixed.url.contains("redirect_uri=https%3A%2F%2Fapp%2Fcb"));
        assert!(!fixed.url.contains("scope="));
        assert_eq!(
            c.logout_url("http://localhost/"),
            "https://auth.test/logout?client_id=cid&logout_uri=http%3A%2F%2Flocalhost%2F"
        );
    }

    #[test]
    fn secrets_never_printed_and_checked_early() {
        let c = client(Some("top-s3cret"));
        assert!(!format!("{c:?}").contains("top-s3cret"));
        let rt = tokio::runtime::Runtime::new().unwrap();
        let public = client(None);
        let e = rt.block_on(public.client_credentials(&[])).unwrap_err();
        assert_eq!(e.kind, crate::ErrorKind::InvalidArgument);
        let mut no_redirect = client(None);
        no_redirect.config.redirect_uri = None;
        assert!(
            no_redirect
                .authorization_url(&AuthorizeParams::default())
                .is_err()
        );
        assert!(OAuthConfig::new("myapp", "", None, None, Some("r"), None).is_err());
        assert!(OAuthConfig::new("myapp", "c", Some(""), None, Some("r"), None).is_err());
    }
}
