//! Exports of [`crate::search`] (global search) and [`crate::lists`].

use crate::ffi::{ffi_object, ffi_operations, ffi_pagers, BlockingObjectPager, ObjectPager};
use crate::{Filter, Object, ObjectPage, SearchRequest, View, ViewPage};

ffi_object!(
    /// Search across every space.
    Search, BlockingSearch wraps crate::Search
);

ffi_operations!(Search, BlockingSearch:
    /// One page of the objects of every space that match `request`. Its `total` and `has_more`
    /// are not true (the server caps each space at `offset + limit`): walk with `pager`.
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn list(request: SearchRequest, offset: i64, limit: i64) -> ObjectPage =
        |search| search.list(&request, offset, limit);
    /// Every match, fetched `page_size` at a time (page by page, while pages come back full).
    #[uniffi::method(default(page_size = 100))]
    fn list_all(request: SearchRequest, page_size: i64) -> Vec<Object> =
        |search| search.list_all(&request, page_size);
);

ffi_pagers!(use ObjectPager, BlockingObjectPager; Search, BlockingSearch:
    /// A pager over every match of `request`, `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    fn pager(request: SearchRequest, page_size: i64) = |search| search.pager(&request, page_size);
);

ffi_object!(
    /// The lists (collections, sets) of one space.
    Lists, BlockingLists wraps crate::Lists
);

ffi_operations!(Lists, BlockingLists:
    /// Add the objects `object_ids` to the collection `list_id`. A write: never replayed.
    fn add_objects(list_id: String, object_ids: Vec<String>) -> () =
        |lists| lists.add_objects(&list_id, &object_ids);
    /// Remove the object `object_id` from the collection `list_id`. A write: never replayed.
    fn remove_object(list_id: String, object_id: String) -> () =
        |lists| lists.remove_object(&list_id, &object_id);
    /// One page of the views of the list `list_id`.
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn views(list_id: String, offset: i64, limit: i64) -> ViewPage =
        |lists| lists.views(&list_id, offset, limit);
    /// Every view of the list `list_id`.
    #[uniffi::method(default(page_size = 100))]
    fn all_views(list_id: String, page_size: i64) -> Vec<View> =
        |lists| lists.all_views(&list_id, page_size);
    /// One page of the objects of the list `list_id` as its view `view_id` shows them,
    /// narrowed by `filter`.
    #[uniffi::method(default(filter = None, offset = 0, limit = 100))]
    fn objects(list_id: String, view_id: String, filter: Option<Filter>, offset: i64, limit: i64) -> ObjectPage =
        |lists| lists.objects(&list_id, &view_id, filter.as_ref(), offset, limit);
    /// Every object of the view `view_id` of the list `list_id`, narrowed by `filter`.
    #[uniffi::method(default(filter = None, page_size = 100))]
    fn all_objects(list_id: String, view_id: String, filter: Option<Filter>, page_size: i64) -> Vec<Object> =
        |lists| lists.all_objects(&list_id, &view_id, filter.as_ref(), page_size);
);

ffi_pagers!(
    /// Walks the views of a list one page at a time.
    ViewPager, BlockingViewPager of ViewPage;
    Lists, BlockingLists:
    /// A pager over the views of the list `list_id`.
    #[uniffi::method(default(page_size = 100))]
    fn view_pager(list_id: String, page_size: i64) = |lists| lists.view_pager(&list_id, page_size);
);

ffi_pagers!(use ObjectPager, BlockingObjectPager; Lists, BlockingLists:
    /// A pager over the objects of the view `view_id` of the list `list_id`.
    #[uniffi::method(default(filter = None, page_size = 100))]
    fn object_pager(list_id: String, view_id: String, filter: Option<Filter>, page_size: i64) =
        |lists| lists.object_pager(&list_id, &view_id, filter.as_ref(), page_size);
);
