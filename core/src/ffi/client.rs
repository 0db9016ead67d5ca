//! Exports of [`crate::client`]: the authenticated client and its resource handles.

use crate::ffi::{ffi_constructors, ffi_handles, ffi_object, BlockingSpaces, ClientConfig, Spaces};

ffi_object!(
    /// An authenticated client. Share one per server: its connections are pooled.
    AnytypeClient, BlockingAnytypeClient wraps crate::AnytypeClient
);

ffi_constructors!(AnytypeClient, BlockingAnytypeClient:
    /// A client that authenticates with `api_key` against the server in `config`.
    /// Nothing is sent yet; an empty key or a bad config raises `InvalidInput`.
    #[uniffi::constructor(default(config = None))]
    fn new(api_key: String, config: Option<ClientConfig>) =
        crate::AnytypeClient::new(&api_key, config.unwrap_or_default().try_into()?);
);

ffi_handles!(AnytypeClient, BlockingAnytypeClient:
    /// Spaces: list, get, create, update.
    fn spaces() -> Spaces, BlockingSpaces = |client| client.spaces();
);
