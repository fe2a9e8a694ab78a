#!/usr/bin/env bash
# Capture the real FUSE_INIT exchange of this machine's kernel and libfuse:
#   OUTDIR/kernel-<major.minor>-init-request.bin   first request the kernel sends
#                                                  (fuse_in_header + fuse_init_in)
#   OUTDIR/libfuse-<major.minor>-init-reply.bin    INIT reply libfuse builds for it
#                                                  (fuse_out_header + fuse_init_out)
# plus a .txt beside each (hexdump, decoded fields, kernel, date, command).
#
# usage: sudo scripts/libfuse/capture-init.sh OUTDIR      (e.g. native-tests/data)
# Needs root (mount(2) of a fuse fd without fusermount), /dev/fuse, gcc,
# pkg-config and libfuse3-dev. Links Debian's system libfuse3 by default; set
# LIBFUSE_BUILD=<BUILD dir of scripts/libfuse/build.sh> to use a source build.
# Nothing stays mounted: the program unmounts itself and the trap lazily
# unmounts the temporary mount point if anything went wrong.
set -euo pipefail

[[ $# -eq 1 ]] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
src=$repo/native-tests/kernel-capture/capture_init.c

[[ $(id -u) == 0 ]] || { echo "capture-init: must run as root" >&2; exit 1; }
[[ -c /dev/fuse ]] || { echo "capture-init: /dev/fuse missing" >&2; exit 1; }

tmp=$(mktemp -d /tmp/fusecanon-capture.XXXXXX)
mnt=$tmp/mnt
mkdir "$mnt"
cleanup() {
    if grep -qs " $mnt " /proc/mounts; then umount -l "$mnt" || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

if [[ -n ${LIBFUSE_BUILD:-} ]]; then
    lb=$(cd "$LIBFUSE_BUILD" && pwd)
    cflags="-I$lb/src/include -I$lb/meson"
    libs="-L$lb/meson/lib -Wl,-rpath,$lb/meson/lib -lfuse3"
    fusever=$(sed -n "s/.*version *: *'\([0-9.]*\)'.*/\1/p" "$lb/src/meson.build" | head -1)
    libdesc="libfuse $fusever built from source ($lb)"
else
    cflags=$(pkg-config --cflags fuse3)
    libs=$(pkg-config --libs fuse3)
    fusever=$(pkg-config --modversion fuse3)
    libdesc="libfuse $fusever, Debian package libfuse3-3 $(dpkg-query -W -f='${Version}' libfuse3-3 2>/dev/null || echo '?')"
fi
bin=$tmp/capture_init
# shellcheck disable=SC2086
gcc -O2 -Wall -Wextra -DWITH_LIBFUSE $cflags "$src" $libs -lpthread -o "$bin"

kver=$(uname -r | cut -d. -f1,2)
fver=$(echo "$fusever" | cut -d. -f1,2)
req=$out/kernel-$kver-init-request.bin
rep=$out/libfuse-$fver-init-reply.bin

echo "capture-init: raw /dev/fuse server (kernel INIT request)" >&2
"$bin" raw "$mnt" "$req"
echo "capture-init: libfuse $fusever server via fuse_session_custom_io (INIT reply)" >&2
"$bin" libfuse "$mnt" "$tmp/libfuse-saw-request.bin" "$rep"

# The request the kernel sent to libfuse must be the same bytes.
if cmp -s "$req" "$tmp/libfuse-saw-request.bin"; then
    same="identical to the request libfuse received in the second capture"
else
    same="DIFFERS from the request libfuse received in the second capture:"$'\n'"$(cmp -l "$req" "$tmp/libfuse-saw-request.bin" | head -20)"
fi

now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
cmdline="scripts/libfuse/capture-init.sh ${1}"
{
    echo "FUSE_INIT request as sent by the Linux kernel (exact bytes of $(basename "$req"))"
    echo "kernel:   $(uname -srm)"
    echo "          $(uname -v)"
    echo "machine:  $(uname -m), little-endian; Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
    echo "date:     $now"
    echo "command:  $cmdline   (as root)"
    echo "          -> capture_init raw MNT $(basename "$req")"
    echo "how:      open(/dev/fuse) + mount(2) type fuse with fd=N,rootmode=40000,user_id=0,group_id=0;"
    echo "          the first read(2) of the fd is saved unchanged."
    echo "check:    $same"
    echo "note:     bit 41 FUSE_OVER_IO_URING is offered only when the fuse module parameter"
    echo "          enable_uring=Y; bits 26/27/33 (MAP_ALIGNMENT, SUBMOUNTS, HAS_INODE_DAX) only by virtiofs."
    echo "module:   $(for p in /sys/module/fuse/parameters/*; do printf '%s=%s\n' "$(basename "$p")" "$(cat "$p")"; done | paste -sd' ')"
    echo
    "$bin" describe-request "$req"
} > "${req%.bin}.txt"
{
    echo "FUSE_INIT reply as built by $libdesc (exact bytes of $(basename "$rep"))"
    echo "answering: $(basename "$req") (same kernel, same session setup)"
    echo "kernel:   $(uname -srm)"
    echo "date:     $now"
    echo "command:  $cmdline   (as root)"
    echo "          -> capture_init libfuse MNT REQ $(basename "$rep")"
    echo "how:      fuse_session_new() with only .lookup and .getattr (libfuse defaults otherwise),"
    echo "          fuse_session_custom_io() with read/writev callbacks (no splice callbacks),"
    echo "          the first writev() (the INIT reply) is saved unchanged; fuse_session_loop()."
    echo "note:     the reply flags depend on the ops the filesystem registers (e.g. getlk+setlk ->"
    echo "          FUSE_POSIX_LOCKS, flock -> FUSE_FLOCK_LOCKS, readdirplus -> FUSE_DO_READDIRPLUS)."
    echo
    "$bin" describe-reply "$rep"
} > "${rep%.bin}.txt"

if grep -qs " $mnt " /proc/mounts; then echo "capture-init: mount left behind!" >&2; exit 1; fi
echo "$req"
echo "$rep"
