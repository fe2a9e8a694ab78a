#!/bin/sh
# A consumer built with -fsanitize=address against the installed library must work out of the box: no
# LeakSanitizer report of the .NET runtime's start-up (src/FuseCanon.Native/native/lsan_startup.c), no
# ASAN_OPTIONS or suppression file needed.  Negative control: a consumer that leaks a session is still caught.
# usage: run.sh PREFIX CC OUTDIR LIBDIR_REL
set -u
prefix=$1 cc=$2 out=$3 libdir_rel=$4
here=$(dirname "$0")
mkdir -p "$out"
export PKG_CONFIG_PATH="$prefix/$libdir_rel/pkgconfig"
unset ASAN_OPTIONS LSAN_OPTIONS
cflags=$(pkg-config --cflags fusecanon) libs=$(pkg-config --libs fusecanon) libdir=$(pkg-config --variable=libdir fusecanon)
build() { # source output
  # shellcheck disable=SC2086
  "$cc" -std=c99 -g -O1 -fsanitize=address -fno-omit-frame-pointer -Wall -Wextra -Werror $cflags -o "$2" "$1" \
    $libs -Wl,-rpath,"$libdir" || { echo "consumer.asan: cannot build $1" >&2; exit 1; }
}
build "$here/../consumer-common/consumer.c" "$out/consumer"
build "$here/leak_session.c" "$out/leak_session"

"$out/consumer" >"$out/consumer.out" 2>&1
rc=$?
cat "$out/consumer.out"
if [ $rc -ne 0 ] || grep -q Sanitizer "$out/consumer.out"; then
  echo "consumer.asan: the ASan consumer failed (exit $rc)" >&2
  exit 1
fi
"$out/leak_session" >"$out/leak_session.out" 2>&1
rc=$?
if [ $rc -eq 0 ] || ! grep -q "LeakSanitizer: detected memory leaks" "$out/leak_session.out"; then
  cat "$out/leak_session.out"
  echo "consumer.asan: negative control: a leaked session was not reported (exit $rc)" >&2
  exit 1
fi
echo "consumer.asan: clean consumer exits 0; a leaked session is reported ($(grep -c 'Direct leak' "$out/leak_session.out") direct leak(s))"
