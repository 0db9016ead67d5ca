#!/usr/bin/env bash
# Set up (Rust only) and run the demo of the whole flow against the in-process sandbox server.
#
#   scripts/demo.sh                                   sandbox (no Anytype app needed)
#   scripts/demo.sh --url http://127.0.0.1:31009      a real Anytype desktop app (31012: headless)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
scripts/setup.sh rust
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
exec cargo run --release -q -p anytype-core --example demo -- "$@"
