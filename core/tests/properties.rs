//! Hostile input never panics: arbitrary bytes and arbitrary JSON into every response decoder,
//! and random bodies through the whole pipeline. Case counts are bounded for CI; raise them with
//! `PROPTEST_CASES=100000 cargo test --release -p anytype-core --test properties`.

mod common;

use anytype_core::error::SNIPPET_LIMIT;
use anytype_core::{Error, Icon, Space, SpaceKind, SpacePage};
use anytype_sandbox::{Fault, FaultRule};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use serde_json::Value;

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,12}".prop_map(Value::String),
        prop_oneof![
            Just("format"),
            Just("emoji"),
            Just("icon"),
            Just("file"),
            Just("data"),
            Just("pagination"),
            Just("id"),
            Just("object"),
            Just("space")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::hash_map(
                prop_oneof![
                    Just("id".to_string()),
                    Just("name".to_string()),
                    Just("icon".to_string()),
                    Just("format".to_string()),
                    Just("emoji".to_string()),
                    Just("color".to_string()),
                    Just("data".to_string()),
                    Just("pagination".to_string()),
                    Just("total".to_string()),
                    Just("has_more".to_string()),
                    Just("object".to_string()),
                    Just("error".to_string()),
                    Just("message".to_string()),
                    Just("status".to_string()),
                    Just("code".to_string()),
                    ".{0,6}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// `PROPTEST_CASES` if set, else `default` (a bounded run for CI).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(2_000), ..ProptestConfig::default() })]

    #[test]
    fn error_bodies_of_any_bytes(status in 100u16..600, body in prop::collection::vec(any::<u8>(), 0..2048)) {
        let err = Error::from_response(status, None, &body);
        prop_assert!(err.to_string().len() < 4096);
        let err = Error::decode(status, "x", &body);
        if let Error::Decode { snippet, .. } = err {
            prop_assert!(snippet.len() <= SNIPPET_LIMIT);
        }
    }

    #[test]
    fn error_bodies_of_any_json(status in 400u16..600, value in json_value()) {
        let body = serde_json::to_vec(&value).unwrap();
        let err = Error::from_response(status, None, &body);
        prop_assert_eq!(err.status(), Some(status));
    }

    #[test]
    fn models_of_any_json(value in json_value()) {
        let _ = serde_json::from_value::<SpacePage>(value.clone());
        let _ = serde_json::from_value::<Space>(value.clone());
        let _ = serde_json::from_value::<Option<Icon>>(value.clone());
        let _ = serde_json::from_value::<SpaceKind>(value);
    }

    #[test]
    fn models_of_any_bytes(body in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = serde_json::from_slice::<SpacePage>(&body);
        let _ = serde_json::from_slice::<Space>(&body);
    }
}

/// Random bodies with random statuses, served by the sandbox, through the real client.
#[test]
fn random_answers_through_the_pipeline() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    });
    runtime.block_on(async {
        let sandbox = common::sandbox().await;
        let mut config = common::config(&sandbox);
        config.retry = anytype_core::RetryPolicy::none();
        let client = anytype_core::AnytypeClient::new(&sandbox.issue_key(), config).unwrap();
        let strategy = (
            prop_oneof![
                Just(200u16),
                Just(201),
                Just(400),
                Just(404),
                Just(410),
                Just(429),
                Just(500),
                Just(503)
            ],
            prop_oneof![json_value().prop_map(|v| v.to_string()), ".{0,300}"],
        );
        for _ in 0..64 {
            let (status, body) = strategy.new_tree(&mut runner).unwrap().current();
            sandbox.add_fault(FaultRule {
                method: Some("GET".into()),
                path: "/v1/spaces".into(),
                times: Some(1),
                fault: Fault::Status {
                    status,
                    body: Some(body.clone()),
                    after_handler: false,
                },
            });
            match client.spaces().list(0, 10).await {
                Ok(page) => assert!(status < 300, "{status} {body}: {page:?}"),
                Err(err) => assert!(
                    err.status() == Some(status) || matches!(err, Error::Decode { .. }),
                    "{status} {body}: {err:?}"
                ),
            }
        }
    });
}
