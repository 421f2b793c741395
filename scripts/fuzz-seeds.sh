#!/usr/bin/env bash
# Makes seed corpora for the fuzzers from a real ledger: a real exported bundle (in the
# bundle_fuzz input format) and real checkpoint notes and keys for proof_verifier_fuzz; and a
# small JUnit report and a small SARIF log with the constructs junit_fuzz and sarif_fuzz should
# mutate from.
set -euo pipefail
bin=$(realpath "$1")
out=$2
mkdir -p "$out/bundle_fuzz" "$out/proof_verifier_fuzz" "$out/junit_fuzz" "$out/sarif_fuzz"
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
cat >"$out/junit_fuzz/seed-junit.xml" <<'JUNIT'
<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="4" failures="1">
  <testsuite name="seed" tests="4" failures="1" errors="0" skipped="1" disabled="0" time="0.5">
    <properties><property name="go.version" value="go1.22"/></properties>
    <testcase classname="pkg.Test" name="passes" time="0.1">
      <properties><property name="control" value="SOX-IT-03"/></properties>
    </testcase>
    <testcase classname="pkg.Test" name="fails" time="0.1"><failure message="x">&lt;boom&gt;</failure></testcase>
    <testcase classname="pkg.Test" name="flaky" time="0.2"><flakyFailure message="t"><stackTrace>s</stackTrace></flakyFailure></testcase>
    <testcase classname="pkg.Test" name="off" status="notrun" result="suppressed"><skipped/></testcase>
    <system-out><![CDATA[café output]]></system-out>
  </testsuite>
</testsuites>
JUNIT
cat >"$out/sarif_fuzz/seed-sarif.json" <<'SARIF'
{"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [
  {"tool": {"driver": {"name": "CodeQL", "rules": [{"id": "d", "defaultConfiguration": {"level": "note"}}]},
    "extensions": [{"name": "codeql/js-queries", "rules": [
      {"id": "js/xss", "defaultConfiguration": {"level": "error"}, "properties": {"security-severity": "9.8"}},
      {"id": "js/weak", "properties": {"security-severity": 5}}]}]},
   "results": [
     {"ruleId": "js/xss", "ruleIndex": 0, "rule": {"id": "js/xss", "index": 0, "toolComponent": {"index": 0}},
      "message": {"text": "caf\u00e9"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///src/a.js"}}}]},
     {"ruleId": "js/weak", "level": "warning", "suppressions": [{"kind": "inSource", "status": "accepted"}]},
     {"ruleId": "d", "ruleIndex": 0, "baselineState": "absent"},
     {"ruleId": "d", "kind": "pass", "suppressions": [{"kind": "external", "status": "rejected"}]}]},
  {"tool": {"driver": {"name": "gitleaks"}}, "results": [{"ruleId": "aws-access-token", "level": "none"}]}]}
SARIF
