//! Search: objects by text, type, filter and sort, in one space or across every space.
//!
//! ```no_run
//! # async fn demo(client: anytype_core::AnytypeClient, space: &str) -> anytype_core::Result<()> {
//! use anytype_core::{Filter, SearchRequest, Sort, SortProperty};
//!
//! let request = SearchRequest {
//!     types: vec!["task".into()],
//!     filter: Some(Filter::checkbox("done").eq(false) & Filter::text("name").contains("report")),
//!     sort: Some(Sort::desc(SortProperty::CreatedDate)),
//!     ..SearchRequest::default()
//! };
//! for task in client.objects(space).search_all(&request, 100).await? {
//!     println!("{}", task.name);
//! }
//! # Ok(()) }
//! ```
//!
//! The filter is checked before anything is sent, and compiled to the server's JSON filter
//! expression; what the server can't evaluate is evaluated by the SDK on each page (see
//! [`filters`](crate::filters)). **Global search's `total` and `has_more` are not true**: the
//! server caps each space at `offset + limit` results before adding them up, so a page's `total`
//! is at most `offset + limit` and `has_more` is false even when more follow. The pager of a
//! global search therefore walks page by page while pages come back full, never by `total`.

use std::sync::Arc;

use serde_json::{json, Map};

use crate::error::{Error, Result};
use crate::filters::{Filter, Sort};
use crate::http::Transport;
use crate::objects::{Object, ObjectPage};
use crate::paging::{ListRequest, Pager};
use crate::resource::check_ids;

/// What to search for. Every field is optional: the default finds every object.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct SearchRequest {
    /// Text to find in object names and bodies (case-insensitive).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub query: Option<String>,
    /// Only objects of these type keys (e.g. `page`, `task`). File types (`file`, `image`, ...)
    /// are found only when listed here.
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    pub types: Vec<String>,
    /// Only objects that match this filter.
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub filter: Option<Filter>,
    /// The order (the server's default: last modified, newest first).
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    pub sort: Option<Sort>,
}

impl SearchRequest {
    /// A search for `query`.
    pub fn text(query: impl Into<String>) -> Self {
        SearchRequest {
            query: Some(query.into()),
            ..SearchRequest::default()
        }
    }

    /// The request template (checked): the body, and the filter compiled into it.
    fn list_request(&self, segments: &[&str]) -> Result<ListRequest> {
        if self.types.iter().any(|t| t.trim().is_empty()) {
            return Err(Error::invalid("types", "must not hold an empty type key"));
        }
        let mut body = Map::new();
        if let Some(query) = self.query.as_deref().filter(|q| !q.trim().is_empty()) {
            body.insert("query".into(), json!(query));
        }
        if !self.types.is_empty() {
            body.insert("types".into(), json!(self.types));
        }
        if let Some(sort) = self.sort {
            body.insert("sort".into(), sort.to_json());
        }
        ListRequest::search::<ObjectPage>(segments, body, self.filter.as_ref())
    }
}

/// Where a search looks: one space, or every space.
#[derive(Clone)]
pub(crate) struct Scope {
    transport: Arc<Transport>,
    space_id: Option<String>,
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Search")
            .field("space_id", &self.space_id)
            .finish()
    }
}

impl Scope {
    pub(crate) fn new(transport: Arc<Transport>, space_id: Option<&str>) -> Self {
        Scope {
            transport,
            space_id: space_id.map(str::to_owned),
        }
    }

    fn request(&self, request: &SearchRequest) -> Result<ListRequest> {
        match &self.space_id {
            Some(space_id) => {
                check_ids(&[("space_id", space_id)])?;
                request.list_request(&["v1", "spaces", space_id, "search"])
            }
            None => Ok(request.list_request(&["v1", "search"])?.total_untrusted()),
        }
    }

    pub(crate) async fn page(
        &self,
        request: &SearchRequest,
        offset: i64,
        limit: i64,
    ) -> Result<ObjectPage> {
        self.request(request)?
            .page(&self.transport, offset, limit, "limit")
            .await
    }

    pub(crate) fn pager(
        &self,
        request: &SearchRequest,
        page_size: i64,
    ) -> Result<Pager<ObjectPage>> {
        Pager::new(self.transport.clone(), self.request(request)?, page_size)
    }

    pub(crate) async fn all(&self, request: &SearchRequest, page_size: i64) -> Result<Vec<Object>> {
        self.pager(request, page_size)?.collect_all().await
    }
}

/// Search across every space. Get one from [`AnytypeClient::search`](crate::AnytypeClient::search).
#[derive(Clone, Debug)]
pub struct Search {
    scope: Scope,
}

impl Search {
    pub(crate) fn new(transport: Arc<Transport>) -> Self {
        Search {
            scope: Scope::new(transport, None),
        }
    }

    /// One page of the objects of every space that match `request`. Its `total` and `has_more`
    /// are not true (each space is capped at `offset + limit`): a full page may have more after
    /// it; the [`pager`](Search::pager) knows.
    pub async fn list(
        &self,
        request: &SearchRequest,
        offset: i64,
        limit: i64,
    ) -> Result<ObjectPage> {
        self.scope.page(request, offset, limit).await
    }

    /// A [`Pager`] over every match, `page_size` (1..=1000) at a time.
    pub fn pager(&self, request: &SearchRequest, page_size: i64) -> Result<Pager<ObjectPage>> {
        self.scope.pager(request, page_size)
    }

    /// Every match, fetched `page_size` at a time (page by page: `total` is not trusted).
    pub async fn list_all(&self, request: &SearchRequest, page_size: i64) -> Result<Vec<Object>> {
        self.scope.all(request, page_size).await
    }
}
