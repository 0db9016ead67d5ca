//! The one error type every language sees: `anytype.AnytypeError` in Python (each variant a
//! subclass), `AnytypeException` in Kotlin, `AnytypeError` in Swift.
//!
//! The same variants and field names as [`crate::Error`], plus `Internal` for a caught panic;
//! statuses are signed (`i32`) so no language sees an unsigned type.

use std::time::Duration;

/// Everything that can go wrong when talking to the Anytype API. Never contains the API key.
///
/// Every variant's text is in its `detail` field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, uniffi::Error)]
#[uniffi::export(Display)]
pub enum AnytypeError {
    /// The arguments were rejected before any request was sent.
    #[error("invalid input: {field}: {detail}")]
    InvalidInput {
        /// Which argument was wrong, by the caller's name (e.g. `page_size`).
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
    /// No such space or object (HTTP 404, or the real server's 500 "failed to retrieve object").
    #[error("not found ({status}): {detail}")]
    NotFound {
        /// The HTTP status (404, or 500).
        status: i32,
        /// The server's message.
        detail: String,
    },
    /// HTTP 409: the request conflicts with the resource's current state.
    #[error("conflict (409): {detail}")]
    Conflict {
        /// The server's message.
        detail: String,
    },
    /// HTTP 410: the resource was deleted.
    #[error("gone (410): {detail}")]
    Gone {
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
    /// A local file could not be read or written.
    #[error("file error at {path}: {detail}")]
    Io {
        /// The local path.
        path: String,
        /// What failed.
        detail: String,
    },
    /// A live stream ended and could not be (or was not to be) resumed.
    #[error("the stream ended: {detail}")]
    StreamEnded {
        /// Why it ended.
        detail: String,
    },
    /// A bug in the SDK (a caught panic); please report it.
    #[error("internal error: {detail}")]
    Internal {
        /// What happened.
        detail: String,
    },
}

impl From<crate::Error> for AnytypeError {
    fn from(error: crate::Error) -> Self {
        use crate::Error as E;
        match error {
            E::InvalidInput { field, detail } => AnytypeError::InvalidInput { field, detail },
            E::WrongCode { detail } => AnytypeError::WrongCode { detail },
            E::Unauthorized { detail } => AnytypeError::Unauthorized { detail },
            E::Forbidden { detail } => AnytypeError::Forbidden { detail },
            E::NotFound { status, detail } => AnytypeError::NotFound {
                status: status.into(),
                detail,
            },
            E::Conflict { detail } => AnytypeError::Conflict { detail },
            E::Gone { detail } => AnytypeError::Gone { detail },
            E::RateLimited {
                retry_after,
                detail,
            } => AnytypeError::RateLimited {
                retry_after,
                detail,
            },
            E::Api {
                status,
                code,
                detail,
            } => AnytypeError::Api {
                status: status.into(),
                code,
                detail,
            },
            E::Network { url, detail } => AnytypeError::Network { url, detail },
            E::Timeout { url, after } => AnytypeError::Timeout { url, after },
            E::Decode {
                status,
                detail,
                snippet,
            } => AnytypeError::Decode {
                status: status.into(),
                detail,
                snippet,
            },
            E::Io { path, detail } => AnytypeError::Io { path, detail },
            E::StreamEnded { detail } => AnytypeError::StreamEnded { detail },
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
