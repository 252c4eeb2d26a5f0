//! HTTP for the OAuth2 endpoints on the stack the JWKS download already uses (hyper with
//! rustls): one connection pool per client and process, the client's connect timeout on
//! every connection and a bound on every exchange.

use std::sync::Mutex;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use hyper::{Method, Request};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::error::{Error, ErrorKind, Result};

/// Largest answer read (Cognito's token answers are a few KiB).
const MAX_BODY: usize = 1 << 20;

type Pool = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A finished exchange: status, the headers errors are read from, and the body.
pub struct Answer {
    pub status: u16,
    pub www_authenticate: Option<String>,
    pub request_id: Option<String>,
    pub body: Vec<u8>,
}

/// How a request authenticates.
pub enum Auth<'a> {
    None,
    /// `client_secret_basic` (RFC 6749 §2.3.1: each part form-encoded first).
    Basic {
        id: &'a str,
        secret: &'a str,
    },
    Bearer(&'a str),
}

pub struct Http {
    connect_timeout: Duration,
    /// Bound on one exchange, connecting included.
    timeout: Duration,
    pool: Mutex<Option<(u32, Pool)>>,
}

impl Http {
    pub fn new(connect_timeout: Duration, timeout: Duration) -> Self {
        Http {
            connect_timeout,
            timeout,
            pool: Mutex::new(None),
        }
    }

    /// The connection pool of this process (a child after `fork()` builds its own).
    fn pool(&self) -> Result<Pool> {
        let pid = std::process::id();
        let mut slot = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((built_in, pool)) = slot.as_ref()
            && *built_in == pid
        {
            return Ok(pool.clone());
        }
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_connect_timeout(Some(self.connect_timeout));
        http.set_nodelay(true);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_native_roots()
            .map_err(|e| {
                Error::new(
                    ErrorKind::Connection,
                    "ConnectionError",
                    format!("no TLS root certificates: {e}"),
                    "",
                )
            })?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let pool: Pool = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(60))
            .build(connector);
        *slot = Some((pid, pool.clone()));
        Ok(pool)
    }

    /// Drops the pooled connections; the next request opens new ones.
    pub fn close(&self) {
        *self.pool.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    pub fn is_open(&self) -> bool {
        self.pool
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some()
    }

    /// One exchange: `form` (already encoded) is POSTed when given, else a GET is sent.
    pub async fn send(
        &self,
        operation: &str,
        url: &str,
        auth: Auth<'_>,
        form: Option<String>,
    ) -> Result<Answer> {
        let uri: hyper::Uri = url.parse().map_err(|_| {
            Error::new(
                ErrorKind::InvalidArgument,
                "InvalidArgument",
                format!("invalid endpoint URL {url:?}"),
                operation,
            )
        })?;
        let method = if form.is_some() {
            Method::POST
        } else {
            Method::GET
        };
        let mut builder = Request::builder()
            .method(method)
            .uri(uri)
            .header(ACCEPT, "application/json")
            .header(
                USER_AGENT,
                concat!("fastcognito/", env!("CARGO_PKG_VERSION")),
            );
        if form.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        let credentials = match auth {
            Auth::None => None,
            Auth::Basic { id, secret } => Some(format!(
                "Basic {}",
                STANDARD.encode(format!(
                    "{}:{}",
                    super::pkce::encode(id),
                    super::pkce::encode(secret)
                ))
            )),
            Auth::Bearer(token) => Some(format!("Bearer {token}")),
        };
        if let Some(value) = credentials {
            let mut value = HeaderValue::from_str(&value).map_err(|_| {
                // Never echo the value: it holds a secret or a token.
                Error::new(
                    ErrorKind::InvalidArgument,
                    "InvalidArgument",
                    "the token or secret holds characters an HTTP header cannot carry",
                    operation,
                )
            })?;
            value.set_sensitive(true);
            builder = builder.header(AUTHORIZATION, value);
        }
        let request = builder
            .body(Full::new(Bytes::from(form.unwrap_or_default())))
            .map_err(|e| {
                Error::new(
                    ErrorKind::InvalidArgument,
                    "InvalidArgument",
                    e.to_string(),
                    operation,
                )
            })?;
        let pool = self.pool()?;
        let exchange = async {
            let response = pool.request(request).await.map_err(|e| {
                let reason = crate::error::connect_reason(&e);
                let timed_out = reason == "timed out";
                Error::new(
                    if timed_out {
                        ErrorKind::Timeout
                    } else {
                        ErrorKind::Connection
                    },
                    if timed_out {
                        "Timeout"
                    } else {
                        "ConnectionError"
                    },
                    format!("could not connect to {}: {reason}", origin(url)),
                    operation,
                )
            })?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            let www_authenticate = header("www-authenticate");
            let request_id =
                header("x-amz-cognito-request-id").or_else(|| header("x-amzn-requestid"));
            let body = Limited::new(response.into_body(), MAX_BODY)
                .collect()
                .await
                .map_err(|e| {
                    Error::new(
                        ErrorKind::Connection,
                        "ConnectionError",
                        format!("the answer from {} could not be read: {e}", origin(url)),
                        operation,
                    )
                })?
                .to_bytes()
                .to_vec();
            Ok(Answer {
                status,
                www_authenticate,
                request_id,
                body,
            })
        };
        tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| {
                Error::new(
                    ErrorKind::Timeout,
                    "Timeout",
                    format!(
                        "{} did not answer within {:.1} s",
                        origin(url),
                        self.timeout.as_secs_f64()
                    ),
                    operation,
                )
            })?
    }
}

/// `scheme://host[:port]` of a URL, for messages (never a query that could hold a secret).
fn origin(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_only_the_origin() {
        assert_eq!(
            origin("https://a.b:8443/oauth2/token?x=1"),
            "https://a.b:8443"
        );
        assert_eq!(origin("http://127.0.0.1:5000"), "http://127.0.0.1:5000");
    }

    #[test]
    fn refused_connection_is_a_connection_error() {
        let http = Http::new(Duration::from_secs(2), Duration::from_secs(5));
        let rt = tokio::runtime::Runtime::new().unwrap();
        // Port 9 (discard) on loopback: nothing listens there in the test environment.
        let e = rt
            .block_on(http.send(
                "OAuth2Token",
                "http://127.0.0.1:9/oauth2/token",
                Auth::None,
                Some(String::new()),
            ))
            .err()
            .unwrap();
        assert!(
            matches!(e.kind, ErrorKind::Connection | ErrorKind::Timeout),
            "{e:?}"
        );
        assert!(e.message.contains("http://127.0.0.1:9"), "{}", e.message);
        assert!(http.is_open());
        http.close();
        assert!(!http.is_open());
    }
}
