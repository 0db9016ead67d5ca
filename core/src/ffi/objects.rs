//! Exports of [`crate::objects`] and [`crate::templates`].

use crate::ffi::{ffi_object, ffi_operations, ffi_pagers};
use crate::{
    CreateObjectRequest, Filter, Object, ObjectPage, SearchRequest, TemplatePage,
    UpdateObjectRequest,
};

ffi_object!(
    /// The objects of one space.
    Objects, BlockingObjects wraps crate::Objects
);

ffi_operations!(Objects, BlockingObjects:
    /// One page: `limit` (1..=1000) objects after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100, filter = None))]
    fn list(offset: i64, limit: i64, filter: Option<Filter>) -> ObjectPage =
        |objects| objects.list_where(filter.as_ref(), offset, limit);
    /// Every object, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn list_all(page_size: i64, filter: Option<Filter>) -> Vec<Object> =
        |objects| objects.list_all_where(filter.as_ref(), page_size);
    /// The object `object_id` with its markdown; a deleted one comes back archived.
    fn get(object_id: String) -> Object = |objects| objects.get(&object_id);
    /// Create an object. Never retried once it may have reached the server: an error after
    /// sending says the object may exist.
    fn create(request: CreateObjectRequest) -> Object = |objects| objects.create(&request);
    /// Change an object's name, icon, markdown, type or property values.
    fn update(object_id: String, request: UpdateObjectRequest) -> Object =
        |objects| objects.update(&object_id, &request);
    /// Delete an object: the server archives it and returns it.
    fn delete(object_id: String) -> Object = |objects| objects.delete(&object_id);
    /// One page of the space's objects that match `request` (text, types, filter, sort).
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn search(request: SearchRequest, offset: i64, limit: i64) -> ObjectPage =
        |objects| objects.search(&request, offset, limit);
    /// Every object of the space that matches `request`, fetched `page_size` at a time.
    #[uniffi::method(default(page_size = 100))]
    fn search_all(request: SearchRequest, page_size: i64) -> Vec<Object> =
        |objects| objects.search_all(&request, page_size);
);

ffi_pagers!(
    /// Walks every object one page at a time; `next_page` returns none after the last page.
    ObjectPager, BlockingObjectPager of ObjectPage;
    Objects, BlockingObjects:
    /// A pager that fetches the objects one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn pager(page_size: i64, filter: Option<Filter>) =
        |objects| objects.pager_where(filter.as_ref(), page_size);
    /// A pager over the space's objects that match `request`.
    #[uniffi::method(default(page_size = 100))]
    fn search_pager(request: SearchRequest, page_size: i64) =
        |objects| objects.search_pager(&request, page_size);
);

ffi_object!(
    /// The templates of one type.
    Templates, BlockingTemplates wraps crate::Templates
);

ffi_operations!(Templates, BlockingTemplates:
    /// One page: `limit` (1..=1000) templates after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100, filter = None))]
    fn list(offset: i64, limit: i64, filter: Option<Filter>) -> TemplatePage =
        |templates| templates.list_where(filter.as_ref(), offset, limit);
    /// Every template, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn list_all(page_size: i64, filter: Option<Filter>) -> Vec<Object> =
        |templates| templates.list_all_where(filter.as_ref(), page_size);
    /// The template `template_id`.
    fn get(template_id: String) -> Object = |templates| templates.get(&template_id);
);

ffi_pagers!(
    /// Walks every template one page at a time.
    TemplatePager, BlockingTemplatePager of TemplatePage;
    Templates, BlockingTemplates:
    /// A pager that fetches the templates one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn pager(page_size: i64, filter: Option<Filter>) =
        |templates| templates.pager_where(filter.as_ref(), page_size);
);
