//! Threat-protection context data: what the app knows of the end user's request (their IP
//! address and HTTP headers), sent so that Cognito's threat protection can judge a sign-in.
//!
//! Public operations (InitiateAuth, SignUp, ForgotPassword...) take `UserContextData`
//! (IpAddress, EncodedData); the admin sign-in operations take `ContextData`, which also
//! requires ServerName, ServerPath and HttpHeaders. One [`UserContext`] builds either.

use std::net::IpAddr;

use aws_sdk_cognitoidentityprovider::types::{ContextDataType, HttpHeader, UserContextDataType};

use crate::error::{Error, Result};

/// The end user's request as the app saw it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserContext {
    pub ip_address: String,
    /// `(name, value)` pairs, in the order received (a name may repeat).
    pub headers: Vec<(String, String)>,
    /// The Cognito advanced-security JavaScript/SDK fingerprint, when the app collected one.
    pub encoded_data: Option<String>,
    pub server_name: Option<String>,
    pub server_path: Option<String>,
}

/// ServerName when none is given and the request has no Host header.
pub const DEFAULT_SERVER_NAME: &str = "localhost";
/// ServerPath when none is given.
pub const DEFAULT_SERVER_PATH: &str = "/";

impl UserContext {
    /// Checks what Cognito would refuse, before anything is sent.
    pub fn validate(&self) -> Result<()> {
        if self.ip_address.parse::<IpAddr>().is_err() {
            return Err(Error::invalid_argument(
                "context: ip_address must be an IPv4 or IPv6 address",
            ));
        }
        if self.headers.iter().any(|(name, _)| name.is_empty()) {
            return Err(Error::invalid_argument(
                "context: a header name must not be empty",
            ));
        }
        Ok(())
    }

    /// The header `name` (case-insensitive, the first if repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// ServerName: as given, else the Host header, else [`DEFAULT_SERVER_NAME`].
    pub fn server_name(&self) -> &str {
        self.server_name
            .as_deref()
            .filter(|s| !s.is_empty())
            .or_else(|| self.header("host").filter(|h| !h.is_empty()))
            .unwrap_or(DEFAULT_SERVER_NAME)
    }

    /// ServerPath: as given, else [`DEFAULT_SERVER_PATH`].
    pub fn server_path(&self) -> &str {
        self.server_path
            .as_deref()
            .filter(|s| !s.is_empty())
            .unwrap_or(DEFAULT_SERVER_PATH)
    }

    /// `UserContextData` for the public operations.
    pub fn user_context_data(&self) -> UserContextDataType {
        UserContextDataType::builder()
            .ip_address(&self.ip_address)
            .set_encoded_data(self.encoded_data.clone())
            .build()
    }

    /// `ContextData` for AdminInitiateAuth and AdminRespondToAuthChallenge.
    pub fn context_data(&self) -> Result<ContextDataType> {
        let headers = self
            .headers
            .iter()
            .map(|(name, value)| {
                HttpHeader::builder()
                    .header_name(name)
                    .header_value(value)
                    .build()
            })
            .collect();
        ContextDataType::builder()
            .ip_address(&self.ip_address)
            .server_name(self.server_name())
            .server_path(self.server_path())
            .set_http_headers(Some(headers))
            .set_encoded_data(self.encoded_data.clone())
            .build()
            .map_err(|e| Error::invalid_argument(e.to_string()))
    }
}

/// What a public operation sends for `context` (checked first).
pub(crate) fn for_public(context: Option<&UserContext>) -> Result<Option<UserContextDataType>> {
    context
        .map(|c| c.validate().map(|()| c.user_context_data()))
        .transpose()
}

/// What an admin sign-in operation sends for `context` (checked first).
pub(crate) fn for_admin(context: Option<&UserContext>) -> Result<Option<ContextDataType>> {
    context
        .map(|c| c.validate().and_then(|()| c.context_data()))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(headers: &[(&str, &str)]) -> UserContext {
        UserContext {
            ip_address: "203.0.113.7".to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            ..UserContext::default()
        }
    }

    #[test]
    fn admin_context_takes_host_and_defaults() {
        let c = ctx(&[("HOST", "app.example.com"), ("User-Agent", "ua")]);
        let data = c.context_data().unwrap();
        assert_eq!(data.ip_address(), "203.0.113.7");
        assert_eq!(data.server_name(), "app.example.com");
        assert_eq!(data.server_path(), "/");
        assert_eq!(data.http_headers().len(), 2);
        assert_eq!(data.http_headers()[1].header_value(), Some("ua"));
        assert_eq!(data.encoded_data(), None);

        let bare = ctx(&[]).context_data().unwrap();
        assert_eq!(bare.server_name(), "localhost");
        assert!(bare.http_headers().is_empty());
    }

    #[test]
    fn explicit_server_name_and_path_win() {
        let c = UserContext {
            server_name: Some("api.example.com".to_owned()),
            server_path: Some("/login".to_owned()),
            encoded_data: Some("fp".to_owned()),
            ..ctx(&[("Host", "other")])
        };
        let data = c.context_data().unwrap();
        assert_eq!(data.server_name(), "api.example.com");
        assert_eq!(data.server_path(), "/login");
        let user = c.user_context_data();
        assert_eq!(user.ip_address(), Some("203.0.113.7"));
        assert_eq!(user.encoded_data(), Some("fp"));
    }

    #[test]
    fn bad_ip_or_header_name_is_refused() {
        let mut c = ctx(&[]);
        c.ip_address = "not-an-ip".to_owned();
        assert!(for_public(Some(&c)).is_err());
        c.ip_address = "2001:db8::1".to_owned();
        assert!(for_admin(Some(&c)).unwrap().is_some());
        c.headers.push((String::new(), "v".to_owned()));
        assert!(for_admin(Some(&c)).is_err());
        assert!(for_public(None).unwrap().is_none());
    }
}
