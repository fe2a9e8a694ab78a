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

# mount_wait WHAT LOG: wait up to 10 s for $mnt; on failure say so with the server's LOG and return 1
mount_wait() {
    local _
    for _ in $(seq 100); do
        grep -q " $mnt fuse" /proc/mounts && return 0
        sleep 0.1
    done
    echo "$1 did not mount" >&2
    cat "$2" >&2
    return 1
}
