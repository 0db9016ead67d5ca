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
