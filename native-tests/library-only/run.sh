#!/bin/sh
# The library-only build (README "Building only the library"), exactly as a packager types it, in a fresh
# build directory with the Unix Makefiles generator and -j2:
#   cmake -S SRC -B BUILD -G "Unix Makefiles" -DFUSECANON_BUILD_TESTS=OFF && cmake --build BUILD -j2 && cmake --install BUILD
# It must need only the .NET SDK and a C compiler:
#   - configure: CMake's own trace of every find_* / pkg_check_modules call names nothing test-only, and no
#     C++ compiler is enabled;
#   - configure and build run with a PATH whose first directory holds stand-ins for every test-only tool
#     (clang, C++ compilers, cross compilers, qemu, pkg-config, meson, valgrind): each records its name and
#     fails, so any invocation through PATH is caught; the verbose build log must not name them either;
#   - the install has the library, header, pkg-config and CMake files and the man pages, and no adapter.
# Then two consumers (find_package with Unix Makefiles, and pkg-config) are built against the install and run.
# usage: run.sh SOURCE_DIR WORK_DIR C_COMPILER
set -u
src=$1 work=$2 cc=$3
rm -rf "$work"
mkdir -p "$work/shims"
fail() { echo "library-only: $*" >&2; exit 1; }

# Stand-ins for what scripts/deps/*.txt installs for the tests only.
forbidden="clang clang-14 clang++ clang++-14 c++ g++ g++-12 pkg-config pkgconf meson valgrind qemu-aarch64-static
  qemu-s390x-static qemu-ppc64-static aarch64-linux-gnu-gcc powerpc64le-linux-gnu-gcc powerpc64-linux-gnu-gcc
  s390x-linux-gnu-gcc mips64el-linux-gnuabi64-gcc sparc64-linux-gnu-gcc alpha-linux-gnu-gcc hppa-linux-gnu-gcc
  alpha-linux-gnu-cpp hppa-linux-gnu-cpp sh4-linux-gnu-cpp arc-linux-gnu-cpp"
for t in $forbidden; do
  printf '#!/bin/sh\necho "%s $*" >>"%s/invoked.log"\nexit 127\n' "$t" "$work" >"$work/shims/$t"
  chmod +x "$work/shims/$t"
done
PATH="$work/shims:$PATH"
export PATH

echo "== configure"
cmake -S "$src" -B "$work/build" -G "Unix Makefiles" -DCMAKE_BUILD_TYPE=Release -DFUSECANON_BUILD_TESTS=OFF \
  "-DCMAKE_C_COMPILER=$cc" --trace-expand "--trace-redirect=$work/trace.txt" >"$work/configure.log" 2>&1 ||
  { cat "$work/configure.log"; fail "configure failed"; }
grep -E '\):[[:space:]]+(find_(program|package|library|path|file)|pkg_check_modules|pkg_search_module|enable_language|project)\(' \
  "$work/trace.txt" | sed -e "s|^$src/||" -e 's/):[[:space:]]*/): /' | sort -u >"$work/searched.txt"
[ -s "$work/searched.txt" ] || fail "no find_* call in the trace: is the trace format understood?"
echo "searched for:"; sed 's/^/  /' "$work/searched.txt"
pattern='clang|qemu|fuse3|libfuse([^c]|$)|GTest|gtest|benchmark|Threads|PkgConfig|pkg_check|linux-source|valgrind|linux-gnu|CXX'
grep -Eiq "$pattern" "$work/searched.txt" && fail "configure searched for a test-only tool or package (above)"
grep -q '^CMAKE_CXX_COMPILER:' "$work/build/CMakeCache.txt" && fail "configure enabled C++"

echo "== build (Unix Makefiles, -j2)"
cmake --build "$work/build" -j2 -- VERBOSE=1 >"$work/build.log" 2>&1 || { tail -40 "$work/build.log"; fail "build failed"; }
grep -Ei 'clang|qemu|fuse3|libfuse([^c]|$)|gtest|linux-source|valgrind|linux-gnu-' "$work/build.log" &&
  fail "the build log names a test-only tool (above)"
[ -s "$work/invoked.log" ] && { cat "$work/invoked.log"; fail "a test-only tool was invoked (above)"; }

echo "== install"
cmake --install "$work/build" --prefix "$work/prefix" >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "install failed"; }
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$work/build/CMakeCache.txt")
for f in "$libdir/libfusecanon.so" "$libdir/libfusecanon.so.1" include/fusecanon.h "$libdir/pkgconfig/fusecanon.pc" \
         "$libdir/cmake/FuseCanon/FuseCanonConfig.cmake" share/man/man7/fusecanon.7 share/man/man3/fusecanon_session_create.3; do
  [ -e "$work/prefix/$f" ] || fail "not installed: $f"
done
[ -e "$work/prefix/include/fusecanon_fuse_adapter.h" ] && fail "the adapter was installed by the library-only build"
echo "installed: $(cd "$work/prefix" && find . -type f | wc -l) files"

# The consumers may use what any user has (pkg-config): the test-only stand-ins leave PATH.
PATH=$(echo "$PATH" | sed "s|^$work/shims:||")
here=$(dirname "$0")
echo "== consumer: find_package, Unix Makefiles"
cmake -D "SOURCE_DIR=$here/../consumer-cmake" -D "BINARY_DIR=$work/consumer-cmake" -D "PREFIX=$work/prefix" \
  -D "C_COMPILER=$cc" -D "GENERATOR=Unix Makefiles" -P "$here/../consumer-cmake/run.cmake" || fail "find_package consumer"
echo "== consumer: pkg-config"
sh "$here/../consumer-pkgconfig/run.sh" "$work/prefix" "$cc" "$work/consumer-pkgconfig" "$libdir" || fail "pkg-config consumer"
echo "library-only: ok"
