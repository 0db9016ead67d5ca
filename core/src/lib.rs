//! # anytype-core
//!
//! An async client for the local HTTP API of [Anytype](https://anytype.io), API version
//! `2025-11-08`. It is the core of the Anytype SDK: the Python, Kotlin and Swift packages are
//! generated from it and share its behaviour.
//!
//! * [`Auth`]: challenge → 4-digit code → API key.
//! * [`AnytypeClient`]: the authenticated client, with a handle per resource:
//!   [`spaces`](AnytypeClient::spaces), [`objects`](AnytypeClient::objects),
//!   [`types`](AnytypeClient::types), [`properties`](AnytypeClient::properties),
//!   [`tags`](AnytypeClient::tags), [`templates`](AnytypeClient::templates),
//!   [`members`](AnytypeClient::members): `list` (one page), `pager`, `list_all`, `get`, and
//!   `create` / `update` / `delete` where the API has them.
//! * [`files`](AnytypeClient::files): upload and download streamed from and to disk;
//!   [`chats`](AnytypeClient::chats): chats, messages, reactions, and the live
//!   [`MessageStream`] that reconnects by itself and fills the gap.
//! * Typed property values: [`Value`] on read, [`PropertyInput`] on write.
//! * [`Error`]: one error enum whose variants a caller can act on.
//! * [`ClientConfig`]: base URL, timeouts, [`RetryPolicy`], an optional write limiter.
//!
//! ```no_run
//! # async fn demo() -> anytype_core::Result<()> {
//! use anytype_core::{Auth, AnytypeClient, ClientConfig, CreateSpaceRequest};
//!
//! let config = ClientConfig::with_base_url("http://127.0.0.1:31009");
//! let auth = Auth::new(config.clone())?;
//! let challenge = auth.create_challenge("MyApp").await?;
//! let key = auth.create_api_key(&challenge, "1234").await?; // the code the app shows
//! let client = AnytypeClient::new(key.expose_secret(), config)?;
//!
//! let page = client.spaces().list(0, 10).await?;
//! println!("{} spaces, more: {}", page.pagination.total, page.pagination.has_more);
//! let space = client.spaces().create(&CreateSpaceRequest::new("Inbox")).await?;
//! # Ok(()) }
//! ```
//!
//! Retries: GETs are retried on connection errors, timeouts and 500/502/503/504; 429 answers are
//! retried after the wait the server names; writes are never replayed once they may have reached
//! the server. See [`RetryPolicy`].
//!
//! With the cargo feature `uniffi`, the crate also carries the UniFFI exports that the Python,
//! Kotlin and Swift packages are generated from (module [`ffi`]); without it, it is a plain Rust
//! library.
//!
//! TLS for `https` base URLs: with the default feature `platform-verifier`, the platform's
//! verifier and roots (the keychain on macOS, the certificate store on Windows, the CA bundle on
//! Linux) plus [`ClientConfig::extra_root_certificates_pem`]; with the feature `webpki-roots`,
//! Mozilla's roots as compiled into the library plus the extra ones, never the system's store or
//! keychain (it wins when both are on; with default features off it links no Apple framework).
//! Plain `http` trusts the extra roots only. The crypto provider is rustls's `ring`, or the
//! process default when the application installed one.
#![warn(missing_docs)]

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("anytype_ffi");

pub mod auth;
pub mod chats;
pub mod client;
pub mod config;
pub mod error;
#[cfg(feature = "uniffi")]
pub mod ffi;
pub mod files;
pub mod filters;
mod http;
pub mod lists;
pub mod members;
pub mod models;
pub mod objects;
pub mod paging;
pub mod properties;
mod resource;
pub mod search;
pub mod secret;
pub mod spaces;
pub mod stream;
pub mod tags;
pub mod templates;
mod tls;
pub mod types;
pub mod values;

pub use auth::Auth;
pub use chats::{
    Attachment, AttachmentKind, ChatMessage, ChatSearchHit, ChatSearchPage, Chats,
    CreateChatRequest, MessageContent, MessageEdit, MessagePage, MessagePager, MessageQuery,
    MessageWalk, NewMessage, Reaction, ReadKind, ReadMessagesRequest, TextMark, TextRange,
};
pub use client::AnytypeClient;
pub use config::{ClientConfig, RetryPolicy, API_VERSION, DESKTOP_URL, HEADLESS_URL};
pub use error::{Error, Result};
pub use files::{DownloadOptions, DownloadedFile, Files, Progress, TransferProgress, UploadedFile};
pub use filters::{
    Filter, FilterCondition, FilterValue, PropertyFilter, Sort, SortDirection, SortProperty,
};
pub use http::{MAX_BODY_BYTES, VERSION_HEADER};
pub use lists::{Lists, View, ViewFilter, ViewLayout, ViewPage, ViewSort, ViewSortType};
pub use members::{Member, MemberPage, MemberRole, MemberStatus, Members};
pub use models::{Color, Icon, JsonValue, Layout, Page, Pagination, PropertyFormat, SpaceKind};
pub use objects::{CreateObjectRequest, Object, ObjectPage, Objects, UpdateObjectRequest};
pub use paging::Pager;
pub use properties::{
    CreatePropertyRequest, Properties, Property, PropertyPage, UpdatePropertyRequest,
};
pub use search::{Search, SearchRequest};
pub use secret::ApiKey;
pub use spaces::{CreateSpaceRequest, Space, SpacePage, Spaces, UpdateSpaceRequest};
pub use stream::{ChatEvent, MessageStream, StreamOptions};
pub use tags::{CreateTagRequest, Tag, TagPage, Tags, UpdateTagRequest};
pub use templates::{TemplatePage, Templates};
pub use types::{CreateTypeRequest, PropertyLink, Type, TypePage, Types, UpdateTypeRequest};
pub use values::{PropertyInput, PropertyValue, Value};
