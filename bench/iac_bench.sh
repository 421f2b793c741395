#!/usr/bin/env bash
# Benchmark: `proofline scan iac` over a generated tree of FILES Terraform files (~2 KiB each,
# bench/gen_terraform.sh: root modules with locals, merge()d tags, S3 + separate encryption and
# public-access resources, RDS, EBS, IAM (jsonencode and heredoc), CloudTrail, local modules),
# wall time and peak memory, against in the same run: HashiCorp's own HCL parser (hashicorp/hcl
# as wasm, @cdktf/hcl2json on node, fetched by bench/fetch-npm.sh) parsing the same files to JSON
# and nothing else, and `cat` of every file (the read floor).
# Usage: bench/iac_bench.sh [FILES] [RUNS]     (default 1000 files, 5 runs)
# Env:   PROOFLINE_BENCH_BUILD  build directory (default <repo>/build-bench)
# Output: <build>/bench-results/iac.md (also printed).
set -euo pipefail

files=${1:-1000}
runs=${2:-5}
# shellcheck source=bench/cli_bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_bench_lib.sh"
modules=$("$root/bench/fetch-npm.sh" hcl2json "$build/hcl2json-js")

"$root/bench/gen_terraform.sh" tree "$files"
bytes=$(find tree -name '*.tf' -print0 | xargs -0 cat | wc -c)
# The scan must work before it is timed: findings expected (the tree is partly non-compliant).
"$bin" scan iac tree --format json --out findings.json --fail-on critical || true
findings=$(grep -o '"fingerprint"' findings.json | wc -l)

peak_kib() {  # COMMAND...: the child's peak resident set in KiB
  python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
scan() { "$bin" scan iac tree --format json --fail-on critical; }
read_all() { find tree -name '*.tf' -print0 | xargs -0 cat >/dev/null; }
scan_ms=$(median_ms scan)
scan_rss=$(peak_kib "$bin" scan iac tree --format json --fail-on critical)
cat_ms=$(median_ms read_all)
hcl=$(node "$root/bench/iac_parse.mjs" --modules="$modules" tree --repetitions="$runs")
hcl_ms=$(echo "$hcl" | sed -n 's/.*"median_ms":\([0-9.]*\).*/\1/p')
{
  echo "scan iac, $files .tf files ($((bytes / 1024)) KiB), $findings findings:" \
    "${scan_ms} ms (median of $runs, start-up included), peak RSS $((scan_rss / 1024)) MiB"
  echo "same run: HashiCorp's HCL parser (wasm, node) parsing the same files to JSON:" \
    "$(printf '%.0f' "$hcl_ms") ms; reading every file with cat: ${cat_ms} ms"
  echo "hcl2json parse / proofline scan = $(echo "scale=2; $hcl_ms / $scan_ms" | bc)"
} | tee "$results/iac.md"

# A Terraform plan of PLAN_RESOURCES resources (bench/gen_plan.sh, the shape `terraform show
# -json` writes): `scan iac --plan` reads and checks it, against node's JSON.parse of the same
# file (V8's parser, start-up included like ours: the floor of reading it at all) in the same run.
plan_resources=${PLAN_RESOURCES:-10000}
"$root/bench/gen_plan.sh" plan.json "$plan_resources"
plan_bytes=$(wc -c <plan.json)
"$bin" scan iac --plan plan.json --format json --out plan-findings.json --fail-on critical || true
plan_findings=$(grep -o '"fingerprint"' plan-findings.json | wc -l)
plan_scan() { "$bin" scan iac --plan plan.json --format json --fail-on critical; }
plan_node() { node -e 'JSON.parse(require("fs").readFileSync("plan.json", "utf8"))'; }
plan_ms=$(median_ms plan_scan)
plan_rss=$(peak_kib "$bin" scan iac --plan plan.json --format json --fail-on critical)
node_ms=$(median_ms plan_node)
checks=$("$bin" scan iac --list-checks | tail -1 | cut -d' ' -f1)
{
  echo "scan iac --plan, $plan_resources resources ($((plan_bytes / 1024)) KiB), $checks checks," \
    "$plan_findings findings: ${plan_ms} ms (median of $runs), peak RSS $((plan_rss / 1024)) MiB"
  echo "same run: node parsing the plan (JSON.parse): ${node_ms} ms;" \
    "proofline / node = $(echo "scale=2; $plan_ms / $node_ms" | bc)"
} | tee -a "$results/iac.md"
