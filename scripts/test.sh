#!/usr/bin/env bash
# README quick start, command 2: install what is missing, build, and run every test: the xunit suites
# (managed engine, and the real libfusecanon.so through NativeLibrary) and the CTest suites (C/C++ tests,
# ABI checks, out-of-tree consumers). Exits non-zero if anything fails.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/build.sh" || exit 1

# The NativeLibrary tests must exercise the very library CMake built and installs.
export FUSECANON_LIBRARY="$root/build/lib/libfusecanon.so.1"

status=0
echo "== dotnet test"
dotnet test "$root/FuseCanonNative.sln" -c Release --nologo -v:q || status=1
echo "== ctest"
(cd "$root/build" && ctest --output-on-failure --timeout 600 -LE valgrind) || status=1
echo "== valgrind"
"$root/scripts/valgrind.sh" || status=1
[ $status -eq 0 ] && echo "test.sh: all suites passed" || echo "test.sh: FAILED" >&2
exit $status
