//! Exports of [`crate::types`], [`crate::properties`], [`crate::tags`] and [`crate::members`].

use crate::ffi::{ffi_object, ffi_operations, ffi_pagers};
use crate::{
    CreatePropertyRequest, CreateTagRequest, CreateTypeRequest, Member, MemberPage, Property,
    PropertyPage, Tag, TagPage, Type, TypePage, UpdatePropertyRequest, UpdateTagRequest,
    UpdateTypeRequest,
};

ffi_object!(
    /// The types of one space.
    Types, BlockingTypes wraps crate::Types
);

ffi_operations!(Types, BlockingTypes:
    /// One page: `limit` (1..=1000) types after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn list(offset: i64, limit: i64) -> TypePage = |types| types.list(offset, limit);
    /// Every type, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    fn list_all(page_size: i64) -> Vec<Type> = |types| types.list_all(page_size);
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
    #[uniffi::method(default(page_size = 100))]
    fn pager(page_size: i64) = |types| types.pager(page_size);
);

ffi_object!(
    /// The properties of one space.
    Properties, BlockingProperties wraps crate::Properties
);

ffi_operations!(Properties, BlockingProperties:
    /// One page: `limit` (1..=1000) properties after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn list(offset: i64, limit: i64) -> PropertyPage = |properties| properties.list(offset, limit);
    /// Every property, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    fn list_all(page_size: i64) -> Vec<Property> = |properties| properties.list_all(page_size);
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
    #[uniffi::method(default(page_size = 100))]
    fn pager(page_size: i64) = |properties| properties.pager(page_size);
);

ffi_object!(
    /// The tags of one select or multi-select property.
    Tags, BlockingTags wraps crate::Tags
);

ffi_operations!(Tags, BlockingTags:
    /// One page: `limit` (1..=1000) tags after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn list(offset: i64, limit: i64) -> TagPage = |tags| tags.list(offset, limit);
    /// Every tag, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    fn list_all(page_size: i64) -> Vec<Tag> = |tags| tags.list_all(page_size);
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
    #[uniffi::method(default(page_size = 100))]
    fn pager(page_size: i64) = |tags| tags.pager(page_size);
);

ffi_object!(
    /// The members of one space.
    Members, BlockingMembers wraps crate::Members
);

ffi_operations!(Members, BlockingMembers:
    /// One page: `limit` (1..=1000) members after skipping `offset`.
    #[uniffi::method(default(offset = 0, limit = 100))]
    fn list(offset: i64, limit: i64) -> MemberPage = |members| members.list(offset, limit);
    /// Every member, fetched `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    fn list_all(page_size: i64) -> Vec<Member> = |members| members.list_all(page_size);
    /// The member `member_id`.
    fn get(member_id: String) -> Member = |members| members.get(&member_id);
);

ffi_pagers!(
    /// Walks every member one page at a time.
    MemberPager, BlockingMemberPager of MemberPage;
    Members, BlockingMembers:
    /// A pager that fetches the members one page of `page_size` (1..=1000) at a time.
    #[uniffi::method(default(page_size = 100))]
    fn pager(page_size: i64) = |members| members.pager(page_size);
);
