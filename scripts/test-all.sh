#!/usr/bin/env bash
# Run every test suite: Rust (core + sandbox + bindings), Python, Kotlin, Swift, and a tiny
# benchmark run that keeps bench/ working (it never fails for being slow).
#
#   scripts/test-all.sh                 set up what's missing, build once, run all suites
#   scripts/test-all.sh rust python     only these suites
#
# Every suite runs even when an earlier one fails; the exit code is non-zero if any failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
VENV=${ANYTYPE_VENV:-$ROOT/.venv}
export CARGO_TERM_COLOR=never

suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(rust python kotlin swift bench)
declare -A result
step() { printf '\n==== %s ====\n' "$*"; }

step "set-up"
setup_parts=(rust)
for s in "${suites[@]}"; do
  case "$s" in rust) ;; bench) setup_parts+=(python) ;; *) setup_parts+=("$s") ;; esac
done
scripts/setup.sh "${setup_parts[@]}" || { echo "set-up failed"; exit 1; }

step "build: the cdylib, the bindgen and the sandbox (release)"
cargo build-sdk || { echo "build failed"; exit 1; }

run_rust() {
  cargo fmt --all -- --check &&
    cargo clippy --release --workspace --all-targets -- -D warnings &&
    cargo test --release --workspace
}

run_python() {
  "$VENV/bin/pip" install -q --force-reinstall --no-deps ./bindings/python &&
    (cd bindings/python && "$VENV/bin/python" -m pytest -q -p no:cacheprovider)
}

run_kotlin() { bindings/kotlin/test.sh; }
run_swift() { bindings/swift/test.sh; }
run_bench() { bench/run.sh --tiny; }

for suite in "${suites[@]}"; do
  step "$suite tests"
  if "run_$suite"; then result[$suite]=passed; else result[$suite]=FAILED; fi
done

step "summary"
failed=0
for suite in "${suites[@]}"; do
  printf '%-8s %s\n' "$suite" "${result[$suite]}"
  [ "${result[$suite]}" = passed ] || failed=$((failed + 1))
done
echo "suites: $(( ${#suites[@]} - failed )) passed, $failed failed"
[ "$failed" -eq 0 ]
