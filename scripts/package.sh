#!/usr/bin/env bash
# Build the prebuilt artefacts into dist/, check them, and (with --test) test them.
#
#   scripts/package.sh                                   every platform and artefact, checks, checksums, sizes
#   scripts/package.sh --platforms linux-x86_64          only these platforms (comma-separated)
#   scripts/package.sh --skip jar,swift                  without these artefacts (wheels are always built)
#   scripts/package.sh --test                            build, then test each artefact where it can run here
#   scripts/package.sh --test-only                       test the artefacts already in dist/
#
# Platforms: linux-x86_64, linux-aarch64 (manylinux2014 wheels, maturin --zig; this file),
# windows-x86_64 (scripts/package/windows.sh), macos-arm64, macos-x86_64 (scripts/package/macos.sh).
# What lands in dist/ (see docs/packaging.md):
#   dist/anytype_sdk-<v>-py3-none-<platform tag>.whl  the user's wheels, one per platform
#   dist/test-hooks/anytype_sdk-<v>-...x86_64.whl     the Linux x86-64 wheel with the test hooks, for the suite
#   dist/native/<jna dir>/<library>                   each platform's stripped native library
#   dist/jvm/, dist/maven/                            the multi-platform jar (scripts/package/jar.sh)
#   dist/swift/                                       the Swift release bundle (bindings/swift/bundle.sh)
#   dist/SHA256SUMS                                   sha256sum of every artefact (paths relative to dist/)
#
# Environment: CARGO_TARGET_DIR (default target/), PKG_VENV (the packaging tools' venv, default
# $CARGO_TARGET_DIR/package/venv), PKG_PROFILE (cargo profile, default release; `dist` = thin LTO),
# ANYTYPE_SANDBOX_BIN (the x86-64 sandbox server the tests start; `cargo build-sdk` when unset),
# PKG_RUST_TESTS=0 (skip the core's Rust tests for aarch64 under qemu in the linux-aarch64 tests),
# PKG_TEST_HOOKS_WHEEL=0 (no x86-64 test-hooks wheel: the user's wheel runs the suite but the hooks' tests).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIST=$ROOT/dist
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$CARGO_TARGET_DIR/package
PKG_VENV=${PKG_VENV:-$WORK/venv}
PROFILE=${PKG_PROFILE:-release}
PYTHON=${PYTHON:-python3}
log() { printf '[package] %s\n' "$*" >&2; }
die() { log "FAIL: $*"; exit 1; }

platforms=linux-x86_64,linux-aarch64,windows-x86_64,macos-arm64,macos-x86_64
skip=""
build=1
run_tests=0
while [ $# -gt 0 ]; do
  case "$1" in
    --platforms) platforms=${2:?--platforms needs a list}; shift 2 ;;
    --platforms=*) platforms=${1#*=}; shift ;;
    --skip) skip=${2:?--skip needs a list}; shift 2 ;;
    --skip=*) skip=${1#*=}; shift ;;
    --test) run_tests=1; shift ;;
    --test-only) run_tests=1; build=0; shift ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
IFS=, read -r -a PLATFORMS <<< "$platforms"
skipped() { [[ ",$skip," == *",$1,"* ]]; }
for a in ${skip//,/ }; do case "$a" in jar | swift) ;; *) die "--skip: unknown artefact $a (jar, swift)" ;; esac; done
# Linux first: the other platforms' wheels take their stubs from the Linux x86-64 wheel.
mapfile -t PLATFORMS < <({ printf '%s\n' "${PLATFORMS[@]}" | grep '^linux-' || true; }
  { printf '%s\n' "${PLATFORMS[@]}" | grep -v '^linux-' || true; })

rust_target() {
  case "$1" in
    linux-x86_64) echo x86_64-unknown-linux-gnu ;;
    linux-aarch64) echo aarch64-unknown-linux-gnu ;;
    windows-x86_64) echo x86_64-pc-windows-gnu ;;
    macos-arm64) echo aarch64-apple-darwin ;;
    macos-x86_64) echo x86_64-apple-darwin ;;
    *) die "unknown platform $1 (known: linux-x86_64, linux-aarch64, windows-x86_64, macos-arm64, macos-x86_64)" ;;
  esac
}
arch_of() { case "$1" in linux-x86_64) echo x86_64 ;; linux-aarch64) echo aarch64 ;; esac; }
family_of() { echo "${1%%-*}"; }
for p in "${PLATFORMS[@]}"; do rust_target "$p" >/dev/null; done
# The other platforms' build and test steps: build_<family> / test_<family> PLATFORM.
for f in $(printf '%s\n' "${PLATFORMS[@]}" | sed 's/-.*//' | sort -u); do
  [ "$f" = linux ] && continue
  [ -f "$ROOT/scripts/package/$f.sh" ] || die "no scripts/package/$f.sh for the $f platforms"
  # shellcheck source=/dev/null
  source "$ROOT/scripts/package/$f.sh"
done

# ---- tools: maturin, ziglang (zig from PyPI), cargo-zigbuild, auditwheel, in their own venv -------
setup_tools() {
  [ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
  if ! "$PKG_VENV/bin/python" -c 'import maturin, ziglang, auditwheel' 2>/dev/null \
      || [ ! -x "$PKG_VENV/bin/cargo-zigbuild" ]; then
    log "tools: installing maturin, ziglang, cargo-zigbuild, auditwheel into $PKG_VENV"
    "$PYTHON" -m venv "$PKG_VENV"
    "$PKG_VENV/bin/pip" install -q "maturin>=1.16,<2" "ziglang>=0.13" "cargo-zigbuild>=0.19" "auditwheel>=6"
  fi
  export PATH="$PKG_VENV/bin:$PATH"
  local installed; installed=$(rustup target list --installed)
  for p in "${PLATFORMS[@]}"; do
    local t; t=$(rust_target "$p")
    grep -qx "$t" <<< "$installed" || rustup target add "$t"
  done
}

# ---- build ------------------------------------------------------------------------------------------
# Stripped of debug info only, after maturin: UniFFI's bindgen reads the metadata from the library's
# symbol table, which a zig-linked library loses with cargo's `strip = "debuginfo"` (its default for
# a profile without debug info; zig's linker drops `.symtab` too), and maturin then fails with "No
# UniFFI metadata found". So the build strips nothing (`strip = "none"`), maturin generates the
# bindings, and strip_wheel.py runs `llvm-objcopy --strip-debug` (rustup's llvm-tools: every
# target's ELF) on the wheel's library (the symbol table stays) and rewrites RECORD.
objcopy_tool() {
  local tool
  tool="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin/rust-objcopy"
  if ! "$tool" --version >/dev/null 2>&1; then rustup component add llvm-tools >&2; fi
  "$tool" --version >/dev/null 2>&1 || die "$tool does not run (rustup component add llvm-tools)"
  echo "$tool"
}

build_wheel() { # platform out-dir [extra maturin args...]
  local platform=$1 out=$2; shift 2
  local target; target=$(rust_target "$platform")
  local profile_var; profile_var=CARGO_PROFILE_$(echo "$PROFILE" | tr 'a-z-' 'A-Z_')_STRIP
  mkdir -p "$out"
  log "build: $platform ($target, profile $PROFILE${*:+, $*})"
  (cd "$ROOT/bindings/python" && env "$profile_var=none" \
    maturin build --zig --compatibility manylinux2014 --target "$target" --profile "$PROFILE" \
      --out "$out" "$@" 2>&1 | grep -Ev '^\s+(Compiling|Fresh|Downloaded|Downloading) ' >&2) \
    || die "maturin build for $platform failed"
  # Then the type stubs, as the package's own build backend adds them (bindings/python/_build.py):
  # it imports the wheel's `anytype`, so an aarch64 wheel's are made by the aarch64 Python (qemu).
  local wheel py=$PKG_VENV/bin/python
  [ "$platform" = linux-aarch64 ] && py=$("$ROOT/scripts/package/aarch64-python.sh" "$WORK/aarch64-python")
  for wheel in "$out"/*.whl; do
    "$PKG_VENV/bin/python" "$ROOT/scripts/package/strip_wheel.py" "$wheel" "$(objcopy_tool)" >&2
    (cd "$ROOT/bindings/python" && "$py" _build.py "$wheel") || die "adding the stubs to $wheel failed"
  done
}

wheel_for() { # dir arch -> the one wheel for arch in dir (arch may be a glob: manylinux*_x86_64)
  # shellcheck disable=SC2206 # $2 is a glob on purpose
  local found=("$1"/anytype_sdk-*-py3-none-*$2.whl)
  [ -f "${found[0]}" ] || die "no $2 wheel in $1"
  [ ${#found[@]} -eq 1 ] || die "more than one $2 wheel in $1: ${found[*]}"
  echo "${found[0]}"
}

# ---- checks -----------------------------------------------------------------------------------------
# The tag a package index accepts (auditwheel agrees with the file name), the native library
# stripped of debug info with its UniFFI metadata kept, and the generated module inside.
check_wheel() { # wheel arch hooks(yes|no)
  local wheel=$1 arch=$2 hooks=$3 name; name=$(basename "$wheel")
  case "$name" in
    *-py3-none-manylinux_2_17_"$arch".manylinux2014_"$arch".whl) ;;
    *-py3-none-manylinux2014_"$arch".manylinux_2_17_"$arch".whl) ;;
    *) die "$name: not tagged py3-none-manylinux_2_17_$arch.manylinux2014_$arch" ;;
  esac
  local shown; shown=$(auditwheel show "$wheel" 2>&1) || die "auditwheel show $name: $shown"
  grep -q "manylinux_2_17_$arch" <<< "$shown" \
    || die "auditwheel: $name is not manylinux_2_17_$arch: $shown"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && "$PKG_VENV/bin/python" -m zipfile -e "$wheel" .)
  local lib; lib=$(find "$tmp" -name 'libanytype_ffi*.so' | head -1)
  [ -n "$lib" ] || die "$name: no libanytype_ffi.so inside"
  local f
  for f in anytype/_ffi/anytype_ffi.py anytype/_ffi/anytype_ffi.pyi anytype/blocking.pyi anytype/py.typed; do
    [ -f "$tmp/$f" ] || die "$name: no $f inside"
  done
  # RECORD lists exactly the files, with their hashes and sizes (both rewrites of the wheel keep it so).
  "$PKG_VENV/bin/python" "$ROOT/scripts/package/wheelfile.py" check-record "$tmp" \
    || die "$name: RECORD does not match its files"
  for tag in manylinux_2_17 manylinux2014; do
    grep -qx "Tag: py3-none-${tag}_$arch" "$tmp"/anytype_sdk-*.dist-info/WHEEL \
      || die "$name: WHEEL has no Tag py3-none-${tag}_$arch"
  done
  # (Each readelf output is read whole first: `readelf | grep -q` under pipefail fails when grep
  # stops reading early.)
  local sections; sections=$(readelf -S -W "$lib")
  if grep -q '\.debug_' <<< "$sections"; then die "$name: $(basename "$lib") has debug sections"; fi
  # What uniffi-bindgen reads: the metadata symbols in the symbol table (.symtab).
  grep -q ' \.symtab ' <<< "$sections" || die "$name: $(basename "$lib") has no .symtab"
  local meta; meta=$(readelf --syms -W "$lib" | sed -n "/'.symtab'/,\$p" | grep -c 'UNIFFI_META_' || true)
  [ "$meta" -gt 0 ] || die "$name: no UNIFFI_META_ symbols left in the .symtab of $(basename "$lib")"
  local machine; machine=$(readelf -h "$lib" | sed -n 's/ *Machine: *//p')
  case "$arch:$machine" in x86_64:*X86-64* | aarch64:*AArch64*) ;; *) die "$name: library is $machine" ;; esac
  local has_hooks=no
  local dynsyms; dynsyms=$(readelf --dyn-syms -W "$lib")
  if grep -q '_func_noop_async' <<< "$dynsyms"; then has_hooks=yes; fi
  [ "$has_hooks" = "$hooks" ] || die "$name: test hooks present=$has_hooks, expected $hooks"
  local glibc; glibc=$(readelf -V -W "$lib" | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n -u | tail -1)
  log "ok: $name: $(grep -o 'manylinux_2_17_[a-z0-9_]*' <<< "$shown" | head -1) per auditwheel," \
      "newest symbol $glibc, no debug sections, $meta UniFFI metadata symbols, test hooks: $hooks"
  rm -rf "$tmp"
}

# The stripped library a wheel carries, also on its own in dist/native/<JNA resource folder>/ (what
# the jar and other consumers of the raw library take).
native_from_wheel() { # wheel out-dir
  rm -rf "$2"
  mkdir -p "$2"
  "$PKG_VENV/bin/python" - "$1" "$2" <<'PY'
import pathlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
libs = [n for n in z.namelist() if n.rsplit("/", 1)[-1].startswith(("libanytype_ffi.", "anytype_ffi."))
        and n.endswith((".so", ".dll", ".dylib"))]
assert len(libs) == 1, libs
(pathlib.Path(sys.argv[2]) / libs[0].rsplit("/", 1)[-1]).write_bytes(z.read(libs[0]))
PY
}

# Every artefact in dist/ but the checksum file itself (the Swift bundle's files one by one).
write_sums() {
  (cd "$DIST" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs -r sha256sum > SHA256SUMS)
}

# The core's and the sandbox's Rust tests built for aarch64 (zig links them, as it does the wheel's
# library, with the same profile settings so the dependencies' builds are shared) and run under
# qemu with the aarch64 root's libraries. Every test binary runs; any failure fails the script.
RUST_TESTS_LIST=$WORK/rust-tests-aarch64.txt
build_rust_tests_aarch64() {
  local profile_var; profile_var=CARGO_PROFILE_$(echo "$PROFILE" | tr 'a-z-' 'A-Z_')_STRIP
  local t0=$SECONDS
  log "build: the Rust tests for aarch64 (cargo zigbuild)"
  (cd "$ROOT" && env "$profile_var=none" cargo zigbuild --profile "$PROFILE" \
      --target aarch64-unknown-linux-gnu.2.17 -p anytype-core -p anytype-sandbox --features anytype-core/uniffi \
      --tests --message-format=json-render-diagnostics) \
    | "$PKG_VENV/bin/python" -c '
import json, sys
for line in sys.stdin:
    if line.startswith("{"):
        m = json.loads(line)
        if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
            print(m["executable"], m["manifest_path"].rsplit("/", 1)[0], sep="\t")' > "$RUST_TESTS_LIST" || die "building the aarch64 Rust tests failed"
  log "build: aarch64 Rust tests built in $((SECONDS - t0)) s"
}

rust_tests_aarch64() {
  local root; root=$(dirname "$(dirname "$("$ROOT/scripts/package/aarch64-python.sh" "$WORK/aarch64-python")")")
  build_rust_tests_aarch64 # a no-op when the build phase made them
  local t0=$SECONDS list=$RUST_TESTS_LIST
  log "test: the Rust tests for aarch64, each test binary under qemu"
  [ -s "$list" ] || die "no aarch64 test binaries were built"
  local exe passed=0 out
  while IFS=$'\t' read -r exe dir; do
    file -b "$exe" | grep -q 'ARM aarch64' || die "$exe is not an aarch64 binary"
    # Without the flat-memory test: under qemu-user the process's peak RSS is mostly the
    # emulator's, whose code cache grows as new code runs (+9 MiB on the upload path, measured),
    # so the test would measure qemu, not the SDK (the aarch64 wheel's suite runs its Python twin
    # with a smaller file, which stays within bounds).
    out=$(cd "$dir" && QEMU_LD_PREFIX=$root timeout -k 10 900 qemu-aarch64-static "$exe" -q \
        --skip a_200_mb_upload_and_download_keep_peak_memory_flat 2>&1) \
      || { printf '%s\n' "$out" >&2; die "aarch64 Rust tests failed: $(basename "$exe")"; }
    p=$(sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' <<< "$out" | awk '{s+=$1} END {print s+0}')
    passed=$((passed + p))
  done < "$list"
  log "test: aarch64 Rust tests under qemu: $passed passed in $(wc -l < "$list") binaries ($((SECONDS - t0)) s)"
}

setup_tools
if [ "$build" = 1 ]; then
  start=$SECONDS
  stage=$WORK/stage
  rm -rf "$stage"
  mkdir -p "$DIST"
  for p in "${PLATFORMS[@]}"; do
    if [ "$(family_of "$p")" != linux ]; then "build_$(family_of "$p")" "$p"; continue; fi
    a=$(arch_of "$p")
    build_wheel "$p" "$stage/user"
    rm -f "$DIST"/anytype_sdk-*-manylinux*"$a".whl
    mv "$(wheel_for "$stage/user" "$a")" "$DIST/"
    check_wheel "$(wheel_for "$DIST" "manylinux*_$a")" "$a" no
    native_from_wheel "$(wheel_for "$DIST" "manylinux*_$a")" "$DIST/native/linux-${a/_/-}"
    if [ "$p" = linux-aarch64 ] && [ "${PKG_RUST_TESTS:-1}" != 0 ]; then
      build_rust_tests_aarch64 # here, so that --test-only later has nothing left to build
    fi
    if [ "$p" = linux-x86_64 ] && [ "${PKG_TEST_HOOKS_WHEEL:-1}" != 0 ]; then
      build_wheel "$p" "$stage/test-hooks" --features test-hooks
      mkdir -p "$DIST/test-hooks"
      rm -f "$DIST"/test-hooks/anytype_sdk-*"$a".whl
      mv "$(wheel_for "$stage/test-hooks" "$a")" "$DIST/test-hooks/"
      check_wheel "$(wheel_for "$DIST/test-hooks" "$a")" "$a" yes
    fi
  done
  if ! skipped jar; then log "jar: scripts/package/jar.sh"; "$ROOT/scripts/package/jar.sh"; fi
  if ! skipped swift; then
    # The bundle for Linux x86-64, with the manylinux wheel's library (glibc 2.17 and newer, where
    # bundle.sh on its own would build one for this machine's glibc) and the host's uniffi-bindgen.
    libdir=$WORK/swift-lib
    rm -rf "$libdir" && mkdir -p "$libdir"
    [ -f "$DIST/native/linux-x86-64/libanytype_ffi.so" ] || die "swift: no dist/native/linux-x86-64 library (build linux-x86_64)"
    cp "$DIST/native/linux-x86-64/libanytype_ffi.so" "$libdir/"
    (cd "$ROOT" && cargo build -q --release -p anytype-uniffi-bindgen) || die "building uniffi-bindgen failed"
    ln -s "$CARGO_TARGET_DIR/release/uniffi-bindgen" "$libdir/uniffi-bindgen"
    log "swift: bindings/swift/bundle.sh $DIST/swift"
    rm -rf "$DIST/swift"
    ANYTYPE_LIB_DIR=$libdir "$ROOT/bindings/swift/bundle.sh" "$DIST/swift" >&2
  fi
  write_sums
  log "built in $((SECONDS - start)) s"
fi

# ---- tests ------------------------------------------------------------------------------------------
sandbox_bin() {
  if [ -n "${ANYTYPE_SANDBOX_BIN:-}" ]; then echo "$ANYTYPE_SANDBOX_BIN"; return; fi
  # The repository's one optimised build (a no-op where the other suites already ran it).
  log "test: building the sandbox server (cargo build-sdk)"
  (cd "$ROOT" && cargo build-sdk -q >&2)
  echo "$CARGO_TARGET_DIR/release/anytype-sandbox"
}

# The suite needs the test hooks (noop calls, deliberate panics): the user's wheels run every test
# but those (test_wake.py and the panic test), which their library leaves out.
NO_HOOKS=(--ignore=tests/test_wake.py
  --deselect tests/test_faults.py::test_a_rust_panic_never_brings_python_down)

run_suite() { # python label pytest-args...
  local py=$1 label=$2; shift 2
  local where; where=$(cd "$ROOT/bindings/python" && "$py" -c 'import anytype, os; print(os.path.dirname(anytype.__file__))')
  case "$where" in "$ROOT"/bindings/python/*) die "$label: anytype imported from the source tree ($where)" ;; esac
  log "test: $label (anytype from $where)"
  local t0=$SECONDS
  (cd "$ROOT/bindings/python" && ANYTYPE_SANDBOX_BIN=$SANDBOX "$py" -m pytest -q -p no:cacheprovider "$@")
  log "test: $label passed in $((SECONDS - t0)) s"
}

test_x86_64() {
  local venv=$WORK/test-venv-x86_64
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/pip" install -q "pytest>=8" "pytest-asyncio>=0.24" "pytest-timeout>=2.3" "mypy>=1.10"
  # (a) the test wheel: the whole suite.
  if [ "${PKG_TEST_HOOKS_WHEEL:-1}" != 0 ]; then
    "$venv/bin/pip" install -q --no-deps "$(wheel_for "$DIST/test-hooks" x86_64)"
    run_suite "$venv/bin/python" "x86_64 test-hooks wheel, whole suite"
  fi
  # The user's wheel: the suite without the hooks' tests, and proof the hooks are absent.
  "$venv/bin/pip" install -q --no-deps --force-reinstall "$(wheel_for "$DIST" "manylinux*_x86_64")"
  "$venv/bin/python" -c 'import anytype._ffi.anytype_ffi as f; assert not hasattr(f, "noop_async"), "hooks in the user wheel"'
  run_suite "$venv/bin/python" "x86_64 user wheel" "${NO_HOOKS[@]}"
}

test_aarch64() {
  # (b) Debian's arm64 python3 under qemu-user-static; the sandbox server stays the host's x86-64
  # binary, reached over loopback. pytest (pure Python) and the wheel are unpacked into a
  # site directory on PYTHONPATH by the host's pip, for the aarch64 platform.
  local py; py=$("$ROOT/scripts/package/aarch64-python.sh" "$WORK/aarch64-python")
  local site=$WORK/test-site-aarch64
  rm -rf "$site"
  "$PKG_VENV/bin/pip" install -q --target "$site" --platform manylinux2014_aarch64 --python-version 3.11 \
    --only-binary=:all: "pytest>=8" "pytest-asyncio>=0.24" "pytest-timeout>=2.3" "mypy>=1.10"
  "$PKG_VENV/bin/pip" install -q --target "$site" --platform manylinux2014_aarch64 --python-version 3.11 \
    --only-binary=:all: --no-deps "$(wheel_for "$DIST" "manylinux*_aarch64")"
  PYTHONPATH=$site "$py" -c 'import platform, anytype; assert platform.machine() == "aarch64"'
  # Under emulation every call is ~10x slower: a smaller file for the flat-memory test.
  PYTHONPATH=$site ANYTYPE_MEMORY_TEST_MB=${ANYTYPE_MEMORY_TEST_MB:-50} \
    run_suite "$py" "aarch64 user wheel under qemu" "${NO_HOOKS[@]}"
}

if [ "$run_tests" = 1 ]; then
  start=$SECONDS
  SANDBOX=$(sandbox_bin)
  [ -x "$SANDBOX" ] || die "no sandbox server at $SANDBOX"
  for p in "${PLATFORMS[@]}"; do
    case "$p" in
      linux-x86_64) test_x86_64 ;;
      linux-aarch64) test_aarch64; [ "${PKG_RUST_TESTS:-1}" = 0 ] || rust_tests_aarch64 ;;
      *) "test_$(family_of "$p")" "$p" ;;
    esac
  done
  # The jar: a fresh Maven project takes it from dist/maven and by `mvn install:install-file`.
  if ! skipped jar && [ -d "$DIST/jvm" ]; then "$ROOT/scripts/package/jar.sh" --test-only; fi
  # The Swift bundle: a fresh SwiftPM package builds against a bundle of the same library and runs.
  if ! skipped swift && [ -f "$WORK/swift-lib/libanytype_ffi.so" ]; then
    log "test: the Swift bundle's consumer package (bindings/swift/consumer-test.sh)"
    CARGO_TARGET_DIR=$WORK "$ROOT/bindings/swift/consumer-test.sh" "$WORK/swift-lib" "$SANDBOX" >&2
  fi
  log "tests took $((SECONDS - start)) s"
fi

# ---- checksums and sizes ----------------------------------------------------------------------------
size() { numfmt --to=iec-i --suffix=B "$1"; }
platform_of() { # a path in dist/ -> the platform it is for
  case "$1" in
    *manylinux*x86_64.whl | native/linux-x86-64/*) echo linux-x86_64 ;;
    *manylinux*aarch64.whl | native/linux-aarch64/*) echo linux-aarch64 ;;
    *win_amd64.whl | native/win32-x86-64/*) echo windows-x86_64 ;;
    *macosx*arm64.whl | native/darwin-aarch64/*) echo macos-arm64 ;;
    *macosx*x86_64.whl | native/darwin-x86-64/*) echo macos-x86_64 ;;
    swift) echo linux-x86_64 ;;
    *.jar | *.pom) unzip -Z1 "$DIST/$1" 2>/dev/null | sed -n 's|^\([a-z0-9-]*\)/[^/]*anytype_ffi[^/]*$|\1|p' | sort -u | paste -sd, - ;;
    *) echo - ;;
  esac
}
if [ -f "$DIST/SHA256SUMS" ]; then
  (cd "$DIST" && sha256sum -c --quiet SHA256SUMS) || die "dist/SHA256SUMS does not match"
  printf '\n%-84s %-22s %9s %9s\n' "artefact (dist/)" "platform" "size" "library" >&2
  { grep -v ' swift/' "$DIST/SHA256SUMS" | grep -v ' maven/' | awk '{print $2}'
    if grep -q ' swift/' "$DIST/SHA256SUMS"; then echo swift; fi; } | while read -r path; do
    lib=-
    case "$path" in
      *.whl) lib=$(size "$("$PYTHON" - "$DIST/$path" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(sum(i.file_size for i in z.infolist() if i.filename.endswith((".so", ".dll", ".dylib"))))
PY
)") ;;
    esac
    if [ "$path" = swift ]; then bytes=$(du -sb "$DIST/swift" | cut -f1); lib=$(size "$(stat -c %s "$DIST"/swift/lib/* | head -1)")
    else bytes=$(stat -c %s "$DIST/$path"); fi
    printf '%-84s %-22s %9s %9s\n' "$path$([ "$path" = swift ] && echo /)" "$(platform_of "$path")" "$(size "$bytes")" "$lib" >&2
  done
  log "checksums: dist/SHA256SUMS ($(wc -l < "$DIST/SHA256SUMS") files; cd dist && sha256sum -c SHA256SUMS)"
fi
