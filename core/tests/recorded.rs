//! The SDK's decoders against answers recorded from the real server (anytype-heart v0.47.0,
//! headless), kept in `core/tests/data/real-server.json` (made by `scripts/import-recorded.py`).
//!
//! Every recorded answer is classified: decoded here through the public types (spaces, pages,
//! auth, every error), or kept for a resource the SDK does not cover yet. A new recording that
//! is neither fails [`every_recording_is_classified`], so nothing is silently left undecoded.

use anytype_core::{AnytypeClient, ApiKey, ClientConfig, Error, Space, SpaceKind, SpacePage};
use serde_json::Value;

const DATA: &str = include_str!("data/real-server.json");

/// Recordings of resources the SDK does not cover yet (their issues will decode them).
const LATER: &[&str] = &[
    "members",
    "member",
    "types",
    "type",
    "templates",
    "propert",
    "tags",
    "tag",
    "object",
    "search",
    "collection",
    "list-",
    "views",
    "docs-openapi",
];

struct Recorded {
    name: String,
    method: String,
    status: u16,
    content_type: String,
    json: bool,
    body: Value,
}

impl Recorded {
    fn bytes(&self) -> Vec<u8> {
        match (&self.body, self.json) {
            (Value::String(text), false) => text.clone().into_bytes(),
            (body, _) => serde_json::to_vec(body).unwrap(),
        }
    }
}

fn recordings() -> Vec<Recorded> {
    let doc: Value = serde_json::from_str(DATA).expect("the recorded data is JSON");
    doc["responses"]
        .as_array()
        .expect("responses")
        .iter()
        .map(|r| Recorded {
            name: r["name"].as_str().unwrap().to_owned(),
            method: r["method"].as_str().unwrap().to_owned(),
            status: r["status"].as_u64().unwrap() as u16,
            content_type: r["content_type"].as_str().unwrap_or_default().to_owned(),
            json: r["json"].as_bool().unwrap(),
            body: r["body"].clone(),
        })
        .collect()
}

fn is_space_page(r: &Recorded) -> bool {
    r.status == 200
        && r.method == "GET"
        && r.body.get("data").is_some()
        && r.body["data"]
            .as_array()
            .is_some_and(|d| d.iter().all(|s| s["object"] == "space"))
}

fn is_single_space(r: &Recorded) -> bool {
    r.status / 100 == 2 && r.body.get("space").is_some()
}

fn is_auth(r: &Recorded) -> bool {
    r.body.get("challenge_id").is_some() || r.body.get("api_key").is_some()
}

fn is_later(r: &Recorded) -> bool {
    r.status / 100 == 2 && LATER.iter().any(|part| r.name.contains(part))
}

fn check_space(space: &Space, raw: &Value) {
    assert_eq!(space.id, raw["id"].as_str().unwrap());
    assert_eq!(space.name, raw["name"].as_str().unwrap());
    assert_eq!(space.description, raw["description"].as_str().unwrap());
    // The real server says `"object": "space"` and `"icon": null`.
    assert_eq!(space.kind, SpaceKind::Space);
    assert_eq!(space.icon, None);
    assert_eq!(space.gateway_url, raw["gateway_url"].as_str().unwrap());
    assert_eq!(space.network_id, raw["network_id"].as_str().unwrap());
}

#[test]
fn every_recording_is_classified() {
    let all = recordings();
    assert!(all.len() >= 75, "{} recordings", all.len());
    for r in &all {
        let classified = is_space_page(r) || is_single_space(r) || is_auth(r) || r.status >= 400;
        assert!(
            classified || is_later(r),
            "{}: neither decoded by recorded.rs nor kept for later",
            r.name
        );
    }
}

#[test]
fn space_pages_decode() {
    let mut seen = 0;
    for r in recordings().iter().filter(|r| is_space_page(r)) {
        let page: SpacePage =
            serde_json::from_value(r.body.clone()).unwrap_or_else(|e| panic!("{}: {e}", r.name));
        let raw = r.body["data"].as_array().unwrap();
        assert_eq!(page.data.len(), raw.len(), "{}", r.name);
        for (space, raw) in page.data.iter().zip(raw) {
            check_space(space, raw);
        }
        let p = &r.body["pagination"];
        assert_eq!(page.pagination.total as u64, p["total"].as_u64().unwrap());
        assert_eq!(page.pagination.offset as u64, p["offset"].as_u64().unwrap());
        assert_eq!(page.pagination.limit as u64, p["limit"].as_u64().unwrap());
        assert_eq!(page.pagination.has_more, p["has_more"].as_bool().unwrap());
        seen += 1;
    }
    // list, after create, limit=abc, offset=-1, limit=1000, the three version headers, new key
    assert!(seen >= 9, "{seen} space pages");
}

#[test]
fn single_spaces_decode() {
    let mut seen = 0;
    for r in recordings().iter().filter(|r| is_single_space(r)) {
        let space: Space = serde_json::from_value(r.body["space"].clone())
            .unwrap_or_else(|e| panic!("{}: {e}", r.name));
        check_space(&space, &r.body["space"]);
        seen += 1;
    }
    assert_eq!(seen, 3, "get, create, update");
}

#[test]
fn auth_answers_decode_and_the_base64_key_works() {
    let all = recordings();
    let challenge = all.iter().find(|r| r.name == "create-challenge").unwrap();
    assert_eq!(challenge.status, 201);
    assert!(challenge.body["challenge_id"]
        .as_str()
        .is_some_and(|id| !id.is_empty()));

    let answer = all
        .iter()
        .find(|r| r.name == "create-api-key-right-code")
        .unwrap();
    let key = answer.body["api_key"].as_str().unwrap();
    // This server issues the old form: 44-character base64, with `+`, `/` and `=`.
    assert_eq!(key.len(), 44);
    let api_key = ApiKey::new(key).expect("a base64 key is a valid key");
    assert_eq!(api_key.expose_secret(), key);
    assert!(!format!("{api_key:?}").contains(key));
    let client = AnytypeClient::new(key, ClientConfig::with_base_url("http://127.0.0.1:31012"))
        .expect("a client takes the base64 key");
    assert!(!format!("{client:?}").contains(key));
}

#[test]
fn every_error_answer_maps_to_its_variant() {
    let mut seen = 0;
    for r in recordings().iter().filter(|r| r.status >= 400) {
        let err = Error::from_response(r.status, None, &r.bytes());
        let message = r.body.get("message").and_then(Value::as_str);
        let text = err.to_string();
        match r.status {
            401 => assert!(
                matches!(err, Error::Unauthorized { .. }),
                "{}: {err:?}",
                r.name
            ),
            404 => assert!(matches!(err, Error::NotFound { .. }), "{}: {err:?}", r.name),
            429 => assert!(
                matches!(err, Error::RateLimited { .. }),
                "{}: {err:?}",
                r.name
            ),
            400 => {
                assert!(
                    matches!(err, Error::Api { status: 400, .. }),
                    "{}: {err:?}",
                    r.name
                );
            }
            500 if message.is_some_and(|m| m.starts_with("failed to retrieve ")) => {
                // A missing object, type or property: the real server's 404.
                assert!(matches!(err, Error::NotFound { .. }), "{}: {err:?}", r.name);
            }
            500 => assert!(
                matches!(err, Error::Api { status: 500, .. }),
                "{}: {err:?}",
                r.name
            ),
            other => panic!("{}: unexpected status {other}", r.name),
        }
        // The server's message (or the plain-text body) reaches the caller, whatever the
        // content type said (JSON errors come under text/plain too).
        let expected = message
            .map(str::to_owned)
            .or_else(|| {
                r.body
                    .get("error")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .unwrap_or_else(|| r.body.as_str().unwrap_or_default().to_owned());
        assert!(
            text.contains(&expected),
            "{}: {text:?} lacks {expected:?}",
            r.name
        );
        if r.content_type.starts_with("text/plain") && r.json {
            assert!(!matches!(err, Error::Decode { .. }), "{}", r.name);
        }
        seen += 1;
    }
    assert!(seen >= 25, "{seen} error answers");
}
