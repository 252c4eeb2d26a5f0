//! Everything a client needs to know before it can talk to a user pool.

use std::time::Duration;

/// Environment variables that point the client at another endpoint, in boto3's order.
pub const ENDPOINT_ENV_SERVICE: &str = "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER";
pub const ENDPOINT_ENV_GLOBAL: &str = "AWS_ENDPOINT_URL";
pub const ENDPOINT_ENV_IGNORE: &str = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS";

pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(30);
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// Explicit AWS keys (mandate's `access_key` / `secret_key`).
#[derive(Clone, PartialEq, Eq)]
pub struct StaticKeys {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for StaticKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("StaticKeys(**redacted**)")
    }
}

#[derive(Clone)]
pub struct ClientConfig {
    pub user_pool_id: String,
    pub client_id: String,
    /// The app client's secret, used for SECRET_HASH (and RevokeToken). Never printed.
    pub client_secret: Option<String>,
    /// Whether requests carry SECRET_HASH (by default: when there is a client secret; cognitopy
    /// decides it apart, with `secret_hash=`). Keyed on an empty secret when there is none.
    pub send_secret_hash: bool,
    pub region: String,
    /// Resolved endpoint (explicit or from the environment); None means AWS's own.
    pub endpoint_url: Option<String>,
    pub keys: Option<StaticKeys>,
    /// The shared-config profile credentials come from (`profile_name=`); None: AWS_PROFILE.
    pub profile_name: Option<String>,
    pub operation_timeout: Duration,
    pub connect_timeout: Duration,
    pub read_timeout: Option<Duration>,
    pub max_attempts: u32,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "**redacted**"),
            )
            .field("region", &self.region)
            .field("endpoint_url", &self.endpoint_url)
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    /// A configuration with the default timeouts; `region` None means "from the pool id".
    pub fn new(
        user_pool_id: &str,
        client_id: &str,
        client_secret: Option<&str>,
        region: Option<&str>,
        endpoint_url: Option<&str>,
    ) -> Result<Self, String> {
        let region = match region {
            Some(r) if !r.is_empty() => r.to_owned(),
            Some(_) => return Err("region must not be empty".into()),
            None => region_from_pool_id(user_pool_id)
                .ok_or_else(|| {
                    format!(
                        "cannot derive a region from the user pool id {user_pool_id:?}: \
                         expected '<region>_<id>', or pass region="
                    )
                })?
                .to_owned(),
        };
        Ok(ClientConfig {
            user_pool_id: user_pool_id.to_owned(),
            client_id: client_id.to_owned(),
            client_secret: client_secret.map(str::to_owned),
            send_secret_hash: client_secret.is_some(),
            region,
            endpoint_url: resolve_endpoint(endpoint_url, |k| std::env::var(k).ok()),
            keys: None,
            profile_name: None,
            operation_timeout: DEFAULT_OPERATION_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            read_timeout: None,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
        })
    }

    /// The one place SECRET_HASH is made for a request: keyed on `username` (the user signing
    /// in, or Cognito's internal name for refreshes and challenge answers), None when this
    /// client sends none.
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.send_secret_hash.then(|| {
            crate::secret_hash::secret_hash(
                username,
                &self.client_id,
                self.client_secret.as_deref().unwrap_or(""),
            )
        })
    }

    /// The app client id, for the calls that need one. A client built without one (mandate
    /// allows it, for admin calls) gets a plain error instead of Cognito's complaint about an
    /// empty ClientId.
    pub fn require_client_id(&self) -> crate::error::Result<&str> {
        if self.client_id.is_empty() {
            return Err(crate::error::Error::invalid_argument(
                "this call needs the app client id: pass client_id= when creating the client",
            ));
        }
        Ok(&self.client_id)
    }

    /// The endpoint calls go to: the configured one, else AWS's for the region.
    pub fn endpoint(&self) -> String {
        match &self.endpoint_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("https://cognito-idp.{}.amazonaws.com", self.region),
        }
    }

    /// `https://cognito-idp.{region}.amazonaws.com/{pool}`: what Cognito puts in `iss`
    /// (emulators keep it too, whatever their own address).
    pub fn default_issuer(&self) -> String {
        format!(
            "https://cognito-idp.{}.amazonaws.com/{}",
            self.region, self.user_pool_id
        )
    }

    /// `https://issuer-cognito-idp.{region}.amazonaws.com/{pool}`: the `iss` of a pool set to
    /// the updated issuer format (IssuerConfiguration UPDATED, multi-Region pools).
    pub fn updated_issuer(&self) -> String {
        format!(
            "https://issuer-cognito-idp.{}.amazonaws.com/{}",
            self.region, self.user_pool_id
        )
    }

    /// The issuers a token of this pool may carry when none is pinned: both formats, since
    /// the pool's setting can change and the same key set signs either.
    pub fn default_issuers(&self) -> Vec<String> {
        vec![self.default_issuer(), self.updated_issuer()]
    }

    /// Where the pool's keys are published: under the endpoint in use.
    pub fn jwks_url(&self) -> String {
        format!(
            "{}/{}/.well-known/jwks.json",
            self.endpoint(),
            self.user_pool_id
        )
    }
}

/// The region is the text before the first `_` of a pool id (`eu-west-1_AbCdEf`).
pub fn region_from_pool_id(user_pool_id: &str) -> Option<&str> {
    match user_pool_id.split_once('_') {
        Some((region, _)) if !region.is_empty() => Some(region),
        _ => None,
    }
}

/// The explicit endpoint, else the service variable, else the global one, unless the
/// environment says to ignore configured endpoints (as botocore does).
pub fn resolve_endpoint(
    explicit: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Option<String> {
    if let Some(url) = explicit {
        return Some(url.to_owned());
    }
    if env(ENDPOINT_ENV_IGNORE).is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return None;
    }
    [ENDPOINT_ENV_SERVICE, ENDPOINT_ENV_GLOBAL]
        .into_iter()
        .filter_map(&env)
        .find(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_is_the_text_before_the_first_underscore() {
        assert_eq!(region_from_pool_id("eu-west-1_AbC"), Some("eu-west-1"));
        assert_eq!(region_from_pool_id("a_b_c"), Some("a"));
        assert_eq!(region_from_pool_id("_abc"), None);
        assert_eq!(region_from_pool_id("nounderscore"), None);
    }

    #[test]
    fn endpoint_order_follows_boto3() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let both = env(&[
            (ENDPOINT_ENV_SERVICE, "http://svc"),
            (ENDPOINT_ENV_GLOBAL, "http://all"),
        ]);
        assert_eq!(
            resolve_endpoint(Some("http://x"), &both).as_deref(),
            Some("http://x")
        );
        assert_eq!(resolve_endpoint(None, &both).as_deref(), Some("http://svc"));
        let global = env(&[(ENDPOINT_ENV_GLOBAL, "http://all")]);
        assert_eq!(
            resolve_endpoint(None, global).as_deref(),
            Some("http://all")
        );
        let ignored = env(&[
            (ENDPOINT_ENV_GLOBAL, "http://all"),
            (ENDPOINT_ENV_IGNORE, "TRUE"),
        ]);
        assert_eq!(resolve_endpoint(None, ignored), None);
        assert_eq!(resolve_endpoint(None, env(&[])), None);
    }

    #[test]
    fn config_never_prints_the_secret() {
        let c = ClientConfig::new(
            "us-east-1_x",
            "cid",
            Some("s3cr3t-value"),
            None,
            Some("http://h"),
        )
        .unwrap();
        assert_eq!(c.region, "us-east-1");
        assert!(!format!("{c:?}").contains("s3cr3t-value"));
        assert!(ClientConfig::new("nopool", "cid", None, None, None).is_err());
        assert_eq!(c.jwks_url(), "http://h/us-east-1_x/.well-known/jwks.json");
        assert_eq!(
            c.default_issuer(),
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x"
        );
        assert_eq!(
            c.default_issuers()[1],
            "https://issuer-cognito-idp.us-east-1.amazonaws.com/us-east-1_x"
        );
        assert_eq!(
            ClientConfig::new("nopool", "c", None, Some("eu-1"), None)
                .unwrap()
                .region,
            "eu-1"
        );
    }

    #[test]
    fn secret_hash_follows_the_client() {
        let mut c = ClientConfig::new("us-east-1_x", "cid", Some("s"), None, None).unwrap();
        let expected = crate::secret_hash::secret_hash("u", "cid", "s");
        assert_eq!(c.secret_hash("u").as_deref(), Some(expected.as_str()));
        c.send_secret_hash = false;
        assert_eq!(c.secret_hash("u"), None);
        let mut public = ClientConfig::new("us-east-1_x", "cid", None, None, None).unwrap();
        assert_eq!(public.secret_hash("u"), None);
        public.send_secret_hash = true; // cognitopy's secret_hash=True with an empty secret
        assert_eq!(
            public.secret_hash("u"),
            Some(crate::secret_hash::secret_hash("u", "cid", ""))
        );
    }
}
