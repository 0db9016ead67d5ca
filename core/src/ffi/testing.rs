//! Test hooks (cargo feature `test-hooks`): the test suites and benchmarks build the library
//! with them; the packages users install don't have them.

use std::sync::Once;

use crate::ffi::{runtime, AnytypeError};

/// The text every deliberate panic carries; the quiet hook below recognises them by it.
const DELIBERATE: &str = "a deliberate panic";

/// Installs (once) a panic hook that prints nothing for this module's deliberate panics and
/// hands every other panic to the hook that was there before, so a test run's console shows
/// no backtrace for a panic the test asked for, and still shows a real one.
fn quiet_deliberate_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let text = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
            if !text.is_some_and(|text| text.contains(DELIBERATE)) {
                previous(info);
            }
        }));
    });
}

/// A call that does nothing, for measuring the cost of crossing the FFI synchronously.
#[uniffi::export]
pub fn noop() {}

/// An async call that does nothing on the shared runtime, for measuring the async FFI round trip.
#[uniffi::export]
pub async fn noop_async() -> Result<(), AnytypeError> {
    runtime::run(async { Ok(()) }).await
}

/// Panics inside Rust (printing nothing: see `quiet_deliberate_panics`), for tests that check a panic can't bring the host process down: it comes
/// back as the language's internal UniFFI error (`InternalError` in Python, `InternalException`
/// in Kotlin, `UniffiInternalError` in Swift).
///
/// Every fallible export returns a `Result` for this reason: Swift calls an export without one
/// through `try!`, where a panic would end the process. The exports without one (the version
/// strings, the resource handles, the `Debug`/`Display` texts) can't panic.
#[uniffi::export]
pub fn panic_for_testing() -> Result<(), AnytypeError> {
    quiet_deliberate_panics();
    if std::hint::black_box(true) {
        panic!("panic_for_testing: a deliberate panic");
    }
    Ok(())
}

/// Panics inside a task on the shared runtime, for tests: it comes back as `AnytypeError.Internal`
/// and the runtime keeps serving other calls.
#[uniffi::export]
pub async fn panic_for_testing_async() -> Result<(), AnytypeError> {
    quiet_deliberate_panics();
    runtime::run(async {
        if std::hint::black_box(true) {
            panic!("panic_for_testing_async: a deliberate panic");
        }
        Ok(())
    })
    .await
}
