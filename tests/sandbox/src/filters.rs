//! The filter evaluator shared by list query filters (`?key[cond]=value`), search expressions
//! (`{"operator", "conditions", "filters"}`) and list views, with the real server's semantics
//! (probed 2026-12-01, `docs/filters.md`):
//!
//! * text `eq`/`ne` exact and case-sensitive, `contains`/`ncontains` case-insensitive, `empty` =
//!   unset or `""`; a plain `key=value` on a list endpoint means `contains` for text formats and
//!   `eq` for the others;
//! * a missing number or date is below every value (`lt`/`lte` match it), a missing checkbox is
//!   `false`; dates are instants (a date-only value is midnight UTC);
//! * select `in`/`all`/`nin` by tag id (search only); multi_select, objects and files take only
//!   `empty`/`nempty`.
//!
//! Which conditions each grammar accepts, and the errors for the others, are in [`Grammar`].
// Compilers return their error answer as the `Err` of a `Result`; its size doesn't matter here.
#![allow(clippy::result_large_err)]

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;

use crate::server::error;
use crate::space_data::{parse_date, Format, Object, SpaceData, Val};

/// A filter condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cond {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
    Contains,
    NContains,
    In,
    Nin,
    All,
    Empty,
    NEmpty,
}

impl Cond {
    const ALL: [Cond; 13] = [
        Cond::Eq,
        Cond::Ne,
        Cond::Gt,
        Cond::Gte,
        Cond::Lt,
        Cond::Lte,
        Cond::Contains,
        Cond::NContains,
        Cond::In,
        Cond::Nin,
        Cond::All,
        Cond::Empty,
        Cond::NEmpty,
    ];

    /// The condition's name, exactly (`"eq"`, `"ncontains"`, ...).
    pub fn parse(text: &str) -> Option<Cond> {
        Cond::ALL.into_iter().find(|c| c.as_str() == text)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Cond::Eq => "eq",
            Cond::Ne => "ne",
            Cond::Gt => "gt",
            Cond::Gte => "gte",
            Cond::Lt => "lt",
            Cond::Lte => "lte",
            Cond::Contains => "contains",
            Cond::NContains => "ncontains",
            Cond::In => "in",
            Cond::Nin => "nin",
            Cond::All => "all",
            Cond::Empty => "empty",
            Cond::NEmpty => "nempty",
        }
    }

    /// `empty` and `nempty` take no value.
    pub fn takes_value(self) -> bool {
        !matches!(self, Cond::Empty | Cond::NEmpty)
    }
}

/// Which request grammar a condition comes from: each accepts different conditions per format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grammar {
    /// `?key[cond]=value` on list endpoints.
    Query,
    /// The JSON expression of search.
    Search,
    /// The filters of a list view (added through the admin route): everything the evaluator knows.
    View,
}

fn text_like(format: Format) -> bool {
    matches!(
        format,
        Format::Text | Format::Url | Format::Email | Format::Phone
    )
}

/// Whether `grammar` accepts `cond` on a property of `format` (the real server's table).
pub(crate) fn accepts(grammar: Grammar, format: Format, cond: Cond) -> bool {
    use Cond::*;
    let presence = matches!(cond, Empty | NEmpty);
    match format {
        f if text_like(f) => matches!(cond, Eq | Ne | Contains | NContains) || presence,
        Format::Number => matches!(cond, Eq | Ne | Gt | Gte | Lt | Lte) || presence,
        Format::Date => matches!(cond, Eq | Gt | Gte | Lt | Lte | In) || presence,
        Format::Checkbox => matches!(cond, Eq | Ne),
        Format::Select => matches!(cond, In | Nin | All) || presence,
        // multi_select, objects, files
        _ => presence || (grammar != Grammar::Search && matches!(cond, In | Nin | All)),
    }
}

/// A condition's value, converted for its format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    None,
    Text(String),
    Number(f64),
    Bool(bool),
    /// Unix seconds
    Date(i64),
    /// tag or object ids
    Ids(Vec<String>),
}

/// One compiled condition.
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub key: String,
    pub format: Format,
    pub cond: Cond,
    pub arg: Arg,
}

/// How the conditions and sub-expressions of an expression combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    And,
    Or,
}

/// A (nested) filter expression; an empty one matches everything.
#[derive(Debug, Clone)]
pub(crate) struct Expr {
    pub op: Op,
    pub conditions: Vec<Condition>,
    pub children: Vec<Expr>,
}

impl Expr {
    /// Conditions that must all hold.
    pub fn all(conditions: Vec<Condition>) -> Expr {
        Expr {
            op: Op::And,
            conditions,
            children: Vec::new(),
        }
    }

    pub fn matches(&self, record: &dyn Record) -> bool {
        let mut results = self
            .conditions
            .iter()
            .map(|c| c.matches(record))
            .chain(self.children.iter().map(|e| e.matches(record)));
        match self.op {
            Op::And => results.all(|r| r),
            Op::Or => {
                if self.conditions.is_empty() && self.children.is_empty() {
                    true
                } else {
                    results.any(|r| r)
                }
            }
        }
    }
}

/// Something filters read values from: an object, or a listed item (type, property, tag, member).
pub(crate) trait Record {
    /// The value of a property key; `None` when unset.
    fn value(&self, key: &str) -> Option<Val>;
}

impl Condition {
    pub fn matches(&self, record: &dyn Record) -> bool {
        evaluate(self.format, self.cond, &self.arg, record.value(&self.key))
    }
}

/// Compare `value` (`None`: missing, which is below every number and date) with `arg`.
fn compare<T: PartialOrd>(cond: Cond, value: Option<T>, arg: T) -> bool {
    match (cond, value) {
        (Cond::Ne, None) | (Cond::Lt | Cond::Lte, None) => true,
        (_, None) => false,
        (Cond::Eq | Cond::In, Some(v)) => v == arg,
        (Cond::Ne, Some(v)) => v != arg,
        (Cond::Gt, Some(v)) => v > arg,
        (Cond::Gte, Some(v)) => v >= arg,
        (Cond::Lt, Some(v)) => v < arg,
        (Cond::Lte, Some(v)) => v <= arg,
        _ => false,
    }
}

fn ids_of(value: &Option<Val>) -> Vec<String> {
    match value {
        Some(Val::Select(id)) => vec![id.clone()],
        Some(Val::Multi(ids)) | Some(Val::Ids(ids)) => ids.clone(),
        _ => Vec::new(),
    }
}

fn is_empty(value: &Option<Val>) -> bool {
    match value {
        None => true,
        Some(Val::Text(t)) => t.is_empty(),
        Some(Val::Select(id)) => id.is_empty(),
        Some(Val::Multi(ids)) | Some(Val::Ids(ids)) => ids.is_empty(),
        Some(_) => false,
    }
}

/// The evaluator: one condition on one value.
pub(crate) fn evaluate(format: Format, cond: Cond, arg: &Arg, value: Option<Val>) -> bool {
    match cond {
        Cond::Empty => return is_empty(&value),
        Cond::NEmpty => return !is_empty(&value),
        _ => {}
    }
    match (format, arg) {
        (f, Arg::Text(arg)) if text_like(f) => {
            let text = match &value {
                Some(Val::Text(t)) => t.as_str(),
                _ => "",
            };
            let contains = || text.to_lowercase().contains(&arg.to_lowercase());
            match cond {
                Cond::Eq => text == arg,
                Cond::Ne => text != arg,
                Cond::Contains => contains(),
                Cond::NContains => !contains(),
                _ => false,
            }
        }
        (Format::Number, Arg::Number(n)) => {
            let v = match value {
                Some(Val::Number(v)) => Some(v),
                _ => None,
            };
            compare(cond, v, *n)
        }
        (Format::Date, Arg::Date(d)) => {
            let v = match value {
                Some(Val::Date(v)) => Some(v),
                _ => None,
            };
            compare(cond, v, *d)
        }
        (Format::Checkbox, Arg::Bool(b)) => {
            let v = matches!(value, Some(Val::Bool(true)));
            match cond {
                Cond::Eq => v == *b,
                Cond::Ne => v != *b,
                _ => false,
            }
        }
        (_, Arg::Ids(ids)) => {
            let have = ids_of(&value);
            match cond {
                Cond::In => ids.iter().any(|i| have.contains(i)),
                Cond::All => !ids.is_empty() && ids.iter().all(|i| have.contains(i)),
                Cond::Nin => !ids.iter().any(|i| have.contains(i)),
                _ => false,
            }
        }
        _ => false,
    }
}

// ----- records -----

/// An object, with the values the server derives (name, snippet, type, dates, creator).
pub(crate) struct ObjectRecord<'a> {
    pub data: &'a SpaceData,
    pub object: &'a Object,
}

impl Record for ObjectRecord<'_> {
    fn value(&self, key: &str) -> Option<Val> {
        let o = self.object;
        match key {
            "name" => Some(Val::Text(o.name.clone())),
            "snippet" => Some(Val::Text(crate::space_data::snippet(&o.markdown))),
            "type" => Some(Val::Ids(vec![o.type_id.clone()])),
            "created_date" => Some(Val::Date(o.created)),
            "last_modified_date" | "last_opened_date" => Some(Val::Date(o.modified)),
            "creator" | "last_modified_by" => Some(Val::Ids(vec![o.creator.clone()])),
            _ => {
                let _ = self.data;
                o.value(key).cloned()
            }
        }
    }
}

/// A listed item as JSON (a type, property, tag or member): its `name`.
pub(crate) struct JsonRecord<'a>(pub &'a serde_json::Value);

impl Record for JsonRecord<'_> {
    fn value(&self, key: &str) -> Option<Val> {
        match (key, self.0.get(key)) {
            ("name", Some(serde_json::Value::String(s))) => Some(Val::Text(s.clone())),
            _ => None,
        }
    }
}

// ----- property resolution -----

/// What a filter's property key resolves to.
#[derive(Debug, Clone)]
pub(crate) struct Resolved {
    pub format: Format,
    /// the key error messages name
    pub internal: String,
    /// the property's id, for tag lookups
    pub property_id: Option<String>,
}

/// A filterable key in a space: `name`, `snippet`, `type`, or a live property's key.
pub(crate) fn resolve(data: &SpaceData, key: &str) -> Option<Resolved> {
    let fixed = |format, internal: &str| {
        Some(Resolved {
            format,
            internal: internal.to_owned(),
            property_id: None,
        })
    };
    match key {
        "name" => fixed(Format::Text, "name"),
        "snippet" => fixed(Format::Text, "snippet"),
        "type" => fixed(Format::Objects, "type"),
        _ => data
            .property_by_key(key)
            .filter(|p| !p.archived)
            .map(|p| Resolved {
                format: p.format,
                internal: p.internal_key.clone(),
                property_id: Some(p.id.clone()),
            }),
    }
}

// ----- the list-endpoint grammar -----

/// The query string of a request as ordered (key, value) pairs, decoded once (`+` is a space).
pub(crate) struct ListQuery(pub Vec<(String, String)>);

impl<S: Send + Sync> FromRequestParts<S> for ListQuery {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(ListQuery(parse_query(parts.uri.query().unwrap_or(""))))
    }
}

/// `a=1&b[in]=x+y` → `[("a", "1"), ("b[in]", "x y")]` (an invalid escape is kept as it is).
pub(crate) fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let decode = |s: &str| go_unescape(s).unwrap_or_else(|_| s.replace('+', " "));
            (decode(k), decode(v))
        })
        .collect()
}

/// Go's `url.QueryUnescape`: `+` is a space, `%XX` a byte; the error names the bad escape.
pub(crate) fn go_unescape(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (bytes.get(i + 1), bytes.get(i + 2)) {
                    (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                        out.push((hex(a).unwrap_or(0) * 16 + hex(b).unwrap_or(0)) as u8);
                        i += 3;
                    }
                    _ => {
                        let end = (i + 3).min(bytes.len());
                        let bad = String::from_utf8_lossy(&bytes[i..end]);
                        return Err(format!("invalid URL escape {bad:?}"));
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// The filters of a list query: the pairs other than `offset`/`limit`, the first value of a
/// repeated key winning (like Go's `url.Values.Get`).
pub(crate) fn filter_pairs(query: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (k, v) in query {
        if k != "offset" && k != "limit" && !out.iter().any(|(seen, _)| seen == k) {
            out.push((k.clone(), v.clone()));
        }
    }
    out
}

fn bad_request(message: String) -> Response {
    error(StatusCode::BAD_REQUEST, message)
}

/// `key[cond]` → (key, `Some(cond)`); anything else is all key (`tag[in][]` is a property name).
fn split_key(raw: &str) -> (&str, Option<&str>) {
    if let (Some(open), true) = (raw.find('['), raw.ends_with(']')) {
        let (key, inner) = (&raw[..open], &raw[open + 1..raw.len() - 1]);
        let clean = |s: &str| !s.is_empty() && !s.contains(['[', ']']);
        if clean(key) && clean(inner) {
            return (key, Some(inner));
        }
    }
    (raw, None)
}

/// Compile list query filters the way the real server does: first every key and value is parsed
/// (an unknown condition, a value that doesn't unescape again), then each filter is resolved and
/// checked in turn (`invalid filter at index N: ...`). With `strict == false` (the spaces list),
/// an unknown key matches nothing instead of answering 400.
pub(crate) fn compile_query(
    pairs: &[(String, String)],
    resolve: impl Fn(&str) -> Option<Resolved>,
    strict: bool,
) -> Result<Option<Vec<Condition>>, Response> {
    let mut parsed = Vec::new();
    for (raw, value) in pairs {
        let (key, cond) = split_key(raw);
        let cond = match cond {
            None => None,
            Some(inner) => Some(Cond::parse(&inner.to_lowercase()).ok_or_else(|| {
                bad_request(format!(
                    "bad input: invalid filter key {raw:?}: bad input: unsupported condition: {inner:?}"
                ))
            })?),
        };
        let value = go_unescape(value).map_err(|e| {
            bad_request(format!(
                "bad input: invalid filter value for {raw:?}: bad input: failed to decode value: {e}"
            ))
        })?;
        parsed.push((key, cond, value.trim().to_owned()));
    }
    let mut out = Vec::new();
    for (index, (key, cond, value)) in parsed.into_iter().enumerate() {
        let at =
            |message: String| bad_request(format!("invalid filter at index {index}: {message}"));
        let Some(p) = resolve(key) else {
            if !strict {
                return Ok(None);
            }
            return Err(at(format!(
                "failed to resolve property {key:?}: bad input: property {key:?} not found"
            )));
        };
        let cond = cond.unwrap_or(if text_like(p.format) {
            Cond::Contains
        } else {
            Cond::Eq
        });
        if !accepts(Grammar::Query, p.format, cond) {
            return Err(at(format!(
                "bad input: condition {:?} is not valid for property type {:?}",
                cond.as_str(),
                p.format.as_str()
            )));
        }
        let internal = &p.internal;
        let invalid = |what: String| {
            at(format!(
                "invalid value for property {internal:?}: bad input: {what}"
            ))
        };
        let must = |what: &str| invalid(format!("property {internal:?} must be {what}"));
        let arg = if !cond.takes_value() {
            Arg::None
        } else {
            match p.format {
                f if text_like(f) => Arg::Text(value),
                Format::Number => return Err(must("a number")),
                Format::Checkbox => return Err(must("a boolean")),
                Format::Date if cond == Cond::In => return Err(must(
                    "a string containing a date in one of these formats: RFC3339 (2006-01-02T15:04:05Z) or date-only (2006-01-02)",
                )),
                Format::Date => match parse_date(&value) {
                    Some(ts) => Arg::Date(ts),
                    None => {
                        return Err(invalid(format!(
                            "invalid date format for {internal:?}: {value}"
                        )))
                    }
                },
                Format::Select => return Err(must("a string (tag id or key)")),
                Format::MultiSelect => return Err(must("an array of tag ids or keys")),
                _ => return Err(must("an array of strings (object/file ids)")),
            }
        };
        out.push(Condition {
            key: key.to_owned(),
            format: p.format,
            cond,
            arg,
        });
    }
    Ok(Some(out))
}

/// The list filters of a space's endpoint (objects, types, properties, tags, members, templates,
/// view objects): compiled against its properties; `Ok(None)` never happens here.
pub(crate) fn compile_space_query(
    data: &SpaceData,
    query: &[(String, String)],
) -> Result<Expr, Response> {
    let conditions = compile_query(&filter_pairs(query), |k| resolve(data, k), true)?;
    Ok(Expr::all(conditions.unwrap_or_default()))
}

impl Record for crate::store::SpaceRecord {
    fn value(&self, key: &str) -> Option<Val> {
        self.field(key).map(|v| Val::Text(v.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_unescape_like_query_unescape() {
        assert_eq!(go_unescape("a+b%2Bc").as_deref(), Ok("a b+c"));
        assert_eq!(go_unescape("100%").unwrap_err(), "invalid URL escape \"%\"");
        assert_eq!(
            go_unescape("%zz1").unwrap_err(),
            "invalid URL escape \"%zz\""
        );
    }

    #[test]
    fn keys_split_like_the_server() {
        assert_eq!(split_key("p_text[eq]"), ("p_text", Some("eq")));
        assert_eq!(split_key("p_text"), ("p_text", None));
        assert_eq!(split_key("tag[in][]"), ("tag[in][]", None));
        assert_eq!(split_key("p_text[]"), ("p_text[]", None));
    }

    #[test]
    fn missing_values_sort_below() {
        let n = |cond, v: Option<f64>| {
            evaluate(Format::Number, cond, &Arg::Number(-5.0), v.map(Val::Number))
        };
        assert!(n(Cond::Lt, None));
        assert!(n(Cond::Lte, None));
        assert!(!n(Cond::Gt, None));
        assert!(!n(Cond::Gte, None));
        assert!(n(Cond::Ne, None));
        assert!(!n(Cond::Lt, Some(1.0)));
        let c = |cond, b, v: Option<bool>| {
            evaluate(Format::Checkbox, cond, &Arg::Bool(b), v.map(Val::Bool))
        };
        assert!(c(Cond::Eq, false, None));
        assert!(c(Cond::Ne, true, None));
        assert!(!c(Cond::Eq, true, None));
    }
}
