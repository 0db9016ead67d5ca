//! The records and enums that cross the FFI, converted from the core's models.
//!
//! Only data lives here; decoding happens once, in `anytype-core`.

use std::time::Duration;

use anytype_core as core;

use crate::error::AnytypeError;

/// How a client connects, times out and retries. Every field has a default; `None` durations
/// mean the SDK default (given in each field's doc).
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct ClientConfig {
    /// Where the API is served. The desktop app: `http://127.0.0.1:31009` (default); the
    /// headless server: `http://127.0.0.1:31012`.
    #[uniffi(default = "http://127.0.0.1:31009")]
    pub base_url: String,
    /// Longest wait for a connection (default 5 s).
    #[uniffi(default = None)]
    pub connect_timeout: Option<Duration>,
    /// Longest time one HTTP attempt may take (default 30 s).
    #[uniffi(default = None)]
    pub request_timeout: Option<Duration>,
    /// Retries after the first attempt for retryable failures (default 3; 0 turns retries off).
    #[uniffi(default = 3)]
    pub max_retries: i32,
    /// Wait before the first retry, doubled each time with jitter (default 100 ms).
    #[uniffi(default = None)]
    pub initial_backoff: Option<Duration>,
    /// Longest wait between two attempts (default 2 s).
    #[uniffi(default = None)]
    pub max_backoff: Option<Duration>,
    /// No retry starts after this much time since the first attempt (default 30 s).
    #[uniffi(default = None)]
    pub max_retry_elapsed: Option<Duration>,
    /// Longest wait a 429 answer may impose before the error is raised instead (default 10 s).
    #[uniffi(default = None)]
    pub max_rate_limit_wait: Option<Duration>,
    /// Pace writes on the client (burst 60, 1 per second, like the server). Off by default.
    #[uniffi(default = false)]
    pub limit_writes: bool,
    /// Extra trusted root certificates (PEM) for https base URLs.
    #[uniffi(default = [])]
    pub extra_root_certificates_pem: Vec<String>,
    /// `User-Agent` header (default `anytype-sdk/<version>`).
    #[uniffi(default = None)]
    pub user_agent: Option<String>,
}

impl TryFrom<ClientConfig> for core::ClientConfig {
    type Error = AnytypeError;

    fn try_from(config: ClientConfig) -> Result<Self, AnytypeError> {
        let defaults = core::ClientConfig::default();
        let max_retries = u32::try_from(config.max_retries).map_err(|_| {
            core::Error::invalid(
                "max_retries",
                format!("must not be negative, got {}", config.max_retries),
            )
        })?;
        let retry = core::RetryPolicy {
            max_retries,
            initial_backoff: config
                .initial_backoff
                .unwrap_or(defaults.retry.initial_backoff),
            max_backoff: config.max_backoff.unwrap_or(defaults.retry.max_backoff),
            max_elapsed: config
                .max_retry_elapsed
                .unwrap_or(defaults.retry.max_elapsed),
            max_rate_limit_wait: config
                .max_rate_limit_wait
                .unwrap_or(defaults.retry.max_rate_limit_wait),
        };
        Ok(core::ClientConfig {
            base_url: config.base_url,
            connect_timeout: config.connect_timeout.unwrap_or(defaults.connect_timeout),
            request_timeout: config.request_timeout.unwrap_or(defaults.request_timeout),
            retry,
            limit_writes: config.limit_writes,
            extra_root_certificates_pem: config.extra_root_certificates_pem,
            user_agent: config.user_agent.unwrap_or(defaults.user_agent),
        })
    }
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            base_url: core::DESKTOP_URL.into(),
            connect_timeout: None,
            request_timeout: None,
            max_retries: 3,
            initial_backoff: None,
            max_backoff: None,
            max_retry_elapsed: None,
            max_rate_limit_wait: None,
            limit_writes: false,
            extra_root_certificates_pem: Vec::new(),
            user_agent: None,
        }
    }
}

/// The icon of a space or object.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Icon {
    /// An emoji.
    Emoji {
        /// The emoji.
        emoji: String,
    },
    /// An uploaded image (file id or gateway URL).
    File {
        /// The file id or URL.
        file: String,
    },
    /// A named built-in icon with an optional colour.
    Named {
        /// The icon name.
        name: String,
        /// The colour, e.g. `blue`.
        color: Option<String>,
    },
    /// An icon format this SDK does not know yet.
    Other {
        /// The format the server sent.
        format: String,
        /// The icon as JSON text.
        raw: String,
    },
}

impl From<core::Icon> for Icon {
    fn from(icon: core::Icon) -> Self {
        match icon {
            core::Icon::Emoji { emoji } => Icon::Emoji { emoji },
            core::Icon::File { file } => Icon::File { file },
            core::Icon::Named { name, color } => Icon::Named { name, color },
            core::Icon::Other { format, raw } => Icon::Other { format, raw },
        }
    }
}

/// What kind of space a space is. Unknown kinds are kept as `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum SpaceKind {
    /// An ordinary space.
    Space,
    /// A chat space.
    ChatSpace,
    /// A one-to-one chat.
    OneToOne,
    /// The account's technical space.
    TechSpace,
    /// A kind this SDK does not know yet.
    Other {
        /// The value the server sent.
        value: String,
    },
}

impl From<core::SpaceKind> for SpaceKind {
    fn from(kind: core::SpaceKind) -> Self {
        match kind {
            core::SpaceKind::Space => SpaceKind::Space,
            core::SpaceKind::ChatSpace => SpaceKind::ChatSpace,
            core::SpaceKind::OneToOne => SpaceKind::OneToOne,
            core::SpaceKind::TechSpace => SpaceKind::TechSpace,
            core::SpaceKind::Other(value) => SpaceKind::Other { value },
        }
    }
}

/// A space.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct Space {
    /// The space id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The description (empty when none).
    pub description: String,
    /// The icon, if any.
    pub icon: Option<Icon>,
    /// The gateway URL serving the space's files.
    pub gateway_url: String,
    /// The network id.
    pub network_id: String,
    /// The kind of space.
    pub kind: SpaceKind,
}

impl From<core::Space> for Space {
    fn from(space: core::Space) -> Self {
        Space {
            id: space.id,
            name: space.name,
            description: space.description,
            icon: space.icon.map(Icon::from),
            gateway_url: space.gateway_url,
            network_id: space.network_id,
            kind: space.kind.into(),
        }
    }
}

/// Where a page sits in the whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Pagination {
    /// Items in the whole list.
    pub total: i64,
    /// Items skipped before this page.
    pub offset: i64,
    /// The page size asked for.
    pub limit: i64,
    /// Whether more items follow.
    pub has_more: bool,
}

fn saturating_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl From<core::Pagination> for Pagination {
    fn from(p: core::Pagination) -> Self {
        Pagination {
            total: saturating_i64(p.total),
            offset: saturating_i64(p.offset),
            limit: saturating_i64(p.limit),
            has_more: p.has_more,
        }
    }
}

/// One page of spaces.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct SpacePage {
    /// The spaces of this page.
    pub data: Vec<Space>,
    /// Where the page sits.
    pub pagination: Pagination,
}

impl From<core::Page<core::Space>> for SpacePage {
    fn from(page: core::Page<core::Space>) -> Self {
        SpacePage {
            data: page.data.into_iter().map(Space::from).collect(),
            pagination: page.pagination.into(),
        }
    }
}

/// What a new space is made of.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CreateSpaceRequest {
    /// The name (required, not blank).
    pub name: String,
    /// An optional description.
    #[uniffi(default = None)]
    pub description: Option<String>,
}

impl From<CreateSpaceRequest> for core::CreateSpaceRequest {
    fn from(r: CreateSpaceRequest) -> Self {
        core::CreateSpaceRequest {
            name: r.name,
            description: r.description,
        }
    }
}

/// The fields of a space to change; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct UpdateSpaceRequest {
    /// A new name.
    #[uniffi(default = None)]
    pub name: Option<String>,
    /// A new description.
    #[uniffi(default = None)]
    pub description: Option<String>,
}

impl From<UpdateSpaceRequest> for core::UpdateSpaceRequest {
    fn from(r: UpdateSpaceRequest) -> Self {
        core::UpdateSpaceRequest {
            name: r.name,
            description: r.description,
        }
    }
}

/// Signed page numbers from a foreign language as the core's unsigned ones.
pub(crate) fn page_args(offset: i64, limit: i64) -> Result<(u64, u64), AnytypeError> {
    Ok((
        core::paging::non_negative("offset", offset)?,
        core::paging::non_negative("limit", limit)?,
    ))
}
