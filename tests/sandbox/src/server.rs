//! Routes, middleware and the quirks of the real server.
// Handlers return their error answer as the `Err` of a `Result`; its size doesn't matter here.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Path, Query, Request, State as AxumState};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::StateInformationMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use rand::Rng;
use serde_json::{json, Value};

use crate::faults::{Fault, FaultRule};
use crate::store::{random_string, SpaceRecord, Store};
use crate::SandboxConfig;

/// The version the sandbox answers in (sent as the `Anytype-Version` response header).
pub const API_VERSION: &str = "2025-11-08";

const DEMO_SPACES: &[(&str, &str, &str)] = &[
    ("Personal", "Notes, journal and everything else", "🏠"),
    ("Work", "Projects and meetings", "💼"),
    ("Reading list", "Books and articles to read", "📚"),
    ("Recipes", "What to cook next", "🍲"),
    ("Travel", "Trips past and planned", "✈️"),
];

pub(crate) struct State {
    pub(crate) store: Mutex<Store>,
    /// What is inside each space (members, types, properties, tags, objects): see `objects.rs`.
    pub(crate) space_data: Mutex<crate::objects::Spaces>,
    /// Uploaded files (their bytes on disk): see `files.rs`.
    pub(crate) files: crate::files::FileStore,
    /// Chats and their messages: see `chats.rs`.
    pub(crate) chats: crate::chats::ChatStore,
    faults: Mutex<Vec<FaultRule>>,
    counts: Mutex<HashMap<String, u64>>,
    in_flight: std::sync::atomic::AtomicI64,
    write_limiter: Option<WriteLimiter>,
    auth_code: Option<String>,
    print_codes: bool,
}

pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking handler must not take the whole sandbox down with a poisoned lock.
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl State {
    pub fn new(config: SandboxConfig) -> Arc<State> {
        let mut store = Store::default();
        for i in 0..config.demo_spaces {
            let (name, description, emoji) = DEMO_SPACES[i % DEMO_SPACES.len()];
            let name = if i < DEMO_SPACES.len() {
                name.to_string()
            } else {
                format!("{name} {}", i / DEMO_SPACES.len() + 1)
            };
            store.add_space(SpaceRecord::new(
                name,
                description.into(),
                Some(emoji.into()),
            ));
        }
        let write_limiter = config.rate_limit.then(|| {
            RateLimiter::direct(
                Quota::per_second(NonZeroU32::MIN)
                    .allow_burst(NonZeroU32::new(60).unwrap_or(NonZeroU32::MIN)),
            )
            .with_middleware::<StateInformationMiddleware>()
        });
        let space_data = crate::objects::Spaces::with_demo_spaces(&store.spaces);
        Arc::new(State {
            store: Mutex::new(store),
            space_data: Mutex::new(space_data),
            files: crate::files::FileStore::new(),
            chats: crate::chats::ChatStore::default(),
            faults: Mutex::new(config.faults),
            counts: Mutex::new(HashMap::new()),
            in_flight: std::sync::atomic::AtomicI64::new(0),
            write_limiter,
            auth_code: config.auth_code,
            print_codes: config.print_codes,
        })
    }

    pub fn request_count(&self, method: &str, path: &str) -> u64 {
        lock(&self.counts)
            .get(&format!("{} {path}", method.to_ascii_uppercase()))
            .copied()
            .unwrap_or(0)
    }

    /// Requests being handled now (a request whose client hung up is no longer counted).
    pub fn in_flight(&self) -> i64 {
        self.in_flight.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub fn add_fault(&self, rule: FaultRule) {
        lock(&self.faults).push(rule);
    }

    pub fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    pub fn issue_key(&self) -> String {
        lock(&self.store).new_key("sandbox")
    }

    pub fn add_generated_spaces(&self, count: usize) {
        let mut store = lock(&self.store);
        let start = store.spaces.len();
        for i in 0..count {
            store.add_space(SpaceRecord::new(
                format!("Generated space {}", start + i + 1),
                format!("Space number {} made for paging", start + i + 1),
                None,
            ));
        }
    }

    /// The fault for this request, using up one of its `times`.
    fn take_fault(&self, method: &str, path: &str) -> Option<Fault> {
        let mut faults = lock(&self.faults);
        let at = faults.iter().position(|rule| rule.matches(method, path))?;
        let fault = faults[at].fault.clone();
        if let Some(times) = faults[at].times.as_mut() {
            *times = times.saturating_sub(1);
            if *times == 0 {
                faults.remove(at);
            }
        }
        Some(fault)
    }
}

type Shared = Arc<State>;

/// The write bucket; it reports how much burst is left, for the `Ratelimit-Remaining` header.
type WriteLimiter = RateLimiter<NotKeyed, InMemoryState, DefaultClock, StateInformationMiddleware>;

/// The real server's content type for JSON answers.
const JSON_CONTENT_TYPE: &str = "application/json; charset=utf-8";

/// A JSON answer with the real server's `Content-Type: application/json; charset=utf-8`.
pub(crate) fn json_response(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", JSON_CONTENT_TYPE)],
        body.to_string(),
    )
        .into_response()
}

/// Like the real server's router (Gin's `RedirectTrailingSlash`): a known route with a trailing
/// slash answers a redirect to the route without it (301 for GET, 307 otherwise), anything else
/// the plain-text 404.
fn redirect_or_not_found(request: &Request) -> Response {
    let path = request.uri().path();
    let trimmed = path.trim_end_matches('/');
    let segments: Vec<&str> = trimmed.split('/').skip(1).collect();
    let known = matches!(
        segments.as_slice(),
        ["v1", "spaces"] | ["v1", "spaces", _] | ["v1", "auth", "challenges" | "api_keys"]
    );
    if path.len() == trimmed.len() || !known {
        return page_not_found();
    }
    let (status, body) = if request.method() == Method::GET {
        (
            StatusCode::MOVED_PERMANENTLY,
            format!("<a href=\"{trimmed}\">Moved Permanently</a>.\n\n"),
        )
    } else {
        (StatusCode::TEMPORARY_REDIRECT, String::new())
    };
    let mut response =
        (status, [("content-type", "text/html; charset=utf-8")], body).into_response();
    if let Ok(location) = HeaderValue::from_str(trimmed) {
        response.headers_mut().insert("location", location);
    }
    response
}

/// The real server's answer to an unknown route or method: a plain-text 404 (never 405).
fn page_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [("content-type", "text/plain")],
        "404 page not found",
    )
        .into_response()
}

/// The standard error answer.
pub(crate) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let code = match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "object_not_found",
        410 => "resource_gone",
        429 => "rate_limit_exceeded",
        _ => "internal_server_error",
    };
    let body = json!({"object": "error", "status": status.as_u16(), "code": code, "message": message.into()});
    json_response(status, body)
}

/// The standard error body, but under `Content-Type: text/plain; charset=utf-8`: what the real
/// server sends when it can't bind a request body (bad JSON, a missing required field) on the
/// authenticated routes.
pub(crate) fn text_plain_error(status: StatusCode, message: impl Into<String>) -> Response {
    let mut response = error(status, message);
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The other 400 shape the pagination middleware uses.
fn bare_error(message: &str) -> Response {
    json_response(StatusCode::BAD_REQUEST, json!({"error": message}))
}

/// The real server's rate-limit headers: a limit of 1 per second, with `remaining` burst left.
fn rate_limit_headers(response: &mut Response, remaining: u32, reset_seconds: f64) {
    let headers = response.headers_mut();
    let reset = format!("{}", reset_seconds.max(0.0));
    if let Ok(value) = HeaderValue::from_str(&reset) {
        headers.insert("RateLimit-Reset", value.clone());
        headers.insert("X-Rate-Limit-Duration", value);
    }
    headers.insert("RateLimit-Limit", HeaderValue::from_static("1"));
    headers.insert("RateLimit-Remaining", HeaderValue::from(remaining));
    headers.insert("X-Rate-Limit-Limit", HeaderValue::from_static("1.00"));
}

fn rate_limited(reset_seconds: f64) -> Response {
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        "You have reached maximum request limit.",
    );
    rate_limit_headers(&mut response, 0, reset_seconds);
    response
}

pub(crate) fn router(state: Shared) -> Router {
    let api = Router::new()
        .route("/v1/spaces", get(list_spaces).post(create_space))
        .route("/v1/spaces/{space_id}", get(get_space).patch(update_space))
        .merge(crate::objects::router())
        .merge(crate::files::router())
        .merge(crate::chats::router())
        .route_layer(middleware::from_fn_with_state(state.clone(), rate_limit))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            require_bearer,
        ));
    Router::new()
        .route("/v1/auth/challenges", post(create_challenge))
        .route("/v1/auth/api_keys", post(create_api_key))
        .merge(api)
        .route(
            "/_sandbox/faults",
            post(admin_add_fault).delete(admin_clear_faults),
        )
        .route(
            "/_sandbox/stats",
            get(admin_stats).delete(admin_reset_stats),
        )
        .route("/_sandbox/keys", post(admin_issue_key))
        .route("/_sandbox/spaces", post(admin_add_spaces))
        .merge(crate::objects::admin_router())
        .merge(crate::chats::admin_router())
        .fallback(|request: Request| async move { redirect_or_not_found(&request) })
        .method_not_allowed_fallback(|| async { page_not_found() })
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults_and_counts,
        ))
        .with_state(state)
}

/// Counts every request, applies fault rules, and stamps the version header.
async fn faults_and_counts(
    AxumState(state): AxumState<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    *lock(&state.counts)
        .entry(format!("{method} {path}"))
        .or_default() += 1;
    let _in_flight = InFlight::new(&state);
    let fault = if path.starts_with("/_sandbox/") {
        None
    } else {
        state.take_fault(&method, &path)
    };
    let mut response = match fault {
        None => next.run(request).await,
        Some(fault) => apply_fault(fault, request, next).await,
    };
    // The real server's router answers trailing-slash redirects before its middleware runs.
    if !response.status().is_redirection() {
        response
            .headers_mut()
            .insert("Anytype-Version", HeaderValue::from_static(API_VERSION));
    }
    response
}

/// Counts a request as in flight until it is answered or its connection is dropped.
struct InFlight(Shared);

impl InFlight {
    fn new(state: &Shared) -> Self {
        state
            .in_flight
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        InFlight(state.clone())
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0
            .in_flight
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

async fn apply_fault(fault: Fault, request: Request, next: Next) -> Response {
    match fault {
        Fault::Latency { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(request).await
        }
        Fault::Status {
            status,
            body,
            after_handler,
        } => {
            if after_handler {
                let _ = next.run(request).await;
            }
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            match body {
                Some(body) => (status, body).into_response(),
                None if status == StatusCode::TOO_MANY_REQUESTS => rate_limited(1.0),
                None => error(status, "Injected failure"),
            }
        }
        Fault::RateLimit { reset_seconds } => rate_limited(reset_seconds),
        Fault::MalformedJson => (
            StatusCode::OK,
            [("content-type", "application/json")],
            "{\"data\": [{\"id\": \"x\",, }",
        )
            .into_response(),
        Fault::NonJson => (
            StatusCode::OK,
            [("content-type", "text/html")],
            "<html><body><h1>It works!</h1></body></html>",
        )
            .into_response(),
        Fault::TruncatedJson => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let half = bytes.slice(..bytes.len() / 2);
            parts.headers.remove("content-length");
            Response::from_parts(parts, Body::from(half))
        }
        Fault::ResetMidBody => {
            let response = next.run(request).await;
            let (mut parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let half = bytes.slice(..bytes.len() / 2);
            parts.headers.remove("content-length");
            // Announce the full length, send half, then fail the stream: the connection is cut.
            parts.headers.insert(
                "content-length",
                HeaderValue::from(bytes.len().max(1) as u64),
            );
            let chunks = futures::stream::iter(vec![
                Ok::<Bytes, std::io::Error>(half),
                Err(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    "injected reset",
                )),
            ]);
            Response::from_parts(parts, Body::from_stream(chunks))
        }
        Fault::CutStream { after_events } => {
            let response = next.run(request).await;
            let (parts, body) = response.into_parts();
            Response::from_parts(
                parts,
                Body::from_stream(gate_events(body, after_events, false)),
            )
        }
        Fault::StallStream { after_events } => {
            let response = next.run(request).await;
            let (parts, body) = response.into_parts();
            Response::from_parts(
                parts,
                Body::from_stream(gate_events(body, after_events, true)),
            )
        }
        Fault::ResetUpload { after_bytes } => {
            // Read part of the upload, then cut the connection without an answer.
            let mut body = request.into_body().into_data_stream();
            let mut read = 0u64;
            while read < after_bytes {
                match futures::StreamExt::next(&mut body).await {
                    Some(Ok(chunk)) => read += chunk.len() as u64,
                    _ => break,
                }
            }
            let chunks = futures::stream::iter(vec![Err::<Bytes, std::io::Error>(
                std::io::Error::new(std::io::ErrorKind::ConnectionReset, "injected reset"),
            )]);
            let mut response = Response::new(Body::from_stream(chunks));
            response
                .headers_mut()
                .insert("content-length", HeaderValue::from_static("100"));
            response
        }
        Fault::Hang => {
            futures::future::pending::<()>().await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
    }
}

/// The frames of a streamed body (server-sent events) up to `after_events` events (frames with
/// `data:`; heartbeats don't count), then the end of the connection (cut: an error, so the
/// connection breaks) or silence (stall: nothing more, not even heartbeats, while the
/// connection stays open).
fn gate_events(
    body: Body,
    after_events: u32,
    stall: bool,
) -> impl futures::Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let frames = body.into_data_stream();
    futures::stream::unfold(
        (frames, 0u32, false),
        move |(mut frames, seen, over)| async move {
            if over {
                if stall {
                    futures::future::pending::<()>().await;
                }
                return None;
            }
            if seen >= after_events {
                // Let what was sent reach the client first (headers and events are flushed),
                // so the cut lands after exactly `after_events` events.
                tokio::time::sleep(Duration::from_millis(50)).await;
                let cut =
                    std::io::Error::new(std::io::ErrorKind::ConnectionReset, "injected stream cut");
                return Some((Err(cut), (frames, seen, true)));
            }
            match futures::StreamExt::next(&mut frames).await {
                Some(Ok(frame)) => {
                    let is_event = frame.windows(5).any(|w| w == b"data:");
                    let seen = seen + u32::from(is_event);
                    Some((Ok(frame), (frames, seen, false)))
                }
                Some(Err(e)) => Some((Err(std::io::Error::other(e)), (frames, seen, true))),
                None => None,
            }
        },
    )
}

/// 401 unless the request carries `Authorization: Bearer <known key>` (the real server's messages).
async fn require_bearer(
    AxumState(state): AxumState<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let header = request
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let Some(header) = header else {
        return error(StatusCode::UNAUTHORIZED, "missing authorization header");
    };
    let Some(key) = header.strip_prefix("Bearer ").map(str::trim) else {
        return error(
            StatusCode::UNAUTHORIZED,
            "invalid authorization header format",
        );
    };
    if !lock(&state.store).keys.contains_key(key) {
        return error(StatusCode::UNAUTHORIZED, "invalid api key");
    }
    next.run(request).await
}

/// The shared write bucket: POST, PATCH and DELETE. Like the real server, every write answer
/// (429 or not) carries the `Ratelimit-*` headers while the limit is on.
async fn rate_limit(AxumState(state): AxumState<Shared>, request: Request, next: Next) -> Response {
    // Search, files and chat are not in the write bucket (like the real server).
    let path = request.uri().path();
    let unlimited = path.ends_with("/search") || path.contains("/files") || path.contains("/chats");
    let write = !unlimited
        && matches!(
            *request.method(),
            Method::POST | Method::PATCH | Method::DELETE
        );
    let (true, Some(limiter)) = (write, &state.write_limiter) else {
        return next.run(request).await;
    };
    match limiter.check() {
        Ok(snapshot) => {
            let mut response = next.run(request).await;
            rate_limit_headers(&mut response, snapshot.remaining_burst_capacity(), 1.0);
            response
        }
        Err(not_until) => {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            rate_limited(wait.as_secs_f64().max(1.0).ceil())
        }
    }
}

/// How a request body failed to bind, with the messages of the real server's JSON decoder
/// (Go's `encoding/json`) where the sandbox can tell them apart.
fn bind_message(body: &Bytes, type_name: &str) -> Option<String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Some("EOF".into());
    }
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(e) => return Some(go_syntax_error(body, &e)),
    };
    let kind = match &value {
        Value::Object(_) | Value::Null => return None,
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
    };
    Some(format!(
        "json: cannot unmarshal {kind} into Go value of type apimodel.{type_name}"
    ))
}

/// Go's wording for a JSON syntax error, from where serde stopped: `unexpected end of JSON input`,
/// or `invalid character 'x' looking for beginning of object key string` / `... of value`.
fn go_syntax_error(body: &Bytes, e: &serde_json::Error) -> String {
    if e.is_eof() {
        return "unexpected end of JSON input".into();
    }
    // serde's line and column (1-based, in characters) → the byte offset of the offending character.
    let text = String::from_utf8_lossy(body);
    let line_start: usize = text
        .split_inclusive('\n')
        .take(e.line().saturating_sub(1))
        .map(str::len)
        .sum();
    let offending = text[line_start..].chars().nth(e.column().saturating_sub(1));
    let before = text[..line_start]
        .chars()
        .chain(
            text[line_start..]
                .chars()
                .take(e.column().saturating_sub(1)),
        )
        .filter(|c| !c.is_whitespace())
        .last();
    let context = match before {
        Some('{') | Some(',') if text.trim_start().starts_with('{') => "object key string",
        _ => "value",
    };
    match offending {
        Some(c) => format!("invalid character {c:?} looking for beginning of {context}"),
        None => "unexpected end of JSON input".into(),
    }
}

/// A request body, bound like the real server does it. On the auth routes a bad body answers 400
/// `application/json`; on the authenticated routes the same body comes as `text/plain`.
pub(crate) fn json_body(
    body: &Bytes,
    type_name: &str,
    text_plain: bool,
) -> Result<Value, Response> {
    match bind_message(body, type_name) {
        None => Ok(serde_json::from_slice(body).unwrap_or(Value::Null)),
        Some(message) if text_plain => Err(text_plain_error(StatusCode::BAD_REQUEST, message)),
        Some(message) => Err(error(StatusCode::BAD_REQUEST, message)),
    }
}

/// A string field: `Ok(None)` when absent or null, a 400 (Go's message) when it has another type.
fn text_field(
    body: &Value,
    type_name: &str,
    key: &str,
    text_plain: bool,
) -> Result<Option<String>, Response> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => {
            let kind = match other {
                Value::Array(_) => "array",
                Value::Object(_) => "object",
                Value::Bool(_) => "bool",
                _ => "number",
            };
            let message = format!(
                "json: cannot unmarshal {kind} into Go struct field {type_name}.{key} of type string"
            );
            Err(if text_plain {
                text_plain_error(StatusCode::BAD_REQUEST, message)
            } else {
                error(StatusCode::BAD_REQUEST, message)
            })
        }
    }
}

async fn create_challenge(AxumState(state): AxumState<Shared>, body: Bytes) -> Response {
    const TYPE: &str = "CreateChallengeRequest";
    let app_name = match json_body(&body, TYPE, false)
        .and_then(|body| text_field(&body, TYPE, "app_name", false))
    {
        Ok(app_name) => app_name.unwrap_or_default(),
        Err(response) => return response,
    };
    if app_name.is_empty() {
        return error(StatusCode::BAD_REQUEST, "missing app name");
    }
    let challenge_id = random_string(b"0123456789abcdef", 24);
    let code = state
        .auth_code
        .clone()
        .unwrap_or_else(|| format!("{:04}", rand::rng().random_range(0..10_000)));
    if state.print_codes {
        println!("challenge {challenge_id} for app {app_name:?}: code {code}");
    }
    lock(&state.store)
        .challenges
        .insert(challenge_id.clone(), (app_name, code));
    json_response(StatusCode::CREATED, json!({"challenge_id": challenge_id}))
}

async fn create_api_key(AxumState(state): AxumState<Shared>, body: Bytes) -> Response {
    const TYPE: &str = "CreateApiKeyRequest";
    let fields = json_body(&body, TYPE, false).and_then(|body| {
        Ok((
            text_field(&body, TYPE, "challenge_id", false)?,
            text_field(&body, TYPE, "code", false)?,
        ))
    });
    let (challenge_id, code) = match fields {
        Ok((id, code)) => (id.unwrap_or_default(), code.unwrap_or_default()),
        Err(response) => return response,
    };
    if challenge_id.is_empty() || code.is_empty() {
        return error(
            StatusCode::BAD_REQUEST,
            "bad input: challenge_id or code is empty",
        );
    }
    let mut store = lock(&state.store);
    let app_name = match store.challenges.get(&challenge_id) {
        Some((app_name, expected)) if *expected == code => app_name.clone(),
        // The real server answers a wrong code, an unknown or an already used challenge with a
        // plain 500; a wrong code leaves the challenge usable.
        _ => {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "failed to authenticate user",
            )
        }
    };
    store.challenges.remove(&challenge_id);
    let key = store.new_key(&app_name);
    json_response(StatusCode::CREATED, json!({"api_key": key}))
}

/// Offset/limit parsing as the server's pagination middleware does it; the rest are filters.
pub(crate) struct Paging {
    pub(crate) offset: usize,
    pub(crate) limit: usize,
    pub(crate) filters: Vec<(String, String)>,
}

pub(crate) fn paging(query: &[(String, String)]) -> Result<Paging, Response> {
    // Like the real server (pagination.go): a value that isn't a non-negative integer is ignored
    // and the default used; only an out-of-range limit is an error. A repeated key: the first.
    let number = |key: &str, default: i64| -> i64 {
        query
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, text)| text.parse::<i64>().ok())
            .filter(|n| *n >= 0)
            .unwrap_or(default)
    };
    let offset = number("offset", 0);
    let limit = number("limit", 100);
    if !(1..=1000).contains(&limit) {
        return Err(bare_error("limit must be between 1 and 1000"));
    }
    let filters = crate::filters::filter_pairs(query);
    Ok(Paging {
        offset: usize::try_from(offset).unwrap_or(usize::MAX),
        limit: limit as usize,
        filters,
    })
}

async fn list_spaces(
    AxumState(state): AxumState<Shared>,
    crate::filters::ListQuery(query): crate::filters::ListQuery,
) -> Response {
    let Paging {
        offset,
        limit,
        filters,
    } = match paging(&query) {
        Ok(paging) => paging,
        Err(response) => return response,
    };
    // A space's own text fields; an unknown key matches nothing (probed: no error).
    let resolve = |key: &str| {
        matches!(key, "id" | "name" | "description").then(|| crate::filters::Resolved {
            format: crate::space_data::Format::Text,
            internal: key.to_owned(),
            property_id: None,
        })
    };
    let filters = match crate::filters::compile_query(&filters, resolve, false) {
        Ok(filters) => filters,
        Err(response) => return response,
    };
    let store = lock(&state.store);
    let matching: Vec<&SpaceRecord> = store
        .spaces
        .iter()
        .filter(|space| {
            filters
                .as_ref()
                .is_some_and(|f| crate::filters::Expr::all(f.clone()).matches(*space))
        })
        .collect();
    let total = matching.len();
    let data: Vec<Value> = matching
        .iter()
        .skip(offset)
        .take(limit)
        .map(|space| space.to_json())
        .collect();
    json_response(
        StatusCode::OK,
        json!({
            "data": data,
            "pagination": {"total": total, "offset": offset, "limit": limit, "has_more": offset.saturating_add(limit) < total},
        }),
    )
}

async fn get_space(AxumState(state): AxumState<Shared>, Path(space_id): Path<String>) -> Response {
    match lock(&state.store).space(&space_id) {
        Some(space) => json_response(StatusCode::OK, json!({"space": space.to_json()})),
        None => space_not_found(&space_id),
    }
}

/// The 404 for a missing space. The real server says `workspace not found`; the sandbox names the
/// id (allow-listed in tests/differential/allow-list.json).
pub(crate) fn space_not_found(space_id: &str) -> Response {
    error(StatusCode::NOT_FOUND, format!("Space {space_id} not found"))
}

async fn create_space(AxumState(state): AxumState<Shared>, body: Bytes) -> Response {
    const TYPE: &str = "CreateSpaceRequest";
    let fields = json_body(&body, TYPE, true).and_then(|body| {
        Ok((
            text_field(&body, TYPE, "name", true)?,
            text_field(&body, TYPE, "description", true)?,
        ))
    });
    let (name, description) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    // The real server requires the field to be there (validator `required` on a pointer) but
    // accepts an empty name.
    let Some(name) = name else {
        return text_plain_error(
            StatusCode::BAD_REQUEST,
            "Key: 'CreateSpaceRequest.Name' Error:Field validation for 'Name' failed on the 'required' tag",
        );
    };
    let mut store = lock(&state.store);
    let space = store.add_space(SpaceRecord::new(
        name,
        description.unwrap_or_default(),
        None,
    ));
    json_response(StatusCode::CREATED, json!({"space": space.to_json()}))
}

async fn update_space(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "UpdateSpaceRequest";
    let fields = json_body(&body, TYPE, true).and_then(|body| {
        Ok((
            text_field(&body, TYPE, "name", true)?,
            text_field(&body, TYPE, "description", true)?,
        ))
    });
    let (name, description) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let mut store = lock(&state.store);
    let Some(space) = store.space_mut(&space_id) else {
        return space_not_found(&space_id);
    };
    // Like the real server, an empty name is accepted (the SDK refuses to send one).
    if let Some(name) = name {
        space.name = name;
    }
    if let Some(description) = description {
        space.description = description;
    }
    json_response(StatusCode::OK, json!({"space": space.to_json()}))
}

async fn admin_add_fault(AxumState(state): AxumState<Shared>, body: Bytes) -> Response {
    match serde_json::from_slice::<FaultRule>(&body) {
        Ok(rule) => {
            state.add_fault(rule);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => error(StatusCode::BAD_REQUEST, format!("not a fault rule: {e}")),
    }
}

async fn admin_clear_faults(AxumState(state): AxumState<Shared>) -> Response {
    state.clear_faults();
    StatusCode::NO_CONTENT.into_response()
}

async fn admin_stats(AxumState(state): AxumState<Shared>) -> Response {
    let counts = lock(&state.counts).clone();
    // This request itself is in flight too.
    Json(json!({"requests": counts, "in_flight": state.in_flight() - 1})).into_response()
}

async fn admin_reset_stats(AxumState(state): AxumState<Shared>) -> Response {
    lock(&state.counts).clear();
    StatusCode::NO_CONTENT.into_response()
}

async fn admin_issue_key(AxumState(state): AxumState<Shared>) -> Response {
    (
        StatusCode::CREATED,
        Json(json!({"api_key": state.issue_key()})),
    )
        .into_response()
}

async fn admin_add_spaces(
    AxumState(state): AxumState<Shared>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let count = query
        .get("count")
        .and_then(|c| c.parse::<usize>().ok())
        .unwrap_or(1)
        .min(1_000_000);
    state.add_generated_spaces(count);
    (StatusCode::CREATED, Json(json!({"added": count}))).into_response()
}
