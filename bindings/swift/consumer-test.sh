#!/usr/bin/env bash
# consumer-test.sh - test the Swift release bundle the way a consumer uses it.
#
# Usage: bindings/swift/consumer-test.sh [LIB_DIR [SANDBOX_BIN]]   (test.sh runs it last)
#   LIB_DIR      the library to bundle: libanytype_ffi + uniffi-bindgen (default <target>/release;
#                the test needs no test hooks, so the `dist` library works too)
#   SANDBOX_BIN  the sandbox server (default <target>/release/anytype-sandbox)
# Steps, in <target>/swift-consumer-test/ (kept between runs, so SwiftPM builds incrementally):
#   1. bundle.sh LIB_DIR -> anytype-swift/ (strips the library, checks its UniFFI metadata);
#   2. checks that consumer-test/Package.swift is the README's block (between the `consumer:begin`
#      and `consumer:end` markers) and copies consumer-test/ to MyApp/, beside the bundle, as the
#      README ("The release bundle") says;
#   3. `swift build` in consumer/, with nothing else: no -L, no LD_LIBRARY_PATH, no Rust (in the
#      trixie chroot there is no cargo); the build must print no warnings and must not write
#      into the bundle;
#   4. starts a sandbox server on the host and runs the consumer against it; it must say
#      "consumer ok", and must load libanytype_ffi from the bundle's lib/.

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$HERE/../.." && pwd -P)"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
LIB_DIR="${1:-$TARGET_DIR/release}"
SANDBOX_BIN="${2:-$TARGET_DIR/release/anytype-sandbox}"

say() { printf '[consumer-test] %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

[ -x "$SANDBOX_BIN" ] || die "no sandbox binary at $SANDBOX_BIN (cargo build-sdk)"
mkdir -p "$TARGET_DIR/swift-consumer-test"
DIR="$(cd "$TARGET_DIR/swift-consumer-test" && pwd -P)"

# 1. The bundle.
ANYTYPE_LIB_DIR="$LIB_DIR" "$HERE/bundle.sh" "$DIR/anytype-swift"

# 2. The consumer package: the README's Package.swift (cp -p keeps the mtimes, so unchanged
# sources are not recompiled).
readme_block="$(awk '/^<!-- consumer:end -->/ { on = 0 } on && !/^```/ { print } /^<!-- consumer:begin -->/ { on = 1 }' "$HERE/README.md")"
[ -n "$readme_block" ] || die "README.md has no consumer:begin/consumer:end block"
if [ "$readme_block" != "$(cat "$HERE/consumer-test/Package.swift")" ]; then
    diff <(printf '%s\n' "$readme_block") "$HERE/consumer-test/Package.swift" >&2 || true
    die "consumer-test/Package.swift differs from the README's block (above: README <, file >)"
fi
APP="$DIR/MyApp"
rm -rf "$APP/Sources"
mkdir -p "$APP"
cp -pR "$HERE/consumer-test/Package.swift" "$HERE/consumer-test/Sources" "$APP/"

# Outside the checkout, the chroot needs to see the directory.
case "$DIR/" in
    "$REPO"/*) ;;
    *) export ANYTYPE_SWIFT_BINDS="${ANYTYPE_SWIFT_BINDS:+$ANYTYPE_SWIFT_BINDS:}$DIR" ;;
esac

# The README says SwiftPM never writes into the bundle: its file list must not change.
bundle_files() { (cd "$DIR/anytype-swift" && find . | sort); }
before="$(bundle_files)"

# 3. Build it. Warnings in the consumer's own build or the bundle's fail the test.
log="$(mktemp "${TMPDIR:-/tmp}/anytype-consumer.XXXXXX")"
sandbox_pid=""
cleanup() {
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
    rm -f "$log" "$log.sandbox"
}
trap cleanup EXIT
say "swift build (the consumer package, against the bundle)"
"$REPO/scripts/swift-env.sh" run "$APP" -- env -u LD_LIBRARY_PATH swift build 2>&1 | tee "$log" ||
    die "the consumer does not build"
if grep -q 'warning:' "$log"; then
    grep 'warning:' "$log" >&2
    die "the consumer's build printed warnings"
fi

[ "$(bundle_files)" = "$before" ] || die "building the consumer wrote into the bundle"

# 4. Run it against a sandbox on the host (the chroot shares the host's network).
"$SANDBOX_BIN" --port 0 --auth-code 1234 >"$log.sandbox" 2>&1 </dev/null &
sandbox_pid=$!
url=""
for _ in $(seq 1 100); do
    url="$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$log.sandbox" | head -n 1)"
    [ -n "$url" ] && break
    kill -0 "$sandbox_pid" 2>/dev/null || die "the sandbox exited: $(cat "$log.sandbox")"
    sleep 0.1
done
[ -n "$url" ] || die "the sandbox did not say where it listens: $(cat "$log.sandbox")"
say "running the consumer against $url"
"$REPO/scripts/swift-env.sh" run "$APP" -- env -u LD_LIBRARY_PATH sh -c \
    'ldd .build/debug/MyApp | grep libanytype_ffi && exec .build/debug/MyApp "$0" 1234' "$url" \
    2>&1 | tee "$log" || die "the consumer failed"
grep -q "=> $DIR/anytype-swift/lib/libanytype_ffi" "$log" ||
    die "the consumer did not load libanytype_ffi from the bundle's lib/"
grep -q '^consumer ok: From the bundle' "$log" || die "the consumer did not report success"
say "ok"
