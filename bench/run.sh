#!/usr/bin/env bash
# Benchmark the SDK against plain HTTP clients and the sandbox's own ceiling. See bench/README.md.
#
#   bench/run.sh            full run: 5 runs of each measurement -> bench/results/latest.{json,md}
#   bench/run.sh --tiny     smoke run for CI: 1 run, small counts  -> bench/results/tiny.{json,md}
#   bench/run.sh --runs 3   full counts, 3 runs
#   bench/run.sh --languages rust,python   only these (default: rust,python,kotlin,swift)
#
# It builds what it needs (release profile), starts ONE sandbox server, mints one API key, and
# every benchmark (wrk ceiling, Rust, Python, Kotlin, Swift) talks to that sandbox. Prints the Markdown table.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
VENV=${ANYTYPE_VENV:-$ROOT/.venv}
PY="$VENV/bin/python"
export CARGO_TERM_COLOR=never

tiny=0
runs=""
languages="rust,python,kotlin,swift"
while [ $# -gt 0 ]; do
  case "$1" in
    --tiny) tiny=1 ;;
    --runs) runs=${2:?--runs needs a number}; shift ;;
    --languages) languages=${2:?--languages needs a list}; shift ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ "$tiny" = 1 ]; then
  kind=tiny; runs=${runs:-1}
  # 2,000 spaces: 1,000 with an emoji icon (the sandbox's demo spaces) + 1,000 without -> 2 pages.
  demo_spaces=1000; gen_spaces=1000
  # The objects listing: a space of 1,000 generated objects with 10 property values each -> 1 page.
  objects=1000
  sequential=50; concurrent=500; ffi_sync=20000; ffi_async=500
  # Files and the chat stream: a 20 MiB upload and download, a stream of 1,000 messages.
  file_mb=20; messages=1000
  wrk_duration=1; wrk_seq_duration=1
else
  kind=latest; runs=${runs:-5}
  # 10,000 spaces: 5,000 with an emoji icon + 5,000 without -> 10 pages of 1,000.
  demo_spaces=5000; gen_spaces=5000
  # The objects listing: a space of 10,000 generated objects with 10 property values each -> 10 pages.
  objects=10000
  sequential=2000; concurrent=20000; ffi_sync=500000; ffi_async=20000
  # Files and the chat stream: a 200 MiB upload and download, a stream of 10,000 messages.
  file_mb=200; messages=10000
  wrk_duration=5; wrk_seq_duration=3
fi
total=$((demo_spaces + gen_spaces))
object_properties=10
in_flight=64
page_size=1000
out_dir="$ROOT/bench/results"
mkdir -p "$out_dir"
started=$(date +%s)
git_commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
git_dirty=false
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || git_dirty=true
log() { printf '[bench] %s\n' "$*" >&2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/anytype-bench.XXXXXX")
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ] && kill -0 "$sandbox_pid" 2>/dev/null; then
    kill "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# --- set-up: toolchains, the release build, the Python package, wrk -------------------------
wants() { case ",$languages," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
for language in ${languages//,/ }; do
  case "$language" in rust|python|kotlin|swift) ;; *) echo "unknown language: $language" >&2; exit 2 ;; esac
done

log "set-up ($kind run, $runs run(s) of each measurement; $languages)"
# Python runs the harness whatever the languages; Kotlin needs the JDK and Maven, Swift its toolchain.
parts="rust python"
wants kotlin && parts="$parts kotlin"
wants swift && parts="$parts swift"
scripts/setup.sh $parts
# The SDK's one build (the same package set as every other script, so the cdylib is never rebuilt
# for a different feature set), then the bench binary on its own.
cargo build-sdk -q
cargo build --release -q -p anytype-bench

# The Python package with the cargo feature `test-hooks` (the FFI benchmarks call its noop()/
# noop_async(); a plain `pip install ./bindings/python` has none). Reinstalled when it is missing,
# lacks the hooks, or is older than anything it is built from (the exports live in core/src).
installed_so=$("$PY" -c 'import os, anytype._ffi as f, anytype._ffi.anytype_ffi as g; assert hasattr(g, "noop"); print(os.path.join(os.path.dirname(f.__file__), "libanytype_ffi.so"))' 2>/dev/null || true)
if [ -z "$installed_so" ] || [ ! -f "$installed_so" ] ||
  [ -n "$(find core/src core/Cargo.toml bindings/src bindings/Cargo.toml bindings/python/python bindings/python/pyproject.toml \
    uniffi.toml Cargo.lock -newer "$installed_so" -print -quit 2>/dev/null)" ]; then
  log "installing the Python package with its test hooks (missing, without the hooks, or older than the sources)"
  MATURIN_PEP517_ARGS="--features test-hooks" "$VENV/bin/pip" install -q --force-reinstall --no-deps ./bindings/python
fi

if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (for the ceiling)"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null 2>&1 ||
      { $sudo apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null 2>&1; } ||
      log "could not install wrk: the results will have no ceiling"
  else
    log "no apt-get: install wrk by hand for the ceiling; going on without it"
  fi
fi

# --- the one sandbox ---------------------------------------------------------------------
# One generated space fewer: `prepare` creates the objects space, which makes the total again.
target/release/anytype-sandbox --port 0 --auth-code 1234 --no-rate-limit \
  --demo-spaces "$demo_spaces" --spaces "$((gen_spaces - 1))" >"$work/sandbox.out" 2>"$work/sandbox.err" &
sandbox_pid=$!
url=""
for _ in $(seq 100); do
  url=$(sed -n 's/^listening on \(http[^ ]*\).*/\1/p' "$work/sandbox.out" | head -1)
  [ -n "$url" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.err" >&2; log "the sandbox did not start"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { log "the sandbox printed no address"; exit 1; }
# A fresh space filled with $objects generated objects ($object_properties property values each,
# plus the server's system properties and each object's full type) for list_all_objects.
read -r key space_id objects_space_id < <("$PY" bench/harness.py prepare --url "$url" --total "$total" \
  --objects "$objects" --object-properties "$object_properties")
[ -n "${space_id:-}" ] || { log "could not mint a key"; exit 1; }
[ -n "${objects_space_id:-}" ] || { log "could not fill the objects space"; exit 1; }
export ANYTYPE_BENCH_KEY="$key"
# A file of random bytes for upload_file, uploaded once into the benchmarks' space for download_file.
read -r file_path download_id < <("$PY" bench/harness.py prepare-files --url "$url" --key "$key" \
  --space-id "$space_id" --file-mb "$file_mb" --dir "$work")
[ -n "${download_id:-}" ] || { log "could not upload the download benchmarks' file"; exit 1; }
log "sandbox $url (pid $sandbox_pid), $total spaces; benchmarks get space ${space_id:0:16}…; $objects objects in ${objects_space_id:0:16}…"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the ceiling, then each language -----------------------------------------------------
log "ceiling: wrk on GET /v1/spaces/{id}"
"$PY" bench/harness.py ceiling --url "$url" --space-id "$space_id" --runs "$runs" \
  --duration "$wrk_duration" --sequential-duration "$wrk_seq_duration" \
  --threads 2 --connections "$in_flight" --out "$work/ceiling.json"

records=("$work/ceiling.json")
common=(--url "$url" --space-id "$space_id" --total "$total" --runs "$runs" --sequential "$sequential"
  --concurrent "$concurrent" --in-flight "$in_flight" --page-size "$page_size"
  --objects-space-id "$objects_space_id" --objects-total "$objects" --objects-properties "$object_properties"
  --file-path "$file_path" --file-mb "$file_mb" --download-object-id "$download_id" --messages "$messages")
ffi=(--ffi-sync "$ffi_sync" --ffi-async "$ffi_async")

if wants rust; then
  log "rust: anytype-core vs reqwest + serde"
  target/release/anytype-bench suite "${common[@]}" >"$work/rust.json"
  records+=("$work/rust.json")
fi
if wants python; then
  log "python: anytype vs httpx, urllib3, aiohttp"
  "$PY" bench/python/bench.py suite "${common[@]}" "${ffi[@]}" >"$work/python.json"
  records+=("$work/python.json")
fi
if wants kotlin; then
  log "kotlin: anytype-sdk vs java.net.http"
  bench/kotlin/run.sh "${common[@]}" "${ffi[@]}" --out "$work/kotlin.json"
  records+=("$work/kotlin.json")
fi
if wants swift; then
  log "swift: Anytype vs URLSession"
  bench/swift/run.sh "${common[@]}" "${ffi[@]}" --out "$work/swift.json"
  records+=("$work/swift.json")
fi

elapsed=$(($(date +%s) - started))
"$PY" bench/harness.py report --out-json "$out_dir/$kind.json" --out-md "$out_dir/$kind.md" \
  --meta kind="$kind" --meta python="$("$PY" -c 'import platform; print(platform.python_version())')" \
  --meta runs="$runs" --meta sequential="$sequential" --meta concurrent="$concurrent" \
  --meta in_flight="$in_flight" --meta page_size="$page_size" --meta total_spaces="$total" \
  --meta spaces_with_icon="$demo_spaces" --meta objects="$objects" --meta object_properties="$object_properties" --meta ffi_sync_calls="$ffi_sync" --meta ffi_async_calls="$ffi_async" \
  --meta file_mb="$file_mb" --meta stream_messages="$messages" \
  --meta loadavg_start="$load_start" --meta wall_seconds="$elapsed" \
  --meta git_commit="$git_commit" --meta git_dirty="$git_dirty" \
  "${records[@]}"
log "wrote bench/results/$kind.json and bench/results/$kind.md in ${elapsed}s"
