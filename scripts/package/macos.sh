# shellcheck shell=bash
# The macOS artefacts, sourced by scripts/package.sh: `build_macos P` and `test_macos P` for
# P = macos-arm64 (aarch64-apple-darwin) or macos-x86_64 (x86_64-apple-darwin). See
# docs/packaging/macos.md. Built on Linux with zig and without Apple's SDK; inspected here, never
# run: these artefacts are untested on a Mac.
#
# Why no SDK is needed: the only Apple libraries the crate graph links by default are the Security
# and CoreFoundation frameworks, through rustls-platform-verifier. The macOS build leaves it out:
# anytype-ffi with `--no-default-features --features webpki-roots` (https trusts Mozilla's roots as
# compiled in, plus the configured extra roots, not the keychain), and reqwest 0.13.5, whose
# `rustls-no-provider` feature still pulls the platform verifier in (upstream issue
# seanmonstar/reqwest#2948), patched to make it a feature of its own
# (scripts/package/reqwest-0.13.5-no-platform-verifier.patch). The patch is applied in a copy of
# the source tree ($WORK/macos-src, with a [patch.crates-io] in its .cargo/config.toml), so the
# checkout's Cargo.lock and every other build stay as they are.
#
# The install name is set to @rpath/libanytype_ffi.dylib (rustc leaves the linker's default, the
# build path; rustc flags after maturin's `--` reach the cdylib's link only).
#
# What build_macos leaves: dist/anytype_sdk-<v>-py3-none-macosx_<minos>_<arch>.whl and
# dist/native/darwin-<arch>/libanytype_ffi.dylib (the same stripped library).

macos_arch() { case "$1" in macos-arm64) echo arm64 ;; macos-x86_64) echo x86_64 ;; *) die "not a macOS platform: $1" ;; esac; }
macos_jna_dir() { case "$1" in macos-arm64) echo darwin-aarch64 ;; macos-x86_64) echo darwin-x86-64 ;; esac; }
# The minimum macOS: rustc's default deployment target for each target, set explicitly so that the
# linker's LC_BUILD_VERSION and the wheel's tag can't disagree.
macos_min_os() { case "$1" in macos-arm64) echo 11.0 ;; macos-x86_64) echo 10.12 ;; esac; }
MACOS_FEATURES=(--no-default-features --features webpki-roots)
MACOS_REQWEST=0.13.5
MACOS_PATCH=$ROOT/scripts/package/reqwest-$MACOS_REQWEST-no-platform-verifier.patch

macos_tool() { echo "$(dirname "$(objcopy_tool)")/$1"; }

# A fresh copy of the source tree (tracked and untracked files, not ignored ones), with the
# patched reqwest.
macos_source() {
  local src=$WORK/macos-src
  rm -rf "$src" && mkdir -p "$src"
  # (Checked step by step: this runs in a command substitution, where `set -e` doesn't apply.)
  local files=$WORK/macos-src.files
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard) > "$files" \
    || die "macos: git ls-files in $ROOT failed"
  (cd "$ROOT" && tar --null --ignore-failed-read -T "$files" -cf - 2>/dev/null) | tar -xf - -C "$src" \
    || die "macos: copying the source tree failed"
  [ -f "$src/Cargo.toml" ] || die "macos: the source copy has no Cargo.toml"
  local manifest
  manifest=$(cd "$ROOT" && cargo metadata --format-version 1 --locked 2>/dev/null | "$PKG_VENV/bin/python" -c '
import json, sys
m = json.load(sys.stdin)
print(next(p["manifest_path"] for p in m["packages"] if p["name"] == "reqwest" and p["version"] == sys.argv[1]))' "$MACOS_REQWEST") \
    || die "macos: no reqwest $MACOS_REQWEST in Cargo.lock (the patch is for that version)"
  cp -a "$(dirname "$manifest")" "$src/.reqwest" && chmod -R u+w "$src/.reqwest" || die "macos: copying reqwest failed"
  patch -s -p1 -d "$src/.reqwest" < "$MACOS_PATCH" || die "macos: $MACOS_PATCH does not apply"
  # The patched files get the patch's time, so an unchanged patch doesn't rebuild reqwest (the
  # tree's other files keep their own times through tar).
  sed -n 's|^+++ b/||p' "$MACOS_PATCH" | (cd "$src/.reqwest" && xargs touch -r "$MACOS_PATCH") \
    || die "macos: setting the patched files' times failed"
  mkdir -p "$src/.cargo"
  if grep -qs '^\[patch' "$src/.cargo/config.toml"; then die "macos: .cargo/config.toml already has a [patch]"; fi
  printf '\n# scripts/package/macos.sh: reqwest without rustls-platform-verifier\n[patch.crates-io]\nreqwest = { path = "%s" }\n' \
    "$src/.reqwest" >> "$src/.cargo/config.toml" || die "macos: writing $src/.cargo/config.toml failed"
  echo "$src"
}

build_macos() { # platform
  local platform=$1 target arch minos jna
  target=$(rust_target "$platform"); arch=$(macos_arch "$platform")
  minos=$(macos_min_os "$platform"); jna=$(macos_jna_dir "$platform")
  local src; src=$(macos_source)
  # Nothing of Apple's SDK in the crate graph: no platform verifier, no *-framework crates.
  local tree
  tree=$(cd "$src" && cargo tree -q -e normal,build --target "$target" -p anytype-ffi "${MACOS_FEATURES[@]}" --prefix none) \
    || die "macos: cargo tree for $target failed"
  if grep -E '^(rustls-platform-verifier|security-framework|core-foundation|objc2|system-configuration)' <<< "$tree"; then
    die "macos: the $target crate graph still links Apple frameworks (crates above)"
  fi
  local out=$WORK/stage/$platform profile_var
  profile_var=CARGO_PROFILE_$(echo "$PROFILE" | tr 'a-z-' 'A-Z_')_STRIP
  rm -rf "$out" && mkdir -p "$out"
  log "build: $platform ($target, macOS $minos+, ${MACOS_FEATURES[*]}, profile $PROFILE)"
  local t0=$SECONDS
  (cd "$src/bindings/python" && env "$profile_var=none" MACOSX_DEPLOYMENT_TARGET="$minos" \
    maturin build --zig --target "$target" --profile "$PROFILE" --out "$out" "${MACOS_FEATURES[@]}" \
      -- -C link-arg=-Wl,-install_name,@rpath/libanytype_ffi.dylib 2>&1 \
      | grep -Ev '^\s+(Compiling|Fresh|Downloaded|Downloading) ' >&2) \
    || die "maturin build for $platform failed"
  log "build: $platform built in $((SECONDS - t0)) s"
  local tag=macosx_${minos//./_}_$arch wheel
  wheel=$(wheel_for "$out" "$tag")
  # Stripped, the generated module compared with the Linux one, its stubs, RECORD.
  local linux; linux=$(wheel_for "$DIST" manylinux_2_17_x86_64)
  "$PKG_VENV/bin/python" "$ROOT/scripts/package/macos_wheel.py" "$wheel" "$linux" "$(objcopy_tool)" >&2 \
    || die "$platform: finishing $(basename "$wheel") failed"
  rm -f "$DIST"/anytype_sdk-*-py3-none-macosx_*_"$arch".whl
  mv "$wheel" "$DIST/"
  wheel=$DIST/$(basename "$wheel")
  native_from_wheel "$wheel" "$DIST/native/$jna"
  check_macos_wheel "$platform" "$wheel" "$CARGO_TARGET_DIR/$target/$PROFILE/libanytype_ffi.dylib"
}

# The wheel's tag and files, and what uniffi-bindgen makes of its stripped library: the same
# Python as from the unstripped one and as the Linux wheel's module.
check_macos_wheel() { # platform wheel unstripped-dylib
  local platform=$1 wheel=$2 unstripped=$3 arch minos name
  arch=$(macos_arch "$platform"); minos=$(macos_min_os "$platform"); name=$(basename "$wheel")
  [[ "$name" == anytype_sdk-*-py3-none-macosx_${minos//./_}_$arch.whl ]] \
    || die "$name: not tagged py3-none-macosx_${minos//./_}_$arch"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && "$PKG_VENV/bin/python" -m zipfile -e "$wheel" w)
  grep -qx "Tag: py3-none-macosx_${minos//./_}_$arch" "$tmp"/w/anytype_sdk-*.dist-info/WHEEL \
    || die "$name: WHEEL has no Tag py3-none-macosx_${minos//./_}_$arch"
  local f
  for f in anytype/_ffi/libanytype_ffi.dylib anytype/_ffi/anytype_ffi.py anytype/_ffi/anytype_ffi.pyi \
      anytype/blocking.pyi anytype/py.typed; do
    [ -f "$tmp/w/$f" ] || die "$name: no $f inside"
  done
  "$PKG_VENV/bin/python" "$ROOT/scripts/package/wheelfile.py" check-record "$tmp/w" \
    || die "$name: RECORD does not match its files"
  [ -f "$unstripped" ] || die "$platform: no unstripped library at $unstripped"
  # The workspace's uniffi-bindgen: maturin has just built it (`cargo run --bin uniffi-bindgen`, dev
  # profile) for the wheel's module; built here if not.
  local bindgen=$CARGO_TARGET_DIR/debug/uniffi-bindgen
  if [ ! -x "$bindgen" ]; then
    (cd "$ROOT" && cargo build -q -p anytype-uniffi-bindgen) || die "building uniffi-bindgen failed"
  fi
  local which
  for which in stripped unstripped; do
    local lib=$tmp/w/anytype/_ffi/libanytype_ffi.dylib
    [ "$which" = unstripped ] && lib=$unstripped
    (cd "$ROOT/bindings" && "$bindgen" generate --library "$lib" --language python --no-format \
        --out-dir "$tmp/$which" >/dev/null 2>"$tmp/$which.log") \
      || { cat "$tmp/$which.log" >&2; die "$platform: uniffi-bindgen on the $which library failed"; }
  done
  cmp -s "$tmp/stripped/anytype_ffi.py" "$tmp/unstripped/anytype_ffi.py" \
    || die "$platform: the Python generated from the stripped library differs: stripping lost UniFFI metadata"
  cmp -s "$tmp/stripped/anytype_ffi.py" "$tmp/w/anytype/_ffi/anytype_ffi.py" \
    || die "$platform: uniffi-bindgen's Python from the stripped library differs from the wheel's module"
  log "ok: $name: tag py3-none-macosx_${minos//./_}_$arch, RECORD right, stubs in, generated module equal" \
      "to the Linux wheel's and to uniffi-bindgen's from the stripped library"
  rm -rf "$tmp"
}

# What can be checked without a Mac, with rustup's llvm tools: the Mach-O header, load commands,
# linked libraries, install name, symbols and code signature of the library in dist/native/ and
# in the wheel (the same bytes). Every check fails the script.
test_macos() { # platform
  local platform=$1 arch minos jna
  arch=$(macos_arch "$platform"); minos=$(macos_min_os "$platform"); jna=$(macos_jna_dir "$platform")
  local lib=$DIST/native/$jna/libanytype_ffi.dylib wheel
  wheel=$(wheel_for "$DIST" "macosx_${minos//./_}_$arch")
  [ -f "$lib" ] || die "$platform: no $lib"
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && "$PKG_VENV/bin/python" -m zipfile -e "$wheel" w)
  cmp -s "$lib" "$tmp/w/anytype/_ffi/libanytype_ffi.dylib" || die "$platform: $lib differs from the wheel's library"
  local objdump nm; objdump=$(macos_tool llvm-objdump); nm=$(macos_tool llvm-nm)
  local headers; headers=$("$objdump" --macho --private-headers "$lib") || die "$platform: objdump failed"
  # Mach header: 64-bit, the architecture, a dylib.
  local want_cpu=ARM64; [ "$arch" = x86_64 ] && want_cpu=X86_64
  grep -Eq "^ *MH_MAGIC_64 +$want_cpu .* DYLIB " <<< "$headers" \
    || die "$platform: not a 64-bit $want_cpu dylib: $(grep -m1 MH_MAGIC <<< "$headers")"
  # Minimum macOS: LC_BUILD_VERSION (platform macos) minos, or LC_VERSION_MIN_MACOSX version.
  local found_min
  found_min=$(awk '/cmd LC_BUILD_VERSION/ {b=1} b && /platform/ {p=$2} b && /minos/ {print p, $2; exit}
                   /cmd LC_VERSION_MIN_MACOSX/ {v=1} v && /version/ {print "macos", $2; exit}' <<< "$headers")
  [ "$found_min" = "macos $minos" ] || [ "$found_min" = "1 $minos" ] \
    || die "$platform: minimum OS is '$found_min', the wheel's tag says macos $minos"
  # Install name, and the libraries it loads: only the OS's own under /usr/lib, no framework.
  local id; id=$(awk '/cmd LC_ID_DYLIB/ {f=1} f && / name / {print $2; exit}' <<< "$headers")
  [ "$id" = "@rpath/libanytype_ffi.dylib" ] || die "$platform: install name is '$id', not @rpath/libanytype_ffi.dylib"
  local loads; loads=$(awk '/cmd LC_(LOAD|LOAD_WEAK|REEXPORT|LAZY_LOAD)_DYLIB/ {f=1} f && / name / {print $2; f=0}' <<< "$headers")
  [ -n "$loads" ] || die "$platform: loads no library at all (expected libSystem)"
  grep -qx '/usr/lib/libSystem.B.dylib' <<< "$loads" || die "$platform: does not load /usr/lib/libSystem.B.dylib: $loads"
  if grep -v -E '^/usr/lib/lib[A-Za-z0-9_.+-]+\.dylib$' <<< "$loads"; then
    die "$platform: loads something other than /usr/lib's libraries (above)"
  fi
  if grep -q 'cmd LC_RPATH' <<< "$headers"; then die "$platform: has an LC_RPATH: $(grep -A2 'cmd LC_RPATH' <<< "$headers")"; fi
  if grep -Eq 'segname __DWARF|sectname __debug_' <<< "$headers"; then die "$platform: has DWARF sections"; fi
  # Symbols: the exported UniFFI functions (uniffi_anytype_core_*, ffi_anytype_core_*) are the Linux
  # library's, the metadata is there, no debugger (stab) symbols, no test hooks, and nothing
  # undefined from Security or CoreFoundation.
  local exported undefined all_syms
  exported=$("$nm" --extern-only --defined-only --just-symbol-name "$lib") || die "$platform: nm failed"
  undefined=$("$nm" --undefined-only --just-symbol-name "$lib")
  all_syms=$("$nm" -a "$lib")
  local fns meta stabs
  fns=$(grep -c '^_uniffi_anytype_core_fn_' <<< "$exported" || true)
  meta=$(grep -c '^_UNIFFI_META_' <<< "$exported" || true)
  stabs=$(awk '$2 == "-"' <<< "$all_syms" | wc -l)
  [ "$meta" -gt 0 ] || die "$platform: no exported UNIFFI_META_ symbols"
  [ "$fns" -gt 0 ] || die "$platform: no exported uniffi_anytype_core_fn_ functions"
  [ "$stabs" -eq 0 ] || die "$platform: $stabs debugger (stab) symbols left: not stripped"
  if grep -q 'noop_async' <<< "$exported"; then die "$platform: the test hooks are in the user's library"; fi
  if grep -E '^_(Sec|CF)[A-Z]' <<< "$undefined" | head -3 | grep .; then
    die "$platform: calls into Security/CoreFoundation (above)"
  fi
  local linux_so=$DIST/native/linux-x86-64/libanytype_ffi.so
  [ -f "$linux_so" ] || die "$platform: no $linux_so to compare the exports with (build linux-x86_64)"
  # (The exports' prefix is the crate that defines them, anytype_core; anytype_ffi_ is the wake pipe.)
  local ffi_names='^(uniffi_anytype_core_|ffi_anytype_core_|anytype_ffi_)'
  diff <(sed -n 's/^_//p' <<< "$exported" | grep -E "$ffi_names" | LC_ALL=C sort) \
       <("$nm" -D --defined-only --just-symbol-name "$linux_so" | grep -E "$ffi_names" | LC_ALL=C sort) >&2 \
    || die "$platform: the exported UniFFI functions differ from the Linux library's (diff above: < macOS, > Linux)"
  # The code signature (arm64 macOS loads only signed code; the linker signs ad hoc, stripping
  # must have kept the signature valid): every page hash of the CodeDirectory.
  local sig
  sig=$("$PKG_VENV/bin/python" "$ROOT/scripts/package/macho_signature.py" "$lib" "$arch") \
    || die "$platform: code signature: $sig"
  log "ok: $platform: $want_cpu dylib, macOS $minos+, install name $id, loads only $(paste -sd' ' <<< "$loads")," \
      "$fns uniffi_anytype_core_fn_ functions (the Linux library's exports), $meta UNIFFI_META_ symbols, no stabs or DWARF, $sig"
  log "note: $platform is inspected only: untested on a Mac (see docs/packaging/macos.md)"
  rm -rf "$tmp"
}
