//! Offset pagination: checking page requests and walking every page of a list.
//!
//! The server takes `offset` (default 0) and `limit` (1..=1000, default 100). Every list endpoint
//! goes through one [`Pager`], built from a request template ([`ListRequest`]): a `GET` with
//! query parameters (spaces, objects, types, ...), or a `POST` with a JSON body and `offset` /
//! `limit` in the query (search). The pager stops when the server says there is nothing more,
//! and also when a page comes back empty, so a server that keeps saying `has_more` can't make it
//! loop forever.

use std::future::Future;
use std::sync::Arc;

use bytes::Bytes;
use futures::{Stream, StreamExt, TryStreamExt};
use reqwest::Method;
use serde::Serialize;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};
use crate::filters::{plan, Filter, Grammar};
use crate::http::Transport;
use crate::models::Page;

/// Largest page the server serves.
pub const MAX_LIMIT: i64 = 1000;

/// The server's default page size.
pub const DEFAULT_LIMIT: i64 = 100;

/// How many pages [`Pager::collect_all`] fetches at once once the first page gave the total.
pub const CONCURRENT_PAGES: usize = 4;

/// Check a page request before anything is sent: `offset` must not be negative and `limit`
/// must be in `1..=1000`. `limit_name` is the caller's name for the page size (`limit` for one
/// page, `page_size` for a walk), so the error names the argument the caller passed.
pub fn check_page(offset: i64, limit: i64, limit_name: &str) -> Result<()> {
    if offset < 0 {
        return Err(Error::invalid(
            "offset",
            format!("must not be negative, got {offset}"),
        ));
    }
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::invalid(
            limit_name,
            format!("must be between 1 and {MAX_LIMIT}, got {limit}"),
        ));
    }
    Ok(())
}

/// The request of one list endpoint, without its `offset` and `limit`: the template every page
/// of a [`Pager`] is made from.
#[derive(Clone, Debug)]
pub(crate) struct ListRequest {
    method: Method,
    segments: Arc<[String]>,
    query: Arc<[(String, String)]>,
    body: Option<Bytes>,
    /// The part of the caller's filter the server can't evaluate: applied to every page.
    residual: Option<Arc<Filter>>,
    /// Whether the server's `total` and `has_more` are true (not in global search, where a
    /// walk goes on while pages come back full).
    trust_total: bool,
}

/// One page as the server served it, after the SDK's part of the filter.
pub(crate) struct Served<P> {
    pub(crate) page: P,
    /// How many items the server sent (before the SDK's filter): what the next offset adds.
    pub(crate) served: usize,
}

impl ListRequest {
    /// `GET` of the list at `segments` (below the base URL).
    pub(crate) fn get(segments: &[&str]) -> Self {
        ListRequest {
            method: Method::GET,
            segments: segments.iter().map(|s| s.to_string()).collect(),
            query: Arc::new([]),
            body: None,
            residual: None,
            trust_total: true,
        }
    }

    /// A `GET` of the list at `segments` filtered by `filter`: the query parameters the server
    /// evaluates, and the rest evaluated on each page (refused before sending for lists whose
    /// items can't be evaluated).
    pub(crate) fn get_filtered<P: Page>(
        segments: &[&str],
        filter: Option<&Filter>,
    ) -> Result<Self> {
        let plan = plan(filter, Grammar::Query)?;
        let mut request = ListRequest::get(segments);
        request.query = plan.query.into();
        request.residual = residual_for::<P>(plan.residual)?;
        Ok(request)
    }

    /// A search `POST` of `body` (with the compiled expression under `filters`) to `segments`.
    pub(crate) fn search<P: Page>(
        segments: &[&str],
        mut body: serde_json::Map<String, serde_json::Value>,
        filter: Option<&Filter>,
    ) -> Result<Self> {
        let plan = plan(filter, Grammar::Search)?;
        if let Some(expression) = plan.expression {
            body.insert("filters".into(), expression);
        }
        let mut request = ListRequest::post(segments, &body)?;
        request.residual = residual_for::<P>(plan.residual)?;
        Ok(request)
    }

    /// The same request with extra query parameters (e.g. chat search's `query`), sent before
    /// `offset`/`limit`.
    pub(crate) fn with_query(mut self, query: Vec<(String, String)>) -> Self {
        self.query = query.into();
        self
    }

    /// The same request, its `total` not a true count (global search): walks go page by page.
    pub(crate) fn total_untrusted(mut self) -> Self {
        self.trust_total = false;
        self
    }

    /// `POST` of `body` as JSON to `segments`, with `offset`/`limit` in the query (search).
    /// Such a request only reads, so it is retried like a `GET` and not paced as a write.
    pub(crate) fn post<B: Serialize + ?Sized>(segments: &[&str], body: &B) -> Result<Self> {
        let body = serde_json::to_vec(body)
            .map_err(|e| Error::invalid("body", format!("can't be encoded as JSON: {e}")))?;
        Ok(ListRequest {
            method: Method::POST,
            body: Some(Bytes::from(body)),
            ..ListRequest::get(segments)
        })
    }

    /// The page at `offset`, `limit` items long.
    pub(crate) async fn fetch<P: Page>(
        &self,
        transport: &Transport,
        offset: i64,
        limit: i64,
        limit_name: &str,
    ) -> Result<Served<P>> {
        check_page(offset, limit, limit_name)?;
        let segments: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        let mut query: Vec<(&str, String)> = self
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        query.push(("offset", offset.to_string()));
        query.push(("limit", limit.to_string()));
        let url = transport.url(&segments, &query)?;
        let mut page: P = transport
            .request(self.method.clone(), url, self.body.clone(), true)
            .await?;
        let served = page.len();
        if let Some(filter) = &self.residual {
            if let Some(matches) = P::MATCHES {
                page.retain(|item| matches(item, filter));
            }
        }
        Ok(Served { page, served })
    }

    /// One page for the caller (`limit_name` is the caller's name for the page size).
    pub(crate) async fn page<P: Page>(
        &self,
        transport: &Transport,
        offset: i64,
        limit: i64,
        limit_name: &str,
    ) -> Result<P> {
        Ok(self.fetch(transport, offset, limit, limit_name).await?.page)
    }
}

/// The residual of a filter, if the items of `P` can be evaluated; refused otherwise.
fn residual_for<P: Page>(residual: Option<Filter>) -> Result<Option<Arc<Filter>>> {
    match residual {
        None => Ok(None),
        Some(_) if P::MATCHES.is_none() => Err(Error::invalid(
            "filter",
            format!(
                "the server can't evaluate {} on this list, and the SDK evaluates filters \
                 itself only on lists of objects (see docs/filters.md)",
                describe(residual.as_ref())
            ),
        )),
        Some(filter) => Ok(Some(Arc::new(filter))),
    }
}

fn describe(filter: Option<&Filter>) -> String {
    match filter {
        Some(Filter::Condition {
            key,
            condition,
            value,
        }) => format!(
            "the condition `{condition}` on the {} property `{key}`",
            value.format()
        ),
        Some(Filter::Or { .. }) => "an `or` group".into(),
        Some(Filter::And { filters }) => describe(filters.first()),
        _ => "this filter".into(),
    }
}

/// Walks every page of one list endpoint.
///
/// Get one from a resource's `pager` method (e.g. [`Spaces::pager`](crate::Spaces::pager)).
///
/// **Read-ahead:** when [`next_page`](Pager::next_page) hands out a page that has more after
/// it, the pager starts fetching the next one in the background (on the current Tokio runtime),
/// so the next call usually finds it already there while the caller was busy with this one.
/// Dropping the pager cancels that fetch. [`Pager::without_read_ahead`] turns this off.
/// [`collect_all`](Pager::collect_all) instead fetches up to [`CONCURRENT_PAGES`] pages at once.
pub struct Pager<P: Page> {
    transport: Arc<Transport>,
    request: ListRequest,
    next_offset: i64,
    limit: i64,
    done: bool,
    read_ahead: bool,
    ahead: Option<JoinHandle<Result<Served<P>>>>,
}

impl<P: Page> std::fmt::Debug for Pager<P> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pager")
            .field("next_offset", &self.next_offset)
            .field("page_size", &self.limit)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<P: Page> Drop for Pager<P> {
    fn drop(&mut self) {
        if let Some(ahead) = self.ahead.take() {
            ahead.abort();
        }
    }
}

impl<P: Page> Pager<P> {
    /// A pager over `request`, `page_size` (1..=1000) items a page; checked before anything is sent.
    pub(crate) fn new(
        transport: Arc<Transport>,
        request: ListRequest,
        page_size: i64,
    ) -> Result<Self> {
        check_page(0, page_size, "page_size")?;
        Ok(Pager {
            transport,
            request,
            next_offset: 0,
            limit: page_size,
            done: false,
            read_ahead: true,
            ahead: None,
        })
    }

    /// The same pager without read-ahead: each page is fetched when it is asked for.
    pub fn without_read_ahead(mut self) -> Self {
        self.read_ahead = false;
        self
    }

    /// The next page, or `None` after the last one.
    ///
    /// An error leaves the pager where it was: calling again asks for the same page again.
    pub async fn next_page(&mut self) -> Result<Option<P>> {
        if self.done {
            return Ok(None);
        }
        let served = match self.ahead.take() {
            Some(ahead) => match ahead.await {
                Ok(page) => page?,
                Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
                // Cancelled (the runtime is shutting down): ask again here.
                Err(_) => self.fetch(self.next_offset).await?,
            },
            None => self.fetch(self.next_offset).await?,
        };
        self.advance(&served);
        let page = served.page;
        if !self.done && self.read_ahead {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                self.ahead = Some(runtime.spawn(self.fetch(self.next_offset)));
            }
        }
        Ok(Some(page))
    }

    fn advance(&mut self, served: &Served<P>) {
        self.next_offset += served.served as i64;
        self.done = if self.request.trust_total {
            !served.page.pagination().has_more || served.served == 0
        } else {
            // Global search caps each space at `offset + limit`, so its `total` and `has_more`
            // only describe this page: a full page may have more after it, a short one is the end.
            (served.served as i64) < self.limit
        };
    }

    /// The page at `offset`, as a future that owns what it needs (so it can be spawned).
    fn fetch(&self, offset: i64) -> impl Future<Output = Result<Served<P>>> + Send + 'static {
        fetch_owned(
            self.transport.clone(),
            self.request.clone(),
            offset,
            self.limit,
        )
    }

    /// Every remaining item, in order.
    ///
    /// After the first page has given the total, the pages up to that total are fetched
    /// [`CONCURRENT_PAGES`] at a time; then, if the last of them says more follow (the list
    /// grew meanwhile), the rest one by one. An empty page ends the walk, as in
    /// [`next_page`](Pager::next_page). Offset paging can't be a snapshot: a list that changes
    /// during the walk may show an item twice or not at all, one page at a time or not.
    pub async fn collect_all(mut self) -> Result<Vec<P::Item>> {
        self.read_ahead = false;
        let Some(first) = self.next_page().await? else {
            return Ok(Vec::new());
        };
        let total = first.pagination().total;
        let mut items = first.into_items();
        // The server's total sizes the walk, but is not trusted with the allocation.
        items.reserve(total.saturating_sub(items.len() as i64).clamp(0, 100_000) as usize);
        if !self.done && self.next_offset < total && self.request.trust_total {
            // Lazy: the server's total is not trusted with a list of every offset.
            let (transport, request, limit) =
                (self.transport.clone(), self.request.clone(), self.limit);
            let mut pages =
                futures::stream::iter((self.next_offset..total).step_by(limit as usize))
                    .map(|offset| {
                        let page =
                            fetch_owned::<P>(transport.clone(), request.clone(), offset, limit);
                        async move { page.await.map(|page| (offset, page)) }
                    })
                    .buffered(CONCURRENT_PAGES);
            while let Some((offset, Served { page, served })) = pages.try_next().await? {
                self.next_offset = offset + served as i64;
                self.done = !page.pagination().has_more || served == 0;
                if served == 0 {
                    break;
                }
                items.extend(page.into_items());
            }
        }
        while let Some(page) = self.next_page().await? {
            items.extend(page.into_items());
        }
        Ok(items)
    }

    /// The remaining items as a stream (pages are fetched as the stream is read, one ahead).
    pub fn into_stream(self) -> impl Stream<Item = Result<P::Item>> {
        futures::stream::try_unfold(self, |mut pager| async move {
            Ok(pager
                .next_page()
                .await?
                .map(|page| (page.into_items(), pager)))
        })
        .map_ok(|items| futures::stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
    }
}

/// One page of `request`, with owned arguments, for futures that outlive the pager's borrow.
async fn fetch_owned<P: Page>(
    transport: Arc<Transport>,
    request: ListRequest,
    offset: i64,
    limit: i64,
) -> Result<Served<P>> {
    request.fetch(&transport, offset, limit, "page_size").await
}
