#!/usr/bin/env bash
# Benchmark: `proofline change assess` against git itself on the same range, in the same run:
# `git diff --numstat BASE TARGET` + `git log BASE..TARGET` (what a human would run to see the
# same facts). The repository is generated with git fast-import: FILES files in BASE, CHANGED
# of them modified in TARGET (a few lines each) over COMMITS commits, plus renames and deletions.
# Usage: bench/change_assess.sh PROOFLINE_BINARY [FILES] [CHANGED] [RUNS]
#        BENCH_REPO=/path/to/real/repo BENCH_RANGE=v2.40.0..v2.45.0 bench/change_assess.sh BIN
#        (a real repository instead of the generated one)
set -euo pipefail
bin=$(realpath "$1")
files=${2:-50000}
changed=${3:-5000}
runs=${4:-5}
work=${BENCH_WORK:-$(mktemp -d)}
repo=$work/repo-v2-$files-$changed

generate() {
  git -c init.defaultBranch=main init -q "$repo"
  python3 - "$files" "$changed" <<'PY' | git -C "$repo" fast-import --quiet
import sys
files, changed = int(sys.argv[1]), int(sys.argv[2])
def blob(mark, text):
    data = text.encode()
    sys.stdout.write(f"blob\nmark :{mark}\ndata {len(data)}\n{text}\n")
def path(i):
    kinds = ["src/app/mod{0}/file{1}.py", "src/web/comp{0}/view{1}.tsx", "docs/sec{0}/page{1}.md",
             "config/env{0}/setting{1}.yaml", "db/migrations/{0:03d}_{1}.sql"]
    return kinds[i % 5].format(i // 1000, i)
def body(i, version):
    lines = [f"line {n} of file {i} version {version if n % 7 == 0 else 0}" for n in range(20)]
    return "\n".join(lines) + "\n"
for i in range(files):
    blob(i + 1, body(i, 0))
sys.stdout.write("commit refs/heads/main\nmark :900000001\ncommitter Base <base@example.com> 1700000000 +0000\n"
                 "data 4\nbase\n")
for i in range(files):
    sys.stdout.write(f"M 100644 :{i + 1} {path(i)}\n")
sys.stdout.write("\n")
step = max(1, files // changed)
def pick(k):  # spread over every kind of file (path() cycles through five kinds)
    return (k * step + k % 5) % files
per_commit = changed // 10
prev = 900000001
mark = 1000000
for c in range(10):
    lo, hi = c * per_commit, (c + 1) * per_commit
    for k in range(lo, hi):
        mark += 1
        blob(mark, body(pick(k), c + 1))
    sys.stdout.write(f"commit refs/heads/main\nmark :{900000002 + c}\n"
                     f"author Dev{c} <dev{c}@example.com> {1700000100 + c} +0000\n"
                     f"committer Dev{c} <dev{c}@example.com> {1700000100 + c} +0000\n")
    msg = f"change batch {c}\n\nCo-authored-by: Pair{c} <pair{c}@example.com>\n"
    sys.stdout.write(f"data {len(msg)}\n{msg}from :{prev}\n")
    m = mark - (hi - lo)
    for k in range(lo, hi):
        m += 1
        sys.stdout.write(f"M 100644 :{m} {path(pick(k))}\n")
    sys.stdout.write("\n")
    prev = 900000002 + c
PY
  git -C "$repo" tag base main~10
  git -C "$repo" gc -q --aggressive >/dev/null 2>&1 || true
}

if [[ -n ${BENCH_REPO:-} ]]; then
  repo=$BENCH_REPO
  base=$(git -C "$repo" rev-parse "${BENCH_RANGE%%..*}^{commit}")
  target=$(git -C "$repo" rev-parse "${BENCH_RANGE##*..}^{commit}")
  files=$(git -C "$repo" ls-tree -r --name-only "$target" | wc -l)
else
  [[ -d $repo ]] || generate
  base=$(git -C "$repo" rev-parse base)
  target=$(git -C "$repo" rev-parse main)
fi

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

git_times=() pl_times=()
for ((r = 0; r < runs; r++)); do
  t0=$(now)
  git -C "$repo" diff --numstat "$base" "$target" >/dev/null
  git -C "$repo" log "$base..$target" >/dev/null
  t1=$(now)
  "$bin" --store "$work/none.db" --json change assess --repo "$repo" --baseline "$base" --target "$target" \
    --env production >/dev/null
  t2=$(now)
  git_times+=($(((t1 - t0) / 1000000)))
  pl_times+=($(((t2 - t1) / 1000000)))
done
git_ms=$(printf '%s\n' "${git_times[@]}" | median)
pl_ms=$(printf '%s\n' "${pl_times[@]}" | median)
files_changed=$(git -C "$repo" diff --numstat "$base" "$target" | wc -l)
commits=$(git -C "$repo" rev-list --count "$base..$target")
echo "change assess: $repo, $files files, $files_changed changed, $commits commits, $runs runs"
echo "  git diff --numstat + git log: median ${git_ms} ms (runs: ${git_times[*]})"
echo "  proofline change assess:      median ${pl_ms} ms (runs: ${pl_times[*]})"
awk -v p="$pl_ms" -v g="$git_ms" 'BEGIN {printf "  ratio proofline/git: %.2f (goal <= 1.5)\n", p / g}'
