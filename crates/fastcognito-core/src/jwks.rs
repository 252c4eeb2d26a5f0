//! JSON Web Key Sets: parsing, and fetching one over HTTP(S).

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use bytes::Bytes;
use http_body_util::{BodyExt, Empty, Limited};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// An RSA signing key from a JWKS.
#[derive(Clone, PartialEq, Eq)]
pub struct RsaKey {
    pub kid: String,
    pub n: Vec<u8>,
    pub e: Vec<u8>,
}

impl std::fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RsaKey(kid={:?}, {} bits)", self.kid, self.n.len() * 8)
    }
}

/// Largest JWKS document accepted (Cognito's is about 1 KiB).
const MAX_JWKS_BYTES: usize = 1 << 20;

/// The RS256-usable RSA keys of a JWKS document; other keys are skipped.
pub fn parse(document: &[u8]) -> Result<Vec<RsaKey>, String> {
    let doc: serde_json::Value =
        serde_json::from_slice(document).map_err(|_| "the JWKS is not valid JSON".to_owned())?;
    let keys = doc
        .get("keys")
        .and_then(|k| k.as_array())
        .ok_or_else(|| "the JWKS has no \"keys\" array".to_owned())?;
    let mut out = Vec::new();
    for key in keys {
        let field = |name: &str| key.get(name).and_then(|v| v.as_str());
        if field("kty") != Some("RSA") || !matches!(field("alg"), None | Some("RS256")) {
            continue;
        }
        if !matches!(field("use"), None | Some("sig")) {
            continue;
        }
        let (Some(kid), Some(n), Some(e)) = (field("kid"), field("n"), field("e")) else {
            continue;
        };
        let decode = |s: &str| URL_SAFE_NO_PAD.decode(s.trim_end_matches('='));
        if let (Ok(n), Ok(e)) = (decode(n), decode(e)) {
            out.push(RsaKey {
                kid: kid.to_owned(),
                n,
                e,
            });
        }
    }
    Ok(out)
}

/// How long fetching a key set may take: the client's timeouts, as its Cognito calls have them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Opening the connection (TCP and TLS).
    pub connect: Duration,
    /// Waiting for the answer once connected, and again for its body; None: only `total`.
    pub read: Option<Duration>,
    /// The whole fetch.
    pub total: Duration,
}

impl Timeouts {
    /// One bound for the whole fetch (connection included).
    pub fn total(total: Duration) -> Self {
        Timeouts {
            connect: total,
            read: None,
            total,
        }
    }
}

async fn within<T>(
    limit: Option<Duration>,
    what: &str,
    work: impl Future<Output = Result<T, String>>,
) -> Result<T, String> {
    match limit {
        Some(limit) => tokio::time::timeout(limit, work).await.map_err(|_| {
            format!(
                "fetching the JWKS timed out ({what} {}s)",
                limit.as_secs_f64()
            )
        })?,
        None => work.await,
    }
}

/// GETs a JWKS document (http or https) within `timeouts`; returns its bytes.
pub async fn fetch(url: &str, timeouts: Timeouts) -> Result<Vec<u8>, String> {
    let uri: hyper::Uri = url
        .parse()
        .map_err(|_| format!("invalid JWKS URL {url:?}"))?;
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(timeouts.connect));
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_native_roots()
        .map_err(|e| format!("no TLS root certificates: {e}"))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build(connector);
    // The answer's head must come within connect + read (the connection is bounded apart, so
    // a slow server gets `read` at least), and its body within `read` again.
    let head_limit = timeouts.read.map(|r| r + timeouts.connect);
    let request = async {
        let response = within(head_limit, "read_timeout", async {
            client.get(uri).await.map_err(|e| {
                let reason = crate::error::connect_reason(&e);
                format!("could not fetch the JWKS from {url}: {reason}")
            })
        })
        .await?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!(
                "fetching the JWKS answered HTTP {}",
                status.as_u16()
            ));
        }
        let body = within(timeouts.read, "read_timeout", async {
            Limited::new(response.into_body(), MAX_JWKS_BYTES)
                .collect()
                .await
                .map_err(|e| format!("could not read the JWKS: {e}"))
        })
        .await?;
        Ok(body.to_bytes().to_vec())
    };
    within(Some(timeouts.total), "operation_timeout", request).await
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn keeps_only_rs256_rsa_signing_keys() {
        let doc = br#"{"keys":[
            {"kty":"RSA","alg":"RS256","kid":"a","use":"sig","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","kid":"b","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","alg":"RS512","kid":"c","n":"AQAB","e":"AQAB"},
            {"kty":"EC","kid":"d","crv":"P-256","x":"AA","y":"AA"},
            {"kty":"RSA","alg":"RS256","kid":"e","use":"enc","n":"AQAB","e":"AQAB"},
            {"kty":"RSA","alg":"RS256","n":"AQAB","e":"AQAB"}
        ]}"#;
        let kids: Vec<_> = parse(doc).unwrap().into_iter().map(|k| k.kid).collect();
        assert_eq!(kids, ["a", "b"]);
        assert!(parse(b"not json").is_err());
        assert!(parse(b"{}").is_err());
        assert!(parse(br#"{"keys":[]}"#).unwrap().is_empty());
    }
}
