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
trap 'rm -f "$console"' EXIT
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
"$here/consumer-test/run.sh"
echo "test.sh: consumer-test passed (a plain Java project using dev.anytype:anytype-sdk:0.1.0 from the local repository)"
