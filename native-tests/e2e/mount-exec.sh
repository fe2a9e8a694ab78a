#!/usr/bin/env bash
# Real kernel, real mount: run a program from a patched-libfuse mount with translation on.
#
# usage: native-tests/e2e/mount-exec.sh E2E_LIBFUSE_DIR FUSECANON_LIB_DIR   (3.14 or 3.18 output of build-libfuse.sh)
#
# For execve the kernel opens the file with O_RDONLY|__FMODE_EXEC|O_LARGEFILE (0x8020 here) and repeats those
# f_flags in every READ and RELEASE of that file: __FMODE_EXEC is a kernel-internal bit, not a uapi flag, so a
# translator that only knows the uapi open flags refuses the OPEN and the exec fails with EIO (issue 15).
# passthrough_ll of the patched build is mounted with -o canon_arch,peer_arch=aarch64: this x86-64 kernel is
# declared an aarch64 client, so open flags really go through a translation (aarch64 -> x86-64; the kernel's
# O_LARGEFILE bit 0x8000 reads as aarch64's O_NOFOLLOW, which passthrough_ll strips before open(2), so the
# declaration changes nothing else a program from the mount needs).  The test copies /bin/echo into the source
# directory, runs it from the mount and checks its output, and that an OPEN with __FMODE_EXEC reached the
# filesystem (passthrough_ll -d log).
# Root only (exit 77 = skipped otherwise).  The mount is unmounted on any exit path.
set -uo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 E2E_LIBFUSE_DIR FUSECANON_LIB_DIR" >&2; exit 2; }
lf=$1
fclib=$2
source "$(dirname "${BASH_SOURCE[0]}")/mount-common.sh"
mount_skip_unless_root "mount exec test"
if [[ ! -x $lf/canon/meson/example/passthrough_ll ]]; then
    echo "mount exec test: passthrough_ll not built in $lf (no libfuse source for this release?): skipped"
    exit 77
fi

mount_setup mount-exec
src=$work/src

mkdir -p "$src" "$mnt"
cp /bin/echo "$src/prog"
LD_LIBRARY_PATH="$fclib" "$lf/canon/meson/example/passthrough_ll" -d -f \
    -o "source=$src,canon_arch,peer_arch=aarch64" "$mnt" >"$work/server.log" 2>&1 &
pid=$!
mount_wait "passthrough_ll" "$work/server.log" || exit 1

status=0
out=$(timeout 20 "$mnt/prog" hello from the mount 2>"$work/exec.err")
rc=$?
if [[ $rc != 0 || $out != "hello from the mount" ]]; then
    echo "exec from the mount failed: exit $rc, output '$out', stderr: $(cat "$work/exec.err")" >&2
    status=1
fi
# The same file read as data, through the same translated OPEN/READ path.
if ! cmp -s "$mnt/prog" /bin/echo; then
    echo "reading the program back from the mount differs from /bin/echo" >&2
    status=1
fi
fusermount3 -u "$mnt" || umount -l "$mnt"
wait "$pid" 2>/dev/null
pid=
# Evidence that the kernel's exec open reached the filesystem, translated: passthrough_ll -d logs
# lo_open(..., flags=N) after translation; one of them must carry __FMODE_EXEC (0x20, the same on every arch).
exec_opens=0
while read -r f; do
    (( f & 0x20 )) && exec_opens=$((exec_opens + 1))
done < <(grep -o -E 'lo_open\(ino=[0-9]+, flags=[0-9]+\)' "$work/server.log" | sed -E 's/.*flags=([0-9]+)\)/\1/')
echo "opens with __FMODE_EXEC that reached passthrough_ll: $exec_opens"
if [[ $exec_opens == 0 ]]; then
    echo "no OPEN with __FMODE_EXEC reached the filesystem" >&2
    status=1
fi
# The session's decision as the patched libfuse logs it: peer translation for the declared aarch64 client.
reason=$(grep -m1 -E '^fuse: .*client' "$work/server.log")
echo "server: $reason"
if [[ $reason != *aarch64* ]]; then
    echo "the session did not translate for an aarch64 client" >&2
    status=1
fi
if [[ $status != 0 ]]; then
    echo "--- server log (tail)" >&2
    tail -30 "$work/server.log" >&2
fi
echo "mount exec test: $([[ $status == 0 ]] && echo PASS || echo FAIL)"
exit $status
