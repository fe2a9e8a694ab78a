#!/bin/sh
# Builds and runs the consumer with nothing but pkg-config, as a Makefile-based user would.
set -eu
prefix=$1 cc=$2 out=$3 libdir_rel=${4:-lib}
mkdir -p "$out"
export PKG_CONFIG_PATH="$prefix/$libdir_rel/pkgconfig"
cflags=$(pkg-config --cflags fusecanon)
libs=$(pkg-config --libs fusecanon)
libdir=$(pkg-config --variable=libdir fusecanon)
here=$(dirname "$0")
# shellcheck disable=SC2086
"$cc" -std=c99 -Wall -Wextra -Werror $cflags -o "$out/consumer" "$here/../consumer-common/consumer.c" $libs \
  -Wl,-rpath,"$libdir"
"$out/consumer"
