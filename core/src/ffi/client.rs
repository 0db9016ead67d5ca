//! Exports of [`crate::client`]: the authenticated client and its resource handles.

use crate::ffi::{
    ffi_constructors, ffi_handles, ffi_object, BlockingLists, BlockingMembers, BlockingObjects,
    BlockingProperties, BlockingSearch, BlockingSpaces, BlockingTags, BlockingTemplates,
    BlockingTypes, ClientConfig, Lists, Members, Objects, Properties, Search, Spaces, Tags,
    Templates, Types,
};
use crate::ffi::{BlockingChats, BlockingFiles, Chats, Files};

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
    /// The objects of the space `space_id`: list, get, create, update, delete (archive).
    fn objects(space_id: String) -> Objects, BlockingObjects = |client| client.objects(&space_id);
    /// The types of the space `space_id`: list, get, create, update, delete.
    fn types(space_id: String) -> Types, BlockingTypes = |client| client.types(&space_id);
    /// The properties of the space `space_id`: list, get, create, update, delete.
    fn properties(space_id: String) -> Properties, BlockingProperties =
        |client| client.properties(&space_id);
    /// The tags of the select or multi-select property `property_id`.
    fn tags(space_id: String, property_id: String) -> Tags, BlockingTags =
        |client| client.tags(&space_id, &property_id);
    /// The templates of the type `type_id`: list, get.
    fn templates(space_id: String, type_id: String) -> Templates, BlockingTemplates =
        |client| client.templates(&space_id, &type_id);
    /// The members of the space `space_id`: list, get.
    fn members(space_id: String) -> Members, BlockingMembers = |client| client.members(&space_id);
    /// Search across every space (one space: `objects(space_id).search`).
    fn search() -> Search, BlockingSearch = |client| client.search();
    /// The lists (collections, sets) of the space `space_id`: add and remove objects, views,
    /// the objects of a view.
    fn lists(space_id: String) -> Lists, BlockingLists = |client| client.lists(&space_id);
    /// The files of the space `space_id`: upload, download, delete.
    fn files(space_id: String) -> Files, BlockingFiles = |client| client.files(&space_id);
    /// The chats of the space `space_id`: chats, messages, reactions, reads, search, stream.
    fn chats(space_id: String) -> Chats, BlockingChats = |client| client.chats(&space_id);
);
