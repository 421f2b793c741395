#!/usr/bin/env bash
# Benchmark: what `proofline run` adds to a pipeline's own work. JOBS trivial jobs (`true`) in
# one stage at --parallel 1, so the figure is per job: the fork/exec of /bin/sh, the job log put
# as a blob, and one durable ledger append (fsync) for job.finished. The floor, measured in the
# same run: the same JOBS `sh -c true` started one after another by bash, and the same number of
# single-event `proofline log append` calls (one process and one fsync'd commit each).
# Usage: bench/run_bench.sh [JOBS] [RUNS]      (default 200 jobs, 5 runs)
# Env:   PROOFLINE_BENCH_BUILD  build directory (default <repo>/build-bench)
# Output: <build>/bench-results/run.md (also printed).
set -euo pipefail

jobs=${1:-200}
runs=${2:-5}
# shellcheck source=bench/cli_bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_bench_lib.sh"
"$bin" init >/dev/null

{
  echo "stages: [work]"
  echo "jobs:"
  for i in $(seq "$jobs"); do echo "  job-$i: {stage: work, script: \"true\"}"; done
} >pipeline.yaml

shells() { for _ in $(seq "$jobs"); do sh -c true; done; }
appends() {
  for i in $(seq "$jobs"); do
    "$bin" log append --type ci.job.finished --subject RUN-B --actor ci --data "{\"job\":$i}"
  done
}
pipeline=$(median_ms "$bin" run pipeline.yaml --parallel 1)
pipeline2=$(median_ms "$bin" run pipeline.yaml --parallel 2)
sh_ms=$(median_ms shells)
append_ms=$(median_ms appends)
per_job() { echo "scale=2; $1 / $jobs" | bc; }
{
  echo "proofline run, $jobs jobs of \`true\`: --parallel 1 ${pipeline} ms ($(per_job "$pipeline") ms/job)," \
    "--parallel 2 ${pipeline2} ms ($(per_job "$pipeline2") ms/job) (medians of $runs)"
  echo "floor in the same run: $jobs \`sh -c true\` ${sh_ms} ms ($(per_job "$sh_ms") ms each);" \
    "$jobs \`proofline log append\` ${append_ms} ms ($(per_job "$append_ms") ms each)"
  echo "run --parallel 1 / (sh + log append) = $(echo "scale=2; $pipeline / ($sh_ms + $append_ms)" | bc)"
} | tee "$results/run.md"
