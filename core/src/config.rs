//! Client configuration: where the server is, how long to wait, how to retry.
//!
//! Every field has a default, so `ClientConfig::default()` talks to the Anytype desktop app on
//! `http://127.0.0.1:31009`. Point `base_url` at `http://127.0.0.1:31012` for the headless
//! `anytype-cli` server, or at a sandbox server for tests.
//!
//! ```
//! use std::time::Duration;
//! use anytype_core::ClientConfig;
//!
//! let config = ClientConfig {
//!     base_url: "http://127.0.0.1:31012".into(),
//!     request_timeout: Duration::from_secs(10),
//!     ..ClientConfig::default()
//! };
//! assert_eq!(config.retry.max_retries, 3);
//! ```

use std::time::Duration;

use url::Url;

use crate::error::{Error, Result};

/// The API version this SDK speaks; sent as `Anytype-Version` on every request.
pub const API_VERSION: &str = "2025-11-08";

/// Base URL of the Anytype desktop app.
pub const DESKTOP_URL: &str = "http://127.0.0.1:31009";

/// Base URL of the headless `anytype-cli` server.
pub const HEADLESS_URL: &str = "http://127.0.0.1:31012";

/// How a client connects, times out and retries.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// Where the API is served (scheme, host, port, and an optional path prefix). A trailing
    /// `/v1` (the API's own path, which the SDK adds to every request) is left out.
    pub base_url: String,
    /// Longest wait for a TCP (and TLS) connection to be set up.
    pub connect_timeout: Duration,
    /// Longest time one HTTP attempt may take, from sending to the last byte of the answer.
    pub request_timeout: Duration,
    /// What is retried, how often and how long to wait between attempts.
    pub retry: RetryPolicy,
    /// Pace write requests on the client (burst 60, then one per 1.1 s: the server allows one per
    /// second) instead of
    /// collecting 429 answers. Off by default.
    pub limit_writes: bool,
    /// Extra trusted root certificates (PEM) for `https` base URLs, e.g. a self-signed local CA.
    /// These are trusted in addition to the default roots (the platform's verifier and store, or with
    /// the `webpki-roots` feature Mozilla's roots as compiled in); certificate checks are never
    /// turned off.
    pub extra_root_certificates_pem: Vec<String>,
    /// Sent as `User-Agent`.
    pub user_agent: String,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            base_url: DESKTOP_URL.to_string(),
            connect_timeout: Duration::from_secs(5),
            request_timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            limit_writes: false,
            extra_root_certificates_pem: Vec::new(),
            user_agent: concat!("anytype-sdk/", env!("CARGO_PKG_VERSION")).to_string(),
        }
    }
}

impl ClientConfig {
    /// A default configuration for `base_url`.
    pub fn with_base_url(base_url: impl Into<String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            ..ClientConfig::default()
        }
    }

    /// Check every field and return the parsed base URL.
    pub(crate) fn validate(&self) -> Result<Url> {
        let url = Url::parse(self.base_url.trim()).map_err(|e| {
            Error::invalid("base_url", format!("{:?} is not a URL: {e}", self.base_url))
        })?;
        if url.scheme() != "http" && url.scheme() != "https" {
            return Err(Error::invalid(
                "base_url",
                format!("scheme must be http or https, not {:?}", url.scheme()),
            ));
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::invalid("base_url", "the URL has no host"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(Error::invalid(
                "base_url",
                "credentials in the URL are not allowed; the API key is passed separately",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(Error::invalid(
                "base_url",
                "the URL must not have a query or fragment",
            ));
        }
        check_duration("connect_timeout", self.connect_timeout, true)?;
        check_duration("request_timeout", self.request_timeout, true)?;
        self.retry.validate()?;
        Ok(without_api_path(url))
    }
}

/// `http://127.0.0.1:31009/v1` (the base URL with the API's own path, as the API's docs print
/// it) taken as `http://127.0.0.1:31009/`: the SDK adds `/v1` to every request itself, and
/// `/v1/v1/...` would only answer a bare 404.
fn without_api_path(mut url: Url) -> Url {
    let segments: Vec<String> = url
        .path_segments()
        .map(|s| s.filter(|s| !s.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    if segments
        .last()
        .is_some_and(|last| last.eq_ignore_ascii_case("v1"))
    {
        let kept = &segments[..segments.len() - 1];
        tracing::debug!(base_url = %url, "the base URL ends in /v1, which the SDK adds itself: left out");
        url.set_path(&format!(
            "/{}",
            kept.iter().map(|s| format!("{s}/")).collect::<String>()
        ));
    }
    url
}

/// Which failures are retried and how.
///
/// * A `GET` that fails with a connection error, a timeout or a 500/502/503/504 answer is retried
///   with exponential backoff and full jitter, at most `max_retries` times and never past
///   `max_elapsed` in total.
/// * A 429 answer is retried for any method (the server did not process it), after the wait the
///   server named (`RateLimit-Reset`, `X-Rate-Limit-Duration` or `Retry-After`), capped at
///   `max_rate_limit_wait`.
/// * A `POST`, `PATCH` or `DELETE` is replayed only when it provably never reached the server
///   (the connection could not be opened). Anything else could create a duplicate.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 turns retrying off).
    pub max_retries: u32,
    /// Wait before the first retry; it doubles each time.
    pub initial_backoff: Duration,
    /// Longest wait between two attempts.
    pub max_backoff: Duration,
    /// No retry starts once this much time has passed since the first attempt.
    pub max_elapsed: Duration,
    /// Longest wait a 429 answer may impose before the error is returned instead.
    pub max_rate_limit_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(2),
            max_elapsed: Duration::from_secs(30),
            max_rate_limit_wait: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    fn validate(&self) -> Result<()> {
        check_duration("retry.initial_backoff", self.initial_backoff, false)?;
        check_duration("retry.max_backoff", self.max_backoff, false)?;
        check_duration("retry.max_elapsed", self.max_elapsed, false)?;
        check_duration("retry.max_rate_limit_wait", self.max_rate_limit_wait, false)?;
        if self.initial_backoff > self.max_backoff {
            return Err(Error::invalid(
                "retry.initial_backoff",
                "must not be longer than retry.max_backoff",
            ));
        }
        Ok(())
    }
}

/// Longest duration any setting accepts.
pub const MAX_DURATION: Duration = Duration::from_secs(24 * 60 * 60);

fn check_duration(field: &str, value: Duration, nonzero: bool) -> Result<()> {
    if nonzero && value.is_zero() {
        return Err(Error::invalid(field, "must be greater than zero"));
    }
    if value > MAX_DURATION {
        return Err(Error::invalid(
            field,
            "must be a non-negative duration of at most 24 hours",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        let url = ClientConfig::default().validate().unwrap();
        assert_eq!(url.as_str(), "http://127.0.0.1:31009/");
    }

    #[test]
    fn a_trailing_api_path_is_left_out() {
        for (given, taken) in [
            ("http://127.0.0.1:31009/v1", "http://127.0.0.1:31009/"),
            ("http://127.0.0.1:31009/v1/", "http://127.0.0.1:31009/"),
            ("http://h:1/prefix/V1", "http://h:1/prefix/"),
            ("http://h:1/prefix/", "http://h:1/prefix/"),
            ("http://h:1/v1x", "http://h:1/v1x"),
        ] {
            let url = ClientConfig::with_base_url(given).validate().unwrap();
            assert_eq!(url.as_str(), taken, "{given}");
        }
    }

    #[test]
    fn bad_urls_are_rejected() {
        for bad in [
            "",
            "not a url",
            "ftp://x",
            "http://",
            "http://u:p@h",
            "http://h/?a=1",
        ] {
            let err = ClientConfig::with_base_url(bad).validate().unwrap_err();
            assert!(
                matches!(err, Error::InvalidInput { ref field, .. } if field == "base_url"),
                "{bad}: {err:?}"
            );
        }
    }

    #[test]
    fn huge_durations_are_rejected() {
        let mut config = ClientConfig::default();
        config.retry.max_backoff = Duration::MAX;
        assert!(
            matches!(config.validate(), Err(Error::InvalidInput { field, .. }) if field == "retry.max_backoff")
        );
    }

    #[test]
    fn zero_timeouts_are_rejected() {
        let config = ClientConfig {
            request_timeout: Duration::ZERO,
            ..ClientConfig::default()
        };
        assert!(config.validate().is_err());
    }
}
