#!/usr/bin/env bash
# Real kernel, FUSE-over-io_uring (libfuse 3.18.2 with bindings/libfuse/patches-3.18): requests and replies in
# ring entries pass libfusecanon exactly as those read from /dev/fuse do.
#
# usage: native-tests/e2e/mount-uring.sh E2E_LIBFUSE_DIR FUSECANON_LIB_DIR
#   E2E_LIBFUSE_DIR: build-libfuse.sh's output for 3.18.2 (canon/ and plain/, built with io_uring)
#
# Mounts example/passthrough_ll four times and runs libfuse's test/test_syscalls plus one probe (a new file
# opened with O_DIRECT) on each:
#   plain     unpatched, -o io_uring                     the reference
#   canon     patched, -o io_uring,canon_arch            this kernel is a legacy x86-64 client: nothing to
#                                                        translate; must equal the reference
#   ring      patched, -o io_uring,peer_arch=aarch64     this kernel declared an aarch64 client: every ring
#                                                        entry is translated (x86-64's O_DIRECT reads as
#                                                        aarch64's O_DIRECTORY, so the probe's outcome changes)
#   dev       patched, peer_arch=aarch64 over /dev/fuse  the same translation on the classic transport
# and checks: canon == plain; ring == dev (test_syscalls' passing set and exit status, and the probe); the probe
# differs between ring and plain (the translation is applied to ring entries, not bypassed); the three io_uring
# mounts really served requests from the ring (libfuse's debug log shows "cqe unique" lines) and dev did not.
#
# The kernel must offer io_uring: /sys/module/fuse/parameters/enable_uring is Y.  It is the administrator's
# setting; when it is N this test is skipped (exit 77) unless FUSECANON_TEST_ENABLE_URING=1, which lets the
# test set Y for its own run and put back N on every exit path.  Root only.  No mount is left behind.
set -uo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 E2E_LIBFUSE_DIR FUSECANON_LIB_DIR" >&2; exit 2; }
lf=$(cd "$1" && pwd)
fclib=$(cd "$2" && pwd)
param=/sys/module/fuse/parameters/enable_uring
skip() { echo "mount-uring: $*: skipped"; exit 77; }

[[ $(id -u) == 0 && -c /dev/fuse ]] || skip "needs root and /dev/fuse"
for b in plain canon; do
    [[ -x $lf/$b/meson/example/passthrough_ll ]] || skip "passthrough_ll not built in $lf/$b (no libfuse 3.18.2 source?)"
    lib=$(find "$lf/$b/meson/lib" -maxdepth 1 -type f -name 'libfuse3.so.3.*' | head -1)
    [[ -n $lib && $(nm -D "$lib") == *io_uring_queue_init* ]] \
        || skip "libfuse in $lf/$b was built without io_uring (liburing/libnuma missing?)"
done
[[ -f $param ]] || skip "this kernel has no FUSE-over-io_uring ($param missing)"
restore=
source "$(dirname "${BASH_SOURCE[0]}")/mount-common.sh"
mounts_on_exit() { if [[ -n $restore ]]; then echo "$restore" >"$param"; fi; }
mounts_setup uring
if [[ $(cat "$param") != Y ]]; then
    [[ ${FUSECANON_TEST_ENABLE_URING:-0} == 1 ]] \
        || skip "$param is N on this machine (set FUSECANON_TEST_ENABLE_URING=1 to let the test turn it on for its run)"
    restore=$(cat "$param")
    echo Y >"$param" || skip "cannot write $param"
    echo "mount-uring: $param set to Y for this run; it is put back to $restore on exit"
fi


# run_variant NAME BUILD OPTIONS: test_syscalls + probe on a fresh mount; NAME.ok, NAME.rc, NAME.probe, NAME.cqe
run_variant() {
    local name=$1 build=$2 opts=$3
    local src=$work/$name-src mnt=$work/$name-mnt i
    mkdir -p "$src" "$mnt"
    mnts+=("$mnt")
    LD_LIBRARY_PATH="$build/meson/lib:$fclib" timeout 300 "$build/meson/example/passthrough_ll" -f -d \
        -o "source=$src$opts" "$mnt" >"$work/$name.server.log" 2>&1 &
    pids+=($!)
    mounts_wait "$mnt" "$name: passthrough_ll" "$work/$name.server.log" || return 1
    (cd "$work" && timeout 120 "$build/meson/test/test_syscalls" "$mnt" ":$src") >"$work/$name.out" 2>&1
    echo $? >"$work/$name.rc"
    timeout 20 dd if=/dev/zero of="$mnt/probe" bs=4096 count=1 oflag=direct >"$work/$name.dd" 2>&1
    echo "dd oflag=direct: exit $? $(grep -o 'failed to open.*' "$work/$name.dd" | sed 's/^[^:]*: //')" >"$work/$name.probe"
    fusermount3 -u "$mnt" || umount -l "$mnt"
    wait "${pids[-1]}" 2>/dev/null
    grep -E ' OK$' "$work/$name.out" | sort >"$work/$name.ok"
    grep -c 'cqe unique' "$work/$name.server.log" >"$work/$name.cqe"
    echo "$name: test_syscalls exit $(cat "$work/$name.rc"), $(wc -l <"$work/$name.ok") OK; $(cat "$work/$name.probe");" \
         "$(cat "$work/$name.cqe") requests from the ring; server: $(grep -m1 'fuse: ' "$work/$name.server.log" || echo '-')"
}

status=0
start=$(date +%s)
run_variant plain "$lf/plain" ",io_uring" || status=1
run_variant canon "$lf/canon" ",io_uring,canon_arch" || status=1
run_variant ring "$lf/canon" ",io_uring,peer_arch=aarch64" || status=1
run_variant dev "$lf/canon" ",peer_arch=aarch64" || status=1
same() { cmp -s "$work/$1.rc" "$work/$2.rc" && cmp -s "$work/$1.ok" "$work/$2.ok" && cmp -s "$work/$1.probe" "$work/$2.probe"; }
if [[ $status == 0 ]]; then
    [[ -s $work/plain.ok ]] || { echo "the reference passed no test: nothing to compare" >&2; status=1; }
    same plain canon || { echo "canon_arch over io_uring differs from the unpatched build:" >&2; diff "$work/plain.ok" "$work/canon.ok" >&2; status=1; }
    same ring dev || { echo "translated ring entries differ from translated /dev/fuse requests:" >&2; diff "$work/dev.ok" "$work/ring.ok" >&2; cat "$work/dev.probe" "$work/ring.probe" >&2; status=1; }
    cmp -s "$work/plain.probe" "$work/ring.probe" && { echo "the probe's outcome did not change: ring entries were not translated" >&2; status=1; }
    for v in plain canon ring; do
        [[ $(cat "$work/$v.cqe") -gt 0 ]] || { echo "$v: no request came from the ring (io_uring not in use)" >&2; status=1; }
    done
    [[ $(cat "$work/dev.cqe") == 0 ]] || { echo "dev: requests came from a ring" >&2; status=1; }
fi
if grep -q "fuse.*$work" /proc/mounts; then
    echo "a mount was left behind" >&2
    status=1
fi
echo "mount test (io_uring): $([[ $status == 0 ]] && echo PASS || echo FAIL) in $(( $(date +%s) - start )) s"
exit $status
