#!/usr/bin/env bash
# swift-env.sh - provide a Swift 6 toolchain for building and testing the Swift bindings.
#
# Usage:
#   scripts/swift-env.sh setup                      install whatever is missing (no-op when ready)
#   scripts/swift-env.sh run <dir> -- <command...>  run <command> with working directory <dir>
#   scripts/swift-env.sh status                     print how Swift is provided and whether it is ready
#   scripts/swift-env.sh clean                      delete the Swift root (chroot route only)
#
# If `swift` is on PATH (macOS with Xcode, a Linux machine with Swift) it is used directly:
# `setup` does nothing and `run` runs the command in <dir>.
#
# Otherwise (Debian 12 has no Swift and Debian 13's swiftlang needs glibc >= 2.38) the toolchain
# lives in a Debian trixie root made with debootstrap, containing swiftlang, libc6-dev and
# libstdc++-14-dev, and `run` executes the command in it with chroot. Requires root. Inside:
#   - this checkout is bind-mounted at the same absolute path, so absolute paths in build files
#     work; so is <dir> if it lies outside the checkout, and every path in ANYTYPE_SWIFT_BINDS;
#   - /proc and /dev are mounted; /tmp is the root's own /tmp; HOME=/root (SwiftPM caches
#     persist there between runs);
#   - the environment is reset; TERM, LD_LIBRARY_PATH, RUST_LOG, RUST_BACKTRACE, CI, the proxy
#     variables and the names listed in ANYTYPE_SWIFT_PASSENV are passed through. Variables can
#     also be set in the command itself: `run <dir> -- env LD_LIBRARY_PATH=/x swift test`.
# Mounts are made in a private mount namespace (unshare) when possible, so they are never visible
# on the host and vanish even if the script is killed; otherwise they are made on the host,
# shared between concurrent runs, and removed by the last run to finish. The command's exit code
# is propagated. `run` performs `setup` first if the root is missing.
#
# Environment:
#   ANYTYPE_SWIFT_ROOT     the trixie root (default /opt/anytype-sdk/swift-trixie; keep it
#                          outside the checkout). Setup log and locks live next to it.
#   ANYTYPE_SWIFT_MODE     auto (default) | native | chroot
#   ANYTYPE_SWIFT_MIRROR   Debian mirror (default http://deb.debian.org/debian)
#   ANYTYPE_SWIFT_BINDS    colon-separated absolute host paths to bind-mount at the same path
#   ANYTYPE_SWIFT_PASSENV  space-separated names of extra variables to pass into the root
#   ANYTYPE_SWIFT_NO_UNSHARE=1  make mounts on the host even when unshare works

set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
SELF="$SCRIPT_DIR/$(basename "${BASH_SOURCE[0]}")"
CHECKOUT="$(cd "$SCRIPT_DIR/.." && pwd -P)"

ROOT="${ANYTYPE_SWIFT_ROOT:-/opt/anytype-sdk/swift-trixie}"
ROOT="${ROOT%/}"
MODE="${ANYTYPE_SWIFT_MODE:-auto}"
MIRROR="${ANYTYPE_SWIFT_MIRROR:-http://deb.debian.org/debian}"
SUITE="trixie"
PACKAGES=(swiftlang libc6-dev libstdc++-14-dev)
# Bump the first field to force existing roots to be re-provisioned.
SPEC="anytype-swift-env 1; suite=$SUITE; packages=${PACKAGES[*]}"

PARENT="$(dirname "$ROOT")"
NAME="$(basename "$ROOT")"
PARTIAL="$PARENT/.$NAME.partial"
LOG="$PARENT/$NAME.setup.log"
SETUP_LOCK="$PARENT/.$NAME.setup.lock"
RUN_LOCK="$PARENT/.$NAME.run.lock"
MOUNT_LOCK="$PARENT/.$NAME.mount.lock"
MARKER_NAME=".anytype-swift-env"
STAGE1_NAME=".anytype-swift-env.debootstrapped"
CHROOT_PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

say() { printf '[swift-env] %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

usage() {
    sed -n '2,8p' "$SELF" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

# ---------------------------------------------------------------------------------------------
# helpers

use_native() {
    case "$MODE" in
        native)
            command -v swift >/dev/null 2>&1 || die "ANYTYPE_SWIFT_MODE=native but no swift on PATH"
            return 0
            ;;
        chroot) return 1 ;;
        auto) command -v swift >/dev/null 2>&1 ;;
        *) die "ANYTYPE_SWIFT_MODE must be auto, native or chroot (got '$MODE')" ;;
    esac
}

check_chroot_prereqs() {
    [ "$(id -u)" -eq 0 ] || die "no swift on PATH; the chroot route needs root (run with sudo)"
    [ -n "$ROOT" ] || die "ANYTYPE_SWIFT_ROOT must not be /"
    case "$ROOT" in
        /*) ;;
        *) die "ANYTYPE_SWIFT_ROOT must be an absolute path (got '$ROOT')" ;;
    esac
    case "$ROOT" in
        *[[:space:]]*) die "ANYTYPE_SWIFT_ROOT must not contain whitespace" ;;
    esac
    case "$CHECKOUT/" in
        "$ROOT"/*) die "the checkout must not lie inside ANYTYPE_SWIFT_ROOT" ;;
    esac
    case "$ROOT/" in
        "$CHECKOUT"/*) die "ANYTYPE_SWIFT_ROOT must lie outside the checkout ($CHECKOUT)" ;;
    esac
    mkdir -p "$PARENT"
    PATH="$PATH:/usr/sbin:/sbin" # debootstrap, chroot
}

# trixie's /usr/bin/swift is an absolute symlink, dangling when seen from the host.
has_swift() { [ -L "$ROOT/usr/bin/swift" ] || [ -x "$ROOT/usr/bin/swift" ]; }

is_ready() {
    has_swift && [ -f "$ROOT/$MARKER_NAME" ] &&
        [ "$(cat "$ROOT/$MARKER_NAME" 2>/dev/null)" = "$SPEC" ]
}

can_unshare() {
    [ "${ANYTYPE_SWIFT_NO_UNSHARE:-0}" != 1 ] &&
        command -v unshare >/dev/null 2>&1 &&
        unshare --mount --propagation private true >/dev/null 2>&1
}

# Print the mount points at or below $1 in this mount namespace, deepest first.
mounts_under() {
    local prefix=$1 target
    findmnt -rn -o TARGET | while IFS= read -r target; do
        target="$(printf '%b' "$target")" # findmnt escapes spaces etc. as \xHH
        case "$target" in
            "$prefix" | "$prefix"/*) printf '%s\n' "$target" ;;
        esac
    done | sort -r
}

unmount_under() {
    local mp
    while IFS= read -r mp; do
        [ -n "$mp" ] || continue
        umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || say "warning: could not unmount $mp"
    done < <(mounts_under "$1")
}

# Delete a directory tree, refusing to do so while anything is mounted below it (a bind-mounted
# checkout would otherwise be deleted with it).
safe_rm() {
    local dir=$1
    [ -e "$dir" ] || return 0
    unmount_under "$dir"
    if [ -n "$(mounts_under "$dir")" ]; then
        die "refusing to delete $dir: something is still mounted below it"
    fi
    rm -rf --one-file-system -- "$dir"
}

# Mount unless already a mount point; make it a slave so nothing propagates back to the host.
mount_at() {
    local target=$1
    shift
    mkdir -p "$target"
    mountpoint -q "$target" && return 0
    mount "$@" "$target"
    mount --make-rslave "$target"
}

log_tail_and_die() {
    say "error: $1 (log: $LOG); last lines:"
    tail -n 40 "$LOG" >&2 || true
    exit 1
}

# Run a command inside a root (for provisioning), output to the log.
in_root() {
    local dir=$1
    shift
    local envs=(HOME=/root PATH="$CHROOT_PATH" LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive)
    local v
    for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY; do
        if [ -n "${!v+x}" ]; then envs+=("$v=${!v}"); fi
    done
    printf '+ [%s] chroot %s %s\n' "$(date +%T)" "$dir" "$*" >>"$LOG"
    chroot "$dir" /usr/bin/env -i "${envs[@]}" "$@" >>"$LOG" 2>&1
}

# ---------------------------------------------------------------------------------------------
# setup

ensure_debootstrap() {
    if command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ]; then
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 || die "debootstrap is missing and there is no apt-get to install it"
    say "installing debootstrap on the host"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y --no-install-recommends debootstrap >>"$LOG" 2>&1; then
        # The package lists may be missing or stale; unreachable third-party sources make
        # `apt-get update` fail without harming Debian's own lists, so ignore its exit code.
        apt-get update >>"$LOG" 2>&1 || true
        apt-get install -y --no-install-recommends debootstrap >>"$LOG" 2>&1 ||
            log_tail_and_die "could not install debootstrap"
    fi
}

# Build or update the root in $1. Runs in a private mount namespace when possible.
provision() {
    local dir=$1
    # shellcheck disable=SC2064 # expand now: $dir is local (and has no quotes or spaces)
    trap "unmount_under '$dir'" EXIT
    if [ ! -f "$dir/$STAGE1_NAME" ]; then
        unmount_under "$dir"
        safe_rm "$dir"
        say "debootstrap $SUITE (minbase) into $dir"
        printf '+ [%s] debootstrap --variant=minbase %s %s %s\n' "$(date +%T)" "$SUITE" "$dir" "$MIRROR" >>"$LOG"
        debootstrap --variant=minbase "$SUITE" "$dir" "$MIRROR" >>"$LOG" 2>&1 ||
            log_tail_and_die "debootstrap failed"
        : >"$dir/$STAGE1_NAME"
    fi
    cp -L /etc/resolv.conf "$dir/etc/resolv.conf" 2>/dev/null || true
    mount_at "$dir/proc" -t proc proc
    mount_at "$dir/dev" --rbind /dev
    say "apt-get install ${PACKAGES[*]} (in the $SUITE root)"
    in_root "$dir" dpkg --configure -a || log_tail_and_die "dpkg --configure -a failed"
    in_root "$dir" apt-get update || log_tail_and_die "apt-get update failed"
    in_root "$dir" apt-get install -y --no-install-recommends "${PACKAGES[@]}" ||
        log_tail_and_die "apt-get install failed"
    in_root "$dir" apt-get clean || true
    in_root "$dir" swift --version || log_tail_and_die "the installed swift does not run"
    unmount_under "$dir"
    trap - EXIT
}

do_setup() {
    if use_native; then
        say "using native $(command -v swift); nothing to set up"
        return 0
    fi
    check_chroot_prereqs
    if is_ready; then
        say "Swift root ready at $ROOT"
        return 0
    fi

    exec 9>"$SETUP_LOCK"
    if ! flock -n 9; then
        say "waiting for another setup of $ROOT to finish"
        flock 9
    fi
    if is_ready; then
        exec 9>&- # release the lock
        say "Swift root ready at $ROOT"
        return 0
    fi

    local start=$SECONDS work
    printf '\n=== %s setup %s (%s)\n' "$(date -u +%FT%TZ)" "$ROOT" "$SPEC" >>"$LOG"
    say "setting up a Swift toolchain in $ROOT (log: $LOG)"
    if [ -f "$ROOT/$STAGE1_NAME" ] && [ -x "$ROOT/usr/bin/apt-get" ]; then
        work=$ROOT # an existing root of ours whose package set changed: update in place
    else
        work=$PARTIAL # build aside and move into place when complete
        ensure_debootstrap
    fi

    if can_unshare; then
        unshare --mount --propagation private -- bash "$SELF" __provision "$work" ||
            die "setup failed (log: $LOG)"
    else
        exec 8>"$RUN_LOCK"
        flock -x 8 # no runs with host mounts while we provision
        (provision "$work") || die "setup failed (log: $LOG)"
        flock -u 8
    fi

    printf '%s\n' "$SPEC" >"$work/$MARKER_NAME.tmp"
    mv -f "$work/$MARKER_NAME.tmp" "$work/$MARKER_NAME"
    if [ "$work" = "$PARTIAL" ]; then
        if [ -e "$ROOT" ]; then
            local old="$PARENT/.$NAME.old.$$"
            mv "$ROOT" "$old"
            mv "$PARTIAL" "$ROOT"
            safe_rm "$old"
        else
            mv "$PARTIAL" "$ROOT"
        fi
    fi
    is_ready || die "setup finished but $ROOT is not ready (log: $LOG)"
    exec 9>&- # release the lock
    local version
    version="$("$SELF" run "$ROOT" -- swift --version 2>/dev/null | head -n 1)" || true
    say "Swift root ready at $ROOT ($((SECONDS - start)) s): $version"
}

# ---------------------------------------------------------------------------------------------
# run

# Host paths bind-mounted at the same path inside the root.
BINDS=()

add_bind() {
    local p=$1 b
    case "$p" in
        /*) ;;
        *) die "bind paths must be absolute (got '$p')" ;;
    esac
    [ -d "$p" ] || die "no such directory: $p"
    p="$(cd "$p" && pwd -P)"
    [ "$p" != / ] || die "cannot bind / into the root"
    case "$ROOT/" in
        "$p"/*) die "cannot bind $p into the root: it contains the root" ;;
    esac
    for b in "${BINDS[@]}"; do
        case "$p/" in "$b"/*) return 0 ;; esac # already visible through $b
    done
    BINDS+=("$p")
}

# Runs in the (private or host) mount namespace: mount, chroot, unmount.
enter() {
    local dir=$1
    shift
    local b v rc
    local envs=(HOME=/root USER=root LOGNAME=root PATH="$CHROOT_PATH" LANG=C.UTF-8 TMPDIR=/tmp)
    for v in TERM LD_LIBRARY_PATH RUST_LOG RUST_BACKTRACE CI \
        http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY ${ANYTYPE_SWIFT_PASSENV:-}; do
        if [ -n "${!v+x}" ]; then envs+=("$v=${!v}"); fi
    done

    mount_at "$ROOT/proc" -t proc proc
    mount_at "$ROOT/dev" --rbind /dev
    for b in "${BINDS[@]}"; do
        mount_at "$ROOT$b" --bind "$b"
    done
    if [ -n "${HOST_MOUNTS:-}" ]; then flock -u 7; fi

    # Run in the background so that signals sent to this script are forwarded to the command
    # (bash would otherwise defer them until the command ends); `<&0` keeps stdin attached.
    chroot "$ROOT" /usr/bin/env -i -C "$dir" "${envs[@]}" "$@" <&0 7>&- 8>&- 9>&- &
    CHILD=$!
    trap 'kill -INT "$CHILD" 2>/dev/null || true' INT
    trap 'kill -TERM "$CHILD" 2>/dev/null || true' TERM
    trap 'kill -HUP "$CHILD" 2>/dev/null || true' HUP
    while :; do
        rc=0
        wait "$CHILD" || rc=$?
        kill -0 "$CHILD" 2>/dev/null || break # still alive: wait was interrupted by a signal
    done
    trap - INT TERM HUP
    return "$rc"
}

cleanup_host_mounts() {
    flock -u 8 || true
    # Last run out (nobody else holds the shared lock) removes the mounts.
    if flock -x -n 8; then
        unmount_under "$ROOT"
    fi
}

do_run() {
    [ $# -ge 2 ] || usage
    local dir=$1
    shift
    [ "$1" = "--" ] || usage
    shift
    [ $# -ge 1 ] || usage
    case "$dir" in
        /*) ;;
        *) die "run: <dir> must be an absolute path (got '$dir')" ;;
    esac
    [ -d "$dir" ] || die "run: no such directory: $dir"

    if use_native; then
        cd "$dir"
        exec "$@"
    fi

    check_chroot_prereqs
    if ! is_ready; then
        say "Swift root missing or incomplete; running setup first"
        do_setup
    fi

    dir="$(cd "$dir" && pwd -P)"
    local inner="$dir" p
    case "$dir/" in
        "$ROOT"/*) inner="${dir#"$ROOT"}" && inner="${inner:-/}" ;; # already inside the root
        *)
            add_bind "$CHECKOUT"
            add_bind "$dir"
            ;;
    esac
    if [ -n "${ANYTYPE_SWIFT_BINDS:-}" ]; then
        local extra
        IFS=: read -r -a extra <<<"$ANYTYPE_SWIFT_BINDS"
        for p in "${extra[@]}"; do
            if [ -n "$p" ]; then add_bind "$p"; fi
        done
    fi
    cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
    # SwiftPM leaves small TemporaryDirectory.* dirs in /tmp; keep the root's /tmp from growing.
    find "$ROOT/tmp" -xdev -mindepth 1 -maxdepth 1 -name 'TemporaryDirectory.*' -mtime +1 \
        -exec rm -rf -- {} + 2>/dev/null || true

    if can_unshare; then
        local binds
        binds="$(printf '%s\n' "${BINDS[@]}")"
        exec env ANYTYPE_SWIFT__BINDS="$binds" \
            unshare --mount --propagation private -- bash "$SELF" __enter "$inner" -- "$@"
    fi

    # No private mount namespace: mount on the host, shared by concurrent runs. Each run holds
    # a shared lock on RUN_LOCK; MOUNT_LOCK serialises mounting.
    HOST_MOUNTS=1
    exec 8>"$RUN_LOCK"
    flock -s 8
    trap cleanup_host_mounts EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
    exec 7>"$MOUNT_LOCK"
    flock -x 7
    local rc=0
    enter "$inner" "$@" || rc=$?
    exit "$rc"
}

# ---------------------------------------------------------------------------------------------
# status / clean

do_status() {
    if use_native; then
        say "native: $(command -v swift)"
        swift --version
        return 0
    fi
    say "chroot route; root: $ROOT"
    if has_swift && [ -f "$ROOT/$MARKER_NAME" ]; then
        say "marker: $(cat "$ROOT/$MARKER_NAME")"
        if is_ready; then say "ready"; else say "outdated; run setup"; fi
        # swift needs /proc (its libraries are found through /proc/self/exe), so go through `run`
        [ "$(id -u)" -ne 0 ] || "$SELF" run "$ROOT" -- swift --version
    else
        say "not set up; run setup"
        return 1
    fi
}

do_clean() {
    check_chroot_prereqs
    exec 9>"$SETUP_LOCK"
    flock 9
    exec 8>"$RUN_LOCK"
    flock -x 8 # wait for runs that use host mounts
    say "deleting $ROOT"
    safe_rm "$PARTIAL"
    safe_rm "$ROOT"
    local old
    for old in "$PARENT/.$NAME.old."*; do
        if [ -e "$old" ]; then safe_rm "$old"; fi
    done
}

# ---------------------------------------------------------------------------------------------

main() {
    [ $# -ge 1 ] || usage
    local cmd=$1
    shift
    case "$cmd" in
        setup) do_setup ;;
        run) do_run "$@" ;;
        status) do_status ;;
        clean) do_clean ;;
        __provision) # internal: inside a private mount namespace
            provision "$1"
            ;;
        __enter) # internal: inside a private mount namespace
            local dir=$1 b
            shift 2
            while IFS= read -r b; do
                if [ -n "$b" ]; then BINDS+=("$b"); fi
            done <<<"${ANYTYPE_SWIFT__BINDS:-}"
            unset ANYTYPE_SWIFT__BINDS
            local rc=0
            trap 'unmount_under "$ROOT"' EXIT
            enter "$dir" "$@" || rc=$?
            exit "$rc"
            ;;
        -h | --help | help) usage ;;
        *) usage ;;
    esac
}

main "$@"
