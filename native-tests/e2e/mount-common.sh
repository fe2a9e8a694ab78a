# Sourced by the single-mount tests (mount-exec.sh, mount-clone-fd.sh): one FUSE mount at $mnt, served by the
# background process $pid, inside the scratch directory $work; all of it is removed on any exit path, so no
# mount is ever left behind.

# mount_skip_unless_root NAME: exit 77 (CTest: skipped) without root or /dev/fuse
mount_skip_unless_root() {
    if [[ $(id -u) != 0 || ! -c /dev/fuse ]]; then
        echo "$1: needs root and /dev/fuse: skipped"
        exit 77
    fi
}

# mount_setup NAME: $work (/tmp/fusecanon-NAME-XXXXXX), $mnt, and the exit trap
mount_setup() {
    work=$(mktemp -d "/tmp/fusecanon-$1-XXXXXX")
    mnt=$work/mnt
    pid=
    mkdir -p "$mnt"
    trap mount_cleanup EXIT
    trap 'exit 1' INT TERM
}

mount_cleanup() {
    if grep -q " $mnt fuse" /proc/mounts; then
        fusermount3 -u "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || true
    fi
    [[ -n $pid ]] && kill "$pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}

# mount_wait WHAT LOG: wait up to 10 s for $mnt (mounts_wait below)
mount_wait() {
    mounts_wait "$mnt" "$1" "$2"
}

# Several mounts in one test (mount-test-syscalls.sh, mount-uring.sh): mounts_setup NAME makes $work and the
# arrays mnts/pids; whatever is added to them is unmounted and killed on any exit path, then the optional
# function mounts_on_exit runs (to undo what the test changed).
mounts_setup() {
    work=$(mktemp -d "/tmp/fusecanon-$1-XXXXXX")
    mnts=() pids=()
    trap mounts_cleanup EXIT
    trap 'exit 1' INT TERM
}

mounts_cleanup() {
    local m p
    for m in "${mnts[@]}"; do
        if grep -q " $m fuse" /proc/mounts; then
            fusermount3 -u "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || true
        fi
    done
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null
    rm -rf "$work"
    if declare -F mounts_on_exit >/dev/null; then mounts_on_exit; fi
}

# mounts_wait MNT WHAT LOG: wait up to 10 s for MNT; on failure say so with the server's LOG and return 1
mounts_wait() {
    local _
    for _ in $(seq 100); do
        grep -q " $1 fuse" /proc/mounts && return 0
        sleep 0.1
    done
    echo "$2 did not mount" >&2
    tail -20 "$3" >&2
    return 1
}
