#!/usr/bin/env bash
# README quick start, command 1: install what is missing, build everything, run the demos.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/build.sh"
echo
# First the deployment FuseCanon exists for: a real arm64 guest kernel against the x86-64 virtiofsd of QEMU 7.2
# (downloads Debian's arm64 kernel into build/vm-cache once; skipped when virtiofsd is not built).
if [[ -x $root/build/virtiofsd/virtiofsd && -f $root/build/native-tests/vm/guest-bin/vm_guest-arm64 ]]; then
  "$root/native-tests/vm/demo.sh" "$root/build"
else
  echo "(virtio-fs demo skipped: virtiofsd or the arm64 guest program is not built; scripts/deps/vm.txt)"
fi
echo
"$root/build/native-tests/fusecanon_demo"
echo
echo "Supported libfuse versions: 3.14.0 (Debian 12's fuse3) with bindings/libfuse/patches; upstream 3.18.2 with"
echo "bindings/libfuse/patches-3.18; any libfuse >= 3.13 unpatched through the adapter (tested with 3.14 and 3.18.2)."
echo
# The end-to-end demo: an emulated aarch64 FUSE kernel against a real libfuse passthrough filesystem, through
# unmodified libfuse, the zero-patch adapter, and libfuse with bindings/libfuse/patches (built here, ~1 min once).
bash "$root/native-tests/e2e/build-libfuse.sh" "$root/build" "$root/build/e2e-libfuse" >/dev/null
"$root/build/native-tests/e2e/fusecanon_e2e_demo" "$@"
# The same clients against upstream libfuse 3.18.2 with its series (~1 min once; needs the release tarball,
# ../shared/upstream/libfuse-3.18.2.tar.xz or $FUSECANON_LIBFUSE318_TARBALL).
echo
rc=0
bash "$root/native-tests/e2e/build-libfuse.sh" "$root/build" "$root/build/e2e-libfuse-3.18" 3.18 \
    "$root/build/native-tests/e2e/generated" >/dev/null || rc=$?
if [[ $rc == 0 ]]; then
  echo "Upstream libfuse 3.18.2 with bindings/libfuse/patches-3.18, every emulated client in every mode:"
  "$root/build/native-tests/e2e/fusecanon_e2e_client" --matrix --server patched318
else
  echo "(libfuse 3.18.2 part skipped: no release tarball, or its build failed)"
fi
