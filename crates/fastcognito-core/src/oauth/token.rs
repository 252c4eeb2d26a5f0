//! What the OAuth2 endpoints answer: token sets, and their errors (RFC 6749 §5.2's JSON, or
//! RFC 6750 §3's `WWW-Authenticate` header) as [`Error`]s carrying the OAuth2 code and text.

use crate::error::{Error, ErrorKind};

/// Tokens from `/oauth2/token`. Never printed (Debug shows which are present only).
#[derive(Clone, PartialEq, Eq)]
pub struct TokenSet {
    pub access_token: String,
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
    pub token_type: String,
    /// Seconds the access token is valid for, from when it was issued.
    pub expires_in: u64,
}

impl std::fmt::Debug for TokenSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenSet")
            .field("id_token", &self.id_token.is_some())
            .field("refresh_token", &self.refresh_token.is_some())
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// Longest error code / description kept from a server's answer (they end up in messages).
const MAX_CODE: usize = 64;
const MAX_DESCRIPTION: usize = 500;

fn malformed(operation: &str, what: &str) -> Error {
    Error::new(
        ErrorKind::MalformedResponse,
        "MalformedResponse",
        format!("the {operation} answer is not an OAuth2 response: {what}"),
        operation,
    )
}

/// A token endpoint's success body.
pub fn parse_token_set(operation: &str, body: &[u8]) -> Result<TokenSet, Error> {
    let doc: serde_json::Value =
        serde_json::from_slice(body).map_err(|_| malformed(operation, "not JSON"))?;
    let text = |name: &str| doc.get(name).and_then(|v| v.as_str()).map(str::to_owned);
    let access_token = text("access_token")
        .filter(|t| !t.is_empty())
        .ok_or_else(|| malformed(operation, "no access_token"))?;
    let expires_in = match doc.get("expires_in") {
        Some(v) => v
            .as_u64()
            .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
            .ok_or_else(|| malformed(operation, "expires_in is not a number"))?,
        // RFC 6749 makes it optional; Cognito always sends it. An hour is its default.
        None => 3600,
    };
    Ok(TokenSet {
        access_token,
        id_token: text("id_token"),
        refresh_token: text("refresh_token"),
        token_type: text("token_type").unwrap_or_else(|| "Bearer".to_owned()),
        expires_in,
    })
}

/// A JSON object body (userInfo's claims).
pub fn parse_object(
    operation: &str,
    body: &[u8],
) -> Result<serde_json::Map<String, serde_json::Value>, Error> {
    match serde_json::from_slice(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Err(malformed(operation, "not a JSON object")),
    }
}

/// An OAuth2 error: kind Service, `code` the OAuth2 error (`invalid_grant`...), `message` its
/// description as the server gave it (possibly empty).
pub fn oauth_error(
    operation: &str,
    code: &str,
    description: &str,
    http_status: Option<u16>,
) -> Error {
    let mut e = Error::new(
        ErrorKind::Service,
        &clip(code, MAX_CODE),
        clip(description, MAX_DESCRIPTION),
        operation,
    );
    e.http_status = http_status;
    e
}

fn clip(s: &str, max: usize) -> String {
    let printable: String = s.chars().filter(|c| !c.is_control()).collect();
    match printable.char_indices().nth(max) {
        Some((at, _)) => format!("{}...", &printable[..at]),
        None => printable,
    }
}

/// The error of a failed answer. `on_401`: the code a 401 without a readable reason gets
/// (`invalid_client` at the token endpoint, `invalid_token` at userInfo).
pub fn error_from_answer(
    operation: &str,
    status: u16,
    www_authenticate: Option<&str>,
    body: &[u8],
    on_401: &str,
) -> Error {
    let doc: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| {
        doc.as_ref()
            .and_then(|d| d.get(name))
            .and_then(|v| v.as_str())
    };
    if let Some(code) = field("error").filter(|c| !c.is_empty()) {
        let description = field("error_description").unwrap_or("");
        return oauth_error(operation, code, description, Some(status));
    }
    if let Some(header) = www_authenticate
        && let Some(code) = auth_param(header, "error").filter(|c| !c.is_empty())
    {
        let description = auth_param(header, "error_description").unwrap_or_default();
        return oauth_error(operation, &code, &description, Some(status));
    }
    let mut e = match status {
        401 => oauth_error(operation, on_401, "", Some(status)),
        500..=599 => oauth_error(
            operation,
            "server_error",
            &format!("HTTP {status} without an OAuth2 error"),
            Some(status),
        ),
        _ => malformed(operation, &format!("HTTP {status} without an OAuth2 error")),
    };
    e.http_status = Some(status);
    e
}

/// A parameter of a `WWW-Authenticate: Bearer k="v", k2=v2` challenge.
pub fn auth_param(header: &str, name: &str) -> Option<String> {
    let rest = header.trim_start();
    let rest = rest
        .strip_prefix("Bearer")
        .or_else(|| rest.strip_prefix("bearer"))
        .unwrap_or(rest);
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars
            .by_ref()
            .take_while(|c| *c != '=')
            .collect::<String>()
            .trim()
            .to_owned();
        if key.is_empty() {
            return None;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                value.push(c);
            }
            value = value.trim().to_owned();
        }
        if key.eq_ignore_ascii_case(name) {
            return Some(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_sets_parse_and_never_print_tokens() {
        let body = br#"{"access_token":"AT-secret","id_token":"IT","refresh_token":"RT",
            "token_type":"Bearer","expires_in":3600}"#;
        let t = parse_token_set("OAuth2Token", body).unwrap();
        assert_eq!(t.access_token, "AT-secret");
        assert_eq!(t.refresh_token.as_deref(), Some("RT"));
        assert_eq!(t.expires_in, 3600);
        let shown = format!("{t:?}");
        assert!(!shown.contains("AT-secret") && !shown.contains("RT\""));
        let m2m = parse_token_set("t", br#"{"access_token":"a","expires_in":"300"}"#).unwrap();
        assert_eq!((m2m.id_token, m2m.expires_in), (None, 300));
        assert_eq!(m2m.token_type, "Bearer");
        for bad in [
            &b"<html>"[..],
            br#"{"id_token":"x"}"#,
            br#"{"access_token":""}"#,
        ] {
            let e = parse_token_set("t", bad).unwrap_err();
            assert_eq!(e.kind, ErrorKind::MalformedResponse);
        }
    }

    #[test]
    fn errors_carry_the_oauth2_code_and_description() {
        let e = error_from_answer(
            "OAuth2Token",
            400,
            None,
            br#"{"error":"invalid_grant","error_description":"bad code"}"#,
            "invalid_client",
        );
        assert_eq!(
            (e.kind, e.code.as_str(), e.message.as_str(), e.http_status),
            (ErrorKind::Service, "invalid_grant", "bad code", Some(400))
        );
        let e = error_from_answer("t", 401, None, b"", "invalid_client");
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("invalid_client", "")
        );
        let e = error_from_answer(
            "u",
            401,
            Some(r#"Bearer error="invalid_token", error_description="Access token has expired""#),
            b"",
            "invalid_token",
        );
        assert_eq!(e.code, "invalid_token");
        assert_eq!(e.message, "Access token has expired");
        let e = error_from_answer("t", 503, None, b"<html>", "invalid_client");
        assert_eq!(e.code, "server_error");
        let e = error_from_answer("t", 404, None, b"nope", "invalid_client");
        assert_eq!(e.kind, ErrorKind::MalformedResponse);
        assert_eq!(e.http_status, Some(404));
        let long = format!(
            r#"{{"error":"x","error_description":"{}"}}"#,
            "d".repeat(900)
        );
        let e = error_from_answer("t", 400, None, long.as_bytes(), "");
        assert!(e.message.len() < 520);
    }

    #[test]
    fn www_authenticate_parameters() {
        let h = r#"Bearer realm="x", error=invalid_token, error_description="a \"q\", b""#;
        assert_eq!(auth_param(h, "error").as_deref(), Some("invalid_token"));
        assert_eq!(
            auth_param(h, "error_description").as_deref(),
            Some(r#"a "q", b"#)
        );
        assert_eq!(auth_param(h, "scope"), None);
        assert_eq!(auth_param("Bearer", "error"), None);
    }
}
