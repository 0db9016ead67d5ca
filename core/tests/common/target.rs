//! Where a scenario test runs: an in-process sandbox (the default), or a real Anytype server.
//!
//! The scenario tests (`core/tests/scenarios.rs`) are written once against [`Target`] and run
//! against either:
//!
//! * the **sandbox** (default, `ANYTYPE_TARGET` unset or `sandbox`): a fresh in-process
//!   `anytype_sandbox::Sandbox` per test, whose challenges accept the fixed code [`super::CODE`];
//! * a **real server** (`ANYTYPE_TARGET=live`), taken from the environment:
//!   `ANYTYPE_LIVE_URL` (e.g. `http://127.0.0.1:31009` for the desktop app, `:31012` for
//!   `anytype-cli`), `ANYTYPE_LIVE_KEY` (an API key for it) and, optionally, `ANYTYPE_LIVE_CODES`:
//!   a file to which one line `CODE APP_NAME` is appended per challenge (the headless server's
//!   helper writes it). Without a codes file the challenge-flow scenarios report themselves
//!   skipped: nobody can type the code in CI.
//!
//! Safe on a user's data: on a real server the scenarios write only inside one space of their
//! own, [`TEST_SPACE`], found by name (or created once) and reused on every run, since the API
//! cannot delete spaces. Writes are paced on the client (`limit_writes`), so a run stays under
//! the server's write limit. To add the operations of a new resource, write its scenarios
//! against [`Target::client`] and [`Target::test_space`], and assert only on what the test made.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anytype_core::{AnytypeClient, Auth, ClientConfig, CreateSpaceRequest, RetryPolicy, Space};
use anytype_sandbox::{Sandbox, SandboxConfig};
use tokio::sync::OnceCell;

/// The one space the live tier writes in, reused across runs.
pub const TEST_SPACE: &str = "anytype-sdk live tests";

/// The description the live tier gives [`TEST_SPACE`] when it creates it.
pub const TEST_SPACE_DESCRIPTION: &str =
    "Made by the anytype-sdk live tests (scripts/live.sh). They write only inside this space \
     and reuse it on every run.";

/// The id of [`TEST_SPACE`] on the live server, found or created once per test process.
static LIVE_TEST_SPACE: OnceCell<String> = OnceCell::const_new();

/// Which server a [`Target`] talks to.
pub enum Server {
    /// An in-process sandbox, one per test.
    Sandbox(Sandbox),
    /// A real server from the environment.
    Live,
}

/// A server to run a scenario against, with what the scenario needs to authenticate.
pub struct Target {
    server: Server,
    url: String,
    key: String,
    codes: Option<PathBuf>,
}

/// A challenge and the 4-digit code that answers it.
#[derive(Debug, Clone)]
pub struct Challenge {
    /// The challenge id.
    pub id: String,
    /// The code the app would show.
    pub code: String,
    /// The (unique) app name the challenge was made for.
    pub app_name: String,
}

impl Target {
    /// The target `ANYTYPE_TARGET` names: `sandbox` (default) or `live`.
    pub async fn from_env() -> Target {
        match std::env::var("ANYTYPE_TARGET").as_deref() {
            Err(_) | Ok("") | Ok("sandbox") => Target::sandbox().await,
            Ok("live") => Target::live(),
            Ok(other) => panic!("ANYTYPE_TARGET={other:?}: expected `sandbox` or `live`"),
        }
    }

    /// A fresh sandbox with the fixed code, its write limit on (as on a real server).
    pub async fn sandbox() -> Target {
        let sandbox = Sandbox::start(SandboxConfig {
            auth_code: Some(super::CODE.into()),
            ..SandboxConfig::default()
        })
        .await
        .expect("sandbox starts");
        Target {
            url: sandbox.url(),
            key: sandbox.issue_key(),
            codes: None,
            server: Server::Sandbox(sandbox),
        }
    }

    /// The real server of `ANYTYPE_LIVE_URL`, `ANYTYPE_LIVE_KEY` and `ANYTYPE_LIVE_CODES`.
    pub fn live() -> Target {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let url = var("ANYTYPE_LIVE_URL")
            .expect("ANYTYPE_TARGET=live needs ANYTYPE_LIVE_URL (e.g. http://127.0.0.1:31009)");
        let key = var("ANYTYPE_LIVE_KEY").expect("ANYTYPE_TARGET=live needs ANYTYPE_LIVE_KEY");
        Target {
            server: Server::Live,
            url: url.trim().to_owned(),
            key: key.trim().to_owned(),
            codes: var("ANYTYPE_LIVE_CODES").map(PathBuf::from),
        }
    }

    /// Whether this is a real server.
    pub fn is_live(&self) -> bool {
        matches!(self.server, Server::Live)
    }

    /// `sandbox` or `live`, for messages.
    pub fn name(&self) -> &'static str {
        if self.is_live() {
            "live"
        } else {
            "sandbox"
        }
    }

    /// The sandbox, when this is one (for assertions only the sandbox can make).
    pub fn sandbox_server(&self) -> Option<&Sandbox> {
        match &self.server {
            Server::Sandbox(sandbox) => Some(sandbox),
            Server::Live => None,
        }
    }

    /// The base URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A client configuration for this target: writes paced on the client, short retry waits
    /// against the sandbox and the defaults against a real server.
    pub fn config(&self) -> ClientConfig {
        let retry = if self.is_live() {
            RetryPolicy::default()
        } else {
            RetryPolicy {
                initial_backoff: Duration::from_millis(10),
                max_backoff: Duration::from_millis(50),
                ..RetryPolicy::default()
            }
        };
        ClientConfig {
            base_url: self.url.clone(),
            limit_writes: true,
            retry,
            ..ClientConfig::default()
        }
    }

    /// A client with the target's API key.
    pub fn client(&self) -> AnytypeClient {
        AnytypeClient::new(&self.key, self.config()).expect("client")
    }

    /// A client with another key.
    pub fn client_with_key(&self, key: &str) -> AnytypeClient {
        AnytypeClient::new(key, self.config()).expect("client")
    }

    /// The authentication endpoints.
    pub fn auth(&self) -> Auth {
        Auth::new(self.config()).expect("auth")
    }

    /// Whether this target can answer a challenge (the sandbox always; live with a codes file).
    pub fn can_answer_challenges(&self) -> bool {
        !self.is_live() || self.codes.as_ref().is_some_and(|p| p.exists())
    }

    /// Say that `test` does not run against this target, and why. Returns `true` when skipped.
    pub fn skip_unless(&self, condition: bool, test: &str, why: &str) -> bool {
        if !condition {
            println!("{test}: skipped on the {} target: {why}", self.name());
        }
        !condition
    }

    /// An app name no other challenge used: `anytype-sdk-test-<label>-<pid>-<n>-<time>`.
    pub fn app_name(&self, label: &str) -> String {
        static N: AtomicU32 = AtomicU32::new(0);
        let millis = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        format!(
            "anytype-sdk-test-{label}-{}-{}-{millis}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        )
    }

    /// Create a challenge for a new app name and find its code: the fixed code on the sandbox,
    /// the new line of the codes file on a real server. `None` when this target can't answer
    /// challenges (then the caller skips).
    pub async fn challenge(&self, auth: &Auth, label: &str) -> Option<Challenge> {
        if !self.can_answer_challenges() {
            return None;
        }
        let app_name = self.app_name(label);
        let codes = if self.is_live() {
            self.codes.clone()
        } else {
            None
        };
        let since = codes
            .as_ref()
            .map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
            .unwrap_or(0);
        let id = auth
            .create_challenge(&app_name)
            .await
            .expect("create a challenge");
        let code = match codes {
            None => super::CODE.to_owned(),
            Some(path) => wait_for_code(&path, since, &app_name).await,
        };
        Some(Challenge { id, code, app_name })
    }

    /// [`TEST_SPACE`]: found by name among every space, or created. On a real server this
    /// happens once per process and the space is reused across runs; on the sandbox (fresh per
    /// test) it is created each time.
    pub async fn test_space(&self) -> Space {
        let client = self.client();
        let id = if self.is_live() {
            LIVE_TEST_SPACE
                .get_or_init(|| async { find_or_create_test_space(&client).await.id })
                .await
                .clone()
        } else {
            find_or_create_test_space(&client).await.id
        };
        client.spaces().get(&id).await.expect("get the test space")
    }
}

/// Find [`TEST_SPACE`] among every space, or create it.
pub async fn find_or_create_test_space(client: &AnytypeClient) -> Space {
    let spaces = client.spaces();
    let all = spaces.list_all(1000).await.expect("list every space");
    if let Some(space) = all.into_iter().find(|s| s.name == TEST_SPACE) {
        return space;
    }
    spaces
        .create(&CreateSpaceRequest {
            name: TEST_SPACE.into(),
            description: Some(TEST_SPACE_DESCRIPTION.into()),
        })
        .await
        .expect("create the test space")
}

/// Wait (up to 15 s) for a line `CODE APP_NAME` ending in `app_name`, written after byte `since`.
async fn wait_for_code(path: &PathBuf, since: u64, app_name: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let text = std::fs::read(path).unwrap_or_default();
        let start = usize::try_from(since).unwrap_or(0).min(text.len());
        let fresh = String::from_utf8_lossy(&text[start..]);
        let found = fresh.lines().find_map(|line| {
            let (code, name) = line.trim().split_once(' ')?;
            (name == app_name).then(|| code.to_owned())
        });
        if let Some(code) = found {
            return code;
        }
        assert!(
            Instant::now() < deadline,
            "no code for {app_name:?} appeared in {}",
            path.display()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
