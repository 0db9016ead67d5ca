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
# per-class results and the closing "Tests run: N, Failures: 0, ..." summary.
mvn -B -ntp -Dstyle.color=never -f "$here/pom.xml" verify "$@"

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
