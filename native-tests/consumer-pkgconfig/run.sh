#!/bin/sh
# Builds and runs a consumer with nothing but pkg-config, as a Makefile-based user would.
# usage: run.sh PREFIX CC OUTDIR LIBDIR_REL [MODULE SOURCE [CFLAGS...]]   (default: fusecanon, consumer.c, -std=c99)
set -eu
prefix=$1 cc=$2 out=$3 libdir_rel=${4:-lib}
here=$(dirname "$0")
module=${5:-fusecanon}
src=${6:-$here/../consumer-common/consumer.c}
shift $(( $# < 6 ? $# : 6 ))
[ $# -gt 0 ] || set -- -std=c99
mkdir -p "$out"
export PKG_CONFIG_PATH="$prefix/$libdir_rel/pkgconfig"
cflags=$(pkg-config --cflags "$module")
libs=$(pkg-config --libs "$module")
libdir=$(pkg-config --variable=libdir fusecanon)
# shellcheck disable=SC2086
"$cc" "$@" -Wall -Wextra -Werror $cflags -o "$out/consumer" "$src" $libs -Wl,-rpath,"$libdir"
"$out/consumer"
