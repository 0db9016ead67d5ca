//! The authenticated client and its resource handles.

use std::sync::Arc;

use crate::config::ClientConfig;
use crate::error::Result;
use crate::http::Transport;
use crate::secret::ApiKey;
use crate::spaces::Spaces;

/// An authenticated client. Cheap to clone; clones share one connection pool.
///
/// ```no_run
/// # async fn demo() -> anytype_core::Result<()> {
/// use anytype_core::{AnytypeClient, ClientConfig};
///
/// let client = AnytypeClient::new("my-api-key", ClientConfig::default())?;
/// let page = client.spaces().list(0, 10).await?;
/// for space in &page.data {
///     println!("{} {}", space.id, space.name);
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct AnytypeClient {
    transport: Arc<Transport>,
    config: ClientConfig,
}

impl std::fmt::Debug for AnytypeClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnytypeClient")
            .field("base_url", &self.config.base_url)
            .field("api_key", &"<redacted>")
            .finish()
    }
}

impl AnytypeClient {
    /// A client that sends `api_key` as `Authorization: Bearer <key>` to the server in `config`.
    ///
    /// Fails with [`Error::InvalidInput`](crate::Error::InvalidInput) for an empty key or a bad config;
    /// nothing is sent yet.
    pub fn new(api_key: &str, config: ClientConfig) -> Result<Self> {
        let key = ApiKey::new(api_key)?;
        Ok(AnytypeClient {
            transport: Transport::new(&config, Some(&key))?,
            config,
        })
    }

    /// The configuration this client was built with.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Spaces: list, get, create, update.
    pub fn spaces(&self) -> Spaces {
        Spaces::new(self.transport.clone())
    }
}
