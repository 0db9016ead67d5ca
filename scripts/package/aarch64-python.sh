#!/usr/bin/env bash
# An aarch64 Python to run the aarch64 wheel's tests on an x86-64 machine, under qemu-user-static.
#
#   scripts/package/aarch64-python.sh ROOT     makes ROOT (once) and prints ROOT/bin/python3
#
# Debian's own arm64 packages (python3 and the libraries it loads), fetched with `apt-get download`
# through a private apt state (the system's sources, architecture arm64) and unpacked with
# `dpkg-deb -x` into ROOT: the machine's dpkg is left alone (no multiarch). ROOT/bin/python3 runs
# the interpreter with qemu-aarch64-static and ROOT as the library prefix (QEMU_LD_PREFIX).
set -euo pipefail

ROOT=${1:?usage: aarch64-python.sh ROOT}
mkdir -p "$ROOT"
ROOT=$(cd "$ROOT" && pwd)
log() { printf '[aarch64-python] %s\n' "$*" >&2; }

if [ -x "$ROOT/bin/python3" ] && grep -q -- ' -0 ' "$ROOT/bin/python3" \
    && "$ROOT/bin/python3" -c 'import ctypes, ssl, sqlite3' 2>/dev/null; then
  echo "$ROOT/bin/python3"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v qemu-aarch64-static >/dev/null 2>&1; then
  log "installing qemu-user-static"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends qemu-user-static >/dev/null
fi

# A private apt: the system's sources, arm64 only, its own lists, cache and (empty) dpkg status.
APT_DIR="$ROOT/.apt"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/debs"
: > "$APT_DIR/status"
apt_opts=(
  -o APT::Architecture=arm64 -o APT::Architectures=arm64
  -o Dir::State::Lists="$APT_DIR/lists" -o Dir::State::Status="$APT_DIR/status"
  -o Dir::Cache="$APT_DIR/cache" -o Debug::NoLocking=1 -o APT::Sandbox::User="$(id -un)"
)
log "reading the arm64 package lists"
apt-get "${apt_opts[@]}" update -qq >/dev/null

# python3.11 and every library it and the SDK's native library load, by their dependencies
# (Pre-)Depends, recursively, without the tools (debconf, perl, ...) that only installing needs.
wanted=(python3.11-minimal libpython3.11-stdlib libgcc-s1)
mapfile -t pkgs < <(apt-cache "${apt_opts[@]}" depends --recurse --no-recommends --no-suggests \
    --no-conflicts --no-breaks --no-replaces --no-enhances "${wanted[@]}" \
  | grep -v '^ ' | grep -v '^<' | sed 's/:arm64$//' | sort -u \
  | grep -Ev '^(debconf|debconf-2.0|perl-base|perl|perl-modules-5.36|libperl5.36|libgdbm-compat4|mime-support|dpkg|tar|install-info|media-types|tzdata|cdebconf|readline-common|netbase|mailcap)$')
log "fetching ${#pkgs[@]} arm64 packages"
(cd "$APT_DIR/debs" && apt-get "${apt_opts[@]}" download "${pkgs[@]}" >/dev/null)
for deb in "$APT_DIR/debs"/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done

mkdir -p "$ROOT/bin"
cat > "$ROOT/bin/python3" <<SH
#!/bin/sh
# Debian's arm64 python3.11 under qemu-aarch64-static, its libraries from $ROOT; argv[0] (so
# sys.executable, which subprocesses run) is this script.
QEMU_LD_PREFIX="$ROOT" exec qemu-aarch64-static -0 "$ROOT/bin/python3" "$ROOT/usr/bin/python3.11" "\$@"
SH
chmod +x "$ROOT/bin/python3"
"$ROOT/bin/python3" -c 'import ctypes, platform, ssl, subprocess, sys; assert platform.machine() == "aarch64"; subprocess.run([sys.executable, "-c", ""], check=True)'
echo "$ROOT/bin/python3"
