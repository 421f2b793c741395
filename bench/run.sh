#!/usr/bin/env bash
# Builds the benchmarks in Release (build-bench/), runs each with repetitions (medians are
# quoted), runs the `openssl speed` reference and prints the summary table.
#
# Usage: bench/run.sh [repetitions]       (default 5; about 5-6 minutes on 2 cores)
# Env:   PROOFLINE_BENCH_BUILD  build directory (default <repo>/build-bench)
# Output: <build>/bench-results/{append,latency,verify,proof,ingest,cel}.json, cel_js.json,
#         openssl.txt, summary.md.
# Stores are written under <build>/bench-data; the 200k- and 1M-event stores are cached there
# (keyed by size and schema version) and reused by later runs. The CEL reference (@bufbuild/cel,
# run by node) is fetched into <build>/cel-js by bench/fetch-npm.sh (curl, no npm) and cached.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PROOFLINE_BENCH_BUILD:-$root/build-bench}
reps=${1:-5}
results=$build/bench-results
export PROOFLINE_BENCH_DIR=$build/bench-data

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPROOFLINE_BENCH=ON >/dev/null
ninja -C "$build" -j2 append_bench latency_bench verify_bench proof_bench ingest_bench cel_bench \
  bench_summary
mkdir -p "$results" "$PROOFLINE_BENCH_DIR"

{
  date -u +%Y-%m-%dT%H:%M:%SZ
  echo "nproc: $(nproc)"
  lscpu | head -n 20
  findmnt -n -o SOURCE,FSTYPE,OPTIONS --target "$PROOFLINE_BENCH_DIR" || true
} >"$results/machine.txt"

for bench in append latency verify proof ingest cel; do
  echo "== ${bench}_bench (repetitions: $reps)" >&2
  "$build/bench/${bench}_bench" \
    --benchmark_repetitions="$reps" \
    --benchmark_report_aggregates_only=true \
    --benchmark_enable_random_interleaving=true \
    --benchmark_out="$results/$bench.json" \
    --benchmark_out_format=json
done

echo "== cel_js: @bufbuild/cel on node $(node --version) (repetitions: $reps)" >&2
"$root/bench/fetch-npm.sh" cel "$build/cel-js" >/dev/null
node "$root/bench/cel_js/bench.mjs" --modules="$build/cel-js/node_modules" --repetitions="$reps" \
  >"$results/cel_js.json"

echo "== openssl speed -evp sha256 -bytes 512 -seconds 3 (3 runs)" >&2
for _ in 1 2 3; do
  openssl speed -evp sha256 -bytes 512 -seconds 3 2>&1 | grep -E '^(Doing|sha256)' || true
done >"$results/openssl.txt"
cat "$results/openssl.txt" >&2

echo
sed -n '1p;2p' "$results/machine.txt"
echo
"$build/bench/bench_summary" "$results" | tee "$results/summary.md"
