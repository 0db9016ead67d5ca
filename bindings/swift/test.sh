#!/usr/bin/env bash
# test.sh - build, generate and test the Swift package against the sandbox server.
#
# Usage: bindings/swift/test.sh [extra `swift test` arguments, e.g. --filter ErrorTests]
# Works from any directory. Steps:
#   1. on the host: ./generate.sh (cargo build --release -p anytype-ffi + uniffi-bindgen), and
#      cargo build --release -p anytype-sandbox (unless ANYTYPE_SANDBOX_BIN is set);
#   2. with Swift from scripts/swift-env.sh (native `swift` when on PATH, e.g. macOS with Xcode;
#      otherwise Swift 6.0.3 in a Debian trixie chroot), linking and loading libanytype_ffi from
#      the library directory:
#   3. swift build --build-tests with warnings as errors: fails on any warning in the package's
#      own build (see "Building and testing" in README.md);
#   4. swift test;
#   5. (without extra arguments) the library target in the Swift 6 language mode, warnings as
#      errors (scratch path .build/swift6);
#   6. (without extra arguments) consumer-test.sh: the release bundle (bundle.sh) and a SwiftPM
#      consumer of it, run against the sandbox (ANYTYPE_SWIFT_NO_CONSUMER=1 skips it).
#
# Environment:
#   ANYTYPE_LIB_DIR      prebuilt libanytype_ffi directory (skips the cargo build of the library)
#   ANYTYPE_SANDBOX_BIN  the sandbox binary (default <target>/release/anytype-sandbox)
#   CARGO_TARGET_DIR     cargo's target directory (default <repo>/target)
#   ANYTYPE_SWIFT_TEST_TIMEOUT  seconds before a hung `swift test` is killed (default 1200)
#   ANYTYPE_SWIFT_NO_CONSUMER=1  skip step 6
#   ANYTYPE_SWIFT_NO_HOST_CERTS=1  don't lend the host's /etc/ssl/certs to the chroot (see below)
#   ANYTYPE_SWIFT_MODE, ANYTYPE_SWIFT_ROOT, ...  see scripts/swift-env.sh

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$HERE/../.." && pwd -P)"
CARGO="${CARGO:-cargo}"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"

"$HERE/generate.sh"

LIB_DIR="${ANYTYPE_LIB_DIR:-$TARGET_DIR/release}"
LIB_DIR="$(cd "$LIB_DIR" && pwd -P)"

if [ -z "${ANYTYPE_SANDBOX_BIN:-}" ]; then
    printf '[test] cargo build-sdk (the library, the bindgen and the sandbox)\n' >&2
    (cd "$REPO" && "$CARGO" build-sdk -q)
    ANYTYPE_SANDBOX_BIN="$TARGET_DIR/release/anytype-sandbox"
fi
[ -x "$ANYTYPE_SANDBOX_BIN" ] || { echo "[test] error: no sandbox binary at $ANYTYPE_SANDBOX_BIN" >&2; exit 1; }
ANYTYPE_SANDBOX_BIN="$(cd "$(dirname "$ANYTYPE_SANDBOX_BIN")" && pwd -P)/$(basename "$ANYTYPE_SANDBOX_BIN")"

# Does scripts/swift-env.sh use a native swift (as it decides) or the trixie chroot?
native=0
case "${ANYTYPE_SWIFT_MODE:-auto}" in
    native) native=1 ;;
    auto) if command -v swift >/dev/null 2>&1; then native=1; fi ;;
esac

# Paths outside the checkout must be visible inside the chroot too.
binds=""
for dir in "$LIB_DIR" "$(dirname "$ANYTYPE_SANDBOX_BIN")"; do
    case "$dir/" in
        "$REPO"/*) ;;
        *) binds="${binds:+$binds:}$dir" ;;
    esac
done
# The chroot (debootstrap minbase) has no CA certificates. The suite doesn't need any: for an
# http:// base URL (the sandbox, the local app) the core loads no system roots. An https:// server
# would need them (the core verifies it against the system's roots), so lend it the host's.
# ANYTYPE_SWIFT_NO_HOST_CERTS=1 turns this off.
swift_root="${ANYTYPE_SWIFT_ROOT:-/opt/anytype-sdk/swift-trixie}"
if [ "$native" = 0 ] && [ "${ANYTYPE_SWIFT_NO_HOST_CERTS:-0}" != 1 ] && [ -d /etc/ssl/certs ] &&
    ! [ -e "$swift_root/etc/ssl/certs/ca-certificates.crt" ]; then
    binds="${binds:+$binds:}/etc/ssl/certs"
fi
export ANYTYPE_SWIFT_BINDS="${ANYTYPE_SWIFT_BINDS:+$ANYTYPE_SWIFT_BINDS:}$binds"

# The rpath lets the test binary find the library even without LD_LIBRARY_PATH (and on macOS,
# where DYLD_LIBRARY_PATH is stripped by SIP).
link=(-Xlinker -L"$LIB_DIR" -Xlinker -rpath -Xlinker "$LIB_DIR")
swift_env() { "$REPO/scripts/swift-env.sh" run "$@"; }

# 3. The package's own build (library and tests) must be free of warnings. -warnings-as-errors
# makes any Swift warning fail the build, also in later incremental runs (an incremental build
# reprints no warning for a file it doesn't recompile); the log check catches the others (SwiftPM,
# the linker). `swift test` below reuses this build: same flags.
swift_flags=(-Xswiftc -warnings-as-errors)
build_log="$(mktemp "${TMPDIR:-/tmp}/anytype-swift-build.XXXXXX")"
trap 'rm -f "$build_log"' EXIT
printf '[test] swift build --build-tests (warnings are errors)\n' >&2
if ! swift_env "$HERE" -- swift build --build-tests "${swift_flags[@]}" "${link[@]}" 2>&1 | tee "$build_log"; then
    echo "[test] error: the package does not build without warnings (see above)" >&2
    exit 1
fi
if grep -q 'warning:' "$build_log"; then
    echo "[test] error: the package's build printed warnings:" >&2
    grep 'warning:' "$build_log" >&2
    exit 1
fi

# 4. The tests.
# `timeout` (not in --foreground mode) signals the whole process group, so a hung run also takes
# the test process and its sandbox servers with it. (The chroot has it; macOS has none by default.)
guard=(timeout -k 10 "${ANYTYPE_SWIFT_TEST_TIMEOUT:-1200}")
if [ "$native" = 1 ] && ! command -v timeout >/dev/null 2>&1; then
    guard=()
fi
swift_env "$HERE" -- ${guard[@]+"${guard[@]}"} env \
    LD_LIBRARY_PATH="$LIB_DIR${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    ANYTYPE_SANDBOX_BIN="$ANYTYPE_SANDBOX_BIN" \
    swift test "${swift_flags[@]}" "${link[@]}" "$@"

# Steps 5 and 6 run only without extra `swift test` arguments (such as --filter).
if [ $# -gt 0 ]; then
    exit 0
fi

# 5. The library target in the Swift 6 language mode (the manifest says Swift 5; apps in Swift 6
# mode use the same sources): no errors, no warnings. Its own scratch path, so it builds
# incrementally and leaves the main build alone.
printf '[test] swift build --target Anytype in the Swift 6 language mode (warnings are errors)\n' >&2
if ! swift_env "$HERE" -- swift build --target Anytype --scratch-path "$HERE/.build/swift6" \
    -Xswiftc -swift-version -Xswiftc 6 "${swift_flags[@]}" 2>&1 | tee "$build_log"; then
    echo "[test] error: the library does not build cleanly in the Swift 6 language mode" >&2
    exit 1
fi
if grep -q 'warning:' "$build_log"; then
    echo "[test] error: the Swift 6 mode build printed warnings:" >&2
    grep 'warning:' "$build_log" >&2
    exit 1
fi

# 6. The release bundle and a consumer of it (ANYTYPE_SWIFT_NO_CONSUMER=1 skips it): bundle.sh
# from the same library, consumer-test/ copied next to it, built by `swift build` alone (no -L,
# no LD_LIBRARY_PATH: the bundle's Package.swift must supply the library), and run against a
# sandbox on the host.
if [ "${ANYTYPE_SWIFT_NO_CONSUMER:-0}" = 1 ]; then
    exit 0
fi
"$HERE/consumer-test.sh" "$LIB_DIR" "$ANYTYPE_SANDBOX_BIN"
