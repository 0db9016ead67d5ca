//! Exports of [`crate::spaces`].

use crate::ffi::{ffi_object, ffi_operations, ffi_pagers};
use crate::{CreateSpaceRequest, Filter, Space, SpacePage, UpdateSpaceRequest};

ffi_object!(
    /// The spaces of the authenticated user.
    Spaces, BlockingSpaces wraps crate::Spaces
);

ffi_operations!(Spaces, BlockingSpaces:
    /// One page: `limit` (1..=1000) spaces after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100, filter = None))]
    fn list(offset: i64, limit: i64, filter: Option<Filter>) -> SpacePage =
        |spaces| spaces.list_where(filter.as_ref(), offset, limit);
    /// Every space, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn list_all(page_size: i64, filter: Option<Filter>) -> Vec<Space> =
        |spaces| spaces.list_all_where(filter.as_ref(), page_size);
    /// The space `space_id`; raises `NotFound` if there is none.
    fn get(space_id: String) -> Space = |spaces| spaces.get(&space_id);
    /// Create a space. Never retried after it may have reached the server.
    fn create(request: CreateSpaceRequest) -> Space = |spaces| spaces.create(&request);
    /// Change a space's name and/or description; returns the updated space.
    fn update(space_id: String, request: UpdateSpaceRequest) -> Space =
        |spaces| spaces.update(&space_id, &request);
);

ffi_pagers!(
    /// Walks every space one page at a time; `next_page` returns none after the last page.
    SpacePager, BlockingSpacePager of SpacePage;
    Spaces, BlockingSpaces:
    /// A pager that fetches the spaces one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn pager(page_size: i64, filter: Option<Filter>) =
        |spaces| spaces.pager_where(filter.as_ref(), page_size);
);
