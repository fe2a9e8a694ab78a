#!/usr/bin/env bash
# valgrind memcheck over the C tests (native-tests/test_*.cpp and native-tests/robustness): any invalid read
# or write, use of uninitialised memory, or definitely lost block fails. scripts/test.sh runs it after CTest.
# The suppressions (native-tests/robustness/valgrind.supp) name only .NET runtime internals and say why.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind is not installed (scripts/deps/robustness.txt)" >&2; exit 1; }
status=0
start=$(date +%s)
for t in "$build"/native-tests/test_* "$build"/native-tests/robustness/robustness_test_*; do
  [ -x "$t" ] || continue
  case "$t" in *_tsan) continue ;; esac # the ThreadSanitizer build has a runtime of its own
  name=$(basename "$t")
  log="$build/valgrind-$name.log"
  if valgrind --tool=memcheck --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
       --show-leak-kinds=definite --suppressions="$root/native-tests/robustness/valgrind.supp" \
       --log-file="$log" "$t" --gtest_brief=1 >/dev/null 2>&1; then
    echo "valgrind: $name clean"
  else
    echo "valgrind: $name FAILED (see $log)" >&2
    status=1
  fi
done
echo "valgrind: $(( $(date +%s) - start )) s"
exit $status
