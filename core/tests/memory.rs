//! Peak memory of a 200 MB upload and download: the process's peak RSS (`VmHWM`) may grow by a
//! few MiB at most, whatever the file's size. One test in its own binary, so nothing else runs
//! in the process meanwhile. (The in-process sandbox streams files to and from disk too.)
//!
//! `ANYTYPE_MEMORY_TEST_MB` changes the size (default 200).

mod common;

use anytype_core::DownloadOptions;
use common::{client, sandbox};

/// The peak resident set of this process so far, in KiB (Linux: `VmHWM` of /proc/self/status).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_200_mb_upload_and_download_keep_peak_memory_flat() {
    let Some(_) = peak_rss_kib() else {
        eprintln!("no /proc/self/status here: skipped");
        return;
    };
    let megabytes: u64 = std::env::var("ANYTYPE_MEMORY_TEST_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let size = megabytes * 1024 * 1024;
    let dir = std::env::temp_dir().join(format!("anytype-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let source = dir.join("big.bin");
    {
        // Written in 1 MiB pieces, so making the file doesn't raise the peak either.
        use std::io::Write;
        let mut file = std::io::BufWriter::new(std::fs::File::create(&source).unwrap());
        let mut block = vec![0u8; 1024 * 1024];
        for i in 0..megabytes {
            block
                .iter_mut()
                .enumerate()
                .for_each(|(j, b)| *b = (i as usize * 31 + j) as u8);
            file.write_all(&block).unwrap();
        }
    }

    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let space = client.spaces().list(0, 1).await.unwrap().data[0].id.clone();
    let files = client.files(&space);
    // Warm up every code path with a small file, then measure from there.
    let small = dir.join("small.bin");
    std::fs::write(&small, vec![7u8; 300_000]).unwrap();
    let warm = files.upload(small.to_str().unwrap(), None).await.unwrap();
    files
        .download(
            &warm.object_id,
            dir.join("small.out").to_str().unwrap(),
            &DownloadOptions::default(),
            None,
        )
        .await
        .unwrap();
    let idle = peak_rss_kib().unwrap();

    let started = std::time::Instant::now();
    let uploaded = files.upload(source.to_str().unwrap(), None).await.unwrap();
    let upload_time = started.elapsed();
    assert_eq!(uploaded.size_in_bytes as u64, size);
    let after_upload = peak_rss_kib().unwrap();

    let target = dir.join("big.out");
    let started = std::time::Instant::now();
    let downloaded = files
        .download(
            &uploaded.object_id,
            target.to_str().unwrap(),
            &DownloadOptions::default(),
            None,
        )
        .await
        .unwrap();
    let download_time = started.elapsed();
    assert_eq!(downloaded.size_in_bytes as u64, size);
    assert_eq!(std::fs::metadata(&target).unwrap().len(), size);
    let after_download = peak_rss_kib().unwrap();

    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "{megabytes} MB: peak RSS idle {:.1} MiB, after upload {:.1} MiB (+{:.1}, {:.0} MB/s), after download {:.1} MiB (+{:.1}, {:.0} MB/s)",
        mib(idle),
        mib(after_upload),
        mib(after_upload - idle),
        megabytes as f64 / upload_time.as_secs_f64(),
        mib(after_download),
        mib(after_download - idle),
        megabytes as f64 / download_time.as_secs_f64(),
    );
    // Same bytes back (compared a MiB at a time).
    {
        use std::io::Read;
        let (mut a, mut b) = (
            std::fs::File::open(&source).unwrap(),
            std::fs::File::open(&target).unwrap(),
        );
        let (mut x, mut y) = (vec![0u8; 1 << 20], vec![0u8; 1 << 20]);
        loop {
            let n = a.read(&mut x).unwrap();
            let m = b.read(&mut y).unwrap();
            assert_eq!(n, m);
            assert_eq!(x[..n], y[..m]);
            if n == 0 {
                break;
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let limit_kib = 8 * 1024;
    assert!(
        after_upload - idle < limit_kib,
        "the upload raised the peak RSS by {:.1} MiB",
        mib(after_upload - idle)
    );
    assert!(
        after_download - idle < limit_kib,
        "the download raised the peak RSS by {:.1} MiB",
        mib(after_download - idle)
    );
}
