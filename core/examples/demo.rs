//! The whole flow, end to end: challenge → code → API key → client → list, create, update spaces,
//! then a typed object: a task with a due date and two tags, read back with its properties.
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

use std::time::{Duration, SystemTime};

use anytype_core::{
    AnytypeClient, Auth, ClientConfig, Color, CreateObjectRequest, CreatePropertyRequest,
    CreateSpaceRequest, CreateTagRequest, CreateTypeRequest, Filter, Layout, Object,
    PropertyFormat, PropertyInput, PropertyLink, SearchRequest, Sort, SortProperty, Space,
    UpdateObjectRequest, UpdateSpaceRequest, Value,
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
    typed_object(&client, &created.id).await
}

/// A task with a due date, two tags and a markdown body, in a space that (like a fresh
/// headless account) may lack the task type and the due-date property.
async fn typed_object(client: &AnytypeClient, space_id: &str) -> anytype_core::Result<()> {
    let properties = client.properties(space_id);
    if !properties
        .list_all(1000)
        .await?
        .iter()
        .any(|p| p.key == "due_date")
    {
        properties
            .create(&CreatePropertyRequest {
                key: Some("due_date".into()),
                ..CreatePropertyRequest::new("Due date", PropertyFormat::Date)
            })
            .await?;
        println!("8. created the property due_date");
    }
    let types = client.types(space_id);
    if !types.list_all(1000).await?.iter().any(|t| t.key == "task") {
        types
            .create(&CreateTypeRequest {
                key: Some("task".into()),
                properties: vec![PropertyLink::new(
                    "due_date",
                    "Due date",
                    PropertyFormat::Date,
                )],
                ..CreateTypeRequest::new("Task", "Tasks", Layout::Action)
            })
            .await?;
        println!("9. created the type task");
    }
    let tag_property = properties
        .list_all(1000)
        .await?
        .into_iter()
        .find(|p| p.key == "tag")
        .ok_or_else(|| anytype_core::Error::invalid("space", "has no tag property"))?;
    let tags = client.tags(space_id, &tag_property.id);
    let work = tags
        .create(&CreateTagRequest::new("work", Color::Blue))
        .await?;
    let urgent = tags
        .create(&CreateTagRequest::new("urgent", Color::Red))
        .await?;

    let objects = client.objects(space_id);
    let due = SystemTime::now() + Duration::from_secs(3 * 86_400);
    let task = objects
        .create(&CreateObjectRequest {
            name: Some("Write the report".into()),
            body: Some("# Outline\n\n- intro\n- results\n".into()),
            properties: vec![
                PropertyInput::Date {
                    key: "due_date".into(),
                    date: due,
                },
                PropertyInput::MultiSelect {
                    key: "tag".into(),
                    tags: vec![work.key, urgent.key],
                },
            ],
            ..CreateObjectRequest::new("task")
        })
        .await?;
    let task = objects.get(&task.id).await?;
    println!("10. created the task {:?} ({}):", task.name, task.id);
    show_properties(&task);
    // Open tasks due within a week, tagged urgent, newest first (a real server indexes a new
    // object within a moment: ask again for a few seconds).
    let week = SystemTime::now() + Duration::from_secs(7 * 86_400);
    let request = SearchRequest {
        types: vec!["task".into()],
        filter: Some(
            Filter::checkbox("done").eq(false)
                & Filter::date("due_date").lt(week)
                & Filter::multi_select("tag").any_of([&urgent.id]),
        ),
        sort: Some(Sort::desc(SortProperty::CreatedDate)),
        ..SearchRequest::default()
    };
    let mut found = objects.search_all(&request, 100).await?;
    for _ in 0..10 {
        if found.iter().any(|o| o.id == task.id) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        found = objects.search_all(&request, 100).await?;
    }
    let names: Vec<&str> = found.iter().map(|o| o.name.as_str()).collect();
    println!("    search: open tasks due within a week tagged urgent, newest first: {names:?}");
    let cleared = objects
        .update(
            &task.id,
            &UpdateObjectRequest {
                properties: Some(vec![PropertyInput::Clear {
                    key: "tag".into(),
                    format: PropertyFormat::MultiSelect,
                }]),
                ..Default::default()
            },
        )
        .await?;
    println!("11. cleared its tags: {:?}", cleared.tags("tag"));
    objects.delete(&task.id).await?;
    println!("12. archived it: {}", objects.get(&task.id).await?.archived);
    Ok(())
}

fn show_properties(object: &Object) {
    for property in &object.properties {
        let value = match &property.value {
            Value::Text { text } if text.is_empty() => continue,
            Value::Text { text } => format!("{text:?}"),
            Value::Date { date: Some(date) } => {
                anytype_core::values::format_date(*date).unwrap_or_default()
            }
            Value::MultiSelect { tags } if !tags.is_empty() => tags
                .iter()
                .map(|t| t.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            Value::Select { tag: Some(tag) } => tag.name.clone(),
            Value::Checkbox { checked } => checked.to_string(),
            Value::Number { number: Some(n) } => n.to_string(),
            Value::Objects { objects } if !objects.is_empty() => {
                format!("{} linked", objects.len())
            }
            _ => continue,
        };
        println!("    {} ({}): {value}", property.name, property.format);
    }
}
