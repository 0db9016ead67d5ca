//! The one error type every language sees: `anytype.AnytypeError` in Python (each variant a
//! subclass), `AnytypeException` in Kotlin, `AnytypeError` in Swift.

use std::time::Duration;

/// Everything that can go wrong when talking to the Anytype API. Never contains the API key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum AnytypeError {
    /// The arguments were rejected before any request was sent.
    #[error("invalid input: {field}: {detail}")]
    InvalidInput {
        /// Which argument was wrong.
        field: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The 4-digit code did not match the challenge.
    #[error("wrong code: the 4-digit code does not match the challenge ({detail})")]
    WrongCode {
        /// The server's message.
        detail: String,
    },
    /// HTTP 401: the API key is missing, unknown or revoked.
    #[error("unauthorized (401): {detail}")]
    Unauthorized {
        /// The server's message.
        detail: String,
    },
    /// HTTP 403: not allowed.
    #[error("forbidden (403): {detail}")]
    Forbidden {
        /// The server's message.
        detail: String,
    },
    /// HTTP 404: no such space or object.
    #[error("not found (404): {detail}")]
    NotFound {
        /// The server's message.
        detail: String,
    },
    /// HTTP 429: too many writes; wait `retry_after` (when the server said) and try again.
    #[error("rate limited (429){}: {detail}", retry_after.map(|d| format!(", retry after {:.1}s", d.as_secs_f64())).unwrap_or_default())]
    RateLimited {
        /// The wait the server asked for, if it said.
        retry_after: Option<Duration>,
        /// The server's message.
        detail: String,
    },
    /// Another error answer from the server.
    #[error("API error {status} ({code}): {detail}")]
    Api {
        /// The HTTP status.
        status: i32,
        /// The server's error code.
        code: String,
        /// The server's message.
        detail: String,
    },
    /// The server could not be reached, or the connection broke.
    #[error("network error talking to {url}: {detail}")]
    Network {
        /// The request's URL.
        url: String,
        /// What failed.
        detail: String,
    },
    /// The request took longer than the configured timeout.
    #[error("timed out after {}ms waiting for {url}", after.as_millis())]
    Timeout {
        /// The request's URL.
        url: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The answer could not be decoded.
    #[error(
        "could not decode the response (HTTP {status}): {detail}; body starts with: {snippet:?}"
    )]
    Decode {
        /// The HTTP status of the answer.
        status: i32,
        /// What the decoder said.
        detail: String,
        /// The start of the body (bounded).
        snippet: String,
    },
    /// A bug in the SDK (a caught panic); please report it.
    #[error("internal error: {detail}")]
    Internal {
        /// What happened.
        detail: String,
    },
}

impl From<anytype_core::Error> for AnytypeError {
    fn from(error: anytype_core::Error) -> Self {
        use anytype_core::Error as E;
        match error {
            E::InvalidInput { field, reason } => AnytypeError::InvalidInput {
                field,
                detail: reason,
            },
            E::WrongCode { message } => AnytypeError::WrongCode { detail: message },
            E::Unauthorized { message } => AnytypeError::Unauthorized { detail: message },
            E::Forbidden { message } => AnytypeError::Forbidden { detail: message },
            E::NotFound { message } => AnytypeError::NotFound { detail: message },
            E::RateLimited {
                retry_after,
                message,
            } => AnytypeError::RateLimited {
                retry_after,
                detail: message,
            },
            E::Api {
                status,
                code,
                message,
            } => AnytypeError::Api {
                status: status.into(),
                code,
                detail: message,
            },
            E::Network { url, reason } => AnytypeError::Network {
                url,
                detail: reason,
            },
            E::Timeout { url, after } => AnytypeError::Timeout { url, after },
            E::Decode {
                status,
                reason,
                snippet,
            } => AnytypeError::Decode {
                status: status.into(),
                detail: reason,
                snippet,
            },
            other => AnytypeError::Internal {
                detail: other.to_string(),
            },
        }
    }
}

#[uniffi::export]
impl AnytypeError {
    /// The full human-readable message, e.g. `not found (404): Space x not found` (the same as
    /// `str(e)` in Python, `toString()` in Kotlin and `description` in Swift).
    pub fn describe(&self) -> String {
        self.to_string()
    }
}
