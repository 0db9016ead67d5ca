#!/usr/bin/env bash
# Build and run the consumer test (this folder: a fresh Maven project whose plain Java class depends on
# dev.anytype:anytype-sdk by its coordinates, as the README's "Dependency" section says) against a
# sandbox server, and check what it prints.
#
#   consumer-test/run.sh                     the SDK from the local repository (~/.m2; test.sh installs it)
#   consumer-test/run.sh -Danytype.maven.repo=file:///.../dist/maven -Dmaven.repo.local=DIR
#                                            the SDK from the file repository scripts/package/jar.sh writes
#                                            (with a local repository of its own, so nothing comes from ~/.m2)
#
# Arguments go to Maven. The sandbox is $ANYTYPE_SANDBOX_BIN, else <repo>/target/release/anytype-sandbox.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
sandbox_bin="${ANYTYPE_SANDBOX_BIN:-$repo/target/release/anytype-sandbox}"

log="$(mktemp)"
sandbox_pid=""
cleanup() {
    if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
    rm -f "$log"
}
trap cleanup EXIT

"$sandbox_bin" --port 0 --auth-code 1234 >"$log" 2>&1 &
sandbox_pid=$!
url=""
for _ in $(seq 100); do
    url="$(grep -o 'http://[0-9.:]*' "$log" | head -n 1 || true)"
    [ -n "$url" ] && break
    sleep 0.1
done
[ -n "$url" ] || { echo "consumer-test: the sandbox did not start: $(cat "$log")" >&2; exit 1; }

out="$(mvn -B -ntp -q -Dstyle.color=never -f "$here/pom.xml" compile exec:exec \
    -Danytype.url="$url" -Danytype.code=1234 "$@")" || { echo "$out"; echo "consumer-test: failed" >&2; exit 1; }
printf "%s\n" "$out" | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' -e 's/^/consumer-test: /'
for expected in "2 of 3 spaces" "space: " "created Space(id=" "kind=Space)" "no such space: not found (404): "; do
    if ! grep -qF "$expected" <<<"$out"; then
        echo "consumer-test: printed no '$expected'" >&2
        exit 1
    fi
done
