#!/usr/bin/env bash
# The e2e fixture: builds Debian's libfuse 3.14.0 twice with scripts/libfuse/build.sh, once with
# bindings/libfuse/patches against the libfusecanon of the CMake build (installed into a scratch prefix so that
# pkg-config finds fusecanon.pc), once unpatched.
#
# usage: native-tests/e2e/build-libfuse.sh CMAKE_BUILD_DIR OUT_DIR
#   OUT_DIR/canon/meson   patched build (lib/libfuse3.so.3 links libfusecanon.so.1; example/passthrough_ll, ...)
#   OUT_DIR/plain/meson   unpatched build (the reference for the mount test)
# Re-runs are incremental (about 2 s).
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 CMAKE_BUILD_DIR OUT_DIR" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
prefix=$out/prefix
start=$(date +%s)

cmake --install "$build" --prefix "$prefix" >/dev/null
pcdir=$(dirname "$(find "$prefix" -name fusecanon.pc -print -quit)")
src=$("$root/scripts/libfuse/fetch-source.sh" "$build/libfuse-src")

PKG_CONFIG_PATH="$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    bash "$root/scripts/libfuse/build.sh" "$src" "$out/canon" "$root/bindings/libfuse/patches"
if ! grep -q "Run-time dependency fusecanon found: YES" "$out/canon/meson-setup.log"; then
    echo "build-libfuse: meson did not find fusecanon (see $out/canon/meson-setup.log)" >&2
    exit 1
fi
lib=$(ls "$out"/canon/meson/lib/libfuse3.so.3.* | head -1)
readelf -d "$lib" | grep -q 'NEEDED.*libfusecanon\.so\.1' \
    || { echo "build-libfuse: $lib does not link libfusecanon.so.1" >&2; exit 1; }

bash "$root/scripts/libfuse/build.sh" "$src" "$out/plain"
echo "build-libfuse: patched and unpatched libfuse ready in $out ($(( $(date +%s) - start )) s)"
