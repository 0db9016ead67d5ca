//! Fault injection: make chosen routes slow, fail, rate-limit, or answer garbage.
//!
//! Rules are matched in the order they were added; the first rule whose method and path match a
//! request, and that has uses left, applies. Add rules with the `--fault '<json>'` flag, with
//! `POST /_sandbox/faults` (the same JSON), or with [`Sandbox::add_fault`](crate::Sandbox::add_fault).
//!
//! ```json
//! {"method": "POST", "path": "/v1/spaces", "times": 1, "fault": {"kind": "status", "status": 500, "after_handler": true}}
//! ```

use serde::{Deserialize, Serialize};

/// One fault rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// HTTP method to match (`GET`, `POST`, ...); any method when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Path to match: exact, or a prefix when it ends with `*`; `*` alone matches every path.
    pub path: String,
    /// How many matching requests the rule applies to; forever when absent.
    #[serde(default)]
    pub times: Option<u32>,
    /// What happens to a matching request.
    pub fault: Fault,
}

/// What a fault does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Wait `ms` milliseconds, then handle the request normally.
    Latency {
        /// The delay in milliseconds.
        ms: u64,
    },
    /// Answer `status` with the standard error body (or `body`, sent as is). With
    /// `after_handler`, the request is processed first (a create really creates) and the answer
    /// is replaced, like a server that fails after doing the work.
    Status {
        /// The HTTP status to answer.
        status: u16,
        /// A raw body to send instead of the standard error body.
        #[serde(default)]
        body: Option<String>,
        /// Process the request before answering with the error.
        #[serde(default)]
        after_handler: bool,
    },
    /// Answer 429 with `RateLimit-Reset` and `X-Rate-Limit-Duration` headers.
    RateLimit {
        /// Seconds the client is asked to wait (may be fractional).
        reset_seconds: f64,
    },
    /// Answer 200 with a body that is not valid JSON.
    MalformedJson,
    /// Process the request, then send only the first half of the real JSON answer.
    TruncatedJson,
    /// Answer 200 with an HTML page.
    NonJson,
    /// Send the headers and part of the body, then drop the connection.
    ResetMidBody,
    /// Accept the request and never answer.
    Hang,
    /// A streamed answer (the chat stream) breaks off after `after_events` events.
    CutStream {
        /// How many events (not heartbeats) go out first.
        after_events: u32,
    },
    /// A streamed answer stops after `after_events` events: no more events, no heartbeats,
    /// and the connection stays open.
    StallStream {
        /// How many events (not heartbeats) go out first.
        after_events: u32,
    },
    /// Read `after_bytes` of the request body (an upload), then cut the connection without an
    /// answer.
    ResetUpload {
        /// How much of the body is read first.
        after_bytes: u64,
    },
}

impl FaultRule {
    /// Whether this rule matches `method` and `path`.
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method));
        let path_ok = match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => self.path == path,
        };
        method_ok && path_ok
    }
}
