#!/usr/bin/env bash
# Quality of `proofline scan pii` on real open-source files (issue 23): recall and precision of
# every detector (card, NPI, SSN, email, phone, date of birth, MBI, MRN) on values planted into
# copies of real files, and the findings on the same kind of files left unmodified (each one a
# false alarm unless it is really PII).
#
#   1. Real files, unmodified: `scan pii` of each TREE; findings per rule (and, when
#      PROOFLINE_BEFORE names an older binary, its findings beside them).
#   2. Planted: PII_QUALITY_SOURCES source files (C headers and Python modules, a seeded sample of
#      the TREEs) and PII_QUALITY_DATA data files (.json .xml .txt .sql .yaml .log, a seeded
#      sample of the data TREEs, plus every .csv/.tsv there) are copied to a temporary directory,
#      each with planted lines (bench/pii_quality.py lists them): true cards (by key, by a card
#      word, printed in groups, bare in a data file, in a CSV column), NPIs under their labels,
#      SSNs, emails, US phones, dates of birth, MBIs, MRNs; and near misses (bare Luhn-valid runs
#      and numeric tables in code, Luhn- and NPI-invalid values under labels, NPI-valid numbers
#      without one, negative numbers, digit-group rows, SSNs never issued, role mailboxes and
#      reserved domains, git remotes, authorship credits, fictional and non-NANP phones, bare
#      dates, impossible birth dates, MBIs with letters CMS never uses, MRN-shaped values without
#      the word). Then `scan pii --mrn-format '[A-Z]{2}[0-9]{6}'` of the copies, scored per
#      detector.
# The real files are read in place and copied only into the temporary directory (deleted on exit).
#
# Usage: bench/pii_quality.sh [TREE...]
#          (default: /usr/include and /usr/lib/python3* for code, /usr/share for data)
# Env:   PROOFLINE         the binary to measure (default <repo>/build-bench/proofline)
#        PROOFLINE_BEFORE  an older binary for the unmodified-files comparison (optional)
#        PII_QUALITY_SEED (23), PII_QUALITY_SOURCES (1500), PII_QUALITY_DATA (400)
#        PII_QUALITY_DATA_TREES  where data files come from (default /usr/share)
#        PII_QUALITY_KEEP  set: keep the temporary directory (corpus, manifest, reports)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin=${PROOFLINE:-$root/build-bench/proofline}
before=${PROOFLINE_BEFORE:-}
seed=${PII_QUALITY_SEED:-23}
n_sources=${PII_QUALITY_SOURCES:-1500}
n_data=${PII_QUALITY_DATA:-400}
if [[ $# -gt 0 ]]; then
  trees=("$@")
else
  trees=(/usr/include)
  for d in /usr/lib/python3*; do [[ -d $d ]] && trees+=("$d"); done
fi
read -r -a data_trees <<<"${PII_QUALITY_DATA_TREES:-/usr/share}"
if [[ ! -x $bin ]]; then
  echo "no binary at $bin: build it (cmake -S . -B build-bench -G Ninja" \
    "-DCMAKE_BUILD_TYPE=Release && ninja -C build-bench proofline) or set PROOFLINE" >&2
  exit 2
fi

work=$(mktemp -d)
if [[ -n ${PII_QUALITY_KEEP:-} ]]; then
  echo "corpus, manifest and reports kept in $work"
else
  trap 'rm -rf "$work"' EXIT
fi

# `scan pii` exits 1 when it finds something; only 2 and 3 are errors.
scan() {
  local rc=0
  "$1" scan pii "${@:2}" --mrn-format '[A-Z]{2}[0-9]{6}' --format json --fail-on critical \
    --jobs 2 || rc=$?
  [[ $rc -le 1 ]] || { echo "scan failed ($rc): $*" >&2; exit 3; }
}
count_rules() { jq -r '.findings[].rule' "$1" | sort | uniq -c | awk '{printf "%s=%s ", $2, $1}'; }

echo "== unmodified real files"
for tree in "${trees[@]}" "${data_trees[@]}"; do
  scan "$bin" "$tree" --exclude '**/package-lists/**' >"$work/after.json"
  files=$(jq .files_scanned "$work/after.json")
  mb=$(jq '.bytes_scanned / 1048576 | floor' "$work/after.json")
  echo "$tree ($files files, $mb MiB)"
  echo "  after:  $(jq '.findings | length' "$work/after.json") findings: $(count_rules "$work/after.json")"
  if [[ -n $before ]]; then
    scan "$before" "$tree" --exclude '**/package-lists/**' >"$work/before.json"
    echo "  before: $(jq '.findings | length' "$work/before.json") findings: $(count_rules "$work/before.json")"
  fi
  # The findings of the closed-world rules (the first 20; email and phone findings in real files
  # are often real addresses and numbers), to judge by eye.
  jq -r '[.findings[] | select(.rule != "pii-email" and .rule != "pii-us-phone")][:20][] |
      "    \(.rule) \(.confidence) \(.path):\(.line) \(.masked)"' "$work/after.json"
done

echo
echo "== planted (seed $seed)"
find "${trees[@]}" -type f \( -name '*.h' -o -name '*.py' \) -size +1k -size -256k \
  2>/dev/null >"$work/sources.txt"
find "${data_trees[@]}" -path '*/package-lists' -prune -o -type f \
  \( -name '*.json' -o -name '*.xml' -o -name '*.txt' -o -name '*.sql' -o -name '*.yaml' \
  -o -name '*.yml' -o -name '*.log' -o -name '*.csv' -o -name '*.tsv' \) -size +1k -size -256k \
  -print 2>/dev/null >"$work/data.txt"
python3 "$root/bench/pii_quality.py" plant "$work/corpus" "$seed" "$n_sources" \
  "$work/sources.txt" "$n_data" "$work/data.txt"
scan "$bin" "$work/corpus" >"$work/planted.json"
python3 "$root/bench/pii_quality.py" score "$work/corpus.manifest.json" "$work/planted.json" \
  "$work/corpus"
