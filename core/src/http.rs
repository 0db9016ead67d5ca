//! The request pipeline every operation goes through: URL building, headers, the write limiter,
//! retries, timeouts, bounded body reading and error mapping. Internal to the crate.

use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use backon::{BackoffBuilder, ExponentialBuilder};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, StatusCode};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

use crate::config::{ClientConfig, RetryPolicy, API_VERSION};
use crate::error::{Error, Result};
use crate::secret::ApiKey;

/// The header that carries the API version.
pub const VERSION_HEADER: &str = "Anytype-Version";

/// Largest response body the client reads (a hostile server can't make it allocate more).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// The server's write bucket: burst 60, refilled at one request per second.
const WRITE_BURST: u32 = 60;

/// The client refills a little slower than the server, so clock skew and network latency
/// can't make it send a request the server's bucket has no token for yet.
const WRITE_REFILL: Duration = Duration::from_millis(1100);

/// The timeout of a streamed request: a year, i.e. none (each read is bounded instead).
const UNBOUNDED: Duration = Duration::from_secs(365 * 24 * 3600);

/// A configured connection to one server, shared by every resource handle of a client.
pub(crate) struct Transport {
    http: reqwest::Client,
    base: Url,
    retry: RetryPolicy,
    connect_timeout: Duration,
    request_timeout: Duration,
    write_limiter: Option<DefaultDirectRateLimiter>,
}

/// Why one attempt failed without an HTTP answer.
enum Failure {
    /// The connection could not be opened: the request never reached the server.
    Connect(reqwest::Error),
    /// The request was (or may have been) sent, then the connection failed or timed out.
    Sent(reqwest::Error),
    /// The answer was larger than [`MAX_BODY_BYTES`].
    TooLarge(u16),
}

/// An HTTP answer, body read in full.
struct Answer {
    status: StatusCode,
    retry_after: Option<Duration>,
    body: bytes::Bytes,
}

impl Transport {
    /// Build the transport for `config`, authenticated with `key` when given.
    pub(crate) fn new(config: &ClientConfig, key: Option<&ApiKey>) -> Result<Arc<Self>> {
        let base = config.validate()?;
        let mut headers = HeaderMap::new();
        headers.insert(VERSION_HEADER, HeaderValue::from_static(API_VERSION));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        if let Some(key) = key {
            headers.insert(AUTHORIZATION, key.header_value()?);
        }
        let user_agent = HeaderValue::from_str(&config.user_agent)
            .map_err(|_| Error::invalid("user_agent", "can't be sent in a header"))?;
        headers.insert(USER_AGENT, user_agent);
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .connect_timeout(config.connect_timeout)
            .timeout(config.request_timeout)
            .pool_idle_timeout(Duration::from_secs(30))
            .tcp_nodelay(true)
            // The API is local; a proxy from the environment would only get in the way.
            .no_proxy();
        // TLS (roots, verifier, crypto provider): see `crate::tls`.
        let mut extra_roots = Vec::new();
        for (i, pem) in config.extra_root_certificates_pem.iter().enumerate() {
            let field = || format!("extra_root_certificates_pem[{i}]");
            let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| Error::invalid(field(), format!("not PEM certificates: {e}")))?;
            if certs.is_empty() {
                return Err(Error::invalid(field(), "holds no PEM certificate"));
            }
            extra_roots.extend(certs);
        }
        let tls =
            crate::tls::client_config(base.scheme() == "https", extra_roots).map_err(|e| {
                Error::Network {
                    url: base.to_string(),
                    detail: format!("could not set up TLS: {e}"),
                }
            })?;
        builder = builder.tls_backend_preconfigured(tls);
        let http = builder.build().map_err(|e| Error::Network {
            url: base.to_string(),
            detail: format!("could not set up the HTTP client: {}", error_chain(&e)),
        })?;
        let write_limiter = config.limit_writes.then(|| {
            let burst = NonZeroU32::new(WRITE_BURST).unwrap_or(NonZeroU32::MIN);
            let quota = Quota::with_period(WRITE_REFILL)
                .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
                .allow_burst(burst);
            RateLimiter::direct(quota)
        });
        Ok(Arc::new(Transport {
            http,
            base,
            retry: config.retry.clone(),
            connect_timeout: config.connect_timeout,
            request_timeout: config.request_timeout,
            write_limiter,
        }))
    }

    /// The URL of `segments` (each one percent-encoded) below the base URL, with `query`.
    pub(crate) fn url(&self, segments: &[&str], query: &[(&str, String)]) -> Result<Url> {
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| Error::invalid("base_url", "can't be a base URL"))?
            .pop_if_empty()
            .extend(segments);
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (key, value) in query {
                pairs.append_pair(key, value);
            }
        }
        Ok(url)
    }

    /// `GET` and decode.
    pub(crate) async fn get<T: DeserializeOwned>(&self, url: Url) -> Result<T> {
        self.request(Method::GET, url, None, true).await
    }

    /// Send `body` as JSON with `method` (a write: never replayed once it may have reached the
    /// server) and decode the answer.
    pub(crate) async fn send<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: &B,
    ) -> Result<T> {
        let body = serde_json::to_vec(body)
            .map_err(|e| Error::invalid("body", format!("can't be encoded as JSON: {e}")))?;
        self.request(method, url, Some(bytes::Bytes::from(body)), false)
            .await
    }

    /// Send one request and decode its answer. `read_only` requests (GETs, and POSTs that only
    /// read, such as search) are retried like a GET and not paced as writes.
    pub(crate) async fn request<T: DeserializeOwned>(
        &self,
        method: Method,
        url: Url,
        body: Option<bytes::Bytes>,
        read_only: bool,
    ) -> Result<T> {
        let answer = self.execute(&method, &url, body, read_only).await?;
        let status = answer.status.as_u16();
        if !answer.status.is_success() {
            return Err(Error::from_response(
                status,
                answer.retry_after,
                &answer.body,
            ));
        }
        serde_json::from_slice(&answer.body).map_err(|e| Error::decode(status, e, &answer.body))
    }

    /// Run the attempts of one call under the retry policy.
    async fn execute(
        &self,
        method: &Method,
        url: &Url,
        body: Option<bytes::Bytes>,
        idempotent: bool,
    ) -> Result<Answer> {
        let started = Instant::now();
        let mut backoff = ExponentialBuilder::default()
            .with_min_delay(self.retry.initial_backoff)
            .with_max_delay(self.retry.max_backoff)
            .with_max_times(self.retry.max_retries as usize)
            .with_jitter()
            .build();
        let mut attempt: u32 = 0;
        loop {
            if !idempotent {
                if let Some(limiter) = &self.write_limiter {
                    limiter.until_ready().await;
                }
            }
            attempt += 1;
            let sent_at = Instant::now();
            let outcome = self.attempt(method, url, body.clone()).await;
            let elapsed_ms = sent_at.elapsed().as_millis() as u64;
            // Decide whether this outcome may be retried and how long to wait first.
            let (retryable, server_wait) = match &outcome {
                Ok(answer) => {
                    tracing::debug!(%method, url = %url.path(), status = answer.status.as_u16(), attempt, elapsed_ms, "anytype request");
                    match answer.status.as_u16() {
                        429 => (true, answer.retry_after),
                        // The real server answers a missing object with a 500: that one is an
                        // answer, not a hiccup, and asking again won't change it.
                        500 if Error::from_response(500, None, &answer.body).status_is_final() => {
                            (false, None)
                        }
                        500 | 502 | 503 | 504 => (idempotent, None),
                        _ => (false, None),
                    }
                }
                Err(Failure::Connect(e)) => {
                    tracing::debug!(%method, url = %url.path(), attempt, elapsed_ms, error = %e, "anytype request could not connect");
                    (true, None)
                }
                Err(Failure::Sent(e)) => {
                    tracing::debug!(%method, url = %url.path(), attempt, elapsed_ms, error = %e, "anytype request failed");
                    (idempotent, None)
                }
                Err(Failure::TooLarge(_)) => (false, None),
            };
            let wait = if retryable {
                match server_wait {
                    Some(wait) if wait > self.retry.max_rate_limit_wait => None,
                    Some(wait) => backoff.next().map(|_| wait),
                    None => backoff.next(),
                }
            } else {
                None
            };
            match wait {
                Some(wait) if started.elapsed() + wait < self.retry.max_elapsed => {
                    tracing::warn!(%method, url = %url.path(), attempt, wait_ms = wait.as_millis() as u64, "anytype request will be retried");
                    tokio::time::sleep(wait).await;
                }
                _ => return outcome.map_err(|failure| self.failure_error(failure, url)),
            }
        }
    }

    /// One HTTP exchange, body read in full (bounded).
    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        body: Option<bytes::Bytes>,
    ) -> std::result::Result<Answer, Failure> {
        let mut request = self.http.request(method.clone(), url.clone());
        if let Some(body) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let mut response = request.send().await.map_err(|e| {
            if e.is_connect() {
                Failure::Connect(e)
            } else {
                Failure::Sent(e)
            }
        })?;
        let status = response.status();
        // Only the answers that ask the client to wait carry these headers: skip the parsing on
        // the hot path of successful calls.
        let retry_after = match status.as_u16() {
            429 | 503 => retry_after(response.headers()),
            _ => None,
        };
        if let Some(length) = response.content_length() {
            if length > MAX_BODY_BYTES as u64 {
                return Err(Failure::TooLarge(status.as_u16()));
            }
        }
        let mut body = bytes::BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(Failure::Sent)? {
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(Failure::TooLarge(status.as_u16()));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer {
            status,
            retry_after,
            body: body.freeze(),
        })
    }

    /// One attempt of a request whose body or answer is streamed (uploads, downloads, the chat
    /// stream): `build` adds the body and headers. Never retried here; the caller decides. A
    /// success comes back unread; an error answer is read (bounded) and mapped to an [`Error`].
    /// The client's request timeout is lifted for this request (a transfer can take longer):
    /// the caller bounds each read instead.
    pub(crate) async fn open(
        &self,
        method: Method,
        url: &Url,
        build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Result<reqwest::Response> {
        let request = build(
            self.http
                .request(method.clone(), url.clone())
                .timeout(UNBOUNDED),
        );
        let response = request.send().await.map_err(|e| {
            let failure = if e.is_connect() {
                Failure::Connect(e)
            } else {
                Failure::Sent(e)
            };
            self.failure_error(failure, url)
        })?;
        let status = response.status();
        tracing::debug!(%method, url = %url.path(), status = status.as_u16(), "anytype streamed request");
        if status.is_success() {
            return Ok(response);
        }
        let retry_after = retry_after(response.headers());
        let body = self.read_bounded(response, url).await?;
        Err(Error::from_response(status.as_u16(), retry_after, &body))
    }

    /// The whole body of `response`, at most [`MAX_BODY_BYTES`], each read bounded by the
    /// request timeout.
    pub(crate) async fn read_bounded(
        &self,
        mut response: reqwest::Response,
        url: &Url,
    ) -> Result<bytes::Bytes> {
        let status = response.status().as_u16();
        let mut body = bytes::BytesMut::new();
        loop {
            let chunk = tokio::time::timeout(self.request_timeout, response.chunk())
                .await
                .map_err(|_| Error::Timeout {
                    url: url.to_string(),
                    after: self.request_timeout,
                })?
                .map_err(|e| self.failure_error(Failure::Sent(e), url))?;
            let Some(chunk) = chunk else { break };
            if body.len() + chunk.len() > MAX_BODY_BYTES {
                return Err(self.failure_error(Failure::TooLarge(status), url));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }

    /// The longest a single read of a streamed body may wait (the configured request timeout).
    pub(crate) fn read_timeout(&self) -> Duration {
        self.request_timeout
    }

    /// The retry policy of this client (streams reuse its backoff for reconnecting).
    pub(crate) fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The error for a failed read of a streamed body.
    pub(crate) fn body_error(&self, error: reqwest::Error, url: &Url) -> Error {
        self.failure_error(Failure::Sent(error), url)
    }

    fn failure_error(&self, failure: Failure, url: &Url) -> Error {
        let url_text = url.to_string();
        match failure {
            Failure::TooLarge(status) => Error::Decode {
                status,
                detail: format!("the body is larger than {MAX_BODY_BYTES} bytes"),
                snippet: String::new(),
            },
            Failure::Connect(e) | Failure::Sent(e) if e.is_timeout() => Error::Timeout {
                url: url_text,
                after: if e.is_connect() {
                    self.connect_timeout
                } else {
                    self.request_timeout
                },
            },
            // The URL is in the error once (its `url` field); the detail says what failed.
            Failure::Connect(e) => Error::Network {
                url: url_text,
                detail: format!("could not connect: {}", root_cause(&e)),
            },
            Failure::Sent(e) => Error::Network {
                url: url_text,
                detail: error_chain(&e.without_url()),
            },
        }
    }
}

/// The error and its sources on one line, e.g. "error decoding response body: unexpected end of
/// file", leaving out the HTTP stack's own wrappers ("client error (SendRequest)") and what an
/// outer message already says.
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let inner_text = inner.to_string();
        if !text.contains(&inner_text) && !is_wrapper(&inner_text) {
            text.push_str(": ");
            text.push_str(&inner_text);
        }
        source = inner.source();
    }
    text
}

/// The innermost cause of a failed connection, e.g. "Connection refused (os error 111)" or
/// "failed to lookup address information: Name or service not known" or rustls's "invalid peer
/// certificate: UnknownIssuer": what went wrong, without reqwest's and hyper's layers around it.
fn root_cause(error: &dyn std::error::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(inner) = cause.source() {
        cause = inner;
    }
    let text = cause.to_string();
    if text.is_empty() || is_wrapper(&text) {
        error_chain(error)
    } else {
        text
    }
}

/// A message of the HTTP stack's that names a layer, not a cause.
fn is_wrapper(text: &str) -> bool {
    text.starts_with("client error (") || text.starts_with("error sending request")
}

/// The wait a 429 answer asks for, from the headers the server and proxies use.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let seconds = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s >= 0.0)
            .map(|s| Duration::from_secs_f64(s.min(86_400.0)))
    };
    seconds("ratelimit-reset")
        .or_else(|| seconds("x-rate-limit-duration"))
        .or_else(|| seconds("retry-after"))
        .or_else(|| {
            let date = headers.get("retry-after")?.to_str().ok()?;
            let when = httpdate::parse_http_date(date).ok()?;
            Some(
                when.duration_since(std::time::SystemTime::now())
                    .unwrap_or_default(),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_headers() {
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert("x-rate-limit-duration", HeaderValue::from_static("2"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(2)));
        headers.insert("ratelimit-reset", HeaderValue::from_static("0.5"));
        assert_eq!(retry_after(&headers), Some(Duration::from_millis(500)));
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("-3"));
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn url_segments_are_encoded() {
        let t = Transport::new(&ClientConfig::with_base_url("http://h:1/prefix/"), None).unwrap();
        let url = t
            .url(&["v1", "spaces", "a/b c"], &[("limit", "5".into())])
            .unwrap();
        assert_eq!(
            url.as_str(),
            "http://h:1/prefix/v1/spaces/a%2Fb%20c?limit=5"
        );
    }
}
