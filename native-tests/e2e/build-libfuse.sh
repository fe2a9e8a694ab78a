#!/usr/bin/env bash
# The e2e fixtures: build a libfuse release twice with scripts/libfuse/build.sh, once with its patch series
# against the libfusecanon of the CMake build (installed into a scratch prefix so that pkg-config finds
# fusecanon.pc), once unpatched.
#
# usage: native-tests/e2e/build-libfuse.sh CMAKE_BUILD_DIR OUT_DIR [RELEASE [E2E_GEN_DIR]]
#   RELEASE 3.14 (default): Debian's fuse3 3.14.0 source, bindings/libfuse/patches
#   RELEASE 3.18: upstream 3.18.2 (scripts/libfuse/fetch-upstream.sh; exit 77 when its tarball is absent),
#                 bindings/libfuse/patches-3.18; then also OUT_DIR/e2e-server, native-tests/e2e/e2e_server.c and
#                 the adapter compiled against 3.18.2's headers and library (E2E_GEN_DIR: e2e_arch_values.h)
#   OUT_DIR/canon/meson   patched build (lib/libfuse3.so.3 links libfusecanon.so.1; example/passthrough_ll, ...)
#   OUT_DIR/plain/meson   unpatched build (the reference for the mount tests)
# Re-runs are incremental (a few seconds).
set -euo pipefail
[[ $# -ge 2 && $# -le 4 ]] || { echo "usage: $0 CMAKE_BUILD_DIR OUT_DIR [3.14|3.18 [E2E_GEN_DIR]]" >&2; exit 2; }
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=$(cd "$1" && pwd)
release=${3:-3.14}
case $release in
    3.14) src=$("$root/scripts/libfuse/fetch-source.sh" "$build/libfuse-src")
          series=$root/bindings/libfuse/patches ;;
    3.18) rc=0
          src=$("$root/scripts/libfuse/fetch-upstream.sh" "$build/libfuse-3.18.2-src") || rc=$?
          # no tarball: nothing stale stays behind for the tests to run against
          [[ $rc == 0 ]] || { [[ $rc != 77 ]] || rm -rf "$2"; exit $rc; }
          series=$root/bindings/libfuse/patches-3.18 ;;
    *) echo "build-libfuse: unknown release $release" >&2; exit 2 ;;
esac
mkdir -p "$2"
out=$(cd "$2" && pwd)
prefix=$out/prefix
start=$(date +%s)

cmake --install "$build" --prefix "$prefix" >/dev/null
pcdir=$(dirname "$(find "$prefix" -name fusecanon.pc -print -quit)")

PKG_CONFIG_PATH="$pcdir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    bash "$root/scripts/libfuse/build.sh" "$src" "$out/canon" "$series"
if ! grep -q "Run-time dependency fusecanon found: YES" "$out/canon/meson-setup.log"; then
    echo "build-libfuse: meson did not find fusecanon (see $out/canon/meson-setup.log)" >&2
    exit 1
fi
lib=$(ls "$out"/canon/meson/lib/libfuse3.so.3.* | head -1)
readelf -d "$lib" | grep -q 'NEEDED.*libfusecanon\.so\.1' \
    || { echo "build-libfuse: $lib does not link libfusecanon.so.1" >&2; exit 1; }

bash "$root/scripts/libfuse/build.sh" "$src" "$out/plain"

if [[ $release == 3.18 ]]; then
    # io_uring is built where liburing (with IORING_SETUP_SQE128) and libnuma are found; say which.
    uring=no
    grep -q '^#define HAVE_URING' "$out/plain/meson/fuse_config.h" && uring=yes
    echo "build-libfuse: libfuse 3.18.2 io_uring support built: $uring"
    [[ $# -eq 4 ]] || { echo "build-libfuse: 3.18 needs E2E_GEN_DIR" >&2; exit 2; }
    # The e2e server and the adapter against 3.18.2's headers (fuse_session_custom_io_317, clone_fd); the
    # client runs it with LD_LIBRARY_PATH on the patched or the unpatched library.
    libdir=$(dirname "$(find "$prefix" -name 'libfusecanon.so.1' -print -quit)")
    ${CC:-cc} -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-format-truncation -pthread \
        -I"$out/plain/src/include" -I"$out/plain/meson" -I"$prefix/include" -I"$root/bindings/libfuse" -I"$4" \
        -o "$out/e2e-server.new" "$root/native-tests/e2e/e2e_server.c" "$root/bindings/libfuse/fusecanon_fuse_adapter.c" \
        -L"$out/plain/meson/lib" -lfuse3 -L"$libdir" -lfusecanon
    nm -D "$out/e2e-server.new" | grep -q 'fuse_session_custom_io_317' \
        || { echo "build-libfuse: the 3.18 e2e server does not call fuse_session_custom_io_317" >&2; exit 1; }
    mv "$out/e2e-server.new" "$out/e2e-server"
fi
echo "build-libfuse: patched and unpatched libfuse $release ready in $out ($(( $(date +%s) - start )) s)"
