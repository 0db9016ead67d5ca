//! The UniFFI exports (feature `uniffi`) from Rust: the async objects and their blocking twins
//! are made from one declaration per operation and must answer alike.
#![cfg(feature = "uniffi")]

mod common;

use anytype_core::ffi::{AnytypeClient, AnytypeError, BlockingAnytypeClient, ClientConfig};
use anytype_core::{CreateSpaceRequest, Page};

use common::sandbox;

fn ffi_config(url: String) -> Option<ClientConfig> {
    Some(ClientConfig {
        base_url: url,
        ..ClientConfig::default()
    })
}

#[tokio::test]
async fn async_exports_and_blocking_twins_agree() {
    let sandbox = sandbox().await;
    sandbox.add_spaces(7);
    let key = sandbox.issue_key();
    let url = sandbox.url();

    let client = AnytypeClient::new(key.clone(), ffi_config(url.clone())).unwrap();
    let page = client.spaces().list(0, 4, None).await.unwrap();
    assert_eq!(page.len(), 4);
    assert_eq!(page.pagination.total, 10);

    // The blocking twin, from a thread that is not a runtime's (the sandbox keeps serving on
    // this test's runtime meanwhile).
    let blocking = tokio::task::spawn_blocking(move || {
        let client = BlockingAnytypeClient::new(key, ffi_config(url)).unwrap();
        let spaces = client.spaces();
        let page = spaces.list(0, 4, None).unwrap();
        let created = spaces
            .create(CreateSpaceRequest::new("From a thread"))
            .unwrap();
        let pager = spaces.pager(3, None).unwrap();
        let mut walked = Vec::new();
        while let Some(page) = pager.next_page().unwrap() {
            walked.extend(page.data);
        }
        let missing = spaces.get("no-such-space".into()).unwrap_err();
        let bad = spaces.list_all(0, None).unwrap_err();
        (page, created, walked, missing, bad)
    })
    .await
    .unwrap();
    let (blocking_page, created, walked, missing, bad) = blocking;
    assert_eq!(blocking_page, page);
    assert_eq!(walked.len(), 11);
    assert_eq!(walked.last().unwrap().id, created.id);
    assert!(
        matches!(missing, AnytypeError::NotFound { status: 404, .. }),
        "{missing:?}"
    );
    assert!(
        matches!(bad, AnytypeError::InvalidInput { ref field, .. } if field == "page_size"),
        "{bad:?}"
    );
    assert_eq!(
        client.spaces().get(created.id.clone()).await.unwrap(),
        created
    );
}

#[tokio::test]
async fn a_bad_page_size_names_the_argument_before_sending() {
    let sandbox = sandbox().await;
    let client = AnytypeClient::new(sandbox.issue_key(), ffi_config(sandbox.url())).unwrap();
    let err = client.spaces().pager(1001, None).unwrap_err();
    assert!(matches!(err, AnytypeError::InvalidInput { ref field, .. } if field == "page_size"));
    let err = client.spaces().list(-1, 10, None).await.unwrap_err();
    assert!(matches!(err, AnytypeError::InvalidInput { ref field, .. } if field == "offset"));
    let err = client.spaces().list(0, 0, None).await.unwrap_err();
    assert!(matches!(err, AnytypeError::InvalidInput { ref field, .. } if field == "limit"));
    assert_eq!(sandbox.request_count("GET", "/v1/spaces"), 0);
}
