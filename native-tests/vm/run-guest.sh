#!/usr/bin/env bash
# Boot a real Debian 12 guest kernel of a foreign architecture under qemu-system (TCG) with a vhost-user-fs
# device served by an x86-64 virtiofsd, run vm_guest's scenarios inside it and compare the failing set with
# the expected one.
#
# usage: run-guest.sh [options] DEBARCH
#   --daemon PATH        the virtiofsd binary (required)
#   --daemon-opt OPT     extra -o option for it (repeatable), e.g. peer_arch=aarch64
#   --guest-bin PATH     vm_guest built static for DEBARCH (required)
#   --cache DIR          kernel/busybox cache of scripts/vm/fetch-guest.sh (required)
#   --work DIR           scratch directory (initramfs, shared dir, logs) (required)
#   --expect-fail LIST   comma-separated scenarios that must fail; every other one must pass ("" = none)
#   --soak SECONDS       run the soak instead of the scenarios; it must pass
#   --demo               run the demo's dd oflag=direct instead and print what the guest saw
#   --timeout SECONDS    for qemu (default 120)
#   -v                   print the guest console and the daemon log
# Exit status 0 when the guest's results are exactly as expected.
set -euo pipefail
daemon= guest_bin= cache= work= expect=- soak= qtimeout=120 verbose=0 demo=0
daemon_opts=()
while [[ $# -gt 1 ]]; do
  case $1 in
    --daemon) daemon=$2; shift 2 ;;
    --daemon-opt) daemon_opts+=("-o" "$2"); shift 2 ;;
    --guest-bin) guest_bin=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --expect-fail) expect=$2; shift 2 ;;
    --soak) soak=$2; shift 2 ;;
    --demo) demo=1; shift ;;
    --timeout) qtimeout=$2; shift 2 ;;
    -v) verbose=1; shift ;;
    *) echo "run-guest: unknown option $1" >&2; exit 2 ;;
  esac
done
arch=${1:?usage: run-guest.sh [options] DEBARCH}
[[ -x $daemon && -f $guest_bin && -d $cache/$arch && -n $work ]] || { echo "run-guest: missing --daemon, --guest-bin, --cache (fetched for $arch) or --work" >&2; exit 2; }
[[ -n $soak || $expect != - || $demo == 1 ]] || { echo "run-guest: --expect-fail, --soak or --demo is required" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
g=$cache/$arch

# Per architecture: emulator, machine, the virtio-fs device's bus, the console.  TCG everywhere (also for
# x86_64: the same deterministic path as the foreign guests).
case $arch in
  arm64) qemu=(qemu-system-aarch64 -M virt -cpu cortex-a57); dev=vhost-user-fs-pci; console=ttyAMA0 ;;
  ppc64el) qemu=(qemu-system-ppc64 -M pseries,x-vof=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off -cpu POWER9)
           dev=vhost-user-fs-pci; console=hvc0 ;;
  s390x) qemu=(qemu-system-s390x -M s390-ccw-virtio); dev=vhost-user-fs-ccw; console=ttysclp0 ;;
  amd64) qemu=(qemu-system-x86_64 -M pc -accel tcg -cpu max); dev=vhost-user-fs-pci; console=ttyS0 ;;
  mips64el) qemu=(qemu-system-mips64el -M malta -cpu 5KEc); dev=vhost-user-fs-pci; console=ttyS0 ;;
  *) echo "run-guest: no machine known for $arch" >&2; exit 2 ;;
esac

rm -rf "$work" && mkdir -p "$work/root/bin" "$work/root/lib/modules" "$work/root/dev" "$work/root/proc" \
  "$work/root/sys" "$work/root/mnt" "$work/share"
cp "$g/busybox" "$work/root/bin/busybox"
cp "$g"/modules/*.ko "$work/root/lib/modules/" 2>/dev/null || true
cp "$guest_bin" "$work/root/bin/vm_guest"
cp "$here/guest-init.sh" "$work/root/init"
chmod 755 "$work/root/init" "$work/root/bin/vm_guest"
(cd "$work/root" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"

mode=scenarios
[[ -n $soak ]] && mode=soak:$soak
[[ $demo == 1 ]] && mode=demo
# A guest that prints nothing for this long has stalled (each scenario has a 30 s alarm; the soak is silent;
# VM_STALL_SECONDS overrides the 45 s).
stall_after=$(( ${VM_STALL_SECONDS:-45} + ${soak:-0} ))

sock=$work/vfs.sock
dpid=
cleanup() { [[ -n $dpid ]] && { kill "$dpid" 2>/dev/null || true; wait "$dpid" 2>/dev/null || true; }; dpid=; }
trap cleanup EXIT

# One boot: a fresh daemon on a fresh shared directory, qemu under timeout, watched for a stall.  Sets qrc
# (qemu's exit status, 124 on timeout), secs and stalled.
boot() {
  rm -rf "$work/share" && mkdir -p "$work/share"
  rm -f "$sock"
  "$daemon" --socket-path="$sock" -o source="$work/share" -o cache=none -o xattr -o posix_lock \
    -o log_level=debug "${daemon_opts[@]}" > "$work/daemon.log" 2>&1 &
  dpid=$!
  for _ in $(seq 100); do [[ -S $sock ]] && break; kill -0 "$dpid" 2>/dev/null || break; sleep 0.05; done
  [[ -S $sock ]] || { echo "run-guest: virtiofsd did not start:" >&2; cat "$work/daemon.log" >&2; exit 1; }

  local start qpid size last_size=-1 quiet=0
  start=$(date +%s.%N)
  timeout "$qtimeout" "${qemu[@]}" -m 512M -smp 1 -nic none -vga none -nographic -no-reboot \
    -object memory-backend-memfd,id=mem,size=512M,share=on -machine memory-backend=mem \
    -kernel "$g/vmlinuz" -initrd "$work/initrd.gz" \
    -append "console=$console quiet panic=-1 vmmode=$mode" \
    -chardev socket,id=vfs,path="$sock" -device "$dev,chardev=vfs,tag=share" \
    </dev/null > "$work/console.log" 2>&1 &
  qpid=$!
  stalled=0
  while kill -0 "$qpid" 2>/dev/null; do
    sleep 1
    size=$(stat -c %s "$work/console.log")
    if [[ $size == "$last_size" ]]; then quiet=$((quiet + 1)); else quiet=0; last_size=$size; fi
    if [[ $quiet -ge $stall_after ]]; then stalled=1; kill "$qpid" 2>/dev/null; fi
  done
  set +e
  wait "$qpid"
  qrc=$?
  set -e
  secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
  cleanup
}

boot
if [[ $stalled == 1 ]]; then
  # Seen on the s390x guest (TCG) about once in ten boots: after a reply the daemon sent, the whole guest stops
  # (no console output, not even a scenario's alarm fires) and the daemon receives nothing more.  That is no
  # result at all, so the boot is repeated once, and said so.
  echo "run-guest: $arch: the guest stalled (no console output for ${stall_after} s after ${secs} s; last lines below); booting it again" >&2
  tr -d '\r' < "$work/console.log" | tail -3 >&2
  mv "$work/console.log" "$work/console-stalled.log"
  mv "$work/daemon.log" "$work/daemon-stalled.log"
  boot
fi
trap - EXIT
# firmware escape sequences may precede a line: keep each VM* marker from its start
tr -d '\r' < "$work/console.log" | sed -e 's/^.*\(VMTEST\|VMENV\|VMDEMO\)/\1/' > "$work/console.txt"
[[ $verbose == 1 ]] && { cat "$work/console.txt"; echo "---- daemon"; tail -50 "$work/daemon.log"; }

if [[ $demo == 1 ]]; then
  sed -n 's/^VMDEMO \(.*\)/  \1/p' "$work/console.txt"
  grep -q '^VMDEMO-DONE' "$work/console.txt"
  exit
fi
env=$(grep -m1 '^VMENV' "$work/console.txt" || true)
echo "run-guest: $arch, $(basename "$daemon") ${daemon_opts[*]:-(no options)}: qemu exit $qrc after ${secs}s$([[ $stalled == 1 ]] && echo ", stalled again"); ${env#VMENV }"
if [[ -n $soak ]]; then
  line=$(grep -m1 '^VMTEST soak' "$work/console.txt" || true)
  echo "  ${line:-no soak result (see $work/console.txt)}"
  [[ $line == "VMTEST soak PASS"* ]]
  exit
fi
grep -q '^VMTEST-DONE' "$work/console.txt" || { echo "run-guest: the guest did not finish (see $work/console.txt)" >&2; tail -20 "$work/console.txt" >&2; exit 1; }

declare -A want
IFS=, read -ra list <<< "$expect"
for s in "${list[@]}"; do [[ -n $s ]] && want[$s]=1; done
bad=0 failed=()
while read -r _ name result detail; do
  if [[ $result == FAIL ]]; then failed+=("$name"); fi
  exp=PASS; [[ -n ${want[$name]:-} ]] && exp=FAIL
  mark=" "; [[ $result != "$exp" ]] && { mark="!"; bad=1; }
  printf '%s %-26s %s%s\n' "$mark" "$name" "$result" "${detail:+  - $detail}"
done < <(grep '^VMTEST ' "$work/console.txt")
echo "  failed: {${failed[*]:-}}"
if [[ $bad != 0 ]]; then
  echo "run-guest: $arch: results differ from the expected set {${expect}} ('!' marks them)" >&2
  exit 1
fi
