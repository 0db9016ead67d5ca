//! The UniFFI cdylib behind the Python, Kotlin and Swift packages of the Anytype SDK.
//!
//! A thin layer over `anytype-core`: it converts records and errors and runs every async call on
//! the one process-wide Tokio runtime ([`runtime`]). No request or decoding logic lives here.

mod client;
mod error;
mod models;
mod runtime;
pub mod wake;

pub use client::{AnytypeClient, Auth, SpacePager, Spaces};
pub use error::AnytypeError;
pub use models::{
    ClientConfig, CreateSpaceRequest, Icon, Pagination, Space, SpaceKind, SpacePage,
    UpdateSpaceRequest,
};

/// The SDK version, e.g. `0.1.0`.
#[uniffi::export]
pub fn sdk_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The Anytype API version the SDK speaks (`2025-11-08`).
#[uniffi::export]
pub fn api_version() -> String {
    anytype_core::API_VERSION.to_string()
}

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
/// in Kotlin, `UniffiInternalError` in Swift). Never useful in an application.
///
/// Every fallible export returns a `Result` for this reason: Swift calls an export without one
/// through `try!`, where a panic would end the process. The exports without one (the version
/// strings, `AnytypeClient::spaces`, the `Debug`/`Display` texts) can't panic.
#[uniffi::export]
pub fn panic_for_testing() -> Result<(), AnytypeError> {
    if std::hint::black_box(true) {
        panic!("panic_for_testing: a deliberate panic");
    }
    Ok(())
}

/// Panics inside a task on the shared runtime, for tests: it comes back as `AnytypeError.Internal`
/// and the runtime keeps serving other calls. Never useful in an application.
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

uniffi::setup_scaffolding!("anytype_ffi");
