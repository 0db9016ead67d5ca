//! Test hooks (cargo feature `test-hooks`): the test suites and benchmarks build the library
//! with them; the packages users install don't have them.

use crate::ffi::{runtime, AnytypeError};

/// A call that does nothing, for measuring the cost of crossing the FFI synchronously.
#[uniffi::export]
pub fn noop() {}

/// An async call that does nothing on the shared runtime, for measuring the async FFI round trip.
#[uniffi::export]
pub async fn noop_async() -> Result<(), AnytypeError> {
    runtime::run(async { Ok(()) }).await
}

/// Panics inside Rust, for tests that check a panic can't bring the host process down: it comes
/// back as the language's internal UniFFI error (`InternalError` in Python, `InternalException`
/// in Kotlin, `UniffiInternalError` in Swift).
///
/// Every fallible export returns a `Result` for this reason: Swift calls an export without one
/// through `try!`, where a panic would end the process. The exports without one (the version
/// strings, the resource handles, the `Debug`/`Display` texts) can't panic.
#[uniffi::export]
pub fn panic_for_testing() -> Result<(), AnytypeError> {
    if std::hint::black_box(true) {
        panic!("panic_for_testing: a deliberate panic");
    }
    Ok(())
}

/// Panics inside a task on the shared runtime, for tests: it comes back as `AnytypeError.Internal`
/// and the runtime keeps serving other calls.
#[uniffi::export]
pub async fn panic_for_testing_async() -> Result<(), AnytypeError> {
    runtime::run(async {
        if std::hint::black_box(true) {
            panic!("panic_for_testing_async: a deliberate panic");
        }
        Ok(())
    })
    .await
}
