//! Exports of [`crate::types`], [`crate::properties`], [`crate::tags`] and [`crate::members`].

use crate::ffi::{ffi_object, ffi_operations, ffi_pagers};
use crate::{
    CreatePropertyRequest, CreateTagRequest, CreateTypeRequest, Filter, Member, MemberPage,
    Property, PropertyPage, Tag, TagPage, Type, TypePage, UpdatePropertyRequest, UpdateTagRequest,
    UpdateTypeRequest,
};

ffi_object!(
    /// The types of one space.
    Types, BlockingTypes wraps crate::Types
);

ffi_operations!(Types, BlockingTypes:
    /// One page: `limit` (1..=1000) types after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100, filter = None))]
    fn list(offset: i64, limit: i64, filter: Option<Filter>) -> TypePage =
        |types| types.list_where(filter.as_ref(), offset, limit);
    /// Every type, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn list_all(page_size: i64, filter: Option<Filter>) -> Vec<Type> =
        |types| types.list_all_where(filter.as_ref(), page_size);
    /// The type `type_id`.
    fn get(type_id: String) -> Type = |types| types.get(&type_id);
    /// Create a type (and the properties it links that don't exist yet).
    fn create(request: CreateTypeRequest) -> Type = |types| types.create(&request);
    /// Change a type.
    fn update(type_id: String, request: UpdateTypeRequest) -> Type =
        |types| types.update(&type_id, &request);
    /// Delete (archive) a type; returns it.
    fn delete(type_id: String) -> Type = |types| types.delete(&type_id);
);

ffi_pagers!(
    /// Walks every type one page at a time.
    TypePager, BlockingTypePager of TypePage;
    Types, BlockingTypes:
    /// A pager that fetches the types one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn pager(page_size: i64, filter: Option<Filter>) =
        |types| types.pager_where(filter.as_ref(), page_size);
);

ffi_object!(
    /// The properties of one space.
    Properties, BlockingProperties wraps crate::Properties
);

ffi_operations!(Properties, BlockingProperties:
    /// One page: `limit` (1..=1000) properties after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100, filter = None))]
    fn list(offset: i64, limit: i64, filter: Option<Filter>) -> PropertyPage =
        |properties| properties.list_where(filter.as_ref(), offset, limit);
    /// Every property, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn list_all(page_size: i64, filter: Option<Filter>) -> Vec<Property> =
        |properties| properties.list_all_where(filter.as_ref(), page_size);
    /// The property `property_id`.
    fn get(property_id: String) -> Property = |properties| properties.get(&property_id);
    /// Create a property (with its first tags, for select and multi-select).
    fn create(request: CreatePropertyRequest) -> Property = |properties| properties.create(&request);
    /// Rename a property (and optionally change its key).
    fn update(property_id: String, request: UpdatePropertyRequest) -> Property =
        |properties| properties.update(&property_id, &request);
    /// Delete a property; returns it.
    fn delete(property_id: String) -> Property = |properties| properties.delete(&property_id);
);

ffi_pagers!(
    /// Walks every property one page at a time.
    PropertyPager, BlockingPropertyPager of PropertyPage;
    Properties, BlockingProperties:
    /// A pager that fetches the properties one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn pager(page_size: i64, filter: Option<Filter>) =
        |properties| properties.pager_where(filter.as_ref(), page_size);
);

ffi_object!(
    /// The tags of one select or multi-select property.
    Tags, BlockingTags wraps crate::Tags
);

ffi_operations!(Tags, BlockingTags:
    /// One page: `limit` (1..=1000) tags after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100, filter = None))]
    fn list(offset: i64, limit: i64, filter: Option<Filter>) -> TagPage =
        |tags| tags.list_where(filter.as_ref(), offset, limit);
    /// Every tag, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn list_all(page_size: i64, filter: Option<Filter>) -> Vec<Tag> =
        |tags| tags.list_all_where(filter.as_ref(), page_size);
    /// The tag `tag_id`.
    fn get(tag_id: String) -> Tag = |tags| tags.get(&tag_id);
    /// Create a tag.
    fn create(request: CreateTagRequest) -> Tag = |tags| tags.create(&request);
    /// Change a tag's name, colour or key.
    fn update(tag_id: String, request: UpdateTagRequest) -> Tag = |tags| tags.update(&tag_id, &request);
    /// Delete a tag; returns it.
    fn delete(tag_id: String) -> Tag = |tags| tags.delete(&tag_id);
);

ffi_pagers!(
    /// Walks every tag one page at a time.
    TagPager, BlockingTagPager of TagPage;
    Tags, BlockingTags:
    /// A pager that fetches the tags one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn pager(page_size: i64, filter: Option<Filter>) =
        |tags| tags.pager_where(filter.as_ref(), page_size);
);

ffi_object!(
    /// The members of one space.
    Members, BlockingMembers wraps crate::Members
);

ffi_operations!(Members, BlockingMembers:
    /// One page: `limit` (1..=1000) members after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100, filter = None))]
    fn list(offset: i64, limit: i64, filter: Option<Filter>) -> MemberPage =
        |members| members.list_where(filter.as_ref(), offset, limit);
    /// Every member, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn list_all(page_size: i64, filter: Option<Filter>) -> Vec<Member> =
        |members| members.list_all_where(filter.as_ref(), page_size);
    /// The member `member_id`.
    fn get(member_id: String) -> Member = |members| members.get(&member_id);
);

ffi_pagers!(
    /// Walks every member one page at a time.
    MemberPager, BlockingMemberPager of MemberPage;
    Members, BlockingMembers:
    /// A pager that fetches the members one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100, filter = None))]
    fn pager(page_size: i64, filter: Option<Filter>) =
        |members| members.pager_where(filter.as_ref(), page_size);
);
