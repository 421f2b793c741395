#!/usr/bin/env bash
# Throughput of `proofline scan secrets` (and of `scan pii` and `scan all`) on a tree of real source code (default
# /usr/include, ~150 MB of C/C++ headers), warm page cache, --jobs 1 and 2, side by side with
# ripgrep in three forms: the six equivalent regexes (five provider rules and the generic
# assignment rule of default_secrets.toml), the five provider regexes alone, and a caseless
# fixed-string search for the 54 rule keywords (what our stage 1 does). Plus a small
# `--git HEAD~1..HEAD` scan of this repository including process start-up, with the compiled-
# database cache warm and with --no-cache. Medians of N runs;
# peak RSS from /usr/bin/time.
#
# Usage: bench/scan_bench.sh [repetitions]     (default 5)
# Env:   PROOFLINE_BENCH_BUILD  build directory (default <repo>/build-bench)
#        SCAN_BENCH_TREE        tree to scan (default /usr/include)
#        SECRETLINT_DIR         a directory where `npm install secretlint@12
#                               @secretlint/secretlint-rule-preset-recommend@12` was run: when
#                               set, secretlint is timed too, on SCAN_BENCH_SUBTREE (default
#                               /usr/include/c++/12, ~12 MB: secretlint reads ~3 MB/s)
# Output: <build>/bench-results/scan.md (also printed).
# Needs ripgrep (Debian `ripgrep`): installed here if missing, as a bench-only dependency.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${PROOFLINE_BENCH_BUILD:-$root/build-bench}
reps=${1:-5}
tree=${SCAN_BENCH_TREE:-/usr/include}
results=$build/bench-results
mkdir -p "$results"

if ! command -v rg >/dev/null; then
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends ripgrep >/dev/null
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$build" -j2 proofline >/dev/null
bin=$build/proofline

# The same patterns as default_secrets.toml's aws-access-key-id, github-token, private-key,
# slack-token, jwt and generic-secret-assignment (quoted forms).
patterns=(
  '\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b'
  '\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36})\b'
  '-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY'
  '\b(xox[baprs]-(?:[0-9]+-){1,3}[0-9A-Za-z]{16,64})\b'
  '\b(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{16,})'
  '(?i)\b[\w.\-]{0,40}?(?:secret|token|passwd|password|pwd|api_?key|access_?key|auth_?key|private_?key|credential)s?[\w.\-]{0,20}["'"'"']?\s*(?:=|:=|:|=>)\s*(?:"([^"\s]{16,120})"|'"'"'([^'"'"'\s]{16,120})'"'"')'
)
rg_common=(--no-ignore --hidden --no-messages --count)
rg_six=("${rg_common[@]}")
for p in "${patterns[@]}"; do rg_six+=(-e "$p"); done
rg_five=("${rg_common[@]}")
for p in "${patterns[@]:0:5}"; do rg_five+=(-e "$p"); done
# The keywords of default_secrets.toml, as stage 1 looks for them (caseless literals).
keywords=(akia asia abia acca secret_access_key secretaccesskey secret_key secretkey
  private_key_id aiza accountkey ghp_ gho_ ghu_ ghs_ ghr_ github_pat_ glpat- xoxb- xoxa- xoxp-
  xoxr- xoxs- hooks.slack.com sk_live_ rk_live_ twilio sg. npm_ -----begin eyj postgres://
  postgresql:// mysql:// mariadb:// mongodb:// mongodb+srv:// redis:// rediss:// secret token
  passwd password pwd api_key apikey api-key access_key accesskey auth_key authkey private_key
  privatekey credential)
rg_kw=("${rg_common[@]}" --fixed-strings --ignore-case)
for k in "${keywords[@]}"; do rg_kw+=(-e "$k"); done

# median_run LABEL CMD...: runs CMD `reps` times (stdout discarded); prints "seconds rss_kib".
median_run() {
  local times=() rss=() out
  out=$(mktemp)
  for _ in $(seq "$reps"); do
    /usr/bin/time -o "$out" -f '%e %M' "$@" >/dev/null 2>&1 || true  # exit 1: findings
    local line
    line=$(tail -n 1 "$out")
    times+=("${line% *}")
    rss+=("${line#* }")
  done
  rm -f "$out"
  local t r
  t=$(printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((reps + 1) / 2))p")
  r=$(printf '%s\n' "${rss[@]}" | sort -g | tail -n 1)
  echo "$t $r"
}

summary=$("$bin" scan secrets "$tree" --jobs 1 --format json || true)  # warms the cache too
bytes=$(jq .bytes_scanned <<<"$summary")
files=$(jq .files_scanned <<<"$summary")
rg "${rg_kw[@]}" -j1 "$tree" >/dev/null || true  # warm the page cache

mb=$(echo "$bytes / 1000000" | bc -l)
declare -A secs rss
for jobs in 1 2; do
  read -r secs[pl$jobs] rss[pl$jobs] < <(median_run "$bin" scan secrets "$tree" --jobs "$jobs")
  read -r secs[pii$jobs] rss[pii$jobs] < <(median_run "$bin" scan pii "$tree" --jobs "$jobs")
  read -r secs[all$jobs] rss[all$jobs] < <(median_run "$bin" scan all "$tree" --jobs "$jobs")
  read -r secs[six$jobs] rss[six$jobs] < <(median_run rg "${rg_six[@]}" -j"$jobs" "$tree")
  read -r secs[five$jobs] rss[five$jobs] < <(median_run rg "${rg_five[@]}" -j"$jobs" "$tree")
  read -r secs[kw$jobs] rss[kw$jobs] < <(median_run rg "${rg_kw[@]}" -j"$jobs" "$tree")
done

if [[ -n ${SECRETLINT_DIR:-} ]]; then
  sub=${SCAN_BENCH_SUBTREE:-/usr/include/c++/12}
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' \
    >"$SECRETLINT_DIR/.secretlintrc.json"
  sl_cmd=(bash -c 'cd "$1" && node_modules/.bin/secretlint "$2/**/*"' _ "$SECRETLINT_DIR" "$sub")
  "${sl_cmd[@]}" >/dev/null 2>&1 || true  # warm node's and the page cache
  read -r secs[sl] rss[sl] < <(median_run "${sl_cmd[@]}")
  read -r secs[plsub] rss[plsub] < <(median_run "$bin" scan secrets "$sub" --jobs 1)
fi

# A small commit range, start-up included: the pre-commit / merge-request case. Two rule sets,
# each with the compiled-database cache warm (a private cache directory) and with --no-cache:
# the default rules, and the defaults plus 40 generated rules without keywords (their regexes
# become Vectorscan prefilters, the costly compile the cache is for).
cache_dir=$results/scan-cache
rm -rf "$cache_dir"
prefilter_cfg=$results/prefilter-rules.toml
{
  printf '[extend]\nuseDefault = true\n'
  for i in $(seq 40); do
    w=$(printf 'k%03dq' "$i")
    printf '\n[[rules]]\nid = "pf-%s"\n' "$i"
    printf "regex = '''(?i)(?:%s|%s)(?:[a-z_]{0,12})[\\\\s:=\"']{1,5}([a-z0-9+/]{24,48})'''\n" \
      "$w" "$(rev <<<"$w")"
  done
} >"$prefilter_cfg"
git_median() {  # ARGS...: median milliseconds of reps*2 runs of the --git scan
  local times=() start
  for _ in $(seq $((reps * 2))); do
    start=$(date +%s%N)
    "$bin" scan secrets "$root" --git HEAD~1..HEAD "$@" >/dev/null || true
    times+=($((($(date +%s%N) - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -g | sed -n "$((reps))p"
}
"$bin" scan secrets "$root" --git HEAD~1..HEAD --cache-dir "$cache_dir" >/dev/null || true
"$bin" scan secrets "$root" --git HEAD~1..HEAD --cache-dir "$cache_dir" \
  --config "$prefilter_cfg" >/dev/null || true  # fills the cache
git_ms=$(git_median --cache-dir "$cache_dir")
git_cold_ms=$(git_median --no-cache)
git_pf_ms=$(git_median --cache-dir "$cache_dir" --config "$prefilter_cfg")
git_pf_cold_ms=$(git_median --no-cache --config "$prefilter_cfg")
git_files=$(git -C "$root" diff --name-only HEAD~1 HEAD | wc -l)

{
  echo "tree: $tree, $files files scanned, $(printf '%.1f' "$mb") MB; $(nproc) CPUs; medians of $reps"
  echo
  echo "| run | jobs | seconds | MB/s | peak RSS MiB | time / proofline's |"
  echo "|---|---|---|---|---|---|"
  declare -A names=([pl]="proofline scan secrets (18 rules)" [pii]="proofline scan pii (7 rules; MRN off)"
    [all]="proofline scan all (secrets + pii)" [six]="rg, 6 equivalent regexes"
    [five]="rg, 5 provider regexes" [kw]="rg -F -i, the 54 keywords")
  for jobs in 1 2; do
    for tool in pl pii all six five kw; do
      s=${secs[$tool$jobs]}
      printf '| %s | %s | %.2f | %.0f | %.0f | %.2f |\n' "${names[$tool]}" "$jobs" "$s" \
        "$(echo "$mb / $s" | bc -l)" "$(echo "${rss[$tool$jobs]} / 1024" | bc -l)" \
        "$(echo "$s / ${secs[pl$jobs]}" | bc -l)"
    done
  done
  echo
  echo "scaling 1 -> 2 jobs: $(printf '%.2f' "$(echo "${secs[pl1]} / ${secs[pl2]}" | bc -l)")x"
  echo "--git HEAD~1..HEAD of this repository ($git_files files), start-up included (medians):"
  echo "  default rules: ${git_ms} ms with the database cache, ${git_cold_ms} ms with --no-cache"
  echo "  + 40 prefilter rules: ${git_pf_ms} ms with the cache, ${git_pf_cold_ms} ms with --no-cache"
  if [[ -n ${secs[sl]:-} ]]; then
    echo "secretlint $(node -p "require('$SECRETLINT_DIR/node_modules/secretlint/package.json').version") (preset-recommend, node $(node --version)) on $sub:" \
      "${secs[sl]} s, peak RSS $((rss[sl] / 1024)) MiB; proofline --jobs 1: ${secs[plsub]} s:" \
      "$(printf '%.0f' "$(echo "${secs[sl]} / ${secs[plsub]}" | bc -l)")x"
  fi
} | tee "$results/scan.md"
