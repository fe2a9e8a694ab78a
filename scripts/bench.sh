#!/usr/bin/env bash
# Runs every performance measurement of the project and prints one table (also written to
# build/bench/results.md, the table docs/performance.md quotes):
#   1. native-tests/bench (Google Benchmark): fields and messages through libfusecanon.so (one call, batched,
#      inline fast path) beside hand-written C for the same pair, a QEMU-style table loop and memcpy; ns/op
#      (CPU time) and the ratio to the hand-written C;
#   2. the same cases under callgrind: instructions per operation, repeatable on a shared machine;
#   3. src/FuseCanon.Benchmarks (BenchmarkDotNet, memory diagnoser) and the zero-allocation xunit test;
#   4. end-to-end requests/s through libfuse (native-tests/e2e client --bench), translation on vs off;
#   5. library load + first call, and the size of the stripped .so.
# usage: scripts/bench.sh [--quick]      --quick: short runs (a smoke check of the script itself)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
quick=0
[ "${1:-}" = "--quick" ] && quick=1
"$root/scripts/build.sh" >/dev/null
out="$root/build/bench"
mkdir -p "$out"
bench="$root/build/native-tests/bench/fusecanon_bench"
[ -x "$bench" ] || { echo "bench.sh: $bench was not built (is libbenchmark-dev installed? scripts/setup.sh)" >&2; exit 1; }
min_time=0.3 e2e_seconds=1.5 bdn_job=(--job short) ops=200000
[ $quick = 1 ] && min_time=0.01 e2e_seconds=0.3 bdn_job=(--job dry) ops=20000

echo "== Google Benchmark (ns/op, CPU time)" >&2
"$bench" --benchmark_min_time="$min_time" >"$out/gbench.txt" 2>"$out/gbench.err"
# The ratio table the binary prints after the run: "case ns/op x-handwritten".
awk '/^case +ns\/op/ { t = 1; next } t && NF == 3 { print }' "$out/gbench.txt" >"$out/ns.txt"

echo "== callgrind (instructions/op)" >&2
rm -f "$out"/cg.out*
valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$bench" --callgrind "$ops" >/dev/null 2>"$out/callgrind.err"
for f in "$out"/cg.out.*; do
  awk -v n="$ops" '/^desc: Trigger: Client Request: / { name = $5 } /^summary: / { ir = $2 }
                   END { if (name != "") printf "%s %.1f\n", name, ir / n }' "$f"
done | sort >"$out/ir.txt"

echo "== BenchmarkDotNet (managed engine)" >&2
(cd "$root" && dotnet run -c Release --project src/FuseCanon.Benchmarks -- --filter '*' "${bdn_job[@]}" \
   --artifacts "$out/bdn" >"$out/bdn.txt" 2>&1) || echo "BenchmarkDotNet failed: see $out/bdn.txt" >&2
echo "== zero managed allocations (xunit)" >&2
alloc="FAIL"
(cd "$root" && FUSECANON_LIBRARY="$root/build/lib/libfusecanon.so.1" dotnet test src/FuseCanon.Tests -c Release \
   --nologo -v:q --filter "FullyQualifiedName~ZeroAllocationTests" >"$out/alloc.txt" 2>&1) && alloc="0 bytes"

echo "== end to end (libfuse passthrough, requests/s)" >&2
"$root/build/native-tests/e2e/fusecanon_e2e_client" --bench "$e2e_seconds" >"$out/e2e.txt" 2>&1 || true

echo "== load + first call, .so size" >&2
for i in 1 2 3 4 5; do "$root/build/native-tests/bench/fusecanon_bench_load"; done >"$out/load.txt"
lib=$(readlink -f "$root/build/lib/libfusecanon.so.1")
strip -o "$out/libfusecanon.stripped.so" "$lib"
size=$(stat -c %s "$out/libfusecanon.stripped.so")

# ---- the table -----------------------------------------------------------------------------------------
ns() { awk -v k="$1" '$1 == k { print $2 }' "$out/ns.txt"; }
ratio() { awk -v k="$1" '$1 == k { print $3 }' "$out/ns.txt"; }
ir() { awk -v k="$1" '$1 == k { print $2 }' "$out/ir.txt"; }
rps() { awk -v k="$1" '$1 == "bench_rps" && $2 == k { print $3 }' "$out/e2e.txt"; }
{
  echo "| case | variant | ns/op | x hand-written | instructions/op |"
  echo "| --- | --- | ---: | ---: | ---: |"
  while read -r name n r; do
    printf '| %s | %s | %s | %s | %s |\n' "${name%/*}" "${name##*/}" "$n" "$r" "$(ir "$name")"
  done <"$out/ns.txt"
  echo
  echo "BenchmarkDotNet (managed engine, one round trip = encode + decode; memory diagnoser):"
  echo
  grep -E '^\| *(Method|[A-Za-z]+RoundTrip) ' "$out/bdn.txt" | sed 's/^/    /' || echo "    (no BenchmarkDotNet results)"
  echo
  rpc() { awk -v k="$1" '$1 == "bench_rps" && $2 == k { print $4 }' "$out/e2e.txt"; }
  off=$(rps off_adapter_x86_64) on=$(rps on_adapter_aarch64_peer) onc=$(rps on_adapter_aarch64_canonical)
  none=$(rps none_unpatched_x86_64)
  echo "| end to end (libfuse passthrough; READ 4 KiB + LOOKUP(ENOENT) + GETATTR; median of 5 interleaved runs) | requests/s | requests per CPU-second |"
  echo "| --- | ---: | ---: |"
  echo "| translation off: x86_64 client, adapter (the library validates, has nothing to translate) | ${off:-?} | $(rpc off_adapter_x86_64) |"
  echo "| translation on: aarch64 client, peer mode (the server translates) | ${on:-?} | $(rpc on_adapter_aarch64_peer) |"
  echo "| translation on: aarch64 client, canonical mode (the client translates) | ${onc:-?} | $(rpc on_adapter_aarch64_canonical) |"
  echo "| no FuseCanon: x86_64 client, unmodified libfuse, plain custom I/O | ${none:-?} | $(rpc none_unpatched_x86_64) |"
  echo
  load=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^total_ms=/) { sub("total_ms=", "", $i); print $i } }' "$out/load.txt" | sort -n | sed -n 3p)
  echo "| target | measured | met |"
  echo "| --- | --- | --- |"
  row() { printf '| %s | %s | %s |\n' "$1" "$2" "$3"; }
  le() { awk -v a="$1" -v b="$2" 'BEGIN { print (a != "" && a + 0 <= b + 0) ? "yes" : "no" }'; }
  for f in open_flags errno lock_type; do
    row "inline fast path <= 1.2x hand-written ($f)" "$(ratio field/$f/inline)x" "$(le "$(ratio field/$f/inline)" 1.2)"
  done
  for m in OPEN READ WRITE GETLK ERROR_REPLY; do
    row "one message through the .so <= 3x hand-written ($m)" "$(ratio msg/$m/so_call)x" "$(le "$(ratio msg/$m/so_call)" 3)"
    row "batched (16 a call) <= 1.5x hand-written ($m)" "$(ratio msg/$m/so_batch16)x" "$(le "$(ratio msg/$m/so_batch16)" 1.5)"
    row "one call faster than the QEMU-style loop ($m)" "$(ns msg/$m/so_call) vs $(ns msg/$m/qemu_loop) ns" "$(le "$(ns msg/$m/so_call)" "$(ns msg/$m/qemu_loop)")"
    row "batched faster than the QEMU-style loop ($m)" "$(ns msg/$m/so_batch16) vs $(ns msg/$m/qemu_loop) ns" "$(le "$(ns msg/$m/so_batch16)" "$(ns msg/$m/qemu_loop)")"
  done
  row "zero managed allocations (1M translations per path)" "$alloc" "$([ "$alloc" = "0 bytes" ] && echo yes || echo no)"
  pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.1f", (a - b) * 100 / a }'; }
  for m in peer canonical; do
    d=$(pct "$off" "$(rps on_adapter_aarch64_$m)") dc=$(pct "$(rpc off_adapter_x86_64)" "$(rpc on_adapter_aarch64_$m)")
    row "end-to-end rps with translation within 2% of off ($m mode)" "${d:-?}% fewer requests/s, ${dc:-?}% fewer per CPU-second" \
      "$(awk -v a="${d:-99}" -v b="${dc:-99}" 'BEGIN { print (a <= 2 && b <= 2) ? "yes" : "no" }')"
  done
  row "library load + first call < 10 ms (median of 5)" "${load:-?} ms" "$(le "${load:-}" 10)"
  row "stripped .so < 3 MB" "$size bytes" "$(le "$size" 3145728)"
} >"$out/results.md"
cat "$out/results.md"
