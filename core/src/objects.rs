//! Objects: pages, tasks, bookmarks, notes... with their typed property values and markdown body.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str) -> anytype_core::Result<()> {
//! use std::time::{Duration, SystemTime};
//! use anytype_core::{CreateObjectRequest, PropertyInput, UpdateObjectRequest};
//!
//! let objects = client.objects(space);
//! let task = objects
//!     .create(&CreateObjectRequest {
//!         name: Some("Write the report".into()),
//!         body: Some("# Outline\n- intro".into()),
//!         properties: vec![
//!             PropertyInput::Date { key: "due_date".into(), date: SystemTime::now() + Duration::from_secs(86_400) },
//!             PropertyInput::MultiSelect { key: "tag".into(), tags: vec!["work".into(), "urgent".into()] },
//!         ],
//!         ..CreateObjectRequest::new("task")
//!     })
//!     .await?;
//! println!("due {:?}", task.date("due_date"));
//! objects.delete(&task.id).await?; // archives it: a later get shows `archived`
//! # Ok(()) }
//! ```

use std::sync::Arc;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::http::Transport;
use crate::models::{null_as_default, null_as_empty, page_record, Icon, Layout};
use crate::resource::{paging_reads, Collection};
use crate::search::{Scope, SearchRequest};
use crate::tags::Tag;
use crate::types::Type;
use crate::values::{check_inputs, PropertyInput, PropertyValue, Value};

/// An object of a space (a page, a task, a bookmark, a template, ...).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Object {
    /// The object id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The object's name.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The icon, if any.
    #[serde(default)]
    pub icon: Option<Icon>,
    /// Whether the object was deleted (archived).
    #[serde(default, deserialize_with = "null_as_default")]
    pub archived: bool,
    /// The space it belongs to.
    #[serde(default, deserialize_with = "null_as_default")]
    pub space_id: String,
    /// The start of its body, as plain text.
    #[serde(default, deserialize_with = "null_as_default")]
    pub snippet: String,
    /// Its layout.
    #[serde(default)]
    pub layout: Layout,
    /// Its type (the `type` field).
    #[serde(default, rename = "type")]
    pub object_type: Option<Type>,
    /// Its properties with their values.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub properties: Vec<PropertyValue>,
    /// The body as markdown: given by `get`, `create` and `update`, absent in lists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
}

page_record!(
    /// One page of objects.
    ObjectPage of Object, matching Some(crate::filters::object_matches)
);

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Object {
    /// The property `key` with its value, if the object has it.
    pub fn property(&self, key: &str) -> Option<PropertyValue> {
        self.properties.iter().find(|p| p.key == key).cloned()
    }

    /// The value of the property `key`, if the object has it.
    pub fn value(&self, key: &str) -> Option<Value> {
        self.properties
            .iter()
            .find(|p| p.key == key)
            .map(|p| p.value.clone())
    }

    /// The text of the property `key` (a text, URL, e-mail or phone property), if it has one.
    pub fn text(&self, key: &str) -> Option<String> {
        match self.value(key)? {
            Value::Text { text: t }
            | Value::Url { url: t }
            | Value::Email { email: t }
            | Value::Phone { phone: t } => Some(t),
            _ => None,
        }
    }

    /// The number of the property `key`, if it is a number property with a value.
    pub fn number(&self, key: &str) -> Option<f64> {
        match self.value(key)? {
            Value::Number { number } => number,
            _ => None,
        }
    }

    /// The date of the property `key`, if it is a date property with a value.
    pub fn date(&self, key: &str) -> Option<SystemTime> {
        match self.value(key)? {
            Value::Date { date } => date,
            _ => None,
        }
    }

    /// Whether the checkbox `key` is checked; `None` if it is not a checkbox property.
    pub fn checkbox(&self, key: &str) -> Option<bool> {
        match self.value(key)? {
            Value::Checkbox { checked } => Some(checked),
            _ => None,
        }
    }

    /// The tag of the select property `key`, if it has one.
    pub fn select(&self, key: &str) -> Option<Tag> {
        match self.value(key)? {
            Value::Select { tag } => tag,
            _ => None,
        }
    }

    /// The tags of the select or multi-select property `key` (empty when none).
    pub fn tags(&self, key: &str) -> Vec<Tag> {
        match self.value(key) {
            Some(Value::MultiSelect { tags }) => tags,
            Some(Value::Select { tag: Some(tag) }) => vec![tag],
            _ => Vec::new(),
        }
    }

    /// The ids of the objects or files property `key` (empty when none).
    pub fn ids(&self, key: &str) -> Vec<String> {
        match self.value(key) {
            Some(Value::Objects { objects: ids }) | Some(Value::Files { files: ids }) => ids,
            _ => Vec::new(),
        }
    }
}

/// What a new object is made of.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct CreateObjectRequest {
    /// The type key, e.g. `page`, `task`, `bookmark` (required).
    pub type_key: String,
    /// The name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// The icon.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub icon: Option<Icon>,
    /// The body, as markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub body: Option<String>,
    /// A template of the type to start from.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub template_id: Option<String>,
    /// Property values (a bookmark's URL goes in its `source` property).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub properties: Vec<PropertyInput>,
}

impl CreateObjectRequest {
    /// An object of the type `type_key`, with nothing else set.
    pub fn new(type_key: impl Into<String>) -> Self {
        CreateObjectRequest {
            type_key: type_key.into(),
            name: None,
            icon: None,
            body: None,
            template_id: None,
            properties: Vec::new(),
        }
    }

    fn check(&self) -> Result<()> {
        if self.type_key.trim().is_empty() {
            return Err(Error::invalid("type_key", "must not be empty"));
        }
        if self
            .template_id
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
        {
            return Err(Error::invalid(
                "template_id",
                "must not be empty when given",
            ));
        }
        check_inputs(&self.properties)
    }
}

/// The fields of an object to change; `None` leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct UpdateObjectRequest {
    /// A new name.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub name: Option<String>,
    /// A new icon.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub icon: Option<Icon>,
    /// A new body, as markdown (replaces the whole body).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub markdown: Option<String>,
    /// A new type.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub type_key: Option<String>,
    /// Property values to set or clear (the others stay as they are).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub properties: Option<Vec<PropertyInput>>,
}

impl UpdateObjectRequest {
    fn check(&self) -> Result<()> {
        if *self == UpdateObjectRequest::default() {
            return Err(Error::invalid("request", "nothing to update"));
        }
        if self
            .type_key
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
        {
            return Err(Error::invalid("type_key", "must not be empty"));
        }
        check_inputs(self.properties.as_deref().unwrap_or_default())
    }
}

/// A create that failed in a way that may still have created the object says so.
fn may_exist(error: Error) -> Error {
    const NOTE: &str =
        " (the object may have been created anyway: look for it before creating it again)";
    match error {
        Error::Api {
            status,
            code,
            detail,
        } if status >= 500 => Error::Api {
            status,
            code,
            detail: detail + NOTE,
        },
        Error::Network { url, detail } if !detail.starts_with("could not connect") => {
            Error::Network {
                url,
                detail: detail + NOTE,
            }
        }
        other => other,
    }
}

/// The objects of one space. Get one from [`AnytypeClient::objects`](crate::AnytypeClient::objects).
#[derive(Clone, Debug)]
pub struct Objects {
    items: Collection,
    search: Scope,
}

impl Objects {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str) -> Self {
        Objects {
            search: Scope::new(transport.clone(), Some(space_id)),
            items: Collection::new(transport, space_id, None, "objects"),
        }
    }

    paging_reads!(ObjectPage, Object, "objects");

    /// One page of the space's objects that match `request` (text, types, filter, sort).
    pub async fn search(
        &self,
        request: &SearchRequest,
        offset: i64,
        limit: i64,
    ) -> Result<ObjectPage> {
        self.search.page(request, offset, limit).await
    }

    /// A [`Pager`](crate::Pager) over every match of `request` in the space.
    pub fn search_pager(
        &self,
        request: &SearchRequest,
        page_size: i64,
    ) -> Result<crate::Pager<ObjectPage>> {
        self.search.pager(request, page_size)
    }

    /// Every match of `request` in the space, fetched `page_size` (1..=1000) at a time.
    pub async fn search_all(&self, request: &SearchRequest, page_size: i64) -> Result<Vec<Object>> {
        self.search.all(request, page_size).await
    }

    /// The object `object_id`, with its markdown body. A deleted object comes back with
    /// `archived` set.
    pub async fn get(&self, object_id: &str) -> Result<Object> {
        self.items.get("object_id", object_id, &[]).await
    }

    /// Create an object. Never retried once it may have reached the server: an error after
    /// sending (a 5xx, a dropped connection) says the object may exist.
    pub async fn create(&self, request: &CreateObjectRequest) -> Result<Object> {
        request.check()?;
        self.items.create(request).await.map_err(may_exist)
    }

    /// Change an object; returns it with its markdown.
    pub async fn update(&self, object_id: &str, request: &UpdateObjectRequest) -> Result<Object> {
        request.check()?;
        self.items.update("object_id", object_id, request).await
    }

    /// Delete an object: the server archives it (there is no unarchive) and returns it as it
    /// was before (a later [`get`](Objects::get) shows it `archived`).
    pub async fn delete(&self, object_id: &str) -> Result<Object> {
        self.items.delete("object_id", object_id).await
    }
}
