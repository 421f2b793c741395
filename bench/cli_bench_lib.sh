# Shared by the benchmarks that time the proofline binary as a user runs it (gate_bench.sh,
# run_bench.sh, iac_bench.sh): a Release build in $PROOFLINE_BENCH_BUILD (default
# <repo>/build-bench), a scratch directory removed on exit, and median wall times.
# Source it after setting `runs`; it sets root, build, results, bin and work, and cds to $work.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PROOFLINE_BENCH_BUILD:-$root/build-bench}
results=$build/bench-results
mkdir -p "$results"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$build" -j2 proofline >/dev/null
bin=$build/proofline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

median_ms() {  # COMMAND...: median wall milliseconds of $runs runs (failures are timed too)
  local times=() start
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    times+=($((($(date +%s%N) - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((runs + 1) / 2))p"
}
