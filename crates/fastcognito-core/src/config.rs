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
        check_pool_id(user_pool_id)?;
        let region = match region {
            Some(r) => {
                check_region(r)?;
                r.to_owned()
            }
            None => region_from_pool_id(user_pool_id)
                .ok_or_else(|| {
                    format!(
                        "cannot derive a region from the user pool id {}: \
                         expected '<region>_<id>', or pass region=",
                        shown(user_pool_id)
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

    /// Whether the endpoint in use is on this machine (a local emulator, such as moto): only
    /// then may tokens be signed with the emulator's published test key.
    pub fn endpoint_is_loopback(&self) -> bool {
        self.endpoint_url.as_deref().is_some_and(is_loopback_url)
    }

    /// How long fetching the pool's key set may take: this client's timeouts.
    pub fn jwks_timeouts(&self) -> crate::jwks::Timeouts {
        crate::jwks::Timeouts {
            connect: self.connect_timeout,
            read: self.read_timeout,
            total: self.operation_timeout,
        }
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

/// Longest user pool id Cognito issues (its API's limit).
const MAX_POOL_ID: usize = 55;

/// `text` quoted for a message, cut to 64 characters: what a caller passed may be anything.
fn shown(text: &str) -> String {
    crate::verify::shown(text)
}

/// Whether `region` is written as an AWS region: lowercase words and a number joined by `-`
/// (`us-east-1`, `us-gov-west-1`, `eusc-de-east-1`). It becomes part of the endpoint's host
/// name, so nothing else (a dot, a slash) may get in.
pub fn is_region(region: &str) -> bool {
    let mut parts = region.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    first_ok
        && region.len() <= 32
        && rest
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && rest.iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

fn check_region(region: &str) -> Result<(), String> {
    if is_region(region) {
        return Ok(());
    }
    Err(format!(
        "region {} is not an AWS region name such as 'us-east-1'",
        shown(region)
    ))
}

/// A user pool id is `<region>_<id>` (`eu-west-1_AbC123`), the id letters and digits: it goes
/// into the endpoint's host name (through the region) and into URL paths (the JWKS, the
/// issuer), so a pool id such as `evil.example.org/x?_abc` must never get that far.
pub fn check_pool_id(user_pool_id: &str) -> Result<(), String> {
    let valid = user_pool_id.len() <= MAX_POOL_ID
        && user_pool_id.split_once('_').is_some_and(|(region, id)| {
            is_region(region) && !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric())
        });
    if valid {
        return Ok(());
    }
    Err(format!(
        "the user pool id {} is not '<region>_<id>' (such as 'eu-west-1_AbC123': an AWS \
         region, '_', then letters and digits)",
        shown(user_pool_id)
    ))
}

/// Whether `url`'s host is this machine (`localhost`, 127.0.0.0/8, `::1`): a local emulator.
pub fn is_loopback_url(url: &str) -> bool {
    let Ok(uri) = url.parse::<hyper::Uri>() else {
        return false;
    };
    let Some(host) = uri.host() else {
        return false;
    };
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.eq_ignore_ascii_case("localhost") {
        return true;
    }
    host.parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.to_canonical().is_loopback())
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
            resolve_endpoint(Some("http://x"), both).as_deref(),
            Some("http://x")
        );
        assert_eq!(resolve_endpoint(None, both).as_deref(), Some("http://svc"));
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
            ClientConfig::new("us-east-1_abc", "c", None, Some("eu-1"), None)
                .unwrap()
                .region,
            "eu-1"
        );
    }

    /// Before, any text before the first `_` became the region, and so part of the endpoint's
    /// host name: `evil.example.org/x?_abc` sent every call (and the key download) to
    /// `https://cognito-idp.evil.example.org/x?.amazonaws.com`.
    #[test]
    fn pool_ids_and_regions_are_checked() {
        for good in [
            "us-east-1_x",
            "eu-west-1_AbC123",
            "us-east-1_abc123DEF",
            "us-gov-west-1_a1",
            "eusc-de-east-1_Z",
        ] {
            assert_eq!(check_pool_id(good), Ok(()), "{good}");
        }
        for bad in [
            "evil.example.org/x?_abc",
            "us-east-1",
            "_abc",
            "us-east-1_a/b",
            "us-east-1_",
            "us-east-1_a_b",
            "US-EAST-1_abc",
            "us-east_abc",
            "us-east-1_ab%2F",
            "us-east-1_ab.c",
        ] {
            let err = ClientConfig::new(bad, "c", None, None, None).unwrap_err();
            assert!(err.contains("user pool id"), "{bad}: {err}");
            let err = ClientConfig::new(bad, "c", None, Some("us-east-1"), None).unwrap_err();
            assert!(err.contains("user pool id"), "{bad}: {err}");
        }
        let long = format!("us-east-1_{}", "a".repeat(100));
        let err = ClientConfig::new(&long, "c", None, None, None).unwrap_err();
        assert!(err.len() < 250, "the id is cut in the message: {err}");
        for bad in [
            "",
            "evil.example.org",
            "us-east-1/",
            "us-east",
            "us east 1",
            "1-us",
        ] {
            let err = ClientConfig::new("us-east-1_x", "c", None, Some(bad), None).unwrap_err();
            assert!(err.contains("region"), "{bad}: {err}");
        }
    }

    #[test]
    fn loopback_endpoints() {
        for local in [
            "http://127.0.0.1:5000",
            "http://localhost:1",
            "http://LOCALHOST",
            "http://127.9.9.9/x",
            "http://[::1]:8080",
            "http://[::ffff:127.0.0.1]:1",
        ] {
            assert!(is_loopback_url(local), "{local}");
        }
        for remote in [
            "https://cognito-idp.us-east-1.amazonaws.com",
            "http://localhost.evil.org",
            "http://127.0.0.1.nip.io",
            "http://10.0.0.1",
            "http://[::2]",
            "not a url",
            "http://0.0.0.0:5000",
        ] {
            assert!(!is_loopback_url(remote), "{remote}");
        }
        let c =
            ClientConfig::new("us-east-1_x", "c", None, None, Some("http://127.0.0.1:9")).unwrap();
        assert!(c.endpoint_is_loopback());
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
