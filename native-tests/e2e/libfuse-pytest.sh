#!/usr/bin/env bash
# libfuse 3.18.2's own pytest suite (test/test_examples.py, test_ctests.py, test_custom_io.py) on the unpatched
# build, then on the patched build with `-o canon_arch` given to every example program (pytest_canon_arch.py):
# the same tests must pass.  This x86-64 kernel is a legacy client of this host's architecture, so the
# libfusecanon session decides that nothing needs translating; the suite checks that a translating session
# changes nothing libfuse's own tests can see (INIT, splice off, every reply through the library until INIT).
#
# usage: native-tests/e2e/libfuse-pytest.sh E2E_LIBFUSE318_DIR
# Needs root, /dev/fuse and Debian's python3-pytest (exit 77 = skipped otherwise).  Tests fail the same way in
# both runs where this machine lacks something (test_cuse: no cuse module); they are listed, not hidden.
set -uo pipefail
[[ $# -eq 1 ]] || { echo "usage: $0 E2E_LIBFUSE318_DIR" >&2; exit 2; }
lf=$(cd "$1" 2>/dev/null && pwd) || { echo "libfuse pytest: $1 not built: skipped"; exit 77; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Debian's interpreter: the one pytest is installed for (python3 on PATH may be another)
py=/usr/bin/python3
if [[ $(id -u) != 0 || ! -c /dev/fuse ]]; then
    echo "libfuse pytest: needs root and /dev/fuse: skipped"
    exit 77
fi
if [[ ! -f $lf/plain/meson/test/test_examples.py || ! -f $lf/canon/meson/test/test_examples.py ]]; then
    echo "libfuse pytest: no 3.18.2 build in $lf (no tarball?): skipped"
    exit 77
fi
if ! "$py" -c 'import pytest' 2>/dev/null; then
    echo "libfuse pytest: $py has no pytest (Debian: python3-pytest): skipped"
    exit 77
fi

work=$(mktemp -d /tmp/fusecanon-pytest-XXXXXX)
trap 'rm -rf "$work"' EXIT
cat >"$work/canon-arch" <<'WRAP'
#!/bin/sh
# the program, then -o canon_arch for libfuse's example filesystems (not their clients, not fusermount3)
prog=$1; shift
case $prog in
    */example/*_client) exec "$prog" "$@" ;;
    */example/*) echo "${prog##*/}" >>"$FUSECANON_PYTEST_LOG"; exec "$prog" -o canon_arch "$@" ;;
    *) exec "$prog" "$@" ;;
esac
WRAP
chmod +x "$work/canon-arch"

# run NAME BUILD [pytest args]: PASSED/FAILED/SKIPPED per test id in $work/NAME.res
run() {
    local name=$1 build=$2
    shift 2
    (cd "$build/meson" && timeout 500 "$py" -m pytest -o addopts= -o log_cli=false -p no:cacheprovider -v \
        "$@" test/) >"$work/$name.log" 2>&1
    local rc=$?
    grep -E '^test/.*(PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS)' "$work/$name.log" \
        | sed -E 's/ +\[ *[0-9]+%\]$//; s/^(test\/[^ ]+) +(PASSED|FAILED|SKIPPED|ERROR|XFAIL|XPASS).*/\1 \2/' \
        | sort >"$work/$name.res"
    echo "$name: pytest exit $rc, $(grep -c ' PASSED' "$work/$name.res") passed, $(grep -c ' FAILED\| ERROR' "$work/$name.res") failed," \
         "$(grep -c ' SKIPPED' "$work/$name.res") skipped; $(tail -1 "$work/$name.log")"
}

start=$(date +%s)
status=0
run plain "$lf/plain"
FUSECANON_PYTEST_WRAPPER=$work/canon-arch FUSECANON_PYTEST_LOG=$work/canon-started PYTHONPATH=$here${PYTHONPATH:+:$PYTHONPATH} \
    run canon "$lf/canon" -p pytest_canon_arch
echo "canon: example filesystems started with -o canon_arch: $(sort "$work/canon-started" 2>/dev/null | uniq -c | awk '{printf "%s %s, ", $2, $1}')"
if ! grep -q ' PASSED' "$work/plain.res"; then
    echo "the unpatched run passed no test: nothing to compare" >&2
    tail -30 "$work/plain.log" >&2
    status=1
elif [[ ! -s $work/canon-started ]]; then
    echo "no example was started with -o canon_arch (the plugin did not take)" >&2
    status=1
elif ! diff -u "$work/plain.res" "$work/canon.res"; then
    echo "the patched build with -o canon_arch differs from the unpatched build" >&2
    grep -A30 '= FAILURES =' "$work/canon.log" | head -60 >&2
    status=1
fi
grep -E ' (FAILED|ERROR)' "$work/plain.res" | sed 's/^/failing in both runs (this machine): /'
grep -h -o "cuse: device not found.*" "$work/plain.log" | head -1
echo "libfuse pytest: $([[ $status == 0 ]] && echo PASS || echo FAIL) in $(( $(date +%s) - start )) s"
exit $status
