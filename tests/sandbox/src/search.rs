//! `POST /v1/spaces/{space_id}/search` and `POST /v1/search`, with the real server's semantics
//! (`docs/filters.md`): a case-insensitive substring `query` on name and body, `types` by type key,
//! the JSON filter expression (evaluated by [`crate::filters`]), sorting by four keys with ties by
//! id, and global search capping each space at `offset + limit` results before merging (so `total`
//! is the capped sum, like the real server). Search is not a write: the rate limit doesn't apply.
// Handlers return their error answer as the `Err` of a `Result`; its size doesn't matter here.
#![allow(clippy::result_large_err)]

use std::cmp::Ordering;

use axum::body::Bytes;
use axum::extract::{Path, State as AxumState};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use serde_json::Value;

use crate::filters::{
    accepts, resolve, Arg, Cond, Condition, Expr, Grammar, ListQuery, ObjectRecord, Op,
};
use crate::objects::{page_response, type_error};
use crate::server::{
    error, json_body, lock, paging, space_not_found, text_plain_error, Paging, State,
};
use crate::space_data::{parse_date, Format, Object, SpaceData};

type Shared = std::sync::Arc<State>;

/// The search routes (merged into the authenticated router).
pub(crate) fn router() -> Router<Shared> {
    Router::new()
        .route("/v1/spaces/{space_id}/search", post(search_space))
        .route("/v1/search", post(search_global))
}

/// The keys search sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Created,
    Modified,
    Opened,
    Name,
}

/// A search request, bound and checked (everything that answers `text/plain` 400s).
struct SearchRequest {
    query: String,
    types: Option<Vec<String>>,
    filters: Option<RawExpr>,
    sort: SortKey,
    descending: bool,
}

/// A filter expression as sent, before its keys are resolved in a space.
struct RawExpr {
    op: Op,
    conditions: Vec<RawCondition>,
    children: Vec<RawExpr>,
}

struct RawCondition {
    key: Option<String>,
    cond: Option<Cond>,
    /// the value key that was present first, and its value
    value: Option<(Format, Value)>,
}

const EXPR: &str = "FilterExpression";

fn bad_bind(message: impl std::fmt::Display) -> Response {
    text_plain_error(StatusCode::BAD_REQUEST, format!("bad input: {message}"))
}

/// A JSON string or null (`Ok(None)`), else Go's type error.
fn string_at(
    value: Option<&Value>,
    type_name: &str,
    path: &str,
) -> Result<Option<String>, Response> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(type_error(type_name, path, other, "string")),
    }
}

/// The elements of a JSON array (absent or null: none), else Go's type error.
fn array_at<'a>(
    value: Option<&'a Value>,
    type_name: &str,
    path: &str,
    go_type: &str,
) -> Result<&'a [Value], Response> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(type_error(type_name, path, other, go_type)),
    }
}

/// Bind a request body like the real server's search handler.
fn parse_request(body: &Bytes) -> Result<SearchRequest, Response> {
    // The server's decoder reads a stream: a truncated body is `unexpected EOF`.
    if !body.iter().all(u8::is_ascii_whitespace) {
        if let Err(e) = serde_json::from_slice::<Value>(body) {
            if e.is_eof() {
                return Err(text_plain_error(StatusCode::BAD_REQUEST, "unexpected EOF"));
            }
        }
    }
    const TYPE: &str = "SearchRequest";
    let body = json_body(body, TYPE, true)?;
    let query = string_at(body.get("query"), TYPE, "query")?.unwrap_or_default();
    let types = match body.get("types") {
        None | Some(Value::Null) => None,
        other => {
            let mut keys = Vec::new();
            for item in array_at(other, TYPE, "types", "[]string")? {
                if let Some(key) = string_at(Some(item), TYPE, "types")? {
                    keys.push(key);
                }
            }
            Some(keys)
        }
    };
    let filters = match body.get("filters") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => Some(parse_expr(v, "filters")?),
        Some(other) => {
            return Err(type_error(
                TYPE,
                "filters",
                other,
                "apimodel.FilterExpression",
            ))
        }
    };
    let (mut key, mut direction) = ("last_modified_date".to_owned(), "desc".to_owned());
    match body.get("sort") {
        None | Some(Value::Null) => {}
        Some(Value::Object(sort)) => {
            // Defaults are filled in before the body is read: an explicit null is "".
            if let Some(v) = sort.get("property_key") {
                key = string_at(Some(v), "SortOptions", "sort.property_key")?.unwrap_or_default();
            }
            if let Some(v) = sort.get("direction") {
                direction =
                    string_at(Some(v), "SortOptions", "sort.direction")?.unwrap_or_default();
            }
        }
        Some(other) => return Err(type_error(TYPE, "sort", other, "apimodel.SortOptions")),
    }
    let sort = match key.as_str() {
        "created_date" => SortKey::Created,
        "last_modified_date" => SortKey::Modified,
        "last_opened_date" => SortKey::Opened,
        "name" => SortKey::Name,
        _ => return Err(bad_bind(format!("invalid sort property: {key:?}"))),
    };
    let descending = match direction.as_str() {
        "asc" => false,
        "desc" => true,
        _ => return Err(bad_bind(format!("invalid sort direction: {direction:?}"))),
    };
    Ok(SearchRequest {
        query,
        types,
        filters,
        sort,
        descending,
    })
}

/// One expression object at `path` (`filters`, `filters.filters`, ...).
fn parse_expr(value: &Value, path: &str) -> Result<RawExpr, Response> {
    let op = match string_at(value.get("operator"), EXPR, &format!("{path}.operator"))? {
        None => Op::And,
        Some(op) => match op.as_str() {
            "" | "and" => Op::And,
            "or" => Op::Or,
            _ => return Err(bad_bind(format!("invalid filter operator: {op:?}"))),
        },
    };
    let mut conditions = Vec::new();
    let at = format!("{path}.conditions");
    for item in array_at(value.get("conditions"), EXPR, &at, "[]apimodel.FilterItem")? {
        match item {
            Value::Null => {}
            Value::Object(_) => conditions.push(parse_condition(item, path)?),
            other => {
                return Err(type_error(
                    EXPR,
                    &at,
                    other,
                    "struct { Condition apimodel.FilterCondition \"json:\\\"condition\\\"\" }",
                ))
            }
        }
    }
    let mut children = Vec::new();
    let at = format!("{path}.filters");
    for item in array_at(
        value.get("filters"),
        EXPR,
        &at,
        "[]apimodel.FilterExpression",
    )? {
        match item {
            Value::Null => {}
            Value::Object(_) => children.push(parse_expr(item, &at)?),
            other => return Err(type_error(EXPR, &at, other, "apimodel.FilterExpression")),
        }
    }
    Ok(RawExpr {
        op,
        conditions,
        children,
    })
}

/// The Go type a value key decodes into.
fn go_type(format: Format) -> &'static str {
    match format {
        Format::Number => "float64",
        Format::Checkbox => "bool",
        Format::MultiSelect | Format::Objects | Format::Files => "[]string",
        _ => "string",
    }
}

/// One condition: the server reads `condition` first, then the first value key present (which
/// decides the condition's type), then `property_key`.
fn parse_condition(item: &Value, path: &str) -> Result<RawCondition, Response> {
    let at = |field: &str| format!("{path}.conditions.{field}");
    let cond = match item.get("condition") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) if text.is_empty() => None,
        Some(Value::String(text)) => match Cond::parse(text) {
            Some(cond) => Some(cond),
            None => return Err(bad_bind(format!("invalid filter condition: {text:?}"))),
        },
        Some(other) => {
            return Err(type_error(
                EXPR,
                &at("condition"),
                other,
                "apimodel.FilterCondition",
            ))
        }
    };
    let value = Format::ALL
        .into_iter()
        .find_map(|f| item.get(f.as_str()).map(|v| (f, v.clone())));
    match &value {
        None if cond.is_none_or(Cond::takes_value) => {
            return Err(bad_bind("could not determine filter condition type"))
        }
        None | Some((_, Value::Null)) => {}
        Some((format, v)) => {
            let path = at(format.as_str());
            let ok = match go_type(*format) {
                "float64" => v.is_number(),
                "bool" => v.is_boolean(),
                "string" => v.is_string(),
                _ => {
                    let Value::Array(items) = v else {
                        return Err(type_error(EXPR, &path, v, "[]string"));
                    };
                    if let Some(bad) = items.iter().find(|i| !i.is_string() && !i.is_null()) {
                        return Err(type_error(EXPR, &path, bad, "string"));
                    }
                    true
                }
            };
            if !ok {
                return Err(type_error(EXPR, &path, v, go_type(*format)));
            }
        }
    }
    let key = string_at(item.get("property_key"), EXPR, &at("property_key"))?;
    Ok(RawCondition { key, cond, value })
}

/// The expression in one space; `None` is the real server's `failed to build expression filters`.
fn build(data: &SpaceData, raw: &RawExpr) -> Option<Expr> {
    let mut conditions = Vec::new();
    for c in &raw.conditions {
        let key = c.key.as_deref().filter(|k| !k.is_empty())?;
        let p = resolve(data, key)?;
        let cond = c.cond?;
        if !accepts(Grammar::Search, p.format, cond) {
            return None;
        }
        let arg = if !cond.takes_value() {
            Arg::None
        } else {
            let (format, value) = c.value.as_ref()?;
            if *format != p.format {
                return None;
            }
            match (p.format, value) {
                (Format::Number, v) => Arg::Number(v.as_f64()?),
                (Format::Checkbox, Value::Bool(b)) => Arg::Bool(*b),
                (Format::Date, Value::String(s)) => Arg::Date(parse_date(s)?),
                (Format::Select, Value::String(id)) => {
                    // A live tag of this property, by id, or by a key no other tag of the space
                    // has (probed: `red` on both a select and a multi_select is refused).
                    let tag = match data.tag_at(id) {
                        Some(at) => &data.tags[at],
                        None => {
                            let mut same_key =
                                data.tags.iter().filter(|t| !t.archived && t.key == *id);
                            let tag = same_key.next()?;
                            if same_key.next().is_some() {
                                return None;
                            }
                            tag
                        }
                    };
                    if tag.archived || Some(&tag.property_id) != p.property_id.as_ref() {
                        return None;
                    }
                    Arg::Ids(vec![tag.id.clone()])
                }
                (_, Value::String(s)) => Arg::Text(s.clone()),
                _ => return None,
            }
        };
        conditions.push(Condition {
            key: key.to_owned(),
            format: p.format,
            cond,
            arg,
        });
    }
    let children = raw
        .children
        .iter()
        .map(|child| build(data, child))
        .collect::<Option<Vec<_>>>()?;
    Some(Expr {
        op: raw.op,
        conditions,
        children,
    })
}

fn failed_to_build() -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "failed to build expression filters",
    )
}

/// What an object sorts by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum SortValue {
    Int(i64),
    Text(String),
}

fn sort_value(o: &Object, key: SortKey) -> SortValue {
    match key {
        SortKey::Created => SortValue::Int(o.created),
        // The sandbox doesn't track opening; the real server's answers sort the same here.
        SortKey::Modified | SortKey::Opened => SortValue::Int(o.modified),
        SortKey::Name => SortValue::Text(o.name.to_lowercase()),
    }
}

/// By the sort key in the direction asked, ties by id ascending (in either direction).
fn compare<T>(
    a: &(SortValue, String, T),
    b: &(SortValue, String, T),
    descending: bool,
) -> Ordering {
    let primary = a.0.cmp(&b.0);
    let primary = if descending {
        primary.reverse()
    } else {
        primary
    };
    primary.then_with(|| a.1.cmp(&b.1))
}

/// The matching objects of one space, sorted, with their sort values (their JSON is made only
/// for the page that is answered).
fn search_in<'a>(
    data: &'a SpaceData,
    request: &SearchRequest,
) -> Result<Vec<(SortValue, String, &'a Object)>, Response> {
    let expr = match &request.filters {
        None => None,
        Some(raw) => Some(build(data, raw).ok_or_else(failed_to_build)?),
    };
    let query = request.query.to_lowercase();
    let types = request.types.as_ref().filter(|t| !t.is_empty());
    let mut hits: Vec<(SortValue, String, &Object)> = data
        .objects
        .iter()
        .filter(|o| !o.archived && o.template_of.is_none())
        .filter(|o| {
            types.is_none_or(|types| {
                data.type_at(&o.type_id)
                    .is_some_and(|at| types.contains(&data.types[at].key))
            })
        })
        .filter(|o| {
            query.is_empty()
                || o.name.to_lowercase().contains(&query)
                || o.markdown.to_lowercase().contains(&query)
        })
        .filter(|o| {
            expr.as_ref()
                .is_none_or(|e| e.matches(&ObjectRecord { data, object: o }))
        })
        .map(|o| (sort_value(o, request.sort), o.id.clone(), o))
        .collect();
    hits.sort_by(|a, b| compare(a, b, request.descending));
    Ok(hits)
}

/// The paging and the bound body of a search.
fn prepare(
    query: &[(String, String)],
    body: &Bytes,
) -> Result<(usize, usize, SearchRequest), Response> {
    let Paging { offset, limit, .. } = paging(query)?;
    Ok((offset, limit, parse_request(body)?))
}

/// One page of sorted hits (`skip` of them skipped here), out of `total`, at `offset`.
fn page(
    hits: Vec<(SortValue, String, Value)>,
    total: usize,
    skip: usize,
    limit: usize,
    offset: usize,
) -> Response {
    let data = hits
        .into_iter()
        .skip(skip)
        .take(limit)
        .map(|h| h.2)
        .collect();
    page_response(data, total, offset, limit)
}

async fn search_space(
    AxumState(state): AxumState<Shared>,
    Path(space_id): Path<String>,
    ListQuery(query): ListQuery,
    body: Bytes,
) -> Response {
    let (offset, limit, request) = match prepare(&query, &body) {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    if lock(&state.store).space(&space_id).is_none() {
        return space_not_found(&space_id);
    }
    let mut spaces = lock(&state.space_data);
    let data = spaces.ensure(&space_id);
    match search_in(data, &request) {
        Ok(hits) => {
            let total = hits.len();
            let hits = hits.into_iter().skip(offset).take(limit);
            let hits = hits
                .map(|(v, id, o)| (v, id, data.object_json(o, false)))
                .collect();
            page(hits, total, 0, limit, offset)
        }
        Err(response) => response,
    }
}

async fn search_global(
    AxumState(state): AxumState<Shared>,
    ListQuery(query): ListQuery,
    body: Bytes,
) -> Response {
    let (offset, limit, request) = match prepare(&query, &body) {
        Ok(parts) => parts,
        Err(response) => return response,
    };
    let space_ids: Vec<String> = lock(&state.store)
        .spaces
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let mut spaces = lock(&state.space_data);
    // Like the real server: each space answers at most offset + limit results, the pages are
    // merged by the sort, and `total` (so `has_more`) counts what the spaces answered.
    let cap = offset.saturating_add(limit);
    let mut merged = Vec::new();
    for id in &space_ids {
        let data = spaces.ensure(id);
        match search_in(data, &request) {
            Ok(hits) => merged.extend(
                hits.into_iter()
                    .take(cap)
                    .map(|(v, id, o)| (v, id, data.object_json(o, false))),
            ),
            Err(response) => return response,
        }
    }
    merged.sort_by(|a, b| compare(a, b, request.descending));
    let total = merged.len();
    page(merged, total, offset, limit, offset)
}
