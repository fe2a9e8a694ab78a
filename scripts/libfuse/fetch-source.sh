#!/usr/bin/env bash
# Fetch Debian bookworm's libfuse 3.14.0 source package (fuse3), unpack it with
# Debian's own quilt patches applied (dpkg-source -x does that) and print the path.
#
# usage: scripts/libfuse/fetch-source.sh [DEST]      (default: build/libfuse-src)
#
# Idempotent: if DEST already holds an unpacked fuse3 3.14.0 tree it only prints
# the path. The downloaded .dsc/.orig/.debian files are kept in DEST.dl/ so a
# re-unpack needs no network. Needs apt (Debian bookworm) and dpkg-dev; adds a
# deb-src entry for bookworm if none is configured (needs root or sudo for that),
# and runs `apt-get update` on that one source only. Non-interactive (CI=true).
set -euo pipefail

want_upstream=3.14.0
dest=${1:-build/libfuse-src}
dest=${dest%/}
mkdir -p "$(dirname "$dest")"
dest=$(cd "$(dirname "$dest")" && pwd)/$(basename "$dest")
dl=$dest.dl
marker=$dest/.fusecanon-source

log() { echo "fetch-source: $*" >&2; }

if [[ -f $marker && -f $dest/meson.build && -f $dest/lib/fuse_lowlevel.c ]]; then
    log "already unpacked: $(cat "$marker")"
    echo "$dest"
    exit 0
fi

SUDO=
if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null; then SUDO="sudo -n"; fi
fi
export DEBIAN_FRONTEND=noninteractive

have_dsc() { compgen -G "$dl/fuse3_${want_upstream}-*.dsc" >/dev/null; }

if ! have_dsc; then
    srcfile=/etc/apt/sources.list.d/fusecanon-bookworm-src.sources
    src_known() { apt-cache showsrc fuse3 2>/dev/null | grep -q "^Version: ${want_upstream}-"; }
    if ! src_known; then
        if [[ ! -f $srcfile ]]; then
            log "adding deb-src entry $srcfile"
            $SUDO tee "$srcfile" >/dev/null <<'EOF'
# Added by FuseCanon scripts/libfuse/fetch-source.sh: source packages for
# `apt-get source fuse3` (libfuse 3.14.0).
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
        fi
        log "apt-get update (deb-src entries only)"
        # Update only the deb-src file(s); keep the other lists untouched.
        upd_opts=(-o APT::Get::List-Cleanup=0 -o Dir::Etc::sourceparts=-)
        if [[ -f $srcfile ]]; then
            upd_opts+=(-o Dir::Etc::sourcelist="$srcfile")
            $SUDO apt-get update -qq "${upd_opts[@]}" </dev/null >&2
        else
            $SUDO apt-get update -qq </dev/null >&2
        fi
        src_known || { log "apt knows no fuse3 ${want_upstream} source package"; exit 1; }
    fi
    rm -rf "$dl.tmp" && mkdir -p "$dl.tmp"
    log "apt-get source --download-only fuse3"
    # apt downloads as user _apt when it can; a world-readable dir avoids the
    # "unsandboxed as root" notice in most cases.
    chmod 755 "$dl.tmp"
    (cd "$dl.tmp" && apt-get source -qq --download-only fuse3 </dev/null >&2)
    compgen -G "$dl.tmp/fuse3_${want_upstream}-*.dsc" >/dev/null \
        || { log "downloaded source is not fuse3 ${want_upstream}"; ls "$dl.tmp" >&2; exit 1; }
    rm -rf "$dl" && mv "$dl.tmp" "$dl"
fi

dsc=$(ls "$dl"/fuse3_${want_upstream}-*.dsc | sort -V | tail -1)
log "unpacking $(basename "$dsc") (Debian patches applied by dpkg-source -x)"
rm -rf "$dest" "$dest.tmp"
dpkg-source --no-check -x "$dsc" "$dest.tmp" >&2
mv "$dest.tmp" "$dest"
{
    echo "$(basename "$dsc")"
} > "$marker"
if [[ -f $dest/debian/patches/series ]]; then
    log "Debian patches: $(grep -cv '^\s*\(#\|$\)' "$dest/debian/patches/series") ($(tr '\n' ' ' < "$dest/debian/patches/series"))"
fi
echo "$dest"
