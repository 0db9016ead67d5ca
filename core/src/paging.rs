//! Offset pagination: checking page requests and walking every page of a list.
//!
//! The server takes `offset` (default 0) and `limit` (1..=1000, default 100). [`Pager`] walks a
//! list page by page; it stops when the server says there is nothing more, and also when a page
//! comes back empty, so a server that keeps saying `has_more` can't make it loop forever.

use std::marker::PhantomData;
use std::sync::Arc;

use futures::{Stream, TryStreamExt};
use serde::de::DeserializeOwned;

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

/// Walks every page of one list endpoint.
///
/// Get one from a resource's `pager` method (e.g. [`Spaces::pager`](crate::Spaces::pager)).
pub struct Pager<T> {
    transport: Arc<Transport>,
    segments: Vec<String>,
    next_offset: u64,
    limit: u64,
    done: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Pager<T> {
    pub(crate) fn new(
        transport: Arc<Transport>,
        segments: Vec<String>,
        page_size: u64,
    ) -> Result<Self> {
        check_page(0, page_size)?;
        Ok(Pager {
            transport,
            segments,
            next_offset: 0,
            limit: page_size,
            done: false,
            _item: PhantomData,
        })
    }

    /// The next page, or `None` after the last one.
    pub async fn next_page(&mut self) -> Result<Option<Page<T>>> {
        if self.done {
            return Ok(None);
        }
        let segments: Vec<&str> = self.segments.iter().map(String::as_str).collect();
        let page: Page<T> =
            fetch_page(&self.transport, &segments, self.next_offset, self.limit).await?;
        self.next_offset += page.data.len() as u64;
        self.done = !page.pagination.has_more || page.data.is_empty();
        Ok(Some(page))
    }

    /// Every remaining item, in order.
    pub async fn collect_all(mut self) -> Result<Vec<T>> {
        let mut items = Vec::new();
        while let Some(page) = self.next_page().await? {
            items.extend(page.data);
        }
        Ok(items)
    }

    /// The remaining items as a stream (pages are fetched as the stream is read).
    pub fn into_stream(self) -> impl Stream<Item = Result<T>> {
        futures::stream::try_unfold(self, |mut pager| async move {
            Ok(pager.next_page().await?.map(|page| (page.data, pager)))
        })
        .map_ok(|items| futures::stream::iter(items.into_iter().map(Ok)))
        .try_flatten()
    }
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
