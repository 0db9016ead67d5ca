//! Files: upload (multipart field `file`, streamed to a temporary folder, so a large upload
//! doesn't fill the sandbox's memory), download (streamed from disk, with `Range` → 206 / 416 and
//! `?width=` for image variants) and delete (`?skip_bin=true` deletes for good; a binned file can
//! still be downloaded, like the real server, until it is deleted for good).
// Handlers return their error answer as the `Err` of a `Result`; its size doesn't matter here.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State as AxumState};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncSeekExt, AsyncWriteExt};

use crate::server::{error, json_response, lock, space_not_found, State};
use crate::store::random_string;

type Shared = std::sync::Arc<State>;

/// One stored file.
#[derive(Clone)]
struct StoredFile {
    space_id: String,
    name: String,
    media: String,
    extension: String,
    size: u64,
    path: PathBuf,
    binned: bool,
}

/// The files of every space, their bytes in a temporary folder (removed when the sandbox goes).
pub(crate) struct FileStore {
    dir: PathBuf,
    files: Mutex<HashMap<String, StoredFile>>,
}

impl FileStore {
    pub(crate) fn new() -> FileStore {
        let dir = std::env::temp_dir().join(format!(
            "anytype-sandbox-files-{}-{}",
            std::process::id(),
            random_string(b"abcdefghijklmnopqrstuvwxyz0123456789", 10)
        ));
        FileStore {
            dir,
            files: Mutex::new(HashMap::new()),
        }
    }
}

impl Drop for FileStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub(crate) fn router() -> Router<Shared> {
    Router::new()
        .route("/v1/spaces/{space_id}/files", post(upload))
        .route(
            "/v1/spaces/{space_id}/files/{file_id}",
            get(download).delete(delete),
        )
        .layer(DefaultBodyLimit::disable())
}

fn media_of(extension: &str) -> &'static str {
    match extension {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "txt" | "md" => "text/plain",
        "pdf" => "application/pdf",
        "json" => "application/json",
        _ => "application/octet-stream",
    }
}

fn space_exists(state: &State, space_id: &str) -> bool {
    lock(&state.store).space(space_id).is_some()
}

fn file_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "file not found")
}

async fn upload(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    mut multipart: Multipart,
) -> Response {
    if !space_exists(&state, &space_id) {
        return space_not_found(&space_id);
    }
    let store = &state.files;
    if let Err(e) = tokio::fs::create_dir_all(&store.dir).await {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("failed to store file: {e}"),
        );
    }
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return error(StatusCode::BAD_REQUEST, "file is required"),
            Err(e) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    format!("invalid multipart body: {e}"),
                )
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("file").to_string();
        let extension = name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let id = format!(
            "bafyrei{}",
            random_string(b"abcdefghijklmnopqrstuvwxyz234567", 52)
        );
        let path = store.dir.join(&id);
        let mut file = match tokio::fs::File::create(&path).await {
            Ok(file) => file,
            Err(e) => {
                return error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("failed to store file: {e}"),
                )
            }
        };
        let mut size = 0u64;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    size += chunk.len() as u64;
                    if let Err(e) = file.write_all(&chunk).await {
                        let _ = tokio::fs::remove_file(&path).await;
                        return error(
                            StatusCode::INTERNAL_SERVER_ERROR,
                            format!("failed to store file: {e}"),
                        );
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    // The body broke off: nothing is kept.
                    let _ = tokio::fs::remove_file(&path).await;
                    return error(StatusCode::BAD_REQUEST, format!("failed to read file: {e}"));
                }
            }
        }
        let _ = file.flush().await;
        let media = media_of(&extension).to_string();
        let answer = json!({
            "object_id": id, "name": name, "media": media, "extension": extension, "size_in_bytes": size,
        });
        lock(&store.files).insert(
            id,
            StoredFile {
                space_id,
                name,
                media,
                extension,
                size,
                path,
                binned: false,
            },
        );
        return json_response(StatusCode::OK, answer);
    }
}

/// `bytes=A-B`, `bytes=A-`, `bytes=-N` → the inclusive range within `size`; `Err(())` when
/// it can't be satisfied.
fn parse_range(header: &str, size: u64) -> Option<Result<(u64, u64), ()>> {
    let spec = header.trim().strip_prefix("bytes=")?;
    let (start, end) = spec.split_once('-')?;
    let (start, end) = match (start.trim(), end.trim()) {
        ("", suffix) => {
            let n: u64 = suffix.parse().ok()?;
            (size.saturating_sub(n), size.saturating_sub(1))
        }
        (start, "") => (start.parse().ok()?, size.saturating_sub(1)),
        (start, end) => (
            start.parse().ok()?,
            end.parse::<u64>().ok()?.min(size.saturating_sub(1)),
        ),
    };
    if start >= size || end < start {
        return Some(Err(()));
    }
    Some(Ok((start, end)))
}

async fn download(
    AxumState(state): AxumState<Shared>,
    Path((space_id, file_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    if !space_exists(&state, &space_id) {
        return space_not_found(&space_id);
    }
    let Some(file) = lock(&state.files.files)
        .get(&file_id)
        .filter(|f| f.space_id == space_id)
        .cloned()
    else {
        return file_not_found();
    };
    let width = match query.get("width") {
        None => None,
        Some(w) => match w.parse::<u32>() {
            Ok(w) if w > 0 => Some(w),
            _ => return error(StatusCode::BAD_REQUEST, "invalid width"),
        },
    };
    if let (Some(width), true) = (width, file.media.starts_with("image/")) {
        // The sandbox can't render images: an image's variant is a small placeholder.
        let body = format!("{}@{width}w", file.name);
        return (StatusCode::OK, [("content-type", file.media.clone())], body).into_response();
    }
    let range = headers
        .get("range")
        .and_then(|v| v.to_str().ok())
        .and_then(|r| parse_range(r, file.size));
    let (status, start, end) = match range {
        None => (StatusCode::OK, 0, file.size),
        Some(Ok((start, end))) => (StatusCode::PARTIAL_CONTENT, start, end + 1),
        Some(Err(())) => {
            let mut response = error(StatusCode::RANGE_NOT_SATISFIABLE, "range not satisfiable");
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{}", file.size)) {
                response.headers_mut().insert("content-range", v);
            }
            return response;
        }
    };
    let mut handle = match tokio::fs::File::open(&file.path).await {
        Ok(handle) => handle,
        Err(_) => return file_not_found(),
    };
    if start > 0 && handle.seek(std::io::SeekFrom::Start(start)).await.is_err() {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "failed to read file");
    }
    let length = end - start;
    let chunks = futures::stream::try_unfold((handle, length), |(mut handle, left)| async move {
        if left == 0 {
            return Ok::<_, std::io::Error>(None);
        }
        let mut buffer = vec![0u8; (64 * 1024).min(left as usize)];
        let read = handle.read(&mut buffer).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.truncate(read);
        Ok(Some((
            axum::body::Bytes::from(buffer),
            (handle, left - read as u64),
        )))
    });
    let mut response = Response::new(Body::from_stream(chunks));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&file.media) {
        headers.insert("content-type", v);
    }
    headers.insert("content-length", HeaderValue::from(length));
    headers.insert("accept-ranges", HeaderValue::from_static("bytes"));
    if status == StatusCode::PARTIAL_CONTENT {
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{}/{}", end - 1, file.size)) {
            headers.insert("content-range", v);
        }
    }
    let _ = &file.extension;
    response
}

async fn delete(
    AxumState(state): AxumState<Shared>,
    Path((space_id, file_id)): Path<(String, String)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !space_exists(&state, &space_id) {
        return space_not_found(&space_id);
    }
    let permanent = query.get("skip_bin").is_some_and(|v| v == "true");
    let mut files = lock(&state.files.files);
    match files.get_mut(&file_id).filter(|f| f.space_id == space_id) {
        None => return file_not_found(),
        Some(file) if !permanent => file.binned = true,
        Some(_) => {
            if let Some(file) = files.remove(&file_id) {
                let _ = std::fs::remove_file(&file.path);
            }
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

impl State {
    /// Whether the file `file_id` is stored, and whether it is in the bin (for tests).
    pub fn file_state(&self, file_id: &str) -> Option<bool> {
        lock(&self.files.files).get(file_id).map(|f| f.binned)
    }

    /// How many files are stored (for tests: a failed upload stores nothing).
    pub fn file_count(&self) -> usize {
        lock(&self.files.files).len()
    }
}
