#!/usr/bin/env bash
# Install what the project needs, using what is already there.
#
#   scripts/setup.sh            everything: Rust check, Python venv, JDK + Maven, Swift
#   scripts/setup.sh rust python
#
# Parts: rust, python, kotlin, swift. On a developer's laptop it only fills gaps; on a fresh
# Debian machine (CI) it installs JDK/Maven with apt and Swift 6 in a Debian trixie root
# (scripts/swift-env.sh). It never downloads toolchains from anywhere but the package registries.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${ANYTYPE_VENV:-$ROOT/.venv}
log() { printf '[setup] %s\n' "$*" >&2; }

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    log "missing: $* (no apt-get here: install them with your package manager)"
    return 1
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -z "${_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq >/dev/null
    _APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

setup_rust() {
  [ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
  if ! command -v cargo >/dev/null 2>&1; then
    log "cargo not found: install Rust (https://rustup.rs) and run this again"
    return 1
  fi
  log "rust: $(rustc --version)"
  if command -v rustup >/dev/null 2>&1; then
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt >/dev/null 2>&1 || true
  fi
}

setup_python() {
  local py=${PYTHON:-python3}
  if ! command -v "$py" >/dev/null 2>&1; then
    apt_install python3 python3-venv python3-pip
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    log "python: creating $VENV"
    "$py" -m venv "$VENV" 2>/dev/null || { apt_install python3-venv; "$py" -m venv "$VENV"; }
  fi
  if ! "$VENV/bin/python" -c 'import maturin, pytest, pytest_asyncio, pytest_timeout, mypy' 2>/dev/null; then
    log "python: installing maturin, pytest, pytest-asyncio, pytest-timeout, mypy into $VENV"
    "$VENV/bin/pip" install -q -U pip
    "$VENV/bin/pip" install -q "maturin>=1.16,<2" "pytest>=8" "pytest-asyncio>=0.24" "pytest-timeout>=2.3" "mypy>=1.10"
  fi
  log "python: $("$VENV/bin/python" --version)"
}

setup_kotlin() {
  if ! command -v javac >/dev/null 2>&1 || ! javac -version 2>&1 | grep -Eq 'javac (1[7-9]|[2-9][0-9])'; then
    log "kotlin: installing a JDK (17)"
    apt_install openjdk-17-jdk-headless
  fi
  if ! command -v mvn >/dev/null 2>&1; then
    log "kotlin: installing Maven"
    apt_install maven
  fi
  log "kotlin: $(javac -version 2>&1), $(mvn -v 2>/dev/null | head -1 | sed 's/\x1b\[[0-9;]*m//g')"
}

setup_swift() {
  "$ROOT/scripts/swift-env.sh" setup
}

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(rust python kotlin swift)
for part in "${parts[@]}"; do
  case "$part" in
    rust) setup_rust ;;
    python) setup_python ;;
    kotlin) setup_kotlin ;;
    swift) setup_swift ;;
    *) log "unknown part $part (rust, python, kotlin, swift)"; exit 2 ;;
  esac
done
