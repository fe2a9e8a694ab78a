#!/usr/bin/env bash
# The daemon's command line: the patched virtiofsd documents and checks its options, the unpatched one does
# not know them.  usage: options.sh PATCHED UNPATCHED
set -uo pipefail
patched=$1 unpatched=$2
fails=0
expect() { # expect NAME EXIT-STATUS-NONZERO(1/0) PATTERN -- command...
  local name=$1 nonzero=$2 pattern=$3; shift 4
  local out rc
  out=$(timeout 10 "$@" 2>&1); rc=$?
  if { [[ $nonzero == 1 && $rc == 0 ]] || [[ $nonzero == 0 && $rc != 0 ]]; } || ! grep -qF -- "$pattern" <<< "$out"; then
    echo "FAIL $name: exit $rc, output:"; echo "$out" | head -5; fails=1
  else
    echo "ok   $name: exit $rc, \"$pattern\""
  fi
}
sock=$(mktemp -u /tmp/vfsd-opt.XXXXXX)
expect "help lists canon_arch" 0 "-o canon_arch" -- "$patched" --help
expect "help lists peer_arch" 0 "-o peer_arch=NAME" -- "$patched" --help
expect "unknown peer_arch" 1 "fuse: unknown peer_arch \`sparc128'" -- \
  "$patched" --socket-path="$sock" -o source=/tmp -o peer_arch=sparc128
expect "empty peer_arch" 1 "fuse: unknown peer_arch \`'" -- "$patched" --socket-path="$sock" -o source=/tmp -o peer_arch=
expect "unpatched: canon_arch" 1 "unknown option(s): \`-o canon_arch'" -- \
  "$unpatched" --socket-path="$sock" -o source=/tmp -o canon_arch
expect "unpatched: peer_arch" 1 "unknown option(s): \`-o peer_arch=aarch64'" -- \
  "$unpatched" --socket-path="$sock" -o source=/tmp -o peer_arch=aarch64
rm -f "$sock"
exit $fails
