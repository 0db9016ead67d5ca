//! # anytype-sandbox
//!
//! An in-memory server that behaves like Anytype's local API (version `2025-11-08`), quirks
//! included, for tests, demos and offline development. It implements what the SDK covers so far:
//!
//! * `POST /v1/auth/challenges`, `POST /v1/auth/api_keys` (a wrong code answers **500**, like the
//!   real server);
//! * `Authorization: Bearer` checks (401 with the standard error body);
//! * `GET/POST /v1/spaces`, `GET/PATCH /v1/spaces/{id}` with offset/limit pagination (a limit
//!   outside 1..=1000 answers 400 with the *other* body shape, `{"error": "..."}`; any other query
//!   parameter is a filter);
//! * inside a space (module `objects`; every single resource comes wrapped, e.g. `{"object": ...}`,
//!   and a missing one answers **500** `failed to retrieve <object|type|property|tag|template|member>`,
//!   like the real server; a missing space answers 404):
//!   - `GET .../members`, `GET .../members/{id}` (`_participant_<space>_<identity>`, roles);
//!   - `GET/POST .../types`, `GET/PATCH/DELETE .../types/{id}`, `GET .../types/{id}/templates`,
//!     `GET .../types/{id}/templates/{template_id}`;
//!   - `GET/POST .../properties`, `GET/PATCH/DELETE .../properties/{id}`,
//!     `GET/POST .../properties/{id}/tags`, `GET/PATCH/DELETE .../properties/{id}/tags/{tag_id}`;
//!   - `GET/POST .../objects`, `GET/PATCH/DELETE .../objects/{id}`.
//!
//!   A new space has the built-in types and properties of a fresh headless account (page,
//!   bookmark, collection, set, ...; `tag`, `done`, `description`, `source`, ...; no `task`, no
//!   `due_date`). Demo spaces also have an editor and a viewer, a `task` type (status, due date,
//!   done, tag) with a template, pages, a bookmark and tasks. DELETE archives and answers the
//!   resource as it was (a later GET shows `"archived": true`). Values are read tagged by `format`
//!   (select → a Tag, empty lists → `null`) and written by value key (a JSON null clears; text is
//!   trimmed; dates are kept in UTC seconds). List query parameters other than offset/limit are
//!   filters with the real server's semantics (see the `filters` module and `docs/filters.md`):
//!   `?name=meet` (text: a case-insensitive substring), `?name[eq]=Meeting%20notes` (exact),
//!   `?due_date[gte]=2024-01-01` (dates as instants), `?tag[empty]=`; number, checkbox, select,
//!   multi_select and objects values answer 400 with the real messages;
//! * `POST /v1/spaces/{id}/search` and `POST /v1/search` (module `search`): query text, types,
//!   the nested and/or filter expression, four sort keys; global search caps each space at
//!   `offset + limit` results before merging, like the real server (so `total` is that sum);
//! * lists (module `lists`): add and remove objects, views, the objects of a view (its filters and
//!   sorts, plus query filters); `POST /_sandbox/spaces/{space_id}/lists/{list_id}/views` adds a
//!   view with filters and sorts, `PUT /_sandbox/spaces/{space_id}/lists/{list_id}/query`
//!   `{"types": [...]}` sets what a set shows;
//! * files (module `files`): `POST .../files` (multipart field `file`, streamed to a temporary
//!   folder), `GET .../files/{id}` (streamed, `Range` → 206/416, `?width=` for image variants),
//!   `DELETE .../files/{id}` (to the bin; `?skip_bin=true` for good);
//! * chats (module `chats`): `GET/POST .../chats`, messages with order ids (list by cursor,
//!   add, get, edit, delete), reactions, read state (`messages/read`, `reactions/read`,
//!   `read_all`), search, and the SSE stream `.../messages/stream` with heartbeats every
//!   `Anytype-Heartbeat-Seconds`; faults `cut_stream`, `stall_stream` and `reset_upload`;
//! * the write rate limit (burst 60, 1 per second; 429 with `RateLimit-Reset`);
//! * the `Anytype-Version` response header;
//! * fault injection ([`faults`]) and request counting, for tests, through `/_sandbox/...` routes;
//!   `POST /_sandbox/spaces/{space_id}/objects?count=N&properties=M` (or [`Sandbox::add_objects`])
//!   adds N generated objects with M property values each, for benchmarks.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use anytype_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig { auth_code: Some("1234".into()), ..Default::default() }).await?;
//! println!("listening on {}", sandbox.url());
//! # Ok(()) }
//! ```

mod chats;
pub mod faults;
mod files;
mod filters;
mod lists;
mod objects;
mod search;
mod server;
mod space_data;
mod store;

use std::net::SocketAddr;
use std::sync::Arc;

pub use faults::{Fault, FaultRule};
use server::State;
pub use server::API_VERSION;

/// How a sandbox starts.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The code every challenge accepts; `None` makes a random code per challenge (see `print_codes`).
    pub auth_code: Option<String>,
    /// How many demo spaces exist at start.
    pub demo_spaces: usize,
    /// Apply the real server's write rate limit (burst 60, 1 per second).
    pub rate_limit: bool,
    /// Print each new challenge's code on standard output (for random codes).
    pub print_codes: bool,
    /// Fault rules active from the start.
    pub faults: Vec<FaultRule>,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        SandboxConfig {
            auth_code: None,
            demo_spaces: 3,
            rate_limit: true,
            print_codes: false,
            faults: Vec::new(),
        }
    }
}

/// A running sandbox server. It stops when dropped (or with [`Sandbox::shutdown`]).
pub struct Sandbox {
    addr: SocketAddr,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Sandbox {
    /// Start on `127.0.0.1` with a free port.
    pub async fn start(config: SandboxConfig) -> std::io::Result<Sandbox> {
        Sandbox::bind(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Start on `addr` (port 0 picks a free port).
    pub async fn bind(addr: SocketAddr, config: SandboxConfig) -> std::io::Result<Sandbox> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let state = State::new(config);
        let app = server::router(state.clone());
        let task = tokio::spawn(async move {
            if let Err(error) = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await
            {
                tracing::error!(%error, "sandbox server stopped");
            }
        });
        Ok(Sandbox { addr, state, task })
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many requests arrived for `method` and `path` (e.g. `"POST"`, `"/v1/spaces"`).
    pub fn request_count(&self, method: &str, path: &str) -> u64 {
        self.state.request_count(method, path)
    }

    /// Requests being handled right now; a request whose client hung up is not counted.
    pub fn in_flight(&self) -> i64 {
        self.state.in_flight()
    }

    /// Add a fault rule (after those already there).
    pub fn add_fault(&self, rule: FaultRule) {
        self.state.add_fault(rule);
    }

    /// Remove every fault rule.
    pub fn clear_faults(&self) {
        self.state.clear_faults();
    }

    /// Mint an API key directly, skipping the challenge (for tests and benchmarks).
    pub fn issue_key(&self) -> String {
        self.state.issue_key()
    }

    /// Add `count` generated spaces (for paging tests and benchmarks).
    pub fn add_spaces(&self, count: usize) {
        self.state.add_generated_spaces(count);
    }

    /// Add `count` generated objects to a space, each with `properties` property values (text,
    /// number, select, date, checkbox, url, multi_select, email, phone, ...; the properties are
    /// created when missing). `false` when there is no such space.
    pub fn add_objects(&self, space_id: &str, count: usize, properties: usize) -> bool {
        self.state
            .add_generated_objects(space_id, count, properties)
    }

    /// Whether the file `file_id` is stored (`Some`), and whether it is in the bin.
    pub fn file_state(&self, file_id: &str) -> Option<bool> {
        self.state.file_state(file_id)
    }

    /// How many uploaded files are stored.
    pub fn file_count(&self) -> usize {
        self.state.file_count()
    }

    /// Stop serving now; open connections are dropped.
    pub fn shutdown(self) {}
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.task.abort();
    }
}
