#!/usr/bin/env bash
# Real kernel, real mount: libfuse's own example/passthrough_ll (or passthrough_hp) and test/test_syscalls.
#
# usage: native-tests/e2e/mount-test-syscalls.sh E2E_LIBFUSE_DIR FUSECANON_LIB_DIR [passthrough_ll|passthrough_hp]
#   E2E_LIBFUSE_DIR: the output of build-libfuse.sh (3.14 or 3.18; canon/ and plain/)
#
# Mounts the example of the unpatched build (reference), then of the patched build with -o canon_arch (this
# x86_64 kernel is a legacy client: no translation, everything must behave the same), then with
# -o canon_arch,peer_arch=riscv64 (a legacy client declared as another architecture; riscv64 has x86-64's
# constants, so the session decides that no translation is needed: this checks the option path, not the
# translation, which the e2e client tests cover).  Each time runs
# test_syscalls MNT :SRC and compares the set of passing tests and the exit status with the reference.
# Root only (exit 77 = skipped otherwise).  Every mount is unmounted on any exit path.
set -uo pipefail
[[ $# -eq 2 || $# -eq 3 ]] || { echo "usage: $0 E2E_LIBFUSE_DIR FUSECANON_LIB_DIR [EXAMPLE]" >&2; exit 2; }
lf=$(cd "$1" && pwd)
fclib=$(cd "$2" && pwd)
example=${3:-passthrough_ll}
if [[ $(id -u) != 0 || ! -c /dev/fuse ]]; then
    echo "mount test: needs root and /dev/fuse: skipped"
    exit 77
fi
if [[ ! -x $lf/plain/meson/example/$example || ! -x $lf/canon/meson/example/$example ]]; then
    echo "mount test: $example not built in $lf (no libfuse source for this release?): skipped"
    exit 77
fi

source "$(dirname "${BASH_SOURCE[0]}")/mount-common.sh"
mounts_setup mount

# run_variant NAME BUILD OPTIONS -> writes $work/NAME.ok (passing tests), prints the exit status
run_variant() {
    local name=$1 build=$2 opts=$3
    local src=$work/$name-src mnt=$work/$name-mnt
    mkdir -p "$src" "$mnt"
    mnts+=("$mnt")
    local -a cmd
    if [[ $example == passthrough_hp ]]; then
        # options: --foreground SRC MNT, libfuse's session options with -o
        cmd=("$build/meson/example/passthrough_hp" --foreground --nocache) # test_syscalls changes SRC behind the cache
        [[ -n $opts ]] && cmd+=(-o "${opts#,}")
        cmd+=("$src" "$mnt")
    else
        cmd=("$build/meson/example/passthrough_ll" -f -o "source=$src$opts" "$mnt")
    fi
    LD_LIBRARY_PATH="$build/meson/lib:$fclib" "${cmd[@]}" >"$work/$name.server.log" 2>&1 &
    pids+=($!)
    local i
    mounts_wait "$mnt" "$name: $example" "$work/$name.server.log" || return 1
    (cd "$work" && timeout 120 "$build/meson/test/test_syscalls" "$mnt" ":$src") >"$work/$name.out" 2>&1
    local rc=$?
    fusermount3 -u "$mnt" || umount -l "$mnt"
    wait "${pids[-1]}" 2>/dev/null
    grep -E ' OK$' "$work/$name.out" | sort >"$work/$name.ok"
    echo "$name: exit $rc, $(wc -l <"$work/$name.ok") tests OK, $(grep -c -v -E ' OK$' "$work/$name.out") other lines;" \
         "server: $(grep -m1 -i 'fuse:' "$work/$name.server.log" || echo 'no log')"
    echo "$rc" >"$work/$name.rc"
}

status=0
start=$(date +%s)
run_variant plain "$lf/plain" "" || status=1
run_variant canon "$lf/canon" ",canon_arch" || status=1
run_variant canon-peer "$lf/canon" ",canon_arch,peer_arch=riscv64" || status=1
if [[ $status == 0 && ! -s $work/plain.ok ]]; then
    echo "the unpatched reference passed no test: nothing to compare" >&2
    status=1
fi
if [[ $status == 0 ]]; then
    grep -v -E ' OK$' "$work/plain.out" | sed 's/^/reference, not OK: /'
    for v in canon canon-peer; do
        if ! cmp -s "$work/plain.rc" "$work/$v.rc" || ! diff -u "$work/plain.ok" "$work/$v.ok"; then
            echo "$v: test_syscalls differs from the unpatched build" >&2
            tail -20 "$work/$v.out" >&2
            status=1
        fi
    done
fi
if grep -q fuse.*"$work" /proc/mounts; then
    echo "a mount was left behind" >&2
    status=1
fi
echo "mount test ($example): $([[ $status == 0 ]] && echo PASS || echo FAIL) in $(( $(date +%s) - start )) s"
exit $status
