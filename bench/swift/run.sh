#!/usr/bin/env bash
# bench/swift/run.sh - the Swift benchmarks: the Anytype SDK vs URLSession + JSONDecoder.
#
#   ANYTYPE_BENCH_KEY=KEY bench/swift/run.sh --url URL --space-id ID --out FILE
#       [--total 10000] [--runs 5] [--sequential 2000] [--concurrent 20000] [--in-flight 64]
#       [--page-size 1000] [--ffi-sync 500000] [--ffi-async 20000]
#       [--objects-space-id ID [--objects-total 10000] [--objects-properties 10]]
#       [--file-path PATH --file-mb N [--download-object-id ID]] [--messages N]
#
# Against a running sandbox (bench/run.sh starts one; `harness.py prepare` gives KEY and ID).
# Generates the bindings (bindings/swift/generate.sh: `cargo build-sdk` + uniffi-bindgen), builds
# this package with `swift build -c release` through scripts/swift-env.sh (native swift, or the
# Debian trixie chroot on Linux), then runs `anytype-swift-bench suite`, which measures each run of
# each implementation in a fresh child process and writes {"records": [...], "versions": {...},
# "notes": []} to FILE (the format `bench/harness.py report` reads). Progress goes to stderr.
#
# Environment: ANYTYPE_BENCH_KEY (required), ANYTYPE_LIB_DIR (a prebuilt libanytype_ffi
# directory, as for generate.sh), CARGO_TARGET_DIR, ANYTYPE_SWIFT_* (see scripts/swift-env.sh).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$HERE/../.." && pwd -P)"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

log() { printf '[swift-bench] %s\n' "$*" >&2; }
die() {
    log "error: $*"
    exit 1
}

url="" space_id="" out="" objects_space_id="" file_path="" download_object_id="" messages=""
counts=() # the numeric options, passed on unchanged
while [ $# -gt 0 ]; do
    case "$1" in
        --url) url=${2:?--url needs a value}; shift ;;
        --space-id) space_id=${2:?--space-id needs a value}; shift ;;
        --out) out=${2:?--out needs a file}; shift ;;
        --objects-space-id) objects_space_id=${2:?--objects-space-id needs a value}; shift ;;
        --file-path) [ $# -ge 2 ] || die "--file-path needs a value"; file_path=$2; shift ;; # empty: no file scenarios
        --download-object-id) download_object_id=${2:?--download-object-id needs a value}; shift ;;
        --messages) # 0: no chat_stream
            [[ "${2:-}" =~ ^[0-9]+$ ]] || die "--messages needs a number"
            messages=$2; shift ;;
        --total | --runs | --sequential | --concurrent | --in-flight | --page-size | --ffi-sync | --ffi-async | \
            --objects-total | --objects-properties | --file-mb)
            [[ "${2:-}" =~ ^[1-9][0-9]*$ ]] || die "$1 needs a positive number"
            counts+=("$1" "$2"); shift ;;
        -h | --help) sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown option: $1 (try --help)" ;;
    esac
    shift
done
[ -n "$url" ] && [ -n "$space_id" ] && [ -n "$out" ] || die "--url, --space-id and --out are required (try --help)"
[ -n "${ANYTYPE_BENCH_KEY:-}" ] || die "set ANYTYPE_BENCH_KEY to the API key"
mkdir -p "$(dirname "$out")"
out="$(cd "$(dirname "$out")" && pwd -P)/$(basename "$out")"
if [ -n "$file_path" ]; then
    [ -f "$file_path" ] || die "--file-path $file_path: no such file"
    file_path="$(cd "$(dirname "$file_path")" && pwd -P)/$(basename "$file_path")"
fi

# --- the library and the generated bindings (on the host) --------------------------------
"$REPO/bindings/swift/generate.sh"
LIB_DIR="${ANYTYPE_LIB_DIR:-${CARGO_TARGET_DIR:-$REPO/target}/release}"
LIB_DIR="$(cd "$LIB_DIR" && pwd -P)"

# As bindings/swift/test.sh: paths outside the checkout must be visible in the chroot. The
# host's CA certificates are lent too, as there (the chroot has none); the sandbox is http://,
# for which the core loads no system roots, so the benchmarks themselves don't need them.
binds=""
case "$LIB_DIR/" in "$REPO"/*) ;; *) binds="$LIB_DIR" ;; esac
# The file to upload, too (the root has its own /tmp): its directory, at the same path.
if [ -n "$file_path" ]; then
    case "$file_path" in "$REPO"/*) ;; *) binds="${binds:+$binds:}$(dirname "$file_path")" ;; esac
fi
swift_root="${ANYTYPE_SWIFT_ROOT:-/opt/anytype-sdk/swift-trixie}"
if ! command -v swift >/dev/null 2>&1 && [ "${ANYTYPE_SWIFT_MODE:-auto}" != native ] &&
    [ -d /etc/ssl/certs ] && ! [ -e "$swift_root/etc/ssl/certs/ca-certificates.crt" ]; then
    binds="${binds:+$binds:}/etc/ssl/certs"
fi
export ANYTYPE_SWIFT_BINDS="${ANYTYPE_SWIFT_BINDS:+$ANYTYPE_SWIFT_BINDS:}$binds"
export ANYTYPE_SWIFT_PASSENV="${ANYTYPE_SWIFT_PASSENV:+$ANYTYPE_SWIFT_PASSENV }ANYTYPE_BENCH_KEY"
swift_env() { "$REPO/scripts/swift-env.sh" run "$HERE" -- "$@"; }

# --- build (release) ----------------------------------------------------------------------
swift_version=$(swift_env swift --version 2>/dev/null | sed -n 's/.*Swift version \([0-9][0-9.]*\).*/\1/p' | head -1) ||
    true
log "swift build -c release (Swift ${swift_version:-?}; log: bench/swift/.build/bench-build.log)"
mkdir -p "$HERE/.build"
if ! swift_env swift build -c release -Xlinker -L"$LIB_DIR" -Xlinker -rpath -Xlinker "$LIB_DIR" \
    >"$HERE/.build/bench-build.log" 2>&1; then
    grep -E 'error:' "$HERE/.build/bench-build.log" >&2 || tail -n 30 "$HERE/.build/bench-build.log" >&2
    die "swift build failed (full log: bench/swift/.build/bench-build.log)"
fi

# --- the suite: one fresh child process per run of each implementation --------------------
rc=0
swift_env env LD_LIBRARY_PATH="$LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    .build/release/anytype-swift-bench suite --url "$url" --space-id "$space_id" \
    ${swift_version:+--swift-version "$swift_version"} ${objects_space_id:+--objects-space-id "$objects_space_id"} \
    ${file_path:+--file-path "$file_path"} ${download_object_id:+--download-object-id "$download_object_id"} \
    ${messages:+--messages "$messages"} \
    ${counts[@]+"${counts[@]}"} >"$out.partial" || rc=$?
if [ "$rc" != 0 ]; then
    rm -f "$out.partial"
    die "the Swift benchmarks failed (exit $rc); the reason is above"
fi
mv -f "$out.partial" "$out"
log "wrote $out"
