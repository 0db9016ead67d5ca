//! Soak: many requests through one client must not grow memory beyond noise.
//!
//! CI runs 20,000 requests; the full run is
//! `ANYTYPE_SOAK_REQUESTS=100000 cargo test --release -p anytype-core --test soak -- --nocapture`.

mod common;

fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_stays_flat_over_many_requests() {
    if !std::path::Path::new("/proc/self/status").exists() {
        eprintln!("no /proc: RSS can't be read on this platform; skipping");
        return;
    }
    let total: usize = std::env::var("ANYTYPE_SOAK_REQUESTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let sandbox = common::sandbox().await;
    let client = common::client(&sandbox);
    let id = client.spaces().list(0, 1).await.unwrap().data[0].id.clone();
    let in_flight = 32;
    let round = |n: usize| {
        let client = client.clone();
        let id = id.clone();
        async move {
            use futures::StreamExt;
            futures::stream::iter(0..n)
                .map(|i| {
                    let client = client.clone();
                    let id = id.clone();
                    async move {
                        if i % 10 == 0 {
                            client.spaces().list(0, 3).await.map(|p| p.data.len())
                        } else {
                            client.spaces().get(&id).await.map(|_| 1)
                        }
                    }
                })
                .buffer_unordered(in_flight)
                .fold(0usize, |ok, r| async move { ok + usize::from(r.is_ok()) })
                .await
        }
    };
    // Warm up: pools, allocator arenas, lazy statics.
    let warm = total / 10;
    assert_eq!(round(warm).await, warm);
    let before = rss_kib();
    let ok = round(total).await;
    let after = rss_kib();
    assert_eq!(ok, total, "every request succeeded");
    let growth = after.saturating_sub(before);
    eprintln!("soak: {total} requests, RSS {before} KiB -> {after} KiB (+{growth} KiB)");
    // The sandbox runs in this process too; its request counters grow by a few bytes per route.
    assert!(
        growth < 16 * 1024,
        "RSS grew by {growth} KiB over {total} requests"
    );
}
