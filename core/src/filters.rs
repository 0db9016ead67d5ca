//! Filters and sorts: one typed, nestable model for both of the API's filter grammars.
//!
//! A [`Filter`] is a condition on one property (`eq ne gt gte lt lte contains ncontains in nin
//! all empty nempty`, with a value of that property's format) or an `and` / `or` group of
//! filters. The same filter goes to search (compiled to the JSON filter expression) and to the
//! list endpoints (compiled to `?key[condition]=value` query parameters).
//!
//! ```
//! use std::time::{Duration, SystemTime};
//! use anytype_core::Filter;
//!
//! let next_week = SystemTime::now() + Duration::from_secs(7 * 86_400);
//! // Every task that is not done, due before next week, tagged A or B:
//! let filter = Filter::checkbox("done").eq(false)
//!     & Filter::date("due_date").lt(next_week)
//!     & Filter::multi_select("tag").any_of(["tag-id-a", "tag-id-b"]);
//! assert!(filter.check().is_ok());
//! ```
//!
//! **Checked before sending.** [`Filter::check`] (run by every call that takes a filter) refuses
//! a condition that is meaningless for its format (`gt` on text), an empty `in` list, a blank
//! key, a number that is not finite: an [`Error::InvalidInput`] naming the property, the
//! condition and the format; nothing is sent.
//!
//! **The real server's limits.** The server (anytype-heart 0.47, API `2025-11-08`) rejects some
//! meaningful conditions (see `docs/filters.md`): multi-select, objects and files `in` / `nin` /
//! `all` in search, and on list endpoints every number, checkbox and select condition, `or`
//! groups and date `ne`. The SDK rewrites what has an exact equivalent (`select eq X` → `in X`,
//! `select in [A, B]` → `in A or in B`, `date ne d` → `lt d or gt d`) and evaluates the rest
//! itself on each page the server returns for the remainder of the filter, so the results are
//! the same. A page can then hold fewer items than asked for (even none while more follow), and
//! its `total` counts what the server matched. Lists whose items are not objects (spaces, types,
//! properties, tags, members) can't be evaluated that way: such a filter is refused before
//! sending.

use std::time::SystemTime;

use serde_json::{json, Map, Value as Json};

use crate::error::{Error, Result};
use crate::models::{JsonValue, PropertyFormat};
use crate::objects::Object;
use crate::values::{format_date, Value};

/// How a filter compares a property's value with its argument.
///
/// The wire names are the API's: `eq ne gt gte lt lte contains ncontains in nin all empty nempty`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FilterCondition {
    /// `eq`: equal to the value.
    Eq,
    /// `ne`: not equal to the value (objects without a value match).
    Ne,
    /// `gt`: greater than (numbers, dates).
    Gt,
    /// `gte`: greater than or equal to.
    Gte,
    /// `lt`: less than (objects without a value match: they sort below every value).
    Lt,
    /// `lte`: less than or equal to.
    Lte,
    /// `contains`: contains the text, ignoring case.
    Contains,
    /// `ncontains`: does not contain the text, ignoring case.
    NotContains,
    /// `in`: has any of the tags / ids.
    AnyOf,
    /// `nin`: has none of the tags / ids.
    NoneOf,
    /// `all`: has all of the tags / ids.
    AllOf,
    /// `empty`: has no value.
    Empty,
    /// `nempty`: has a value.
    NotEmpty,
}

impl FilterCondition {
    /// The wire name, e.g. `ncontains`.
    pub fn as_str(&self) -> &'static str {
        match self {
            FilterCondition::Eq => "eq",
            FilterCondition::Ne => "ne",
            FilterCondition::Gt => "gt",
            FilterCondition::Gte => "gte",
            FilterCondition::Lt => "lt",
            FilterCondition::Lte => "lte",
            FilterCondition::Contains => "contains",
            FilterCondition::NotContains => "ncontains",
            FilterCondition::AnyOf => "in",
            FilterCondition::NoneOf => "nin",
            FilterCondition::AllOf => "all",
            FilterCondition::Empty => "empty",
            FilterCondition::NotEmpty => "nempty",
        }
    }

    fn takes_value(&self) -> bool {
        !matches!(self, FilterCondition::Empty | FilterCondition::NotEmpty)
    }
}

impl std::fmt::Display for FilterCondition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The argument of a condition, in the format of the property it is compared with.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum FilterValue {
    /// No argument (`empty`, `nempty`), for a property of `format`.
    Unset {
        /// The property's format.
        format: PropertyFormat,
    },
    /// Text.
    Text {
        /// The text.
        text: String,
    },
    /// A number.
    Number {
        /// The number (finite).
        number: f64,
    },
    /// A date and time (compared as instants; whole seconds, UTC).
    Date {
        /// The date.
        date: SystemTime,
    },
    /// A checkbox.
    Checkbox {
        /// Checked or not.
        checked: bool,
    },
    /// A URL.
    Url {
        /// The URL.
        url: String,
    },
    /// An e-mail address.
    Email {
        /// The address.
        email: String,
    },
    /// A phone number.
    Phone {
        /// The number.
        phone: String,
    },
    /// Tags of a select property, by id (`eq`/`ne` take exactly one).
    Select {
        /// The tag ids.
        tags: Vec<String>,
    },
    /// Tags of a multi-select property, by id.
    MultiSelect {
        /// The tag ids.
        tags: Vec<String>,
    },
    /// Linked objects, by id.
    Objects {
        /// The object ids.
        ids: Vec<String>,
    },
    /// Files, by id.
    Files {
        /// The file ids.
        ids: Vec<String>,
    },
}

impl FilterValue {
    /// The format of the property this value is for.
    pub fn format(&self) -> PropertyFormat {
        match self {
            FilterValue::Unset { format } => format.clone(),
            FilterValue::Text { .. } => PropertyFormat::Text,
            FilterValue::Number { .. } => PropertyFormat::Number,
            FilterValue::Date { .. } => PropertyFormat::Date,
            FilterValue::Checkbox { .. } => PropertyFormat::Checkbox,
            FilterValue::Url { .. } => PropertyFormat::Url,
            FilterValue::Email { .. } => PropertyFormat::Email,
            FilterValue::Phone { .. } => PropertyFormat::Phone,
            FilterValue::Select { .. } => PropertyFormat::Select,
            FilterValue::MultiSelect { .. } => PropertyFormat::MultiSelect,
            FilterValue::Objects { .. } => PropertyFormat::Objects,
            FilterValue::Files { .. } => PropertyFormat::Files,
        }
    }

    fn ids(&self) -> Option<&[String]> {
        match self {
            FilterValue::Select { tags } | FilterValue::MultiSelect { tags } => Some(tags),
            FilterValue::Objects { ids } | FilterValue::Files { ids } => Some(ids),
            _ => None,
        }
    }

    fn text(&self) -> Option<&str> {
        match self {
            FilterValue::Text { text: t }
            | FilterValue::Url { url: t }
            | FilterValue::Email { email: t }
            | FilterValue::Phone { phone: t } => Some(t),
            _ => None,
        }
    }
}

/// A filter: a condition on one property, or an `and` / `or` group of filters.
///
/// Build one with the constructors ([`Filter::text`], [`Filter::number`], ...) and combine with
/// `&` / `|` ([`Filter::and`], [`Filter::or`]). See the [module docs](self).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum Filter {
    /// The property `key` compared by `condition` with `value`.
    Condition {
        /// The property key, e.g. `name`, `done`, `due_date`.
        key: String,
        /// The comparison.
        condition: FilterCondition,
        /// The argument, in the property's format.
        value: FilterValue,
    },
    /// Every one of `filters` (an empty `and` matches everything).
    And {
        /// The filters.
        filters: Vec<Filter>,
    },
    /// Any of `filters` (at least one).
    Or {
        /// The filters.
        filters: Vec<Filter>,
    },
    /// Search only: a filter expression or condition sent as it is, for what the model doesn't
    /// cover (e.g. `{"property_key": "x", "condition": "eq", "text": "y"}`).
    RawExpression {
        /// The JSON.
        expression: JsonValue,
    },
    /// List endpoints only: a query parameter sent as it is, e.g. `name[contains]` = `x`.
    RawQuery {
        /// The parameter name.
        name: String,
        /// Its value.
        value: String,
    },
}

/// Builds conditions on one property: get one from [`Filter::text`], [`Filter::number`], ...
#[derive(Debug, Clone)]
pub struct PropertyFilter {
    key: String,
    format: PropertyFormat,
}

macro_rules! builder_constructors {
    ($($(#[$meta:meta])* $fn:ident => $format:ident,)*) => {
        impl Filter {
            $(
                $(#[$meta])*
                pub fn $fn(key: impl Into<String>) -> PropertyFilter {
                    PropertyFilter { key: key.into(), format: PropertyFormat::$format }
                }
            )*
        }
    };
}

builder_constructors!(
    /// Conditions on the text property `key` (`name` is one).
    text => Text,
    /// Conditions on the number property `key`.
    number => Number,
    /// Conditions on the date property `key`.
    date => Date,
    /// Conditions on the checkbox property `key`.
    checkbox => Checkbox,
    /// Conditions on the URL property `key`.
    url => Url,
    /// Conditions on the e-mail property `key`.
    email => Email,
    /// Conditions on the phone property `key`.
    phone => Phone,
    /// Conditions on the select property `key` (tags by id).
    select => Select,
    /// Conditions on the multi-select property `key` (tags by id).
    multi_select => MultiSelect,
    /// Conditions on the objects property `key` (object ids).
    objects => Objects,
    /// Conditions on the files property `key` (file ids).
    files => Files,
);

/// What a [`PropertyFilter`] method takes as its argument.
pub trait IntoFilterArg {
    /// The value for a property of `format`.
    fn into_value(self, format: &PropertyFormat) -> FilterValue;
}

impl IntoFilterArg for &str {
    fn into_value(self, format: &PropertyFormat) -> FilterValue {
        self.to_string().into_value(format)
    }
}

impl IntoFilterArg for String {
    fn into_value(self, format: &PropertyFormat) -> FilterValue {
        match format {
            PropertyFormat::Url => FilterValue::Url { url: self },
            PropertyFormat::Email => FilterValue::Email { email: self },
            PropertyFormat::Phone => FilterValue::Phone { phone: self },
            PropertyFormat::Select => FilterValue::Select { tags: vec![self] },
            PropertyFormat::MultiSelect => FilterValue::MultiSelect { tags: vec![self] },
            PropertyFormat::Objects => FilterValue::Objects { ids: vec![self] },
            PropertyFormat::Files => FilterValue::Files { ids: vec![self] },
            _ => FilterValue::Text { text: self },
        }
    }
}

impl IntoFilterArg for f64 {
    fn into_value(self, _: &PropertyFormat) -> FilterValue {
        FilterValue::Number { number: self }
    }
}

impl IntoFilterArg for i64 {
    fn into_value(self, _: &PropertyFormat) -> FilterValue {
        FilterValue::Number {
            number: self as f64,
        }
    }
}

impl IntoFilterArg for i32 {
    fn into_value(self, _: &PropertyFormat) -> FilterValue {
        FilterValue::Number {
            number: self.into(),
        }
    }
}

impl IntoFilterArg for bool {
    fn into_value(self, _: &PropertyFormat) -> FilterValue {
        FilterValue::Checkbox { checked: self }
    }
}

impl IntoFilterArg for SystemTime {
    fn into_value(self, _: &PropertyFormat) -> FilterValue {
        FilterValue::Date { date: self }
    }
}

impl PropertyFilter {
    fn condition(self, condition: FilterCondition, value: FilterValue) -> Filter {
        Filter::Condition {
            key: self.key,
            condition,
            value,
        }
    }

    fn with(self, condition: FilterCondition, arg: impl IntoFilterArg) -> Filter {
        let value = arg.into_value(&self.format);
        self.condition(condition, value)
    }

    fn with_ids<I, S>(self, condition: FilterCondition, ids: I) -> Filter
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let ids: Vec<String> = ids.into_iter().map(Into::into).collect();
        let value = match self.format {
            PropertyFormat::Select => FilterValue::Select { tags: ids },
            PropertyFormat::MultiSelect => FilterValue::MultiSelect { tags: ids },
            PropertyFormat::Files => FilterValue::Files { ids },
            PropertyFormat::Objects => FilterValue::Objects { ids },
            // Not a list format: keep the format, so the check names it (`in` on text).
            ref format => match ids.into_iter().next() {
                Some(first) => first.into_value(format),
                None => FilterValue::Unset {
                    format: format.clone(),
                },
            },
        };
        self.condition(condition, value)
    }

    /// `eq`: equal to `value`.
    pub fn eq(self, value: impl IntoFilterArg) -> Filter {
        self.with(FilterCondition::Eq, value)
    }
    /// `ne`: not equal to `value`.
    pub fn ne(self, value: impl IntoFilterArg) -> Filter {
        self.with(FilterCondition::Ne, value)
    }
    /// `gt`: greater than `value`.
    pub fn gt(self, value: impl IntoFilterArg) -> Filter {
        self.with(FilterCondition::Gt, value)
    }
    /// `gte`: greater than or equal to `value`.
    pub fn gte(self, value: impl IntoFilterArg) -> Filter {
        self.with(FilterCondition::Gte, value)
    }
    /// `lt`: less than `value`.
    pub fn lt(self, value: impl IntoFilterArg) -> Filter {
        self.with(FilterCondition::Lt, value)
    }
    /// `lte`: less than or equal to `value`.
    pub fn lte(self, value: impl IntoFilterArg) -> Filter {
        self.with(FilterCondition::Lte, value)
    }
    /// `contains`: contains `text`, ignoring case.
    pub fn contains(self, text: impl IntoFilterArg) -> Filter {
        self.with(FilterCondition::Contains, text)
    }
    /// `ncontains`: does not contain `text`, ignoring case.
    pub fn not_contains(self, text: impl IntoFilterArg) -> Filter {
        self.with(FilterCondition::NotContains, text)
    }
    /// `in`: has any of `ids` (tag ids, object ids, file ids).
    pub fn any_of<I: IntoIterator<Item = S>, S: Into<String>>(self, ids: I) -> Filter {
        self.with_ids(FilterCondition::AnyOf, ids)
    }
    /// `nin`: has none of `ids`.
    pub fn none_of<I: IntoIterator<Item = S>, S: Into<String>>(self, ids: I) -> Filter {
        self.with_ids(FilterCondition::NoneOf, ids)
    }
    /// `all`: has every one of `ids`.
    pub fn all_of<I: IntoIterator<Item = S>, S: Into<String>>(self, ids: I) -> Filter {
        self.with_ids(FilterCondition::AllOf, ids)
    }
    /// `empty`: has no value.
    pub fn is_empty(self) -> Filter {
        let format = self.format.clone();
        self.condition(FilterCondition::Empty, FilterValue::Unset { format })
    }
    /// `nempty`: has a value.
    pub fn is_not_empty(self) -> Filter {
        let format = self.format.clone();
        self.condition(FilterCondition::NotEmpty, FilterValue::Unset { format })
    }
}

impl std::ops::BitAnd for Filter {
    type Output = Filter;
    /// `a & b`: both (flattens nested `and`s).
    fn bitand(self, other: Filter) -> Filter {
        Filter::and([self, other])
    }
}

impl std::ops::BitOr for Filter {
    type Output = Filter;
    /// `a | b`: either (flattens nested `or`s).
    fn bitor(self, other: Filter) -> Filter {
        Filter::or([self, other])
    }
}

/// The conditions the SDK accepts for each format (meaningful ones; see `docs/filters.md`).
fn conditions_for(format: &PropertyFormat) -> &'static [FilterCondition] {
    use FilterCondition::*;
    match format {
        PropertyFormat::Text
        | PropertyFormat::Url
        | PropertyFormat::Email
        | PropertyFormat::Phone => &[Eq, Ne, Contains, NotContains, Empty, NotEmpty],
        PropertyFormat::Number | PropertyFormat::Date => {
            &[Eq, Ne, Gt, Gte, Lt, Lte, Empty, NotEmpty]
        }
        PropertyFormat::Checkbox => &[Eq, Ne],
        PropertyFormat::Select => &[Eq, Ne, AnyOf, NoneOf, Empty, NotEmpty],
        PropertyFormat::MultiSelect | PropertyFormat::Objects | PropertyFormat::Files => {
            &[AnyOf, NoneOf, AllOf, Empty, NotEmpty]
        }
        PropertyFormat::Other { .. } => &[],
    }
}

fn names(conditions: &[FilterCondition]) -> String {
    conditions
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

impl Filter {
    /// Every one of `filters`; nested `and`s are flattened.
    pub fn and(filters: impl IntoIterator<Item = Filter>) -> Filter {
        let mut all = Vec::new();
        for filter in filters {
            match filter {
                Filter::And { filters } => all.extend(filters),
                other => all.push(other),
            }
        }
        Filter::And { filters: all }
    }

    /// Any of `filters`; nested `or`s are flattened.
    pub fn or(filters: impl IntoIterator<Item = Filter>) -> Filter {
        let mut any = Vec::new();
        for filter in filters {
            match filter {
                Filter::Or { filters } => any.extend(filters),
                other => any.push(other),
            }
        }
        Filter::Or { filters: any }
    }

    /// Check the filter before anything is sent: an [`Error::InvalidInput`] (field `filter`)
    /// naming the property, the condition and the format for a condition that is meaningless
    /// for its format, a missing or empty argument, a blank key, a number that is not finite,
    /// an empty `or` group.
    pub fn check(&self) -> Result<()> {
        match self {
            Filter::And { filters } => filters.iter().try_for_each(Filter::check),
            Filter::Or { filters } if filters.is_empty() => Err(Error::invalid(
                "filter",
                "an `or` group needs at least one filter",
            )),
            Filter::Or { filters } => filters.iter().try_for_each(Filter::check),
            Filter::RawExpression { expression } if !expression.0.is_object() => Err(
                Error::invalid("filter", "a raw expression must be a JSON object"),
            ),
            Filter::RawQuery { name, .. } if name.trim().is_empty() => Err(Error::invalid(
                "filter",
                "a raw query parameter needs a name",
            )),
            Filter::RawQuery { name, .. } if name == "offset" || name == "limit" => {
                Err(Error::invalid(
                    "filter",
                    format!("`{name}` is not a filter: pass it as the page argument"),
                ))
            }
            Filter::RawExpression { .. } | Filter::RawQuery { .. } => Ok(()),
            Filter::Condition {
                key,
                condition,
                value,
            } => check_condition(key, *condition, value),
        }
    }
}

fn check_condition(key: &str, condition: FilterCondition, value: &FilterValue) -> Result<()> {
    let format = value.format();
    let bad = |detail: String| Err(Error::invalid("filter", detail));
    if key.trim().is_empty() {
        return bad(format!(
            "a `{condition}` condition on a {format} property needs a property key"
        ));
    }
    let allowed = conditions_for(&format);
    if allowed.is_empty() {
        return bad(format!(
            "property `{key}`: the format `{format}` is not one the SDK can filter on ({})",
            PropertyFormat::known_values()
        ));
    }
    if !allowed.contains(&condition) {
        return bad(format!(
            "property `{key}`: the condition `{condition}` is not valid for the {format} format \
             (it takes {})",
            names(allowed)
        ));
    }
    if !condition.takes_value() {
        return Ok(());
    }
    let needs = |what: &str| {
        bad(format!(
            "property `{key}`: the condition `{condition}` on a {format} property needs {what}"
        ))
    };
    match value {
        FilterValue::Unset { .. } => needs("a value"),
        FilterValue::Number { number } if !number.is_finite() => {
            needs(&format!("a finite number, got {number}"))
        }
        FilterValue::Date { date } => format_date(*date).map(|_| ()).map_err(|e| match e {
            Error::InvalidInput { detail, .. } => {
                Error::invalid("filter", format!("property `{key}`: the date {detail}"))
            }
            other => other,
        }),
        _ => {
            if let Some(ids) = value.ids() {
                if ids.is_empty() {
                    return needs("at least one id");
                }
                if ids.iter().any(|id| id.trim().is_empty()) {
                    return needs("ids that are not blank");
                }
                if matches!(condition, FilterCondition::Eq | FilterCondition::Ne) && ids.len() != 1
                {
                    return needs(&format!(
                        "exactly one tag (got {}; use any_of / none_of for several)",
                        ids.len()
                    ));
                }
            }
            if let Some(text) = value.text() {
                if text.is_empty()
                    && matches!(
                        condition,
                        FilterCondition::Contains | FilterCondition::NotContains
                    )
                {
                    return needs("a text that is not empty");
                }
            }
            Ok(())
        }
    }
}

// ----- compiling -----

/// Where a filter goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Grammar {
    /// The JSON filter expression of search.
    Search,
    /// The query parameters of list endpoints.
    Query,
}

/// What the server is sent for a filter and what the SDK evaluates itself on each page.
#[derive(Clone, Debug, Default)]
pub(crate) struct Plan {
    /// Search: the expression (an `and` / `or` group).
    pub(crate) expression: Option<Json>,
    /// List endpoints: the query parameters.
    pub(crate) query: Vec<(String, String)>,
    /// The part of the filter the server can't evaluate.
    pub(crate) residual: Option<Filter>,
}

/// A compiled piece: a condition or group the server evaluates, and whether that is the whole
/// of the filter (`exact`), or a relaxation the SDK narrows down.
enum Piece {
    Condition(Json),
    Group(&'static str, Vec<Piece>),
    Params(Vec<(String, String)>),
}

struct Compiled {
    /// `None`: nothing for the server (matches everything).
    piece: Option<Piece>,
    /// Whether `piece` is the whole filter (nothing left for the SDK).
    exact: bool,
    /// What the SDK evaluates on each page (`None` when `exact`).
    residual: Option<Filter>,
}

impl Compiled {
    fn exact(piece: Piece) -> Self {
        Compiled {
            piece: Some(piece),
            exact: true,
            residual: None,
        }
    }
    fn local(filter: &Filter) -> Self {
        Compiled {
            piece: None,
            exact: false,
            residual: Some(filter.clone()),
        }
    }
}

/// Compile `filter` (checked first) for `grammar`.
pub(crate) fn plan(filter: Option<&Filter>, grammar: Grammar) -> Result<Plan> {
    let Some(filter) = filter else {
        return Ok(Plan::default());
    };
    filter.check()?;
    let compiled = compile(filter, grammar, &mut Vec::new())?;
    let mut plan = Plan {
        residual: compiled.residual,
        ..Plan::default()
    };
    match (grammar, compiled.piece) {
        (_, None) => {}
        (Grammar::Search, Some(piece)) => {
            plan.expression = Some(match piece {
                Piece::Condition(c) => json!({"operator": "and", "conditions": [c]}),
                group => to_json(group),
            })
        }
        (Grammar::Query, Some(piece)) => plan.query = params(piece),
    }
    Ok(plan)
}

fn to_json(piece: Piece) -> Json {
    match piece {
        Piece::Condition(c) => c,
        Piece::Params(_) => json!({}),
        Piece::Group(op, pieces) => {
            let mut conditions = Vec::new();
            let mut filters = Vec::new();
            for piece in pieces {
                match piece {
                    Piece::Condition(c) => conditions.push(c),
                    group => filters.push(to_json(group)),
                }
            }
            let mut out = Map::new();
            out.insert("operator".into(), json!(op));
            if !conditions.is_empty() {
                out.insert("conditions".into(), Json::Array(conditions));
            }
            if !filters.is_empty() {
                out.insert("filters".into(), Json::Array(filters));
            }
            Json::Object(out)
        }
    }
}

fn params(piece: Piece) -> Vec<(String, String)> {
    match piece {
        Piece::Params(p) => p,
        Piece::Group(_, pieces) => pieces.into_iter().flat_map(params).collect(),
        Piece::Condition(_) => Vec::new(),
    }
}

/// `sent`: the query parameters already sent (list endpoints read only the first of a repeated
/// name, so a second condition with the same name is left to the SDK).
fn compile(filter: &Filter, grammar: Grammar, sent: &mut Vec<String>) -> Result<Compiled> {
    match filter {
        Filter::And { filters } => {
            let mut pieces = Vec::new();
            let mut rest = Vec::new();
            let mut exact = true;
            for f in filters {
                let c = compile(f, grammar, sent)?;
                exact &= c.exact;
                pieces.extend(c.piece);
                rest.extend(c.residual);
            }
            let piece = (!pieces.is_empty()).then_some(Piece::Group("and", pieces));
            let residual = match rest.len() {
                0 => None,
                1 => rest.pop(),
                _ => Some(Filter::And { filters: rest }),
            };
            Ok(Compiled {
                piece,
                exact,
                residual,
            })
        }
        Filter::Or { filters } if filters.len() == 1 => compile(&filters[0], grammar, sent),
        Filter::Or { filters } => {
            if grammar == Grammar::Query {
                // No `or` in a query string: the SDK evaluates the whole group.
                for f in filters {
                    compile(f, grammar, &mut Vec::new())?; // raw parts refused the same way
                }
                return Ok(Compiled::local(filter));
            }
            let mut pieces = Vec::new();
            let mut exact = true;
            for f in filters {
                let c = compile(f, grammar, sent)?;
                exact &= c.exact;
                match c.piece {
                    Some(p) => pieces.push(p),
                    // One branch matches anything the server may send: the group can't narrow.
                    None => return Ok(Compiled::local(filter)),
                }
            }
            Ok(Compiled {
                piece: Some(Piece::Group("or", pieces)),
                exact,
                residual: (!exact).then(|| filter.clone()),
            })
        }
        Filter::RawExpression { expression } => match grammar {
            Grammar::Search => Ok(Compiled::exact(Piece::Condition(expression.0.clone()))),
            Grammar::Query => Err(Error::invalid(
                "filter",
                "a raw JSON expression only works in search; on a list use a raw query parameter",
            )),
        },
        Filter::RawQuery { name, value } => match grammar {
            Grammar::Query => {
                sent.push(name.clone());
                Ok(Compiled::exact(Piece::Params(vec![(
                    name.clone(),
                    value.clone(),
                )])))
            }
            Grammar::Search => Err(Error::invalid(
                "filter",
                "a raw query parameter only works on list endpoints; in search use a raw expression",
            )),
        },
        Filter::Condition {
            key,
            condition,
            value,
        } => {
            let compiled = match grammar {
                Grammar::Search => search_condition(key, *condition, value)?,
                Grammar::Query => query_condition(key, *condition, value)?,
            };
            let Some(Piece::Params(params)) = &compiled.piece else {
                return Ok(match compiled.exact {
                    true => compiled,
                    false => Compiled::local(filter),
                });
            };
            if params.iter().any(|(name, _)| sent.contains(name)) {
                return Ok(Compiled::local(filter));
            }
            sent.extend(params.iter().map(|(name, _)| name.clone()));
            Ok(compiled)
        }
    }
}

fn wire_value(value: &FilterValue) -> Result<(&'static str, Json)> {
    Ok(match value {
        FilterValue::Text { text } => ("text", json!(text)),
        FilterValue::Url { url } => ("url", json!(url)),
        FilterValue::Email { email } => ("email", json!(email)),
        FilterValue::Phone { phone } => ("phone", json!(phone)),
        FilterValue::Number { number } => ("number", json!(number)),
        FilterValue::Checkbox { checked } => ("checkbox", json!(checked)),
        FilterValue::Date { date } => ("date", json!(format_date(*date)?)),
        FilterValue::Select { tags } => ("select", json!(tags)),
        FilterValue::MultiSelect { tags } => ("multi_select", json!(tags)),
        FilterValue::Objects { ids } => ("objects", json!(ids)),
        FilterValue::Files { ids } => ("files", json!(ids)),
        FilterValue::Unset { .. } => ("", Json::Null),
    })
}

fn condition_json(key: &str, condition: &str, value: Option<(&str, Json)>) -> Piece {
    let mut out = Map::new();
    out.insert("property_key".into(), json!(key));
    out.insert("condition".into(), json!(condition));
    if let Some((name, v)) = value {
        out.insert(name.into(), v);
    }
    Piece::Condition(Json::Object(out))
}

fn search_condition(
    key: &str,
    condition: FilterCondition,
    value: &FilterValue,
) -> Result<Compiled> {
    use FilterCondition::*;
    let format = value.format();
    if !condition.takes_value() {
        return Ok(Compiled::exact(condition_json(
            key,
            condition.as_str(),
            None,
        )));
    }
    let (name, wire) = wire_value(value)?;
    let plain = || condition_json(key, condition.as_str(), Some((name, wire.clone())));
    Ok(match format {
        PropertyFormat::Text
        | PropertyFormat::Url
        | PropertyFormat::Email
        | PropertyFormat::Phone
        | PropertyFormat::Number
        | PropertyFormat::Checkbox => Compiled::exact(plain()),
        PropertyFormat::Date if condition == Ne => Compiled::exact(Piece::Group(
            "or",
            vec![
                condition_json(key, "lt", Some((name, wire.clone()))),
                condition_json(key, "gt", Some((name, wire.clone()))),
            ],
        )),
        PropertyFormat::Date => Compiled::exact(plain()),
        PropertyFormat::Select => {
            // One tag id per condition, as a string: `eq` is `in`, `ne` is `nin`.
            let tags = value.ids().unwrap_or_default();
            let (op, each) = match condition {
                Eq | AnyOf => ("or", "in"),
                _ => ("and", "nin"),
            };
            let mut pieces: Vec<Piece> = tags
                .iter()
                .map(|t| condition_json(key, each, Some(("select", json!(t)))))
                .collect();
            if pieces.len() == 1 {
                Compiled::exact(pieces.remove(0))
            } else {
                Compiled::exact(Piece::Group(op, pieces))
            }
        }
        _ => Compiled {
            piece: None,
            exact: false,
            residual: None,
        },
    })
}

fn query_condition(key: &str, condition: FilterCondition, value: &FilterValue) -> Result<Compiled> {
    use FilterCondition::*;
    let param = |name: String, v: String| Compiled::exact(Piece::Params(vec![(name, v)]));
    if !condition.takes_value() {
        return Ok(param(format!("{key}[{condition}]"), String::new()));
    }
    let arg = match value {
        FilterValue::Date { date } => Some(format_date(*date)?),
        other => other.text().map(str::to_owned),
    };
    let format = value.format();
    let native = match format {
        PropertyFormat::Text
        | PropertyFormat::Url
        | PropertyFormat::Email
        | PropertyFormat::Phone => true,
        PropertyFormat::Date => condition != Ne,
        _ => false,
    };
    Ok(match (native, arg) {
        // Always `key[cond]=value`: a plain `key=value` is a substring match on text.
        (true, Some(arg)) => param(format!("{key}[{condition}]"), query_escape(&arg)),
        _ => Compiled {
            piece: None,
            exact: false,
            residual: None,
        },
    })
}

/// The server unescapes a filter's value once more after the URL's own decoding (Go's
/// `QueryUnescape`): escape it once here, so `+111` and `100%` arrive as they were given.
fn query_escape(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

// ----- evaluating (what the server can't) -----

/// Whether `object` matches `filter`, with the real server's semantics (`docs/filters.md`).
pub(crate) fn object_matches(object: &Object, filter: &Filter) -> bool {
    match filter {
        Filter::And { filters } => filters.iter().all(|f| object_matches(object, f)),
        Filter::Or { filters } => filters.iter().any(|f| object_matches(object, f)),
        // Sent to the server; never part of a residual.
        Filter::RawExpression { .. } | Filter::RawQuery { .. } => true,
        Filter::Condition {
            key,
            condition,
            value,
        } => condition_matches(object, key, *condition, value),
    }
}

fn condition_matches(
    object: &Object,
    key: &str,
    condition: FilterCondition,
    value: &FilterValue,
) -> bool {
    use FilterCondition::*;
    // Borrowed, not cloned: this runs for every condition of every object of a page.
    let have: Option<&Value> = object
        .properties
        .iter()
        .find(|p| p.key == key)
        .map(|p| &p.value);
    match value.format() {
        PropertyFormat::Text
        | PropertyFormat::Url
        | PropertyFormat::Email
        | PropertyFormat::Phone => {
            let text = match have {
                _ if key == "name" => object.name.as_str(),
                Some(Value::Text { text: t })
                | Some(Value::Url { url: t })
                | Some(Value::Email { email: t })
                | Some(Value::Phone { phone: t }) => t.as_str(),
                _ => "",
            };
            let arg = value.text().unwrap_or_default();
            let contains = || text.to_lowercase().contains(&arg.to_lowercase());
            match condition {
                Eq => !text.is_empty() && text == arg,
                Ne => text != arg,
                Contains => contains(),
                NotContains => !contains(),
                Empty => text.is_empty(),
                NotEmpty => !text.is_empty(),
                _ => false,
            }
        }
        PropertyFormat::Number => {
            let n = match have {
                Some(Value::Number { number }) => *number,
                _ => None,
            };
            let arg = match value {
                FilterValue::Number { number } => Some(*number),
                _ => None,
            };
            ordered(n, arg, condition)
        }
        PropertyFormat::Date => {
            let secs = |t: SystemTime| match t.duration_since(SystemTime::UNIX_EPOCH) {
                Ok(d) => d.as_secs() as f64,
                Err(e) => -(e.duration().as_secs() as f64),
            };
            let d = match have {
                Some(Value::Date { date }) => date.map(secs),
                _ => None,
            };
            let arg = match value {
                FilterValue::Date { date } => Some(secs(*date)),
                _ => None,
            };
            ordered(d, arg, condition)
        }
        PropertyFormat::Checkbox => {
            let checked = matches!(have, Some(Value::Checkbox { checked: true }));
            let arg = matches!(value, FilterValue::Checkbox { checked: true });
            match condition {
                Eq => checked == arg,
                Ne => checked != arg,
                _ => false,
            }
        }
        _ => {
            // Tags, objects and files match by id (the server takes tag ids only, so the SDK's
            // evaluation does too).
            let ids: Vec<&str> = match have {
                Some(Value::Select { tag: Some(t) }) => vec![t.id.as_str()],
                Some(Value::MultiSelect { tags }) => tags.iter().map(|t| t.id.as_str()).collect(),
                Some(Value::Objects { objects: ids }) | Some(Value::Files { files: ids }) => {
                    ids.iter().map(String::as_str).collect()
                }
                _ => Vec::new(),
            };
            let args = value.ids().unwrap_or_default();
            let has = |arg: &String| ids.contains(&arg.as_str());
            match condition {
                Eq | AnyOf => args.iter().any(has),
                Ne | NoneOf => !args.iter().any(has),
                AllOf => args.iter().all(has),
                Empty => ids.is_empty(),
                NotEmpty => !ids.is_empty(),
                _ => false,
            }
        }
    }
}

/// Numbers and dates: a missing value sorts below every value.
fn ordered(have: Option<f64>, arg: Option<f64>, condition: FilterCondition) -> bool {
    use FilterCondition::*;
    match (condition, have, arg) {
        (Empty, h, _) => h.is_none(),
        (NotEmpty, h, _) => h.is_some(),
        (_, _, None) => false,
        (Eq, h, Some(a)) => h == Some(a),
        (Ne, h, Some(a)) => h != Some(a),
        (Lt, None, _) | (Lte, None, _) => true,
        (_, None, _) => false,
        (Gt, Some(h), Some(a)) => h > a,
        (Gte, Some(h), Some(a)) => h >= a,
        (Lt, Some(h), Some(a)) => h < a,
        (Lte, Some(h), Some(a)) => h <= a,
        _ => false,
    }
}

// ----- sorting -----

/// What search results can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SortProperty {
    /// `created_date`
    CreatedDate,
    /// `last_modified_date` (the server's default)
    LastModifiedDate,
    /// `last_opened_date`
    LastOpenedDate,
    /// `name` (ignoring case)
    Name,
}

impl SortProperty {
    /// The wire name.
    pub fn as_str(&self) -> &'static str {
        match self {
            SortProperty::CreatedDate => "created_date",
            SortProperty::LastModifiedDate => "last_modified_date",
            SortProperty::LastOpenedDate => "last_opened_date",
            SortProperty::Name => "name",
        }
    }
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
pub enum SortDirection {
    /// `asc`
    Asc,
    /// `desc`
    Desc,
}

/// The order of search results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
pub struct Sort {
    /// What to sort by.
    pub property: SortProperty,
    /// Which way.
    pub direction: SortDirection,
}

impl Sort {
    /// Ascending by `property`.
    pub fn asc(property: SortProperty) -> Sort {
        Sort {
            property,
            direction: SortDirection::Asc,
        }
    }

    /// Descending by `property`.
    pub fn desc(property: SortProperty) -> Sort {
        Sort {
            property,
            direction: SortDirection::Desc,
        }
    }

    pub(crate) fn to_json(self) -> Json {
        json!({
            "property_key": self.property.as_str(),
            "direction": match self.direction { SortDirection::Asc => "asc", SortDirection::Desc => "desc" },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(filter: &Filter) -> Plan {
        plan(Some(filter), Grammar::Search).unwrap()
    }

    #[test]
    fn meaningless_conditions_are_refused_naming_key_condition_and_format() {
        let err = Filter::text("name").gt("a").check().unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("`name`") && text.contains("`gt`") && text.contains("text"),
            "{text}"
        );
        assert!(Filter::checkbox("done").is_empty().check().is_err());
        assert!(Filter::multi_select("tag")
            .any_of(Vec::<String>::new())
            .check()
            .is_err());
        assert!(Filter::number("n").eq(f64::NAN).check().is_err());
        assert!(Filter::or([]).check().is_err());
        assert!(Filter::text(" ").eq("x").check().is_err());
        assert!(Filter::select("s").eq("").check().is_err());
        assert!(Filter::select("s").ne("a").check().is_ok());
        let err = Filter::text("name")
            .any_of(["a"])
            .check()
            .unwrap_err()
            .to_string();
        assert!(err.contains("`in`") && err.contains("text"), "{err}");
    }

    #[test]
    fn select_conditions_are_rewritten_to_what_the_server_takes() {
        let p = search(&Filter::select("s").any_of(["a", "b"]));
        assert_eq!(
            p.expression.unwrap(),
            json!({"operator": "or", "conditions": [
                {"property_key": "s", "condition": "in", "select": "a"},
                {"property_key": "s", "condition": "in", "select": "b"}]})
        );
        assert!(p.residual.is_none());
        let p = search(&Filter::select("s").eq("a"));
        assert_eq!(
            p.expression.unwrap(),
            json!({"operator": "and", "conditions": [{"property_key": "s", "condition": "in", "select": "a"}]})
        );
    }

    #[test]
    fn multi_select_membership_is_left_to_the_sdk() {
        let f = Filter::checkbox("done").eq(false) & Filter::multi_select("tag").any_of(["a"]);
        let p = search(&f);
        assert_eq!(
            p.expression.unwrap(),
            json!({"operator": "and", "conditions": [{"property_key": "done", "condition": "eq", "checkbox": false}]})
        );
        assert_eq!(p.residual, Some(Filter::multi_select("tag").any_of(["a"])));
        // An `or` with a branch the server can't narrow is evaluated whole by the SDK.
        let f = Filter::text("name").contains("x") | Filter::multi_select("tag").any_of(["a"]);
        let p = search(&f);
        assert!(p.expression.is_none());
        assert_eq!(p.residual, Some(f));
    }

    #[test]
    fn list_grammar_sends_text_and_dates_and_keeps_the_rest() {
        let f = Filter::text("name").contains("a b")
            & Filter::text("name").eq("x")
            & Filter::number("n").gt(1)
            & Filter::number("n").is_not_empty();
        let p = plan(Some(&f), Grammar::Query).unwrap();
        assert_eq!(
            p.query,
            vec![
                ("name[contains]".to_string(), "a+b".to_string()),
                ("name[eq]".into(), "x".into()),
                ("n[nempty]".into(), "".into())
            ]
        );
        assert_eq!(p.residual, Some(Filter::number("n").gt(1)));
        // The server reads only the first of a repeated parameter: the second is the SDK's.
        let f = Filter::text("name").contains("x") & Filter::text("name").contains("y");
        let p = plan(Some(&f), Grammar::Query).unwrap();
        assert_eq!(
            p.query,
            vec![("name[contains]".to_string(), "x".to_string())]
        );
        assert_eq!(p.residual, Some(Filter::text("name").contains("y")));
        assert!(plan(
            Some(&Filter::RawExpression {
                expression: JsonValue(json!({}))
            }),
            Grammar::Query
        )
        .is_err());
    }
}
