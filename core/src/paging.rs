//! Offset pagination: checking page requests and walking every page of a list.
//!
//! The server takes `offset` (default 0) and `limit` (1..=1000, default 100). [`Pager`] walks a
//! list page by page; it stops when the server says there is nothing more, and also when a page
//! comes back empty, so a server that keeps saying `has_more` can't make it loop forever.

use std::future::Future;
use std::sync::Arc;

use futures::{Stream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;
use tokio::task::JoinHandle;

use crate::error::{Error, Result};
use crate::http::Transport;
use crate::models::Page;

/// Largest page the server serves.
pub const MAX_LIMIT: u64 = 1000;

/// The server's default page size.
pub const DEFAULT_LIMIT: u64 = 100;

/// Check a page request before anything is sent: `limit` must be in `1..=1000`.
pub fn check_page(offset: u64, limit: u64) -> Result<()> {
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(Error::invalid(
            "limit",
            format!("must be between 1 and {MAX_LIMIT}, got {limit}"),
        ));
    }
    if offset > i64::MAX as u64 {
        return Err(Error::invalid("offset", "is too large"));
    }
    Ok(())
}

/// A signed count from a foreign language as `u64`, rejecting negative values.
pub fn non_negative(field: &str, value: i64) -> Result<u64> {
    u64::try_from(value)
        .map_err(|_| Error::invalid(field, format!("must not be negative, got {value}")))
}

/// How many pages [`Pager::collect_all`] fetches at once once the first page gave the total.
pub const CONCURRENT_PAGES: usize = 4;

/// Walks every page of one list endpoint.
///
/// Get one from a resource's `pager` method (e.g. [`Spaces::pager`](crate::Spaces::pager)).
///
/// **Read-ahead:** when [`next_page`](Pager::next_page) hands out a page that has more after
/// it, the pager starts fetching the next one in the background (on the current Tokio runtime),
/// so the next call usually finds it already there while the caller was busy with this one.
/// Dropping the pager cancels that fetch. [`Pager::without_read_ahead`] turns this off.
/// [`collect_all`](Pager::collect_all) instead fetches up to [`CONCURRENT_PAGES`] pages at once.
pub struct Pager<T> {
    transport: Arc<Transport>,
    segments: Arc<[String]>,
    next_offset: u64,
    limit: u64,
    done: bool,
    read_ahead: bool,
    ahead: Option<JoinHandle<Result<Page<T>>>>,
}

impl<T> Drop for Pager<T> {
    fn drop(&mut self) {
        if let Some(ahead) = self.ahead.take() {
            ahead.abort();
        }
    }
}

impl<T: DeserializeOwned + Send + 'static> Pager<T> {
    pub(crate) fn new(
        transport: Arc<Transport>,
        segments: Vec<String>,
        page_size: u64,
    ) -> Result<Self> {
        check_page(0, page_size)?;
        Ok(Pager {
            transport,
            segments: segments.into(),
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
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>> {
        if self.done {
            return Ok(None);
        }
        let page = match self.ahead.take() {
            Some(ahead) => match ahead.await {
                Ok(page) => page?,
                Err(join) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
                // Cancelled (the runtime is shutting down): ask again here.
                Err(_) => self.fetch(self.next_offset).await?,
            },
            None => self.fetch(self.next_offset).await?,
        };
        self.advance(&page);
        if !self.done && self.read_ahead {
            if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                self.ahead = Some(runtime.spawn(self.fetch(self.next_offset)));
            }
        }
        Ok(Some(page))
    }

    fn advance(&mut self, page: &Page<T>) {
        self.next_offset += page.data.len() as u64;
        self.done = !page.pagination.has_more || page.data.is_empty();
    }

    /// The page at `offset`, as a future that owns what it needs (so it can be spawned).
    fn fetch(&self, offset: u64) -> impl Future<Output = Result<Page<T>>> + Send + 'static {
        fetch_owned(
            self.transport.clone(),
            self.segments.clone(),
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
    pub async fn collect_all(mut self) -> Result<Vec<T>> {
        self.read_ahead = false;
        let Some(first) = self.next_page().await? else {
            return Ok(Vec::new());
        };
        let total = first.pagination.total;
        let mut items = first.data;
        // The server's total sizes the walk, but is not trusted with the allocation.
        items.reserve(total.saturating_sub(items.len() as u64).min(100_000) as usize);
        if !self.done && self.next_offset < total {
            // Lazy: the server's total is not trusted with a list of every offset.
            let (transport, segments, limit) =
                (self.transport.clone(), self.segments.clone(), self.limit);
            let mut pages =
                futures::stream::iter((self.next_offset..total).step_by(limit as usize))
                    .map(|offset| {
                        let page = fetch_owned(transport.clone(), segments.clone(), offset, limit);
                        async move { page.await.map(|page| (offset, page)) }
                    })
                    .buffered(CONCURRENT_PAGES);
            while let Some((offset, page)) = pages.try_next().await? {
                self.next_offset = offset + page.data.len() as u64;
                self.done = !page.pagination.has_more || page.data.is_empty();
                if page.data.is_empty() {
                    break;
                }
                items.extend(page.data);
            }
        }
        while let Some(page) = self.next_page().await? {
            items.extend(page.data);
        }
        Ok(items)
    }

    /// The remaining items as a stream (pages are fetched as the stream is read, one ahead).
    pub fn into_stream(self) -> impl Stream<Item = Result<T>> {
        futures::stream::try_unfold(self, |mut pager| async move {
            Ok(pager.next_page().await?.map(|page| (page.data, pager)))
        })
        .map_ok(|items| futures::stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
    }
}

/// [`fetch_page`] with owned arguments, for futures that outlive the pager's borrow.
async fn fetch_owned<T: DeserializeOwned>(
    transport: Arc<Transport>,
    segments: Arc<[String]>,
    offset: u64,
    limit: u64,
) -> Result<Page<T>> {
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    fetch_page(&transport, &segments, offset, limit).await
}

/// One page of the list at `segments`.
pub(crate) async fn fetch_page<T: DeserializeOwned>(
    transport: &Transport,
    segments: &[&str],
    offset: u64,
    limit: u64,
) -> Result<Page<T>> {
    check_page(offset, limit)?;
    let url = transport.url(
        segments,
        &[("offset", offset.to_string()), ("limit", limit.to_string())],
    )?;
    transport.get(url).await
}
