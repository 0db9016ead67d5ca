//! Routes and handlers of members, types, templates, properties, tags and objects, with the real
//! server's quirks: wrapped single resources, a missing resource answering 500 `failed to retrieve
//! ...`, delete = archive (the answer shows the resource as it was), property values tagged by
//! format on read and picked by key on write, text trimmed, dates in UTC seconds, `null` for empty
//! value lists, and every other list query parameter being a filter.
// Handlers return their error answer as the `Err` of a `Result`; its size doesn't matter here.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, Query, State as AxumState};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::Rng;
use serde_json::{json, Value};

use crate::filters::{compile_space_query, JsonRecord, ListQuery, ObjectRecord};
use crate::server::{
    error, json_body, json_response, lock, paging, space_not_found, text_plain_error, Paging, State,
};
use crate::space_data::{
    key_from_name, new_identity, parse_date, random_word, Format, Object, SpaceData, Type, Val,
    COLORS, RESERVED_PROPERTIES, TYPE_LAYOUTS,
};
use crate::store::SpaceRecord;

type Shared = std::sync::Arc<State>;

/// The data of every space, created lazily with the built-ins (demo spaces up front, with demo data).
pub(crate) struct Spaces {
    /// The account's identity: the owner of every space.
    identity: String,
    by_id: HashMap<String, SpaceData>,
}

const OWNER_NAME: &str = "Sandbox user";

impl Spaces {
    /// The data of the demo spaces (built-ins plus demo objects); other spaces get theirs on first use.
    pub fn with_demo_spaces(demo: &[SpaceRecord]) -> Spaces {
        let mut spaces = Spaces {
            identity: new_identity(),
            by_id: HashMap::new(),
        };
        for space in demo {
            let data = spaces.ensure(&space.id);
            data.add_demo_data(&space.name);
        }
        spaces
    }

    /// A space's data, made with the built-in types and properties when it doesn't exist yet.
    pub fn ensure(&mut self, space_id: &str) -> &mut SpaceData {
        let identity = &self.identity;
        self.by_id
            .entry(space_id.to_owned())
            .or_insert_with(|| SpaceData::fresh(space_id, identity, OWNER_NAME))
    }
}

/// The authenticated routes (merged into the `api` router: bearer check and write limit).
pub(crate) fn router() -> Router<Shared> {
    Router::new()
        .route("/v1/spaces/{space_id}/members", get(list_members))
        .route("/v1/spaces/{space_id}/members/{member_id}", get(get_member))
        .route(
            "/v1/spaces/{space_id}/types",
            get(list_types).post(create_type),
        )
        .route(
            "/v1/spaces/{space_id}/types/{type_id}",
            get(get_type).patch(update_type).delete(delete_type),
        )
        .route(
            "/v1/spaces/{space_id}/types/{type_id}/templates",
            get(list_templates),
        )
        .route(
            "/v1/spaces/{space_id}/types/{type_id}/templates/{template_id}",
            get(get_template),
        )
        .route(
            "/v1/spaces/{space_id}/properties",
            get(list_properties).post(create_property),
        )
        .route(
            "/v1/spaces/{space_id}/properties/{property_id}",
            get(get_property)
                .patch(update_property)
                .delete(delete_property),
        )
        .route(
            "/v1/spaces/{space_id}/properties/{property_id}/tags",
            get(list_tags).post(create_tag),
        )
        .route(
            "/v1/spaces/{space_id}/properties/{property_id}/tags/{tag_id}",
            get(get_tag).patch(update_tag).delete(delete_tag),
        )
        .route(
            "/v1/spaces/{space_id}/objects",
            get(list_objects).post(create_object),
        )
        .route(
            "/v1/spaces/{space_id}/objects/{object_id}",
            get(get_object).patch(update_object).delete(delete_object),
        )
        .merge(crate::lists::router())
        .merge(crate::search::router())
}

/// The admin routes (no bearer check, no write limit).
pub(crate) fn admin_router() -> Router<Shared> {
    Router::new()
        .route(
            "/_sandbox/spaces/{space_id}/objects",
            post(admin_add_objects),
        )
        .merge(crate::lists::admin_router())
}

impl State {
    /// Add `count` generated objects with `properties` values each to a space (for benchmarks);
    /// `false` when the space doesn't exist.
    pub fn add_generated_objects(&self, space_id: &str, count: usize, properties: usize) -> bool {
        if lock(&self.store).space(space_id).is_none() {
            return false;
        }
        let mut spaces = lock(&self.space_data);
        generate_objects(spaces.ensure(space_id), count, properties);
        true
    }
}

// ----- helpers -----

/// Run `f` on a space's data; 404 when the space doesn't exist.
pub(crate) fn in_space(
    state: &State,
    space_id: &str,
    f: impl FnOnce(&mut SpaceData) -> Response,
) -> Response {
    if lock(&state.store).space(space_id).is_none() {
        return space_not_found(space_id);
    }
    let mut spaces = lock(&state.space_data);
    f(spaces.ensure(space_id))
}

/// What the real server answers for a missing object, type, property, tag, template or member.
fn not_found(what: &str) -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("failed to retrieve {what}"),
    )
}

fn failed(what: &str) -> Response {
    error(
        StatusCode::INTERNAL_SERVER_ERROR,
        format!("failed to {what}"),
    )
}

fn bad_input(message: impl std::fmt::Display) -> Response {
    error(StatusCode::BAD_REQUEST, format!("bad input: {message}"))
}

/// A `bad input` the real server's request validation answers, under `text/plain` (probed: a bad
/// property format, type layout or tag colour).
fn text_plain_bad_input(message: impl std::fmt::Display) -> Response {
    text_plain_error(StatusCode::BAD_REQUEST, format!("bad input: {message}"))
}

fn ok(wrapper: &str, value: Value) -> Response {
    json_response(StatusCode::OK, json!({ wrapper: value }))
}

fn created(wrapper: &str, value: Value) -> Response {
    json_response(StatusCode::CREATED, json!({ wrapper: value }))
}

fn go_kind(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Null => "null",
    }
}

/// Go's binding error for a field of the wrong JSON type (as `text/plain`, like the real server).
pub(crate) fn type_error(type_name: &str, key: &str, value: &Value, go_type: &str) -> Response {
    text_plain_error(
        StatusCode::BAD_REQUEST,
        format!(
            "json: cannot unmarshal {} into Go struct field {type_name}.{key} of type {go_type}",
            go_kind(value)
        ),
    )
}

/// The validator's answer for missing required fields (`go_names` in struct order).
fn required_error(type_name: &str, go_names: &[&str]) -> Response {
    let message: Vec<String> = go_names
        .iter()
        .map(|f| format!("Key: '{type_name}.{f}' Error:Field validation for '{f}' failed on the 'required' tag"))
        .collect();
    text_plain_error(StatusCode::BAD_REQUEST, message.join("\n"))
}

/// A string field: `Ok(None)` when absent or null.
fn string_field(body: &Value, type_name: &str, key: &str) -> Result<Option<String>, Response> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(type_error(type_name, key, other, "string")),
    }
}

/// An icon: `Ok(None)` when absent, `Some(Value::Null)` when sent as null.
fn icon_field(body: &Value, type_name: &str, allow_named: bool) -> Result<Option<Value>, Response> {
    let Some(icon) = body.get("icon") else {
        return Ok(None);
    };
    match icon {
        Value::Null => Ok(Some(Value::Null)),
        Value::Object(fields) => {
            let text = |k: &str| fields.get(k).and_then(Value::as_str).unwrap_or("");
            match text("format") {
                "emoji" if !text("emoji").is_empty() => {
                    Ok(Some(json!({"format": "emoji", "emoji": text("emoji")})))
                }
                "file" if !text("file").is_empty() => Ok(Some(json!({
                    "format": "file",
                    "file": format!("http://127.0.0.1:31006/image/{}", text("file").rsplit('/').next().unwrap_or("")),
                }))),
                "icon" if allow_named => {
                    if text("name").is_empty() {
                        return Err(bad_input("icon name is required"));
                    }
                    if !COLORS.contains(&text("color")) {
                        return Err(bad_input(format!(
                            "invalid icon color: {:?}",
                            text("color")
                        )));
                    }
                    Ok(Some(
                        json!({"format": "icon", "name": text("name"), "color": text("color")}),
                    ))
                }
                "icon" => Err(bad_input(
                    "icon name and color are not supported for objects",
                )),
                "emoji" | "file" => Err(bad_input("icon is missing its value")),
                other => Err(bad_input(format!("invalid icon format: {other:?}"))),
            }
        }
        other => Err(type_error(type_name, "icon", other, "apimodel.Icon")),
    }
}

pub(crate) fn list_page(items: Vec<Value>, offset: usize, limit: usize) -> Response {
    let total = items.len();
    let data: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    page_response(data, total, offset, limit)
}

/// A list answer: one page of `data` out of `total` items.
pub(crate) fn page_response(
    data: Vec<Value>,
    total: usize,
    offset: usize,
    limit: usize,
) -> Response {
    json_response(
        StatusCode::OK,
        json!({
            "data": data,
            "pagination": {"total": total, "offset": offset, "limit": limit, "has_more": offset.saturating_add(limit) < total},
        }),
    )
}

// ----- list filters: `?key=value`, `?key[cond]=value` (see `filters.rs`) -----

/// The paging and the compiled filters of a list query.
fn paging_and_filters(
    data: &SpaceData,
    query: &[(String, String)],
) -> Result<(usize, usize, crate::filters::Expr), Response> {
    let Paging { offset, limit, .. } = paging(query)?;
    Ok((offset, limit, compile_space_query(data, query)?))
}

/// A page of listed items (types, properties, tags, members) through the query's filters, which
/// read the items' `name`.
fn filtered_list(data: &SpaceData, items: Vec<Value>, query: &[(String, String)]) -> Response {
    let (offset, limit, filters) = match paging_and_filters(data, query) {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let items = items
        .into_iter()
        .filter(|item| filters.matches(&JsonRecord(item)))
        .collect();
    list_page(items, offset, limit)
}

/// A page of objects (or templates) through the query's filters.
fn object_page<'a>(
    data: &SpaceData,
    objects: impl Iterator<Item = &'a Object>,
    query: &[(String, String)],
) -> Response {
    let (offset, limit, filters) = match paging_and_filters(data, query) {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let matching: Vec<&Object> = objects
        .filter(|o| filters.matches(&ObjectRecord { data, object: o }))
        .collect();
    let total = matching.len();
    let page: Vec<Value> = matching
        .into_iter()
        .skip(offset)
        .take(limit)
        .map(|o| data.object_json(o, false))
        .collect();
    page_response(page, total, offset, limit)
}

// ----- property values on write -----

/// The `properties` of a create or update: (key, `Some(value)` to set / `None` to clear).
fn parse_values(
    data: &SpaceData,
    body: &Value,
    type_name: &str,
) -> Result<Vec<(String, Option<Val>)>, Response> {
    let items = match body.get("properties") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(type_error(
                type_name,
                "properties",
                other,
                "[]apimodel.PropertyLinkWithValue",
            ))
        }
    };
    let mut out = Vec::new();
    for item in items {
        let Value::Object(fields) = item else {
            return Err(type_error(
                type_name,
                "properties",
                item,
                "apimodel.PropertyLinkWithValue",
            ));
        };
        let key = match fields.get("key") {
            Some(Value::String(key)) if !key.is_empty() => key.clone(),
            _ => return Err(bad_input("property key is required")),
        };
        if RESERVED_PROPERTIES.contains(&key.as_str()) {
            return Err(bad_input(format!(
                "property {key:?} is a reserved system property and cannot be set"
            )));
        }
        let Some(property) = data.property_by_key(&key).filter(|p| !p.archived) else {
            return Err(bad_input(format!("unknown property key: {key:?}")));
        };
        // The value key that is present picks the value; the property's own format first.
        let value = std::iter::once(property.format)
            .chain(Format::ALL)
            .find_map(|f| fields.get(f.as_str()));
        let Some(value) = value else {
            return Err(bad_input(format!("property {key:?} has no value")));
        };
        if value.is_null() {
            out.push((key, None));
            continue;
        }
        let must = |what: &str| bad_input(format!("property {key:?} must be {what}"));
        let strings = |value: &Value| -> Option<Vec<String>> {
            value
                .as_array()?
                .iter()
                .map(|v| v.as_str().map(|s| s.trim().to_owned()))
                .collect()
        };
        let val = match property.format {
            Format::Text | Format::Url | Format::Email | Format::Phone => match value {
                Value::String(s) => Val::Text(s.trim().to_owned()),
                _ => return Err(must("a string")),
            },
            Format::Number => match value.as_f64() {
                Some(n) => Val::Number(n),
                None => return Err(must("a number")),
            },
            Format::Checkbox => match value {
                Value::Bool(b) => Val::Bool(*b),
                _ => return Err(must("a boolean")),
            },
            Format::Date => match value {
                Value::String(s) => match parse_date(s) {
                    Some(ts) => Val::Date(ts),
                    None => return Err(bad_input(format!("invalid date format for {key:?}: {s}"))),
                },
                _ => return Err(must("a string")),
            },
            Format::Select => match value {
                Value::String(s) => match data.find_tag(&property.id, s.trim()) {
                    Some(tag) => Val::Select(tag.id.clone()),
                    None => {
                        return Err(bad_input(format!("invalid tag {s:?} for property {key:?}")))
                    }
                },
                _ => return Err(must("a string (tag id or key)")),
            },
            Format::MultiSelect => {
                let Some(names) = strings(value) else {
                    return Err(must("an array of strings (tag ids or keys)"));
                };
                let mut ids = Vec::new();
                for name in names {
                    match data.find_tag(&property.id, &name) {
                        Some(tag) if !ids.contains(&tag.id) => ids.push(tag.id.clone()),
                        Some(_) => {}
                        None => {
                            return Err(bad_input(format!(
                                "invalid tag {name:?} for property {key:?}"
                            )))
                        }
                    }
                }
                Val::Multi(ids)
            }
            Format::Files | Format::Objects => match strings(value) {
                Some(ids) => Val::Ids(ids.into_iter().filter(|s| !s.is_empty()).collect()),
                None => return Err(must("an array of strings (ids)")),
            },
        };
        out.push((key, Some(val)));
    }
    Ok(out)
}

// ----- members -----

async fn list_members(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    ListQuery(query): ListQuery,
) -> Response {
    in_space(&state, &space_id, |data| {
        let items = data.members.iter().map(SpaceData::member_json).collect();
        filtered_list(data, items, &query)
    })
}

async fn get_member(
    AxumState(state): AxumState<Shared>,
    Path((space_id, member_id)): Path<(String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| {
        // The real server also finds a member by identity.
        match data
            .members
            .iter()
            .find(|m| m.id == member_id || m.identity == member_id)
        {
            Some(m) => ok("member", SpaceData::member_json(m)),
            // Probed: 404 `member not found`, unlike the other resources' 500.
            None => error(StatusCode::NOT_FOUND, "member not found"),
        }
    })
}

// ----- types -----

async fn list_types(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    ListQuery(query): ListQuery,
) -> Response {
    in_space(&state, &space_id, |data| {
        let items = data
            .types
            .iter()
            .filter(|t| !t.archived)
            .map(|t| data.type_json(t))
            .collect();
        filtered_list(data, items, &query)
    })
}

async fn get_type(
    AxumState(state): AxumState<Shared>,
    Path((space_id, type_id)): Path<(String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| match data.type_at(&type_id) {
        Some(at) => ok("type", data.type_json(&data.types[at])),
        None => not_found("type"),
    })
}

/// The `properties` of a type request: each `{key, name, format}`, created when missing.
fn type_property_keys(
    data: &mut SpaceData,
    body: &Value,
    type_name: &str,
) -> Result<Option<Vec<String>>, Response> {
    let items = match body.get("properties") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(type_error(
                type_name,
                "properties",
                other,
                "[]apimodel.PropertyLink",
            ))
        }
    };
    // Validate everything before creating anything.
    let mut links = Vec::new();
    for item in items {
        if !item.is_object() {
            return Err(type_error(
                type_name,
                "properties",
                item,
                "apimodel.PropertyLink",
            ));
        }
        let field = |k: &str| string_field(item, "PropertyLink", k);
        let (key, name, format) = (field("key")?, field("name")?, field("format")?);
        let missing: Vec<&str> = [("Key", &key), ("Name", &name), ("Format", &format)]
            .iter()
            .filter(|(_, v)| v.as_deref().unwrap_or("").is_empty())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(required_error("PropertyLink", &missing));
        }
        let (key, name, format) = (
            key_from_name(&key.unwrap_or_default()),
            name.unwrap_or_default(),
            format.unwrap_or_default(),
        );
        let Some(format) = Format::parse(&format) else {
            return Err(text_plain_bad_input(format!(
                "invalid property format: {format:?}"
            )));
        };
        if let Some(existing) = data.property_by_key(&key) {
            if existing.format != format {
                return Err(bad_input(format!(
                    "property {key:?} already exists with format {:?}",
                    existing.format.as_str()
                )));
            }
        }
        links.push((key, name, format));
    }
    let mut keys = Vec::new();
    for (key, name, format) in links {
        if data.property_by_key(&key).is_none() {
            data.add_property(&key, name.trim(), format, false);
        }
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(Some(keys))
}

async fn create_type(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "CreateTypeRequest";
    let body = match json_body(&body, TYPE, true) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let fields = (|| {
        Ok::<_, Response>((
            string_field(&body, TYPE, "key")?,
            string_field(&body, TYPE, "name")?,
            string_field(&body, TYPE, "plural_name")?,
            string_field(&body, TYPE, "layout")?,
            icon_field(&body, TYPE, true)?,
        ))
    })();
    let (key, name, plural_name, layout, icon) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let missing: Vec<&str> = [
        ("Name", &name),
        ("PluralName", &plural_name),
        ("Layout", &layout),
    ]
    .iter()
    .filter(|(_, v)| v.as_deref().unwrap_or("").is_empty())
    .map(|(n, _)| *n)
    .collect();
    if !missing.is_empty() {
        return required_error(TYPE, &missing);
    }
    let (name, plural_name, layout) = (
        name.unwrap_or_default(),
        plural_name.unwrap_or_default(),
        layout.unwrap_or_default(),
    );
    if !TYPE_LAYOUTS.contains(&layout.as_str()) {
        return text_plain_bad_input(format!("invalid type layout: {layout:?}"));
    }
    in_space(&state, &space_id, |data| {
        let key = match key.filter(|k| !k.is_empty()).map(|k| key_from_name(&k)) {
            Some(key) if data.type_by_key(&key).is_some() => {
                return bad_input(format!("type key {key:?} already exists"))
            }
            Some(key) => key,
            None => data.unique_type_key(&key_from_name(&name)),
        };
        let extra = match type_property_keys(data, &body, TYPE) {
            Ok(keys) => keys.unwrap_or_default(),
            Err(response) => return response,
        };
        let mut properties = vec!["tag".to_owned(), "backlinks".to_owned()];
        properties.extend(extra.into_iter().filter(|k| k != "tag" && k != "backlinks"));
        let at = data.add_type(Type {
            id: crate::space_data::new_id(),
            key,
            name: name.trim().to_owned(),
            plural_name: plural_name.trim().to_owned(),
            icon: icon.unwrap_or(Value::Null),
            layout,
            properties,
            builtin: false,
            archived: false,
        });
        created("type", data.type_json(&data.types[at]))
    })
}

/// Properties every type keeps when an update replaces its property list.
const TYPE_SYSTEM_PROPERTIES: &[&str] = &[
    "backlinks",
    "tag",
    "created_date",
    "creator",
    "links",
    "added_date",
];

async fn update_type(
    AxumState(state): AxumState<Shared>,
    Path((space_id, type_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "UpdateTypeRequest";
    let body = match json_body(&body, TYPE, true) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let fields = (|| {
        Ok::<_, Response>((
            string_field(&body, TYPE, "key")?,
            string_field(&body, TYPE, "name")?,
            string_field(&body, TYPE, "plural_name")?,
            string_field(&body, TYPE, "layout")?,
            icon_field(&body, TYPE, true)?,
        ))
    })();
    let (key, name, plural_name, layout, icon) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    if let Some(layout) = &layout {
        if !TYPE_LAYOUTS.contains(&layout.as_str()) {
            return text_plain_bad_input(format!("invalid type layout: {layout:?}"));
        }
    }
    in_space(&state, &space_id, |data| {
        let Some(at) = data.type_at(&type_id) else {
            return not_found("type");
        };
        if let Some(key) = key
            .filter(|k| !k.is_empty())
            .map(|k| key_from_name(&k))
            .filter(|k| *k != data.types[at].key)
        {
            if data.types[at].builtin {
                return bad_input("the key of a built-in type can't be changed");
            }
            if data.type_by_key(&key).is_some() {
                return bad_input(format!("type key {key:?} already exists"));
            }
            data.types[at].key = key;
        }
        let extra = match type_property_keys(data, &body, TYPE) {
            Ok(keys) => keys,
            Err(response) => return response,
        };
        let t = &mut data.types[at];
        if let Some(name) = name {
            t.name = name.trim().to_owned();
        }
        if let Some(plural_name) = plural_name {
            t.plural_name = plural_name.trim().to_owned();
        }
        if let Some(layout) = layout {
            t.layout = layout;
        }
        if let Some(icon) = icon {
            t.icon = icon;
        }
        if let Some(extra) = extra {
            t.properties
                .retain(|k| TYPE_SYSTEM_PROPERTIES.contains(&k.as_str()));
            for k in extra {
                if !t.properties.contains(&k) {
                    t.properties.push(k);
                }
            }
        }
        ok("type", data.type_json(&data.types[at]))
    })
}

async fn delete_type(
    AxumState(state): AxumState<Shared>,
    Path((space_id, type_id)): Path<(String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| {
        let Some(at) = data.type_at(&type_id) else {
            return not_found("type");
        };
        if data.types[at].builtin {
            return failed("delete type");
        }
        // Like the real server: the answer shows the type as it was; a later GET says archived.
        let answer = data.type_json(&data.types[at]);
        data.types[at].archived = true;
        ok("type", answer)
    })
}

// ----- templates -----

async fn list_templates(
    AxumState(state): AxumState<Shared>,
    Path((space_id, type_id)): Path<(String, String)>,
    ListQuery(query): ListQuery,
) -> Response {
    in_space(&state, &space_id, |data| {
        // Probed: a missing type has no templates (200, an empty list), not an error.
        let templates = data
            .objects
            .iter()
            .filter(|o| !o.archived && o.template_of.as_deref() == Some(type_id.as_str()));
        object_page(data, templates, &query)
    })
}

async fn get_template(
    AxumState(state): AxumState<Shared>,
    Path((space_id, type_id, template_id)): Path<(String, String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| {
        match data
            .object_at(&template_id)
            .map(|at| &data.objects[at])
            .filter(|o| o.template_of.as_deref() == Some(type_id.as_str()))
        {
            Some(o) => ok("template", data.object_json(o, true)),
            None => not_found("template"),
        }
    })
}

// ----- properties -----

async fn list_properties(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    ListQuery(query): ListQuery,
) -> Response {
    in_space(&state, &space_id, |data| {
        let items = data
            .properties
            .iter()
            .filter(|p| !p.archived)
            .map(SpaceData::property_json)
            .collect();
        filtered_list(data, items, &query)
    })
}

async fn get_property(
    AxumState(state): AxumState<Shared>,
    Path((space_id, property_id)): Path<(String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| {
        match data.property_at(&property_id) {
            Some(at) => ok("property", SpaceData::property_json(&data.properties[at])),
            None => not_found("property"),
        }
    })
}

/// A tag request's name, colour and key.
type TagFields = (Option<String>, Option<String>, Option<String>);

/// `{name, color, key?}` of a tag request, checked.
fn tag_fields(item: &Value, type_name: &str, create: bool) -> Result<TagFields, Response> {
    let name = string_field(item, type_name, "name")?;
    let color = string_field(item, type_name, "color")?;
    let key = string_field(item, type_name, "key")?;
    if create {
        let missing: Vec<&str> = [("Name", &name), ("Color", &color)]
            .iter()
            .filter(|(_, v)| v.as_deref().unwrap_or("").is_empty())
            .map(|(n, _)| *n)
            .collect();
        if !missing.is_empty() {
            return Err(required_error(type_name, &missing));
        }
    }
    if let Some(color) = &color {
        if !COLORS.contains(&color.as_str()) {
            return Err(text_plain_bad_input(format!("invalid color: {color:?}")));
        }
    }
    Ok((
        name.map(|n| n.trim().to_owned()),
        color,
        key.filter(|k| !k.is_empty()).map(|k| key_from_name(&k)),
    ))
}

async fn create_property(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "CreatePropertyRequest";
    let body = match json_body(&body, TYPE, true) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let fields = (|| {
        Ok::<_, Response>((
            string_field(&body, TYPE, "key")?,
            string_field(&body, TYPE, "name")?,
            string_field(&body, TYPE, "format")?,
        ))
    })();
    let (key, name, format) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let missing: Vec<&str> = [("Name", &name), ("Format", &format)]
        .iter()
        .filter(|(_, v)| v.as_deref().unwrap_or("").is_empty())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return required_error(TYPE, &missing);
    }
    let (name, format) = (name.unwrap_or_default(), format.unwrap_or_default());
    let Some(format) = Format::parse(&format) else {
        return text_plain_bad_input(format!("invalid property format: {format:?}"));
    };
    let mut tags = Vec::new();
    match body.get("tags") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                if !item.is_object() {
                    return type_error(TYPE, "tags", item, "apimodel.CreateTagRequest");
                }
                match tag_fields(item, "CreateTagRequest", true) {
                    Ok(fields) => tags.push(fields),
                    Err(response) => return response,
                }
            }
        }
        Some(other) => return type_error(TYPE, "tags", other, "[]apimodel.CreateTagRequest"),
    }
    in_space(&state, &space_id, |data| {
        let key = match key.filter(|k| !k.is_empty()).map(|k| key_from_name(&k)) {
            Some(key) if data.property_by_key(&key).is_some() => {
                return bad_input(format!("property key {key:?} already exists"))
            }
            Some(key) => key,
            None => data.unique_property_key(&key_from_name(&name)),
        };
        let at = data.add_property(&key, name.trim(), format, false);
        if format.has_tags() {
            let property_id = data.properties[at].id.clone();
            for (name, color, key) in tags {
                data.add_tag(
                    &property_id,
                    key.as_deref(),
                    &name.unwrap_or_default(),
                    &color.unwrap_or_default(),
                );
            }
        }
        created("property", SpaceData::property_json(&data.properties[at]))
    })
}

async fn update_property(
    AxumState(state): AxumState<Shared>,
    Path((space_id, property_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "UpdatePropertyRequest";
    let body = match json_body(&body, TYPE, true) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let fields = (|| {
        Ok::<_, Response>((
            string_field(&body, TYPE, "key")?,
            string_field(&body, TYPE, "name")?,
        ))
    })();
    let (key, name) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let Some(name) = name.filter(|n| !n.is_empty()) else {
        return required_error(TYPE, &["Name"]);
    };
    in_space(&state, &space_id, |data| {
        let Some(at) = data.property_at(&property_id) else {
            return not_found("property");
        };
        if let Some(key) = key
            .filter(|k| !k.is_empty())
            .map(|k| key_from_name(&k))
            .filter(|k| *k != data.properties[at].key)
        {
            if data.properties[at].builtin {
                return bad_input("the key of a built-in property can't be changed");
            }
            if data.property_by_key(&key).is_some() {
                return bad_input(format!("property key {key:?} already exists"));
            }
            data.rekey_property(at, &key);
        }
        data.properties[at].name = name.trim().to_owned();
        ok("property", SpaceData::property_json(&data.properties[at]))
    })
}

async fn delete_property(
    AxumState(state): AxumState<Shared>,
    Path((space_id, property_id)): Path<(String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| {
        let Some(at) = data.property_at(&property_id) else {
            return not_found("property");
        };
        if data.properties[at].builtin {
            return failed("delete property");
        }
        let answer = SpaceData::property_json(&data.properties[at]);
        data.properties[at].archived = true;
        ok("property", answer)
    })
}

// ----- tags -----

async fn list_tags(
    AxumState(state): AxumState<Shared>,
    Path((space_id, property_id)): Path<(String, String)>,
    ListQuery(query): ListQuery,
) -> Response {
    in_space(&state, &space_id, |data| {
        if data.property_at(&property_id).is_none() {
            // Probed: 404 `invalid property id`, unlike a missing property's 500.
            return error(StatusCode::NOT_FOUND, "invalid property id");
        }
        let items = data
            .tags
            .iter()
            .filter(|t| t.property_id == property_id && !t.archived)
            .map(SpaceData::tag_json)
            .collect();
        filtered_list(data, items, &query)
    })
}

async fn create_tag(
    AxumState(state): AxumState<Shared>,
    Path((space_id, property_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "CreateTagRequest";
    let (name, color, key) =
        match json_body(&body, TYPE, true).and_then(|b| tag_fields(&b, TYPE, true)) {
            Ok(fields) => fields,
            Err(response) => return response,
        };
    in_space(&state, &space_id, |data| {
        let Some(p) = data
            .property_at(&property_id)
            .map(|at| &data.properties[at])
        else {
            return not_found("property");
        };
        if !p.format.has_tags() {
            return bad_input(format!(
                "property {:?} is not a select or multi_select property",
                p.key
            ));
        }
        if let Some(key) = &key {
            if data.find_tag(&property_id, key).is_some() {
                return bad_input(format!("tag key {key:?} already exists"));
            }
        }
        let at = data.add_tag(
            &property_id,
            key.as_deref(),
            &name.unwrap_or_default(),
            &color.unwrap_or_default(),
        );
        created("tag", SpaceData::tag_json(&data.tags[at]))
    })
}

fn tag_index(data: &SpaceData, property_id: &str, tag_id: &str) -> Option<usize> {
    data.tag_at(tag_id)
        .filter(|at| data.tags[*at].property_id == property_id)
}

async fn get_tag(
    AxumState(state): AxumState<Shared>,
    Path((space_id, property_id, tag_id)): Path<(String, String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| {
        match tag_index(data, &property_id, &tag_id) {
            Some(at) => ok("tag", SpaceData::tag_json(&data.tags[at])),
            None => not_found("tag"),
        }
    })
}

async fn update_tag(
    AxumState(state): AxumState<Shared>,
    Path((space_id, property_id, tag_id)): Path<(String, String, String)>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "UpdateTagRequest";
    let (name, color, key) =
        match json_body(&body, TYPE, true).and_then(|b| tag_fields(&b, TYPE, false)) {
            Ok(fields) => fields,
            Err(response) => return response,
        };
    in_space(&state, &space_id, |data| {
        let Some(at) = tag_index(data, &property_id, &tag_id) else {
            return not_found("tag");
        };
        if let Some(key) = key.filter(|k| *k != data.tags[at].key) {
            if data.find_tag(&property_id, &key).is_some() {
                return bad_input(format!("tag key {key:?} already exists"));
            }
            data.tags[at].key = key;
        }
        let tag = &mut data.tags[at];
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            tag.name = name;
        }
        if let Some(color) = color {
            tag.color = color;
        }
        ok("tag", SpaceData::tag_json(tag))
    })
}

async fn delete_tag(
    AxumState(state): AxumState<Shared>,
    Path((space_id, property_id, tag_id)): Path<(String, String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| {
        let Some(at) = tag_index(data, &property_id, &tag_id) else {
            return not_found("tag");
        };
        data.tags[at].archived = true;
        ok("tag", SpaceData::tag_json(&data.tags[at]))
    })
}

// ----- objects -----

async fn list_objects(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    ListQuery(query): ListQuery,
) -> Response {
    in_space(&state, &space_id, |data| {
        // Newest first; archived objects and templates are not listed.
        let objects = data
            .objects
            .iter()
            .rev()
            .filter(|o| !o.archived && o.template_of.is_none());
        object_page(data, objects, &query)
    })
}

async fn get_object(
    AxumState(state): AxumState<Shared>,
    Path((space_id, object_id)): Path<(String, String)>,
) -> Response {
    // `?format=md` is the only body format (and the default).
    in_space(&state, &space_id, |data| match data.object_at(&object_id) {
        Some(at) => ok("object", data.object_json(&data.objects[at], true)),
        None => not_found("object"),
    })
}

async fn create_object(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "CreateObjectRequest";
    let body = match json_body(&body, TYPE, true) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let fields = (|| {
        Ok::<_, Response>((
            string_field(&body, TYPE, "type_key")?,
            string_field(&body, TYPE, "name")?,
            string_field(&body, TYPE, "body")?,
            string_field(&body, TYPE, "template_id")?,
            icon_field(&body, TYPE, false)?,
        ))
    })();
    let (type_key, name, markdown, template_id, icon) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let Some(type_key) = type_key.filter(|k| !k.is_empty()) else {
        return required_error(TYPE, &["TypeKey"]);
    };
    in_space(&state, &space_id, |data| {
        let values = match parse_values(data, &body, TYPE) {
            Ok(values) => values,
            Err(response) => return response,
        };
        let Some(type_id) = data.type_by_key(&type_key).map(|t| t.id.clone()) else {
            return failed("create object");
        };
        let template = match template_id.filter(|t| !t.is_empty()) {
            None => None,
            Some(id) => match data
                .object_at(&id)
                .map(|at| &data.objects[at])
                .filter(|o| o.template_of.is_some())
            {
                Some(template) => Some(template.clone()),
                None => return failed("create object"),
            },
        };
        let mut object = data.new_object(&type_id, name.as_deref().unwrap_or(""), "");
        if let Some(template) = &template {
            object.markdown = template.markdown.clone();
            object.values = template.values.clone();
            object.icon = template.icon.clone();
        }
        if let Some(markdown) = markdown {
            object.markdown = crate::space_data::normalize_markdown(&markdown);
        }
        if let Some(icon) = icon {
            object.icon = icon;
        }
        for (key, value) in values {
            object.set_value(&key, value);
        }
        let at = data.add_object(object);
        created("object", data.object_json(&data.objects[at], true))
    })
}

async fn update_object(
    AxumState(state): AxumState<Shared>,
    Path((space_id, object_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "UpdateObjectRequest";
    let body = match json_body(&body, TYPE, true) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let fields = (|| {
        Ok::<_, Response>((
            string_field(&body, TYPE, "type_key")?,
            string_field(&body, TYPE, "name")?,
            string_field(&body, TYPE, "markdown")?,
            icon_field(&body, TYPE, false)?,
        ))
    })();
    let (type_key, name, markdown, icon) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    in_space(&state, &space_id, |data| {
        let Some(at) = data.object_at(&object_id) else {
            return not_found("object");
        };
        let values = match parse_values(data, &body, TYPE) {
            Ok(values) => values,
            Err(response) => return response,
        };
        let type_id = match type_key.filter(|k| !k.is_empty()) {
            None => None,
            Some(key) => match data.type_by_key(&key) {
                Some(t) => Some(t.id.clone()),
                None => return failed("update object"),
            },
        };
        let object = &mut data.objects[at];
        if let Some(name) = name {
            object.name = name;
        }
        if let Some(markdown) = markdown {
            object.markdown = crate::space_data::normalize_markdown(&markdown);
        }
        if let Some(icon) = icon {
            object.icon = icon;
        }
        if let Some(type_id) = type_id {
            object.type_id = type_id;
        }
        for (key, value) in values {
            object.set_value(&key, value);
        }
        object.modified = crate::space_data::now();
        object.edited = true;
        ok("object", data.object_json(&data.objects[at], true))
    })
}

async fn delete_object(
    AxumState(state): AxumState<Shared>,
    Path((space_id, object_id)): Path<(String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| {
        let Some(at) = data.object_at(&object_id) else {
            return not_found("object");
        };
        // Like the real server (recordings 36/37): the answer shows the object as it was, a
        // later GET answers 200 with `"archived": true`.
        let answer = data.object_json(&data.objects[at], true);
        data.objects[at].archived = true;
        ok("object", answer)
    })
}

// ----- benchmark data -----

/// The formats of generated property values, in turn.
const GENERATED_FORMATS: &[Format] = &[
    Format::Text,
    Format::Number,
    Format::Select,
    Format::Date,
    Format::Checkbox,
    Format::Url,
    Format::MultiSelect,
    Format::Email,
    Format::Phone,
    Format::Text,
];

fn generate_objects(data: &mut SpaceData, count: usize, properties: usize) {
    // The properties (created once, reused by later calls).
    let mut specs = Vec::new();
    for i in 0..properties {
        let format = GENERATED_FORMATS[i % GENERATED_FORMATS.len()];
        let key = format!("bench_{}_{}", format.as_str(), i + 1);
        let existing = data.property_by_key(&key).map(|p| p.id.clone());
        let at = match existing {
            Some(id) => data.property_at(&id),
            None => {
                let at = data.add_property(
                    &key,
                    &format!("Bench {} {}", format.as_str(), i + 1),
                    format,
                    false,
                );
                if format.has_tags() {
                    let id = data.properties[at].id.clone();
                    for (name, color) in [
                        ("Low", "grey"),
                        ("Medium", "yellow"),
                        ("High", "orange"),
                        ("Urgent", "red"),
                        ("Someday", "blue"),
                    ] {
                        data.add_tag(&id, None, name, color);
                    }
                }
                Some(at)
            }
        };
        let Some(at) = at else { continue };
        let id = data.properties[at].id.clone();
        let tags: Vec<String> = data
            .tags
            .iter()
            .filter(|t| t.property_id == id && !t.archived)
            .map(|t| t.id.clone())
            .collect();
        specs.push((key, format, tags));
    }
    let page_id = data
        .type_by_key("page")
        .map(|t| t.id.clone())
        .unwrap_or_default();
    let start = data.objects.len();
    let mut rng = rand::rng();
    let now = crate::space_data::now();
    for n in 0..count {
        let number = start + n + 1;
        let mut object = data.new_object(
            &page_id,
            &format!("Generated object {number}"),
            &format!(
                "Generated object number {number}.\n\nA {} {}.\n",
                random_word(),
                random_word()
            ),
        );
        object.created = now - rng.random_range(0..365 * 86_400);
        object.modified = object.created;
        for (key, format, tags) in &specs {
            let value = match format {
                Format::Text => Val::Text(format!("{} {}", random_word(), random_word())),
                Format::Number => Val::Number(f64::from(rng.random_range(0..10_000)) / 4.0),
                Format::Checkbox => Val::Bool(rng.random_bool(0.5)),
                Format::Date => {
                    Val::Date(now - now.rem_euclid(86_400) + rng.random_range(-90..90) * 86_400)
                }
                Format::Url => Val::Text(format!("https://example.com/{}/{number}", random_word())),
                Format::Email => Val::Text(format!("{}.{number}@example.com", random_word())),
                Format::Phone => Val::Text(format!("+1 555 {:04}", rng.random_range(0..10_000))),
                Format::Select | Format::MultiSelect if tags.is_empty() => continue,
                Format::Select => Val::Select(tags[rng.random_range(0..tags.len())].clone()),
                Format::MultiSelect if tags.len() == 1 => Val::Multi(tags.clone()),
                Format::MultiSelect => {
                    let first = rng.random_range(0..tags.len());
                    let second = (first + 1 + rng.random_range(0..tags.len() - 1)) % tags.len();
                    Val::Multi(vec![tags[first].clone(), tags[second].clone()])
                }
                Format::Files | Format::Objects => Val::Ids(Vec::new()),
            };
            object.set_value(key, Some(value));
        }
        data.add_object(object);
    }
}

async fn admin_add_objects(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let number = |key: &str, default: usize, max: usize| {
        query
            .get(key)
            .and_then(|c| c.parse::<usize>().ok())
            .unwrap_or(default)
            .min(max)
    };
    let count = number("count", 1, 1_000_000);
    let properties = number("properties", 0, 100);
    if !state.add_generated_objects(&space_id, count, properties) {
        return space_not_found(&space_id);
    }
    (
        StatusCode::CREATED,
        Json(json!({"added": count, "properties": properties})),
    )
        .into_response()
}
