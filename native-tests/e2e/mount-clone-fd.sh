#!/usr/bin/env bash
# Real kernel, clone_fd with translation: fusecanon_e2e_server mounted with fuse_session_mount(), this kernel
# declared an aarch64 client (-> every request and reply is translated) and libfuse's multi-threaded loop with
# clone_fd=1, so every worker thread reads and writes a /dev/fuse descriptor of its own.  8 processes create,
# write, read back and re-read files at the same time; every byte must come back.
#   adapter  the zero-patch adapter attached to the session's /dev/fuse: its statistics must show requests
#            read on cloned descriptors, translated, none refused and no reply failed
#   patched  the patched libfuse (-o peer_arch=aarch64): it must log the translating decision and hold at
#            least 3 /dev/fuse descriptors (the session's and clones) while serving
#
# usage: native-tests/e2e/mount-clone-fd.sh E2E_SERVER LD_LIBRARY_PATH [adapter|patched]
#   E2E_SERVER: fusecanon_e2e_server built against the libfuse to test (3.14: the adapter adopts the clones
#               libfuse makes; 3.18: libfuse calls the adapter's clone_fd callback); LD_LIBRARY_PATH puts the
#               patched library first for "patched"
# Root only (exit 77 = skipped otherwise, or when E2E_SERVER was not built).  Never leaves a mount behind.
set -uo pipefail
[[ $# -eq 2 || $# -eq 3 ]] || { echo "usage: $0 E2E_SERVER LD_LIBRARY_PATH [adapter|patched]" >&2; exit 2; }
server=$1
ldpath=$2
kind=${3:-adapter}
source "$(dirname "${BASH_SOURCE[0]}")/mount-common.sh"
mount_skip_unless_root "clone_fd mount test"
if [[ ! -x $server ]]; then
    echo "clone_fd mount test: $server not built (no libfuse source for this release?): skipped"
    exit 77
fi

mount_setup clonefd
mkdir -p "$work/root" "$mnt"
printf 'regular file\n' >"$work/root/file"

if [[ $kind == adapter ]]; then
    declare -a how=(--adapter --adapter-peer-arch aarch64 --clone-fd)
else
    declare -a how=(--clone-fd -- -o peer_arch=aarch64)
fi
LD_LIBRARY_PATH="$ldpath" "$server" --mount "$mnt" --root "$work/root" "${how[@]}" >"$work/server.log" 2>&1 &
pid=$!
mount_wait "the e2e server" "$work/server.log" || exit 1

status=0
worker() {
    local j=$1 i want
    for i in $(seq 20); do
        want="writer $j round $i"
        printf '%s\n' "$want" >"$mnt/w$j" || return 1
        [[ $(cat "$mnt/w$j") == "$want" ]] || return 1
        [[ $(cat "$mnt/file") == "regular file" ]] || return 1
    done
}
declare -a wpids=()
for j in $(seq 8); do
    worker "$j" &
    wpids+=($!)
done
for p in "${wpids[@]}"; do
    wait "$p" || status=1
done
[[ $status == 0 ]] || echo "a worker read back wrong data or failed" >&2
for j in $(seq 8); do
    [[ $(cat "$work/root/w$j") == "writer $j round 20" ]] || { echo "root/w$j is wrong" >&2; status=1; }
done
devfds=$(find "/proc/$pid/fd" -lname /dev/fuse 2>/dev/null | wc -l)
echo "/dev/fuse descriptors of the server: $devfds"

fusermount3 -u "$mnt" || umount -l "$mnt"
wait "$pid"
rc=$?
pid=
[[ $rc == 0 ]] || { echo "the server exited with $rc" >&2; status=1; }
if [[ $kind == patched ]]; then
    grep -m1 'fuse: ' "$work/server.log"
    grep -q 'translating the configured legacy_peer_arch' "$work/server.log" \
        || { echo "the patched libfuse did not log a translating session" >&2; status=1; }
    (( devfds >= 3 )) || { echo "expected >= 3 /dev/fuse descriptors (clone_fd)" >&2; status=1; }
    grep -q 'not dispatched\|cannot translate' "$work/server.log" \
        && { echo "a message was not translated" >&2; grep 'not dispatched\|cannot translate' "$work/server.log" | head -3 >&2; status=1; }
    echo "clone_fd mount test ($kind): $([[ $status == 0 ]] && echo PASS || echo FAIL)"
    exit $status
fi
grep -m1 'fusecanon:' "$work/server.log"
stats=$(grep 'e2e_server: adapter:' "$work/server.log")
echo "$stats"
# e2e_server: adapter: R requests (T translated, F refused), P replies (X translated, Y failed), 0 table
# overflows, C clones (Q requests)
read -r requests translated refused replies failed clones on_clones < <(sed -E \
    's/.* ([0-9]+) requests \(([0-9]+) translated, ([0-9]+) refused\), ([0-9]+) replies \([0-9]+ translated, ([0-9]+) failed\).* ([0-9]+) clones \(([0-9]+) requests\).*/\1 \2 \3 \4 \5 \6 \7/' <<<"$stats")
if [[ -z ${on_clones:-} ]]; then
    echo "no adapter statistics in the server log" >&2
    cat "$work/server.log" >&2
    status=1
elif (( clones < 2 || on_clones == 0 || translated < 100 || refused != 0 || failed != 0 )); then
    echo "expected >= 2 clones, requests on them, >= 100 translated, none refused or failed" >&2
    status=1
fi
if grep -q " $mnt fuse" /proc/mounts; then
    echo "a mount was left behind" >&2
    status=1
fi
echo "clone_fd mount test ($kind): $([[ $status == 0 ]] && echo PASS || echo FAIL)"
exit $status
