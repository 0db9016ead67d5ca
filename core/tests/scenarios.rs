//! One scenario, two targets: every operation the real server serves that the SDK covers
//! (authentication with the challenge flow, spaces), written once against
//! [`common::target::Target`].
//!
//! ```text
//! cargo test --release -p anytype-core --test scenarios                     # the sandbox
//! ANYTYPE_TARGET=live ANYTYPE_LIVE_URL=http://127.0.0.1:31012 ANYTYPE_LIVE_KEY=... \
//!   ANYTYPE_LIVE_CODES=/tmp/anytype-server/challenge-codes.log \
//!   cargo test --release -p anytype-core --test scenarios -- --test-threads 1   # a real server
//! ```
//!
//! Assertions hold on any server: a real one has spaces of its own, so the tests check what they
//! made (the test space) and how pages fit together, never totals. They write only inside the
//! test space. A new resource adds its scenarios here, in a section of its own.

mod common;

use std::collections::HashSet;
use std::time::{Duration, Instant};

use anytype_core::{Error, SpaceKind, UpdateSpaceRequest};
use futures::TryStreamExt;

use common::target::{Target, TEST_SPACE};

// ---- authentication ---------------------------------------------------------------------------

#[tokio::test]
async fn auth_challenge_code_key_then_a_working_client() {
    let target = Target::from_env().await;
    let auth = target.auth();
    let Some(challenge) = target.challenge(&auth, "flow").await else {
        target.skip_unless(false, "auth_challenge_code_key", "no codes file");
        return;
    };
    assert!(!challenge.id.is_empty());
    let key = auth
        .create_api_key(&challenge.id, &challenge.code)
        .await
        .expect("the right code gives a key");
    // Keys are opaque: `anytype_<body>_<checksum>` on newer servers, 44-character base64 on
    // older ones (the headless server of the live tier). Either must work as a bearer token.
    assert!(!key.expose_secret().is_empty());
    assert!(key.expose_secret().is_ascii());
    let client = target.client_with_key(key.expose_secret());
    let page = client
        .spaces()
        .list(0, 1)
        .await
        .expect("the new key lists spaces");
    assert!(page.data.len() <= 1);
    // The key never shows in what a program might log.
    for text in [format!("{key:?}"), format!("{client:?}")] {
        assert!(!text.contains(key.expose_secret()), "key leaked: {text}");
    }
}

#[tokio::test]
async fn auth_wrong_code_then_the_right_one() {
    let target = Target::from_env().await;
    let auth = target.auth();
    let Some(challenge) = target.challenge(&auth, "wrong").await else {
        target.skip_unless(false, "auth_wrong_code_then_the_right_one", "no codes file");
        return;
    };
    let wrong = if challenge.code == "0000" {
        "1111"
    } else {
        "0000"
    };
    let err = auth.create_api_key(&challenge.id, wrong).await.unwrap_err();
    assert!(matches!(err, Error::WrongCode { .. }), "{err:?}");
    assert!(err.to_string().contains("wrong code"), "{err}");
    // A wrong code does not use the challenge up.
    let key = auth
        .create_api_key(&challenge.id, &challenge.code)
        .await
        .expect("the right code still works after a wrong one");
    assert!(!key.expose_secret().is_empty());
}

#[tokio::test]
async fn auth_used_and_unknown_challenges_are_wrong_code() {
    let target = Target::from_env().await;
    let auth = target.auth();
    // An unknown challenge needs no code file: it is refused like a wrong code (500).
    let err = auth
        .create_api_key("000000000000000000000000", "1234")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::WrongCode { .. }), "{err:?}");

    let Some(challenge) = target.challenge(&auth, "reuse").await else {
        target.skip_unless(false, "auth_used_challenge", "no codes file");
        return;
    };
    auth.create_api_key(&challenge.id, &challenge.code)
        .await
        .expect("first use");
    let err = auth
        .create_api_key(&challenge.id, &challenge.code)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::WrongCode { .. }),
        "a used challenge: {err:?}"
    );
}

#[tokio::test]
async fn auth_unknown_key_is_unauthorized() {
    let target = Target::from_env().await;
    let stranger = target.client_with_key("not-a-real-key");
    let err = stranger.spaces().list(0, 10).await.unwrap_err();
    assert!(matches!(err, Error::Unauthorized { .. }), "{err:?}");
    assert_eq!(err.status(), Some(401));
    assert!(!err.to_string().contains("not-a-real-key"), "{err}");
}

// ---- spaces -----------------------------------------------------------------------------------

#[tokio::test]
async fn spaces_test_space_is_found_or_created_and_got() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    assert_eq!(space.name, TEST_SPACE);
    assert!(!space.id.is_empty());
    assert_eq!(space.kind, SpaceKind::Space);
    let again = target.client().spaces().get(&space.id).await.unwrap();
    assert_eq!(again.id, space.id);
    assert_eq!(again.name, TEST_SPACE);
    // It is listed, exactly once.
    let all = target.client().spaces().list_all(1000).await.unwrap();
    assert_eq!(all.iter().filter(|s| s.id == space.id).count(), 1);
    assert_eq!(
        all.iter().filter(|s| s.name == TEST_SPACE).count(),
        1,
        "one test space, reused across runs"
    );
}

#[tokio::test]
async fn spaces_pages_fit_together() {
    let target = Target::from_env().await;
    let _ = target.test_space().await; // at least one space exists
    let spaces = target.client().spaces();
    let first = spaces.list(0, 1000).await.unwrap();
    let total = first.pagination.total as usize;
    assert!(total >= 1, "{:?}", first.pagination);
    assert_eq!(first.pagination.offset as usize, 0);
    assert_eq!(first.pagination.limit as usize, 1000);
    assert_eq!(first.data.len(), total.min(1000));
    assert_eq!(first.pagination.has_more, total > 1000);

    // One at a time: each page holds the next space, and the last says there is no more.
    let one = spaces.list(0, 1).await.unwrap();
    assert_eq!(one.data.len(), 1);
    assert_eq!(one.pagination.limit as usize, 1);
    assert_eq!(one.pagination.has_more, total > 1);
    let last = spaces.list((total - 1) as u32 as _, 1).await.unwrap();
    assert_eq!(last.data.len(), 1);
    assert!(!last.pagination.has_more);
    // Past the end: an empty page, not an error.
    let past = spaces.list(total as u32 as _, 10).await.unwrap();
    assert!(past.data.is_empty());
    assert!(!past.pagination.has_more);

    // Walking every page, by list_all and by the pager, gives every space once.
    let all = spaces.list_all(1).await.unwrap();
    assert_eq!(all.len(), total);
    let ids: HashSet<_> = all.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids.len(), total, "no space listed twice");
    let streamed: Vec<_> = spaces
        .pager(2)
        .unwrap()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed.len(), total);
    assert!(streamed.iter().all(|s| ids.contains(&s.id)));
}

#[tokio::test]
async fn spaces_update_round_trips_in_the_test_space() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let spaces = target.client().spaces();
    let stamp = format!(
        "{} Last scenario run: {} ({}).",
        common::target::TEST_SPACE_DESCRIPTION,
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default(),
        target.name()
    );
    let updated = spaces
        .update(
            &space.id,
            &UpdateSpaceRequest {
                name: Some(TEST_SPACE.into()),
                description: Some(stamp.clone()),
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.id, space.id);
    assert_eq!(updated.name, TEST_SPACE);
    assert_eq!(updated.description, stamp);
    // Writes are eventually consistent on a real server: allow it a few seconds.
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let got = spaces.get(&space.id).await.unwrap();
        if got.description == stamp {
            assert_eq!(got.name, TEST_SPACE);
            break;
        }
        assert!(Instant::now() < deadline, "update not visible: {got:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn spaces_missing_space_is_not_found() {
    let target = Target::from_env().await;
    let spaces = target.client().spaces();
    let err = spaces.get("bafyreinotaspace.123").await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    // Updating a space that doesn't exist writes nothing and is NotFound too.
    let err = spaces
        .update(
            "bafyreinotaspace.123",
            &UpdateSpaceRequest {
                description: Some("never written".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn spaces_create_is_not_replayed() {
    // On the sandbox only: creating a space on a real server leaves a space behind for good.
    let target = Target::from_env().await;
    let Some(sandbox) = target.sandbox_server() else {
        target.skip_unless(
            false,
            "spaces_create_is_not_replayed",
            "creates a space, and spaces cannot be deleted (the live tier creates only the test space)",
        );
        return;
    };
    let space = target.test_space().await;
    assert_eq!(sandbox.request_count("POST", "/v1/spaces"), 1);
    assert_eq!(space.description, common::target::TEST_SPACE_DESCRIPTION);
    let _ = target.test_space().await;
    assert_eq!(
        sandbox.request_count("POST", "/v1/spaces"),
        1,
        "found, not created again"
    );
}

// ---- objects, types, properties, tags, templates, members -------------------------------------
//
// Everything below writes only inside the test space, under keys and names unique to the run
// (`sdk_live_<label>_<seconds>_<pid>_<n>`), and deletes (archives) what it made. Writes are paced
// by the client (`limit_writes`): about 20 per run.
//
// Eventual consistency: on the real server a property (or tag, or type) made a moment ago may not
// be usable yet (for about a second), e.g. in a new object's values or a type's property list.
// Reads that depend on a fresh write are retried for a few seconds ([`eventually`]); an object
// create that names a fresh property is retried only while the server refuses it with a 400,
// which means nothing was created ([`create_when_ready`]).

use anytype_core::{
    AnytypeClient, Color, CreateObjectRequest, CreatePropertyRequest, CreateTagRequest,
    CreateTypeRequest, Layout, MemberRole, Object, PropertyFormat, PropertyInput, PropertyLink,
    UpdateObjectRequest, UpdatePropertyRequest, UpdateTagRequest, UpdateTypeRequest,
};

/// A key or name no other run used: `sdk_live_<label>_<seconds>_<pid>_<n>`.
fn unique_key(label: &str) -> String {
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    format!(
        "sdk_live_{label}_{secs}_{}_{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    )
}

/// Retry `read` for up to 10 s until it gives `Some`: for reads that depend on a fresh write.
async fn eventually<T, F, Fut>(what: &str, mut read: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(value) = read().await {
            return value;
        }
        assert!(Instant::now() < deadline, "{what}: not visible after 10 s");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Create an object that uses properties made a moment ago: a 400 means the server does not
/// know them yet and created nothing, so only that is retried (for up to 10 s).
async fn create_when_ready(
    client: &AnytypeClient,
    space: &str,
    request: &CreateObjectRequest,
) -> Object {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match client.objects(space).create(request).await {
            Ok(object) => return object,
            Err(Error::Api {
                status: 400,
                detail,
                ..
            }) if Instant::now() < deadline => {
                println!("create refused for now (400 {detail}); retrying");
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            Err(other) => panic!("create {request:?}: {other:?}"),
        }
    }
}

/// A body's blocks: the server drops blank lines and pads lines, so compare lines trimmed.
fn blocks(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

const MISSING_ID: &str = "bafyreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

#[tokio::test]
async fn members_list_and_get() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let members = target.client().members(&space.id);
    let all = members.list_all(100).await.unwrap();
    assert!(!all.is_empty());
    assert_eq!(
        all.iter().filter(|m| m.role == MemberRole::Owner).count(),
        1,
        "{all:?}"
    );
    let page = members.list(0, 1).await.unwrap();
    assert_eq!(page.data.len(), 1);
    assert_eq!(page.pagination.total as usize, all.len());
    for member in all.iter().take(3) {
        assert!(member.id.starts_with("_participant_"), "{}", member.id);
        assert!(!member.identity.is_empty());
        assert_eq!(&members.get(&member.id).await.unwrap(), member);
    }
}

#[tokio::test]
async fn types_list_and_get_the_built_in_page() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let types = target.client().types(&space.id);
    let all = types.list_all(100).await.unwrap();
    let page = all.iter().find(|t| t.key == "page").expect("a page type");
    assert_eq!(page.layout, Layout::Basic);
    assert!(!page.archived);
    let got = types.get(&page.id).await.unwrap();
    assert_eq!(
        (got.id.as_str(), got.key.as_str()),
        (page.id.as_str(), "page")
    );
    let walked: Vec<_> = types
        .pager(3)
        .unwrap()
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: HashSet<_> = walked.iter().map(|t| t.id.clone()).collect();
    assert_eq!(ids.len(), walked.len(), "each type once");
    assert!(ids.contains(&page.id));
    let err = types.get(MISSING_ID).await.unwrap_err();
    assert!(
        matches!(err, Error::NotFound { status: 500, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn templates_of_the_page_type_list_and_get() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let client = target.client();
    let page = client
        .types(&space.id)
        .list_all(100)
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.key == "page")
        .unwrap();
    let templates = client.templates(&space.id, &page.id);
    let first = templates.list(0, 10).await.unwrap();
    assert_eq!(first.data.len() as i64, first.pagination.total.min(10));
    let all = templates.list_all(10).await.unwrap();
    assert_eq!(all.len() as i64, first.pagination.total);
    for template in all.iter().take(2) {
        assert_eq!(templates.get(&template.id).await.unwrap().id, template.id);
    }
    let err = templates.get(MISSING_ID).await.unwrap_err();
    assert!(
        matches!(err, Error::NotFound { status: 500, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn properties_list_has_the_built_ins() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let properties = target.client().properties(&space.id);
    let all = properties.list_all(1000).await.unwrap();
    let find = |key: &str| all.iter().find(|p| p.key == key).cloned();
    let tag = find("tag").expect("the built-in tag property");
    assert_eq!(tag.format, PropertyFormat::MultiSelect);
    let done = find("done").expect("the built-in done property");
    assert_eq!(done.format, PropertyFormat::Checkbox);
    assert_eq!(properties.get(&done.id).await.unwrap(), done);
    let first = properties.list(0, 5).await.unwrap();
    assert_eq!(first.data.len(), 5);
    // Other scenarios make and delete properties in the same space meanwhile (the tests run two
    // at a time), so the total may have moved by a few since `list_all`.
    let moved = (first.pagination.total - all.len() as i64).abs();
    assert!(
        moved <= 4,
        "total {} vs {} listed",
        first.pagination.total,
        all.len()
    );
    let err = properties.get(MISSING_ID).await.unwrap_err();
    assert!(
        matches!(err, Error::NotFound { status: 500, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn tags_create_get_update_delete_on_a_new_select_property() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let client = target.client();
    let properties = client.properties(&space.id);
    let key = unique_key("status");
    let property = properties
        .create(&CreatePropertyRequest {
            key: Some(key.clone()),
            tags: vec![CreateTagRequest::new("Open", Color::Red)],
            ..CreatePropertyRequest::new(format!("SDK live status {key}"), PropertyFormat::Select)
        })
        .await
        .unwrap();
    assert_eq!(property.key, key);
    assert_eq!(property.format, PropertyFormat::Select);
    let got = eventually("the new property", || async {
        properties.get(&property.id).await.ok()
    })
    .await;
    assert_eq!(got, property);

    let tags = client.tags(&space.id, &property.id);
    let initial = eventually("the property's first tag", || async {
        let all = tags.list_all(100).await.ok()?;
        (!all.is_empty()).then_some(all)
    })
    .await;
    assert_eq!(initial.len(), 1);
    assert_eq!(
        (initial[0].name.as_str(), &initial[0].color),
        ("Open", &Color::Red)
    );

    let tag_key = unique_key("done");
    let made = tags
        .create(&CreateTagRequest {
            key: Some(tag_key.clone()),
            ..CreateTagRequest::new("Done", Color::Lime)
        })
        .await
        .unwrap();
    assert_eq!(
        (made.key.as_str(), made.name.as_str(), &made.color),
        (tag_key.as_str(), "Done", &Color::Lime)
    );
    let got = eventually("the new tag", || async { tags.get(&made.id).await.ok() }).await;
    assert_eq!(got, made);
    let updated = tags
        .update(
            &made.id,
            &UpdateTagRequest {
                name: Some("Finished".into()),
                color: Some(Color::Teal),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (updated.id.as_str(), updated.name.as_str(), &updated.color),
        (made.id.as_str(), "Finished", &Color::Teal)
    );
    let deleted = tags.delete(&made.id).await.unwrap();
    assert_eq!(deleted.id, made.id);
    eventually("the deleted tag gone from the list", || async {
        let all = tags.list_all(100).await.ok()?;
        all.iter().all(|t| t.id != made.id).then_some(())
    })
    .await;

    let renamed = properties
        .update(
            &property.id,
            &UpdatePropertyRequest {
                name: format!("SDK live status (renamed) {key}"),
                key: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(renamed.name, format!("SDK live status (renamed) {key}"));
    assert_eq!(renamed.key, key);
    let deleted = properties.delete(&property.id).await.unwrap();
    assert_eq!(deleted.id, property.id);
}

#[tokio::test]
async fn objects_create_get_update_list_delete() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let client = target.client();
    let properties = client.properties(&space.id);
    // A fresh headless space has no status or due date property: make them.
    let status_key = unique_key("state");
    let open_key = unique_key("open");
    let status = properties
        .create(&CreatePropertyRequest {
            key: Some(status_key.clone()),
            tags: vec![CreateTagRequest {
                key: Some(open_key.clone()),
                ..CreateTagRequest::new("Open", Color::Orange)
            }],
            ..CreatePropertyRequest::new(
                format!("SDK live state {status_key}"),
                PropertyFormat::Select,
            )
        })
        .await
        .unwrap();
    let due_key = unique_key("due");
    let due = properties
        .create(&CreatePropertyRequest {
            key: Some(due_key.clone()),
            ..CreatePropertyRequest::new(format!("SDK live due {due_key}"), PropertyFormat::Date)
        })
        .await
        .unwrap();

    let name = format!("SDK live page {}", unique_key("page"));
    let body = "# Live test\n\nSome **bold** text.\n\n- one\n- two\n";
    // 2027-01-15T08:00:00.750Z: the server keeps whole seconds.
    let due_at = std::time::UNIX_EPOCH + Duration::from_millis(1_800_000_000_750);
    let request = CreateObjectRequest {
        name: Some(name.clone()),
        body: Some(body.into()),
        properties: vec![
            PropertyInput::Select {
                key: status_key.clone(),
                tag: open_key.clone(),
            },
            PropertyInput::Date {
                key: due_key.clone(),
                date: due_at,
            },
        ],
        ..CreateObjectRequest::new("page")
    };
    let created = create_when_ready(&client, &space.id, &request).await;
    let objects = client.objects(&space.id);
    let check = |object: &Object| {
        assert_eq!(object.name, name);
        assert_eq!(object.space_id, space.id);
        assert_eq!(
            object.object_type.as_ref().map(|t| t.key.as_str()),
            Some("page")
        );
        let open = object.select(&status_key).expect("the select value");
        assert_eq!(
            (open.key.as_str(), open.name.as_str()),
            (open_key.as_str(), "Open")
        );
        assert_eq!(open.color, Color::Orange);
        assert_eq!(
            object.date(&due_key),
            Some(std::time::UNIX_EPOCH + Duration::from_secs(1_800_000_000))
        );
    };
    check(&created);
    assert_eq!(
        blocks(created.markdown.as_deref().unwrap_or_default()),
        blocks(body)
    );
    let got = eventually("the new object", || async {
        objects.get(&created.id).await.ok()
    })
    .await;
    check(&got);
    assert_eq!(
        blocks(got.markdown.as_deref().unwrap_or_default()),
        blocks(body)
    );

    // Update: the markdown replaces the body, the select is cleared, the date stays.
    let new_body = "## Replaced\n\nOnly this now.\n";
    let updated = objects
        .update(
            &created.id,
            &UpdateObjectRequest {
                markdown: Some(new_body.into()),
                properties: Some(vec![PropertyInput::Clear {
                    key: status_key.clone(),
                    format: PropertyFormat::Select,
                }]),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.id, created.id);
    assert_eq!(
        blocks(updated.markdown.as_deref().unwrap_or_default()),
        blocks(new_body)
    );
    assert_eq!(updated.select(&status_key), None);
    assert_eq!(
        updated.date(&due_key),
        Some(std::time::UNIX_EPOCH + Duration::from_secs(1_800_000_000))
    );
    let got = eventually("the update", || async {
        let got = objects.get(&created.id).await.ok()?;
        (blocks(got.markdown.as_deref()?) == blocks(new_body)).then_some(got)
    })
    .await;
    assert_eq!(got.select(&status_key), None);

    // It is listed (the list has other objects of the test space too: find ours).
    eventually("the object in the list", || async {
        let all = objects.list_all(100).await.ok()?;
        all.iter()
            .any(|o| o.id == created.id && o.name == name)
            .then_some(())
    })
    .await;

    // Delete archives; a later get answers 200 with archived set.
    let deleted = objects.delete(&created.id).await.unwrap();
    assert_eq!(deleted.id, created.id);
    let archived = eventually("the archived object", || async {
        let got = objects.get(&created.id).await.ok()?;
        got.archived.then_some(got)
    })
    .await;
    assert_eq!(archived.name, name);

    // The properties this test made.
    properties.delete(&status.id).await.unwrap();
    properties.delete(&due.id).await.unwrap();
}

#[tokio::test]
async fn types_create_get_update_delete_with_a_new_property() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let client = target.client();
    let types = client.types(&space.id);
    let type_key = unique_key("ticket");
    let priority_key = unique_key("priority");
    let made = types
        .create(&CreateTypeRequest {
            key: Some(type_key.clone()),
            properties: vec![PropertyLink::new(
                priority_key.clone(),
                format!("SDK live priority {priority_key}"),
                PropertyFormat::Number,
            )],
            ..CreateTypeRequest::new(
                format!("SDK live ticket {type_key}"),
                format!("SDK live tickets {type_key}"),
                Layout::Basic,
            )
        })
        .await
        .unwrap();
    assert_eq!(made.key, type_key);
    assert_eq!(made.layout, Layout::Basic);
    assert!(!made.archived);
    // The linked property may show in the type only a moment later on a real server.
    let got = eventually("the type with its new property", || async {
        let got = types.get(&made.id).await.ok()?;
        got.properties
            .iter()
            .any(|p| p.key == priority_key)
            .then_some(got)
    })
    .await;
    assert_eq!(got.key, type_key);
    let priority = got
        .properties
        .iter()
        .find(|p| p.key == priority_key)
        .unwrap()
        .clone();
    assert_eq!(priority.format, PropertyFormat::Number);

    let updated = types
        .update(
            &made.id,
            &UpdateTypeRequest {
                name: Some(format!("SDK live ticket 2 {type_key}")),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.id, made.id);
    assert_eq!(updated.name, format!("SDK live ticket 2 {type_key}"));
    assert_eq!(updated.plural_name, format!("SDK live tickets {type_key}"));

    let deleted = types.delete(&made.id).await.unwrap();
    assert_eq!(deleted.id, made.id);
    eventually("the deleted type archived or gone", || async {
        match types.get(&made.id).await {
            Ok(t) if t.archived => Some(()),
            Err(Error::NotFound { .. }) => Some(()),
            _ => None,
        }
    })
    .await;
    client
        .properties(&space.id)
        .delete(&priority.id)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_missing_object_is_not_found_500() {
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let err = target
        .client()
        .objects(&space.id)
        .get(MISSING_ID)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        Error::NotFound {
            status: 500,
            detail: "failed to retrieve object".into()
        }
    );
}

#[tokio::test]
async fn missing_members_template_lists_and_tag_lists_answer_like_the_real_server() {
    // Probed on the headless server (anytype-heart v0.47.0):
    //   GET .../members/<missing>           → 404 "member not found"
    //   GET .../types/<missing>/templates   → 200, an empty list
    //   GET .../properties/<missing>/tags   → 404 "invalid property id"
    let target = Target::from_env().await;
    let space = target.test_space().await;
    let client = target.client();
    let err = client.members(&space.id).get("nope").await.unwrap_err();
    assert!(
        matches!(err, Error::NotFound { status: 404, .. }),
        "member: {err:?}"
    );
    let templates = client.templates(&space.id, MISSING_ID).list(0, 10).await;
    assert!(
        matches!(&templates, Ok(page) if page.data.is_empty()),
        "templates of a missing type: {templates:?}"
    );
    let err = client
        .tags(&space.id, MISSING_ID)
        .list(0, 10)
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::NotFound { status: 404, .. }),
        "tags: {err:?}"
    );
}

// ---- search, filters, sorting, lists --------------------------------------------------------------

mod search {
    use super::*;
    use anytype_core::{
        Filter, FilterCondition, FilterValue, Pagination, SearchRequest, Sort, SortProperty,
    };
    use std::collections::BTreeSet;
    use std::time::SystemTime;

    /// What the test gave one object: the model its expected sets are computed from.
    #[derive(Clone, Default)]
    struct Made {
        label: &'static str,
        text: Option<&'static str>,
        number: Option<f64>,
        select: Option<&'static str>,
        multi: Vec<&'static str>,
        date: Option<SystemTime>,
        checked: Option<bool>,
        url: Option<&'static str>,
        links_first: bool,
    }

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }
    const JAN10: u64 = 1_768_003_200; // 2026-01-10T00:00:00Z
    const DAY: u64 = 86_400;

    struct World {
        space: String,
        run: String,
        marker: String,
        keys: Keys,
        /// tag name → id, per tag property
        select_tags: std::collections::HashMap<&'static str, String>,
        multi_tags: std::collections::HashMap<&'static str, String>,
        made: Vec<(Made, Object)>,
    }

    struct Keys {
        text: String,
        number: String,
        select: String,
        multi: String,
        date: String,
        checkbox: String,
        url: String,
        objects: String,
    }

    fn made() -> Vec<Made> {
        vec![
            // Made first: the others link to it.
            Made {
                label: "Beta two",
                text: Some("Goodbye +1 100%"),
                number: Some(5.5),
                select: Some("green"),
                multi: vec!["green"],
                date: Some(at(JAN10 + 31 * DAY + 15 * 3600 + 1800)),
                checked: Some(false),
                url: Some("https://b.example"),
                ..Made::default()
            },
            Made {
                label: "Alpha one",
                text: Some("hello world"),
                number: Some(1.0),
                select: Some("red"),
                multi: vec!["red", "green"],
                date: Some(at(JAN10)),
                checked: Some(true),
                url: Some("https://a.example"),
                links_first: true,
            },
            Made {
                label: "gamma three",
                ..Made::default()
            },
            Made {
                label: "Delta four",
                text: Some("hello again"),
                number: Some(-3.0),
                select: Some("blue"),
                multi: vec!["red", "green", "blue"],
                date: Some(at(JAN10 + 23 * 3600)),
                checked: Some(true),
                ..Made::default()
            },
        ]
    }

    const COLOURS: [(&str, Color); 3] = [
        ("red", Color::Red),
        ("green", Color::Lime),
        ("blue", Color::Blue),
    ];

    /// Tag name → id of the property `property_id`, once all three are visible.
    async fn tag_ids(
        client: &AnytypeClient,
        space: &str,
        property_id: &str,
    ) -> std::collections::HashMap<&'static str, String> {
        eventually("the tags", || async {
            let tags = client.tags(space, property_id).list_all(100).await.ok()?;
            let map: std::collections::HashMap<&'static str, String> = COLOURS
                .iter()
                .filter_map(|(name, _)| {
                    Some((*name, tags.iter().find(|t| t.name == *name)?.id.clone()))
                })
                .collect();
            (map.len() == 3).then_some(map)
        })
        .await
    }

    async fn world(target: &Target) -> World {
        let space = target.test_space().await.id;
        let client = target.client();
        let run = unique_key("run");
        let keys = Keys {
            text: unique_key("ftext"),
            number: unique_key("fnum"),
            select: unique_key("fsel"),
            multi: unique_key("fmulti"),
            date: unique_key("fdate"),
            checkbox: unique_key("fcheck"),
            url: unique_key("furl"),
            objects: unique_key("fobj"),
        };
        let marker = unique_key("fmark");
        let properties = client.properties(&space);
        let mut ids = Vec::new();
        for (key, format) in [
            (&marker, PropertyFormat::Text),
            (&keys.text, PropertyFormat::Text),
            (&keys.number, PropertyFormat::Number),
            (&keys.select, PropertyFormat::Select),
            (&keys.multi, PropertyFormat::MultiSelect),
            (&keys.date, PropertyFormat::Date),
            (&keys.checkbox, PropertyFormat::Checkbox),
            (&keys.url, PropertyFormat::Url),
            (&keys.objects, PropertyFormat::Objects),
        ] {
            let tags = if matches!(format, PropertyFormat::Select | PropertyFormat::MultiSelect) {
                COLOURS
                    .iter()
                    .map(|(name, colour)| CreateTagRequest::new(*name, colour.clone()))
                    .collect()
            } else {
                Vec::new()
            };
            let property = properties
                .create(&CreatePropertyRequest {
                    key: Some(key.clone()),
                    tags,
                    ..CreatePropertyRequest::new(format!("SDK filter {key}"), format)
                })
                .await
                .expect("create a property");
            ids.push(property.id);
        }
        let select_tags = tag_ids(&client, &space, &ids[3]).await;
        let multi_tags = tag_ids(&client, &space, &ids[4]).await;

        let mut out: Vec<(Made, Object)> = Vec::new();
        for m in made() {
            let mut values = vec![PropertyInput::Text {
                key: marker.clone(),
                text: run.clone(),
            }];
            if let Some(t) = m.text {
                values.push(PropertyInput::Text {
                    key: keys.text.clone(),
                    text: t.into(),
                });
            }
            if let Some(n) = m.number {
                values.push(PropertyInput::Number {
                    key: keys.number.clone(),
                    number: n,
                });
            }
            if let Some(s) = m.select {
                values.push(PropertyInput::Select {
                    key: keys.select.clone(),
                    tag: select_tags[s].clone(),
                });
            }
            if !m.multi.is_empty() {
                values.push(PropertyInput::MultiSelect {
                    key: keys.multi.clone(),
                    tags: m.multi.iter().map(|t| multi_tags[t].clone()).collect(),
                });
            }
            if let Some(d) = m.date {
                values.push(PropertyInput::Date {
                    key: keys.date.clone(),
                    date: d,
                });
            }
            if let Some(c) = m.checked {
                values.push(PropertyInput::Checkbox {
                    key: keys.checkbox.clone(),
                    checked: c,
                });
            }
            if let Some(u) = m.url {
                values.push(PropertyInput::Url {
                    key: keys.url.clone(),
                    url: u.into(),
                });
            }
            if m.links_first {
                values.push(PropertyInput::Objects {
                    key: keys.objects.clone(),
                    objects: vec![out[0].1.id.clone()],
                });
            }
            let request = CreateObjectRequest {
                name: Some(format!("{} {run}", m.label)),
                body: Some(format!("The body of {}.", m.label)),
                properties: values,
                ..CreateObjectRequest::new("page")
            };
            let object = create_when_ready(&client, &space, &request).await;
            out.push((m, object));
        }
        World {
            space,
            run,
            marker,
            keys,
            select_tags,
            multi_tags,
            made: out,
        }
    }

    impl World {
        /// This run's objects only: every case is ANDed with the run's marker.
        fn scoped(&self, filter: Filter) -> Filter {
            Filter::text(&self.marker).eq(self.run.as_str()) & filter
        }

        fn expect(&self, keep: impl Fn(&Made) -> bool) -> BTreeSet<String> {
            self.made
                .iter()
                .filter(|(m, _)| keep(m))
                .map(|(m, _)| m.label.to_string())
                .collect()
        }

        /// The labels of this run's objects among `objects`, in their order.
        fn names(&self, objects: &[Object]) -> Vec<String> {
            objects
                .iter()
                .filter_map(|o| self.made.iter().find(|(_, made)| made.id == o.id))
                .map(|(m, _)| m.label.to_string())
                .collect()
        }

        fn labels(&self, objects: &[Object]) -> BTreeSet<String> {
            self.names(objects).into_iter().collect()
        }

        fn request(&self, filter: Filter) -> SearchRequest {
            SearchRequest {
                types: vec!["page".into()],
                filter: Some(self.scoped(filter)),
                ..SearchRequest::default()
            }
        }
    }

    /// The filter table: each case's expected set is computed from what the test made.
    fn cases(w: &World) -> Vec<(String, Filter, BTreeSet<String>)> {
        let k = &w.keys;
        let d = |m: &Made| {
            m.date
                .map(|t| t.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs())
        };
        let text = |m: &Made| m.text.unwrap_or("");
        let (red, green, blue) = (
            &w.select_tags["red"],
            &w.select_tags["green"],
            &w.select_tags["blue"],
        );
        let (mred, mblue) = (&w.multi_tags["red"], &w.multi_tags["blue"]);
        let mgreen = &w.multi_tags["green"];
        let first_id = w.made[0].1.id.clone();
        let mut v: Vec<(String, Filter, BTreeSet<String>)> = Vec::new();
        let mut case = |name: &str, f: Filter, keep: &dyn Fn(&Made) -> bool| {
            v.push((name.to_string(), f, w.expect(keep)));
        };
        case("text eq", Filter::text(&k.text).eq("hello world"), &|m| {
            text(m) == "hello world"
        });
        case("text ne", Filter::text(&k.text).ne("hello world"), &|m| {
            text(m) != "hello world"
        });
        case(
            "text contains, any case",
            Filter::text(&k.text).contains("HELLO"),
            &|m| text(m).to_lowercase().contains("hello"),
        );
        case(
            "text ncontains",
            Filter::text(&k.text).not_contains("hello"),
            &|m| !text(m).contains("hello"),
        );
        case("text empty", Filter::text(&k.text).is_empty(), &|m| {
            m.text.is_none()
        });
        case("text nempty", Filter::text(&k.text).is_not_empty(), &|m| {
            m.text.is_some()
        });
        case(
            "name contains",
            Filter::text("name").contains("alpha"),
            &|m| m.label.starts_with("Alpha"),
        );
        case("number eq", Filter::number(&k.number).eq(1), &|m| {
            m.number == Some(1.0)
        });
        case("number ne", Filter::number(&k.number).ne(1), &|m| {
            m.number != Some(1.0)
        });
        case("number gt", Filter::number(&k.number).gt(1), &|m| {
            m.number.is_some_and(|n| n > 1.0)
        });
        case("number gte", Filter::number(&k.number).gte(1), &|m| {
            m.number.is_some_and(|n| n >= 1.0)
        });
        // A missing number sorts below every number.
        case("number lt", Filter::number(&k.number).lt(1), &|m| {
            m.number.is_none_or(|n| n < 1.0)
        });
        case("number lte", Filter::number(&k.number).lte(1), &|m| {
            m.number.is_none_or(|n| n <= 1.0)
        });
        case("number empty", Filter::number(&k.number).is_empty(), &|m| {
            m.number.is_none()
        });
        case(
            "date eq (an instant)",
            Filter::date(&k.date).eq(at(JAN10)),
            &|m| d(m) == Some(JAN10),
        );
        case("date gt", Filter::date(&k.date).gt(at(JAN10)), &|m| {
            d(m).is_some_and(|t| t > JAN10)
        });
        case(
            "date lt",
            Filter::date(&k.date).lt(at(JAN10 + 22 * DAY)),
            &|m| d(m).is_none_or(|t| t < JAN10 + 22 * DAY),
        );
        case(
            "date ne (rewritten)",
            Filter::date(&k.date).ne(at(JAN10)),
            &|m| d(m) != Some(JAN10),
        );
        case("date nempty", Filter::date(&k.date).is_not_empty(), &|m| {
            m.date.is_some()
        });
        case(
            "checkbox eq true",
            Filter::checkbox(&k.checkbox).eq(true),
            &|m| m.checked == Some(true),
        );
        case(
            "checkbox eq false (missing is false)",
            Filter::checkbox(&k.checkbox).eq(false),
            &|m| m.checked != Some(true),
        );
        case(
            "checkbox ne true",
            Filter::checkbox(&k.checkbox).ne(true),
            &|m| m.checked != Some(true),
        );
        case(
            "select eq",
            Filter::select(&k.select).eq(red.as_str()),
            &|m| m.select == Some("red"),
        );
        case(
            "select ne",
            Filter::select(&k.select).ne(red.as_str()),
            &|m| m.select != Some("red"),
        );
        case(
            "select any_of",
            Filter::select(&k.select).any_of([red, blue]),
            &|m| matches!(m.select, Some("red" | "blue")),
        );
        case(
            "select none_of",
            Filter::select(&k.select).none_of([red, green]),
            &|m| !matches!(m.select, Some("red" | "green")),
        );
        case("select empty", Filter::select(&k.select).is_empty(), &|m| {
            m.select.is_none()
        });
        case(
            "multi any_of",
            Filter::multi_select(&k.multi).any_of([mblue]),
            &|m| m.multi.contains(&"blue"),
        );
        case(
            "multi any_of two",
            Filter::multi_select(&k.multi).any_of([mred, mblue]),
            &|m| m.multi.contains(&"red") || m.multi.contains(&"blue"),
        );
        case(
            "multi all_of",
            Filter::multi_select(&k.multi).all_of([mred, mgreen]),
            &|m| m.multi.contains(&"red") && m.multi.contains(&"green"),
        );
        case(
            "multi none_of",
            Filter::multi_select(&k.multi).none_of([mblue]),
            &|m| !m.multi.contains(&"blue"),
        );
        case(
            "multi empty",
            Filter::multi_select(&k.multi).is_empty(),
            &|m| m.multi.is_empty(),
        );
        case(
            "url contains",
            Filter::url(&k.url).contains("a.example"),
            &|m| m.url.is_some_and(|u| u.contains("a.example")),
        );
        case("url empty", Filter::url(&k.url).is_empty(), &|m| {
            m.url.is_none()
        });
        case(
            "objects any_of",
            Filter::objects(&k.objects).any_of([first_id.clone()]),
            &|m| m.links_first,
        );
        case(
            "objects empty",
            Filter::objects(&k.objects).is_empty(),
            &|m| !m.links_first,
        );
        case(
            "nested: (number > 0 and checked) or text contains good",
            (Filter::number(&k.number).gt(0) & Filter::checkbox(&k.checkbox).eq(true))
                | Filter::text(&k.text).contains("good"),
            &|m| {
                (m.number.is_some_and(|n| n > 0.0) && m.checked == Some(true))
                    || text(m).to_lowercase().contains("good")
            },
        );
        case(
            "or across grammars: select any_of green or multi all_of red+blue",
            Filter::select(&k.select).any_of([green])
                | Filter::multi_select(&k.multi).all_of([mred, mblue]),
            &|m| {
                m.select == Some("green") || (m.multi.contains(&"red") && m.multi.contains(&"blue"))
            },
        );
        case(
            "the README query: not done, due before, tagged A or B",
            Filter::checkbox(&k.checkbox).eq(false)
                & Filter::date(&k.date).lt(at(JAN10 + 60 * DAY))
                & Filter::multi_select(&k.multi).any_of([mgreen, mblue]),
            &|m| {
                m.checked != Some(true)
                    && d(m).is_none_or(|t| t < JAN10 + 60 * DAY)
                    && (m.multi.contains(&"green") || m.multi.contains(&"blue"))
            },
        );
        v
    }

    #[tokio::test]
    async fn search_filter_table_matches_the_sets_the_test_computes() {
        let target = Target::from_env().await;
        let w = world(&target).await;
        let client = target.client();
        let objects = client.objects(&w.space);
        // The index catches up with fresh writes within a moment.
        let all = w.expect(|_| true);
        eventually("the new objects in search", || async {
            let found = objects
                .search_all(&w.request(Filter::and([])), 100)
                .await
                .ok()?;
            (w.labels(&found) == all).then_some(())
        })
        .await;
        let mut failures = Vec::new();
        for (name, filter, expected) in cases(&w) {
            let found = objects
                .search_all(&w.request(filter.clone()), 2)
                .await
                .unwrap_or_else(|e| panic!("{name}: search: {e}"));
            if w.labels(&found) != expected {
                failures.push(format!(
                    "search   {name}: got {:?}, expected {expected:?}",
                    w.labels(&found)
                ));
            }
            let listed = objects
                .list_all_where(Some(&w.scoped(filter)), 2)
                .await
                .unwrap_or_else(|e| panic!("{name}: list: {e}"));
            if w.labels(&listed) != expected {
                failures.push(format!(
                    "list     {name}: got {:?}, expected {expected:?}",
                    w.labels(&listed)
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{} of the filter table failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[tokio::test]
    async fn search_sorts_text_types_global_and_bad_filters() {
        let target = Target::from_env().await;
        let w = world(&target).await;
        let client = target.client();
        let objects = client.objects(&w.space);
        let all = w.expect(|_| true);
        let request = |sort| SearchRequest {
            sort: Some(sort),
            ..w.request(Filter::and([]))
        };
        let names = |found: Vec<Object>| w.names(&found);
        eventually("the new objects in search", || async {
            let found = objects
                .search_all(&w.request(Filter::and([])), 100)
                .await
                .ok()?;
            (w.labels(&found) == all).then_some(())
        })
        .await;
        // Names sort ignoring case.
        let asc = names(
            objects
                .search_all(&request(Sort::asc(SortProperty::Name)), 100)
                .await
                .unwrap(),
        );
        assert_eq!(asc, ["Alpha one", "Beta two", "Delta four", "gamma three"]);
        let desc = names(
            objects
                .search_all(&request(Sort::desc(SortProperty::Name)), 100)
                .await
                .unwrap(),
        );
        assert_eq!(desc, ["gamma three", "Delta four", "Beta two", "Alpha one"]);
        // Query text: names and bodies, any case.
        let by_text = SearchRequest {
            query: Some(format!("ALPHA ONE {}", w.run)),
            ..SearchRequest::default()
        };
        let found = objects.search_all(&by_text, 100).await.unwrap();
        assert_eq!(w.labels(&found), BTreeSet::from(["Alpha one".to_string()]));
        // An unknown type key finds nothing.
        let none = SearchRequest {
            types: vec![unique_key("notype")],
            ..w.request(Filter::and([]))
        };
        assert!(objects.search(&none, 0, 10).await.unwrap().data.is_empty());
        // Global search finds this run's objects among every space's.
        let global = SearchRequest {
            query: Some(w.run.clone()),
            types: vec!["page".into()],
            ..SearchRequest::default()
        };
        let found = eventually("the new objects in global search", || async {
            let found = client.search().list_all(&global, 2).await.ok()?;
            (w.labels(&found) == all).then_some(found)
        })
        .await;
        assert!(found.iter().all(|o| o.name.contains(&w.run)));
        // The real server caps each space at offset + limit: a page's total and has_more describe
        // that page only (which is why the pager above walks while pages come back full).
        let page: Pagination = client
            .search()
            .list(&global, 0, 2)
            .await
            .unwrap()
            .pagination;
        assert_eq!((page.offset, page.limit), (0, 2));
        assert!(page.total >= 2);

        // Bad filters are refused before anything is sent, naming key, condition and format.
        let before = match target.sandbox_server() {
            Some(server) => Some(common::api_requests(server).await),
            None => None,
        };
        let bad = [
            Filter::text(&w.keys.text).gt("a"),
            Filter::checkbox(&w.keys.checkbox).is_empty(),
            Filter::multi_select(&w.keys.multi).any_of(Vec::<String>::new()),
            Filter::number(&w.keys.number).eq(f64::INFINITY),
            Filter::or([]),
            Filter::Condition {
                key: w.keys.number.clone(),
                condition: FilterCondition::Contains,
                value: FilterValue::Number { number: 1.0 },
            },
        ];
        for filter in bad {
            let err = objects
                .search(&w.request(filter.clone()), 0, 10)
                .await
                .unwrap_err();
            assert!(
                matches!(&err, Error::InvalidInput { field, .. } if field == "filter"),
                "{filter:?}: {err:?}"
            );
            assert!(objects.list_where(Some(&filter), 0, 10).await.is_err());
        }
        let err = objects
            .search(&w.request(Filter::text(&w.keys.text).gt("a")), 0, 10)
            .await
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&w.keys.text) && err.contains("`gt`") && err.contains("text"),
            "{err}"
        );
        // A filter the server can't evaluate on a list of non-objects is refused too.
        let err = client
            .types(&w.space)
            .list_where(Some(&Filter::number("n").gt(1)), 0, 10)
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        if let (Some(before), Some(server)) = (before, target.sandbox_server()) {
            assert_eq!(
                common::api_requests(server).await,
                before,
                "a refused filter sent nothing"
            );
        }
    }

    #[tokio::test]
    async fn lists_add_remove_views_and_view_objects() {
        let target = Target::from_env().await;
        let w = world(&target).await;
        let client = target.client();
        let lists = client.lists(&w.space);
        let collection = client
            .objects(&w.space)
            .create(&CreateObjectRequest {
                name: Some(format!("SDK collection {}", w.run)),
                ..CreateObjectRequest::new("collection")
            })
            .await
            .unwrap();
        let ids: Vec<String> = w
            .made
            .iter()
            .filter(|(m, _)| m.label != "gamma three")
            .map(|(_, o)| o.id.clone())
            .collect();
        // Bad input is refused before sending.
        assert!(matches!(
            lists.add_objects(&collection.id, &[]).await,
            Err(Error::InvalidInput { .. })
        ));
        assert!(matches!(
            lists.remove_object(&collection.id, " ").await,
            Err(Error::InvalidInput { .. })
        ));
        let view = eventually("the collection's views", || async {
            lists
                .all_views(&collection.id, 100)
                .await
                .ok()?
                .into_iter()
                .next()
        })
        .await;
        assert_eq!(view.layout, anytype_core::ViewLayout::Grid);
        assert!(!view.id.is_empty());
        lists.add_objects(&collection.id, &ids).await.unwrap();
        let expected: Vec<&str> = vec!["Alpha one", "Beta two", "Delta four"];
        let in_view = |filter: Option<Filter>| {
            let lists = lists.clone();
            let (cid, vid) = (collection.id.clone(), view.id.clone());
            async move { lists.all_objects(&cid, &vid, filter.as_ref(), 1).await }
        };
        let names = |found: &[Object]| w.names(found);
        eventually("the added objects in the view", || async {
            let found = in_view(None).await.ok()?;
            (names(&found) == expected).then_some(())
        })
        .await;
        // The view's objects take filters too: one the server evaluates, one the SDK does.
        let hello = in_view(Some(Filter::text(&w.keys.text).contains("hello")))
            .await
            .unwrap();
        assert_eq!(names(&hello), ["Alpha one", "Delta four"]);
        let blue = in_view(Some(
            Filter::multi_select(&w.keys.multi).any_of([w.multi_tags["blue"].clone()]),
        ))
        .await
        .unwrap();
        assert_eq!(names(&blue), ["Delta four"]);
        lists.remove_object(&collection.id, &ids[0]).await.unwrap();
        eventually("the removal in the view", || async {
            let found = in_view(None).await.ok()?;
            (names(&found) == ["Alpha one", "Delta four"]).then_some(())
        })
        .await;
        let page = lists.views(&collection.id, 0, 10).await.unwrap();
        assert_eq!(page.data.len() as i64, page.pagination.total.min(10));
    }
}
