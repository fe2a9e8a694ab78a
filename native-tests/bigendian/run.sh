#!/bin/sh
# Builds emit_messages.c for x86_64 (native) and for the big-endian s390x and ppc64 with Debian's cross
# compilers, runs the big-endian ones under qemu-user, and leaves one directory of messages per arch:
#   OUTDIR/x86_64/*.bin  OUTDIR/s390x/*.bin  OUTDIR/ppc64/*.bin
# The xunit test FuseCanon.Tests.ByteOrder.RealBigEndianBytesTests swaps each big-endian file and
# compares it with the x86_64 one. This script checks what it can without the engine: the same files
# in each directory, of the same sizes, and differing bytes (the byte order really differs).
# Usage: run.sh [OUTDIR]   (default: <repo>/artifacts/bigendian). Packages: scripts/deps/bigendian.txt.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=${1:-"$root/artifacts/bigendian"}
src="$here/emit_messages.c"
flags="-std=c99 -O1 -Wall -Wextra -Werror -static"

need() {
    command -v "$1" >/dev/null 2>&1 || { echo "run.sh: $1 not found (apt-get install $2)" >&2; exit 1; }
}
need cc gcc
need s390x-linux-gnu-gcc gcc-s390x-linux-gnu
need powerpc64-linux-gnu-gcc gcc-powerpc64-linux-gnu
need qemu-s390x-static qemu-user-static
need qemu-ppc64-static qemu-user-static

rm -rf "$out"
mkdir -p "$out/bin" "$out/x86_64" "$out/s390x" "$out/ppc64"

# Each compiler uses <linux/fuse.h> of its own sysroot (/usr/<triplet>/include for the cross ones).
cc $flags -o "$out/bin/emit-x86_64" "$src"
s390x-linux-gnu-gcc $flags -o "$out/bin/emit-s390x" "$src"
powerpc64-linux-gnu-gcc $flags -o "$out/bin/emit-ppc64" "$src"

"$out/bin/emit-x86_64" "$out/x86_64"
qemu-s390x-static -L /usr/s390x-linux-gnu "$out/bin/emit-s390x" "$out/s390x"
qemu-ppc64-static -L /usr/powerpc64-linux-gnu "$out/bin/emit-ppc64" "$out/ppc64"

status=0
count=0
for f in "$out"/x86_64/*.bin; do
    name=$(basename "$f")
    count=$((count + 1))
    for arch in s390x ppc64; do
        other="$out/$arch/$name"
        if [ ! -f "$other" ]; then
            echo "FAIL $arch/$name missing" >&2; status=1; continue
        fi
        if [ "$(wc -c <"$f")" -ne "$(wc -c <"$other")" ]; then
            echo "FAIL $arch/$name: size differs from x86_64" >&2; status=1; continue
        fi
        if cmp -s "$f" "$other"; then
            echo "FAIL $arch/$name is identical to x86_64: not big-endian?" >&2; status=1; continue
        fi
        echo "ok   $arch/$name ($(wc -c <"$other") bytes, byte order differs)"
    done
done
[ "$count" -ge 8 ] || { echo "FAIL only $count messages" >&2; status=1; }
# Both big-endian arches lay FUSE structs out alike: their files must be identical.
for f in "$out"/s390x/*.bin; do
    cmp -s "$f" "$out/ppc64/$(basename "$f")" || { echo "FAIL s390x and ppc64 differ: $(basename "$f")" >&2; status=1; }
done
exit $status
