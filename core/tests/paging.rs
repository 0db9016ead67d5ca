//! Paging: the pager reads one page ahead, `collect_all` fetches pages concurrently, and both
//! return every item once, in order.

mod common;

use std::time::{Duration, Instant};

use anytype_sandbox::{Fault, FaultRule};
use futures::TryStreamExt;

use common::{client, sandbox};

fn latency(ms: u64) -> FaultRule {
    FaultRule {
        method: Some("GET".into()),
        path: "/v1/spaces".into(),
        times: None,
        fault: Fault::Latency { ms },
    }
}

async fn wait_until(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collect_all_returns_every_space_once_in_order() {
    let sandbox = sandbox().await;
    sandbox.add_spaces(2_497);
    let client = client(&sandbox);
    let spaces = client.spaces();
    let one_by_one: Vec<String> = spaces
        .pager(1000)
        .unwrap()
        .without_read_ahead()
        .into_stream()
        .map_ok(|space| space.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(one_by_one.len(), 2_500);
    for page_size in [1, 7, 100, 1000] {
        let all: Vec<String> = spaces
            .list_all(page_size)
            .await
            .unwrap()
            .into_iter()
            .map(|space| space.id)
            .collect();
        assert_eq!(all, one_by_one, "page size {page_size}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collect_all_has_several_pages_in_flight() {
    let sandbox = sandbox().await;
    sandbox.add_spaces(997); // 1,000 spaces: 10 pages of 100
    sandbox.add_fault(latency(150));
    let client = client(&sandbox);
    let listing = tokio::spawn(async move { client.spaces().list_all(100).await });
    let mut most = 0;
    while !listing.is_finished() {
        most = most.max(sandbox.in_flight());
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert_eq!(listing.await.unwrap().unwrap().len(), 1_000);
    assert_eq!(
        most,
        anytype_core::paging::CONCURRENT_PAGES as i64,
        "pages in flight at once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pager_fetches_the_next_page_while_the_caller_works() {
    let sandbox = sandbox().await;
    sandbox.add_spaces(7); // 10 spaces: pages of 4, 4, 2
    let client = client(&sandbox);
    let mut pager = client.spaces().pager(4).unwrap();
    let first = pager.next_page().await.unwrap().unwrap();
    assert_eq!(first.data.len(), 4);
    // Nobody asked for page 2 yet, but it is on its way.
    wait_until("the second page is requested", || {
        sandbox.request_count("GET", "/v1/spaces") == 2
    })
    .await;
    let second = pager.next_page().await.unwrap().unwrap();
    assert_eq!(second.pagination.offset, 4);
    let third = pager.next_page().await.unwrap().unwrap();
    assert_eq!(third.data.len(), 2);
    assert!(pager.next_page().await.unwrap().is_none());
    // The last page said "no more": nothing was fetched after it.
    assert_eq!(sandbox.request_count("GET", "/v1/spaces"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_the_pager_cancels_its_read_ahead() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    // The first request passes (the first matching rule wins); the read-ahead of page 2 hangs.
    // (Set up before the first page: the read-ahead starts as soon as that page is handed out.)
    sandbox.add_fault(FaultRule {
        times: Some(1),
        ..latency(0)
    });
    sandbox.add_fault(FaultRule {
        method: Some("GET".into()),
        path: "/v1/spaces".into(),
        times: None,
        fault: Fault::Hang,
    });
    let mut pager = client.spaces().pager(1).unwrap();
    pager.next_page().await.unwrap().unwrap();
    wait_until("the read-ahead reaches the server", || {
        sandbox.in_flight() == 1
    })
    .await;
    drop(pager);
    wait_until("the server sees the read-ahead go", || {
        sandbox.in_flight() == 0
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_read_ahead_is_returned_then_the_page_is_asked_again() {
    let sandbox = sandbox().await;
    let mut config = common::config(&sandbox);
    config.retry.max_retries = 0;
    let client = anytype_core::AnytypeClient::new(&sandbox.issue_key(), config).unwrap();
    // The first request passes (the first matching rule wins), the second (the read-ahead of
    // page 2) gets a 500, the ones after pass.
    sandbox.add_fault(FaultRule {
        times: Some(1),
        ..latency(0)
    });
    sandbox.add_fault(FaultRule {
        times: Some(1),
        fault: Fault::Status {
            status: 500,
            body: None,
            after_handler: false,
        },
        ..latency(0)
    });
    let mut pager = client.spaces().pager(2).unwrap();
    assert_eq!(pager.next_page().await.unwrap().unwrap().data.len(), 2);
    let error = pager.next_page().await.unwrap_err();
    assert!(
        matches!(error, anytype_core::Error::Api { status: 500, .. }),
        "{error:?}"
    );
    let second = pager.next_page().await.unwrap().unwrap();
    assert_eq!(second.pagination.offset, 2, "the same page, asked again");
    assert_eq!(sandbox.request_count("GET", "/v1/spaces"), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_total_from_the_server_is_not_trusted() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let real = client.spaces().list_all(1).await.unwrap();
    // The first page claims 10^15 spaces; the real pages after it run out at offset 3.
    let first = serde_json::json!({
        "data": [serde_json::to_value(&real[0]).unwrap()],
        "pagination": {"total": 1_000_000_000_000_000u64, "offset": 0, "limit": 1, "has_more": true},
    });
    sandbox.add_fault(FaultRule {
        times: Some(1),
        fault: Fault::Status {
            status: 200,
            body: Some(first.to_string()),
            after_handler: false,
        },
        ..latency(0)
    });
    let listed = tokio::time::timeout(Duration::from_secs(10), client.spaces().list_all(1))
        .await
        .expect("the walk ends at the first empty page")
        .unwrap();
    assert_eq!(listed, real);
}
