//! Properties: the typed fields objects carry (built-in ones such as `description`, `done`,
//! `tag`, and your own).
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str) -> anytype_core::Result<()> {
//! use anytype_core::{CreatePropertyRequest, PropertyFormat};
//! let due = client
//!     .properties(space)
//!     .create(&CreatePropertyRequest::new("Due date", PropertyFormat::Date))
//!     .await?;
//! println!("{} ({})", due.key, due.format);
//! # Ok(()) }
//! ```

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::http::Transport;
use crate::models::{null_as_default, page_record, PropertyFormat};
use crate::resource::{paging_reads, Collection};
use crate::tags::{check_key, CreateTagRequest};

/// A property of a space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Property {
    /// The property id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The key used in property values and filters, e.g. `due_date`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub key: String,
    /// The property's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// What kind of value it holds.
    #[serde(default)]
    pub format: PropertyFormat,
}

page_record!(
    /// One page of properties.
    PropertyPage of Property
);

/// A property format to write: a known one.
pub(crate) fn check_format(field: &str, format: &PropertyFormat) -> Result<()> {
    if format.is_known() {
        return Ok(());
    }
    Err(Error::invalid(
        field,
        format!(
            "unknown property format {:?}: one of {}",
            format.as_str(),
            PropertyFormat::known_values()
        ),
    ))
}

/// What a new property is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreatePropertyRequest {
    /// The name (not blank).
    pub name: String,
    /// The format.
    pub format: PropertyFormat,
    /// A key of your choice (generated from the name when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub key: Option<String>,
    /// The first tags, for a select or multi-select property.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub tags: Vec<CreateTagRequest>,
}

impl CreatePropertyRequest {
    /// A property called `name` of `format`.
    pub fn new(name: impl Into<String>, format: PropertyFormat) -> Self {
        CreatePropertyRequest {
            name: name.into(),
            format,
            key: None,
            tags: Vec::new(),
        }
    }

    fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        check_format("format", &self.format)?;
        check_key(self.key.as_deref())?;
        if !self.tags.is_empty()
            && !matches!(
                self.format,
                PropertyFormat::Select | PropertyFormat::MultiSelect
            )
        {
            return Err(Error::invalid(
                "tags",
                format!(
                    "only a select or multi_select property has tags, not a {} one",
                    self.format
                ),
            ));
        }
        for tag in &self.tags {
            tag.check()?;
        }
        Ok(())
    }
}

/// The new name (required by the API) and optionally a new key of a property.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UpdatePropertyRequest {
    /// The name (not blank).
    pub name: String,
    /// A new key.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub key: Option<String>,
}

impl UpdatePropertyRequest {
    fn check(&self) -> Result<()> {
        if self.name.trim().is_empty() {
            return Err(Error::invalid("name", "must not be empty"));
        }
        check_key(self.key.as_deref())
    }
}

/// The properties of one space. Get one from
/// [`AnytypeClient::properties`](crate::AnytypeClient::properties).
#[derive(Clone, Debug)]
pub struct Properties {
    items: Collection,
}

impl Properties {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str) -> Self {
        Properties {
            items: Collection::new(transport, space_id, None, "properties"),
        }
    }

    paging_reads!(PropertyPage, Property, "properties");

    /// The property `property_id`.
    pub async fn get(&self, property_id: &str) -> Result<Property> {
        self.items.get("property_id", property_id, &[]).await
    }

    /// Create a property. Never retried once it may have reached the server.
    pub async fn create(&self, request: &CreatePropertyRequest) -> Result<Property> {
        request.check()?;
        self.items.create(request).await
    }

    /// Rename a property (and optionally change its key).
    pub async fn update(
        &self,
        property_id: &str,
        request: &UpdatePropertyRequest,
    ) -> Result<Property> {
        request.check()?;
        self.items.update("property_id", property_id, request).await
    }

    /// Delete a property; returns it.
    pub async fn delete(&self, property_id: &str) -> Result<Property> {
        self.items.delete("property_id", property_id).await
    }
}
