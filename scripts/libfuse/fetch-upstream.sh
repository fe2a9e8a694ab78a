#!/usr/bin/env bash
# Unpack the upstream libfuse 3.18.2 release (a `git archive` of tag fuse-3.18.2) and print the path.
#
# usage: scripts/libfuse/fetch-upstream.sh [DEST]      (default: build/libfuse-3.18.2-src)
# The tarball is ../shared/upstream/libfuse-3.18.2.tar.xz beside the repository (or beside the repository a
# clone came from), or $FUSECANON_LIBFUSE318_TARBALL.
# Nothing is downloaded.  Exit 77 (the CTest skip code) with a message on stderr when the tarball is absent.
# Idempotent: a tree unpacked from the same tarball (same sha256) is only printed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
dest=${1:-$root/build/libfuse-3.18.2-src}
dest=${dest%/}
log() { echo "fetch-upstream: $*" >&2; }

# Where the tarball is looked for: $FUSECANON_LIBFUSE318_TARBALL; else shared/upstream beside this repository,
# then, for a clone (CI's `git clone . /tmp/x`), shared/upstream beside the repository it was cloned from.
candidates=()
if [[ -n ${FUSECANON_LIBFUSE318_TARBALL:-} ]]; then
    candidates=("$FUSECANON_LIBFUSE318_TARBALL")
else
    candidates=("$root/../shared/upstream/libfuse-3.18.2.tar.xz")
    origin=$(git -C "$root" remote get-url origin 2>/dev/null || true)
    if [[ -n $origin && -d $origin ]]; then
        candidates+=("$(cd "$origin" && pwd)/../shared/upstream/libfuse-3.18.2.tar.xz")
    fi
fi
tarball=
for c in "${candidates[@]}"; do
    if [[ -r $c ]]; then tarball=$c; break; fi
done
if [[ -z $tarball ]]; then
    log "no libfuse 3.18.2 tarball at ${candidates[*]} (set FUSECANON_LIBFUSE318_TARBALL): skipped"
    exit 77
fi
sum=$(sha256sum "$tarball" | cut -d' ' -f1)
marker=$dest/.fusecanon-source
if [[ -f $marker && $(cat "$marker") == "$sum" && -f $dest/lib/fuse_lowlevel.c ]]; then
    echo "$dest"
    exit 0
fi
rm -rf "$dest"
mkdir -p "$dest"
tar -xJf "$tarball" -C "$dest" --strip-components=1
grep -q "version: '3.18.2'" "$dest/meson.build" || { log "$tarball is not libfuse 3.18.2"; exit 1; }
echo "$sum" >"$marker"
log "unpacked $tarball"
echo "$dest"
