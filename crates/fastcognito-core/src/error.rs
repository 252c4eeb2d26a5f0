//! One error type for every operation, with the AWS SDK's errors mapped onto it.

use std::error::Error as StdError;
use std::fmt;

use aws_sdk_cognitoidentityprovider::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// Cognito answered with an error code (`UserNotFoundException`, ...).
    Service,
    /// The request could not be signed: no AWS credentials were found.
    NoCredentials,
    /// The endpoint could not be reached, or the connection broke.
    Connection,
    /// No answer in time.
    Timeout,
    /// The server answered with something that is not a Cognito response.
    MalformedResponse,
    /// The request could not be built from the arguments.
    InvalidArgument,
    /// A bug in fastcognito (a Rust panic), caught before it reached the interpreter.
    Internal,
    /// A token failed verification (signature, claims, or a key set that is not valid).
    InvalidToken,
    /// The pool's key set could not be fetched, so no token can be verified for now.
    KeysUnavailable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The Cognito error code for service errors; a fixed name for the other kinds.
    pub code: String,
    pub message: String,
    /// The Cognito operation name (`AdminGetUser`), empty when none was sent.
    pub operation: String,
    pub http_status: Option<u16>,
    pub request_id: Option<String>,
}

impl Error {
    pub fn new(kind: ErrorKind, code: &str, message: impl Into<String>, operation: &str) -> Self {
        Error {
            kind,
            code: code.to_owned(),
            message: message.into(),
            operation: operation.to_owned(),
            http_status: None,
            request_id: None,
        }
    }

    pub fn invalid_argument(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidArgument, "InvalidArgument", message, "")
    }

    pub fn invalid_token(message: impl Into<String>) -> Self {
        Error::new(
            ErrorKind::InvalidToken,
            "TokenVerificationException",
            message,
            "",
        )
    }

    /// The pool's key set could not be fetched (unreachable, timed out, not served).
    pub fn keys_unavailable(message: impl Into<String>) -> Self {
        Error::new(ErrorKind::KeysUnavailable, "KeysUnavailable", message, "")
    }

    /// Maps an SDK error onto ours. `operation` is the Cognito operation name, `endpoint`
    /// the URL it was sent to (named in connection failures).
    pub fn from_sdk<E>(operation: &str, endpoint: &str, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + StdError + Send + Sync + 'static,
    {
        let http_status = err.raw_response().map(|r| r.status().as_u16());
        let request_id = err
            .raw_response()
            .and_then(|r| r.headers().get("x-amzn-requestid"))
            .map(str::to_owned);
        let mut out = match &err {
            SdkError::ServiceError(_) => {
                let code = err.code().unwrap_or("UnknownError");
                let message = err.message().unwrap_or("");
                Error::new(ErrorKind::Service, code, message, operation)
            }
            SdkError::TimeoutError(_) => Error::new(
                ErrorKind::Timeout,
                "Timeout",
                "the operation timed out",
                operation,
            ),
            SdkError::DispatchFailure(failure) => {
                let chain = source_chain(&err);
                if failure.is_timeout() {
                    Error::new(ErrorKind::Timeout, "Timeout", chain, operation)
                } else if is_credentials_failure(&err) {
                    Error::new(
                        ErrorKind::NoCredentials,
                        "NoCredentials",
                        format!(
                            "{operation} must be signed with AWS credentials and none were found \
                             (environment variables, shared config/credentials files, web identity, \
                             container or instance role): {chain}"
                        ),
                        operation,
                    )
                } else {
                    Error::new(
                        ErrorKind::Connection,
                        "ConnectionError",
                        format!("could not connect to {endpoint}: {}", connect_reason(&err)),
                        operation,
                    )
                }
            }
            SdkError::ResponseError(_) if is_broken_connection(&err) => Error::new(
                ErrorKind::Connection,
                "ConnectionError",
                format!(
                    "the connection to {endpoint} broke before the answer was complete ({})",
                    source_chain(&err)
                ),
                operation,
            ),
            SdkError::ResponseError(_) => {
                let status = http_status
                    .map(|s| format!("HTTP {s}: "))
                    .unwrap_or_default();
                Error::new(
                    ErrorKind::MalformedResponse,
                    "MalformedResponse",
                    format!(
                        "{status}the server's answer is not a Cognito response ({})",
                        source_chain(&err)
                    ),
                    operation,
                )
            }
            SdkError::ConstructionFailure(_) => Error::new(
                ErrorKind::InvalidArgument,
                "InvalidArgument",
                source_chain(&err),
                operation,
            ),
            _ => Error::new(
                ErrorKind::Connection,
                "ConnectionError",
                source_chain(&err),
                operation,
            ),
        };
        out.http_status = http_status;
        out.request_id = request_id;
        out
    }
}

/// The messages of an error and of its sources, joined: the SDK's top-level Display
/// ("dispatch failure") says too little on its own.
fn source_chain(err: &(dyn StdError + 'static)) -> String {
    let mut parts = vec![err.to_string()];
    let mut cur = err.source();
    while let Some(e) = cur {
        let text = e.to_string();
        if !parts.iter().any(|p| p == &text) {
            parts.push(text);
        }
        cur = e.source();
    }
    parts.join(": ")
}

/// Why a connection could not be made, in plain words: the SDK's own text ("dispatch failure:
/// io error: client error (Connect)") names neither the endpoint nor the cause first.
pub(crate) fn connect_reason(err: &(dyn StdError + 'static)) -> String {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    let mut innermost = err.to_string();
    let mut dns = false;
    while let Some(e) = cur {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind as Io;
            let plain = match io.kind() {
                Io::ConnectionRefused => Some("connection refused"),
                Io::ConnectionReset => Some("connection reset by the server"),
                Io::ConnectionAborted => Some("connection aborted"),
                Io::TimedOut => Some("timed out"),
                _ => None,
            };
            if let Some(plain) = plain {
                return plain.to_owned();
            }
        }
        innermost = e.to_string();
        dns |= innermost.contains("dns error");
        cur = e.source();
    }
    if dns {
        format!("the host name could not be resolved ({innermost})")
    } else {
        innermost
    }
}

/// The connection broke while the answer was being read (as opposed to an answer that
/// arrived whole but is not Cognito's).
fn is_broken_connection(err: &(dyn StdError + 'static)) -> bool {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if e.downcast_ref::<std::io::Error>().is_some() {
            return true;
        }
        let text = e.to_string();
        if text.contains("error reading a body")
            || text.contains("connection closed before message completed")
        {
            return true;
        }
        cur = e.source();
    }
    false
}

fn is_credentials_failure(err: &(dyn StdError + 'static)) -> bool {
    let mut cur: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = cur {
        if e.downcast_ref::<aws_credential_types::provider::error::CredentialsError>()
            .is_some()
        {
            return true;
        }
        let text = e.to_string();
        if text.contains("no identity resolver") || text.contains("failed to select an auth scheme")
        {
            return true;
        }
        cur = e.source();
    }
    false
}

impl ErrorKind {
    /// A stable name for the kind, used by the Python layer to pick an exception class.
    pub fn as_str(&self) -> &'static str {
        match self {
            ErrorKind::Service => "service",
            ErrorKind::NoCredentials => "no_credentials",
            ErrorKind::Connection => "connection",
            ErrorKind::Timeout => "timeout",
            ErrorKind::MalformedResponse => "malformed_response",
            ErrorKind::InvalidArgument => "invalid_argument",
            ErrorKind::Internal => "internal",
            ErrorKind::InvalidToken => "invalid_token",
            ErrorKind::KeysUnavailable => "keys_unavailable",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl StdError for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Wrapped(&'static str, std::io::Error);
    impl fmt::Display for Wrapped {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl StdError for Wrapped {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.1)
        }
    }

    #[test]
    fn connection_failures_say_why_in_plain_words() {
        let refused = Wrapped(
            "io error",
            std::io::Error::from(std::io::ErrorKind::ConnectionRefused),
        );
        assert_eq!(connect_reason(&refused), "connection refused");
        let dns = Wrapped(
            "client error (Connect)",
            std::io::Error::other("dns error: failed to lookup address information"),
        );
        assert!(connect_reason(&dns).starts_with("the host name could not be resolved"));
    }
}
