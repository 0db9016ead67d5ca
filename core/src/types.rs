//! Types: what kind of object an object is (page, task, bookmark, ...), its layout and the
//! properties it shows.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str) -> anytype_core::Result<()> {
//! use anytype_core::{CreateTypeRequest, Layout, PropertyFormat, PropertyLink};
//! let task = client
//!     .types(space)
//!     .create(&CreateTypeRequest {
//!         key: Some("task".into()),
//!         properties: vec![PropertyLink::new("due_date", "Due date", PropertyFormat::Date)],
//!         ..CreateTypeRequest::new("Task", "Tasks", Layout::Action)
//!     })
//!     .await?;
//! # Ok(()) }
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::http::Transport;
use crate::models::{null_as_default, null_as_empty, page_record, Icon, Layout, PropertyFormat};
use crate::properties::{check_format, Property};
use crate::resource::{paging_reads, Collection};
use crate::tags::check_key;

/// A type of object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Type {
    /// The type id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The type key, e.g. `page`, `task` (what objects are created with).
    #[serde(default, deserialize_with = "null_as_default")]
    pub key: String,
    /// The type's name, e.g. `Page`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The plural name, e.g. `Pages`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub plural_name: String,
    /// The icon (types usually have a named icon).
    #[serde(default)]
    pub icon: Option<Icon>,
    /// Whether the type was deleted (archived).
    #[serde(default, deserialize_with = "null_as_default")]
    pub archived: bool,
    /// The layout of its objects.
    #[serde(default)]
    pub layout: Layout,
    /// The properties its objects show.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub properties: Vec<Property>,
}

page_record!(
    /// One page of types.
    TypePage of Type
);

/// A property a type shows, by key; made when the space doesn't have it yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct PropertyLink {
    /// The property key.
    pub key: String,
    /// The property's name.
    pub name: String,
    /// Its format.
    pub format: PropertyFormat,
}

impl PropertyLink {
    /// A link to (or a new) property `key` called `name` of `format`.
    pub fn new(key: impl Into<String>, name: impl Into<String>, format: PropertyFormat) -> Self {
        PropertyLink {
            key: key.into(),
            name: name.into(),
            format,
        }
    }
}

fn check_links(links: &[PropertyLink]) -> Result<()> {
    for (i, link) in links.iter().enumerate() {
        if link.key.trim().is_empty() {
            return Err(Error::invalid(
                format!("properties[{i}].key"),
                "must not be empty",
            ));
        }
        if link.name.trim().is_empty() {
            return Err(Error::invalid(
                format!("properties[{i}].name"),
                "must not be empty",
            ));
        }
        check_format(&format!("properties[{i}].format"), &link.format)?;
    }
    Ok(())
}

/// The layouts a type can be created with.
const TYPE_LAYOUTS: [Layout; 4] = [Layout::Basic, Layout::Profile, Layout::Action, Layout::Note];

fn check_layout(layout: &Layout) -> Result<()> {
    if TYPE_LAYOUTS.contains(layout) {
        return Ok(());
    }
    Err(Error::invalid(
        "layout",
        format!(
            "a type's layout is basic, profile, action or note, not {:?}",
            layout.as_str()
        ),
    ))
}

/// What a new type is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreateTypeRequest {
    /// The name (not blank).
    pub name: String,
    /// The plural name (not blank).
    pub plural_name: String,
    /// The layout: basic, profile, action or note.
    pub layout: Layout,
    /// A key of your choice (generated from the name when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub key: Option<String>,
    /// The icon.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub icon: Option<Icon>,
    /// The properties its objects show.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub properties: Vec<PropertyLink>,
}

impl CreateTypeRequest {
    /// A type `name` (plural `plural_name`) with `layout`.
    pub fn new(name: impl Into<String>, plural_name: impl Into<String>, layout: Layout) -> Self {
        CreateTypeRequest {
            name: name.into(),
            plural_name: plural_name.into(),
            layout,
            key: None,
            icon: None,
            properties: Vec::new(),
        }
    }

    fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        if self.plural_name.trim().is_empty() {
            return Err(Error::invalid("plural_name", "must not be empty"));
        }
        check_layout(&self.layout)?;
        check_key(self.key.as_deref())?;
        check_links(&self.properties)
    }
}

/// The fields of a type to change; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UpdateTypeRequest {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// A new plural name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub plural_name: Option<String>,
    /// A new layout.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub layout: Option<Layout>,
    /// A new key.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub key: Option<String>,
    /// A new icon.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub icon: Option<Icon>,
    /// The properties it shows from now on (replacing the list).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub properties: Option<Vec<PropertyLink>>,
}

impl UpdateTypeRequest {
    fn check(&self) -> Result<()> {
        if *self == UpdateTypeRequest::default() {
            return Err(Error::invalid("request", "nothing to update"));
        }
        for (field, value) in [("name", &self.name), ("plural_name", &self.plural_name)] {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                return Err(Error::invalid(field, "must not be empty"));
            }
        }
        if let Some(layout) = &self.layout {
            check_layout(layout)?;
        }
        check_key(self.key.as_deref())?;
        check_links(self.properties.as_deref().unwrap_or_default())
    }
}

/// The types of one space. Get one from [`AnytypeClient::types`](crate::AnytypeClient::types).
#[derive(Clone, Debug)]
pub struct Types {
    items: Collection,
}

impl Types {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str) -> Self {
        Types {
            items: Collection::new(transport, space_id, None, "types"),
        }
    }

    paging_reads!(TypePage, Type, "types");

    /// The type `type_id`.
    pub async fn get(&self, type_id: &str) -> Result<Type> {
        self.items.get("type_id", type_id, &[]).await
    }

    /// Create a type. Never retried once it may have reached the server.
    pub async fn create(&self, request: &CreateTypeRequest) -> Result<Type> {
        request.check()?;
        self.items.create(request).await
    }

    /// Change a type.
    pub async fn update(&self, type_id: &str, request: &UpdateTypeRequest) -> Result<Type> {
        request.check()?;
        self.items.update("type_id", type_id, request).await
    }

    /// Delete (archive) a type; returns it.
    pub async fn delete(&self, type_id: &str) -> Result<Type> {
        self.items.delete("type_id", type_id).await
    }
}
