//! The whole flow, end to end: challenge → code → API key → client → list, create, update spaces.
//!
//! ```text
//! cargo run --release -p anytype-core --example demo                 # against an embedded sandbox
//! cargo run --release -p anytype-core --example demo -- --url http://127.0.0.1:31009
//! ```
//!
//! With `--url` it talks to a real Anytype app (desktop: 31009, headless: 31012) and asks for the
//! 4-digit code the app shows. Without it, it starts the in-memory sandbox server in-process and
//! uses the sandbox's code.

use std::io::{BufRead, Write};

use anytype_core::{
    AnytypeClient, Auth, ClientConfig, CreateSpaceRequest, Space, UpdateSpaceRequest,
};
use anytype_sandbox::{Sandbox, SandboxConfig};

const SANDBOX_CODE: &str = "1234";

fn show(space: &Space) -> String {
    let icon = match &space.icon {
        Some(anytype_core::Icon::Emoji { emoji }) => format!("{emoji} "),
        _ => String::new(),
    };
    format!(
        "{icon}{} ({}) {:?}",
        space.name,
        space.kind.as_str(),
        space.description
    )
}

#[tokio::main]
async fn main() {
    if let Err(error) = run().await {
        eprintln!("demo failed: {error}");
        std::process::exit(1);
    }
}

async fn run() -> anytype_core::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut url = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--url" => url = args.next(),
            "-h" | "--help" => {
                println!("usage: demo [--url http://127.0.0.1:31009]");
                return Ok(());
            }
            other => {
                return Err(anytype_core::Error::invalid(
                    "arguments",
                    format!("unknown argument {other:?} (try --help)"),
                ))
            }
        }
    }
    // Keep the sandbox alive for the whole demo.
    let (_sandbox, base_url) = match url {
        Some(url) => (None, url),
        None => {
            let sandbox = Sandbox::start(SandboxConfig {
                auth_code: Some(SANDBOX_CODE.into()),
                ..SandboxConfig::default()
            })
            .await
            .map_err(|e| anytype_core::Error::Network {
                url: "127.0.0.1:0".into(),
                detail: format!("could not start the sandbox: {e}"),
            })?;
            println!("sandbox server listening on {} (in-process)", sandbox.url());
            let url = sandbox.url();
            (Some(sandbox), url)
        }
    };
    let config = ClientConfig::with_base_url(&base_url);
    let auth = Auth::new(config.clone())?;

    let challenge = auth.create_challenge("anytype-sdk demo").await?;
    println!("1. challenge created: {challenge}");
    let code = if _sandbox.is_some() {
        println!("2. the sandbox's code is {SANDBOX_CODE}");
        SANDBOX_CODE.to_string()
    } else {
        print!("2. enter the 4-digit code the Anytype app shows: ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        let _ = std::io::stdin().lock().read_line(&mut line);
        line.trim().to_string()
    };
    let key = auth.create_api_key(&challenge, &code).await?;
    println!("3. API key: {}", key.redacted());

    let client = AnytypeClient::new(key.expose_secret(), config)?;
    let spaces = client.spaces();
    let page = spaces.list(0, 10).await?;
    println!(
        "4. spaces (first page: {} of {}, more: {}):",
        page.data.len(),
        page.pagination.total,
        page.pagination.has_more
    );
    for space in &page.data {
        println!("   - {}", show(space));
    }

    let created = spaces
        .create(&CreateSpaceRequest {
            name: "SDK demo".into(),
            description: Some("made by the anytype-sdk demo".into()),
        })
        .await?;
    println!("5. created: {} id={}", show(&created), created.id);
    let updated = spaces
        .update(
            &created.id,
            &UpdateSpaceRequest {
                name: Some("SDK demo (renamed)".into()),
                ..Default::default()
            },
        )
        .await?;
    println!("6. updated: {}", show(&updated));
    let all = spaces.list_all(100).await?;
    println!("7. all spaces now: {}", all.len());
    for space in &all {
        println!("   - {}", show(space));
    }
    Ok(())
}
