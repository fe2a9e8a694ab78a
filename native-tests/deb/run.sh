#!/bin/sh
# The Debian packages: dpkg-buildpackage -b on a copy of the source tree (debian/), then the two .debs are
# unpacked (dpkg-deb -x, not installed) into a scratch root, and consumers are built and run against that root
# only: pkg-config and find_package for the library, pkg-config for the libfuse adapter.  Also checks that the
# -dev package has the man pages and the runtime package the symbols file.
# usage: run.sh SOURCE_DIR WORK_DIR C_COMPILER
set -u
src=$1 work=$2 cc=$3
fail() { echo "deb: $*" >&2; exit 1; }
version=$(sed -n '1s/^fusecanon (\([^)]*\)).*/\1/p' "$src/debian/changelog")
header=$(awk '/^#define FUSECANON_VERSION_(MAJOR|MINOR|PATCH) / { v = v (v ? "." : "") $3 } END { print v }' "$src/include/fusecanon.h")
[ "$version" = "$header" ] || fail "debian/changelog says $version, include/fusecanon.h $header"
arch=$(dpkg-architecture -qDEB_HOST_ARCH) multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

rm -rf "$work"
tree="$work/fusecanon-$version"
mkdir -p "$tree"
if git -C "$src" rev-parse --git-dir >/dev/null 2>&1; then
  git -C "$src" ls-files -z --cached --others --exclude-standard | tar -C "$src" --null -T - -cf - | tar -C "$tree" -xf -
else
  tar -C "$src" --exclude=./build --exclude=obj --exclude=bin --exclude=artifacts -cf - . | tar -C "$tree" -xf -
fi

echo "== dpkg-buildpackage -b"
start=$(date +%s)
(cd "$tree" && dpkg-buildpackage -b -us -uc) >"$work/buildpackage.log" 2>&1 || { tail -40 "$work/buildpackage.log"; fail "dpkg-buildpackage failed"; }
echo "built in $(( $(date +%s) - start )) s: $(cd "$work" && ls ./*.deb | tr '\n' ' ')"
lib="$work/libfusecanon1_${version}_$arch.deb" dev="$work/libfusecanon-dev_${version}_$arch.deb"
[ -f "$lib" ] && [ -f "$dev" ] || fail "missing $lib or $dev"

dpkg-deb -c "$dev" >"$work/dev-contents.txt"
grep -q "usr/share/man/man3/fusecanon_session_create.3" "$work/dev-contents.txt" || fail "no man page in the -dev package"
grep -q "usr/share/man/man7/fusecanon.7" "$work/dev-contents.txt" || fail "no fusecanon(7) in the -dev package"
mkdir -p "$work/control"
dpkg-deb -e "$lib" "$work/control"
grep -q "fusecanon_session_create@V1.0" "$work/control/symbols" || fail "no symbols file in the runtime package"

root="$work/root"
dpkg-deb -x "$lib" "$root"
dpkg-deb -x "$dev" "$root"
libdir="$root/usr/lib/$multiarch"
here=$(dirname "$0")

echo "== consumers against the unpacked packages"
sh "$here/../consumer-pkgconfig/run.sh" "$root/usr" "$cc" "$work/consumer-pkgconfig" "lib/$multiarch" || fail "pkg-config consumer"
loaded=$(ldd "$work/consumer-pkgconfig/consumer" | awk '$1 == "libfusecanon.so.1" { print $3 }')
[ "$(readlink -f "$loaded")" = "$(readlink -f "$libdir/libfusecanon.so.1")" ] ||
  fail "the consumer loaded libfusecanon.so.1 from '$loaded', not from the unpacked package"
cmake -D "SOURCE_DIR=$here/../consumer-cmake" -D "BINARY_DIR=$work/consumer-cmake" -D "PREFIX=$root/usr" \
  -D "C_COMPILER=$cc" -P "$here/../consumer-cmake/run.cmake" || fail "find_package consumer"
sh "$here/../consumer-pkgconfig/run.sh" "$root/usr" "$cc" "$work/consumer-adapter" "lib/$multiarch" fusecanon-fuse \
  "$here/../consumer-adapter/adapter_consumer.c" -std=gnu11 || fail "adapter consumer"
MANWIDTH=100 man -l "$root/usr/share/man/man3/fusecanon_session_create.3.gz" | grep -q "fusecanon_session_create" ||
  fail "man -l cannot show the packaged page"
echo "deb: ok"
