#!/usr/bin/env bash
# bundle.sh - make a self-contained Swift package of the SDK: a directory a consumer adds as a
# SwiftPM path dependency, with no Rust toolchain and no checkout of this repository.
#
# Usage: bindings/swift/bundle.sh [OUT]      (default OUT: <repo>/dist/swift)
#
# Runs on the host (where cargo is). Steps:
#   1. cargo build --profile dist -p anytype-ffi -p anytype-uniffi-bindgen (the library without
#      the test hooks; skipped when ANYTYPE_LIB_DIR points at a prebuilt library);
#   2. copies the library and strips it: no debug info and no local symbols, except the
#      UNIFFI_META_* symbols that uniffi-bindgen reads from the symbol table (`--library` mode
#      finds no metadata in a library stripped of them);
#   3. generates the Swift bindings from the *stripped* copy (generate.sh with ANYTYPE_LIB_DIR and
#      ANYTYPE_SWIFT_OUT), and checks that they equal the bindings generated from the unstripped
#      library: stripping must not lose the UniFFI metadata;
#   4. writes OUT/Package.swift (bundle/Package.swift), OUT/Sources/AnytypeFFI (header, module
#      map), OUT/Sources/Anytype (generated + the hand-written Sources/Anytype/*.swift) and
#      OUT/lib/libanytype_ffi.{so,dylib}. Files are replaced only when their content changed.
#
# Environment:
#   ANYTYPE_LIB_DIR   directory with a prebuilt libanytype_ffi.{so,dylib} and uniffi-bindgen
#                     (default: <target>/dist after step 1)
#   CARGO, CARGO_TARGET_DIR   as for cargo

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$HERE/../.." && pwd -P)"
CARGO="${CARGO:-cargo}"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"

say() { printf '[bundle] %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

OUT="${1:-$REPO/dist/swift}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd -P)"
case "$OUT/" in
    "$HERE"/*) die "OUT must lie outside bindings/swift (SwiftPM would see a nested package)" ;;
esac

if [ -n "${ANYTYPE_LIB_DIR:-}" ]; then
    LIB_DIR="$(cd "$ANYTYPE_LIB_DIR" && pwd -P)" || die "ANYTYPE_LIB_DIR=$ANYTYPE_LIB_DIR is not a directory"
else
    say "cargo build --profile dist -p anytype-ffi -p anytype-uniffi-bindgen"
    (cd "$REPO" && "$CARGO" build -q --profile dist -p anytype-ffi -p anytype-uniffi-bindgen) ||
        die "cargo build failed"
    LIB_DIR="$TARGET_DIR/dist"
fi

LIB=""
for candidate in "$LIB_DIR/libanytype_ffi.so" "$LIB_DIR/libanytype_ffi.dylib"; do
    if [ -f "$candidate" ]; then
        LIB="$candidate"
        break
    fi
done
[ -n "$LIB" ] || die "no libanytype_ffi.so or libanytype_ffi.dylib in $LIB_DIR"
[ -x "$LIB_DIR/uniffi-bindgen" ] || die "no uniffi-bindgen in $LIB_DIR"
LIB_NAME="$(basename "$LIB")"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/anytype-swift-bundle.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/lib" "$WORK/stripped" "$WORK/unstripped"

# 2. Strip a copy. ELF (Linux): uniffi-bindgen reads the UNIFFI_META_* statics through .symtab,
# so keep those (-K) and drop the rest. Mach-O (macOS): -S drops debug symbols, -x local ones
# (the metadata symbols are global).
cp "$LIB" "$WORK/lib/$LIB_NAME"
case "$LIB_NAME" in
    *.so) strip --strip-unneeded --wildcard --keep-symbol='UNIFFI_META_*' "$WORK/lib/$LIB_NAME" ||
        die "strip failed" ;;
    *.dylib)
        strip -S -x "$WORK/lib/$LIB_NAME" || die "strip failed"
        # rustc records the absolute build path as the install name; the rpath finds this one.
        install_name_tool -id "@rpath/$LIB_NAME" "$WORK/lib/$LIB_NAME" || die "install_name_tool failed"
        ;;
esac
ln -s "$LIB_DIR/uniffi-bindgen" "$WORK/lib/uniffi-bindgen"
if command -v readelf >/dev/null 2>&1 && [ "${LIB_NAME%.so}" != "$LIB_NAME" ]; then
    if readelf -S -W "$WORK/lib/$LIB_NAME" | grep -q '\.debug_'; then
        die "the stripped library still has debug sections"
    fi
fi
say "stripped $LIB_NAME: $(wc -c <"$LIB") -> $(wc -c <"$WORK/lib/$LIB_NAME") bytes"

# 3. The bindings from the stripped library; they must equal those from the original.
ANYTYPE_LIB_DIR="$WORK/lib" ANYTYPE_SWIFT_OUT="$WORK/stripped" "$HERE/generate.sh" ||
    die "no bindings from the stripped library (did stripping lose the UNIFFI_META_* symbols?)"
ANYTYPE_LIB_DIR="$LIB_DIR" ANYTYPE_SWIFT_OUT="$WORK/unstripped" "$HERE/generate.sh" 2>"$WORK/log" ||
    die "no bindings from $LIB: $(cat "$WORK/log")"
diff -r "$WORK/unstripped" "$WORK/stripped" >&2 ||
    die "the bindings generated from the stripped library differ: stripping lost UniFFI metadata"
grep -q '^public func\|^open class\|^public struct' "$WORK/stripped/Sources/Anytype/Generated/Anytype.swift" ||
    die "the generated bindings have no public API"

# 4. Put the bundle together in a staging tree, then place the changed files.
STAGE="$WORK/stage"
mkdir -p "$STAGE/lib" "$STAGE/Sources/Anytype"
cp -R "$WORK/stripped/Sources/." "$STAGE/Sources/"
cp "$HERE"/Sources/Anytype/*.swift "$STAGE/Sources/Anytype/"
cp "$HERE/bundle/Package.swift" "$STAGE/Package.swift"
cp "$WORK/lib/$LIB_NAME" "$STAGE/lib/$LIB_NAME"

# Remove files of an earlier bundle that this one no longer has (only inside Sources/ and lib/).
for sub in Sources lib; do
    if [ -d "$OUT/$sub" ]; then
        (cd "$OUT/$sub" && find . -type f) | while IFS= read -r f; do
            [ -e "$STAGE/$sub/$f" ] || rm -f "$OUT/$sub/$f"
        done
    fi
done
(cd "$STAGE" && find . -type f) | sort | while IFS= read -r f; do
    f="${f#./}"
    if [ -f "$OUT/$f" ] && cmp -s "$STAGE/$f" "$OUT/$f"; then
        continue
    fi
    mkdir -p "$(dirname "$OUT/$f")"
    cp -p "$STAGE/$f" "$OUT/$f.tmp.$$"
    mv -f "$OUT/$f.tmp.$$" "$OUT/$f"
done
say "bundle ready in $OUT (library: $LIB)"
