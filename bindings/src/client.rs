//! The exported objects: `Auth`, `AnytypeClient`, `Spaces` and `SpacePager`.

use std::sync::Arc;

use anytype_core as core;
use tokio::sync::Mutex;

use crate::error::AnytypeError;
use crate::models::{
    page_args, ClientConfig, CreateSpaceRequest, Space, SpacePage, UpdateSpaceRequest,
};
use crate::runtime::{enter, run};

fn core_config(config: Option<ClientConfig>) -> Result<core::ClientConfig, AnytypeError> {
    config.unwrap_or_default().try_into()
}

/// Authentication: create a challenge, then exchange its id and the 4-digit code for an API key.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct Auth {
    inner: core::Auth,
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

#[uniffi::export]
impl Auth {
    /// Authentication against the server in `config` (the desktop app when omitted).
    #[uniffi::constructor(default(config = None))]
    pub fn new(config: Option<ClientConfig>) -> Result<Arc<Self>, AnytypeError> {
        let config = core_config(config)?;
        let inner = enter(|| core::Auth::new(config))?;
        Ok(Arc::new(Auth { inner }))
    }

    /// Start a challenge for `app_name`; the desktop app shows a 4-digit code. Returns the challenge id.
    pub async fn create_challenge(&self, app_name: String) -> Result<String, AnytypeError> {
        let inner = self.inner.clone();
        run(async move { inner.create_challenge(&app_name).await }).await
    }

    /// Exchange the challenge id and the 4-digit code for an API key. A wrong code raises `WrongCode`.
    pub async fn create_api_key(
        &self,
        challenge_id: String,
        code: String,
    ) -> Result<String, AnytypeError> {
        let inner = self.inner.clone();
        run(async move {
            let key = inner.create_api_key(&challenge_id, &code).await?;
            Ok(key.expose_secret().to_owned())
        })
        .await
    }
}

/// An authenticated client. Share one per server: its connections are pooled.
#[derive(uniffi::Object)]
#[uniffi::export(Debug)]
pub struct AnytypeClient {
    inner: core::AnytypeClient,
}

impl std::fmt::Debug for AnytypeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.fmt(f)
    }
}

#[uniffi::export]
impl AnytypeClient {
    /// A client that authenticates with `api_key` against the server in `config`.
    /// Nothing is sent yet; an empty key or a bad config raises `InvalidInput`.
    #[uniffi::constructor(default(config = None))]
    pub fn new(api_key: String, config: Option<ClientConfig>) -> Result<Arc<Self>, AnytypeError> {
        let config = core_config(config)?;
        let inner = enter(|| core::AnytypeClient::new(&api_key, config))?;
        Ok(Arc::new(AnytypeClient { inner }))
    }

    /// Spaces: list, get, create, update.
    pub fn spaces(&self) -> Arc<Spaces> {
        Arc::new(Spaces {
            inner: self.inner.spaces(),
        })
    }
}

/// The spaces of the authenticated user.
#[derive(uniffi::Object)]
pub struct Spaces {
    inner: core::Spaces,
}

#[uniffi::export]
impl Spaces {
    /// One page: `limit` (1..=1000) spaces after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100))]
    pub async fn list(&self, offset: i64, limit: i64) -> Result<SpacePage, AnytypeError> {
        let (offset, limit) = page_args(offset, limit)?;
        let inner = self.inner.clone();
        run(async move { Ok(inner.list(offset, limit).await?.into()) }).await
    }

    /// Every space, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    pub async fn list_all(&self, page_size: i64) -> Result<Vec<Space>, AnytypeError> {
        let (_, page_size) = page_args(0, page_size)?;
        let inner = self.inner.clone();
        run(async move {
            let spaces = inner.list_all(page_size).await?;
            Ok(spaces.into_iter().map(Space::from).collect())
        })
        .await
    }

    /// A pager that fetches the spaces one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    pub fn pager(&self, page_size: i64) -> Result<Arc<SpacePager>, AnytypeError> {
        let (_, page_size) = page_args(0, page_size)?;
        let pager = self.inner.pager(page_size)?;
        Ok(Arc::new(SpacePager {
            inner: Arc::new(Mutex::new(pager)),
        }))
    }

    /// The space `space_id`; raises `NotFound` if there is none.
    pub async fn get(&self, space_id: String) -> Result<Space, AnytypeError> {
        let inner = self.inner.clone();
        run(async move { Ok(inner.get(&space_id).await?.into()) }).await
    }

    /// Create a space. Never retried after it may have reached the server.
    pub async fn create(&self, request: CreateSpaceRequest) -> Result<Space, AnytypeError> {
        let inner = self.inner.clone();
        run(async move { Ok(inner.create(&request.into()).await?.into()) }).await
    }

    /// Change a space's name and/or description; returns the updated space.
    pub async fn update(
        &self,
        space_id: String,
        request: UpdateSpaceRequest,
    ) -> Result<Space, AnytypeError> {
        let inner = self.inner.clone();
        run(async move { Ok(inner.update(&space_id, &request.into()).await?.into()) }).await
    }
}

/// Walks every space one page at a time; `next_page` returns `None` after the last page.
#[derive(uniffi::Object)]
pub struct SpacePager {
    inner: Arc<Mutex<core::Pager<core::Space>>>,
}

#[uniffi::export]
impl SpacePager {
    /// The next page, or `None` when there are no more.
    pub async fn next_page(&self) -> Result<Option<SpacePage>, AnytypeError> {
        let inner = self.inner.clone();
        run(async move { Ok(inner.lock().await.next_page().await?.map(SpacePage::from)) }).await
    }
}
