//! `anytype-sandbox`: run the in-memory Anytype API server.
//!
//! ```text
//! anytype-sandbox --port 0 --auth-code 1234
//! listening on http://127.0.0.1:40123
//! ```

use std::io::Write;
use std::net::{IpAddr, SocketAddr};

use anytype_sandbox::{FaultRule, Sandbox, SandboxConfig};
use clap::Parser;

/// An in-memory server that behaves like Anytype's local API (version 2025-11-08).
#[derive(Parser, Debug)]
#[command(name = "anytype-sandbox", version)]
struct Args {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 31009)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// The 4-digit code every challenge accepts. Without it each challenge gets a random code,
    /// printed on standard output.
    #[arg(long)]
    auth_code: Option<String>,
    /// Demo spaces to create at start.
    #[arg(long, default_value_t = 3)]
    demo_spaces: usize,
    /// Extra generated spaces to create at start (for paging and benchmarks).
    #[arg(long, default_value_t = 0)]
    spaces: usize,
    /// Turn off the write rate limit (burst 60, 1 per second), like ANYTYPE_API_DISABLE_RATE_LIMIT=1.
    #[arg(long)]
    no_rate_limit: bool,
    /// A fault rule as JSON (repeatable), e.g.
    /// '{"method":"GET","path":"/v1/spaces","fault":{"kind":"latency","ms":200}}'.
    #[arg(long = "fault", value_name = "JSON")]
    faults: Vec<String>,
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    if let Some(code) = &args.auth_code {
        if code.len() != 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
            eprintln!("error: --auth-code must be 4 digits");
            std::process::exit(2);
        }
    }
    let mut faults = Vec::new();
    for text in &args.faults {
        match serde_json::from_str::<FaultRule>(text) {
            Ok(rule) => faults.push(rule),
            Err(e) => {
                eprintln!("error: --fault {text:?} is not a fault rule: {e}");
                std::process::exit(2);
            }
        }
    }
    let disable_limit = std::env::var("ANYTYPE_API_DISABLE_RATE_LIMIT").is_ok_and(|v| v == "1");
    let config = SandboxConfig {
        print_codes: args.auth_code.is_none(),
        auth_code: args.auth_code,
        demo_spaces: args.demo_spaces,
        rate_limit: !(args.no_rate_limit || disable_limit),
        faults,
    };
    let sandbox = match Sandbox::bind(SocketAddr::new(args.host, args.port), config).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("error: can't listen on {}:{}: {e}", args.host, args.port);
            std::process::exit(1);
        }
    };
    if args.spaces > 0 {
        sandbox.add_spaces(args.spaces);
    }
    println!("listening on {}", sandbox.url());
    let _ = std::io::stdout().flush();
    let _ = tokio::signal::ctrl_c().await;
    sandbox.shutdown();
}
