//! The API key never shows: not in Debug/Display, errors, or any log line the SDK or its HTTP
//! stack writes, even at TRACE level, for every kind of failing call.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anytype_core::{AnytypeClient, ApiKey, ClientConfig, CreateSpaceRequest, RetryPolicy};
use anytype_sandbox::{Fault, FaultRule};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_key_is_in_no_output_of_failing_calls() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut seen = Vec::new();
    let key = runtime.block_on(async {
        let sandbox = common::sandbox().await;
        let key = sandbox.issue_key();
        let mut config = common::config(&sandbox);
        config.request_timeout = Duration::from_millis(200);
        let client = AnytypeClient::new(&key, config.clone()).unwrap();
        for fault in [
            Fault::Status {
                status: 500,
                body: None,
                after_handler: false,
            },
            Fault::MalformedJson,
            Fault::ResetMidBody,
            Fault::Hang,
            Fault::RateLimit {
                reset_seconds: 99.0,
            },
        ] {
            sandbox.add_fault(FaultRule {
                method: None,
                path: "*".into(),
                times: Some(10),
                fault,
            });
            let err = client.spaces().list(0, 5).await.unwrap_err();
            seen.push(format!("{err} {err:?}"));
            let err = client
                .spaces()
                .create(&CreateSpaceRequest::new("x"))
                .await
                .unwrap_err();
            seen.push(format!("{err} {err:?}"));
            sandbox.clear_faults();
        }
        let err = client.spaces().get("missing").await.unwrap_err();
        seen.push(format!("{err} {err:?}"));
        // A wrong key and a server that is gone.
        let wrong = format!("{key}x");
        let err = AnytypeClient::new(&wrong, config)
            .unwrap()
            .spaces()
            .list(0, 1)
            .await
            .unwrap_err();
        seen.push(format!("{err} {err:?}"));
        let down = ClientConfig {
            retry: RetryPolicy::none(),
            ..ClientConfig::with_base_url("http://127.0.0.1:9")
        };
        let err = AnytypeClient::new(&key, down)
            .unwrap()
            .spaces()
            .list(0, 1)
            .await
            .unwrap_err();
        seen.push(format!("{err} {err:?}"));
        seen.push(format!("{client:?}"));
        seen.push(format!(
            "{:?} {}",
            ApiKey::new(key.clone()).unwrap(),
            ApiKey::new(key.clone()).unwrap().redacted()
        ));
        // Invalid keys are rejected without echoing them.
        let bad = format!("{key} with spaces");
        let err = AnytypeClient::new(&bad, ClientConfig::default()).unwrap_err();
        seen.push(format!("{err} {err:?}"));
        key
    });
    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(
        logs.contains("anytype request"),
        "the SDK did log: {}",
        &logs[..logs.len().min(500)]
    );
    assert!(seen.len() >= 14);
    // The key body (without the public `anytype_` prefix) must appear nowhere.
    let secret = key.trim_start_matches("anytype_");
    assert!(!logs.contains(secret), "key in logs");
    for text in &seen {
        assert!(!text.contains(secret), "key in: {text}");
    }
}
