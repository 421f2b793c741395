#!/usr/bin/env bash
# Benchmark: `proofline log append --batch` of EVENTS events (~512 B entries) into a fresh store,
# as a user runs it (read and parse the JSON Lines file, check every event, canonicalise, hash,
# extend the tree, insert, sign one checkpoint, commit once), against the sqlite3 shell inserting
# the same rows (index, 32-byte hash, type, subject, entry) into a copy of the same fresh store in
# one transaction: the storage floor through a command. Peak memory of both (GNU time).
# Usage: bench/batch_append.sh [EVENTS] [RUNS]     (default 100000 events, 5 runs)
# Env:   PROOFLINE_BENCH_BUILD  build directory (default <repo>/build-bench)
# Output: <build>/bench-results/batch_append.md (also printed).
set -euo pipefail

events=${1:-100000}
runs=${2:-5}
# shellcheck source=bench/cli_bench_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_bench_lib.sh"

mkdir fresh && (cd fresh && "$bin" init --origin bench.example/log >/dev/null)
pad=$(printf 'x%.0s' $(seq 400))
awk -v n="$events" -v pad="$pad" 'BEGIN {
  for (i = 0; i < n; i++)
    printf "{\"type\":\"ci.step\",\"subject\":\"CHG-%d\",\"actor\":\"ci\",\"data\":{\"n\":%d,\"pad\":\"%s\"}}\n", i % 1000, i, pad
}' >batch.jsonl
# The same rows as SQL: a random 32-byte hash each (the shell cannot hash), the entry as text.
awk -v n="$events" -v pad="$pad" 'BEGIN {
  srand(1); print "BEGIN IMMEDIATE;"
  for (i = 0; i < n; i++) {
    h = ""; for (k = 0; k < 32; k++) h = h sprintf("%02x", int(rand() * 256))
    printf "INSERT INTO ledger_entries (idx, leaf_hash, type, subject, entry) VALUES (%d, x'"'"'%s'"'"', '"'"'ci.step'"'"', '"'"'CHG-%d'"'"', CAST('"'"'{\"actor\":\"ci\",\"authority\":\"integration\",\"data\":{\"n\":%d,\"pad\":\"%s\"},\"subject\":\"CHG-%d\",\"time\":\"2026-12-07T16:00:00.000000Z\",\"type\":\"ci.step\"}'"'"' AS BLOB));\n", i + 1, h, i % 1000, i, pad, i % 1000
  }
  print "COMMIT;"
}' >rows.sql

run_proofline() { rm -rf run && cp -r fresh run && "$bin" --store run/proofline.db log append --batch batch.jsonl; }
run_sqlite() { rm -rf run && cp -r fresh run && sqlite3 run/proofline.db <rows.sql; }
peak_kib() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }

run_proofline >/dev/null  # warm-up, and a check that it works
run_sqlite
p_ms=$(median_ms run_proofline)
s_ms=$(median_ms run_sqlite)
p_kib=$(rm -rf run && cp -r fresh run && peak_kib "$bin" --store run/proofline.db log append --batch batch.jsonl)
s_kib=$(rm -rf run && cp -r fresh run && peak_kib sqlite3 run/proofline.db -init /dev/null ".read rows.sql")

{
  echo "| command, $events events of ~512 B into a fresh store | median of $runs | events/s | peak RSS |"
  echo "|---|---|---|---|"
  echo "| proofline log append --batch | $p_ms ms | $((events * 1000 / p_ms)) | $((p_kib / 1024)) MiB |"
  echo "| sqlite3 shell, the same rows, one transaction | $s_ms ms | $((events * 1000 / s_ms)) | $((s_kib / 1024)) MiB |"
  echo
  echo "ratio proofline/sqlite3: $(awk -v a="$p_ms" -v b="$s_ms" 'BEGIN { printf "%.2f", a / b }')"
} | tee "$results/batch_append.md"
