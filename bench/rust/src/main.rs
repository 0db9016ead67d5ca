//! `anytype-bench`: anytype-core against raw reqwest + serde, on one running sandbox.
//!
//! ```text
//! anytype-bench suite --url URL --key KEY --space-id ID --total N [--runs 5]
//!                     [--sequential 2000] [--concurrent 20000] [--in-flight 64] [--page-size 1000]
//!                     [--objects-space-id ID [--objects-total 10000] [--objects-properties 10]]
//! anytype-bench one <sequential|concurrent|pages|objects|search> <sdk|raw> --url URL --key KEY --space-id ID ...
//! ```
//!
//! With `--objects-space-id` (a space filled with `--objects-total` generated objects of
//! `--objects-properties` values each), `suite` also runs `list_all_objects`: every object in pages
//! of `--page-size`, `objects(..).list_all` against reqwest + serde into the same typed objects.
//!
//! With `--file-path` (a file of `--file-mb` MiB) it runs `upload_file`, and with
//! `--download-object-id` (the same bytes, uploaded once) `download_file`; with `--messages N`
//! `chat_stream`: N messages added at once, received over the chat's live stream. See `transfers`.
//!
//! `suite` runs every scenario `--runs` times, each run of each implementation in a fresh child
//! process (`one`), so the peak RSS (`VmHWM`) of one scenario never mixes with another's, and
//! prints one JSON document: `{"records": [{language, scenario, impl, unit, runs, median, ...}]}`.
//! `one` runs a single measurement and prints one JSON line. `handoff` is a diagnostic: sequential
//! gets each spawned from a plain thread onto the runtime and waited for (the FFI's hand-off). `--url`, `--key` and `--space-id`
//! fall back to `ANYTYPE_BENCH_URL`, `ANYTYPE_BENCH_KEY` and `ANYTYPE_BENCH_SPACE_ID`.
//! `ANYTYPE_BENCH_RAW_TIMEOUTS=1` gives the raw client the SDK's default timeouts (connect 5 s,
//! request 30 s), to see what the per-request timeout costs; `suite` doesn't set it.

use std::collections::BTreeMap;
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anytype_core::{AnytypeClient, ClientConfig};

mod transfers;
use serde::Deserialize;
use serde_json::{json, Value};

type BoxError = Box<dyn std::error::Error + Send + Sync>;
type Result<T> = std::result::Result<T, BoxError>;

// ---------------------------------------------------------------------------------------------
// The alternative: plain reqwest + serde into a struct with the same fields as the SDK's Space.
// ---------------------------------------------------------------------------------------------

/// The same typed result as `anytype_core::Space`: id, name, description, icon, gateway URL,
/// network id and kind.
#[derive(Debug, Deserialize)]
#[allow(dead_code)] // read only through Debug/black_box: the point is decoding them
struct RawSpace {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    icon: Option<RawIcon>,
    #[serde(default)]
    gateway_url: Option<String>,
    #[serde(default)]
    network_id: Option<String>,
    #[serde(default, rename = "object")]
    kind: RawKind,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "format", rename_all = "lowercase")]
#[allow(dead_code)]
enum RawIcon {
    Emoji {
        emoji: String,
    },
    File {
        file: String,
    },
    Icon {
        name: String,
        #[serde(default)]
        color: Option<String>,
    },
    #[serde(other)]
    Other,
}

#[derive(Debug, Default, Deserialize)]
enum RawKind {
    #[default]
    #[serde(rename = "space", alias = "anytype.space")]
    Space,
    #[serde(rename = "chatspace", alias = "anytype.chatspace")]
    ChatSpace,
    #[serde(rename = "onetoone", alias = "anytype.onetoone")]
    OneToOne,
    #[serde(rename = "techspace", alias = "anytype.techspace")]
    TechSpace,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
struct RawEnvelope {
    space: RawSpace,
}

#[derive(Deserialize)]
struct RawPagination {
    has_more: bool,
}

#[derive(Deserialize)]
struct RawPage {
    data: Vec<RawSpace>,
    pagination: RawPagination,
}

/// One shared reqwest client with the same headers and socket options the SDK uses.
fn raw_client(key: &str) -> Result<reqwest::Client> {
    use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION};
    let mut headers = HeaderMap::new();
    headers.insert(
        AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {key}"))?,
    );
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    headers.insert("Anytype-Version", HeaderValue::from_static("2025-11-08"));
    let mut builder = reqwest::Client::builder()
        .default_headers(headers)
        .tcp_nodelay(true)
        .no_proxy();
    // Diagnostic: the SDK's default timeouts on the raw client too (not used by `suite`).
    if std::env::var("ANYTYPE_BENCH_RAW_TIMEOUTS").is_ok_and(|v| v == "1") {
        builder = builder
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(30));
    }
    Ok(builder.build()?)
}

async fn raw_get(client: &reqwest::Client, url: &str) -> Result<RawSpace> {
    let response = client.get(url).send().await?.error_for_status()?;
    Ok(response.json::<RawEnvelope>().await?.space)
}

async fn raw_list_all(
    client: &reqwest::Client,
    base: &str,
    page_size: usize,
) -> Result<Vec<RawSpace>> {
    let mut all = Vec::new();
    let mut offset = 0;
    loop {
        let url = format!("{base}/v1/spaces?offset={offset}&limit={page_size}");
        let response = client.get(&url).send().await?.error_for_status()?;
        let page: RawPage = response.json().await?;
        offset += page.data.len();
        let done = !page.pagination.has_more || page.data.is_empty();
        all.extend(page.data);
        if done {
            return Ok(all);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The alternative for objects: the same fields as `anytype_core::Object` (id, name, icon, archived,
// space id, snippet, layout, type with its properties, property values as a union tagged by
// format, dates parsed with `time`), decoded by serde from a struct with one optional field per
// format (no buffering), then turned into the typed value.
// ---------------------------------------------------------------------------------------------

/// Absent or `null` -> the type's default (as the SDK reads them).
fn null_default<'de, D, T>(deserializer: D) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum RawLayout {
    #[default]
    Basic,
    Profile,
    Action,
    Note,
    Bookmark,
    Set,
    Collection,
    Participant,
    #[serde(other)]
    Other,
}

#[derive(Debug, Default, Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "snake_case")]
enum RawFormat {
    #[default]
    Text,
    Number,
    Select,
    MultiSelect,
    Date,
    Files,
    Checkbox,
    Url,
    Email,
    Phone,
    Objects,
    #[serde(other)]
    Other,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum RawColor {
    #[default]
    Grey,
    Yellow,
    Orange,
    Red,
    Pink,
    Purple,
    Blue,
    Ice,
    Teal,
    Lime,
    #[serde(other)]
    Other,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct RawTag {
    #[serde(default, deserialize_with = "null_default")]
    id: String,
    #[serde(default, deserialize_with = "null_default")]
    key: String,
    #[serde(default, deserialize_with = "null_default")]
    name: String,
    #[serde(default, deserialize_with = "null_default")]
    color: RawColor,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct RawProperty {
    #[serde(default, deserialize_with = "null_default")]
    id: String,
    #[serde(default, deserialize_with = "null_default")]
    key: String,
    #[serde(default, deserialize_with = "null_default")]
    name: String,
    #[serde(default, deserialize_with = "null_default")]
    format: RawFormat,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct RawType {
    #[serde(default, deserialize_with = "null_default")]
    id: String,
    #[serde(default, deserialize_with = "null_default")]
    key: String,
    #[serde(default, deserialize_with = "null_default")]
    name: String,
    #[serde(default, deserialize_with = "null_default")]
    plural_name: String,
    #[serde(default)]
    icon: Option<RawIcon>,
    #[serde(default, deserialize_with = "null_default")]
    archived: bool,
    #[serde(default, deserialize_with = "null_default")]
    layout: RawLayout,
    #[serde(default, deserialize_with = "null_default")]
    properties: Vec<RawProperty>,
}

/// A property value as it arrives: the format, and the one field named after it.
#[derive(Deserialize)]
struct WireValue {
    #[serde(default, deserialize_with = "null_default")]
    id: String,
    #[serde(default, deserialize_with = "null_default")]
    key: String,
    #[serde(default, deserialize_with = "null_default")]
    name: String,
    #[serde(default, deserialize_with = "null_default")]
    format: RawFormat,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    number: Option<f64>,
    #[serde(default)]
    select: Option<RawTag>,
    #[serde(default)]
    multi_select: Option<Vec<RawTag>>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    files: Option<Vec<String>>,
    #[serde(default)]
    checkbox: Option<bool>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    objects: Option<Vec<String>>,
}

/// The value, by format (`null` lists are empty, dates parsed from RFC 3339).
#[derive(Debug)]
#[allow(dead_code)]
enum RawValue {
    Text(String),
    Number(Option<f64>),
    Select(Option<RawTag>),
    MultiSelect(Vec<RawTag>),
    Date(Option<time::OffsetDateTime>),
    Files(Vec<String>),
    Checkbox(bool),
    Url(String),
    Email(String),
    Phone(String),
    Objects(Vec<String>),
    Other,
}

#[derive(Debug, Deserialize)]
#[serde(from = "WireValue")]
#[allow(dead_code)]
struct RawPropertyValue {
    id: String,
    key: String,
    name: String,
    format: RawFormat,
    value: RawValue,
}

impl From<WireValue> for RawPropertyValue {
    fn from(w: WireValue) -> Self {
        let value = match w.format {
            RawFormat::Text => RawValue::Text(w.text.unwrap_or_default()),
            RawFormat::Number => RawValue::Number(w.number),
            RawFormat::Select => RawValue::Select(w.select),
            RawFormat::MultiSelect => RawValue::MultiSelect(w.multi_select.unwrap_or_default()),
            RawFormat::Date => RawValue::Date(w.date.as_deref().and_then(|d| {
                time::OffsetDateTime::parse(d, &time::format_description::well_known::Rfc3339).ok()
            })),
            RawFormat::Files => RawValue::Files(w.files.unwrap_or_default()),
            RawFormat::Checkbox => RawValue::Checkbox(w.checkbox.unwrap_or_default()),
            RawFormat::Url => RawValue::Url(w.url.unwrap_or_default()),
            RawFormat::Email => RawValue::Email(w.email.unwrap_or_default()),
            RawFormat::Phone => RawValue::Phone(w.phone.unwrap_or_default()),
            RawFormat::Objects => RawValue::Objects(w.objects.unwrap_or_default()),
            RawFormat::Other => RawValue::Other,
        };
        RawPropertyValue {
            id: w.id,
            key: w.key,
            name: w.name,
            format: w.format,
            value,
        }
    }
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct RawObject {
    #[serde(default, deserialize_with = "null_default")]
    id: String,
    #[serde(default, deserialize_with = "null_default")]
    name: String,
    #[serde(default)]
    icon: Option<RawIcon>,
    #[serde(default, deserialize_with = "null_default")]
    archived: bool,
    #[serde(default, deserialize_with = "null_default")]
    space_id: String,
    #[serde(default, deserialize_with = "null_default")]
    snippet: String,
    #[serde(default, deserialize_with = "null_default")]
    layout: RawLayout,
    #[serde(default, rename = "type")]
    object_type: Option<RawType>,
    #[serde(default, deserialize_with = "null_default")]
    properties: Vec<RawPropertyValue>,
    #[serde(default)]
    markdown: Option<String>,
}

#[derive(Deserialize)]
struct RawObjectPage {
    data: Vec<RawObject>,
    pagination: RawPagination,
}

async fn raw_list_all_objects(
    client: &reqwest::Client,
    base: &str,
    space_id: &str,
    page_size: usize,
) -> Result<Vec<RawObject>> {
    let mut all = Vec::new();
    loop {
        let url = format!(
            "{base}/v1/spaces/{space_id}/objects?offset={}&limit={page_size}",
            all.len()
        );
        let response = client.get(&url).send().await?.error_for_status()?;
        let page: RawObjectPage = response.json().await?;
        let done = !page.pagination.has_more || page.data.is_empty();
        all.extend(page.data);
        if done {
            return Ok(all);
        }
    }
}

/// The check both implementations pass: `total` objects, each with at least `properties`
/// property values and a parsed date among them.
fn check_objects(
    listed: usize,
    per_object: impl Iterator<Item = (usize, bool)>,
    params: &Params,
) -> Result<()> {
    if listed != params.objects_total {
        return Err(format!("listed {listed} objects, expected {}", params.objects_total).into());
    }
    for (i, (values, dated)) in per_object.enumerate() {
        if values < params.objects_properties || !dated {
            return Err(format!(
                "object {i}: {values} property values (expected at least {}), parsed date: {dated}",
                params.objects_properties
            )
            .into());
        }
    }
    Ok(())
}

/// The search of `search_all_objects` (the same in every language): the generated objects by
/// name, type `page`, sorted by name, with `bench_number_2 >= 1250` or `bench_checkbox_5` checked.
const SEARCH_NUMBER_KEY: &str = "bench_number_2";
const SEARCH_CHECKBOX_KEY: &str = "bench_checkbox_5";
const SEARCH_AT_LEAST: f64 = 1250.0;

fn search_body() -> Value {
    json!({
        "query": "generated object",
        "types": ["page"],
        "sort": {"property_key": "name", "direction": "asc"},
        "filters": {"operator": "or", "conditions": [
            {"property_key": SEARCH_NUMBER_KEY, "condition": "gte", "number": SEARCH_AT_LEAST},
            {"property_key": SEARCH_CHECKBOX_KEY, "condition": "eq", "checkbox": true},
        ]},
    })
}

/// How many generated objects match the search, counted from a plain listing (before the clock).
async fn search_matches(client: &reqwest::Client, base: &str, space: &str) -> Result<usize> {
    let all = raw_list_all_objects(client, base, space, 1000).await?;
    Ok(all
        .iter()
        .filter(|o| {
            let value = |key: &str| o.properties.iter().find(|p| p.key == key).map(|p| &p.value);
            let number = matches!(value(SEARCH_NUMBER_KEY), Some(RawValue::Number(Some(n))) if *n >= SEARCH_AT_LEAST);
            let checked = matches!(value(SEARCH_CHECKBOX_KEY), Some(RawValue::Checkbox(true)));
            o.name.to_lowercase().contains("generated object") && (number || checked)
        })
        .count())
}

/// One timed search returning every match in pages; returns milliseconds.
async fn objects_search(implementation: &str, params: &Params) -> Result<(f64, usize)> {
    let space = params
        .objects_space_id
        .as_deref()
        .ok_or("--objects-space-id is required for the search scenario")?;
    let base = params.url.trim_end_matches('/');
    let raw = raw_client(&params.key)?;
    let expected = search_matches(&raw, base, space).await?;
    let (elapsed, names) = match implementation {
        "sdk" => {
            use anytype_core::{Filter, SearchRequest, Sort, SortProperty};
            let config = ClientConfig::with_base_url(params.url.clone());
            let objects = AnytypeClient::new(&params.key, config)?.objects(space);
            let request = SearchRequest {
                query: Some("generated object".into()),
                types: vec!["page".into()],
                filter: Some(
                    Filter::number(SEARCH_NUMBER_KEY).gte(SEARCH_AT_LEAST)
                        | Filter::checkbox(SEARCH_CHECKBOX_KEY).eq(true),
                ),
                sort: Some(Sort::asc(SortProperty::Name)),
            };
            objects.list(0, 1).await?; // opens the connection
            let started = Instant::now();
            let all = std::hint::black_box(
                objects
                    .search_all(&request, params.page_size as i64)
                    .await?,
            );
            let elapsed = started.elapsed();
            (elapsed, all.into_iter().map(|o| o.name).collect::<Vec<_>>())
        }
        "raw" => {
            let body = serde_json::to_vec(&search_body())?;
            raw.get(format!("{base}/v1/spaces/{space}/objects?offset=0&limit=1"))
                .send()
                .await?
                .error_for_status()?
                .bytes()
                .await?; // opens the connection
            let started = Instant::now();
            let mut all: Vec<RawObject> = Vec::new();
            loop {
                let url = format!(
                    "{base}/v1/spaces/{space}/search?offset={}&limit={}",
                    all.len(),
                    params.page_size
                );
                let response = raw
                    .post(&url)
                    .header("Content-Type", "application/json")
                    .body(body.clone())
                    .send()
                    .await?
                    .error_for_status()?;
                let page: RawObjectPage = response.json().await?;
                let done = !page.pagination.has_more || page.data.is_empty();
                all.extend(page.data);
                if done {
                    break;
                }
            }
            let elapsed = started.elapsed();
            let all = std::hint::black_box(all);
            (elapsed, all.into_iter().map(|o| o.name).collect())
        }
        other => return Err(format!("unknown implementation {other:?} (sdk or raw)").into()),
    };
    if names.len() != expected {
        return Err(format!("found {} matches, expected {expected}", names.len()).into());
    }
    if !names
        .windows(2)
        .all(|w| w[0].to_lowercase() <= w[1].to_lowercase())
    {
        return Err("the matches are not sorted by name".into());
    }
    Ok((elapsed.as_secs_f64() * 1e3, expected))
}

/// One timed listing of every object of the objects space; returns milliseconds.
async fn objects_listing(implementation: &str, params: &Params) -> Result<f64> {
    let space = params
        .objects_space_id
        .as_deref()
        .ok_or("--objects-space-id is required for the objects scenario")?;
    let base = params.url.trim_end_matches('/');
    match implementation {
        "sdk" => {
            let config = ClientConfig::with_base_url(params.url.clone());
            let objects = AnytypeClient::new(&params.key, config)?.objects(space);
            objects.list(0, 1).await?; // opens the connection
            let started = Instant::now();
            let all = std::hint::black_box(objects.list_all(params.page_size as i64).await?);
            let elapsed = started.elapsed();
            use anytype_core::Value;
            check_objects(
                all.len(),
                all.iter().map(|o| {
                    let dated = o
                        .properties
                        .iter()
                        .any(|p| matches!(p.value, Value::Date { date: Some(_) }));
                    (o.properties.len(), dated)
                }),
                params,
            )?;
            Ok(elapsed.as_secs_f64() * 1e3)
        }
        "raw" => {
            let client = raw_client(&params.key)?;
            client
                .get(format!("{base}/v1/spaces/{space}/objects?offset=0&limit=1"))
                .send()
                .await?
                .error_for_status()?
                .bytes()
                .await?; // opens the connection
            let started = Instant::now();
            let all = std::hint::black_box(
                raw_list_all_objects(&client, base, space, params.page_size).await?,
            );
            let elapsed = started.elapsed();
            check_objects(
                all.len(),
                all.iter().map(|o| {
                    let dated = o
                        .properties
                        .iter()
                        .any(|p| matches!(p.value, RawValue::Date(Some(_))));
                    (o.properties.len(), dated)
                }),
                params,
            )?;
            Ok(elapsed.as_secs_f64() * 1e3)
        }
        other => Err(format!("unknown implementation {other:?} (sdk or raw)").into()),
    }
}

// ---------------------------------------------------------------------------------------------
// One measurement.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Debug)]
enum Scenario {
    Sequential,
    Concurrent,
    Pages,
    Objects,
    Search,
    Upload,
    Download,
    Stream,
}

impl Scenario {
    fn parse(text: &str) -> Result<Self> {
        Ok(match text {
            "sequential" => Scenario::Sequential,
            "concurrent" => Scenario::Concurrent,
            "pages" => Scenario::Pages,
            "objects" => Scenario::Objects,
            "search" => Scenario::Search,
            "upload" => Scenario::Upload,
            "download" => Scenario::Download,
            "stream" => Scenario::Stream,
            other => return Err(format!("unknown scenario {other:?}").into()),
        })
    }

    fn arg(self) -> &'static str {
        match self {
            Scenario::Sequential => "sequential",
            Scenario::Concurrent => "concurrent",
            Scenario::Pages => "pages",
            Scenario::Objects => "objects",
            Scenario::Search => "search",
            Scenario::Upload => "upload",
            Scenario::Download => "download",
            Scenario::Stream => "stream",
        }
    }

    /// The scenario's name in the results (shared by every language).
    fn record_name(self) -> &'static str {
        match self {
            Scenario::Sequential => "sequential_get",
            Scenario::Concurrent => "concurrent_get",
            Scenario::Pages => "list_all_pages",
            Scenario::Objects => "list_all_objects",
            Scenario::Search => "search_all_objects",
            Scenario::Upload => "upload_file",
            Scenario::Download => "download_file",
            Scenario::Stream => "chat_stream",
        }
    }

    fn unit(self) -> &'static str {
        match self {
            Scenario::Sequential => "us/call",
            Scenario::Concurrent => "req/s",
            Scenario::Pages | Scenario::Objects | Scenario::Search => "ms/listing",
            Scenario::Upload | Scenario::Download => "MiB/s",
            Scenario::Stream => "msg/s",
        }
    }

    /// The label of the `raw` alternative.
    fn raw_label(self) -> &'static str {
        match self {
            Scenario::Upload => "reqwest, multipart part from a tokio File",
            Scenario::Download => "reqwest, chunks written to a tokio File",
            Scenario::Stream => "reqwest + eventsource-stream + serde_json",
            _ => "reqwest + serde_json",
        }
    }

    /// Whether the suite also reports what the run added to the peak RSS after its warm-up.
    fn reports_growth(self) -> bool {
        matches!(self, Scenario::Upload | Scenario::Download)
    }
}

#[derive(Clone, Debug)]
struct Params {
    url: String,
    key: String,
    space_id: String,
    total: usize,
    runs: usize,
    sequential: usize,
    concurrent: usize,
    in_flight: usize,
    page_size: usize,
    /// The space of generated objects for `list_all_objects` (the scenario is skipped without it).
    objects_space_id: Option<String>,
    objects_total: usize,
    objects_properties: usize,
    /// The file the upload scenario sends (the file scenarios are skipped without it).
    file_path: Option<String>,
    /// Its size in MiB.
    file_mb: usize,
    /// A file object of `file_mb` MiB in the space, for the download scenario.
    download_object_id: Option<String>,
    /// How many messages the stream scenario receives (skipped when 0).
    messages: usize,
}

/// Either implementation behind one interface, so both scenarios drive them identically.
#[derive(Clone)]
enum Client {
    Sdk(anytype_core::Spaces),
    Raw(reqwest::Client, Arc<str>),
}

impl Client {
    fn new(implementation: &str, params: &Params) -> Result<Self> {
        match implementation {
            "sdk" => {
                let config = ClientConfig::with_base_url(params.url.clone());
                Ok(Client::Sdk(
                    AnytypeClient::new(&params.key, config)?.spaces(),
                ))
            }
            "raw" => Ok(Client::Raw(
                raw_client(&params.key)?,
                format!(
                    "{}/v1/spaces/{}",
                    params.url.trim_end_matches('/'),
                    params.space_id
                )
                .into(),
            )),
            other => Err(format!("unknown implementation {other:?} (sdk or raw)").into()),
        }
    }

    /// Get the space and return its id (checked by the caller).
    async fn get(&self, space_id: &str) -> Result<String> {
        match self {
            Client::Sdk(spaces) => {
                let space = spaces.get(space_id).await?;
                Ok(std::hint::black_box(space).id)
            }
            Client::Raw(client, url) => {
                let space = raw_get(client, url).await?;
                Ok(std::hint::black_box(space).id)
            }
        }
    }

    /// List every space and return how many there were.
    async fn list_all(&self, base: &str, page_size: usize) -> Result<usize> {
        match self {
            Client::Sdk(spaces) => {
                Ok(std::hint::black_box(spaces.list_all(page_size as i64).await?).len())
            }
            Client::Raw(client, _) => Ok(std::hint::black_box(
                raw_list_all(client, base.trim_end_matches('/'), page_size).await?,
            )
            .len()),
        }
    }
}

async fn sequential(client: &Client, params: &Params, count: usize) -> Result<Duration> {
    let started = Instant::now();
    for _ in 0..count {
        let id = client.get(&params.space_id).await?;
        if id != params.space_id {
            return Err(format!("got space {id}, asked for {}", params.space_id).into());
        }
    }
    Ok(started.elapsed())
}

/// `count` gets with `in_flight` worker tasks, each taking the next request number until none is left.
async fn concurrent(client: &Client, params: &Params, count: usize) -> Result<Duration> {
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::with_capacity(params.in_flight);
    for _ in 0..params.in_flight {
        let (client, next, id) = (client.clone(), next.clone(), params.space_id.clone());
        workers.push(tokio::spawn(async move {
            while next.fetch_add(1, Ordering::Relaxed) < count {
                let got = client.get(&id).await?;
                if got != id {
                    return Err::<(), BoxError>(format!("got space {got}, asked for {id}").into());
                }
            }
            Ok(())
        }));
    }
    for worker in workers {
        worker.await??;
    }
    Ok(started.elapsed())
}

/// Peak resident set size of this process (`VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn one(scenario: Scenario, implementation: &str, params: &Params) -> Result<Value> {
    if matches!(
        scenario,
        Scenario::Upload | Scenario::Download | Scenario::Stream
    ) {
        let measured = match scenario {
            Scenario::Upload => transfers::upload(implementation, params).await?,
            Scenario::Download => transfers::download(implementation, params).await?,
            _ => transfers::chat_stream(implementation, params).await?,
        };
        return Ok(json!({
            "scenario": scenario.record_name(),
            "impl": implementation,
            "unit": scenario.unit(),
            "value": measured.value,
            "count": measured.count,
            "peak_rss_kib": peak_rss_kib(),
            "baseline_kib": measured.baseline_kib,
        }));
    }
    if scenario == Scenario::Search {
        let (value, count) = objects_search(implementation, params).await?;
        return Ok(json!({
            "scenario": scenario.record_name(),
            "impl": implementation,
            "unit": scenario.unit(),
            "value": value,
            "count": count,
            "peak_rss_kib": peak_rss_kib(),
        }));
    }
    if scenario == Scenario::Objects {
        let value = objects_listing(implementation, params).await?;
        return Ok(json!({
            "scenario": scenario.record_name(),
            "impl": implementation,
            "unit": scenario.unit(),
            "value": value,
            "count": params.objects_total,
            "peak_rss_kib": peak_rss_kib(),
        }));
    }
    let client = Client::new(implementation, params)?;
    let (value, count) = match scenario {
        Scenario::Sequential => {
            let warmup = (params.sequential / 10).clamp(1, 200);
            sequential(&client, params, warmup).await?;
            let elapsed = sequential(&client, params, params.sequential).await?;
            (
                elapsed.as_secs_f64() * 1e6 / params.sequential as f64,
                params.sequential,
            )
        }
        Scenario::Concurrent => {
            // Opens the pool's connections and warms the code paths.
            concurrent(&client, params, params.in_flight * 4).await?;
            let elapsed = concurrent(&client, params, params.concurrent).await?;
            (
                params.concurrent as f64 / elapsed.as_secs_f64(),
                params.concurrent,
            )
        }
        Scenario::Pages => {
            client.get(&params.space_id).await?; // opens the connection
            let started = Instant::now();
            let listed = client.list_all(&params.url, params.page_size).await?;
            let elapsed = started.elapsed();
            if listed != params.total {
                return Err(format!("listed {listed} spaces, expected {}", params.total).into());
            }
            (elapsed.as_secs_f64() * 1e3, listed)
        }
        Scenario::Objects
        | Scenario::Search
        | Scenario::Upload
        | Scenario::Download
        | Scenario::Stream => unreachable!("handled above"),
    };
    Ok(json!({
        "scenario": scenario.record_name(),
        "impl": implementation,
        "unit": scenario.unit(),
        "value": value,
        "count": count,
        "peak_rss_kib": peak_rss_kib(),
    }))
}

/// Diagnostic (not part of `suite`): the cost of the thread hand-off the FFI layer makes. Each
/// call is spawned from this plain thread onto the runtime and waited for, as a synchronous FFI
/// export that blocks on the shared runtime would do; compared with the same calls made in one
/// task on the runtime, and with spawning an empty task.
fn handoff(implementation: &str, params: &Params) -> Result<Value> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let client = {
        let _guard = runtime.enter();
        Client::new(implementation, params)?
    };
    let n = params.sequential;
    let id = params.space_id.clone();
    let direct = {
        let (client, params) = (client.clone(), params.clone());
        runtime.block_on(runtime.spawn(async move {
            sequential(&client, &params, n.clamp(1, 200)).await?;
            sequential(&client, &params, n).await
        }))??
    };
    let hop = |count: usize| -> Result<Duration> {
        let started = Instant::now();
        for _ in 0..count {
            let (client, id) = (client.clone(), id.clone());
            let got = runtime.block_on(runtime.spawn(async move { client.get(&id).await }))??;
            std::hint::black_box(got);
        }
        Ok(started.elapsed())
    };
    hop(n.clamp(1, 200))?;
    let spawned = hop(n)?;
    let started = Instant::now();
    for _ in 0..n {
        runtime.block_on(runtime.spawn(async {}))?;
    }
    let empty = started.elapsed();
    let per_call = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    Ok(json!({
        "impl": implementation, "unit": "us/call", "count": n,
        "get_inside_runtime": per_call(direct),
        "get_spawned_from_plain_thread": per_call(spawned),
        "empty_task_spawned_from_plain_thread": per_call(empty),
    }))
}

/// Diagnostic (not part of `suite`): decoding one saved page of objects (saved with
/// `curl .../objects?limit=1000`) `rounds` times with the SDK's models and with the
/// alternative's, CPU only (no HTTP): where the listing's time goes apart from the server and the
/// network.
fn decode(file: &str, rounds: usize) -> Result<Value> {
    let body = std::fs::read(file)?;
    let mut sdk = Vec::new();
    let mut raw = Vec::new();
    for round in 0..rounds.max(1) * 2 {
        let started = Instant::now();
        let count = if round % 2 == 0 {
            std::hint::black_box(serde_json::from_slice::<anytype_core::ObjectPage>(&body)?)
                .data
                .len()
        } else {
            std::hint::black_box(serde_json::from_slice::<RawObjectPage>(&body)?)
                .data
                .len()
        };
        let ms = started.elapsed().as_secs_f64() * 1e3;
        if round % 2 == 0 {
            sdk.push(ms)
        } else {
            raw.push(ms)
        }
        std::hint::black_box(count);
    }
    let value = std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&body)?);
    let started = Instant::now();
    for _ in 0..rounds.max(1) {
        std::hint::black_box(serde_json::from_slice::<serde_json::Value>(&body)?);
    }
    let generic = started.elapsed().as_secs_f64() * 1e3 / rounds.max(1) as f64;
    drop(value);
    Ok(json!({
        "bytes": body.len(), "unit": "ms/page",
        "sdk_object_page_median": median(&sdk), "raw_object_page_median": median(&raw),
        "serde_json_value_mean": generic,
    }))
}

// ---------------------------------------------------------------------------------------------
// The suite: every scenario, every run, each in its own process.
// ---------------------------------------------------------------------------------------------

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    }
}

fn child(scenario: Scenario, implementation: &str, params: &Params) -> Result<Value> {
    let exe = std::env::current_exe()?;
    let output = Command::new(exe)
        .args(["one", scenario.arg(), implementation])
        .args(["--url", &params.url, "--space-id", &params.space_id])
        .args(["--total", &params.total.to_string()])
        .args(["--sequential", &params.sequential.to_string()])
        .args(["--concurrent", &params.concurrent.to_string()])
        .args(["--in-flight", &params.in_flight.to_string()])
        .args(["--page-size", &params.page_size.to_string()])
        .args(match &params.objects_space_id {
            Some(id) => vec![
                "--objects-space-id".to_owned(),
                id.clone(),
                "--objects-total".to_owned(),
                params.objects_total.to_string(),
                "--objects-properties".to_owned(),
                params.objects_properties.to_string(),
            ],
            None => Vec::new(),
        })
        .args(match &params.file_path {
            Some(path) => vec![
                "--file-path".to_owned(),
                path.clone(),
                "--file-mb".to_owned(),
                params.file_mb.to_string(),
            ],
            None => Vec::new(),
        })
        .args(match &params.download_object_id {
            Some(id) => vec!["--download-object-id".to_owned(), id.clone()],
            None => Vec::new(),
        })
        .args(["--messages", &params.messages.to_string()])
        // The key goes through the environment, not the command line (`ps` shows arguments).
        .env("ANYTYPE_BENCH_KEY", &params.key)
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "{} {} failed ({}): {}",
            scenario.arg(),
            implementation,
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let line = String::from_utf8(output.stdout)?;
    Ok(serde_json::from_str(line.trim())?)
}

fn suite(params: &Params) -> Result<Value> {
    let implementations = |scenario: Scenario| -> Vec<(&'static str, &'static str, &'static str)> {
        let mut list = vec![
            ("sdk", "sdk", "anytype-core"),
            ("raw", "alternative", scenario.raw_label()),
        ];
        if scenario == Scenario::Upload {
            list.push((
                "raw-chunked",
                "alternative",
                "reqwest, multipart part streamed in 256 KiB reads",
            ));
        }
        list
    };
    let mut values: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    let mut rss: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    let mut growth: BTreeMap<(&str, &str), Vec<f64>> = BTreeMap::new();
    let mut scenarios = vec![Scenario::Sequential, Scenario::Concurrent, Scenario::Pages];
    if params.objects_space_id.is_some() {
        scenarios.push(Scenario::Objects);
        scenarios.push(Scenario::Search);
    }
    if params.file_path.is_some() {
        scenarios.push(Scenario::Upload);
        if params.download_object_id.is_some() {
            scenarios.push(Scenario::Download);
        }
    }
    if params.messages > 0 {
        scenarios.push(Scenario::Stream);
    }
    for &scenario in &scenarios {
        for run in 0..params.runs {
            // Alternate which implementation goes first, so neither always runs on a warmer machine.
            let mut order = implementations(scenario);
            let shift = run % order.len();
            order.rotate_left(shift);
            for (arg, _, _) in order {
                let result = child(scenario, arg, params)?;
                let value = result["value"].as_f64().ok_or("child printed no value")?;
                eprintln!(
                    "  rust {:<15} {:<4} run {}: {:.1} {}",
                    scenario.record_name(),
                    arg,
                    run + 1,
                    value,
                    scenario.unit()
                );
                values
                    .entry((scenario.record_name(), arg))
                    .or_default()
                    .push(value);
                if let Some(kib) = result["peak_rss_kib"].as_f64() {
                    rss.entry((scenario.record_name(), arg))
                        .or_default()
                        .push(kib / 1024.0);
                    if let Some(before) = result["baseline_kib"].as_f64() {
                        growth
                            .entry((scenario.record_name(), arg))
                            .or_default()
                            .push((kib - before) / 1024.0);
                    }
                }
            }
        }
    }
    let mut records = Vec::new();
    for &scenario in &scenarios {
        for (arg, role, label) in implementations(scenario) {
            let runs = values
                .get(&(scenario.record_name(), arg))
                .cloned()
                .unwrap_or_default();
            let mut params_json = json!({
                "sequential": params.sequential, "concurrent": params.concurrent,
                "in_flight": params.in_flight, "page_size": params.page_size, "total": params.total,
            });
            if matches!(scenario, Scenario::Objects | Scenario::Search) {
                params_json["objects_total"] = json!(params.objects_total);
                params_json["objects_properties"] = json!(params.objects_properties);
            }
            if matches!(scenario, Scenario::Upload | Scenario::Download) {
                params_json["file_mb"] = json!(params.file_mb);
            }
            if scenario == Scenario::Stream {
                params_json["messages"] = json!(params.messages);
            }
            records.push(json!({
                "language": "rust", "scenario": scenario.record_name(), "impl": role, "label": label,
                "unit": scenario.unit(), "median": median(&runs), "runs": runs, "params": params_json,
            }));
            if scenario != Scenario::Sequential {
                let runs = rss
                    .get(&(scenario.record_name(), arg))
                    .cloned()
                    .unwrap_or_default();
                records.push(json!({
                    "language": "rust", "scenario": format!("peak_rss_{}", scenario.record_name()),
                    "impl": role, "label": label, "unit": "MiB",
                    "median": median(&runs), "runs": runs, "params": params_json,
                }));
            }
            if scenario.reports_growth() {
                let runs = growth
                    .get(&(scenario.record_name(), arg))
                    .cloned()
                    .unwrap_or_default();
                records.push(json!({
                    "language": "rust", "scenario": format!("rss_growth_{}", scenario.record_name()),
                    "impl": role, "label": label, "unit": "MiB",
                    "median": median(&runs), "runs": runs, "params": params_json,
                }));
            }
        }
    }
    Ok(json!({ "records": records }))
}

// ---------------------------------------------------------------------------------------------
// Arguments.
// ---------------------------------------------------------------------------------------------

fn parse_params(args: &[String]) -> Result<Params> {
    let env = |name: &str| std::env::var(name).unwrap_or_default();
    let mut params = Params {
        url: env("ANYTYPE_BENCH_URL"),
        key: env("ANYTYPE_BENCH_KEY"),
        space_id: env("ANYTYPE_BENCH_SPACE_ID"),
        total: 10_000,
        runs: 5,
        sequential: 2_000,
        concurrent: 20_000,
        in_flight: 64,
        page_size: 1_000,
        objects_space_id: None,
        objects_total: 10_000,
        objects_properties: 10,
        file_path: None,
        file_mb: 0,
        download_object_id: None,
        messages: 0,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: {value:?} is not a count"))
        };
        match flag.as_str() {
            "--url" => params.url = value.clone(),
            "--key" => params.key = value.clone(),
            "--space-id" => params.space_id = value.clone(),
            "--total" => params.total = number()?,
            "--runs" => params.runs = number()?,
            "--sequential" => params.sequential = number()?,
            "--concurrent" => params.concurrent = number()?,
            "--in-flight" => params.in_flight = number()?,
            "--page-size" => params.page_size = number()?,
            "--objects-space-id" => params.objects_space_id = Some(value.clone()),
            "--objects-total" => params.objects_total = number()?,
            "--objects-properties" => params.objects_properties = number()?,
            "--file-path" => params.file_path = Some(value.clone()).filter(|p| !p.is_empty()),
            "--file-mb" => params.file_mb = number()?,
            "--download-object-id" => {
                params.download_object_id = Some(value.clone()).filter(|p| !p.is_empty())
            }
            "--messages" => params.messages = number()?,
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    for (name, value) in [
        ("--url", &params.url),
        ("--key", &params.key),
        ("--space-id", &params.space_id),
    ] {
        if value.is_empty() {
            return Err(format!("{name} is required").into());
        }
    }
    if params.in_flight == 0 || params.sequential == 0 || params.concurrent == 0 || params.runs == 0
    {
        return Err("counts must be greater than zero".into());
    }
    Ok(params)
}

const USAGE: &str =
    "usage: anytype-bench suite --url URL --key KEY --space-id ID [--total N] [--runs N] \
[--sequential N] [--concurrent N] [--in-flight N] [--page-size N] \
[--objects-space-id ID [--objects-total N] [--objects-properties M]] \
[--file-path PATH --file-mb N [--download-object-id ID]] [--messages N]\n       \
anytype-bench one <sequential|concurrent|pages|objects|search|upload|download|stream> <sdk|raw> (same options)\n       \
anytype-bench handoff <sdk|raw> (same options; diagnostic: the cost of the FFI's thread hand-off)\n       \
anytype-bench decode PAGE.json [ROUNDS] (diagnostic: decoding one saved page of objects, SDK vs raw models)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("suite") => parse_params(&args[1..]).and_then(|params| suite(&params)),
        Some("decode") if args.len() >= 2 => decode(
            &args[1],
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(20),
        ),
        Some("handoff") if args.len() >= 2 => {
            parse_params(&args[2..]).and_then(|params| handoff(&args[1], &params))
        }
        Some("one") if args.len() >= 3 => (|| {
            let scenario = Scenario::parse(&args[1])?;
            let params = parse_params(&args[3..])?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()?;
            let implementation = args[2].clone();
            // Measure inside a task, as application code runs: a future driven by `block_on`
            // on the main thread needs a cross-thread wake-up for every I/O event (the I/O driver
            // runs on the worker threads), which added ~20-50 µs to each sequential call here.
            runtime.block_on(async move {
                tokio::spawn(async move { one(scenario, &implementation, &params).await }).await?
            })
        })(),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(value) => {
            println!("{value}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("anytype-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
