//! Files of a space: upload (from a path, streamed from disk, or from bytes), download (to a
//! path, streamed to disk and resumable, or to bytes) and delete.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str) -> anytype_core::Result<()> {
//! use anytype_core::DownloadOptions;
//!
//! let files = client.files(space);
//! let uploaded = files.upload("report.pdf", None).await?;
//! files.download(&uploaded.object_id, "copy.pdf", &DownloadOptions::default(), None).await?;
//! files.delete(&uploaded.object_id, false).await?; // to the bin; `true` deletes for good
//! # Ok(()) }
//! ```
//!
//! Memory stays flat whatever the size: an upload reads the file 256 KiB at a time as the
//! request goes out, a download writes what arrives in 256 KiB pieces (and syncs the file to disk before the rename). A download goes to
//! `<path>.part` and is renamed to `path` only when complete, so a failed download never leaves a
//! half-written file under the final name; a broken connection is resumed with `Range` (a
//! download is a read), and [`DownloadOptions::resume`] continues a `.part` left by an earlier
//! call. An upload is a write: it is sent once and never replayed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use backon::{BackoffBuilder, ExponentialBuilder};
use bytes::Bytes;
use futures::StreamExt;
use reqwest::header::{CONTENT_LENGTH, CONTENT_TYPE, RANGE};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::error::{Error, Result};
use crate::http::Transport;
use crate::models::null_as_default;
use crate::resource::check_ids;

/// How much of a file an upload reads (and a progress report covers) at a time. 256 KiB: each
/// read is a hop to tokio's blocking pool, and with 64 KiB a 200 MiB upload ran at about 2/3 of
/// the speed (bench/README.md, `upload_file`), for 192 KiB less memory.
pub const CHUNK_BYTES: usize = 256 * 1024;

/// The answer to an upload: the new file object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UploadedFile {
    /// The file object's id (use it in a `files` property, an attachment, a download).
    #[serde(default, deserialize_with = "null_as_default")]
    pub object_id: String,
    /// The file's name as stored.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// Its MIME type, e.g. `image/png`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub media: String,
    /// Its extension without the dot, when known.
    #[serde(default, deserialize_with = "null_as_default")]
    pub extension: String,
    /// Its size in bytes.
    #[serde(default, deserialize_with = "null_as_default")]
    pub size_in_bytes: i64,
}

/// How a download is made.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DownloadOptions {
    /// For an image, the pixel width of the variant to fetch (ignored for other files).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub width: Option<i64>,
    /// Continue the `<path>.part` an earlier, failed download left (with `Range`), instead of
    /// starting over.
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub resume: bool,
}

/// The result of a download to a path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct DownloadedFile {
    /// Where the file is now.
    pub path: String,
    /// Its size in bytes.
    pub size_in_bytes: i64,
    /// The media type the server named (`Content-Type`), empty when it named none.
    pub media: String,
    /// How many bytes were already there (from a `.part`) when this download began.
    pub resumed_from: i64,
}

/// Progress of an upload or a download: called after each chunk (256 KiB or what the network
/// delivered) with the bytes done so far and the total (`-1` when the server did not say).
///
/// Implement it in any language (Python: a class with `on_progress`, Kotlin/Swift: the
/// generated interface/protocol). It is called on an SDK thread: keep it quick.
#[cfg_attr(feature = "uniffi", uniffi::export(with_foreign))]
pub trait TransferProgress: Send + Sync {
    /// `done` of `total` bytes are through.
    fn on_progress(&self, done: i64, total: i64);
}

/// A progress callback, shared.
pub type Progress = Option<Arc<dyn TransferProgress>>;

/// The files of one space. Get one from [`AnytypeClient::files`](crate::AnytypeClient::files).
#[derive(Clone)]
pub struct Files {
    transport: Arc<Transport>,
    space_id: String,
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Files")
            .field("space_id", &self.space_id)
            .finish()
    }
}

fn io_error(path: &Path, error: &std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        detail: error.to_string(),
    }
}

impl Files {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str) -> Self {
        Files {
            transport,
            space_id: space_id.to_string(),
        }
    }

    fn url(&self, file_id: Option<&str>, query: &[(&str, String)]) -> Result<url::Url> {
        check_ids(&[("space_id", &self.space_id)])?;
        let mut segments = vec!["v1", "spaces", self.space_id.as_str(), "files"];
        if let Some(id) = file_id {
            check_ids(&[("file_id", id)])?;
            segments.push(id);
        }
        self.transport.url(&segments, query)
    }

    /// Upload the file at `path`, streamed from disk (its size is sent up front), reporting
    /// to `progress`. A missing path or a directory fails before anything is sent. Sent once:
    /// an error after sending may still have created the file object.
    pub async fn upload(&self, path: &str, progress: Progress) -> Result<UploadedFile> {
        if path.trim().is_empty() {
            return Err(Error::invalid("path", "must not be empty"));
        }
        let url = self.url(None, &[])?;
        let file_path = PathBuf::from(path);
        let metadata = tokio::fs::metadata(&file_path)
            .await
            .map_err(|e| io_error(&file_path, &e))?;
        if metadata.is_dir() {
            return Err(Error::invalid(
                "path",
                format!("{path} is a directory, not a file"),
            ));
        }
        let file = tokio::fs::File::open(&file_path)
            .await
            .map_err(|e| io_error(&file_path, &e))?;
        let name = file_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        let total = metadata.len();
        let body = reqwest::Body::wrap_stream(read_chunks(file, file_path, total, progress));
        self.send_upload(url, name, body, total).await
    }

    /// Upload `data` as a file called `name`.
    pub async fn upload_bytes(
        &self,
        name: &str,
        data: Vec<u8>,
        progress: Progress,
    ) -> Result<UploadedFile> {
        if name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        let url = self.url(None, &[])?;
        let total = data.len() as u64;
        let data = Bytes::from(data);
        // Chunked too, so progress is reported as the body goes out.
        let chunks: Vec<Bytes> = (0..data.len())
            .step_by(CHUNK_BYTES)
            .map(|at| data.slice(at..(at + CHUNK_BYTES).min(data.len())))
            .collect();
        let mut done = 0u64;
        let stream = futures::stream::iter(chunks).map(move |chunk| {
            done += chunk.len() as u64;
            if let Some(progress) = &progress {
                progress.on_progress(done as i64, total as i64);
            }
            Ok::<Bytes, std::io::Error>(chunk)
        });
        self.send_upload(
            url,
            name.to_string(),
            reqwest::Body::wrap_stream(stream),
            total,
        )
        .await
    }

    async fn send_upload(
        &self,
        url: url::Url,
        name: String,
        body: reqwest::Body,
        total: u64,
    ) -> Result<UploadedFile> {
        let part = reqwest::multipart::Part::stream_with_length(body, total)
            .file_name(name)
            .mime_str("application/octet-stream")
            .map_err(|e| Error::invalid("name", e.to_string()))?;
        let form = reqwest::multipart::Form::new().part("file", part);
        let response = self
            .transport
            .open(Method::POST, &url, |request| request.multipart(form))
            .await?;
        let status = response.status().as_u16();
        let body = self.transport.read_bounded(response, &url).await?;
        serde_json::from_slice(&body).map_err(|e| Error::decode(status, e, &body))
    }

    /// Download the file `file_id` to `path`, streamed to disk through `<path>.part`, which is
    /// renamed to `path` when complete. A broken connection is resumed with `Range` (up to the
    /// retry policy's `max_retries` times); after a failure the `.part` stays for a later call
    /// with [`DownloadOptions::resume`].
    pub async fn download(
        &self,
        file_id: &str,
        path: &str,
        options: &DownloadOptions,
        progress: Progress,
    ) -> Result<DownloadedFile> {
        if path.trim().is_empty() {
            return Err(Error::invalid("path", "must not be empty"));
        }
        let url = self.url(Some(file_id), &width_query(options.width)?)?;
        let target = PathBuf::from(path);
        if tokio::fs::metadata(&target).await.is_ok_and(|m| m.is_dir()) {
            return Err(Error::invalid(
                "path",
                format!("{path} is a directory, not a file"),
            ));
        }
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            if !tokio::fs::metadata(parent).await.is_ok_and(|m| m.is_dir()) {
                return Err(Error::Io {
                    path: parent.display().to_string(),
                    detail: "the folder does not exist".into(),
                });
            }
        }
        let part = part_path(&target);
        let mut offset = if options.resume {
            tokio::fs::metadata(&part)
                .await
                .map(|m| m.len())
                .unwrap_or(0)
        } else {
            0
        };
        let resumed_from = offset as i64;
        let retry = self.transport.retry_policy().clone();
        let mut backoff = ExponentialBuilder::default()
            .with_min_delay(retry.initial_backoff)
            .with_max_delay(retry.max_backoff)
            .with_max_times(retry.max_retries as usize)
            .with_jitter()
            .build();
        loop {
            match self.fetch_into(&url, &part, offset, &progress).await {
                Ok(Fetched::Complete { size, media }) => {
                    tokio::fs::rename(&part, &target)
                        .await
                        .map_err(|e| io_error(&target, &e))?;
                    return Ok(DownloadedFile {
                        path: path.to_string(),
                        size_in_bytes: size as i64,
                        media,
                        resumed_from,
                    });
                }
                Ok(Fetched::Broken { written, error }) => {
                    offset = written;
                    match backoff.next() {
                        Some(wait) => {
                            tracing::warn!(url = %url.path(), offset, "anytype download broke off; resuming");
                            tokio::time::sleep(wait).await;
                        }
                        None => return Err(error),
                    }
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// One GET of the file from `offset` on, appended to `part`.
    async fn fetch_into(
        &self,
        url: &url::Url,
        part: &Path,
        offset: u64,
        progress: &Progress,
    ) -> Result<Fetched> {
        let opened = self
            .transport
            .open(Method::GET, url, |request| {
                let request = request.header(reqwest::header::ACCEPT, "*/*");
                if offset > 0 {
                    request.header(RANGE, format!("bytes={offset}-"))
                } else {
                    request
                }
            })
            .await;
        let mut response = match opened {
            Ok(response) => response,
            // The part already holds the whole file.
            Err(Error::Api { status: 416, .. }) if offset > 0 => {
                return Ok(Fetched::Complete {
                    size: offset,
                    media: String::new(),
                })
            }
            Err(error @ (Error::Network { .. } | Error::Timeout { .. })) => {
                return Ok(Fetched::Broken {
                    written: offset,
                    error,
                })
            }
            Err(error) => return Err(error),
        };
        let media = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let length = response
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        // A 200 to a range request sends the whole file: start the part over.
        let start = if response.status() == StatusCode::PARTIAL_CONTENT {
            offset
        } else {
            0
        };
        let total = length.map(|l| (l + start) as i64).unwrap_or(-1);
        let file = tokio::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(start > 0)
            .truncate(start == 0)
            .open(part)
            .await
            .map_err(|e| io_error(part, &e))?;
        // The body's chunks are small (often 16 KiB); writing each is a hop to tokio's
        // blocking pool, so they are gathered into writes of CHUNK_BYTES.
        let mut file = tokio::io::BufWriter::with_capacity(CHUNK_BYTES, file);
        let mut written = start;
        let read_timeout = self.transport.read_timeout();
        loop {
            let chunk = match tokio::time::timeout(read_timeout, response.chunk()).await {
                Err(_) => Err(Error::Timeout {
                    url: url.to_string(),
                    after: read_timeout,
                }),
                Ok(Err(e)) => Err(self.transport.body_error(e, url)),
                Ok(Ok(chunk)) => Ok(chunk),
            };
            match chunk {
                Ok(Some(chunk)) => {
                    file.write_all(&chunk)
                        .await
                        .map_err(|e| io_error(part, &e))?;
                    written += chunk.len() as u64;
                    if let Some(progress) = progress {
                        progress.on_progress(written as i64, total);
                    }
                }
                Ok(None) => break,
                Err(error) => {
                    file.flush().await.map_err(|e| io_error(part, &e))?;
                    return Ok(Fetched::Broken { written, error });
                }
            }
        }
        file.flush().await.map_err(|e| io_error(part, &e))?;
        // On disk before the rename, so a crash never leaves a short file under the final name.
        file.get_mut()
            .sync_all()
            .await
            .map_err(|e| io_error(part, &e))?;
        Ok(Fetched::Complete {
            size: written,
            media,
        })
    }

    /// Download the file `file_id` into memory (at most [`MAX_BODY_BYTES`](crate::MAX_BODY_BYTES);
    /// use [`download`](Files::download) for larger files).
    pub async fn download_bytes(&self, file_id: &str, width: Option<i64>) -> Result<Vec<u8>> {
        let url = self.url(Some(file_id), &width_query(width)?)?;
        let response = self
            .transport
            .open(Method::GET, &url, |request| {
                request.header(reqwest::header::ACCEPT, "*/*")
            })
            .await?;
        Ok(self.transport.read_bounded(response, &url).await?.to_vec())
    }

    /// Delete the file `file_id`: to the bin, or for good with `permanent` (which the server
    /// can take minutes to finish). Sent once.
    pub async fn delete(&self, file_id: &str, permanent: bool) -> Result<()> {
        let query = if permanent {
            vec![("skip_bin", "true".to_string())]
        } else {
            Vec::new()
        };
        let url = self.url(Some(file_id), &query)?;
        let response = self.transport.open(Method::DELETE, &url, |r| r).await?;
        self.transport.read_bounded(response, &url).await?;
        Ok(())
    }
}

enum Fetched {
    Complete { size: u64, media: String },
    Broken { written: u64, error: Error },
}

fn width_query(width: Option<i64>) -> Result<Vec<(&'static str, String)>> {
    match width {
        None => Ok(Vec::new()),
        Some(w) if w > 0 => Ok(vec![("width", w.to_string())]),
        Some(w) => Err(Error::invalid(
            "width",
            format!("must be positive, got {w}"),
        )),
    }
}

/// `<path>.part`: where a download is written until it is complete.
pub fn part_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// The file as a stream of chunks, reporting progress as each is read.
fn read_chunks(
    file: tokio::fs::File,
    path: PathBuf,
    total: u64,
    progress: Progress,
) -> impl futures::Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures::stream::try_unfold(
        (file, 0u64, path, progress),
        move |(mut file, done, path, progress)| async move {
            let mut buffer = bytes::BytesMut::zeroed(CHUNK_BYTES);
            let read = file
                .read(&mut buffer)
                .await
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            if read == 0 {
                return Ok(None);
            }
            buffer.truncate(read);
            let done = done + read as u64;
            if let Some(progress) = &progress {
                progress.on_progress(done as i64, total as i64);
            }
            Ok(Some((buffer.freeze(), (file, done, path, progress))))
        },
    )
}
