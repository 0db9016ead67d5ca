//! Members: who belongs to a space, with their role and status.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str) -> anytype_core::Result<()> {
//! for member in client.members(space).list_all(100).await? {
//!     println!("{} is {}", member.name, member.role);
//! }
//! # Ok(()) }
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::http::Transport;
use crate::models::{null_as_default, open_enum, page_record, Icon};
use crate::resource::{paging_reads, Collection};

open_enum!(
    /// What a member may do in a space.
    MemberRole, default Viewer {
        /// Reads only.
        Viewer = "viewer",
        /// Reads and writes.
        Editor = "editor",
        /// Manages members too.
        Admin = "admin",
        /// Owns the space.
        Owner = "owner",
        /// No access.
        NoPermission = "no_permission",
    }
);

open_enum!(
    /// Where a member is in joining or leaving a space.
    MemberStatus, default Active {
        /// Asked to join.
        Joining = "joining",
        /// A member.
        Active = "active",
        /// Removed.
        Removed = "removed",
        /// Their request was declined.
        Declined = "declined",
        /// Being removed.
        Removing = "removing",
        /// Cancelled their request.
        Canceled = "canceled",
    }
);

/// A member of a space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Member {
    /// The member id (`_participant_...`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The member's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The member's icon, if any.
    #[serde(default)]
    pub icon: Option<Icon>,
    /// The member's account identity.
    #[serde(default, deserialize_with = "null_as_default")]
    pub identity: String,
    /// The member's global name (empty when they have none).
    #[serde(default, deserialize_with = "null_as_default")]
    pub global_name: String,
    /// What they may do.
    #[serde(default)]
    pub role: MemberRole,
    /// Where they are in joining or leaving.
    #[serde(default)]
    pub status: MemberStatus,
}

page_record!(
    /// One page of members.
    MemberPage of Member
);

/// The members of one space. Get one from [`AnytypeClient::members`](crate::AnytypeClient::members).
#[derive(Clone, Debug)]
pub struct Members {
    items: Collection,
}

impl Members {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str) -> Self {
        Members {
            items: Collection::new(transport, space_id, None, "members"),
        }
    }

    paging_reads!(MemberPage, Member, "members");

    /// The member `member_id`.
    pub async fn get(&self, member_id: &str) -> Result<Member> {
        self.items.get("member_id", member_id, &[]).await
    }
}
