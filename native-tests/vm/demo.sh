#!/usr/bin/env bash
# The demo of the deployment FuseCanon exists for: a real Debian 12 arm64 kernel (qemu-system-aarch64, TCG)
# mounts virtio-fs from the x86-64 virtiofsd of QEMU 7.2 and runs `dd oflag=direct`, first against the
# unpatched daemon, then against the daemon with bindings/virtiofsd/patches and -o peer_arch=aarch64.
# usage: native-tests/vm/demo.sh CMAKE_BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "$1" && pwd)
cache=$build/vm-cache
"$root/scripts/vm/fetch-guest.sh" arm64 "$cache" 2>/dev/null
run() {
  "$here/run-guest.sh" --demo --cache "$cache" --guest-bin "$build/native-tests/vm/guest-bin/vm_guest-arm64" \
    --work "$build/native-tests/vm/work/demo" "$@" arm64 | grep -v '^run-guest:'
}
echo "== A real arm64 guest kernel on virtio-fs, served by QEMU 7.2's virtiofsd on x86-64"
echo "arm64 O_DIRECT is 0x10000, which x86-64 reads as O_DIRECTORY."
echo
echo "-- without FuseCanon (Debian's virtiofsd source, unpatched):"
run --daemon "$build/virtiofsd/virtiofsd-unpatched"
echo
echo "-- with FuseCanon (bindings/virtiofsd/patches, -o peer_arch=aarch64):"
run --daemon "$build/virtiofsd/virtiofsd" --daemon-opt peer_arch=aarch64
sed -n 's/.*\] fuse: \(legacy client.*\)/  daemon: \1/p' "$build/native-tests/vm/work/demo/daemon.log"
