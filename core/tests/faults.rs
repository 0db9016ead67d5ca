//! Faults: every one the sandbox can inject, and what the client does about it.
//! (docs/faults.md lists them with these tests' names.)

mod common;

use std::time::{Duration, Instant};

use anytype_core::{AnytypeClient, ClientConfig, CreateSpaceRequest, Error, RetryPolicy};
use anytype_sandbox::{Fault, FaultRule, SandboxConfig};

use common::{client, config, sandbox, sandbox_with};

fn rule(method: &str, path: &str, times: Option<u32>, fault: Fault) -> FaultRule {
    FaultRule {
        method: Some(method.into()),
        path: path.into(),
        times,
        fault,
    }
}

fn status(status: u16) -> Fault {
    Fault::Status {
        status,
        body: None,
        after_handler: false,
    }
}

fn with_timeout(
    sandbox: &anytype_sandbox::Sandbox,
    timeout: Duration,
    retries: u32,
) -> AnytypeClient {
    let mut config = config(sandbox);
    config.request_timeout = timeout;
    config.retry.max_retries = retries;
    AnytypeClient::new(&sandbox.issue_key(), config).unwrap()
}

#[tokio::test]
async fn get_is_retried_after_503_and_502() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule("GET", "/v1/spaces", Some(1), status(503)));
    sandbox.add_fault(rule("GET", "/v1/spaces", Some(1), status(502)));
    let page = client(&sandbox).spaces().list(0, 10).await.unwrap();
    assert_eq!(page.data.len(), 3);
    assert_eq!(sandbox.request_count("GET", "/v1/spaces"), 3);
}

#[tokio::test]
async fn get_gives_up_after_max_retries() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule("GET", "/v1/spaces", None, status(500)));
    let err = client(&sandbox).spaces().list(0, 10).await.unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
    assert_eq!(
        sandbox.request_count("GET", "/v1/spaces"),
        4,
        "1 try + 3 retries"
    );
}

#[tokio::test]
async fn retries_stop_at_max_elapsed() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule("GET", "/v1/spaces", None, status(503)));
    let mut config = config(&sandbox);
    config.retry = RetryPolicy {
        max_retries: 1000,
        initial_backoff: Duration::from_millis(50),
        max_backoff: Duration::from_millis(50),
        max_elapsed: Duration::from_millis(400),
        ..RetryPolicy::default()
    };
    let client = AnytypeClient::new(&sandbox.issue_key(), config).unwrap();
    let started = Instant::now();
    let err = client.spaces().list(0, 1).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let attempts = sandbox.request_count("GET", "/v1/spaces");
    assert!((2..=20).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn create_answered_500_is_sent_exactly_once() {
    let sandbox = sandbox().await;
    // The server creates the space, then answers 500 — the quirk that makes retries dangerous.
    sandbox.add_fault(rule(
        "POST",
        "/v1/spaces",
        Some(1),
        Fault::Status {
            status: 500,
            body: None,
            after_handler: true,
        },
    ));
    let client = client(&sandbox);
    let err = client
        .spaces()
        .create(&CreateSpaceRequest::new("Once"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
    assert_eq!(sandbox.request_count("POST", "/v1/spaces"), 1);
    let all = client.spaces().list_all(100).await.unwrap();
    assert_eq!(
        all.iter().filter(|s| s.name == "Once").count(),
        1,
        "exactly one space was made"
    );
}

#[tokio::test]
async fn update_answered_503_is_not_replayed() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule("PATCH", "/v1/spaces/*", Some(1), status(503)));
    let client = client(&sandbox);
    let id = client.spaces().list(0, 1).await.unwrap().data[0].id.clone();
    let request = anytype_core::UpdateSpaceRequest {
        name: Some("x".into()),
        ..Default::default()
    };
    let err = client.spaces().update(&id, &request).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(
        sandbox.request_count("PATCH", &format!("/v1/spaces/{id}")),
        1
    );
}

#[tokio::test]
async fn rate_limited_write_is_retried_after_the_reset() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule(
        "POST",
        "/v1/spaces",
        Some(2),
        Fault::RateLimit { reset_seconds: 0.2 },
    ));
    let started = Instant::now();
    let space = client(&sandbox)
        .spaces()
        .create(&CreateSpaceRequest::new("After 429"))
        .await
        .unwrap();
    assert_eq!(space.name, "After 429");
    assert_eq!(sandbox.request_count("POST", "/v1/spaces"), 3);
    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "waited for the reset twice"
    );
}

#[tokio::test]
async fn long_rate_limit_wait_is_returned_with_the_wait() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule(
        "POST",
        "/v1/spaces",
        None,
        Fault::RateLimit {
            reset_seconds: 60.0,
        },
    ));
    let err = client(&sandbox)
        .spaces()
        .create(&CreateSpaceRequest::new("x"))
        .await
        .unwrap_err();
    match err {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(60)))
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(sandbox.request_count("POST", "/v1/spaces"), 1);
}

#[tokio::test]
async fn the_real_rate_limiter_answers_429_with_a_reset() {
    let sandbox = sandbox_with(SandboxConfig {
        rate_limit: true,
        ..SandboxConfig::default()
    })
    .await;
    let mut config = config(&sandbox);
    config.retry = RetryPolicy::none();
    let client = AnytypeClient::new(&sandbox.issue_key(), config).unwrap();
    let mut limited = None;
    for i in 0..61 {
        if let Err(err) = client
            .spaces()
            .create(&CreateSpaceRequest::new(format!("s{i}")))
            .await
        {
            limited = Some((i, err));
            break;
        }
    }
    let (at, err) = limited.expect("the 61st write is limited");
    assert_eq!(at, 60, "burst of 60");
    assert!(
        matches!(
            err,
            Error::RateLimited {
                retry_after: Some(_),
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn write_limiter_paces_a_burst_instead_of_collecting_429s() {
    let sandbox = sandbox_with(SandboxConfig {
        rate_limit: true,
        ..SandboxConfig::default()
    })
    .await;
    let config = ClientConfig {
        limit_writes: true,
        retry: RetryPolicy::none(),
        ..config(&sandbox)
    };
    let client = AnytypeClient::new(&sandbox.issue_key(), config).unwrap();
    let started = Instant::now();
    for i in 0..62 {
        client
            .spaces()
            .create(&CreateSpaceRequest::new(format!("paced {i}")))
            .await
            .unwrap_or_else(|e| panic!("write {i} failed: {e}"));
    }
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "the last two writes waited"
    );
}

#[tokio::test]
async fn timeout_is_its_own_error_and_get_retries_it() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule(
        "GET",
        "/v1/spaces",
        Some(1),
        Fault::Latency { ms: 2_000 },
    ));
    let client = with_timeout(&sandbox, Duration::from_millis(300), 3);
    let page = client.spaces().list(0, 1).await.unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(sandbox.request_count("GET", "/v1/spaces"), 2);

    sandbox.add_fault(rule(
        "GET",
        "/v1/spaces",
        Some(1),
        Fault::Latency { ms: 2_000 },
    ));
    let client = with_timeout(&sandbox, Duration::from_millis(300), 0);
    let err = client.spaces().list(0, 1).await.unwrap_err();
    match err {
        Error::Timeout { after, .. } => assert_eq!(after, Duration::from_millis(300)),
        other => panic!("expected Timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn create_that_times_out_is_not_replayed() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule(
        "POST",
        "/v1/spaces",
        Some(1),
        Fault::Latency { ms: 1_000 },
    ));
    let client = with_timeout(&sandbox, Duration::from_millis(200), 3);
    let err = client
        .spaces()
        .create(&CreateSpaceRequest::new("slow"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(sandbox.request_count("POST", "/v1/spaces"), 1);
}

#[tokio::test]
async fn hanging_server_times_out() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule("GET", "/v1/spaces/*", None, Fault::Hang));
    let client = with_timeout(&sandbox, Duration::from_millis(200), 1);
    let err = client.spaces().get("any").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(sandbox.request_count("GET", "/v1/spaces/any"), 2);
}

#[tokio::test]
async fn malformed_truncated_and_html_bodies_are_decode_errors() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    for (fault, needle) in [
        (Fault::MalformedJson, "{\"data\""),
        (Fault::TruncatedJson, "{\"data\""),
        (Fault::NonJson, "<html>"),
    ] {
        sandbox.add_fault(rule("GET", "/v1/spaces", Some(1), fault.clone()));
        let err = client.spaces().list(0, 10).await.unwrap_err();
        match &err {
            Error::Decode {
                status, snippet, ..
            } => {
                assert_eq!(*status, 200);
                assert!(snippet.starts_with(needle), "{fault:?}: {snippet}");
                assert!(snippet.len() <= anytype_core::error::SNIPPET_LIMIT);
            }
            other => panic!("{fault:?}: expected Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn html_error_page_keeps_the_status() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule(
        "GET",
        "/v1/spaces",
        None,
        Fault::Status {
            status: 502,
            body: Some("<html><body>Bad Gateway</body></html>".into()),
            after_handler: false,
        },
    ));
    let err = client(&sandbox).spaces().list(0, 10).await.unwrap_err();
    match err {
        Error::Api {
            status,
            detail: message,
            ..
        } => {
            assert_eq!(status, 502);
            assert!(message.contains("Bad Gateway"), "{message}");
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

#[tokio::test]
async fn connection_reset_mid_body_is_retried_for_get() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule("GET", "/v1/spaces", Some(1), Fault::ResetMidBody));
    let page = client(&sandbox).spaces().list(0, 10).await.unwrap();
    assert_eq!(page.data.len(), 3);
    assert_eq!(sandbox.request_count("GET", "/v1/spaces"), 2);

    sandbox.add_fault(rule("GET", "/v1/spaces", Some(1), Fault::ResetMidBody));
    let mut config = config(&sandbox);
    config.retry = RetryPolicy::none();
    let client = AnytypeClient::new(&sandbox.issue_key(), config).unwrap();
    let err = client.spaces().list(0, 10).await.unwrap_err();
    assert!(matches!(err, Error::Network { .. }), "{err:?}");
}

#[tokio::test]
async fn server_down_is_retried_then_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let config = ClientConfig {
        retry: RetryPolicy {
            initial_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(20),
            ..RetryPolicy::default()
        },
        ..ClientConfig::with_base_url(format!("http://127.0.0.1:{port}"))
    };
    let client = AnytypeClient::new("k", config).unwrap();
    let err = client
        .spaces()
        .create(&CreateSpaceRequest::new("never sent"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Network { ref detail, .. } if detail.contains("connect")),
        "{err:?}"
    );
}

#[tokio::test]
async fn cancelling_drops_the_request() {
    let sandbox = sandbox().await;
    sandbox.add_fault(rule("GET", "/v1/spaces", None, Fault::Hang));
    let client = client(&sandbox);
    let task = tokio::spawn(async move { client.spaces().list(0, 1).await });
    let deadline = Instant::now() + Duration::from_secs(5);
    while sandbox.in_flight() == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(sandbox.in_flight(), 1, "the request reached the server");
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    while sandbox.in_flight() > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(
        sandbox.in_flight(),
        0,
        "the server saw the connection close"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousands_of_concurrent_calls_share_one_client() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let id = client.spaces().list(0, 1).await.unwrap().data[0].id.clone();
    let calls = (0..2_000).map(|_| {
        let client = client.clone();
        let id = id.clone();
        tokio::spawn(async move { client.spaces().get(&id).await })
    });
    let results = futures::future::join_all(calls).await;
    let ok = results
        .into_iter()
        .filter(|r| matches!(r, Ok(Ok(space)) if space.id == id))
        .count();
    assert_eq!(ok, 2_000);
}

#[tokio::test]
async fn a_missing_object_answered_500_is_not_retried() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = client
        .spaces()
        .create(&CreateSpaceRequest::new("Missing"))
        .await
        .unwrap();
    let path = format!("/v1/spaces/{}/objects/bafyreinosuchobject", space.id);
    let err = client
        .objects(&space.id)
        .get("bafyreinosuchobject")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::NotFound { status: 500, .. }),
        "{err:?}"
    );
    assert_eq!(
        sandbox.request_count("GET", &path),
        1,
        "asked once, not retried"
    );
}
