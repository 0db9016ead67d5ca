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
/// Every variant's human-readable text is in a field called `detail` (the server's message, or
/// what the SDK found wrong), in Rust and in every language package. No variant ever contains
/// the API key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The arguments were rejected before any request was sent.
    #[error("invalid input: {field}: {detail}")]
    InvalidInput {
        /// Which argument or field was wrong (e.g. `page_size`, `app_name`), by the caller's name.
        field: String,
        /// What is wrong with it.
        detail: String,
    },
    /// The 4-digit code did not match the challenge (the server answers 500 for this).
    #[error("wrong code: the 4-digit code does not match the challenge, or the challenge expired ({detail})")]
    WrongCode {
        /// The server's message.
        detail: String,
    },
    /// HTTP 401: the API key is missing, malformed, unknown or revoked.
    #[error("unauthorized (401): {detail}")]
    Unauthorized {
        /// The server's message.
        detail: String,
    },
    /// HTTP 403: the key is valid but may not do this.
    #[error("forbidden (403): {detail}")]
    Forbidden {
        /// The server's message.
        detail: String,
    },
    /// The space or object does not exist: HTTP 404, or the real server's 500 "failed to
    /// retrieve object" (or type, property, ...) for a missing object, type or property.
    #[error("not found ({status}): {detail}")]
    NotFound {
        /// The HTTP status (404, or 500 for the real server's missing objects).
        status: u16,
        /// The server's message.
        detail: String,
    },
    /// HTTP 409: the request conflicts with the current state of the resource.
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
    /// HTTP 429: too many write requests; `retry_after` is the wait the server asked for, if it said.
    #[error("rate limited (429){}: {detail}", retry_after.map(|d| format!(", retry after {:.1}s", d.as_secs_f64())).unwrap_or_default())]
    RateLimited {
        /// How long the server asked the client to wait, from `RateLimit-Reset` / `X-Rate-Limit-Duration` / `Retry-After`.
        retry_after: Option<Duration>,
        /// The server's message.
        detail: String,
    },
    /// Any other error answer from the server.
    #[error("API error {status} ({code}): {detail}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The server's error code (e.g. `bad_request`, `internal_server_error`).
        code: String,
        /// The server's message.
        detail: String,
    },
    /// The server could not be reached, or the connection broke.
    #[error("network error talking to {url}: {detail}")]
    Network {
        /// The URL of the request (never with credentials).
        url: String,
        /// What failed.
        detail: String,
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
        "could not decode the response (HTTP {status}): {detail}; body starts with: {snippet:?}"
    )]
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// What the decoder said.
        detail: String,
        /// The start of the body, at most [`SNIPPET_LIMIT`] bytes.
        snippet: String,
    },
    /// A local file could not be read or written (uploads and downloads).
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
}

/// How the message starts that the real server sends, with a 500, for an object, type,
/// property, tag, template or member that does not exist (`failed to retrieve object`,
/// `failed to retrieve type`, ...); only a missing space answers 404.
pub const MISSING_RESOURCE_PREFIX: &str = "failed to retrieve ";

impl Error {
    /// An [`Error::InvalidInput`] for `field`.
    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Error::InvalidInput {
            field: field.into(),
            detail: detail.into(),
        }
    }

    /// The HTTP status this error came from, if it came from an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { .. } => Some(401),
            Error::Forbidden { .. } => Some(403),
            Error::Conflict { .. } => Some(409),
            Error::Gone { .. } => Some(410),
            Error::RateLimited { .. } => Some(429),
            Error::WrongCode { .. } => Some(500),
            Error::NotFound { status, .. }
            | Error::Api { status, .. }
            | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether this error is the server's final word, though its status would usually be worth
    /// a retry (the real server's 500 for a missing object).
    pub(crate) fn status_is_final(&self) -> bool {
        matches!(self, Error::NotFound { status: 500, .. })
    }

    /// Build an error from an error answer: the status decides the variant, the body adds detail.
    ///
    /// Accepts the three body shapes the server has used — `{"object":"error","status","code","message"}`,
    /// `{"error": "text"}` and `{"error": {"message": "text"}}` — and any other body (even non-JSON).
    pub fn from_response(status: u16, retry_after: Option<Duration>, body: &[u8]) -> Self {
        let parsed = ErrorBody::parse(body);
        let detail = parsed
            .message
            .unwrap_or_else(|| default_message(status, body));
        match status {
            401 => Error::Unauthorized { detail },
            403 => Error::Forbidden { detail },
            404 => Error::NotFound { status, detail },
            409 => Error::Conflict { detail },
            410 => Error::Gone { detail },
            429 => Error::RateLimited {
                retry_after,
                detail,
            },
            500 if detail.starts_with(MISSING_RESOURCE_PREFIX) => {
                Error::NotFound { status, detail }
            }
            _ => {
                // Trust the HTTP status: keep the body's code only when the body agrees with it.
                let code = match (parsed.code, parsed.status) {
                    (Some(code), Some(body_status)) if body_status == status => code,
                    (Some(code), None) => code,
                    _ => canonical_code(status).to_string(),
                };
                Error::Api {
                    status,
                    code,
                    detail,
                }
            }
        }
    }

    /// A [`Error::Decode`] for a body that did not match the expected shape.
    pub fn decode(status: u16, reason: impl std::fmt::Display, body: &[u8]) -> Self {
        Error::Decode {
            status,
            detail: reason.to_string(),
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
                status: 404,
                detail: "space not found".into()
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
                detail: "limit must be between 1 and 1000".into()
            }
        );
    }

    #[test]
    fn old_nested_body_shape() {
        let body = br#"{"error": {"message": "old style"}}"#;
        match Error::from_response(403, None, body) {
            Error::Forbidden { detail } => assert_eq!(detail, "old style"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn status_wins_over_body() {
        let body =
            br#"{"object":"error","status":500,"code":"internal_server_error","message":"odd"}"#;
        match Error::from_response(418, None, body) {
            Error::Api { status, code, .. } => {
                assert_eq!(status, 418);
                assert_eq!(code, "http_error");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn the_real_servers_missing_object_is_not_found() {
        let body = br#"{"object":"error","status":500,"code":"internal_server_error","message":"failed to retrieve object"}"#;
        let err = Error::from_response(500, None, body);
        assert_eq!(
            err,
            Error::NotFound {
                status: 500,
                detail: "failed to retrieve object".into()
            }
        );
        let typ = br#"{"object":"error","status":500,"code":"internal_server_error","message":"failed to retrieve type"}"#;
        assert!(matches!(
            Error::from_response(500, None, typ),
            Error::NotFound { status: 500, .. }
        ));
        let other = br#"{"object":"error","status":500,"code":"internal_server_error","message":"failed to create object"}"#;
        assert!(matches!(
            Error::from_response(500, None, other),
            Error::Api { status: 500, .. }
        ));
    }

    #[test]
    fn conflict_and_gone() {
        assert!(matches!(
            Error::from_response(409, None, b""),
            Error::Conflict { .. }
        ));
        // A 410 carries the 500 body: the status wins.
        let body = br#"{"object":"error","status":500,"code":"internal_server_error","message":"deleted"}"#;
        assert_eq!(
            Error::from_response(410, None, body),
            Error::Gone {
                detail: "deleted".into()
            }
        );
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
