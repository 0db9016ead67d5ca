#!/usr/bin/env bash
# The Kotlin/JVM artefacts: one jar carrying the native library of every platform in dist/native/, its
# -sources.jar and -javadoc.jar (Dokka), and the POM, in dist/jvm/ and as a file-based Maven repository
# (dist/maven/dev/anytype/anytype-sdk/<v>/, with Maven's .md5/.sha1 checksums). See docs/packaging/jvm.md.
#
#   scripts/package/jar.sh              build and check (scripts/package.sh runs this after every platform)
#   scripts/package/jar.sh --test       then run bindings/kotlin/consumer-test against dist/maven
#   scripts/package/jar.sh --test-only  only that, with the artefacts already in dist/
#
# Environment:
#   JAR_PLATFORMS     comma list of the platforms the jar must carry, as JNA's folders (linux-x86-64,
#                     linux-aarch64, win32-x86-64, darwin-aarch64, darwin-x86-64) or package.sh's names
#                     (linux-x86_64, windows-x86_64, macos-arm64, ...); default: every folder in dist/native/.
#                     Fails when one of them has no library there.
#   CARGO_TARGET_DIR  where `cargo build-sdk` builds uniffi-bindgen (and the sandbox for --test; default
#                     target/); scratch in $CARGO_TARGET_DIR/package/jvm
#   ANYTYPE_BINDGEN   a uniffi-bindgen binary to use instead (the workspace's, bindings/bindgen)
#   ANYTYPE_SANDBOX_BIN  the sandbox server for --test (default: target/release/anytype-sandbox, cargo build-sdk)
# Needs: JDK 17+, Maven 3.8+ (Maven Central reachable or a warm ~/.m2), cargo, python3, unzip.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DIST=$ROOT/dist
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
JWORK=$CARGO_TARGET_DIR/package/jvm
PYTHON=${PYTHON:-python3}
KOTLIN=$ROOT/bindings/kotlin
log() { printf '[jar] %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

build=1
run_test=0
case "${1:-}" in
  "") ;;
  --test) run_test=1 ;;
  --test-only) run_test=1; build=0 ;;
  -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;p}' "$0"; exit 0 ;;
  *) die "unknown argument: $1 (see --help)" ;;
esac

# The project's version: the pom's first <version> (the project's own; the pom has no parent).
VERSION=$(sed -n 's|^    <version>\(.*\)</version>$|\1|p' "$KOTLIN/pom.xml" | head -n 1)
[ -n "$VERSION" ] || die "no <version> in $KOTLIN/pom.xml"
NAME=anytype-sdk-$VERSION
REPO_DIR=$DIST/maven/dev/anytype/anytype-sdk/$VERSION
MVN=(mvn -B -ntp -Dstyle.color=never)

# JNA's resource folder (com.sun.jna.Platform.RESOURCE_PREFIX) for a package.sh platform name or itself.
jna_dir() {
  case "$1" in
    linux-x86_64 | linux-x86-64) echo linux-x86-64 ;;
    linux-aarch64) echo linux-aarch64 ;;
    windows-x86_64 | win32-x86-64) echo win32-x86-64 ;;
    macos-arm64 | darwin-aarch64) echo darwin-aarch64 ;;
    macos-x86_64 | darwin-x86-64) echo darwin-x86-64 ;;
    *) die "unknown platform '$1' (linux-x86-64, linux-aarch64, win32-x86-64, darwin-aarch64, darwin-x86-64)" ;;
  esac
}
lib_file() {
  case "$1" in
    linux-*) echo libanytype_ffi.so ;;
    win32-*) echo anytype_ffi.dll ;;
    darwin-*) echo libanytype_ffi.dylib ;;
  esac
}

# Fails unless FILE is a shared library of the object format and machine of JNA folder DIR.
check_machine() { # dir file
  "$PYTHON" - "$1" "$2" <<'PY'
import struct, sys
folder, path = sys.argv[1], sys.argv[2]
b = open(path, "rb").read(4096)
if b[:4] == b"\x7fELF":
    found = "linux-" + {0x3E: "x86-64", 0xB7: "aarch64"}.get(struct.unpack_from("<H", b, 18)[0], "?")
elif b[:2] == b"MZ":
    pe = struct.unpack_from("<I", b, 0x3C)[0]
    ok = b[pe:pe + 4] == b"PE\0\0"
    found = "win32-" + ({0x8664: "x86-64", 0xAA64: "aarch64"}.get(struct.unpack_from("<H", b, pe + 4)[0], "?") if ok else "?")
elif b[:4] == b"\xcf\xfa\xed\xfe":
    found = "darwin-" + {0x01000007: "x86-64", 0x0100000C: "aarch64"}.get(struct.unpack_from("<I", b, 4)[0], "?")
else:
    found = "an unknown format"
if found != folder:
    sys.exit(f"{path}: a library for {found}, in the folder for {folder}")
PY
}

# PLATS: the platforms the jar carries, as JNA folders, sorted (run in this shell: die must stop the script).
select_platforms() {
  local list=() p i
  if [ -n "${JAR_PLATFORMS:-}" ]; then
    IFS=, read -r -a list <<< "$JAR_PLATFORMS"
  else
    [ -d "$DIST/native" ] || die "no $DIST/native/ (scripts/package.sh builds the libraries there)"
    mapfile -t list < <(cd "$DIST/native" && find . -mindepth 1 -maxdepth 1 -type d | sed 's|^\./||')
  fi
  [ "${#list[@]}" -gt 0 ] || die "no platform: $DIST/native/ is empty and JAR_PLATFORMS is unset"
  for i in "${!list[@]}"; do
    p=$(jna_dir "${list[$i]}") || exit 1
    list[$i]=$p
  done
  mapfile -t PLATS < <(printf '%s\n' "${list[@]}" | LC_ALL=C sort -u)
}

# The platforms a jar carries: its <jna folder>/<library> entries.
jar_platforms() { unzip -Z1 "$1" | sed -n 's#^\([a-z0-9-]*\)/\(lib\)\{0,1\}anytype_ffi\.\(so\|dll\|dylib\)$#\1#p' | LC_ALL=C sort; }

human() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1"; }

build_jar() {
  local start=$SECONDS
  select_platforms
  local stage=$JWORK/natives
  rm -rf "$stage" "$JWORK/build"
  local p f
  for p in "${PLATS[@]}"; do
    f=$(lib_file "$p")
    [ -f "$DIST/native/$p/$f" ] || die "platform $p: no library $DIST/native/$p/$f"
    check_machine "$p" "$DIST/native/$p/$f" || die "platform $p: $DIST/native/$p/$f is not a $p library"
    mkdir -p "$stage/$p"
    cp "$DIST/native/$p/$f" "$stage/$p/$f"
  done
  log "platforms: ${PLATS[*]}"

  # The bindings come from one of the libraries (each carries the same UniFFI metadata): the host's
  # if it is there, else the first. The workspace's own uniffi-bindgen generates them.
  local lib=$stage/${PLATS[0]}/$(lib_file "${PLATS[0]}")
  [ -f "$stage/linux-x86-64/libanytype_ffi.so" ] && lib=$stage/linux-x86-64/libanytype_ffi.so
  # `cargo build-sdk` (the repository's one host build, a no-op where the suites already ran it) builds
  # it; --test needs the sandbox server from the same build.
  local bindgen=${ANYTYPE_BINDGEN:-}
  if [ -z "$bindgen" ]; then
    log "cargo build-sdk (for uniffi-bindgen)"
    (cd "$ROOT" && nice -n 10 cargo build-sdk --quiet)
    bindgen=$CARGO_TARGET_DIR/release/uniffi-bindgen
  fi

  # The pom's `natives` profile: every library of the staged folder in the jar, bindings from $lib, no
  # cargo, sources and javadoc jars attached; deployed (not installed: ~/.m2 is left alone) into a
  # file repository. The build folder is our own, so a test.sh running meanwhile keeps target/.
  rm -rf "$DIST/maven/dev/anytype/anytype-sdk" "$DIST/jvm"
  mkdir -p "$DIST/maven" "$DIST/jvm"
  log "mvn deploy (natives profile) -> $DIST/maven"
  "${MVN[@]}" -f "$KOTLIN/pom.xml" deploy \
    -Danytype.natives.dir="$stage" -Danytype.build.dir="$JWORK/build" \
    -Danytype.bindgen="$bindgen" -Danytype.bindgen.library="$lib" \
    -Dmaven.test.skip=true -Dmaven.install.skip=true \
    -DaltDeploymentRepository="anytype-dist::file://$DIST/maven" > "$JWORK/mvn.log" 2>&1 \
    || { tail -n 60 "$JWORK/mvn.log" >&2; die "mvn deploy failed (whole log: $JWORK/mvn.log)"; }

  for f in "$NAME.jar" "$NAME-sources.jar" "$NAME-javadoc.jar" "$NAME.pom"; do
    [ -f "$REPO_DIR/$f" ] || die "the repository has no $f"
    cp "$REPO_DIR/$f" "$DIST/jvm/$f"
  done
  log "built in $((SECONDS - start)) s"
}

check_jar() {
  local jar=$DIST/jvm/$NAME.jar
  select_platforms
  local carried expected
  carried=$(jar_platforms "$jar" | paste -sd, -)
  expected=$(printf '%s\n' "${PLATS[@]}" | paste -sd, -)
  [ "$carried" = "$expected" ] || die "$NAME.jar carries [$carried], expected [$expected]"
  # Each library in the jar is the one in dist/native, byte for byte.
  local p f
  for p in "${PLATS[@]}"; do
    f=$(lib_file "$p")
    cmp -s <(unzip -p "$jar" "$p/$f") "$DIST/native/$p/$f" || die "$NAME.jar: $p/$f differs from dist/native/$p/$f"
  done
  unzip -Z1 "$jar" | grep -x >/dev/null 'dev/anytype/sdk/AnytypeClient.class' || die "$NAME.jar has no dev/anytype/sdk/AnytypeClient.class"
  # The bindings come from a user library: no test hooks (noop, panic_for_testing) in them.
  local kt; kt=$(unzip -p "$DIST/jvm/$NAME-sources.jar" dev/anytype/sdk/anytype_ffi.kt) \
    || die "$NAME-sources.jar has no dev/anytype/sdk/anytype_ffi.kt (the generated bindings)"
  grep -q 'fun `panicForTesting`\|_func_noop' <<< "$kt" && die "the jar's bindings have the test hooks"
  unzip -Z1 "$DIST/jvm/$NAME-sources.jar" | grep -x >/dev/null 'dev/anytype/sdk/Paging.kt' || die "$NAME-sources.jar has no Paging.kt"
  unzip -Z1 "$DIST/jvm/$NAME-javadoc.jar" | grep -x >/dev/null 'index.html' || die "$NAME-javadoc.jar has no index.html"
  unzip -Z1 "$DIST/jvm/$NAME-javadoc.jar" | grep >/dev/null '^dev/anytype/sdk/AnytypeClient.html$' \
    || die "$NAME-javadoc.jar does not document dev.anytype.sdk.AnytypeClient"
  # The POM: what a Maven repository requires, the runtime dependencies with versions, nothing for tests.
  "$PYTHON" - "$DIST/jvm/$NAME.pom" <<'PY' || die "$NAME.pom is not fit for a Maven repository"
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
root = ET.parse(sys.argv[1]).getroot()
def text(path):
    return (root.findtext(path, namespaces=ns) or "").strip()
missing = [p for p in ("m:groupId", "m:artifactId", "m:version", "m:name", "m:description", "m:url",
                       "m:licenses/m:license/m:name", "m:licenses/m:license/m:url",
                       "m:developers/m:developer/m:name", "m:scm/m:url", "m:scm/m:connection") if not text(p)]
deps = root.findall("m:dependencies/m:dependency", ns)
bad = [ET.tostring(d, encoding="unicode") for d in deps
       if not (d.findtext("m:version", namespaces=ns) or "").strip()
       or (d.findtext("m:scope", namespaces=ns) or "compile") not in ("compile", "runtime")]
extra = [t for t in ("m:build", "m:profiles", "m:dependencyManagement", "m:repositories") if root.find(t, ns) is not None]
names = sorted(d.findtext("m:artifactId", namespaces=ns) for d in deps)
if missing or bad or extra or names != ["jna", "kotlin-stdlib", "kotlinx-coroutines-core-jvm"]:
    sys.exit(f"missing {missing}, bad dependencies {bad}, sections {extra}, dependencies {names}")
PY
  # The repository's checksums (Maven writes .md5 and .sha1 beside every file) and its metadata.
  local file n=0
  for file in "$REPO_DIR"/*.jar "$REPO_DIR"/*.pom; do
    [ "$(md5sum < "$file" | cut -d' ' -f1)" = "$(cat "$file.md5")" ] || die "$file.md5 does not match"
    [ "$(sha1sum < "$file" | cut -d' ' -f1)" = "$(cat "$file.sha1")" ] || die "$file.sha1 does not match"
    n=$((n + 1))
  done
  grep -q "<version>$VERSION</version>" "$DIST/maven/dev/anytype/anytype-sdk/maven-metadata.xml" \
    || die "dist/maven has no maven-metadata.xml listing $VERSION"
  log "ok: $NAME.jar carries ${PLATS[*]}; sources, javadoc and POM checked; $n files in dist/maven with matching .md5/.sha1"
  for f in "$NAME.jar" "$NAME-sources.jar" "$NAME-javadoc.jar" "$NAME.pom"; do
    log "  dist/jvm/$f  $(human "$(stat -c %s "$DIST/jvm/$f")")"
  done
  for p in "${PLATS[@]}"; do
    log "  $p/$(lib_file "$p")  $(human "$(stat -c %s "$DIST/native/$p/$(lib_file "$p")")"), in the jar $(human "$(unzip -Zl "$jar" "$p/$(lib_file "$p")" | awk 'NR==1 {print $6}')")"
  done
}

# A fresh Maven project (bindings/kotlin/consumer-test) using dev.anytype:anytype-sdk as the README's
# "Dependency" says, with a local repository of its own (so nothing comes from ~/.m2; the SDK's
# dependencies come from Maven Central): once through the README's <repositories> entry for dist/maven,
# once after the README's `mvn install:install-file` command (run as written there, from the repository root).
test_jar() {
  local m2=$JWORK/consumer-m2
  if [ -z "${ANYTYPE_SANDBOX_BIN:-}" ]; then
    log "test: building the sandbox server (cargo build-sdk)"
    (cd "$ROOT" && nice -n 10 cargo build-sdk -q >&2)
    export ANYTYPE_SANDBOX_BIN=$CARGO_TARGET_DIR/release/anytype-sandbox
  fi
  local got=$m2/dev/anytype/anytype-sdk/$VERSION/$NAME.jar

  rm -rf "$m2/dev/anytype"
  log "test: bindings/kotlin/consumer-test with <repositories> file://$DIST/maven"
  "$KOTLIN/consumer-test/run.sh" -Danytype.maven.repo="file://$DIST/maven" -Dmaven.repo.local="$m2" >&2
  cmp -s "$got" "$DIST/jvm/$NAME.jar" || die "the consumer did not get dist/jvm/$NAME.jar"
  log "ok: consumer-test passed with dev.anytype:anytype-sdk:$VERSION from dist/maven"

  rm -rf "$m2/dev/anytype"
  local cmd
  cmd=$(sed -n '/^mvn install:install-file /,/[^\\]$/p' "$KOTLIN/README.md" | sed 's/\\$//' | tr -d '\n')
  [ -n "$cmd" ] || die "bindings/kotlin/README.md has no 'mvn install:install-file' command"
  [ "$DIST" = "$ROOT/dist" ] || die "the README's command names dist/ in the repository root, not $DIST"
  log "test: $cmd"
  (cd "$ROOT" && eval "$cmd -B -q -ntp -Dmaven.repo.local=\"\$m2\"") >&2 || die "the README's install:install-file failed"
  "$KOTLIN/consumer-test/run.sh" -Dmaven.repo.local="$m2" >&2
  cmp -s "$got" "$DIST/jvm/$NAME.jar" || die "install:install-file did not install dist/jvm/$NAME.jar"
  for f in "$NAME-sources.jar" "$NAME-javadoc.jar"; do
    [ -f "$m2/dev/anytype/anytype-sdk/$VERSION/$f" ] || die "install:install-file did not install $f"
  done
  log "ok: consumer-test passed with dev.anytype:anytype-sdk:$VERSION installed by install:install-file"
}

mkdir -p "$JWORK"
if [ "$build" = 1 ]; then build_jar; fi
check_jar
if [ "$run_test" = 1 ]; then test_jar; fi
