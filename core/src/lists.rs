//! Lists (collections and sets): add and remove objects, the list's views, the objects of a view.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str, list: &str, page: &str) -> anytype_core::Result<()> {
//! let lists = client.lists(space);
//! lists.add_objects(list, &[page.to_string()]).await?;
//! for view in lists.all_views(list, 100).await? {
//!     let objects = lists.all_objects(list, &view.id, None, 100).await?;
//!     println!("{} ({:?}): {} objects", view.name, view.layout, objects.len());
//! }
//! # Ok(()) }
//! ```
//!
//! A collection holds the objects added to it; a set shows the objects its query finds. Each
//! view of a list filters and sorts its objects its own way (`filters`, `sorts`); the objects of
//! a view come in that order and also take a [`Filter`] of their own.

use std::sync::Arc;

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::error::{Error, Result};
use crate::filters::Filter;
use crate::http::Transport;
use crate::models::{
    null_as_default, null_as_empty, open_enum, page_record, JsonValue, PropertyFormat,
};
use crate::objects::{Object, ObjectPage};
use crate::paging::{ListRequest, Pager};
use crate::resource::check_ids;

open_enum!(
    /// How a view shows its objects.
    ViewLayout, default Grid {
        /// A table.
        Grid = "grid",
        /// A list.
        List = "list",
        /// Cards.
        Gallery = "gallery",
        /// A board of columns.
        Kanban = "kanban",
        /// A calendar.
        Calendar = "calendar",
        /// A graph.
        Graph = "graph",
    }
);

open_enum!(
    /// The direction of a view's sort.
    ViewSortType, default Asc {
        /// Ascending.
        Asc = "asc",
        /// Descending.
        Desc = "desc",
        /// A custom order set by hand.
        Custom = "custom",
    }
);

/// One filter of a view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ViewFilter {
    /// The filter's id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The property it filters on.
    #[serde(default, deserialize_with = "null_as_default")]
    pub property_key: String,
    /// The property's format.
    #[serde(default)]
    pub format: PropertyFormat,
    /// The condition (`eq`, `in`, ...), as the server names it.
    #[serde(default, deserialize_with = "null_as_default")]
    pub condition: String,
    /// The value it compares with, as the server sent it (`null` when none).
    #[serde(default)]
    pub value: JsonValue,
}

/// One sort of a view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct ViewSort {
    /// The sort's id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The property it sorts by.
    #[serde(default, deserialize_with = "null_as_default")]
    pub property_key: String,
    /// The property's format.
    #[serde(default)]
    pub format: PropertyFormat,
    /// Ascending, descending or custom.
    #[serde(default)]
    pub sort_type: ViewSortType,
}

/// A view of a list: its layout and how it filters and sorts the list's objects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct View {
    /// The view id.
    #[serde(default, deserialize_with = "null_as_default")]
    pub id: String,
    /// The view's name, e.g. `All`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// How it shows the objects.
    #[serde(default)]
    pub layout: ViewLayout,
    /// Its filters (empty when none; the server sends `null`).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub filters: Vec<ViewFilter>,
    /// Its sorts, first one first.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub sorts: Vec<ViewSort>,
}

page_record!(
    /// One page of views.
    ViewPage of View
);

/// The lists (collections, sets) of one space. Get one from
/// [`AnytypeClient::lists`](crate::AnytypeClient::lists).
#[derive(Clone)]
pub struct Lists {
    transport: Arc<Transport>,
    space_id: String,
}

impl std::fmt::Debug for Lists {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lists")
            .field("space_id", &self.space_id)
            .finish()
    }
}

impl Lists {
    pub(crate) fn new(transport: Arc<Transport>, space_id: &str) -> Self {
        Lists {
            transport,
            space_id: space_id.to_owned(),
        }
    }

    fn segments<'a>(&'a self, list_id: &'a str, rest: &[&'a str]) -> Result<Vec<&'a str>> {
        check_ids(&[("space_id", &self.space_id), ("list_id", list_id)])?;
        let mut segments = vec!["v1", "spaces", &self.space_id, "lists", list_id];
        segments.extend_from_slice(rest);
        Ok(segments)
    }

    /// Add the objects `object_ids` to the collection `list_id` (ids already in it stay once).
    /// A write: never replayed once it may have been sent. The server takes ids of no object
    /// too (they show up as nameless entries): pass ids you got from the API.
    pub async fn add_objects(&self, list_id: &str, object_ids: &[String]) -> Result<()> {
        if object_ids.is_empty() {
            return Err(Error::invalid("object_ids", "must hold at least one id"));
        }
        if object_ids.iter().any(|id| id.trim().is_empty()) {
            return Err(Error::invalid("object_ids", "must not hold an empty id"));
        }
        let url = self
            .transport
            .url(&self.segments(list_id, &["objects"])?, &[])?;
        let _: serde_json::Value = self
            .transport
            .send(Method::POST, url, &json!({ "objects": object_ids }))
            .await?;
        Ok(())
    }

    /// Remove the object `object_id` from the collection `list_id` (not an error if it isn't in
    /// it). A write: never replayed once it may have been sent.
    pub async fn remove_object(&self, list_id: &str, object_id: &str) -> Result<()> {
        check_ids(&[("object_id", object_id)])?;
        let url = self
            .transport
            .url(&self.segments(list_id, &["objects", object_id])?, &[])?;
        let _: serde_json::Value = self
            .transport
            .request(Method::DELETE, url, None, false)
            .await?;
        Ok(())
    }

    fn views_request(&self, list_id: &str) -> Result<ListRequest> {
        Ok(ListRequest::get(&self.segments(list_id, &["views"])?))
    }

    /// One page of the views of the list `list_id`.
    pub async fn views(&self, list_id: &str, offset: i64, limit: i64) -> Result<ViewPage> {
        self.views_request(list_id)?
            .page(&self.transport, offset, limit, "limit")
            .await
    }

    /// A [`Pager`] over the views of the list `list_id`.
    pub fn view_pager(&self, list_id: &str, page_size: i64) -> Result<Pager<ViewPage>> {
        Pager::new(
            self.transport.clone(),
            self.views_request(list_id)?,
            page_size,
        )
    }

    /// Every view of the list `list_id`.
    pub async fn all_views(&self, list_id: &str, page_size: i64) -> Result<Vec<View>> {
        self.view_pager(list_id, page_size)?.collect_all().await
    }

    fn objects_request(
        &self,
        list_id: &str,
        view_id: &str,
        filter: Option<&Filter>,
    ) -> Result<ListRequest> {
        check_ids(&[("view_id", view_id)])?;
        let segments = self.segments(list_id, &["views", view_id, "objects"])?;
        ListRequest::get_filtered::<ObjectPage>(&segments, filter)
    }

    /// One page of the objects of the list `list_id` as its view `view_id` shows them (in the
    /// view's order, through its filters), narrowed by `filter`.
    pub async fn objects(
        &self,
        list_id: &str,
        view_id: &str,
        filter: Option<&Filter>,
        offset: i64,
        limit: i64,
    ) -> Result<ObjectPage> {
        self.objects_request(list_id, view_id, filter)?
            .page(&self.transport, offset, limit, "limit")
            .await
    }

    /// A [`Pager`] over the objects of the view `view_id` of the list `list_id`.
    pub fn object_pager(
        &self,
        list_id: &str,
        view_id: &str,
        filter: Option<&Filter>,
        page_size: i64,
    ) -> Result<Pager<ObjectPage>> {
        let request = self.objects_request(list_id, view_id, filter)?;
        Pager::new(self.transport.clone(), request, page_size)
    }

    /// Every object of the view `view_id` of the list `list_id`.
    pub async fn all_objects(
        &self,
        list_id: &str,
        view_id: &str,
        filter: Option<&Filter>,
        page_size: i64,
    ) -> Result<Vec<Object>> {
        self.object_pager(list_id, view_id, filter, page_size)?
            .collect_all()
            .await
    }
}
