#!/usr/bin/env bash
# What FuseCanon costs per message from Rust, beside the same cases in C, measured in one run:
# instructions/op under callgrind (repeatable on a shared machine: each case runs N and 2N times and the difference
# is divided by N, so set-up cancels out), then wall-clock ns/op (Rust, best of 5) and Google Benchmark's CPU ns/op (C).
# Needs scripts/build.sh first (the library and native-tests/bench/fusecanon_bench).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$root/build"
n=${1:-100000}
export CARGO_TARGET_DIR="$build/cargo" FUSECANON_LIB_DIR="$build/lib"
(cd "$root/bindings/rust" && cargo build --offline --release --example bench >&2)
rust="$build/cargo/release/examples/bench"
c="$build/native-tests/bench/fusecanon_bench"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

instructions() { # command... -> instructions per iteration
  local a b
  a=$(valgrind --tool=callgrind --callgrind-out-file="$out/a" "$@" "$n" 2>&1 | sed -n 's/.*Collected : //p')
  b=$(valgrind --tool=callgrind --callgrind-out-file="$out/b" "$@" "$((2 * n))" 2>&1 | sed -n 's/.*Collected : //p')
  awk -v a="$a" -v b="$b" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }'
}

echo "| case | Rust instructions/op | C instructions/op |"
echo "| --- | ---: | ---: |"
row() { echo "| $1 | $(instructions "$rust" --case "$2" --iterations) | ${3:+$(instructions "$c" --iterate "$3")} |"; }
row "open flags, inline plan (Rust Plan::open_flags / C fusecanon_plan_open_flags)" 0 field/open_flags/inline
row "open flags, one call per field (Arch::open_flags_to / fusecanon_xlate_open_flags)" 1 field/open_flags/so_call
row "OPEN message, copy only (the harness)" 2 msg/OPEN/memcpy
row "OPEN message, per-message call (Session::request_decode / fusecanon_request_decode)" 3 msg/OPEN/so_call
row "OPEN message, connection tier (Session::server_recv)" 4 ""
echo
"$rust" 0.3 2>/dev/null
echo
"$c" --benchmark_filter='field/open_flags/(inline|so_call)|msg/OPEN/(memcpy|so_call)' 2>/dev/null | tail -4
