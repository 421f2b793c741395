#!/usr/bin/env bash
# Benchmark: `proofline gate` on a store holding EVENTS events, against `proofline log verify` on
# the same store in the same run. The gate verifies the whole ledger before it decides (fail
# closed), so verify is its floor; the difference is the decision itself (folding the change,
# reading proofline.yaml at the baseline with libgit2, approvals, evidence, catalogs, recording).
# Also `proofline gate` on a fresh store (the decision alone, start-up included).
# Usage: bench/gate_bench.sh [EVENTS] [RUNS]      (default 200000 events, 5 runs)
# Env:   PROOFLINE_BENCH_BUILD  build directory (default <repo>/build-bench)
#        FILLER_BATCH           events per `log append --batch` of the filler (default 10000);
#                               each append is sealed by a checkpoint, so 1 gives one checkpoint
#                               per event, as commands that record one event each leave
# Output: <build>/bench-results/gate.md (also printed).
set -euo pipefail

events=${1:-200000}
runs=${2:-5}
# shellcheck source=bench/cli_bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_bench_lib.sh"

# A repository whose policy routes the change to one technical lead and asks for a unit suite.
git -c init.defaultBranch=main init -q repo
g() { git -C repo -c user.name=Dev -c user.email=dev@bank.example "$@"; }
printf 'risk:\n  thresholds: {automated_below: 0, single_approver_below: 100}\nevidence:\n  low: [unit]\n  medium: [unit]\n  high: [unit]\n' \
  >repo/proofline.yaml
g add -A && g commit -qm policy
printf 'x = 1\n' >repo/app.py && g add -A && g commit -qm feature
"$bin" init >/dev/null
cat >identity.yaml <<'YAML'
users:
  - {id: admin, name: Admin, emails: [admin@bank.example], roles: [IDENTITY_ADMIN]}
  - {id: dev, name: Dev, emails: [dev@bank.example], roles: [developer]}
  - {id: lead, name: Lead, emails: [lead@bank.example], roles: [TECHNICAL_LEAD]}
  - {id: ops, name: Ops, emails: [ops@bank.example], roles: [production-deployers]}
YAML
# The first token is the identity administrator's; only she issues the others.
admin=$("$bin" token create admin 2>/dev/null)
dev=$(PROOFLINE_TOKEN=$admin "$bin" token create dev 2>/dev/null)
lead=$(PROOFLINE_TOKEN=$admin "$bin" token create lead 2>/dev/null)
ops=$(PROOFLINE_TOKEN=$admin "$bin" token create ops 2>/dev/null)
id=$(PROOFLINE_TOKEN=$dev "$bin" --json change open --repo repo --baseline HEAD~1 --target HEAD \
  --env production --ticket T-1 | sed -n 's/.*"id":"\(CHG-[0-9A-F]*\)".*/\1/p')
printf '<testsuite name="u" tests="1" failures="0" errors="0"><testcase name="t" classname="c"/></testsuite>\n' \
  >unit.xml
PROOFLINE_TOKEN=$dev "$bin" attest junit --suite unit --change "$id" unit.xml >/dev/null
PROOFLINE_TOKEN=$lead "$bin" approve "$id" --meaning approved >/dev/null

gate() { PROOFLINE_TOKEN=$ops "$bin" gate --change "$id" --env production; }
PROOFLINE_TOKEN=$ops "$bin" gate --change "$id" --env production >/dev/null  # must allow
small_gate=$(median_ms gate)
small_events=$("$bin" --json log show | grep -o '"index"' | wc -l)

# Filler: other teams' events of ~512 bytes, appended in batches of 10,000.
python3 - "$events" <<'PY' >filler.jsonl
import json, sys
pad = "x" * 400
for i in range(int(sys.argv[1])):
    print(json.dumps({"type": "build.finished", "subject": f"PIPE-{i // 100}",
                      "data": {"run": i, "log": pad}}))
PY
split -a 6 -l "${FILLER_BATCH:-10000}" filler.jsonl batch.
# The store has identities: an integration's events are recorded as its token's user.
for b in batch.*; do PROOFLINE_TOKEN=$ops "$bin" log append --batch "$b" >/dev/null; done
"$bin" log checkpoint >/dev/null
big_gate=$(median_ms gate)
big_verify=$(median_ms "$bin" log verify)
{
  echo "gate on a store of $small_events events (start-up included): ${small_gate} ms (median of $runs)"
  echo "with $events more events of ~512 B in batches of ${FILLER_BATCH:-10000}" \
    "($("$bin" --json log verify | sed -n 's/.*"checkpoints":\([0-9]*\).*/\1/p') checkpoints):" \
    "gate ${big_gate} ms, log verify ${big_verify} ms;" \
    "gate / verify = $(echo "scale=2; $big_gate / $big_verify" | bc)"
} | tee "$results/gate.md"
