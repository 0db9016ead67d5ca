//! The one UniFFI cdylib behind the Python, Kotlin and Swift packages of the Anytype SDK.
//!
//! A thin shim: every export (records, enums, objects, the error) is defined once in
//! `anytype-core`, module `ffi` (cargo feature `uniffi`), in the one UniFFI namespace
//! `anytype_ffi`; linking the core in here is what puts them into this library. The only code
//! of its own is [`wake`], the pipe continuation the Python package resumes awaits with.
//!
//! Features: `test-hooks` adds the core's test hooks (`noop`, `noop_async`, `panic_for_testing`,
//! `panic_for_testing_async`) for the test suites and benchmarks (`cargo build-sdk` builds with
//! it); the packages users install are built without it.

pub use anytype_core::ffi::*;

pub mod wake;
