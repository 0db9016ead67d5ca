//! Tags: the options of a select or multi-select property.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str, property: &str) -> anytype_core::Result<()> {
//! use anytype_core::{Color, CreateTagRequest};
//! let tags = client.tags(space, property);
//! let tag = tags.create(&CreateTagRequest::new("Urgent", Color::Red)).await?;
//! assert_eq!(tags.get(&tag.id).await?.name, "Urgent");
//! # Ok(()) }
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::http::Transport;
use crate::models::{null_as_default, page_record, Color};
use crate::resource::{paging_reads, Collection};

/// A tag of a select or multi-select property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Tag {
    /// The tag id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The tag key (usable instead of the id when writing a value).
    #[serde(default, deserialize_with = "null_as_default")]
    pub key: String,
    /// The tag's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The tag's colour.
    #[serde(default)]
    pub color: Color,
}

page_record!(
    /// One page of tags.
    TagPage of Tag
);

/// A colour to write: a known one, or (escape hatch) `Color::Other` for one newer than this SDK
/// when `allow_unknown` is set.
pub(crate) fn check_color(color: &Color, allow_unknown: bool) -> Result<()> {
    if color.is_known() || allow_unknown && !color.as_str().trim().is_empty() {
        return Ok(());
    }
    Err(Error::invalid(
        "color",
        format!(
            "unknown colour {:?}: one of {} (set allow_unknown_color to send a colour newer than this SDK)",
            color.as_str(),
            Color::known_values()
        ),
    ))
}

/// What a new tag is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreateTagRequest {
    /// The name (not blank).
    pub name: String,
    /// The colour.
    pub color: Color,
    /// A key of your choice (generated from the name when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub key: Option<String>,
    /// Send `color` even when this SDK doesn't know it (`Color::Other`).
    #[serde(skip)]
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub allow_unknown_color: bool,
}

impl CreateTagRequest {
    /// A tag called `name` of `color`.
    pub fn new(name: impl Into<String>, color: Color) -> Self {
        CreateTagRequest {
            name: name.into(),
            color,
            key: None,
            allow_unknown_color: false,
        }
    }

    pub(crate) fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        check_key(self.key.as_deref())?;
        check_color(&self.color, self.allow_unknown_color)
    }
}

/// A key to send, when there is one: not blank.
pub(crate) fn check_key(key: Option<&str>) -> Result<()> {
    if key.is_some_and(|k| k.trim().is_empty()) {
        return Err(Error::invalid("key", "must not be empty when given"));
    }
    Ok(())
}

/// The fields of a tag to change; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UpdateTagRequest {
    /// A new name (not blank).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// A new colour.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub color: Option<Color>,
    /// A new key.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub key: Option<String>,
    /// Send `color` even when this SDK doesn't know it.
    #[serde(skip)]
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    pub allow_unknown_color: bool,
}

impl UpdateTagRequest {
    fn check(&self) -> Result<()> {
        if self.name.is_none() && self.color.is_none() && self.key.is_none() {
            return Err(Error::invalid(
                "request",
                "nothing to update: set name, color or key",
            ));
        }
        if self.name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err(Error::invalid("name", "must not be empty"));
        }
        check_key(self.key.as_deref())?;
        match &self.color {
            Some(color) => check_color(color, self.allow_unknown_color),
            None => Ok(()),
        }
    }
}

/// The tags of one select or multi-select property. Get one from
/// [`AnytypeClient::tags`](crate::AnytypeClient::tags).
#[derive(Clone, Debug)]
pub struct Tags {
    items: Collection,
}

impl Tags {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str, property_id: &str) -> Self {
        Tags {
            items: Collection::new(
                transport,
                space_id,
                Some(("properties", "property_id", property_id)),
                "tags",
            ),
        }
    }

    paging_reads!(TagPage, Tag, "tags");

    /// The tag `tag_id`.
    pub async fn get(&self, tag_id: &str) -> Result<Tag> {
        self.items.get("tag_id", tag_id, &[]).await
    }

    /// Create a tag. Never retried once it may have reached the server.
    pub async fn create(&self, request: &CreateTagRequest) -> Result<Tag> {
        request.check()?;
        self.items.create(request).await
    }

    /// Change a tag's name, colour or key.
    pub async fn update(&self, tag_id: &str, request: &UpdateTagRequest) -> Result<Tag> {
        request.check()?;
        self.items.update("tag_id", tag_id, request).await
    }

    /// Delete a tag; returns it.
    pub async fn delete(&self, tag_id: &str) -> Result<Tag> {
        self.items.delete("tag_id", tag_id).await
    }
}
