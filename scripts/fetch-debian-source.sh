#!/usr/bin/env bash
# Fetch a Debian bookworm source package, unpack it with Debian's own quilt
# patches applied (dpkg-source -x does that) and print the path.
#
# usage: scripts/fetch-debian-source.sh PACKAGE UPSTREAM_VERSION CHECK_FILE DEST
#   e.g. fuse3 3.14.0 lib/fuse_lowlevel.c build/libfuse-src
#        qemu 7.2+dfsg tools/virtiofsd/fuse_lowlevel.c build/qemu-src
#
# Idempotent: if DEST already holds an unpacked tree (CHECK_FILE exists) it only prints
# the path. The downloaded .dsc/.orig/.debian files are kept in DEST.dl/ so a
# re-unpack needs no network. Needs apt (Debian bookworm) and dpkg-dev; adds a
# deb-src entry for bookworm if none is configured (needs root or sudo for that),
# and runs `apt-get update` on that one source only. Non-interactive (CI=true).
set -euo pipefail

[[ $# -eq 4 ]] || { echo "usage: $0 PACKAGE UPSTREAM_VERSION CHECK_FILE DEST" >&2; exit 2; }
pkg=$1
want_upstream=$2
check=$3
dest=$4
dest=${dest%/}
mkdir -p "$(dirname "$dest")"
dest=$(cd "$(dirname "$dest")" && pwd)/$(basename "$dest")
dl=$dest.dl
marker=$dest/.fusecanon-source

log() { echo "fetch-source: $*" >&2; }

if [[ -f $marker && -f $dest/$check ]]; then
    log "already unpacked: $(cat "$marker")"
    echo "$dest"
    exit 0
fi

SUDO=
if [[ $(id -u) != 0 ]]; then
    if command -v sudo >/dev/null; then SUDO="sudo -n"; fi
fi
export DEBIAN_FRONTEND=noninteractive

have_dsc() { compgen -G "$dl/${pkg}_${want_upstream}-*.dsc" >/dev/null; }

if ! have_dsc; then
    srcfile=/etc/apt/sources.list.d/fusecanon-bookworm-src.sources
    src_known() { apt-cache showsrc "$pkg" 2>/dev/null | grep -q "^Version: \([0-9]*:\)\?${want_upstream}-"; }
    if ! src_known; then
        if [[ ! -f $srcfile ]]; then
            log "adding deb-src entry $srcfile"
            $SUDO tee "$srcfile" >/dev/null <<'EOF'
# Added by FuseCanon scripts/fetch-debian-source.sh: source packages for
# `apt-get source fuse3` (libfuse 3.14.0) and `apt-get source qemu` (virtiofsd).
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
        fi
        # Update only the deb-src file(s); keep the other lists untouched.  A mirror caught mid-sync (or
        # another apt run holding the lists) leaves the index without the package once in a while: try again.
        upd_opts=()
        if [[ -f $srcfile ]]; then
            upd_opts=(-o APT::Get::List-Cleanup=0 -o Dir::Etc::sourceparts=- -o Dir::Etc::sourcelist="$srcfile")
        fi
        for attempt in 1 2 3; do
            log "apt-get update (deb-src entries only), attempt $attempt"
            $SUDO apt-get update -qq "${upd_opts[@]}" </dev/null >&2 || log "apt-get update failed"
            src_known && break
            [[ $attempt == 3 ]] && { log "apt knows no $pkg ${want_upstream} source package"; exit 1; }
            sleep 15
        done
    fi
    rm -rf "$dl.tmp" && mkdir -p "$dl.tmp"
    log "apt-get source --download-only $pkg"
    # apt downloads as user _apt when it can; a world-readable dir avoids the
    # "unsandboxed as root" notice in most cases.
    chmod 755 "$dl.tmp"
    (cd "$dl.tmp" && apt-get source -qq --download-only "$pkg" </dev/null >&2)
    compgen -G "$dl.tmp/${pkg}_${want_upstream}-*.dsc" >/dev/null \
        || { log "downloaded source is not $pkg ${want_upstream}"; ls "$dl.tmp" >&2; exit 1; }
    rm -rf "$dl" && mv "$dl.tmp" "$dl"
fi

dsc=$(ls "$dl"/${pkg}_${want_upstream}-*.dsc | sort -V | tail -1)
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
