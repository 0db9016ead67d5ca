#!/usr/bin/env bash
# generate.sh - build the Rust library and generate the Swift bindings into this package.
#
# Runs on the host (where cargo is). Steps:
#   1. cargo build-sdk                            (a no-op when up to date; skipped when
#                                                   ANYTYPE_LIB_DIR points at a prebuilt library)
#   2. uniffi-bindgen generate --library <lib> --language swift   (the workspace's own bindgen,
#                                                   so its version always equals the crate's uniffi),
#      then patch-generated.py (Task cancellation reaches Rust; no fatalError on bad durations)
#   3. places the results, replacing files only when their content changed (so SwiftPM does not
#      recompile needlessly):
#        Sources/AnytypeFFI/AnytypeFFI.h
#        Sources/AnytypeFFI/module.modulemap       (the generated one plus `link "anytype_ffi"`)
#        Sources/Anytype/Generated/Anytype.swift
#
# Environment:
#   ANYTYPE_LIB_DIR   directory holding libanytype_ffi.{so,dylib} (default: <target>/release,
#                     where <target> is $CARGO_TARGET_DIR or <repo>/target)
#   ANYTYPE_SWIFT_OUT package directory to place the files in (default: this directory);
#                     bundle.sh uses it to generate a release bundle
#   CARGO             the cargo to use (default: cargo)

set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REPO="$(cd "$HERE/../.." && pwd -P)"
CARGO="${CARGO:-cargo}"
TARGET_DIR="${CARGO_TARGET_DIR:-$REPO/target}"
DEST="${ANYTYPE_SWIFT_OUT:-$HERE}"

say() { printf '[generate] %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

if [ -n "${ANYTYPE_LIB_DIR:-}" ]; then
    LIB_DIR="$(cd "$ANYTYPE_LIB_DIR" && pwd -P)" || die "ANYTYPE_LIB_DIR=$ANYTYPE_LIB_DIR is not a directory"
else
    LIB_DIR="$TARGET_DIR/release"
    # The same package set as every other script: a different set unifies other features and
    # rebuilds the library.
    say "cargo build-sdk (see .cargo/config.toml)"
    (cd "$REPO" && "$CARGO" build-sdk -q) || die "cargo build failed"
fi

LIB=""
for candidate in "$LIB_DIR/libanytype_ffi.so" "$LIB_DIR/libanytype_ffi.dylib"; do
    if [ -f "$candidate" ]; then
        LIB="$candidate"
        break
    fi
done
[ -n "$LIB" ] || die "no libanytype_ffi.so or libanytype_ffi.dylib in $LIB_DIR"

OUT="$(mktemp -d "${TMPDIR:-/tmp}/anytype-swift-gen.XXXXXX")"
trap 'rm -rf "$OUT"' EXIT

BINDGEN="$LIB_DIR/uniffi-bindgen"
[ -x "$BINDGEN" ] || die "no uniffi-bindgen in $LIB_DIR (cargo build-sdk builds it)"
say "uniffi-bindgen generate --library $LIB --language swift"
(cd "$REPO" && "$BINDGEN" generate --no-format --library "$LIB" \
    --language swift --out-dir "$OUT") || die "uniffi-bindgen failed"

for f in Anytype.swift AnytypeFFI.h AnytypeFFI.modulemap; do
    [ -f "$OUT/$f" ] || die "uniffi-bindgen did not produce $f (check [bindings.swift] in uniffi.toml)"
done

# Cancellation and duration fixes for the generated runtime (see patch-generated.py).
python3 "$HERE/patch-generated.py" "$OUT/Anytype.swift" || die "patching the generated Swift failed"

# SwiftPM wants the file to be called module.modulemap, and the module must link the library.
awk '{ print } /^[[:space:]]*header[[:space:]]+"AnytypeFFI.h"/ { print "    link \"anytype_ffi\"" }' \
    "$OUT/AnytypeFFI.modulemap" >"$OUT/module.modulemap"
grep -q 'link "anytype_ffi"' "$OUT/module.modulemap" ||
    die "unexpected modulemap from uniffi-bindgen (no header line): $(cat "$OUT/AnytypeFFI.modulemap")"

place() {
    local src=$1 dst=$2
    mkdir -p "$(dirname "$dst")"
    if [ -f "$dst" ] && cmp -s "$src" "$dst"; then
        return 0
    fi
    cp "$src" "$dst.tmp.$$"
    mv -f "$dst.tmp.$$" "$dst"
    say "updated ${dst#"$DEST"/}"
}

place "$OUT/AnytypeFFI.h" "$DEST/Sources/AnytypeFFI/AnytypeFFI.h"
place "$OUT/module.modulemap" "$DEST/Sources/AnytypeFFI/module.modulemap"
place "$OUT/Anytype.swift" "$DEST/Sources/Anytype/Generated/Anytype.swift"
say "bindings ready (library: $LIB)"
