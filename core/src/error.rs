//! The one error type of the SDK.
//!
//! Every fallible call returns [`Result<T>`](crate::Result). The variants are chosen so a caller can
//! act on them: fix the input, ask the user for a new code or a new key, wait and try again, or report.
//! Errors are built from the HTTP status first; the body only adds detail, because the real server
//! sometimes sends a body whose own `status` disagrees with the HTTP one (a 410 carries the 500 body).

use std::time::Duration;

/// Result alias used by every fallible function of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Longest body excerpt kept in a [`Error::Decode`] (in bytes, cut at a character boundary).
pub const SNIPPET_LIMIT: usize = 256;

/// Everything that can go wrong when talking to the Anytype API.
///
/// No variant ever contains the API key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The arguments were rejected before any request was sent.
    #[error("invalid input: {field}: {reason}")]
    InvalidInput {
        /// Which argument or field was wrong (e.g. `limit`, `app_name`).
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The 4-digit code did not match the challenge (the server answers 500 for this).
    #[error("wrong code: the 4-digit code does not match the challenge, or the challenge expired ({message})")]
    WrongCode {
        /// The server's message.
        message: String,
    },
    /// HTTP 401: the API key is missing, malformed, unknown or revoked.
    #[error("unauthorized (401): {message}")]
    Unauthorized {
        /// The server's message.
        message: String,
    },
    /// HTTP 403: the key is valid but may not do this.
    #[error("forbidden (403): {message}")]
    Forbidden {
        /// The server's message.
        message: String,
    },
    /// HTTP 404: the space or object does not exist.
    #[error("not found (404): {message}")]
    NotFound {
        /// The server's message.
        message: String,
    },
    /// HTTP 429: too many write requests; `retry_after` is the wait the server asked for, if it said.
    #[error("rate limited (429){}: {message}", retry_after.map(|d| format!(", retry after {:.1}s", d.as_secs_f64())).unwrap_or_default())]
    RateLimited {
        /// How long the server asked the client to wait, from `RateLimit-Reset` / `X-Rate-Limit-Duration` / `Retry-After`.
        retry_after: Option<Duration>,
        /// The server's message.
        message: String,
    },
    /// Any other error answer from the server.
    #[error("API error {status} ({code}): {message}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The server's error code (e.g. `bad_request`, `internal_server_error`).
        code: String,
        /// The server's message.
        message: String,
    },
    /// The server could not be reached, or the connection broke.
    #[error("network error talking to {url}: {reason}")]
    Network {
        /// The URL of the request (never with credentials).
        url: String,
        /// What failed.
        reason: String,
    },
    /// The request (or connecting) took longer than the configured timeout.
    #[error("timed out after {}ms waiting for {url}", after.as_millis())]
    Timeout {
        /// The URL of the request.
        url: String,
        /// The timeout that expired.
        after: Duration,
    },
    /// The server answered, but the body could not be understood.
    #[error(
        "could not decode the response (HTTP {status}): {reason}; body starts with: {snippet:?}"
    )]
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// What the decoder said.
        reason: String,
        /// The start of the body, at most [`SNIPPET_LIMIT`] bytes.
        snippet: String,
    },
}

impl Error {
    /// An [`Error::InvalidInput`] for `field`.
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The HTTP status this error came from, if it came from an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { .. } => Some(401),
            Error::Forbidden { .. } => Some(403),
            Error::NotFound { .. } => Some(404),
            Error::RateLimited { .. } => Some(429),
            Error::WrongCode { .. } => Some(500),
            Error::Api { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Build an error from an error answer: the status decides the variant, the body adds detail.
    ///
    /// Accepts the three body shapes the server has used — `{"object":"error","status","code","message"}`,
    /// `{"error": "text"}` and `{"error": {"message": "text"}}` — and any other body (even non-JSON).
    pub fn from_response(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Self {
        let detail = ErrorBody::parse(body);
        let message = detail
            .message
            .unwrap_or_else(|| default_message(status, body));
        match status {
            401 => Error::Unauthorized { message },
            403 => Error::Forbidden { message },
            404 => Error::NotFound { message },
            429 => Error::RateLimited {
                retry_after,
                message,
            },
            _ => {
                // Trust the HTTP status: keep the body's code only when the body agrees with it.
                let code = match (detail.code, detail.status) {
                    (Some(code), Some(body_status)) if body_status == status => code,
                    (Some(code), None) => code,
                    _ => canonical_code(status).to_string(),
                };
                Error::Api {
                    status,
                    code,
                    message,
                }
            }
        }
    }

    /// A [`Error::Decode`] for a body that did not match the expected shape.
    pub fn decode(status: u16, reason: impl std::fmt::Display, body: &[u8]) -> Self {
        Error::Decode {
            status,
            reason: reason.to_string(),
            snippet: snippet(body),
        }
    }
}

/// The start of `body` as text, at most [`SNIPPET_LIMIT`] bytes, cut at a character boundary.
pub fn snippet(body: &[u8]) -> String {
    // Invalid bytes become U+FFFD (3 bytes each), so cut again after decoding.
    let text = String::from_utf8_lossy(&body[..body.len().min(SNIPPET_LIMIT)]);
    let mut end = text.len().min(SNIPPET_LIMIT);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

fn canonical_code(status: u16) -> &'static str {
    match status {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "object_not_found",
        410 => "resource_gone",
        429 => "rate_limit_exceeded",
        500 => "internal_server_error",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        _ => "http_error",
    }
}

fn default_message(status: u16, body: &[u8]) -> String {
    let text = snippet(body);
    let text = text.trim();
    if text.is_empty() {
        format!("HTTP {status} with an empty body")
    } else {
        format!("HTTP {status}: {text}")
    }
}

/// What can be read out of an error body, whatever its shape.
#[derive(Default)]
struct ErrorBody {
    status: Option<u16>,
    code: Option<String>,
    message: Option<String>,
}

impl ErrorBody {
    fn parse(body: &[u8]) -> Self {
        let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
            return ErrorBody::default();
        };
        let text = |v: &serde_json::Value| v.as_str().map(str::to_owned);
        let mut out = ErrorBody {
            status: value
                .get("status")
                .and_then(|s| s.as_u64())
                .and_then(|s| u16::try_from(s).ok()),
            code: value.get("code").and_then(text),
            message: value.get("message").and_then(text),
        };
        match value.get("error") {
            Some(serde_json::Value::String(message)) => out.message = Some(message.clone()),
            Some(inner @ serde_json::Value::Object(_)) => {
                if let Some(message) = inner.get("message").and_then(text) {
                    out.message = Some(message);
                }
                if out.code.is_none() {
                    out.code = inner.get("code").and_then(text);
                }
            }
            _ => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_body_shape() {
        let body = br#"{"object":"error","status":404,"code":"object_not_found","message":"space not found"}"#;
        assert_eq!(
            Error::from_response(404, None, body),
            Error::NotFound {
                message: "space not found".into()
            }
        );
    }

    #[test]
    fn limit_body_shape() {
        let body = br#"{"error": "limit must be between 1 and 1000"}"#;
        let err = Error::from_response(400, None, body);
        assert_eq!(
            err,
            Error::Api {
                status: 400,
                code: "bad_request".into(),
                message: "limit must be between 1 and 1000".into()
            }
        );
    }

    #[test]
    fn old_nested_body_shape() {
        let body = br#"{"error": {"message": "old style"}}"#;
        match Error::from_response(403, None, body) {
            Error::Forbidden { message } => assert_eq!(message, "old style"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn status_wins_over_body() {
        let body =
            br#"{"object":"error","status":500,"code":"internal_server_error","message":"gone"}"#;
        match Error::from_response(410, None, body) {
            Error::Api { status, code, .. } => {
                assert_eq!(status, 410);
                assert_eq!(code, "resource_gone");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn non_json_body() {
        let err = Error::from_response(502, None, b"<html>Bad Gateway</html>");
        assert_eq!(err.status(), Some(502));
        assert!(err.to_string().contains("Bad Gateway"), "{err}");
    }

    #[test]
    fn snippet_is_bounded_and_utf8_safe() {
        let body = "é".repeat(1000);
        let s = snippet(body.as_bytes());
        assert!(s.len() <= SNIPPET_LIMIT);
        assert!(s.chars().all(|c| c == 'é'));
    }
}
