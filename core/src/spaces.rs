//! Spaces: list (one page, or every page), get, create and update.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient) -> anytype_core::Result<()> {
//! use anytype_core::{CreateSpaceRequest, UpdateSpaceRequest};
//!
//! let spaces = client.spaces();
//! let first = spaces.list(0, 50).await?;          // one page
//! println!("{} of {}", first.data.len(), first.pagination.total);
//! let all = spaces.list_all(1000).await?;          // every page
//! let space = spaces.create(&CreateSpaceRequest::new("Research")).await?;
//! let space = spaces
//!     .update(&space.id, &UpdateSpaceRequest { description: Some("notes".into()), ..Default::default() })
//!     .await?;
//! assert_eq!(spaces.get(&space.id).await?.description, "notes");
//! # Ok(()) }
//! ```

use std::sync::Arc;

use reqwest::Method;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::filters::Filter;
use crate::http::Transport;
use crate::models::{null_as_default, page_record, Icon, SpaceKind};
use crate::paging::{ListRequest, Pager};

/// A space: a collection of objects with its own members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Space {
    /// The space id.
    pub id: String,
    /// The space's name.
    #[serde(default)]
    pub name: String,
    /// The space's description (empty when it has none).
    #[serde(default, deserialize_with = "null_as_default")]
    pub description: String,
    /// The space's icon, if it has one.
    #[serde(default)]
    pub icon: Option<Icon>,
    /// The gateway URL that serves the space's files and media.
    #[serde(default, deserialize_with = "null_as_default")]
    pub gateway_url: String,
    /// The network the space belongs to.
    #[serde(default, deserialize_with = "null_as_default")]
    pub network_id: String,
    /// What kind of space this is (the `object` field).
    #[serde(default, rename = "object")]
    pub kind: SpaceKind,
}

page_record!(
    /// One page of spaces.
    SpacePage of Space
);

/// What a new space is made of.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreateSpaceRequest {
    /// The name; required and not blank.
    pub name: String,
    /// An optional description.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub description: Option<String>,
}

impl CreateSpaceRequest {
    /// A request for a space called `name`, without description.
    pub fn new(name: impl Into<String>) -> Self {
        CreateSpaceRequest {
            name: name.into(),
            description: None,
        }
    }

    fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        Ok(())
    }
}

/// The fields of a space to change; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UpdateSpaceRequest {
    /// A new name (not blank).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// A new description (may be empty, to clear it).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub description: Option<String>,
}

impl UpdateSpaceRequest {
    fn check(&self) -> Result<()> {
        if self.name.is_none() && self.description.is_none() {
            return Err(Error::invalid(
                "request",
                "nothing to update: set name or description",
            ));
        }
        if self.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err(Error::invalid("name", "must not be empty"));
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct SpaceEnvelope {
    space: Space,
}

/// The spaces of the authenticated user. Get one from [`AnytypeClient::spaces`](crate::AnytypeClient::spaces).
#[derive(Clone)]
pub struct Spaces {
    transport: Arc<Transport>,
}

impl std::fmt::Debug for Spaces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spaces").finish_non_exhaustive()
    }
}

fn check_id(space_id: &str) -> Result<()> {
    if space_id.trim().is_empty() {
        return Err(Error::invalid("space_id", "must not be empty"));
    }
    Ok(())
}

impl Spaces {
    pub(crate) fn new(transport: Arc<Transport>) -> Self {
        Spaces { transport }
    }

    /// One page: `limit` spaces (1..=1000) after skipping `offset` (0 or more).
    pub async fn list(&self, offset: i64, limit: i64) -> Result<SpacePage> {
        self.list_where(None, offset, limit).await
    }

    /// A [`Pager`] that walks every space, `page_size` (1..=1000) at a time.
    pub fn pager(&self, page_size: i64) -> Result<Pager<SpacePage>> {
        self.pager_where(None, page_size)
    }

    /// Every space, fetched `page_size` (1..=1000) at a time.
    pub async fn list_all(&self, page_size: i64) -> Result<Vec<Space>> {
        self.pager(page_size)?.collect_all().await
    }

    /// One page of the spaces that match `filter` (e.g. `Filter::text("name").contains("work")`;
    /// the server evaluates text conditions on spaces, other filters are refused).
    pub async fn list_where(
        &self,
        filter: Option<&Filter>,
        offset: i64,
        limit: i64,
    ) -> Result<SpacePage> {
        ListRequest::get_filtered::<SpacePage>(&["v1", "spaces"], filter)?
            .page(&self.transport, offset, limit, "limit")
            .await
    }

    /// A [`Pager`] over the spaces that match `filter`.
    pub fn pager_where(&self, filter: Option<&Filter>, page_size: i64) -> Result<Pager<SpacePage>> {
        let request = ListRequest::get_filtered::<SpacePage>(&["v1", "spaces"], filter)?;
        Pager::new(self.transport.clone(), request, page_size)
    }

    /// Every space that matches `filter`.
    pub async fn list_all_where(
        &self,
        filter: Option<&Filter>,
        page_size: i64,
    ) -> Result<Vec<Space>> {
        self.pager_where(filter, page_size)?.collect_all().await
    }

    /// The space `space_id`; [`Error::NotFound`] if there is none.
    pub async fn get(&self, space_id: &str) -> Result<Space> {
        check_id(space_id)?;
        let url = self.transport.url(&["v1", "spaces", space_id], &[])?;
        let envelope: SpaceEnvelope = self.transport.get(url).await?;
        Ok(envelope.space)
    }

    /// Create a space. Not retried on failure: a create can succeed and still answer an error.
    pub async fn create(&self, request: &CreateSpaceRequest) -> Result<Space> {
        request.check()?;
        let url = self.transport.url(&["v1", "spaces"], &[])?;
        let envelope: SpaceEnvelope = self.transport.send(Method::POST, url, request).await?;
        Ok(envelope.space)
    }

    /// Change a space's name and/or description; returns the updated space.
    pub async fn update(&self, space_id: &str, request: &UpdateSpaceRequest) -> Result<Space> {
        check_id(space_id)?;
        request.check()?;
        let url = self.transport.url(&["v1", "spaces", space_id], &[])?;
        let envelope: SpaceEnvelope = self.transport.send(Method::PATCH, url, request).await?;
        Ok(envelope.space)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn space_decodes_leniently() {
        let space: Space = serde_json::from_str(
            r#"{"id":"s1","name":"A","description":null,"object":"anytype.space","extra":{"x":1}}"#,
        )
        .unwrap();
        assert_eq!(space.id, "s1");
        assert_eq!(space.description, "");
        assert_eq!(space.kind, SpaceKind::Space);
        assert_eq!(space.icon, None);
    }
}
