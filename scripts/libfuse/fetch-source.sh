#!/usr/bin/env bash
# Fetch and unpack Debian bookworm's libfuse 3.14.0 source package (fuse3) and print the path.
# usage: scripts/libfuse/fetch-source.sh [DEST]      (default: build/libfuse-src)
exec "$(dirname "${BASH_SOURCE[0]}")/../fetch-debian-source.sh" fuse3 3.14.0 lib/fuse_lowlevel.c "${1:-build/libfuse-src}"
