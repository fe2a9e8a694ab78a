#!/usr/bin/env bash
# Build the C virtiofsd of QEMU 7.2 (tools/virtiofsd of Debian bookworm's qemu source) with QEMU's own
# configure + meson, optionally after applying a patch series; copy the binary to OUT.
#
# usage: scripts/virtiofsd/build.sh SRC WORK OUT [PATCHDIR]
#   SRC       unpacked qemu source (scripts/fetch-debian-source.sh), left untouched
#   WORK      WORK/src is the (patched) copy of SRC, WORK/meson QEMU's build directory
#   OUT       where the virtiofsd binary is copied
#   PATCHDIR  optional: every *.patch in it, in `sort -V` order, applied with `patch -p1` to the copy
#
# Why QEMU's build and not the 9 virtiofsd files compiled directly: virtiofsd links libqemuutil
# (strstart, qemu_write_pidfile, error_report_err with QAPI-generated types, qemu_get_local_state_dir,
# qemu_init_exec_dir) and includes qemu/osdep.h, which needs the config-host.h that meson derives from the
# machine.  Compiling the files alone means hand-written shims for those and a hand-written config: not
# the daemon Debian ships.  The meson route builds exactly that source, ~70 s on 2 cores once (configure
# ~13 s, 429 ninja steps, most of them libqemuutil), incrementally afterwards.
# Env: JOBS (default 2); PKG_CONFIG_PATH decides whether meson finds fusecanon.pc (patch 0001).
set -euo pipefail
[[ $# -ge 3 && $# -le 4 ]] || { echo "usage: $0 SRC WORK OUT [PATCHDIR]" >&2; exit 2; }
src=$(cd "$1" && pwd)
mkdir -p "$2" "$(dirname "$3")"
work=$(cd "$2" && pwd)
out=$3
patchdir=${4:-}
jobs=${JOBS:-2}
log() { echo "virtiofsd-build: $*" >&2; }

[[ -f $src/tools/virtiofsd/fuse_lowlevel.c ]] || { log "$src is not a qemu source tree"; exit 1; }

# A fresh copy each run so that patches apply to pristine files; rsync rewrites only files whose content
# differs, so ninja rebuilds exactly what a patch touched.
mkdir -p "$work/src"
rsync -rlp --checksum --delete --exclude=/.pc/ --exclude=/.fusecanon-source "$src"/ "$work/src"/
if [[ -n $patchdir ]]; then
  n=0
  for p in $(find "$patchdir" -maxdepth 1 -name '*.patch' -printf '%f\n' | sort -V); do
    patch -p1 -N --batch --quiet -d "$work/src" < "$patchdir/$p" || { log "patch $p failed"; exit 1; }
    n=$((n + 1))
  done
  log "applied $n patches from $patchdir"
fi

# QEMU's configure must use Debian's python3 and meson (the dfsg tarball has no bundled meson); a pyenv
# python earlier in PATH lacks the modules configure needs.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
if [[ ! -f $work/meson/build.ninja ]]; then
  mkdir -p "$work/meson"
  (cd "$work/meson" && "$work/src/configure" --meson=/usr/bin/meson --without-default-features \
      --enable-tools --enable-virtiofsd --enable-vhost-user --enable-seccomp --enable-cap-ng \
      --disable-system --disable-user --disable-docs) > "$work/configure.log" 2>&1 \
    || { tail -30 "$work/configure.log" >&2; exit 1; }
fi
ninja -C "$work/meson" -j "$jobs" tools/virtiofsd/virtiofsd > "$work/ninja.log" 2>&1 \
  || { tail -40 "$work/ninja.log" >&2; exit 1; }
cp "$work/meson/tools/virtiofsd/virtiofsd" "$out.tmp" && mv "$out.tmp" "$out"
log "built $out"
