//! The UniFFI exports behind the Python, Kotlin and Swift packages (cargo feature `uniffi`).
//!
//! Everything the packages see comes out of this one UniFFI namespace (`anytype_ffi`): the
//! core's own models (which derive their UniFFI records and enums where they are defined), the
//! exported objects declared here, [`AnytypeError`] and the FFI [`ClientConfig`]. The cdylib in
//! `bindings/` only links this crate in.
//!
//! **One declaration per operation.** Each resource file (`auth.rs`, `client.rs`, `spaces.rs`)
//! declares its operations once, with the macros below; each declaration makes
//!
//! * the async export (`Spaces.list`), run as a task on the one Tokio runtime ([`runtime`]);
//! * its blocking twin on the twin object (`BlockingSpaces.list`), which runs the same task and
//!   parks the calling thread: Python's `anytype.blocking` and Kotlin/Java callers use these;
//!   the Swift package leaves them out (`exclude` in `uniffi.toml`).
//!
//! Both call the same core function with the same arguments; there is no other copy of request,
//! paging or decoding logic here.

pub mod config;
pub mod error;
pub(crate) mod runtime;

mod auth;
mod chats;
mod client;
mod files;
mod lists;
mod objects;
mod spaces;
#[cfg(feature = "test-hooks")]
mod testing;
mod types;

pub use auth::{Auth, BlockingAuth};
pub use chats::{
    BlockingChatPager, BlockingChatSearchPager, BlockingChats, BlockingMessagePager, ChatPager,
    ChatSearchPager, ChatStream, Chats, MessagePager,
};
pub use client::{AnytypeClient, BlockingAnytypeClient};
pub use config::ClientConfig;
pub use error::AnytypeError;
pub use files::{BlockingFiles, Files};
pub use lists::{BlockingLists, BlockingSearch, BlockingViewPager, Lists, Search, ViewPager};
pub use objects::{
    BlockingObjectPager, BlockingObjects, BlockingTemplatePager, BlockingTemplates, ObjectPager,
    Objects, TemplatePager, Templates,
};
pub use spaces::{BlockingSpacePager, BlockingSpaces, SpacePager, Spaces};
pub use types::{
    BlockingMemberPager, BlockingMembers, BlockingProperties, BlockingPropertyPager,
    BlockingTagPager, BlockingTags, BlockingTypePager, BlockingTypes, MemberPager, Members,
    Properties, PropertyPager, TagPager, Tags, TypePager, Types,
};

/// The SDK version, e.g. `0.1.0`.
#[uniffi::export]
pub fn sdk_version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The Anytype API version the SDK speaks (`2025-11-08`).
#[uniffi::export]
pub fn api_version() -> String {
    crate::API_VERSION.to_string()
}

/// Declares an exported object and its blocking twin, both wrapping the same core value.
///
/// ```ignore
/// ffi_object!(
///     /// The spaces of the authenticated user.
///     Spaces, BlockingSpaces wraps crate::Spaces
/// );
/// ```
macro_rules! ffi_object {
    ($(#[$meta:meta])* $name:ident, $blocking:ident wraps $inner:ty) => {
        $(#[$meta])*
        #[derive(uniffi::Object)]
        #[uniffi::export(Debug)]
        pub struct $name {
            pub(crate) inner: $inner,
        }

        $(#[$meta])*
        ///
        /// The blocking twin: every call waits for its answer on the calling thread.
        #[derive(uniffi::Object)]
        #[uniffi::export(Debug)]
        pub struct $blocking {
            pub(crate) inner: $inner,
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.inner.fmt(f)
            }
        }

        impl std::fmt::Debug for $blocking {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.inner.fmt(f)
            }
        }

        impl From<$inner> for $name {
            fn from(inner: $inner) -> Self {
                $name { inner }
            }
        }

        impl From<$inner> for $blocking {
            fn from(inner: $inner) -> Self {
                $blocking { inner }
            }
        }
    };
}

/// Declares constructors of an object and its twin. The body makes the core value (a
/// `crate::Result`), inside the runtime's context.
macro_rules! ffi_constructors {
    ($name:ident, $blocking:ident: $(
        $(#[$meta:meta])*
        fn $ctor:ident($($arg:ident: $ty:ty),* $(,)?) = $body:expr;
    )*) => {
        #[uniffi::export]
        impl $name {
            $(
                $(#[$meta])*
                pub fn $ctor($($arg: $ty),*) -> Result<std::sync::Arc<Self>, $crate::ffi::AnytypeError> {
                    let inner = $crate::ffi::runtime::enter(|| $body)?;
                    Ok(std::sync::Arc::new(Self { inner }))
                }
            )*
        }

        #[uniffi::export]
        impl $blocking {
            $(
                $(#[$meta])*
                pub fn $ctor($($arg: $ty),*) -> Result<std::sync::Arc<Self>, $crate::ffi::AnytypeError> {
                    let inner = $crate::ffi::runtime::enter(|| $body)?;
                    Ok(std::sync::Arc::new(Self { inner }))
                }
            )*
        }
    };
}

/// Declares operations: one line each, `fn name(args) -> T = |inner| core_call;` where
/// `core_call` is a future of `crate::Result<T>`. Makes the async export on the object and the
/// blocking one on its twin.
macro_rules! ffi_operations {
    ($name:ident, $blocking:ident: $(
        $(#[$meta:meta])*
        fn $op:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty = |$inner:ident| $body:expr;
    )*) => {
        #[uniffi::export]
        impl $name {
            $(
                $(#[$meta])*
                pub async fn $op(&self, $($arg: $ty),*) -> Result<$ret, $crate::ffi::AnytypeError> {
                    let $inner = self.inner.clone();
                    $crate::ffi::runtime::run(async move { $body.await }).await
                }
            )*
        }

        #[uniffi::export]
        impl $blocking {
            $(
                $(#[$meta])*
                pub fn $op(&self, $($arg: $ty),*) -> Result<$ret, $crate::ffi::AnytypeError> {
                    let $inner = self.inner.clone();
                    $crate::ffi::runtime::block(async move { $body.await })
                }
            )*
        }
    };
}

/// Declares methods that hand out another exported object (a resource handle, a pager):
/// `fn name(args) -> Object, BlockingObject = |inner| make;`, where `make` gives the core value
/// of the new object. The async object
/// hands out `Object`, its twin `BlockingObject`.
macro_rules! ffi_handles {
    ($name:ident, $blocking:ident: $(
        $(#[$meta:meta])*
        fn $op:ident($($arg:ident: $ty:ty),* $(,)?) -> $handle:ident, $bhandle:ident = |$inner:ident| $body:expr;
    )*) => {
        #[uniffi::export]
        impl $name {
            $(
                $(#[$meta])*
                pub fn $op(&self, $($arg: $ty),*) -> std::sync::Arc<$handle> {
                    let $inner = &self.inner;
                    std::sync::Arc::new($handle::from($body))
                }
            )*
        }

        #[uniffi::export]
        impl $blocking {
            $(
                $(#[$meta])*
                pub fn $op(&self, $($arg: $ty),*) -> std::sync::Arc<$bhandle> {
                    let $inner = &self.inner;
                    std::sync::Arc::new($bhandle::from($body))
                }
            )*
        }
    };
}

/// Declares the pager objects of one page record (`SpacePager` and `BlockingSpacePager` of
/// `SpacePage`), and the methods that make them: `fn pager(page_size: i64) -> SpacePager,
/// BlockingSpacePager = |inner| inner.pager(page_size);`. The paging itself (read-ahead, the
/// stop condition) is the core's [`Pager`](crate::Pager) (or, with `, using Type`, another
/// pager with the same `next_page`, e.g. the chat's cursor pager); each language adds one generic adapter
/// that makes every pager an iterator / `Flow` / `AsyncSequence`.
macro_rules! ffi_pagers {
    (
        $(#[$pmeta:meta])* $pager:ident, $bpager:ident of $page:ty; $($rest:tt)*
    ) => {
        $crate::ffi::ffi_pagers!($(#[$pmeta])* $pager, $bpager of $page, using $crate::Pager<$page>; $($rest)*);
    };
    (
        $(#[$pmeta:meta])* $pager:ident, $bpager:ident of $page:ty, using $walker:ty;
        $name:ident, $blocking:ident: $(
            $(#[$meta:meta])*
            fn $op:ident($($arg:ident: $ty:ty),* $(,)?) = |$inner:ident| $body:expr;
        )*
    ) => {
        $crate::ffi::ffi_object!(
            $(#[$pmeta])*
            $pager, $bpager wraps std::sync::Arc<tokio::sync::Mutex<$walker>>
        );

        impl From<$walker> for $pager {
            fn from(pager: $walker) -> Self {
                $pager { inner: std::sync::Arc::new(tokio::sync::Mutex::new(pager)) }
            }
        }

        impl From<$walker> for $bpager {
            fn from(pager: $walker) -> Self {
                $bpager { inner: std::sync::Arc::new(tokio::sync::Mutex::new(pager)) }
            }
        }

        $crate::ffi::ffi_operations!($pager, $bpager:
            /// The next page, or none after the last one. An error leaves the pager where it
            /// was: calling again asks for the same page again.
            fn next_page() -> Option<$page> = |pager| async move { pager.lock().await.next_page().await };
        );

        $crate::ffi::ffi_pagers!(use $pager, $bpager; $name, $blocking: $(
            $(#[$meta])*
            fn $op($($arg: $ty),*) = |$inner| $body;
        )*);
    };
    // Methods that hand out pagers declared elsewhere (e.g. search's `ObjectPager`).
    (
        use $pager:ident, $bpager:ident;
        $name:ident, $blocking:ident: $(
            $(#[$meta:meta])*
            fn $op:ident($($arg:ident: $ty:ty),* $(,)?) = |$inner:ident| $body:expr;
        )*
    ) => {
        #[uniffi::export]
        impl $name {
            $(
                $(#[$meta])*
                pub fn $op(&self, $($arg: $ty),*) -> Result<std::sync::Arc<$pager>, $crate::ffi::AnytypeError> {
                    let $inner = &self.inner;
                    let pager = $crate::ffi::runtime::enter(|| $body)?;
                    Ok(std::sync::Arc::new($pager::from(pager)))
                }
            )*
        }

        #[uniffi::export]
        impl $blocking {
            $(
                $(#[$meta])*
                pub fn $op(&self, $($arg: $ty),*) -> Result<std::sync::Arc<$bpager>, $crate::ffi::AnytypeError> {
                    let $inner = &self.inner;
                    let pager = $crate::ffi::runtime::enter(|| $body)?;
                    Ok(std::sync::Arc::new($bpager::from(pager)))
                }
            )*
        }
    };
}

pub(crate) use {ffi_constructors, ffi_handles, ffi_object, ffi_operations, ffi_pagers};
