//! The FFI's `ClientConfig`: the core's [`ClientConfig`](crate::ClientConfig) flattened into one
//! record whose durations are each language's own type (`timedelta`, `java.time.Duration`,
//! `TimeInterval`) and whose unset durations mean the SDK default.

use std::time::Duration;

/// How a client connects, times out and retries. Every field has a default; `None` durations
/// mean the SDK default (given in each field's doc).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ClientConfig {
    /// Where the API is served. The desktop app: `http://127.0.0.1:31009` (default); the
    /// headless server: `http://127.0.0.1:31012`.
    #[uniffi(default = "http://127.0.0.1:31009")]
    pub base_url: String,
    /// Longest wait for a connection (default 5 s).
    #[uniffi(default = None)]
    pub connect_timeout: Option<Duration>,
    /// Longest time one HTTP attempt may take (default 30 s).
    #[uniffi(default = None)]
    pub request_timeout: Option<Duration>,
    /// Retries after the first attempt for retryable failures (default 3; 0 turns retries off).
    #[uniffi(default = 3)]
    pub max_retries: i32,
    /// Wait before the first retry, doubled each time with jitter (default 100 ms).
    #[uniffi(default = None)]
    pub initial_backoff: Option<Duration>,
    /// Longest wait between two attempts (default 2 s).
    #[uniffi(default = None)]
    pub max_backoff: Option<Duration>,
    /// No retry starts after this much time since the first attempt (default 30 s).
    #[uniffi(default = None)]
    pub max_retry_elapsed: Option<Duration>,
    /// Longest wait a 429 answer may impose before the error is raised instead (default 10 s).
    #[uniffi(default = None)]
    pub max_rate_limit_wait: Option<Duration>,
    /// Pace writes on the client (burst 60, 1 per second, like the server). Off by default.
    #[uniffi(default = false)]
    pub limit_writes: bool,
    /// Extra trusted root certificates (PEM) for https base URLs.
    #[uniffi(default = [])]
    pub extra_root_certificates_pem: Vec<String>,
    /// `User-Agent` header (default `anytype-sdk/<version>`).
    #[uniffi(default = None)]
    pub user_agent: Option<String>,
}

impl TryFrom<ClientConfig> for crate::ClientConfig {
    type Error = crate::Error;

    fn try_from(config: ClientConfig) -> Result<Self, crate::Error> {
        let defaults = crate::ClientConfig::default();
        let max_retries = u32::try_from(config.max_retries).map_err(|_| {
            crate::Error::invalid(
                "max_retries",
                format!("must not be negative, got {}", config.max_retries),
            )
        })?;
        let retry = crate::RetryPolicy {
            max_retries,
            initial_backoff: config
                .initial_backoff
                .unwrap_or(defaults.retry.initial_backoff),
            max_backoff: config.max_backoff.unwrap_or(defaults.retry.max_backoff),
            max_elapsed: config
                .max_retry_elapsed
                .unwrap_or(defaults.retry.max_elapsed),
            max_rate_limit_wait: config
                .max_rate_limit_wait
                .unwrap_or(defaults.retry.max_rate_limit_wait),
        };
        Ok(crate::ClientConfig {
            base_url: config.base_url,
            connect_timeout: config.connect_timeout.unwrap_or(defaults.connect_timeout),
            request_timeout: config.request_timeout.unwrap_or(defaults.request_timeout),
            retry,
            limit_writes: config.limit_writes,
            extra_root_certificates_pem: config.extra_root_certificates_pem,
            user_agent: config.user_agent.unwrap_or(defaults.user_agent),
        })
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            base_url: crate::DESKTOP_URL.into(),
            connect_timeout: None,
            request_timeout: None,
            max_retries: 3,
            initial_backoff: None,
            max_backoff: None,
            max_retry_elapsed: None,
            max_rate_limit_wait: None,
            limit_writes: false,
            extra_root_certificates_pem: Vec::new(),
            user_agent: None,
        }
    }
}
