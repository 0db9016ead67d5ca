//! Lists (collections and sets) and their views, like the real server (`docs/filters.md`):
//!
//! * `POST .../lists/{list_id}/objects` `{"objects": [ids]}` → 200 `"Objects added successfully"`
//!   (an empty list, ids already there and ids of no object are accepted);
//! * `DELETE .../lists/{list_id}/objects/{object_id}` → 200 `"Objects removed successfully"`;
//! * `GET .../lists/{list_id}/views` → a page of views (a new list has one, `All`: grid, by name);
//! * `GET .../lists/{list_id}/views/{view_id}/objects` → the list's objects through the view's
//!   filters and sorts, plus the list-endpoint query filters.
//!
//! A collection (layout `collection`) holds the ids added to it, in order; a set (layout `set`)
//! shows the objects of the types in its query, which only the admin route sets:
//! `PUT /_sandbox/spaces/{space_id}/lists/{list_id}/query` `{"types": ["page"]}`. Views with filters
//! and sorts come from `POST /_sandbox/spaces/{space_id}/lists/{list_id}/views`
//! `{name, layout, filters: [{property_key, condition, value}], sorts: [{property_key, sort_type}]}`.
// Handlers return their error answer as the `Err` of a `Result`; its size doesn't matter here.
#![allow(clippy::result_large_err)]

use std::cmp::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, State as AxumState};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{delete, get, post, put};
use axum::Router;
use serde_json::{json, Value};

use crate::filters::{
    accepts, compile_space_query, resolve, Arg, Cond, Condition, Expr, Grammar, ListQuery,
    ObjectRecord, Record,
};
use crate::objects::{in_space, list_page, type_error};
use crate::server::{error, json_body, json_response, paging, Paging, State};
use crate::space_data::{format_date, parse_date, Format, Object, SpaceData, Val};
use crate::store::random_string;

type Shared = std::sync::Arc<State>;

/// What a list holds besides its object: its items (a collection), its query (a set), its views.
#[derive(Debug, Clone)]
pub(crate) struct ListData {
    /// object ids, in the order they were added (collections)
    pub items: Vec<String>,
    /// type keys whose objects the set shows (sets)
    pub set_of: Vec<String>,
    pub views: Vec<View>,
}

/// A view of a list.
#[derive(Debug, Clone)]
pub(crate) struct View {
    pub id: String,
    pub name: String,
    pub layout: String,
    pub filters: Vec<ViewFilter>,
    pub sorts: Vec<ViewSort>,
}

#[derive(Debug, Clone)]
pub(crate) struct ViewFilter {
    pub id: String,
    pub condition: Condition,
    /// the value as given (shown in the view's JSON)
    pub value: Value,
}

#[derive(Debug, Clone)]
pub(crate) struct ViewSort {
    pub id: String,
    pub property_key: String,
    pub format: Format,
    pub descending: bool,
}

/// A view or sort id like the real server's (24 hex digits).
fn view_id() -> String {
    random_string(b"0123456789abcdef", 24)
}

impl ListData {
    /// A new list: one view, `All`, a grid sorted by name.
    fn new() -> ListData {
        ListData {
            items: Vec::new(),
            set_of: Vec::new(),
            views: vec![View {
                id: view_id(),
                name: "All".into(),
                layout: "grid".into(),
                filters: Vec::new(),
                sorts: vec![ViewSort {
                    id: view_id(),
                    property_key: "name".into(),
                    format: Format::Text,
                    descending: false,
                }],
            }],
        }
    }
}

impl View {
    fn to_json(&self) -> Value {
        let filters: Vec<Value> = self
            .filters
            .iter()
            .map(|f| {
                json!({
                    "id": f.id, "property_key": f.condition.key, "format": f.condition.format.as_str(),
                    "condition": f.condition.cond.as_str(), "value": f.value,
                })
            })
            .collect();
        let sorts: Vec<Value> = self
            .sorts
            .iter()
            .map(|s| {
                json!({
                    "id": s.id, "property_key": s.property_key, "format": s.format.as_str(),
                    "sort_type": if s.descending { "desc" } else { "asc" },
                })
            })
            .collect();
        json!({
            "id": self.id, "name": self.name, "layout": self.layout,
            "filters": if filters.is_empty() { Value::Null } else { Value::Array(filters) },
            "sorts": sorts,
        })
    }
}

/// The authenticated list routes.
pub(crate) fn router() -> Router<Shared> {
    Router::new()
        .route(
            "/v1/spaces/{space_id}/lists/{list_id}/objects",
            post(add_objects),
        )
        .route(
            "/v1/spaces/{space_id}/lists/{list_id}/objects/{object_id}",
            delete(remove_object),
        )
        .route(
            "/v1/spaces/{space_id}/lists/{list_id}/views",
            get(list_views),
        )
        .route(
            "/v1/spaces/{space_id}/lists/{list_id}/views/{view_id}/objects",
            get(view_objects),
        )
}

/// The admin list routes (no bearer check, no write limit).
pub(crate) fn admin_router() -> Router<Shared> {
    Router::new()
        .route(
            "/_sandbox/spaces/{space_id}/lists/{list_id}/views",
            post(admin_add_view),
        )
        .route(
            "/_sandbox/spaces/{space_id}/lists/{list_id}/query",
            put(admin_set_query),
        )
}

/// Why a list can't be used.
enum NotAList {
    /// no such object
    Missing,
    /// an object that is not a collection or a set
    NoDataview,
}

/// Mark a list changed (its `last_modified_*` values show from now on).
fn touch(data: &mut SpaceData, list_id: &str) {
    if let Some(at) = data.object_at(list_id) {
        data.objects[at].edited = true;
        data.objects[at].modified = crate::space_data::now();
    }
}

/// The list data of a collection or set (made on first use).
fn list_mut<'a>(data: &'a mut SpaceData, list_id: &str) -> Result<&'a mut ListData, NotAList> {
    let at = data.object_at(list_id).ok_or(NotAList::Missing)?;
    let layout = data
        .type_at(&data.objects[at].type_id)
        .map(|t| data.types[t].layout.as_str());
    if !matches!(layout, Some("collection" | "set")) {
        return Err(NotAList::NoDataview);
    }
    Ok(data
        .lists
        .entry(list_id.to_owned())
        .or_insert_with(ListData::new))
}

/// The answers of the views routes for a list that can't be used.
fn view_route_error(why: NotAList) -> Response {
    match why {
        NotAList::Missing => error(StatusCode::NOT_FOUND, "failed to get list"),
        NotAList::NoDataview => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "failed to get list dataview",
        ),
    }
}

fn bare_string(text: &str) -> Response {
    json_response(StatusCode::OK, json!(text))
}

async fn add_objects(
    AxumState(state): AxumState<Shared>,
    Path((space_id, list_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    const TYPE: &str = "AddObjectsToListRequest";
    // Probed: this route answers its binding errors as `application/json`, unlike most.
    let body = match json_body(&body, TYPE, false) {
        Ok(body) => body,
        Err(response) => return response,
    };
    let as_json = |mut response: Response| {
        response.headers_mut().insert(
            "content-type",
            axum::http::HeaderValue::from_static("application/json; charset=utf-8"),
        );
        response
    };
    let mut ids = Vec::new();
    match body.get("objects") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for item in items {
                match item {
                    Value::String(id) => ids.push(id.clone()),
                    Value::Null => {}
                    other => return as_json(type_error(TYPE, "objects", other, "string")),
                }
            }
        }
        Some(other) => return as_json(type_error(TYPE, "objects", other, "[]string")),
    }
    in_space(&state, &space_id, |data| match list_mut(data, &list_id) {
        Ok(list) => {
            for id in ids {
                if !list.items.contains(&id) {
                    list.items.push(id);
                }
            }
            touch(data, &list_id);
            bare_string("Objects added successfully")
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "failed to add objects to list",
        ),
    })
}

async fn remove_object(
    AxumState(state): AxumState<Shared>,
    Path((space_id, list_id, object_id)): Path<(String, String, String)>,
) -> Response {
    in_space(&state, &space_id, |data| match list_mut(data, &list_id) {
        Ok(list) => {
            list.items.retain(|id| *id != object_id);
            touch(data, &list_id);
            bare_string("Objects removed successfully")
        }
        Err(_) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "failed to remove objects from list",
        ),
    })
}

async fn list_views(
    AxumState(state): AxumState<Shared>,
    Path((space_id, list_id)): Path<(String, String)>,
    ListQuery(query): ListQuery,
) -> Response {
    let Paging { offset, limit, .. } = match paging(&query) {
        Ok(paging) => paging,
        Err(response) => return response,
    };
    in_space(&state, &space_id, |data| match list_mut(data, &list_id) {
        Ok(list) => list_page(
            list.views.iter().map(View::to_json).collect(),
            offset,
            limit,
        ),
        Err(why) => view_route_error(why),
    })
}

/// Compare two values of a view sort's property: missing values last, text case-insensitively.
fn compare_values(a: Option<Val>, b: Option<Val>) -> Ordering {
    let rank = |v: &Option<Val>| -> Option<(Option<f64>, String)> {
        match v {
            None => None,
            Some(Val::Text(t)) if t.is_empty() => None,
            Some(Val::Text(t)) => Some((None, t.to_lowercase())),
            Some(Val::Number(n)) => Some((Some(*n), String::new())),
            Some(Val::Date(d)) => Some((Some(*d as f64), String::new())),
            Some(Val::Bool(b)) => Some((Some(f64::from(u8::from(*b))), String::new())),
            Some(Val::Select(id)) => Some((None, id.clone())),
            Some(Val::Multi(ids)) | Some(Val::Ids(ids)) => Some((None, ids.join(","))),
        }
    };
    match (rank(&a), rank(&b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => {
            x.0.partial_cmp(&y.0)
                .unwrap_or(Ordering::Equal)
                .then_with(|| x.1.cmp(&y.1))
        }
    }
}

/// The objects a list shows, in its own order (a collection: as added; a set: oldest first).
fn members<'a>(data: &'a SpaceData, list: &ListData, list_id: &str) -> Vec<&'a Object> {
    let is_set = data
        .object_at(list_id)
        .and_then(|at| data.type_at(&data.objects[at].type_id))
        .is_some_and(|t| data.types[t].layout == "set");
    let live = |o: &&Object| !o.archived && o.template_of.is_none();
    if is_set {
        data.objects
            .iter()
            .filter(live)
            .filter(|o| {
                data.type_at(&o.type_id)
                    .is_some_and(|t| list.set_of.contains(&data.types[t].key))
            })
            .collect()
    } else {
        list.items
            .iter()
            .filter_map(|id| data.object_at(id).map(|at| &data.objects[at]))
            .filter(live)
            .collect()
    }
}

async fn view_objects(
    AxumState(state): AxumState<Shared>,
    Path((space_id, list_id, view_id)): Path<(String, String, String)>,
    ListQuery(query): ListQuery,
) -> Response {
    let Paging { offset, limit, .. } = match paging(&query) {
        Ok(paging) => paging,
        Err(response) => return response,
    };
    in_space(&state, &space_id, |data| {
        // Probed: the query filters are checked before the list and the view.
        let filters = match compile_space_query(data, &query) {
            Ok(filters) => filters,
            Err(response) => return response,
        };
        let list = match list_mut(data, &list_id) {
            Ok(list) => list.clone(),
            Err(why) => return view_route_error(why),
        };
        let Some(view) = list.views.iter().find(|v| v.id == view_id) else {
            return error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "failed to get list dataview view",
            );
        };
        let view_filters = Expr::all(view.filters.iter().map(|f| f.condition.clone()).collect());
        let mut objects: Vec<&Object> = members(data, &list, &list_id)
            .into_iter()
            .filter(|o| {
                let record = ObjectRecord { data, object: o };
                view_filters.matches(&record) && filters.matches(&record)
            })
            .collect();
        objects.sort_by(|a, b| {
            let (ra, rb) = (
                ObjectRecord { data, object: a },
                ObjectRecord { data, object: b },
            );
            view.sorts
                .iter()
                .map(|s| {
                    let order =
                        compare_values(ra.value(&s.property_key), rb.value(&s.property_key));
                    if s.descending {
                        order.reverse()
                    } else {
                        order
                    }
                })
                .find(|o| *o != Ordering::Equal)
                .unwrap_or(Ordering::Equal)
        });
        let items = objects
            .into_iter()
            .map(|o| data.object_json(o, false))
            .collect();
        list_page(items, offset, limit)
    })
}

// ----- admin -----

fn admin_error(message: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, message)
}

/// A view filter's value for its format: the same conversions as the API's, and for tags a key or
/// an id (resolved to the id).
fn view_arg(
    data: &SpaceData,
    key: &str,
    format: Format,
    cond: Cond,
    value: &Value,
) -> Result<Arg, String> {
    if !cond.takes_value() {
        return Ok(Arg::None);
    }
    let wrong = || {
        format!(
            "filter on {key:?}: the value doesn't fit format {:?}",
            format.as_str()
        )
    };
    let strings = |v: &Value| -> Option<Vec<String>> {
        match v {
            Value::String(s) => Some(vec![s.clone()]),
            Value::Array(items) => items.iter().map(|i| i.as_str().map(String::from)).collect(),
            _ => None,
        }
    };
    Ok(match format {
        Format::Number => Arg::Number(value.as_f64().ok_or_else(wrong)?),
        Format::Checkbox => Arg::Bool(value.as_bool().ok_or_else(wrong)?),
        Format::Date => Arg::Date(value.as_str().and_then(parse_date).ok_or_else(wrong)?),
        Format::Select | Format::MultiSelect => {
            let property_id = data
                .property_by_key(key)
                .map(|p| p.id.clone())
                .unwrap_or_default();
            let mut ids = Vec::new();
            for name in strings(value).ok_or_else(wrong)? {
                let tag = data
                    .find_tag(&property_id, &name)
                    .ok_or_else(|| format!("filter on {key:?}: no tag {name:?}"))?;
                ids.push(tag.id.clone());
            }
            Arg::Ids(ids)
        }
        Format::Objects | Format::Files => Arg::Ids(strings(value).ok_or_else(wrong)?),
        _ => Arg::Text(value.as_str().ok_or_else(wrong)?.to_owned()),
    })
}

/// The view JSON of the admin request, or why not.
fn parse_view(data: &SpaceData, body: &Value) -> Result<View, String> {
    let text = |k: &str, default: &str| {
        body.get(k)
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_owned()
    };
    let mut filters = Vec::new();
    for f in body
        .get("filters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = f.get("property_key").and_then(Value::as_str).unwrap_or("");
        let p = resolve(data, key).ok_or_else(|| format!("unknown property key {key:?}"))?;
        let cond_text = f.get("condition").and_then(Value::as_str).unwrap_or("");
        let cond =
            Cond::parse(cond_text).ok_or_else(|| format!("unknown condition {cond_text:?}"))?;
        if !accepts(Grammar::View, p.format, cond) {
            return Err(format!(
                "condition {cond_text:?} is not valid for format {:?}",
                p.format.as_str()
            ));
        }
        let value = f.get("value").cloned().unwrap_or(Value::Null);
        let arg = view_arg(data, key, p.format, cond, &value)?;
        let shown = match &arg {
            Arg::Date(ts) => json!(format_date(*ts)),
            _ => value,
        };
        filters.push(ViewFilter {
            id: view_id(),
            condition: Condition {
                key: key.to_owned(),
                format: p.format,
                cond,
                arg,
            },
            value: shown,
        });
    }
    let mut sorts = Vec::new();
    for s in body
        .get("sorts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let key = s.get("property_key").and_then(Value::as_str).unwrap_or("");
        let p = resolve(data, key).ok_or_else(|| format!("unknown property key {key:?}"))?;
        let descending = match s.get("sort_type").and_then(Value::as_str).unwrap_or("asc") {
            "asc" => false,
            "desc" => true,
            other => return Err(format!("unknown sort type {other:?}")),
        };
        sorts.push(ViewSort {
            id: view_id(),
            property_key: key.to_owned(),
            format: p.format,
            descending,
        });
    }
    Ok(View {
        id: view_id(),
        name: text("name", "View"),
        layout: text("layout", "grid"),
        filters,
        sorts,
    })
}

async fn admin_add_view(
    AxumState(state): AxumState<Shared>,
    Path((space_id, list_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return admin_error("the body is not JSON");
    };
    in_space(&state, &space_id, |data| {
        let view = match parse_view(data, &body) {
            Ok(view) => view,
            Err(message) => return admin_error(message),
        };
        match list_mut(data, &list_id) {
            Ok(list) => {
                let answer = view.to_json();
                list.views.push(view);
                json_response(StatusCode::CREATED, answer)
            }
            Err(why) => view_route_error(why),
        }
    })
}

async fn admin_set_query(
    AxumState(state): AxumState<Shared>,
    Path((space_id, list_id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let types: Option<Vec<String>> = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|b| b.get("types").cloned())
        .and_then(|t| serde_json::from_value(t).ok());
    let Some(types) = types else {
        return admin_error("expected {\"types\": [type keys]}");
    };
    in_space(&state, &space_id, |data| match list_mut(data, &list_id) {
        Ok(list) => {
            list.set_of = types.clone();
            json_response(StatusCode::OK, json!({"types": types}))
        }
        Err(why) => view_route_error(why),
    })
}
