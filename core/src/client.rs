//! The authenticated client and its resource handles.

use std::sync::Arc;

use crate::chats::Chats;
use crate::config::ClientConfig;
use crate::error::Result;
use crate::files::Files;
use crate::http::Transport;
use crate::lists::Lists;
use crate::members::Members;
use crate::objects::Objects;
use crate::properties::Properties;
use crate::search::Search;
use crate::secret::ApiKey;
use crate::spaces::Spaces;
use crate::tags::Tags;
use crate::templates::Templates;
use crate::types::Types;

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

    /// The objects of the space `space_id`: list, get, create, update, delete (archive).
    pub fn objects(&self, space_id: &str) -> Objects {
        Objects::new(self.transport.clone(), space_id)
    }

    /// The types of the space `space_id`: list, get, create, update, delete.
    pub fn types(&self, space_id: &str) -> Types {
        Types::new(self.transport.clone(), space_id)
    }

    /// The properties of the space `space_id`: list, get, create, update, delete.
    pub fn properties(&self, space_id: &str) -> Properties {
        Properties::new(self.transport.clone(), space_id)
    }

    /// The tags of the select or multi-select property `property_id`: list, get, create,
    /// update, delete.
    pub fn tags(&self, space_id: &str, property_id: &str) -> Tags {
        Tags::new(self.transport.clone(), space_id, property_id)
    }

    /// The templates of the type `type_id`: list, get.
    pub fn templates(&self, space_id: &str, type_id: &str) -> Templates {
        Templates::new(self.transport.clone(), space_id, type_id)
    }

    /// The members of the space `space_id`: list, get.
    pub fn members(&self, space_id: &str) -> Members {
        Members::new(self.transport.clone(), space_id)
    }

    /// Search across every space (search one space with [`Objects::search`]).
    pub fn search(&self) -> Search {
        Search::new(self.transport.clone())
    }

    /// The lists (collections, sets) of the space `space_id`: add and remove objects, views,
    /// the objects of a view.
    pub fn lists(&self, space_id: &str) -> Lists {
        Lists::new(self.transport.clone(), space_id)
    }

    /// The files of the space `space_id`: upload, download, delete.
    pub fn files(&self, space_id: &str) -> Files {
        Files::new(self.transport.clone(), space_id)
    }

    /// The chats of the space `space_id`: chats, messages, reactions, reads, search and the
    /// live stream.
    pub fn chats(&self, space_id: &str) -> Chats {
        Chats::new(self.transport.clone(), space_id)
    }
}
