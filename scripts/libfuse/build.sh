#!/usr/bin/env bash
# Build libfuse (Debian's 3.14.0 tree from fetch-source.sh, or upstream 3.18.2 from
# fetch-upstream.sh) with meson/ninja,
# optionally after applying a patch series. Nothing is installed.
#
# usage: scripts/libfuse/build.sh SRC BUILD [PATCHDIR]
#   SRC       unpacked libfuse source (left untouched)
#   BUILD     output directory; BUILD/src is the (patched) copy of SRC,
#             BUILD/meson is the meson build directory
#   PATCHDIR  optional: every *.patch in it is applied with `patch -p1`, in
#             `sort -V` order (0001-..., 0002-...), to the copy of SRC
#
# Builds the library, the examples (passthrough_ll, passthrough_hp, hello_ll, ...),
# the test programs (test/test_syscalls, ...) and util/fusermount3 (not setuid).
# Re-running re-copies SRC, re-applies the patches and rebuilds incrementally.
# Env: JOBS (ninja -j, default nproc), BUILDTYPE (meson buildtype, default debugoptimized).
set -euo pipefail

[[ $# -ge 2 && $# -le 3 ]] || { echo "usage: $0 SRC BUILD [PATCHDIR]" >&2; exit 2; }
src=$(cd "$1" && pwd)
mkdir -p "$2"
build=$(cd "$2" && pwd)
patchdir=${3:-}
jobs=${JOBS:-$(nproc)}
buildtype=${BUILDTYPE:-debugoptimized}
start=$(date +%s.%N)

log() { echo "libfuse-build: $*" >&2; }

[[ -f $src/meson.build && -f $src/lib/fuse_lowlevel.c ]] || { log "$src is not a libfuse source tree"; exit 1; }

# Fresh copy of the source each run so patches always apply to pristine files.
# With rsync: only files whose content differs are rewritten (with the current
# mtime, no -t), so ninja rebuilds exactly what a patch change touched. Without
# rsync: full copy and a clean meson build directory.
work=$build/src
mb=$build/meson
if command -v rsync >/dev/null; then
    mkdir -p "$work"
    rsync -rlp --checksum --delete --exclude=/.pc/ --exclude=/.fusecanon-source "$src"/ "$work"/
else
    rm -rf "$work" "$mb" && cp -r "$src" "$work" && rm -rf "$work/.pc"
fi

if [[ -n $patchdir ]]; then
    patchdir=$(cd "$patchdir" && pwd)
    mapfile -t patches < <(find "$patchdir" -maxdepth 1 -name '*.patch' -printf '%f\n' | sort -V)
    for p in "${patches[@]}"; do
        log "applying $p"
        patch -p1 -N --batch --quiet -d "$work" < "$patchdir/$p" \
            || { log "patch $p failed"; exit 1; }
    done
    log "applied ${#patches[@]} patch(es) from $patchdir"
fi

if [[ ! -f $mb/build.ninja ]]; then
    meson setup "$mb" "$work" \
        --buildtype="$buildtype" \
        -Dexamples=true -Dtests=true -Dutils=true \
        -Duseroot=false -Dudevrulesdir=/lib/udev/rules.d -Dinitscriptdir= \
        >"$build/meson-setup.log" 2>&1 || { cat "$build/meson-setup.log" >&2; exit 1; }
fi
ninja -C "$mb" -j "$jobs" >"$build/ninja.log" 2>&1 || { tail -50 "$build/ninja.log" >&2; exit 1; }

end=$(date +%s.%N)
secs=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.1f", b-a}')
lib=$(ls "$mb"/lib/libfuse3.so.3.* 2>/dev/null | head -1)
cat <<EOF
libfuse built in ${secs}s (jobs=$jobs, buildtype=$buildtype)
source:         $work
library:        $lib
                (link with -L$mb/lib -lfuse3 -I$work/include; run with LD_LIBRARY_PATH=$mb/lib)
examples:       $mb/example   (passthrough_ll, passthrough_hp, hello_ll, ...)
test_syscalls:  $mb/test/test_syscalls
fusermount3:    $mb/util/fusermount3 (not setuid)
EOF
