#!/usr/bin/env bash
# Build and test the Kotlin/JVM package from any directory: generates the bindings from the
# workspace's cdylib, packages the jar with the native library inside, and runs the JUnit suite
# against the sandbox server.
#
# Needs: cargo, JDK 17+ and Maven 3.8+ on PATH, and Maven Central reachable (or a warm ~/.m2).
# The Maven build runs `cargo build-sdk` (see .cargo/config.toml) itself (a no-op
# when up to date); pass -Danytype.cargo.skip=true to use what is already in target/release.
# Extra arguments go to Maven, e.g. `bindings/kotlin/test.sh -Dtest=ErrorsTest`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

tools="mvn java"
case " $* " in *" -Danytype.cargo.skip=true "*) ;; *) tools="$tools cargo" ;; esac
for tool in $tools; do
    command -v "$tool" >/dev/null || { echo "test.sh: '$tool' is not on PATH" >&2; exit 1; }
done

# -B: batch mode, no prompts; -ntp: no download progress lines; no colour codes. Surefire still prints its
# per-class results and the closing "Tests run: N, Failures: 0, ..." summary. `install` is the README's
# command: verify, then put dev.anytype:anytype-sdk:0.1.0 into the local repository (~/.m2) for the
# consumer test below.
console="$(mktemp)"
sandbox_pid=""
cleanup() {
    rm -f "$console" "$console.sandbox"
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
mvn -B -ntp -Dstyle.color=never -f "$here/pom.xml" install "$@" 2>&1 | tee "$console"

# The suite's deliberate panics (FaultsTest) must not look like a crash: the test hooks print nothing
# for them, and any other panic message on the console fails the run.
if grep -n "panicked at" "$console" >&2; then
    echo "test.sh: the build's console shows a Rust panic (above)" >&2
    exit 1
fi

# The jar must carry the native library under JNA's resource path (linux-x86-64/libanytype_ffi.so here).
jar_file="$here/target/anytype-sdk-0.1.0.jar"
if command -v jar >/dev/null; then
    libs="$(jar tf "$jar_file" | grep -E '^[a-z0-9-]+/(libanytype_ffi\.(so|dylib)|anytype_ffi\.dll)$' || true)"
    if [ -z "$libs" ]; then
        echo "test.sh: $jar_file holds no native library" >&2
        exit 1
    fi
    echo "test.sh: $(basename "$jar_file") carries" $libs
fi

# The consumer test: a fresh Maven project (consumer-test/) whose plain Java class depends on the
# installed jar by its coordinates, as the README's "Dependency" section says, run against a sandbox.
repo="$(cd "$here/../.." && pwd)"
sandbox_bin="${ANYTYPE_SANDBOX_BIN:-$repo/target/release/anytype-sandbox}"
"$sandbox_bin" --port 0 --auth-code 1234 >"$console.sandbox" 2>&1 &
sandbox_pid=$!
url=""
for _ in $(seq 100); do
    url="$(grep -o 'http://[0-9.:]*' "$console.sandbox" | head -n 1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "test.sh: the sandbox did not start: $(cat "$console.sandbox")" >&2; exit 1; }
out="$(mvn -B -ntp -q -Dstyle.color=never -f "$here/consumer-test/pom.xml" compile exec:exec \
    -Danytype.url="$url" -Danytype.code=1234)" || { echo "$out"; echo "test.sh: consumer-test failed" >&2; exit 1; }
printf "%s\n" "$out" | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' -e 's/^/consumer-test: /'
for expected in "2 of 3 spaces" "space: " "created Space(id=" "kind=Space)" "no such space: not found (404): "; do
    if ! grep -qF "$expected" <<<"$out"; then
        echo "test.sh: consumer-test printed no '$expected'" >&2
        exit 1
    fi
done
echo "test.sh: consumer-test passed (a plain Java project using dev.anytype:anytype-sdk:0.1.0 from the local repository)"
