#!/usr/bin/env bash
# Kotlin benchmarks: the SDK (dev.anytype:anytype-sdk) vs java.net.http + kotlinx.serialization.
# See bench/kotlin/README.md.
#
#   bench/kotlin/run.sh --url URL --space-id ID --total N --runs R --sequential S --concurrent C \
#       --in-flight 64 --page-size 1000 --ffi-sync F1 --ffi-async F2 [--objects-space-id ID ...] \
#       [--file-path PATH --file-mb MB --download-object-id ID] [--messages M] --out FILE
#
# The API key comes from ANYTYPE_BENCH_KEY. Builds what is missing or stale (`cargo build-sdk`, the
# SDK jar installed into ~/.m2 from bindings/kotlin, this Maven project), then runs every measurement
# --runs times, each in a fresh JVM, and writes {"records": [...], "versions": {...}, "notes": []}
# to --out (stdout without it). Progress goes to stderr. JVM flags of the measured JVMs:
# ANYTYPE_BENCH_JVM_FLAGS (default below).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR=never

# Fixed flags for every measured JVM, so the JVM's ergonomics (which pick G1 and a heap of 1/4 of
# RAM on a "server-class" machine) don't differ between machines: a fixed heap range and the serial
# collector (the cheapest one on 2 cores, and the leanest in RSS).
JVM_FLAGS=${ANYTYPE_BENCH_JVM_FLAGS:--Xms64m -Xmx512m -XX:+UseSerialGC}
# The driver JVM only spawns the others and collects their results.
DRIVER_FLAGS="-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"

case " $* " in *" -h "*|*" --help "*) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
fail() { printf 'bench/kotlin/run.sh: %s\n' "$*" >&2; exit 1; }
for tool in java mvn; do command -v "$tool" >/dev/null || fail "'$tool' is not on PATH (needs JDK 17+ and Maven 3.8+)"; done
[ -n "${ANYTYPE_BENCH_KEY:-}" ] || fail "set ANYTYPE_BENCH_KEY to the API key"
# Maven, quietly: its output (even with -q it prints colour resets) is shown only when it fails.
mvn_quiet() {
  local log
  log=$(mktemp "${TMPDIR:-/tmp}/anytype-bench-kotlin-mvn.XXXXXX")
  if mvn -B -ntp -q -Dstyle.color=never "$@" >"$log" 2>&1; then
    rm -f "$log"
  else
    sed 's/\x1b\[[0-9;]*m//g' "$log" >&2
    rm -f "$log"
    return 1
  fi
}

# 1. The native library and bindgen: the workspace's one release build (a no-op when up to date).
if command -v cargo >/dev/null; then
  (cd "$ROOT" && cargo build-sdk -q) || fail "cargo build-sdk failed"
fi
so="$ROOT/target/release/libanytype_ffi.so"
[ -f "$so" ] || fail "$so is missing: run 'cargo build-sdk' in $ROOT"

# 2. The SDK jar (bindings generated from that library, the library inside) in the local Maven
#    repository, when missing or older than its inputs.
sdk_jar="${ANYTYPE_M2_REPO:-$HOME/.m2/repository}/dev/anytype/anytype-sdk/0.1.0/anytype-sdk-0.1.0.jar"
if [ ! -f "$sdk_jar" ] ||
  [ -n "$(find "$so" "$ROOT/bindings/kotlin/pom.xml" "$ROOT/bindings/kotlin/src/main" -newer "$sdk_jar" -print -quit)" ]; then
  printf '[bench] kotlin: installing the SDK jar into the local Maven repository\n' >&2
  mvn_quiet -f "$ROOT/bindings/kotlin/pom.xml" install -Dmaven.test.skip=true -Danytype.cargo.skip=true ||
    fail "building the SDK jar (bindings/kotlin) failed"
fi

# 3. This project: its classes and its runtime classpath (target/classpath.txt).
stamp="$HERE/target/.built"
if [ ! -f "$stamp" ] ||
  [ -n "$(find "$HERE/pom.xml" "$HERE/src" "$sdk_jar" -newer "$stamp" -print -quit)" ]; then
  printf '[bench] kotlin: building bench/kotlin\n' >&2
  mvn_quiet -f "$HERE/pom.xml" package || fail "building bench/kotlin failed"
  touch "$stamp"
fi

# 4. The suite: one driver JVM that starts a fresh JVM per run of each measurement.
# shellcheck disable=SC2086 # DRIVER_FLAGS is a list of flags
java $DRIVER_FLAGS -cp "$HERE/target/classes:$(cat "$HERE/target/classpath.txt")" dev.anytype.bench.BenchKt \
  suite "$@" --jvm-flags "$JVM_FLAGS" || fail "the Kotlin benchmarks failed (see above)"
