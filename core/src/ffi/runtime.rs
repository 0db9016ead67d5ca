//! The one Tokio runtime of the process, shared by every client of every language.
//!
//! Created lazily on first use (multi-threaded, worker threads named `anytype-rt`). Every exported
//! async function runs its work as a task on this runtime; the foreign language only awaits the
//! task's handle, so its own thread or event loop is never blocked. Dropping the foreign future
//! aborts the task, which drops the HTTP request and its connection: cancelling a Python task or
//! a Kotlin coroutine frees the future; a Swift `Task` does so through the cancellation handler
//! that `bindings/swift/patch-generated.py` adds to the generated code.
//!
//! The blocking twins ([`block`]) run the same task on the same runtime and park the calling
//! thread until it is done. The foreign call releases its lock while it waits (Python's GIL:
//! `ctypes` releases it around every foreign call).

use std::future::Future;
use std::sync::Mutex;

use tokio::runtime::Runtime;
use tokio_util::task::AbortOnDropHandle;

use crate::ffi::error::AnytypeError;

/// The runtime and the process it was made in.
static RUNTIME: Mutex<Option<(u32, &'static Runtime)>> = Mutex::new(None);

/// The shared runtime, created on first use.
///
/// A forked child (e.g. Python's `os.fork` or `multiprocessing`) inherits the parent's runtime
/// without its worker threads; it gets a runtime of its own on first use. The parent's copy is
/// left alone (dropping it would wait for threads that don't exist in the child). Clients made
/// before the fork hold connections of the parent's runtime: make new clients in the child.
pub(crate) fn runtime() -> &'static Runtime {
    let pid = std::process::id();
    let mut slot = RUNTIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match *slot {
        Some((owner, runtime)) if owner == pid => runtime,
        _ => {
            let runtime: &'static Runtime = Box::leak(Box::new(
                tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .thread_name("anytype-rt")
                    .build()
                    // Nothing can work without a runtime; this only fails if threads can't start.
                    .unwrap_or_else(|e| panic!("anytype: could not start the Tokio runtime: {e}")),
            ));
            *slot = Some((pid, runtime));
            runtime
        }
    }
}

/// Run `work` on the shared runtime and wait for it without blocking the caller.
///
/// A panic inside `work` is caught by the runtime and comes back as [`AnytypeError::Internal`];
/// it never unwinds into the foreign caller.
pub(crate) async fn run<T, F>(work: F) -> Result<T, AnytypeError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, crate::Error>> + Send + 'static,
{
    let task = AbortOnDropHandle::new(runtime().spawn(work));
    settle(task.await)
}

/// Run `work` on the shared runtime and park the calling thread until it is done: the blocking
/// twin of [`run`], for calls from threads that are not the runtime's.
pub(crate) fn block<T, F>(work: F) -> Result<T, AnytypeError>
where
    T: Send + 'static,
    F: Future<Output = Result<T, crate::Error>> + Send + 'static,
{
    let task = AbortOnDropHandle::new(runtime().spawn(work));
    settle(futures::executor::block_on(task))
}

fn settle<T>(
    joined: Result<Result<T, crate::Error>, tokio::task::JoinError>,
) -> Result<T, AnytypeError> {
    match joined {
        Ok(result) => result.map_err(AnytypeError::from),
        Err(join_error) => Err(AnytypeError::Internal {
            detail: if join_error.is_panic() {
                "the SDK panicked while handling the call (this is a bug; please report it)".into()
            } else {
                "the call was cancelled".into()
            },
        }),
    }
}

/// Run a synchronous constructor inside the runtime's context (reqwest needs one for timers).
pub(crate) fn enter<T>(make: impl FnOnce() -> T) -> T {
    let _guard = runtime().enter();
    make()
}
