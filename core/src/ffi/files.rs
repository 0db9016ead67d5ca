//! Exports of [`crate::files`].

use std::sync::Arc;

use crate::ffi::{ffi_object, ffi_operations};
use crate::{DownloadOptions, DownloadedFile, TransferProgress, UploadedFile};

ffi_object!(
    /// The files of one space: upload, download, delete.
    Files, BlockingFiles wraps crate::Files
);

ffi_operations!(Files, BlockingFiles:
    /// Upload the file at `path`, streamed from disk (its size is sent up front); `progress`
    /// hears of every chunk. A missing path or a directory fails before anything is sent. Sent
    /// once: never replayed.
    #[uniffi::method(default(progress = None))]
    fn upload(path: String, progress: Option<Arc<dyn TransferProgress>>) -> UploadedFile =
        |files| files.upload(&path, progress);
    /// Upload `data` as a file called `name`. Sent once.
    #[uniffi::method(default(progress = None))]
    fn upload_bytes(name: String, data: Vec<u8>, progress: Option<Arc<dyn TransferProgress>>) -> UploadedFile =
        |files| files.upload_bytes(&name, data, progress);
    /// Download the file `file_id` to `path`, streamed to disk through `<path>.part` (renamed
    /// when complete, so a failed download leaves nothing under `path`); `width` picks an
    /// image variant; `resume` continues a `.part` an earlier call left, with `Range`.
    #[uniffi::method(default(width = None, resume = false, progress = None))]
    fn download(file_id: String, path: String, width: Option<i64>, resume: bool, progress: Option<Arc<dyn TransferProgress>>) -> DownloadedFile =
        |files| async move {
            files.download(&file_id, &path, &DownloadOptions { width, resume }, progress).await
        };
    /// Download the file `file_id` into memory (at most 64 MiB; use `download` for more).
    #[uniffi::method(default(width = None))]
    fn download_bytes(file_id: String, width: Option<i64>) -> Vec<u8> =
        |files| files.download_bytes(&file_id, width);
    /// Delete the file `file_id`: to the bin, or for good with `permanent`. Sent once.
    #[uniffi::method(default(permanent = false))]
    fn delete(file_id: String, permanent: bool) -> () = |files| files.delete(&file_id, permanent);
);
