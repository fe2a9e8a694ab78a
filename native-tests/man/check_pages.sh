#!/bin/sh
# Every function an installed library exports has its man page (man3/<function>.3), fusecanon(7) covers the
# concepts, and every page renders without a groff warning (and through man -l).
# usage: check_pages.sh PREFIX LIBDIR_REL MANDIR_REL
set -u
prefix=$1 libdir=$2 mandir=$3
man3="$prefix/$mandir/man3" man7="$prefix/$mandir/man7"
status=0
exported() { # library: its defined function symbols, without ELF version suffixes
  nm -D --defined-only "$1" | awk '$2 == "T" { sub(/@.*/, "", $3); print $3 }'
}
{
  exported "$prefix/$libdir/libfusecanon.so.1"
  # The adapter (static, when installed): its public functions.
  [ -f "$prefix/$libdir/libfusecanon-fuse.a" ] &&
    nm --defined-only "$prefix/$libdir/libfusecanon-fuse.a" | awk '$2 == "T" && $3 ~ /^fusecanon_/ { print $3 }'
} | sort -u >"${TMPDIR:-/tmp}/fusecanon-man-exports.$$"
n=0
while read -r f; do
  n=$((n + 1))
  [ -f "$man3/$f.3" ] || { echo "no man page for $f (expected $man3/$f.3)" >&2; status=1; }
done <"${TMPDIR:-/tmp}/fusecanon-man-exports.$$"
rm -f "${TMPDIR:-/tmp}/fusecanon-man-exports.$$"
[ "$n" -ge 40 ] || { echo "only $n exported functions found: is $prefix/$libdir the library?" >&2; status=1; }

# The concept page names the concepts.
for c in "THE CANONICAL FORMAT" "FUSECANON_PROFILE_DEFAULT" "FUSECANON_MODE_CANONICAL" "Byte order" "VERSIONING"; do
  grep -q "$(echo "$c" | sed 's/-/\\\\-/g')" "$man7/fusecanon.7" || { echo "fusecanon(7) does not cover: $c" >&2; status=1; }
done

pages=0
for p in "$man3"/*.3 "$man7"/*.7; do
  pages=$((pages + 1))
  w=$(groff -man -Tutf8 -ww -z "$p" 2>&1)
  [ -z "$w" ] || { echo "$p: groff: $w" >&2; status=1; }
  if command -v man >/dev/null; then
    MANWIDTH=100 man -l "$p" 2>/dev/null | grep -q '^NAME' || { echo "$p: man -l shows no NAME section" >&2; status=1; }
  fi
done
echo "man pages: $n exported functions, $pages pages checked"
exit $status
