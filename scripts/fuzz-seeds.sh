#!/usr/bin/env bash
# Makes the seed corpora that need the real binary: a real exported bundle (in the bundle_fuzz
# input format) and real checkpoint notes and keys for proof_verifier_fuzz. The parsers' seeds are
# files we wrote, in fuzz/seeds/<target>/ (scripts/test.sh copies them in).
set -euo pipefail
bin=$(realpath "$1")
out=$2
mkdir -p "$out/bundle_fuzz" "$out/proof_verifier_fuzz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  "$bin" init --origin fuzz.example/log >/dev/null
  for i in 1 2 3 4 5 6; do
    "$bin" log append --type step --subject CHG-1 --actor ci --data "{\"n\":$i,\"s\":\"\\u00e9\"}" >/dev/null
  done
  "$bin" log rotate-key >/dev/null
  "$bin" log append --type step --subject CHG-2 --actor ci >/dev/null
  "$bin" log export --out bundle >/dev/null
)
b=$work/bundle
{
  cat "$work/signing.pub"
  printf '\n=====\n'; cat "$b/manifest.json"
  printf '\n=====\n'; cat "$b/events.jsonl"
  for n in "$b"/checkpoints/*.note; do printf '\n=====\n'; cat "$n"; done
} >"$out/bundle_fuzz/seed-real-bundle"
i=0
for n in "$b"/checkpoints/*.note "$work/signing.pub"; do
  cp "$n" "$out/proof_verifier_fuzz/seed-$i"
  i=$((i + 1))
done
