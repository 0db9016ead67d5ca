#!/usr/bin/env bash
# The live tier: the SDK against a real Anytype server, in Rust, Python, Kotlin and Swift, plus the
# differential check of the sandbox against it.
#
#   ANYTYPE_LIVE_URL=http://127.0.0.1:31009 ANYTYPE_LIVE_KEY=... [ANYTYPE_LIVE_CODES=file] scripts/live.sh
#   ANYTYPE_LIVE_START=../shared/anytype-server/start.sh scripts/live.sh      (starts one, stops it after)
#   scripts/live.sh rust differential                                         (only these parts)
#
# ANYTYPE_LIVE_START is a command that starts a server and prints BASE_URL=, API_KEY= and
# (optionally) CHALLENGE_CODES= lines; the server is stopped on exit with ANYTYPE_LIVE_STOP, or the
# stop.sh next to a start.sh. ANYTYPE_LIVE_CODES is a file that gets one line "CODE APP_NAME" per
# challenge; without it the challenge-flow tests are skipped (a person would have to type the code).
# Parts: rust (core/tests/scenarios.rs with ANYTYPE_TARGET=live), python, kotlin, swift (their
# live tests; Kotlin and Swift reuse the artefacts their ordinary suites built), differential.
#
# Exit status: 0 passed, 1 failed, 3 skipped (no server configured). The per-part counts go to
# stdout and, one line, to $ANYTYPE_LIVE_SUMMARY if set. What it touches: see README.md.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
VENV=${ANYTYPE_VENV:-$ROOT/.venv}
parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(rust python kotlin swift differential)
summary_file=${ANYTYPE_LIVE_SUMMARY:-}
[ -n "$summary_file" ] && : >"$summary_file"

stop_cmd=""
stop_server() {
  if [ -n "$stop_cmd" ]; then
    echo "live: stopping the server ($stop_cmd)"
    bash -c "$stop_cmd" >/dev/null 2>&1 || echo "live: stopping the server failed"
  fi
}

if [ -z "${ANYTYPE_LIVE_URL:-}" ] && [ -n "${ANYTYPE_LIVE_START:-}" ]; then
  echo "live: starting a server: $ANYTYPE_LIVE_START"
  stop_cmd=${ANYTYPE_LIVE_STOP:-}
  case "$ANYTYPE_LIVE_START" in
    *start.sh) [ -n "$stop_cmd" ] || stop_cmd="$(dirname "$ANYTYPE_LIVE_START")/stop.sh" ;;
  esac
  trap stop_server EXIT
  out=$(bash -c "$ANYTYPE_LIVE_START") || { echo "live: FAILED: the start command failed"; echo "$out" | tail -5; exit 1; }
  value() { printf '%s\n' "$out" | sed -n "s/^$1=//p" | tail -1; }
  ANYTYPE_LIVE_URL=$(value BASE_URL)
  ANYTYPE_LIVE_KEY=$(value API_KEY)
  ANYTYPE_LIVE_CODES=${ANYTYPE_LIVE_CODES:-$(value CHALLENGE_CODES)}
  [ -n "$ANYTYPE_LIVE_URL" ] && [ -n "$ANYTYPE_LIVE_KEY" ] ||
    { echo "live: FAILED: the start command printed no BASE_URL= and API_KEY= lines"; exit 1; }
  # The helper that writes the challenge codes (../shared/anytype-server's challengecode) sometimes
  # dies right after it starts ("SendHeader called multiple times"), and then no challenge ever
  # gets a code. Check with a probe challenge that codes arrive; if not, run the start command
  # again (it restarts a helper that died and keeps the server), up to three times.
  codes_arrive() {
    [ -n "$ANYTYPE_LIVE_CODES" ] || return 0
    local app="anytype-sdk-live-probe-$$-$1"
    curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -H 'Anytype-Version: 2025-11-08' \
      -d "{\"app_name\": \"$app\"}" "$ANYTYPE_LIVE_URL/v1/auth/challenges" || return 1
    for _ in $(seq 1 50); do
      grep -q " $app\$" "$ANYTYPE_LIVE_CODES" 2>/dev/null && return 0
      sleep 0.2
    done
    return 1
  }
  for attempt in 1 2 3; do
    codes_arrive "$attempt" && break
    echo "live: no challenge code arrived (the code helper died?); running the start command again"
    bash -c "$ANYTYPE_LIVE_START" >/dev/null 2>&1 || true
    [ "$attempt" = 3 ] && ! codes_arrive 4 && echo "live: still no challenge codes: the challenge-flow tests will fail"
  done
fi

if [ -z "${ANYTYPE_LIVE_URL:-}" ] || [ -z "${ANYTYPE_LIVE_KEY:-}" ]; then
  echo "live: skipped (no real server configured: set ANYTYPE_LIVE_URL and ANYTYPE_LIVE_KEY (+ ANYTYPE_LIVE_CODES), or ANYTYPE_LIVE_START to a command that starts one)"
  [ -n "$summary_file" ] && echo "no real server configured" >"$summary_file"
  exit 3
fi
export ANYTYPE_LIVE_URL ANYTYPE_LIVE_KEY ANYTYPE_LIVE_CODES="${ANYTYPE_LIVE_CODES:-}"
echo "live: server $ANYTYPE_LIVE_URL, codes file: ${ANYTYPE_LIVE_CODES:-none (challenge-flow tests skipped)}"

LOG=$(mktemp -d)
counts=()
failed=0
record() {  # PART RC COUNT-TEXT
  if [ "$2" -eq 0 ]; then counts+=("$1 $3"); else counts+=("$1 FAILED ($3)"); failed=$((failed + 1)); fi
  echo "live: $1: $([ "$2" -eq 0 ] && echo passed || echo FAILED): $3"
}

part_rust() {
  ANYTYPE_TARGET=live timeout -k 30 900 cargo test --release -p anytype-core --test scenarios -- --test-threads 2 2>&1 | tee "$LOG/rust"
  local rc=${PIPESTATUS[0]}
  local n; n=$(grep -o '[0-9]* passed; [0-9]* failed' "$LOG/rust" | tail -1)
  record rust "$rc" "${n:-no result}"
}

part_python() {
  (cd bindings/python && "$VENV/bin/python" -m pytest -q -p no:cacheprovider -rs tests/test_live.py) 2>&1 | tee "$LOG/python"
  local rc=${PIPESTATUS[0]}
  local n; n=$(grep -E '[0-9]+ (passed|failed|skipped)' "$LOG/python" | tail -1 | sed 's/ in [0-9.]*s.*//; s/=//g; s/^ *//')
  record python "$rc" "${n:-no result}"
}

part_kotlin() {
  bindings/kotlin/test.sh -Dtest=LiveTest -Danytype.cargo.skip=true 2>&1 | tee "$LOG/kotlin"
  local rc=${PIPESTATUS[0]}
  local n; n=$(grep -o 'Tests run: [0-9]*, Failures: [0-9]*, Errors: [0-9]*, Skipped: [0-9]*' "$LOG/kotlin" | tail -1)
  record kotlin "$rc" "${n:-no result}"
}

part_swift() {
  # The Swift tests may run in a chroot: pass the live settings in and make the codes file visible.
  local binds=${ANYTYPE_SWIFT_BINDS:-}
  [ -n "$ANYTYPE_LIVE_CODES" ] && binds="${binds:+$binds:}$(cd "$(dirname "$ANYTYPE_LIVE_CODES")" && pwd -P)"
  ANYTYPE_SWIFT_BINDS=$binds \
    ANYTYPE_SWIFT_PASSENV="${ANYTYPE_SWIFT_PASSENV:-} ANYTYPE_LIVE_URL ANYTYPE_LIVE_KEY ANYTYPE_LIVE_CODES" \
    bindings/swift/test.sh --filter LiveTests 2>&1 | tee "$LOG/swift"
  local rc=${PIPESTATUS[0]}
  local n; n=$(grep -o 'Executed [0-9]* tests*, with [0-9]* tests* skipped and [0-9]* failures*\|Executed [0-9]* tests*, with [0-9]* failures*' "$LOG/swift" | tail -1)
  record swift "$rc" "${n:-no result}"
}

part_differential() {
  timeout -k 30 900 python3 tests/differential/check.py 2>&1 | tee "$LOG/differential"
  local rc=${PIPESTATUS[0]}
  local n; n=$(grep -o '[0-9]* steps compared.*unexplained' "$LOG/differential" | tail -1)
  record differential "$rc" "${n:-no result}"
}

for part in "${parts[@]}"; do
  printf '\n---- live: %s ----\n' "$part"
  "part_$part"
done
rm -rf "$LOG"

line=$(printf '%s | ' "${counts[@]}"); line=${line% | }
echo
echo "live: $line"
[ -n "$summary_file" ] && echo "$line" >"$summary_file"
[ "$failed" -eq 0 ]
