//! Search, filters (both grammars), sorting, global search and lists over HTTP, against data
//! each test makes through the API. Every expected set is computed here from that data (the
//! model below), with the semantics of `docs/filters.md`, never copied from the sandbox's answers.

use std::collections::BTreeSet;

use serde_json::{json, Value};

mod common;

use common::Api;

/// One object of the test data, as the model sees it.
struct Item {
    name: &'static str,
    body: &'static str,
    text: Option<&'static str>,
    number: Option<f64>,
    select: Option<&'static str>,
    multi: &'static [&'static str],
    /// RFC 3339 or date-only
    date: Option<&'static str>,
    checkbox: Option<bool>,
    url: Option<&'static str>,
    /// links the next item in `p_objects`
    links_next: bool,
}

const ITEMS: &[Item] = &[
    Item {
        name: "Alpha one",
        body: "body of Alpha one",
        text: Some("hello world"),
        number: Some(1.0),
        select: Some("red"),
        multi: &["red", "green"],
        date: Some("2026-01-10"),
        checkbox: Some(true),
        url: Some("https://a.example"),
        links_next: true,
    },
    Item {
        name: "Beta two",
        body: "body of Beta two",
        text: Some("Goodbye"),
        number: Some(5.5),
        select: Some("green"),
        multi: &["green"],
        date: Some("2026-02-10T15:30:00Z"),
        checkbox: Some(false),
        url: Some("https://b.example"),
        links_next: false,
    },
    Item {
        name: "gamma three",
        body: "body of gamma three",
        text: None,
        number: None,
        select: None,
        multi: &[],
        date: None,
        checkbox: None,
        url: None,
        links_next: false,
    },
    Item {
        name: "Delta four",
        body: "body of Delta four",
        text: Some("hello again"),
        number: Some(-3.0),
        select: Some("blue"),
        multi: &["red", "green", "blue"],
        date: Some("2026-01-10T23:00:00Z"),
        checkbox: Some(true),
        url: None,
        links_next: false,
    },
];

/// Unix seconds of `YYYY-MM-DD` (midnight UTC) or `YYYY-MM-DDTHH:MM:SSZ` (the test's own parser).
fn secs(text: &str) -> i64 {
    let n = |r: std::ops::Range<usize>| text[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(5..7), n(8..10));
    let (y, m) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let days = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468;
    let time = if text.len() > 10 {
        n(11..13) * 3600 + n(14..16) * 60 + n(17..19)
    } else {
        0
    };
    days * 86_400 + time
}

/// The test space: its id, the tag ids by `select/red`, `multi/green`, ..., the object ids.
struct Fixture {
    space: String,
    tags: std::collections::HashMap<String, String>,
    ids: Vec<String>,
}

async fn fixture(api: &Api) -> Fixture {
    let space = api.fresh_space().await;
    let base = format!("/v1/spaces/{space}");
    let mut tags = std::collections::HashMap::new();
    for format in [
        "text",
        "number",
        "select",
        "multi_select",
        "date",
        "checkbox",
        "url",
        "objects",
    ] {
        let answer = api
            .post(
                &format!("{base}/properties"),
                json!({"name": format!("p {format}"), "key": format!("p_{format}"), "format": format}),
            )
            .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        if format.contains("select") {
            let id = answer.body["property"]["id"].as_str().unwrap().to_owned();
            for color in ["red", "green", "blue"] {
                let tag = api
                    .post(
                        &format!("{base}/properties/{id}/tags"),
                        json!({"name": color, "color": "red"}),
                    )
                    .await;
                let short = if format == "select" {
                    "select"
                } else {
                    "multi"
                };
                tags.insert(
                    format!("{short}/{color}"),
                    tag.body["tag"]["id"].as_str().unwrap().to_owned(),
                );
            }
        }
    }
    let mut ids = Vec::new();
    for item in ITEMS {
        let mut properties = Vec::new();
        if let Some(text) = item.text {
            properties.push(json!({"key": "p_text", "text": text}));
        }
        if let Some(number) = item.number {
            properties.push(json!({"key": "p_number", "number": number}));
        }
        if let Some(select) = item.select {
            properties
                .push(json!({"key": "p_select", "select": tags[&format!("select/{select}")]}));
        }
        if !item.multi.is_empty() {
            let ids: Vec<&String> = item
                .multi
                .iter()
                .map(|m| &tags[&format!("multi/{m}")])
                .collect();
            properties.push(json!({"key": "p_multi_select", "multi_select": ids}));
        }
        if let Some(date) = item.date {
            properties.push(json!({"key": "p_date", "date": date}));
        }
        if let Some(checkbox) = item.checkbox {
            properties.push(json!({"key": "p_checkbox", "checkbox": checkbox}));
        }
        if let Some(url) = item.url {
            properties.push(json!({"key": "p_url", "url": url}));
        }
        let answer = api
            .post(
                &format!("{base}/objects"),
                json!({"type_key": "page", "name": item.name, "body": item.body, "properties": properties}),
            )
            .await;
        assert_eq!(answer.status, 201, "{}", answer.body);
        ids.push(answer.body["object"]["id"].as_str().unwrap().to_owned());
    }
    for (at, item) in ITEMS.iter().enumerate() {
        if item.links_next {
            let answer = api
                .patch(
                    &format!("{base}/objects/{}", ids[at]),
                    json!({"properties": [{"key": "p_objects", "objects": [ids[at + 1]]}]}),
                )
                .await;
            assert_eq!(answer.status, 200);
        }
    }
    Fixture { space, tags, ids }
}

fn names(page: &Value) -> BTreeSet<String> {
    page["data"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {page}"))
        .iter()
        .map(|o| o["name"].as_str().unwrap().to_owned())
        .collect()
}

fn expected(pred: impl Fn(&Item) -> bool) -> BTreeSet<String> {
    ITEMS
        .iter()
        .filter(|i| pred(i))
        .map(|i| i.name.to_owned())
        .collect()
}

type Pred = Box<dyn Fn(&Item) -> bool>;

fn date_of(i: &Item) -> Option<i64> {
    i.date.map(secs)
}

#[tokio::test]
async fn search_and_list_filters_follow_the_real_servers_semantics() {
    let api = Api::start(0, false).await;
    let f = fixture(&api).await;
    let red = f.tags["select/red"].clone();
    let search = format!("/v1/spaces/{}/search", f.space);
    let list = format!("/v1/spaces/{}/objects", f.space);

    // (search condition, the same filter on a list endpoint if it takes it, the model's answer)
    let jan10 = secs("2026-01-10");
    let jan10_23 = secs("2026-01-10T23:00:00Z");
    let cases: Vec<(Value, Option<&str>, Pred)> = vec![
        (
            json!({"property_key": "p_text", "condition": "eq", "text": "hello world"}),
            Some("p_text[eq]=hello%20world"),
            Box::new(|i| i.text == Some("hello world")),
        ),
        (
            json!({"property_key": "p_text", "condition": "eq", "text": "Hello World"}),
            Some("p_text[eq]=Hello%20World"),
            Box::new(|_| false),
        ),
        (
            json!({"property_key": "p_text", "condition": "ne", "text": "hello world"}),
            Some("p_text[ne]=hello%20world"),
            Box::new(|i| i.text != Some("hello world")),
        ),
        (
            json!({"property_key": "p_text", "condition": "contains", "text": "HELLO"}),
            Some("p_text=HELLO"),
            Box::new(|i| i.text.is_some_and(|t| t.contains("hello"))),
        ),
        (
            json!({"property_key": "p_text", "condition": "ncontains", "text": "hello"}),
            Some("p_text[ncontains]=hello"),
            Box::new(|i| !i.text.is_some_and(|t| t.contains("hello"))),
        ),
        (
            json!({"property_key": "p_text", "condition": "empty"}),
            Some("p_text[empty]="),
            Box::new(|i| i.text.is_none()),
        ),
        (
            json!({"property_key": "p_text", "condition": "nempty"}),
            Some("p_text[nempty]="),
            Box::new(|i| i.text.is_some()),
        ),
        (
            json!({"property_key": "name", "condition": "contains", "text": "ALPHA"}),
            Some("name=ALPHA"),
            Box::new(|i| i.name.to_lowercase().contains("alpha")),
        ),
        (
            json!({"property_key": "name", "condition": "eq", "text": "alpha one"}),
            Some("name[eq]=alpha%20one"),
            Box::new(|i| i.name == "alpha one"),
        ),
        (
            json!({"property_key": "p_url", "condition": "contains", "url": "A.EXAMPLE"}),
            Some("p_url[contains]=A.EXAMPLE"),
            Box::new(|i| i.url.is_some_and(|u| u.contains("a.example"))),
        ),
        (
            json!({"property_key": "p_url", "condition": "empty"}),
            Some("p_url[empty]="),
            Box::new(|i| i.url.is_none()),
        ),
        (
            json!({"property_key": "p_number", "condition": "eq", "number": 1}),
            None,
            Box::new(|i| i.number == Some(1.0)),
        ),
        (
            json!({"property_key": "p_number", "condition": "ne", "number": 1}),
            None,
            Box::new(|i| i.number != Some(1.0)),
        ),
        (
            json!({"property_key": "p_number", "condition": "gt", "number": 1}),
            None,
            Box::new(|i| i.number.is_some_and(|n| n > 1.0)),
        ),
        (
            json!({"property_key": "p_number", "condition": "gte", "number": 1}),
            None,
            Box::new(|i| i.number.is_some_and(|n| n >= 1.0)),
        ),
        (
            json!({"property_key": "p_number", "condition": "lt", "number": 1}),
            None,
            Box::new(|i| i.number.is_none_or(|n| n < 1.0)),
        ),
        (
            json!({"property_key": "p_number", "condition": "lte", "number": 5.5}),
            None,
            Box::new(|i| i.number.is_none_or(|n| n <= 5.5)),
        ),
        (
            json!({"property_key": "p_number", "condition": "lt", "number": -5}),
            None,
            Box::new(|i| i.number.is_none_or(|n| n < -5.0)),
        ),
        (
            json!({"property_key": "p_number", "condition": "eq", "number": 0}),
            None,
            Box::new(|i| i.number == Some(0.0)),
        ),
        (
            json!({"property_key": "p_number", "condition": "empty"}),
            Some("p_number[empty]="),
            Box::new(|i| i.number.is_none()),
        ),
        (
            json!({"property_key": "p_number", "condition": "nempty"}),
            Some("p_number[nempty]="),
            Box::new(|i| i.number.is_some()),
        ),
        (
            json!({"property_key": "p_date", "condition": "eq", "date": "2026-01-10"}),
            Some("p_date=2026-01-10"),
            Box::new(move |i| date_of(i) == Some(jan10)),
        ),
        (
            json!({"property_key": "p_date", "condition": "eq", "date": "2026-01-10T23:00:00Z"}),
            Some("p_date[eq]=2026-01-10T23:00:00Z"),
            Box::new(move |i| date_of(i) == Some(jan10_23)),
        ),
        (
            json!({"property_key": "p_date", "condition": "in", "date": "2026-01-10"}),
            None,
            Box::new(move |i| date_of(i) == Some(jan10)),
        ),
        (
            json!({"property_key": "p_date", "condition": "gt", "date": "2026-01-10"}),
            Some("p_date[gt]=2026-01-10"),
            Box::new(move |i| date_of(i).is_some_and(|d| d > jan10)),
        ),
        (
            json!({"property_key": "p_date", "condition": "gte", "date": "2026-01-10T23:00:00Z"}),
            Some("p_date[gte]=2026-01-10T23:00:00Z"),
            Box::new(move |i| date_of(i).is_some_and(|d| d >= jan10_23)),
        ),
        (
            json!({"property_key": "p_date", "condition": "lt", "date": "1970-01-02"}),
            Some("p_date[lt]=1970-01-02"),
            Box::new(|i| date_of(i).is_none_or(|d| d < 86_400)),
        ),
        (
            json!({"property_key": "p_date", "condition": "lte", "date": "2026-01-10"}),
            Some("p_date[lte]=2026-01-10"),
            Box::new(move |i| date_of(i).is_none_or(|d| d <= jan10)),
        ),
        (
            json!({"property_key": "p_date", "condition": "empty"}),
            Some("p_date[empty]="),
            Box::new(|i| i.date.is_none()),
        ),
        (
            json!({"property_key": "p_checkbox", "condition": "eq", "checkbox": true}),
            None,
            Box::new(|i| i.checkbox == Some(true)),
        ),
        (
            json!({"property_key": "p_checkbox", "condition": "eq", "checkbox": false}),
            None,
            Box::new(|i| i.checkbox != Some(true)),
        ),
        (
            json!({"property_key": "p_checkbox", "condition": "ne", "checkbox": true}),
            None,
            Box::new(|i| i.checkbox != Some(true)),
        ),
        (
            json!({"property_key": "p_select", "condition": "in", "select": red}),
            None,
            Box::new(|i| i.select == Some("red")),
        ),
        (
            json!({"property_key": "p_select", "condition": "all", "select": red}),
            None,
            Box::new(|i| i.select == Some("red")),
        ),
        (
            json!({"property_key": "p_select", "condition": "nin", "select": red}),
            None,
            Box::new(|i| i.select != Some("red")),
        ),
        (
            json!({"property_key": "p_select", "condition": "empty"}),
            Some("p_select[empty]="),
            Box::new(|i| i.select.is_none()),
        ),
        (
            json!({"property_key": "p_multi_select", "condition": "nempty"}),
            Some("p_multi_select[nempty]="),
            Box::new(|i| !i.multi.is_empty()),
        ),
        (
            json!({"property_key": "p_objects", "condition": "empty"}),
            Some("p_objects[empty]="),
            Box::new(|i| !i.links_next),
        ),
        (
            json!({"property_key": "p_objects", "condition": "nempty"}),
            Some("p_objects[nempty]="),
            Box::new(|i| i.links_next),
        ),
        (
            json!({"property_key": "created_date", "condition": "gt", "date": "2020-01-01"}),
            Some("created_date[gt]=2020-01-01"),
            Box::new(|_| true),
        ),
        (
            json!({"property_key": "done", "condition": "eq", "checkbox": false}),
            None,
            Box::new(|_| true),
        ),
    ];
    assert!(cases.len() > 40);
    for (condition, query, pred) in &cases {
        let want = expected(pred);
        let body =
            json!({"types": ["page"], "filters": {"operator": "and", "conditions": [condition]}});
        let answer = api.post(&search, body).await;
        assert_eq!(answer.status, 200, "{condition}: {}", answer.body);
        assert_eq!(names(&answer.body), want, "search {condition}");
        if let Some(query) = query {
            let answer = api.get(&format!("{list}?{query}")).await;
            assert_eq!(answer.status, 200, "{query}: {}", answer.body);
            assert_eq!(names(&answer.body), want, "list ?{query}");
        }
    }

    // Nesting, `or`, the default operator, an empty expression, query text and types.
    let nested = json!({"types": ["page"], "filters": {"operator": "or",
        "conditions": [{"property_key": "p_number", "condition": "gt", "number": 2}],
        "filters": [{"operator": "and", "conditions": [
            {"property_key": "p_text", "condition": "contains", "text": "again"},
            {"property_key": "p_checkbox", "condition": "eq", "checkbox": true}]}]}});
    let want = expected(|i| {
        i.number.is_some_and(|n| n > 2.0)
            || (i.text.is_some_and(|t| t.contains("again")) && i.checkbox == Some(true))
    });
    assert_eq!(names(&api.post(&search, nested).await.body), want);
    let no_operator = json!({"filters": {"conditions": [{"property_key": "p_number", "condition": "gt", "number": 2}]}});
    assert_eq!(
        names(&api.post(&search, no_operator).await.body),
        expected(|i| i.number.is_some_and(|n| n > 2.0))
    );
    let everything = expected(|_| true);
    assert_eq!(names(&api.post(&search, json!({})).await.body), everything);
    let empty_or = json!({"filters": {"operator": "or", "conditions": []}});
    assert_eq!(names(&api.post(&search, empty_or).await.body), everything);
    for query in ["lpha", "ALP", "body of gamma"] {
        let answer = api.post(&search, json!({"query": query})).await;
        let q = query.to_lowercase();
        let want =
            expected(|i| i.name.to_lowercase().contains(&q) || i.body.to_lowercase().contains(&q));
        assert_eq!(names(&answer.body), want, "query {query}");
    }
    // Property values are not searched.
    assert!(names(&api.post(&search, json!({"query": "goodbye"})).await.body).is_empty());
    assert!(names(&api.post(&search, json!({"types": ["nope"]})).await.body).is_empty());
    assert_eq!(
        names(
            &api.post(&search, json!({"types": ["page", "nope"]}))
                .await
                .body
        ),
        everything
    );
    // Several list filters are ANDed; a repeated key takes its first value.
    let both = api
        .get(&format!("{list}?p_text=hello&p_date[gt]=2026-01-10"))
        .await;
    assert_eq!(
        names(&both.body),
        expected(move |i| i.text.is_some_and(|t| t.contains("hello"))
            && date_of(i).is_some_and(|d| d > jan10))
    );
    let repeated = api
        .get(&format!(
            "{list}?p_text[eq]=hello%20world&p_text[eq]=Goodbye"
        ))
        .await;
    assert_eq!(
        names(&repeated.body),
        expected(|i| i.text == Some("hello world"))
    );
    // Archived objects are not found.
    let archived = api.delete(&format!("{list}/{}", f.ids[0])).await;
    assert_eq!(archived.status, 200);
    assert!(!names(&api.post(&search, json!({})).await.body).contains("Alpha one"));
}

#[tokio::test]
async fn what_the_real_server_refuses_answers_400() {
    let api = Api::start(0, false).await;
    let f = fixture(&api).await;
    let search = format!("/v1/spaces/{}/search", f.space);
    let list = format!("/v1/spaces/{}/objects", f.space);
    let red = f.tags["select/red"].clone();
    let multi_red = f.tags["multi/red"].clone();
    let build = "failed to build expression filters";
    let cond = |c: Value| json!({"filters": {"conditions": [c]}});
    // (body, message, whether the server answers it as text/plain: the binding errors)
    let cases: Vec<(Value, &str, bool)> = vec![
        (cond(json!({"property_key": "p_text", "condition": "gt", "text": "a"})), build, false),
        (cond(json!({"property_key": "p_text", "condition": "in", "text": "a"})), build, false),
        (cond(json!({"property_key": "p_number", "condition": "contains", "number": 1})), build, false),
        (cond(json!({"property_key": "p_date", "condition": "ne", "date": "2026-01-10"})), build, false),
        (cond(json!({"property_key": "p_date", "condition": "nin", "date": "2026-01-10"})), build, false),
        (cond(json!({"property_key": "p_date", "condition": "eq", "date": "tomorrow"})), build, false),
        (cond(json!({"property_key": "p_checkbox", "condition": "empty"})), build, false),
        (cond(json!({"property_key": "p_select", "condition": "eq", "select": red})), build, false),
        (cond(json!({"property_key": "p_select", "condition": "in", "select": "red"})), build, false),
        (cond(json!({"property_key": "p_select", "condition": "in", "select": multi_red})), build, false),
        (cond(json!({"property_key": "p_multi_select", "condition": "in", "multi_select": [multi_red]})), build, false),
        (cond(json!({"property_key": "p_objects", "condition": "in", "objects": [f.ids[1]]})), build, false),
        (cond(json!({"property_key": "nope", "condition": "eq", "text": "x"})), build, false),
        (cond(json!({"property_key": "p_text", "condition": "eq", "number": 3})), build, false),
        (cond(json!({"property_key": "p_text", "condition": "eq", "text": null})), build, false),
        (cond(json!({"property_key": "type", "condition": "eq", "text": "page"})), build, false),
        (cond(json!({"property_key": "p_text", "text": "x"})), build, false),
        (cond(json!({"property_key": "p_text", "condition": "eq"})), "bad input: could not determine filter condition type", true),
        (cond(json!({"property_key": "p_text", "condition": "EQ", "text": "x"})), "bad input: invalid filter condition: \"EQ\"", true),
        (json!({"filters": {"operator": "xor"}}), "bad input: invalid filter operator: \"xor\"", true),
        (cond(json!({"property_key": "p_select", "condition": "in", "select": [red]})), "json: cannot unmarshal array into Go struct field FilterExpression.filters.conditions.select of type string", true),
        (json!({"filters": {"filters": [{"conditions": [{"property_key": "p_select", "condition": "in", "select": [red]}]}]}}), "json: cannot unmarshal array into Go struct field FilterExpression.filters.filters.conditions.select of type string", true),
        (cond(json!({"property_key": "p_objects", "condition": "in", "objects": "x"})), "json: cannot unmarshal string into Go struct field FilterExpression.filters.conditions.objects of type []string", true),
        (cond(json!({"property_key": "p_number", "condition": "eq", "number": "1"})), "json: cannot unmarshal string into Go struct field FilterExpression.filters.conditions.number of type float64", true),
        (cond(json!({"property_key": "p_checkbox", "condition": "eq", "checkbox": "true"})), "json: cannot unmarshal string into Go struct field FilterExpression.filters.conditions.checkbox of type bool", true),
        (json!({"filters": {"conditions": {}}}), "json: cannot unmarshal object into Go struct field FilterExpression.filters.conditions of type []apimodel.FilterItem", true),
        (json!({"filters": []}), "json: cannot unmarshal array into Go struct field SearchRequest.filters of type apimodel.FilterExpression", true),
        (json!({"query": 5}), "json: cannot unmarshal number into Go struct field SearchRequest.query of type string", true),
        (json!({"types": "page"}), "json: cannot unmarshal string into Go struct field SearchRequest.types of type []string", true),
        (json!({"sort": "name"}), "json: cannot unmarshal string into Go struct field SearchRequest.sort of type apimodel.SortOptions", true),
        (json!({"sort": {"property_key": "p_text"}}), "bad input: invalid sort property: \"p_text\"", true),
        (json!({"sort": {"property_key": "NAME"}}), "bad input: invalid sort property: \"NAME\"", true),
        (json!({"sort": {"direction": "sideways"}}), "bad input: invalid sort direction: \"sideways\"", true),
        (json!({"sort": {"direction": null}}), "bad input: invalid sort direction: \"\"", true),
        (json!([]), "json: cannot unmarshal array into Go value of type apimodel.SearchRequest", true),
    ];
    for (body, message, text_plain) in cases {
        for path in [search.clone(), "/v1/search".to_owned()] {
            let answer = api.post(&path, body.clone()).await;
            assert_eq!(answer.status, 400, "{path} {body}: {}", answer.body);
            assert_eq!(answer.body["message"], message, "{path} {body}");
            assert_eq!(answer.body["code"], "bad_request");
            let want = if text_plain {
                "text/plain; charset=utf-8"
            } else {
                "application/json; charset=utf-8"
            };
            assert_eq!(answer.content_type, want, "{body}");
        }
    }
    for (raw, message) in [("", "EOF"), ("{", "unexpected EOF")] {
        let answer = api.post_raw(&search, raw).await;
        assert_eq!(
            (answer.status, answer.body["message"].as_str()),
            (400, Some(message))
        );
    }
    let paging = api.post(&format!("{search}?limit=0"), json!({})).await;
    assert_eq!(
        paging.body,
        json!({"error": "limit must be between 1 and 1000"})
    );

    // The list grammar: the property is named by its internal key (24 hex digits for these).
    let value_error = |message: &str, tail: &str| -> bool {
        let Some(rest) =
            message.strip_prefix("invalid filter at index 0: invalid value for property \"")
        else {
            return false;
        };
        let key = &rest[..24.min(rest.len())];
        key.bytes().all(|b| b.is_ascii_hexdigit())
            && rest == format!("{key}\": bad input: property \"{key}\" must be {tail}")
    };
    for (query, tail) in [
        ("p_number=1", "a number"),
        ("p_number[gt]=1", "a number"),
        ("p_checkbox=true", "a boolean"),
        ("p_checkbox[ne]=true", "a boolean"),
        ("p_select[in]=x", "a string (tag id or key)"),
        ("p_select[all]=x", "a string (tag id or key)"),
        ("p_multi_select[in]=x", "an array of tag ids or keys"),
        ("p_objects[in]=x", "an array of strings (object/file ids)"),
        ("p_date[in]=2026-01-10", "a string containing a date in one of these formats: RFC3339 (2006-01-02T15:04:05Z) or date-only (2006-01-02)"),
    ] {
        let answer = api.get(&format!("{list}?{query}")).await;
        assert_eq!(answer.status, 400, "{query}");
        let message = answer.body["message"].as_str().unwrap();
        assert!(value_error(message, tail), "{query}: {message}");
    }
    for (query, message) in [
        ("p_text[gt]=a", "invalid filter at index 0: bad input: condition \"gt\" is not valid for property type \"text\""),
        ("p_text[in]=a", "invalid filter at index 0: bad input: condition \"in\" is not valid for property type \"text\""),
        ("p_url[gt]=a", "invalid filter at index 0: bad input: condition \"gt\" is not valid for property type \"url\""),
        ("p_checkbox[empty]=", "invalid filter at index 0: bad input: condition \"empty\" is not valid for property type \"checkbox\""),
        ("p_select=x", "invalid filter at index 0: bad input: condition \"eq\" is not valid for property type \"select\""),
        ("p_select[ne]=x", "invalid filter at index 0: bad input: condition \"ne\" is not valid for property type \"select\""),
        ("p_objects=x", "invalid filter at index 0: bad input: condition \"eq\" is not valid for property type \"objects\""),
        ("p_date[ne]=2026-01-10", "invalid filter at index 0: bad input: condition \"ne\" is not valid for property type \"date\""),
        ("nope=x", "invalid filter at index 0: failed to resolve property \"nope\": bad input: property \"nope\" not found"),
        ("tag[in][]=x", "invalid filter at index 0: failed to resolve property \"tag[in][]\": bad input: property \"tag[in][]\" not found"),
        ("p_text[bogus]=x", "bad input: invalid filter key \"p_text[bogus]\": bad input: unsupported condition: \"bogus\""),
        ("p_text=%25", "bad input: invalid filter value for \"p_text\": bad input: failed to decode value: invalid URL escape \"%\""),
        ("p_text=a&p_text[gt]=b", "invalid filter at index 1: bad input: condition \"gt\" is not valid for property type \"text\""),
    ] {
        for path in [
            list.clone(),
            format!("/v1/spaces/{}/types", f.space),
            format!("/v1/spaces/{}/properties", f.space),
            format!("/v1/spaces/{}/members", f.space),
        ] {
            let answer = api.get(&format!("{path}?{query}")).await;
            assert_eq!(answer.status, 400, "{path}?{query}: {}", answer.body);
            assert_eq!(answer.body["message"], message, "{path}?{query}");
        }
    }
    // A list condition is read case-insensitively, and values are unescaped once more and trimmed.
    let upper = api
        .get(&format!("{list}?p_text[EQ]=hello%2520world%20"))
        .await;
    assert_eq!(
        names(&upper.body),
        expected(|i| i.text == Some("hello world"))
    );
    // The spaces list: an unknown field matches nothing.
    let spaces = api.get("/v1/spaces?bogus=1").await;
    assert_eq!(
        (spaces.status, spaces.body["pagination"]["total"].clone()),
        (200, json!(0))
    );
    assert_eq!(names(&api.get("/v1/spaces?name=FRES").await.body).len(), 1);
}

#[tokio::test]
async fn search_sorts_and_global_search_caps_each_space() {
    let api = Api::start(0, false).await;
    let f = fixture(&api).await;
    let search = format!("/v1/spaces/{}/search", f.space);
    let ordered = |page: &Value| -> Vec<String> {
        page["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect()
    };
    // Name: case-insensitive, both ways.
    let mut by_name: Vec<String> = ITEMS.iter().map(|i| i.name.to_owned()).collect();
    by_name.sort_by_key(|n| n.to_lowercase());
    let asc = api
        .post(
            &search,
            json!({"sort": {"property_key": "name", "direction": "asc"}}),
        )
        .await;
    assert_eq!(ordered(&asc.body), by_name);
    by_name.reverse();
    let desc = api
        .post(&search, json!({"sort": {"property_key": "name"}}))
        .await;
    assert_eq!(
        ordered(&desc.body),
        by_name,
        "the direction defaults to desc"
    );
    // Dates: by the instant, ties by id ascending in either direction; the default is
    // last_modified_date desc.
    let page = api.post(&search, json!({})).await.body;
    let key = |o: &Value, k: &str| -> (i64, String) {
        let date = o["properties"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["key"] == k)
            .unwrap()["date"]
            .as_str()
            .unwrap()
            .to_owned();
        (secs(&date), o["id"].as_str().unwrap().to_owned())
    };
    for (sort, prop, descending) in [
        (json!(null), "last_modified_date", true),
        (
            json!({"property_key": "created_date", "direction": "asc"}),
            "created_date",
            false,
        ),
        (
            json!({"property_key": "created_date", "direction": "desc"}),
            "created_date",
            true,
        ),
        (
            json!({"property_key": "last_modified_date", "direction": "asc"}),
            "last_modified_date",
            false,
        ),
    ] {
        let mut objects: Vec<Value> = page["data"].as_array().unwrap().clone();
        objects.sort_by(|a, b| {
            let (ka, kb) = (key(a, prop), key(b, prop));
            let primary = if descending {
                kb.0.cmp(&ka.0)
            } else {
                ka.0.cmp(&kb.0)
            };
            primary.then(ka.1.cmp(&kb.1))
        });
        let want: Vec<String> = objects
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect();
        let body = if sort.is_null() {
            json!({})
        } else {
            json!({"sort": sort})
        };
        assert_eq!(ordered(&api.post(&search, body).await.body), want, "{sort}");
    }

    // Global search: a second space with two matching pages, a third with none.
    let other = api.fresh_space().await;
    for name in ["Alpha zeta", "Alpha eta"] {
        let made = api
            .post(
                &format!("/v1/spaces/{other}/objects"),
                json!({"type_key": "page", "name": name}),
            )
            .await;
        assert_eq!(made.status, 201);
    }
    api.fresh_space().await;
    let query = json!({"query": "alpha", "sort": {"property_key": "name", "direction": "asc"}});
    let counts = [
        ITEMS
            .iter()
            .filter(|i| i.name.to_lowercase().contains("alpha"))
            .count(),
        2,
        0,
    ];
    let mut all: Vec<String> = ITEMS
        .iter()
        .map(|i| i.name)
        .filter(|n| n.to_lowercase().contains("alpha"))
        .map(String::from)
        .collect();
    all.extend(["Alpha zeta".to_owned(), "Alpha eta".to_owned()]);
    all.sort_by_key(|n| n.to_lowercase());
    for (offset, limit) in [(0, 1), (0, 2), (1, 1), (1, 2), (0, 100)] {
        let answer = api
            .post(
                &format!("/v1/search?offset={offset}&limit={limit}"),
                query.clone(),
            )
            .await;
        assert_eq!(answer.status, 200);
        let total: usize = counts.iter().map(|c| (*c).min(offset + limit)).sum();
        assert_eq!(
            answer.body["pagination"],
            json!({"total": total, "offset": offset, "limit": limit, "has_more": offset + limit < total}),
            "offset {offset} limit {limit}"
        );
        // The merged page: the first offset+limit of each space, merged by the sort.
        let mut capped: Vec<String> = Vec::new();
        let mine: Vec<String> = all
            .iter()
            .filter(|n| ITEMS.iter().any(|i| i.name == n.as_str()))
            .cloned()
            .collect();
        let theirs: Vec<String> = all.iter().filter(|n| !mine.contains(n)).cloned().collect();
        capped.extend(mine.into_iter().take(offset + limit));
        capped.extend(theirs.into_iter().take(offset + limit));
        capped.sort_by_key(|n| n.to_lowercase());
        let want: Vec<String> = capped.into_iter().skip(offset).take(limit).collect();
        assert_eq!(ordered(&answer.body), want, "offset {offset} limit {limit}");
    }
    // A property that only one space has can't be built in the others.
    let only_here =
        json!({"filters": {"conditions": [{"property_key": "p_text", "condition": "empty"}]}});
    assert_eq!(api.post("/v1/search", only_here).await.status, 400);
}

#[tokio::test]
async fn lists_hold_objects_and_views_filter_and_sort_them() {
    let api = Api::start(0, false).await;
    let f = fixture(&api).await;
    let base = format!("/v1/spaces/{}", f.space);
    let made = api
        .post(
            &format!("{base}/objects"),
            json!({"type_key": "collection", "name": "Coll"}),
        )
        .await;
    let coll = made.body["object"]["id"].as_str().unwrap().to_owned();
    let lists = format!("{base}/lists/{coll}");

    let added = api
        .post(
            &format!("{lists}/objects"),
            json!({"objects": [f.ids[3], f.ids[0], f.ids[1]]}),
        )
        .await;
    assert_eq!(
        (added.status, added.body.clone()),
        (200, json!("Objects added successfully"))
    );
    assert_eq!(added.content_type, "application/json; charset=utf-8");
    for again in [json!({"objects": [f.ids[0]]}), json!({"objects": []})] {
        assert_eq!(
            api.post(&format!("{lists}/objects"), again).await.status,
            200
        );
    }
    let bad = api
        .post(&format!("{lists}/objects"), json!({"objects": "x"}))
        .await;
    assert_eq!(bad.body["message"], "json: cannot unmarshal string into Go struct field AddObjectsToListRequest.objects of type []string");

    let views = api.get(&format!("{lists}/views")).await;
    assert_eq!(views.status, 200);
    let view = &views.body["data"][0];
    assert_eq!(
        (
            view["name"].clone(),
            view["layout"].clone(),
            view["filters"].clone()
        ),
        (json!("All"), json!("grid"), Value::Null)
    );
    assert_eq!(view["sorts"][0]["property_key"], "name");
    assert_eq!(view["sorts"][0]["sort_type"], "asc");
    assert_eq!(view["sorts"][0]["format"], "text");
    assert_eq!(views.body["pagination"]["total"], 1);
    let view_id = view["id"].as_str().unwrap().to_owned();

    let in_list = [3usize, 0, 1];
    let mut want: Vec<&str> = in_list.iter().map(|at| ITEMS[*at].name).collect();
    want.sort_by_key(|n| n.to_lowercase());
    let objects = api.get(&format!("{lists}/views/{view_id}/objects")).await;
    let got: Vec<&str> = objects.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(got, want);
    // Query filters apply too (and are checked first).
    let filtered = api
        .get(&format!("{lists}/views/{view_id}/objects?p_text=hello"))
        .await;
    let want_hello: BTreeSet<String> = in_list
        .iter()
        .map(|at| &ITEMS[*at])
        .filter(|i| i.text.is_some_and(|t| t.contains("hello")))
        .map(|i| i.name.to_owned())
        .collect();
    assert_eq!(names(&filtered.body), want_hello);
    let bad_filter = api
        .get(&format!("{lists}/views/bogus/objects?p_number=1"))
        .await;
    assert_eq!(bad_filter.status, 400);

    let removed = api.delete(&format!("{lists}/objects/{}", f.ids[3])).await;
    assert_eq!(
        (removed.status, removed.body.clone()),
        (200, json!("Objects removed successfully"))
    );
    assert_eq!(
        api.delete(&format!("{lists}/objects/{}", f.ids[3]))
            .await
            .status,
        200
    );
    let after = api.get(&format!("{lists}/views/{view_id}/objects")).await;
    assert_eq!(
        names(&after.body),
        [ITEMS[0].name, ITEMS[1].name].map(String::from).into()
    );

    // Errors.
    let missing = api.get(&format!("{base}/lists/bafyreinothere/views")).await;
    assert_eq!(
        (missing.status, missing.body["message"].clone()),
        (404, json!("failed to get list"))
    );
    let page = api.get(&format!("{base}/lists/{}/views", f.ids[0])).await;
    assert_eq!(
        (page.status, page.body["message"].clone()),
        (500, json!("failed to get list dataview"))
    );
    let no_view = api.get(&format!("{lists}/views/bogus/objects")).await;
    assert_eq!(
        (no_view.status, no_view.body["message"].clone()),
        (500, json!("failed to get list dataview view"))
    );
    let add_missing = api
        .post(
            &format!("{base}/lists/bafyreinothere/objects"),
            json!({"objects": [f.ids[0]]}),
        )
        .await;
    assert_eq!(
        (add_missing.status, add_missing.body["message"].clone()),
        (500, json!("failed to add objects to list"))
    );

    // A view with typed filters and sorts (admin route), evaluated like search.
    for at in [2usize, 3] {
        api.post(&format!("{lists}/objects"), json!({"objects": [f.ids[at]]}))
            .await;
    }
    let admin = api
        .http
        .post(format!(
            "{}/_sandbox/spaces/{}/lists/{coll}/views",
            api.sandbox.url(),
            f.space
        ))
        .json(&json!({"name": "Recent", "layout": "list",
            "filters": [{"property_key": "p_date", "condition": "lte", "value": "2026-01-31"},
                        {"property_key": "p_multi_select", "condition": "in", "value": ["green"]}],
            "sorts": [{"property_key": "p_number", "sort_type": "desc"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(admin.status().as_u16(), 201);
    let made: Value = admin.json().await.unwrap();
    assert_eq!(made["filters"][0]["value"], "2026-01-31T00:00:00Z");
    assert_eq!(made["sorts"][0]["sort_type"], "desc");
    let views = api.get(&format!("{lists}/views")).await;
    assert_eq!(views.body["pagination"]["total"], 2);
    let objects = api
        .get(&format!(
            "{lists}/views/{}/objects",
            made["id"].as_str().unwrap()
        ))
        .await;
    let got: Vec<&str> = objects.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    let limit = secs("2026-01-31");
    let mut want: Vec<&Item> = [0usize, 1, 2, 3]
        .iter()
        .map(|at| &ITEMS[*at])
        .filter(|i| date_of(i).is_none_or(|d| d <= limit) && i.multi.contains(&"green"))
        .collect();
    want.sort_by(|a, b| b.number.partial_cmp(&a.number).unwrap());
    assert_eq!(got, want.iter().map(|i| i.name).collect::<Vec<_>>());

    // A set shows the objects of its types (set by the admin route).
    let set = api
        .post(
            &format!("{base}/objects"),
            json!({"type_key": "set", "name": "Pages"}),
        )
        .await;
    let set_id = set.body["object"]["id"].as_str().unwrap().to_owned();
    let query = api
        .http
        .put(format!(
            "{}/_sandbox/spaces/{}/lists/{set_id}/query",
            api.sandbox.url(),
            f.space
        ))
        .json(&json!({"types": ["page"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(query.status().as_u16(), 200);
    let views = api.get(&format!("{base}/lists/{set_id}/views")).await;
    let view_id = views.body["data"][0]["id"].as_str().unwrap().to_owned();
    let shown = api
        .get(&format!("{base}/lists/{set_id}/views/{view_id}/objects"))
        .await;
    assert_eq!(names(&shown.body), expected(|_| true));
}
