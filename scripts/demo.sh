#!/usr/bin/env bash
# README quick start, command 1: install what is missing, build everything, run the demos.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/build.sh"
echo
"$root/build/native-tests/fusecanon_demo"
echo
# The end-to-end demo: an emulated aarch64 FUSE kernel against a real libfuse passthrough filesystem, through
# unmodified libfuse, the zero-patch adapter, and libfuse with bindings/libfuse/patches (built here, ~1 min once).
bash "$root/native-tests/e2e/build-libfuse.sh" "$root/build" "$root/build/e2e-libfuse" >/dev/null
"$root/build/native-tests/e2e/fusecanon_e2e_demo" "$@"
