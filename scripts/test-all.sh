#!/usr/bin/env bash
# Run every test suite: Rust (core + sandbox + bindings), Python, Kotlin, Swift, and a tiny
# benchmark run that keeps bench/ working (it never fails for being slow).
#
#   scripts/test-all.sh                 set up what's missing, build once, run all suites
#   scripts/test-all.sh rust python     only these suites
#
# Every suite runs even when an earlier one fails; the exit code is non-zero if any failed.
# `live` (scripts/live.sh) runs the SDK against a real server when one is configured
# (ANYTYPE_LIVE_URL/ANYTYPE_LIVE_KEY, or ANYTYPE_LIVE_START; in CI, ../shared/anytype-server/start.sh)
# and is otherwise reported as skipped, not failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
VENV=${ANYTYPE_VENV:-$ROOT/.venv}
export CARGO_TERM_COLOR=never

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(rust python kotlin swift live package bench)
declare -A result
T0=$SECONDS
step() { printf '\n==== %s ==== (%s, %d s in)\n' "$*" "$(date -u +%H:%M:%S)" $((SECONDS - T0)); }
has_suite() { local s; for s in "${suites[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

step "set-up"
setup_parts=(rust)
for s in "${suites[@]}"; do
  case "$s" in rust | package) ;; bench | live) setup_parts+=(python) ;; *) setup_parts+=("$s") ;; esac
done
scripts/setup.sh "${setup_parts[@]}" || { echo "set-up failed"; exit 1; }

step "build: the cdylib, the bindgen and the sandbox (release)"
cargo build-sdk || { echo "build failed"; exit 1; }

# The prebuilt Linux packages (scripts/package.sh: manylinux wheels for x86-64 and aarch64 with
# zig) share nothing with the build above (another linker and target), so they build in the
# background at the lowest CPU priority while the other suites run, in their own target directory
# (no wait on Cargo's lock), and the `package` suite tests them once the build is done.
PKG_TARGET=$ROOT/target/package-build
PKG_LOG=$PKG_TARGET/build.log
PKG_PLATFORMS=linux-x86_64,linux-aarch64
pkg_pid=""
if has_suite package; then
  mkdir -p "$PKG_TARGET"
  echo "package: building the $PKG_PLATFORMS wheels in the background (log: $PKG_LOG)"
  # Without the core's Rust tests for aarch64 under qemu (PKG_RUST_TESTS=0: building them for
  # aarch64 in release costs more than the rest of the packages), the multi-platform jar (the kotlin
  # suite runs from its own packaged jar) and the Swift bundle (the swift suite makes and tests
  # one), and the x86-64 test-hooks wheel (PKG_TEST_HOOKS_WHEEL=0: the user's wheel runs the suite
  # but the hooks' tests, which the python suite runs): `scripts/package.sh --test` does all four.
  CARGO_TARGET_DIR=$PKG_TARGET PKG_VENV=$PKG_TARGET/venv PKG_RUST_TESTS=0 PKG_TEST_HOOKS_WHEEL=0 nice -n 19 \
    timeout -k 30 2400 scripts/package.sh --platforms "$PKG_PLATFORMS" --skip jar,swift > "$PKG_LOG" 2>&1 &
  pkg_pid=$!
  trap '[ -n "$pkg_pid" ] && kill "$pkg_pid" 2>/dev/null' EXIT
fi

# The test build carries the FFI's test hooks (noop calls, deliberate panics): the same feature
# set as `cargo build-sdk`, so nothing is rebuilt between the suites.
TEST_FEATURES=(--features anytype-ffi/test-hooks)

run_rust() {
  cargo fmt --all -- --check &&
    cargo clippy --release --workspace --all-targets "${TEST_FEATURES[@]}" -- -D warnings &&
    # A hung test must not eat CI's time budget (Rust's harness has no per-test timeout).
    timeout -k 30 1800 cargo test --release --workspace "${TEST_FEATURES[@]}" &&
    # The core is a plain Rust library without its UniFFI exports too.
    cargo check --release -p anytype-core --all-targets
}

run_python() {
  # With the test hooks; a plain `pip install ./bindings/python` (what users run) has none.
  MATURIN_PEP517_ARGS="--features test-hooks" \
    "$VENV/bin/pip" install -q --force-reinstall --no-deps ./bindings/python &&
    (cd bindings/python && timeout -k 30 900 "$VENV/bin/python" -m pytest -q -p no:cacheprovider)
}

run_kotlin() { bindings/kotlin/test.sh; }
run_swift() { bindings/swift/test.sh; }
run_bench() { timeout -k 30 1500 bench/run.sh --tiny; }

# The wheels built in the background: the x86-64 user wheel's suite (but the hooks' tests) in a
# fresh venv, and the aarch64 wheel's suite under qemu
# (scripts/package.sh --test-only; docs/packaging.md).
run_package() {
  local t0=$SECONDS rc=0
  wait "$pkg_pid" || rc=$?
  pkg_pid=""
  echo "package: the background build ended (exit $rc) after waiting $((SECONDS - t0)) s; its log:"
  grep -E '^\[package\]|error|warning: unused' "$PKG_LOG" | tail -60
  [ "$rc" -eq 0 ] || { tail -80 "$PKG_LOG"; return 1; }
  CARGO_TARGET_DIR=$PKG_TARGET PKG_VENV=$PKG_TARGET/venv PKG_RUST_TESTS=0 PKG_TEST_HOOKS_WHEEL=0 ANYTYPE_SANDBOX_BIN=$ROOT/target/release/anytype-sandbox \
    timeout -k 30 1800 scripts/package.sh --platforms "$PKG_PLATFORMS" --skip jar,swift --test-only
}

# The live tier (after kotlin and swift: it reuses what their suites built). Exit 3 = skipped.
LIVE_SUMMARY=$ROOT/target/live-summary.txt
run_live() {
  local shared_start=$ROOT/../shared/anytype-server/start.sh
  if [ -z "${ANYTYPE_LIVE_URL:-}" ] && [ -z "${ANYTYPE_LIVE_START:-}" ] && [ "${CI:-}" = true ] &&
    [ -x "$shared_start" ]; then
    export ANYTYPE_LIVE_START=$shared_start
  fi
  ANYTYPE_LIVE_SUMMARY=$LIVE_SUMMARY scripts/live.sh
}

for suite in "${suites[@]}"; do
  step "$suite tests"
  "run_$suite"
  rc=$?
  if [ "$rc" -eq 0 ]; then result[$suite]=passed
  elif [ "$suite" = live ] && [ "$rc" -eq 3 ]; then result[$suite]=skipped
  else result[$suite]=FAILED; fi
  if [ "$suite" = live ] && [ -s "$LIVE_SUMMARY" ]; then result[$suite]="${result[$suite]} ($(cat "$LIVE_SUMMARY"))"; fi
done

step "summary"
failed=0
skipped=0
for suite in "${suites[@]}"; do
  printf '%-8s %s\n' "$suite" "${result[$suite]}"
  case "${result[$suite]}" in
    passed*) ;;
    skipped*) skipped=$((skipped + 1)) ;;
    *) failed=$((failed + 1)) ;;
  esac
done
echo "suites: $(( ${#suites[@]} - failed - skipped )) passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
