//! What every resource collection of a space shares (objects, types, properties, tags,
//! templates, members): where it lives, its ids checked before anything is sent, one page, the
//! pager, and get / create / update / delete of one item with the real server's envelopes.
//! Internal: each resource module's handle is a thin typed face over a [`Collection`].

use std::sync::Arc;

use reqwest::Method;
use serde::de::{DeserializeOwned, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

use crate::error::{Error, Result};
use crate::filters::Filter;
use crate::http::Transport;
use crate::models::Page;
use crate::paging::{ListRequest, Pager};

/// One collection below a space, e.g. `/v1/spaces/{space_id}/properties/{property_id}/tags`.
#[derive(Clone)]
pub(crate) struct Collection {
    transport: Arc<Transport>,
    /// The path segments (ids included), e.g. `["v1", "spaces", id, "types"]`.
    segments: Vec<String>,
    /// The ids in the path and the caller's names for them, checked before every call.
    ids: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for Collection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("Collection");
        s.field("path", &self.segments.join("/"));
        s.finish()
    }
}

/// Each `(name, id)` of `ids` checked to be non-blank; the error names the caller's argument.
pub(crate) fn check_ids(ids: &[(&str, &str)]) -> Result<()> {
    for (name, id) in ids {
        if id.trim().is_empty() {
            return Err(Error::invalid(*name, "must not be empty"));
        }
    }
    Ok(())
}

impl Collection {
    /// The collection `kind` below the space `space_id` (and below `parent`, e.g.
    /// `("properties", "property_id", id)` for tags).
    pub(crate) fn new(
        transport: Arc<Transport>,
        space_id: &str,
        parent: Option<(&str, &'static str, &str)>,
        kind: &str,
    ) -> Self {
        let mut segments = vec!["v1".to_string(), "spaces".into(), space_id.into()];
        let mut ids = vec![("space_id", space_id.to_string())];
        if let Some((collection, name, id)) = parent {
            segments.push(collection.into());
            segments.push(id.into());
            ids.push((name, id.to_string()));
        }
        segments.push(kind.into());
        Collection {
            transport,
            segments,
            ids,
        }
    }

    fn check(&self) -> Result<()> {
        let ids: Vec<(&str, &str)> = self.ids.iter().map(|(n, id)| (*n, id.as_str())).collect();
        check_ids(&ids)
    }

    fn segments(&self) -> Vec<&str> {
        self.segments.iter().map(String::as_str).collect()
    }

    fn item_url(&self, id_name: &str, id: &str, query: &[(&str, String)]) -> Result<url::Url> {
        self.check()?;
        check_ids(&[(id_name, id)])?;
        let mut segments = self.segments();
        segments.push(id);
        self.transport.url(&segments, query)
    }

    fn list_request<P: Page>(&self, filter: Option<&Filter>) -> Result<ListRequest> {
        self.check()?;
        ListRequest::get_filtered::<P>(&self.segments(), filter)
    }

    /// One page: `limit` items (1..=1000) after skipping `offset`, filtered by `filter`.
    pub(crate) async fn list<P: Page>(
        &self,
        offset: i64,
        limit: i64,
        filter: Option<&Filter>,
    ) -> Result<P> {
        self.list_request::<P>(filter)?
            .page(&self.transport, offset, limit, "limit")
            .await
    }

    /// A pager over every item, `page_size` (1..=1000) at a time, filtered by `filter`.
    pub(crate) fn pager<P: Page>(
        &self,
        page_size: i64,
        filter: Option<&Filter>,
    ) -> Result<Pager<P>> {
        Pager::new(
            self.transport.clone(),
            self.list_request::<P>(filter)?,
            page_size,
        )
    }

    /// Every item, `page_size` at a time, filtered by `filter`.
    pub(crate) async fn list_all<P: Page>(
        &self,
        page_size: i64,
        filter: Option<&Filter>,
    ) -> Result<Vec<P::Item>> {
        self.pager::<P>(page_size, filter)?.collect_all().await
    }

    /// `GET` of the item `id` (the caller's name for it: `id_name`), unwrapped.
    pub(crate) async fn get<T: DeserializeOwned>(
        &self,
        id_name: &str,
        id: &str,
        query: &[(&str, String)],
    ) -> Result<T> {
        let url = self.item_url(id_name, id, query)?;
        let Wrapped(item) = self.transport.get(url).await?;
        Ok(item)
    }

    /// `POST` of a new item, unwrapped. A write: never replayed once it may have been sent.
    pub(crate) async fn create<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        body: &B,
    ) -> Result<T> {
        self.check()?;
        let url = self.transport.url(&self.segments(), &[])?;
        let Wrapped(item) = self.transport.send(Method::POST, url, body).await?;
        Ok(item)
    }

    /// `PATCH` of the item `id`, unwrapped.
    pub(crate) async fn update<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        id_name: &str,
        id: &str,
        body: &B,
    ) -> Result<T> {
        let url = self.item_url(id_name, id, &[])?;
        let Wrapped(item) = self.transport.send(Method::PATCH, url, body).await?;
        Ok(item)
    }

    /// `DELETE` of the item `id` (the server archives it and answers with it), unwrapped.
    pub(crate) async fn delete<T: DeserializeOwned>(&self, id_name: &str, id: &str) -> Result<T> {
        let url = self.item_url(id_name, id, &[])?;
        let answer: Wrapped<T> = self
            .transport
            .request(Method::DELETE, url, None, false)
            .await?;
        Ok(answer.0)
    }
}

/// The paging reads every resource handle has, over its `items: Collection`: `list` (one
/// page), `pager` and `list_all`, and their `_where` forms that take a [`Filter`], documented
/// with the resource's plural noun.
macro_rules! paging_reads {
    ($page:ty, $item:ty, $noun:literal) => {
        #[doc = concat!("One page: `limit` ", $noun, " (1..=1000) after skipping `offset`.")]
        pub async fn list(&self, offset: i64, limit: i64) -> crate::Result<$page> {
            self.items.list(offset, limit, None).await
        }

        #[doc = concat!("A [`Pager`](crate::Pager) over every one of the ", $noun, ", `page_size` (1..=1000) at a time.")]
        pub fn pager(&self, page_size: i64) -> crate::Result<crate::Pager<$page>> {
            self.items.pager(page_size, None)
        }

        #[doc = concat!("Every one of the ", $noun, ", fetched `page_size` (1..=1000) at a time.")]
        pub async fn list_all(&self, page_size: i64) -> crate::Result<Vec<$item>> {
            self.items.list_all::<$page>(page_size, None).await
        }

        #[doc = concat!("One page of the ", $noun, " that match `filter` (checked before sending; see [`filters`](crate::filters) for what the server evaluates and what the SDK does).")]
        pub async fn list_where(
            &self,
            filter: Option<&crate::Filter>,
            offset: i64,
            limit: i64,
        ) -> crate::Result<$page> {
            self.items.list(offset, limit, filter).await
        }

        #[doc = concat!("A [`Pager`](crate::Pager) over the ", $noun, " that match `filter`.")]
        pub fn pager_where(
            &self,
            filter: Option<&crate::Filter>,
            page_size: i64,
        ) -> crate::Result<crate::Pager<$page>> {
            self.items.pager(page_size, filter)
        }

        #[doc = concat!("Every one of the ", $noun, " that match `filter`.")]
        pub async fn list_all_where(
            &self,
            filter: Option<&crate::Filter>,
            page_size: i64,
        ) -> crate::Result<Vec<$item>> {
            self.items.list_all::<$page>(page_size, filter).await
        }
    };
}
pub(crate) use paging_reads;

/// A single resource in the server's envelope, `{"object": {...}}`, `{"type": {...}}` and so
/// on: the value of the first entry of the JSON object (the server sends exactly one).
pub(crate) struct Wrapped<T>(pub(crate) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Wrapped<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct First<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for First<T> {
            type Value = Wrapped<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object with one entry, such as {\"object\": {...}}")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Self::Value, A::Error> {
                let Some((_, value)) = map.next_entry::<serde::de::IgnoredAny, T>()? else {
                    return Err(serde::de::Error::custom("the envelope is empty"));
                };
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Wrapped(value))
            }
        }
        deserializer.deserialize_map(First(std::marker::PhantomData))
    }
}
