//! Helpers shared by the integration tests: a sandbox and clients for it.
#![allow(dead_code)]

use std::time::Duration;

use anytype_core::{AnytypeClient, ClientConfig, RetryPolicy};
use anytype_sandbox::{Sandbox, SandboxConfig};

pub mod target;

/// The code every sandbox challenge accepts.
pub const CODE: &str = "1234";

/// A sandbox with a fixed code, demo spaces and no rate limit.
pub async fn sandbox() -> Sandbox {
    sandbox_with(SandboxConfig {
        auth_code: Some(CODE.into()),
        rate_limit: false,
        ..SandboxConfig::default()
    })
    .await
}

pub async fn sandbox_with(config: SandboxConfig) -> Sandbox {
    Sandbox::start(config).await.expect("sandbox starts")
}

/// A config for `sandbox` with short, test-friendly retry waits.
pub fn config(sandbox: &Sandbox) -> ClientConfig {
    ClientConfig {
        base_url: sandbox.url(),
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(50),
            ..RetryPolicy::default()
        },
        ..ClientConfig::default()
    }
}

/// An authenticated client for `sandbox`.
pub fn client(sandbox: &Sandbox) -> AnytypeClient {
    AnytypeClient::new(&sandbox.issue_key(), config(sandbox)).expect("client")
}

/// Every API request the sandbox has counted so far (the `/_sandbox/...` admin routes left out):
/// for checking that bad input was rejected before anything was sent.
pub async fn api_requests(sandbox: &Sandbox) -> u64 {
    let text = reqwest::get(format!("{}/_sandbox/stats", sandbox.url()))
        .await
        .expect("the sandbox answers /_sandbox/stats")
        .text()
        .await
        .expect("the stats body");
    let stats: serde_json::Value = serde_json::from_str(&text).expect("stats are JSON");
    stats["requests"]
        .as_object()
        .expect("a map of request counts")
        .iter()
        .filter(|(route, _)| !route.contains(" /_sandbox/"))
        .map(|(_, count)| count.as_u64().unwrap_or(0))
        .sum()
}

/// A new space: only the built-in types and properties, no objects.
pub async fn fresh_space(client: &AnytypeClient, name: &str) -> String {
    client
        .spaces()
        .create(&anytype_core::CreateSpaceRequest::new(name))
        .await
        .expect("create a space")
        .id
}

/// The field an `InvalidInput` names (panics on any other error).
pub fn field_of(err: anytype_core::Error) -> String {
    match err {
        anytype_core::Error::InvalidInput { field, .. } => field,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}
