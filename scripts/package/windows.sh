#!/usr/bin/env bash
# shellcheck shell=bash
# The Windows x86-64 artefacts: sourced by scripts/package.sh, which calls
#
#   build_windows windows-x86_64   the user's wheel dist/anytype_sdk-<v>-py3-none-win_amd64.whl and
#                                  the DLL dist/native/win32-x86-64/anytype_ffi.dll
#   test_windows windows-x86_64    under wine: abi_check.exe (LoadLibrary, the contract version and
#                                  every checksum the generated Python expects, real calls) and the
#                                  Rust demo cross-built for Windows (the whole flow, sandbox in process)
#
# with ROOT, DIST, WORK, PKG_VENV (on PATH), PROFILE, PYTHON, log, die, rust_target, objcopy_tool
# and wheel_for from package.sh (see docs/packaging/windows.md). Run directly, it defines those
# itself: `scripts/package/windows.sh [build] [test]` (CARGO_TARGET_DIR as for package.sh).
#
# Needs the Linux x86-64 user wheel in dist/ (package.sh builds linux-x86_64 first): the Windows
# wheel's generated module must be byte-identical to it, and its type stubs come from it (the
# build backend makes them by importing the package, which a DLL can't be here). The tests need
# Debian's wine64 and gcc-mingw-w64-x86-64 (installed with apt-get when missing and root).

WIN_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

win_arch() { # platform -> wheel platform tag
  case "$1" in
    windows-x86_64) echo win_amd64 ;;
    *) die "windows.sh: unknown platform $1 (known: windows-x86_64)" ;;
  esac
}

# llvm's tools from rustup's llvm-tools (llvm-readobj, llvm-objdump, next to objcopy_tool's
# rust-objcopy): they read COFF as well as ELF.
win_llvm() { echo "$(dirname "$(objcopy_tool)")/llvm-$1"; }

# The host's uniffi-bindgen at the workspace's uniffi version (anytype-uniffi-bindgen).
win_bindgen() {
  local b
  # maturin's own (it runs `cargo run --bin uniffi-bindgen`, a debug build), else a release one.
  for b in "${UNIFFI_BINDGEN:-}" "$CARGO_TARGET_DIR/debug/uniffi-bindgen" \
      "$CARGO_TARGET_DIR/release/uniffi-bindgen" "$ROOT/target/release/uniffi-bindgen"; do
    if [ -n "$b" ] && [ -x "$b" ]; then echo "$b"; return; fi
  done
  log "windows: building uniffi-bindgen for the host (anytype-uniffi-bindgen)"
  (cd "$ROOT" && nice -n 10 cargo build -q --release -p anytype-uniffi-bindgen >&2) \
    || die "building anytype-uniffi-bindgen failed"
  echo "$CARGO_TARGET_DIR/release/uniffi-bindgen"
}

# Generate the Python module from LIB into DIR/anytype_ffi.py with the arguments maturin uses
# (library mode, bindings/uniffi.toml, not formatted).
win_generate() { # lib dir
  rm -rf "$2" && mkdir -p "$2"
  (cd "$ROOT" && "$(win_bindgen)" generate --no-format --language python --out-dir "$2" \
    --config "$ROOT/bindings/uniffi.toml" --library "$1" 2>&1 \
    | grep -v 'looks like an old-style --config override file' >&2) \
    || die "uniffi-bindgen found no bindings in $1"
  [ -f "$2/anytype_ffi.py" ] || die "uniffi-bindgen wrote no anytype_ffi.py from $1"
}

# The Linux x86-64 user wheel in dist/ (not `wheel_for "$DIST" x86_64`: a macOS x86-64 wheel's
# name ends in x86_64.whl too).
win_linux_wheel() {
  local found=("$DIST"/anytype_sdk-*-py3-none-*manylinux*_x86_64.whl)
  [ -f "${found[0]}" ] || die "windows: no Linux x86-64 wheel in $DIST (build linux-x86_64 first)"
  [ ${#found[@]} -eq 1 ] || die "windows: more than one Linux x86-64 wheel in $DIST: ${found[*]}"
  echo "${found[0]}"
}

build_windows() { # platform
  local platform=$1 arch target
  arch=$(win_arch "$platform")
  target=$(rust_target "$platform")
  local linux_wheel; linux_wheel=$(win_linux_wheel)
  local work=$WORK/windows
  rm -rf "$work/wheel" "$work/unpacked" "$work/linux" "$work/gen-"*
  mkdir -p "$work/wheel"
  local profile_var; profile_var=CARGO_PROFILE_$(echo "$PROFILE" | tr 'a-z-' 'A-Z_')_STRIP
  log "build: $platform ($target, profile $PROFILE)"
  local t0=$SECONDS
  # Unstripped, like the Linux wheels (stripped after bindgen, below). Linked by Debian's
  # mingw-w64 gcc (rustc's default linker for the target; also aws-lc-sys's C compiler), not zig:
  # zig's linker ignores the export list (.def) rustc passes for a cdylib, so a zig-linked DLL
  # exports only the few symbols aws-lc marks dllexport, none of UniFFI's, and maturin then fails
  # with "No UniFFI metadata found" (cargo-zigbuild issue 251).
  win_gcc
  (cd "$ROOT/bindings/python" && env "$profile_var=none" \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    maturin build --target "$target" --profile "$PROFILE" --out "$work/wheel" 2>&1 \
      | grep -Ev '^\s+(Compiling|Fresh|Downloaded|Downloading) ' >&2) \
    || die "maturin build for $platform failed"
  log "build: $platform: maturin took $((SECONDS - t0)) s"
  local wheel; wheel=$(wheel_for "$work/wheel" "$arch")
  case "$(basename "$wheel")" in
    anytype_sdk-*-py3-none-"$arch".whl) ;;
    *) die "$(basename "$wheel"): not tagged py3-none-$arch" ;;
  esac

  # The DLL, stripped of its debug sections (DWARF, mostly the standard library's). UniFFI's
  # bindgen reads a PE's metadata from its export table (the UNIFFI_META_* statics), which
  # --strip-debug leaves alone; checked below by generating the module from the stripped DLL.
  mkdir -p "$work/unpacked" "$work/linux"
  (cd "$work/unpacked" && "$PKG_VENV/bin/python" -m zipfile -e "$wheel" .)
  (cd "$work/linux" && "$PKG_VENV/bin/python" -m zipfile -e "$linux_wheel" .)
  local dll=$work/unpacked/anytype/_ffi/anytype_ffi.dll stripped=$work/anytype_ffi.dll
  [ -f "$dll" ] || die "$(basename "$wheel"): no anytype/_ffi/anytype_ffi.dll inside"
  "$(objcopy_tool)" --strip-debug "$dll" "$stripped" || die "llvm-objcopy --strip-debug failed on $dll"
  win_check_dll "$stripped" no

  local generated=$work/unpacked/anytype/_ffi/anytype_ffi.py
  win_generate "$dll" "$work/gen-unstripped"
  win_generate "$stripped" "$work/gen-stripped"
  cmp -s "$work/gen-unstripped/anytype_ffi.py" "$work/gen-stripped/anytype_ffi.py" \
    || die "the module generated from the stripped DLL differs: stripping lost UniFFI metadata"
  cmp -s "$work/gen-stripped/anytype_ffi.py" "$generated" \
    || die "the module generated from the stripped DLL differs from the one maturin put in the wheel"
  cmp -s "$generated" "$work/linux/anytype/_ffi/anytype_ffi.py" \
    || die "the Windows wheel's anytype_ffi.py differs from the Linux x86-64 wheel's"
  log "ok: uniffi-bindgen generates from the stripped DLL the same anytype_ffi.py as maturin put in the" \
      "wheel, byte-identical to the Linux x86-64 wheel's"

  "$PKG_VENV/bin/python" "$WIN_HERE/windows/finish_wheel.py" "$wheel" "$linux_wheel" "$stripped" >&2 \
    || die "finishing $(basename "$wheel") failed"
  win_check_wheel "$wheel" "$arch" "$stripped"

  rm -f "$DIST"/anytype_sdk-*-"$arch".whl
  mv "$wheel" "$DIST/"
  mkdir -p "$DIST/native/win32-x86-64"
  cp "$stripped" "$DIST/native/win32-x86-64/anytype_ffi.dll"
  log "build: $platform done in $((SECONDS - t0)) s: $(basename "$wheel"), native/win32-x86-64/anytype_ffi.dll"
}

# The DLL: PE32+ for x86-64, no debug sections, the UniFFI metadata exported, only Windows'
# own DLLs imported (no mingw runtime DLL such as libgcc_s or libwinpthread, which a user would
# lack), test hooks present as expected.
win_check_dll() { # dll hooks(yes|no)
  local dll=$1 hooks=$2 name; name=$(basename "$1")
  local headers; headers=$("$(win_llvm readobj)" --file-headers "$dll") || die "$name: not an object file"
  grep -q 'Format: COFF-x86-64' <<< "$headers" || die "$name: not a COFF x86-64 image: $headers"
  grep -q 'IMAGE_FILE_DLL' <<< "$headers" || die "$name: not a DLL"
  local sections; sections=$("$(win_llvm objdump)" -h "$dll")
  if grep -q '\.debug_' <<< "$sections"; then die "$name: has debug sections"; fi
  local exports; exports=$("$(win_llvm readobj)" --coff-exports "$dll")
  local meta; meta=$(grep -c 'Name: UNIFFI_META_' <<< "$exports" || true)
  [ "$meta" -gt 0 ] || die "$name: exports no UNIFFI_META_ symbols"
  local has_hooks=no
  if grep -q '_func_noop_async$' <<< "$exports"; then has_hooks=yes; fi
  [ "$has_hooks" = "$hooks" ] || die "$name: test hooks present=$has_hooks, expected $hooks"
  local imports; imports=$("$(win_llvm readobj)" --coff-imports "$dll" | sed -n 's/^ *Name: \(.*\.dll\)$/\1/Ip' | sort -fu)
  local lib others=""
  for lib in $imports; do
    case "${lib,,}" in
      kernel32.dll | ntdll.dll | advapi32.dll | bcrypt.dll | bcryptprimitives.dll | ws2_32.dll | userenv.dll | msvcrt.dll \
        | ucrtbase.dll | api-ms-win-*.dll | user32.dll | crypt32.dll | secur32.dll | ncrypt.dll \
        | ole32.dll | oleaut32.dll | shell32.dll | iphlpapi.dll | synchronization.dll) ;;
      *) others="$others $lib" ;;
    esac
  done
  [ -z "$others" ] || die "$name: imports DLLs Windows doesn't ship:$others"
  log "ok: $name: COFF x86-64 DLL, no debug sections, $meta UniFFI metadata exports, test hooks: $hooks," \
      "imports only system DLLs ($(echo $imports | tr ' ' ','))"
}

# The wheel: its name's tag and WHEEL's Tag line, the files a user needs, RECORD true, the DLL
# inside the one just checked.
win_check_wheel() { # wheel arch dll
  local wheel=$1 arch=$2 dll=$3 name; name=$(basename "$1")
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && "$PKG_VENV/bin/python" -m zipfile -e "$wheel" .)
  local f
  for f in anytype/_ffi/anytype_ffi.py anytype/_ffi/anytype_ffi.dll anytype/_ffi/anytype_ffi.pyi \
      anytype/blocking.pyi anytype/py.typed anytype/__init__.py; do
    [ -f "$tmp/$f" ] || die "$name: no $f inside"
  done
  if find "$tmp" -name '*.so' | grep -q .; then die "$name: has a .so inside"; fi
  cmp -s "$tmp/anytype/_ffi/anytype_ffi.dll" "$dll" || die "$name: its DLL is not the stripped one"
  grep -qx "Tag: py3-none-$arch" "$tmp"/anytype_sdk-*.dist-info/WHEEL || die "$name: WHEEL has no Tag py3-none-$arch"
  [ "$(grep -c '^Tag:' "$tmp"/anytype_sdk-*.dist-info/WHEEL)" = 1 ] || die "$name: WHEEL has more than one Tag"
  "$PKG_VENV/bin/python" "$WIN_HERE/wheelfile.py" check-record "$tmp" || die "$name: RECORD does not match its files"
  log "ok: $name: tagged py3-none-$arch (name and WHEEL), stubs and py.typed inside, RECORD matches"
  rm -rf "$tmp"
}

# Debian packages, installed with apt-get when missing (as root), else a clear failure.
win_apt() { # package...
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || die "windows: needs the Debian packages $*"
  log "windows: apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2 \
    || die "apt-get install $* failed"
}
win_gcc() { command -v x86_64-w64-mingw32-gcc >/dev/null || win_apt gcc-mingw-w64-x86-64; }

# ---- tests ------------------------------------------------------------------------------------------
win_tools() {
  win_gcc
  [ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null || win_apt wine64
  # Debian's /usr/bin/wine insists on wine32 (i386); the 64-bit loader itself runs PE32+ alone.
  if [ -x /usr/lib/wine/wine64 ]; then WIN_WINE=/usr/lib/wine/wine64; else WIN_WINE=$(command -v wine64); fi
  export WINEPREFIX=$WORK/windows/wine WINEDEBUG=${WINEDEBUG:--all} WINEDLLOVERRIDES="mscoree,mshtml="
  if [ ! -f "$WINEPREFIX/system.reg" ]; then
    log "windows: creating the wine prefix $WINEPREFIX"
    mkdir -p "$WINEPREFIX"
    "$WIN_WINE" wineboot -i >/dev/null 2>&1 || die "wineboot failed"
  fi
  # Debian 12's wine 8.0 lacks bcryptprimitives.dll (Rust's std imports its ProcessPrng; every
  # Windows 10 has it): a stand-in in this private prefix only (windows/bcryptprimitives.c).
  local sys32=$WINEPREFIX/drive_c/windows/system32
  if [ ! -f "$sys32/bcryptprimitives.dll" ]; then
    log "windows: wine has no bcryptprimitives.dll; adding the test stand-in (ProcessPrng) to the prefix"
    x86_64-w64-mingw32-gcc -shared -O2 -Wall -Werror -o "$sys32/bcryptprimitives.dll" \
      "$WIN_HERE/windows/bcryptprimitives.c" -ladvapi32 || die "building the bcryptprimitives stand-in failed"
  fi
}

win_run() { # exe args... (stdout and stderr through, the exe's exit code returned)
  "$WIN_WINE" "$@"
}

test_windows() { # platform
  local platform=$1 arch; arch=$(win_arch "$platform")
  local target; target=$(rust_target "$platform")
  win_tools
  local work=$WORK/windows/test t0=$SECONDS
  rm -rf "$work" && mkdir -p "$work/wheel" "$work/linux"
  local wheel; wheel=$(wheel_for "$DIST" "$arch")
  local linux_wheel; linux_wheel=$(win_linux_wheel)
  (cd "$work/wheel" && "$PKG_VENV/bin/python" -m zipfile -e "$wheel" .)
  (cd "$work/linux" && "$PKG_VENV/bin/python" -m zipfile -e "$linux_wheel" .)
  local dll=$work/wheel/anytype/_ffi/anytype_ffi.dll
  cmp -s "$dll" "$DIST/native/win32-x86-64/anytype_ffi.dll" \
    || die "dist/native/win32-x86-64/anytype_ffi.dll is not the wheel's DLL"

  # 1. The ABI, from a C program that loads the DLL as Windows does (LoadLibrary by path).
  x86_64-w64-mingw32-gcc -O2 -Wall -Wextra -Werror -o "$work/abi_check.exe" "$WIN_HERE/windows/abi_check.c" \
    || die "compiling abi_check.c failed"
  "$PKG_VENV/bin/python" "$WIN_HERE/windows/expect.py" "$work/wheel/anytype/_ffi/anytype_ffi.py" "$work/linux" \
    > "$work/expected.txt" || die "expect.py failed"
  log "test: $platform: abi_check.exe under wine ($(grep -c '^checksum ' "$work/expected.txt") checksums," \
      "$(grep -c '^string ' "$work/expected.txt") calls)"
  win_run "$work/abi_check.exe" "$(win_path "$dll")" "$(win_path "$work/expected.txt")" > "$work/abi.out" 2>&1 \
    || { cat "$work/abi.out" >&2; die "abi_check.exe failed on the wheel's DLL"; }
  grep -v '^ok   ' "$work/abi.out" | sed 's/^/  /' >&2 || true
  grep '^ok   ' "$work/abi.out" | sed 's/^/  /' >&2
  # It can fail: one checksum off by one, and the contract version off by one, must each fail.
  awk '/^checksum / && !done { $3 = ($3 + 1) % 65536; done = 1 } { print }' "$work/expected.txt" > "$work/bad-checksum.txt"
  awk '/^contract / { $3 = $3 + 1 } { print }' "$work/expected.txt" > "$work/bad-contract.txt"
  local bad
  for bad in bad-checksum bad-contract; do
    if win_run "$work/abi_check.exe" "$(win_path "$dll")" "$(win_path "$work/$bad.txt")" > "$work/$bad.out" 2>&1; then
      die "abi_check.exe passed with $bad.txt: it cannot fail"
    fi
    grep -q '^FAIL ' "$work/$bad.out" || die "abi_check.exe failed on $bad.txt without saying what"
  done
  log "test: $platform: abi_check.exe passed on the DLL and failed, as it must, on a wrong checksum and a wrong contract version"

  # 2. The Rust demo (core/examples/demo.rs, as scripts/demo.sh runs it: the sandbox in process),
  # cross-built for Windows with mingw-w64 like the DLL (the same profile settings, so the shared
  # dependencies are reused), run under wine.
  log "test: $platform: building the demo for $target"
  local profile_var; profile_var=CARGO_PROFILE_$(echo "$PROFILE" | tr 'a-z-' 'A-Z_')_STRIP
  local t1=$SECONDS
  (cd "$ROOT" && nice -n 10 env "$profile_var=none" CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    cargo build -q --target "$target" --profile "$PROFILE" -p anytype-core --example demo >&2) \
    || die "building the demo for $target failed"
  local exe=$CARGO_TARGET_DIR/$target/$PROFILE/examples/demo.exe
  [ -f "$exe" ] || die "no $exe"
  log "test: $platform: demo built in $((SECONDS - t1)) s; running it under wine"
  local rc=0 t2=$SECONDS
  win_run "$exe" > "$work/demo.out" 2> "$work/demo.err" || rc=$?
  sed 's/^/  /' "$work/demo.out" >&2
  [ "$rc" = 0 ] || { cat "$work/demo.err" >&2; die "demo.exe exited with $rc under wine"; }
  # Every numbered step, in order, and the flow's end: the task archived.
  local step=1 line
  while IFS= read -r line; do
    case "$line" in "$step. "*) step=$((step + 1)) ;; esac
  done < "$work/demo.out"
  [ "$step" = 13 ] || die "demo.exe: step $step of 12 missing from its output"
  [ "$(tail -n 1 "$work/demo.out")" = "12. archived it: true" ] || die "demo.exe did not end with the task archived"
  log "test: $platform: demo.exe ran the whole flow under wine (exit 0, 12 steps, task archived) in $((SECONDS - t2)) s"
  log "test: $platform passed in $((SECONDS - t0)) s"
}

# A host path as wine sees it (Z: is /).
win_path() { echo "Z:${1//\//\\}"; }

# ---- run directly (not sourced by package.sh): package.sh for this platform alone ----------------------
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  [ $# -gt 0 ] || set -- build test
  build=0 test=0
  for step in "$@"; do
    case "$step" in
      build) build=1 ;;
      test) test=1 ;;
      *) echo "usage: windows.sh [build] [test]" >&2; exit 2 ;;
    esac
  done
  args=()
  if [ "$build" = 1 ] && [ "$test" = 1 ]; then args=(--test); elif [ "$test" = 1 ]; then args=(--test-only); fi
  exec "$WIN_HERE/../package.sh" --platforms windows-x86_64 --skip jar,swift "${args[@]}"
fi
