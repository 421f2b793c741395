#!/bin/sh
# The demo's control tests: real checks over the service's repository, one JSON line per control
# in the shape `proofline attest control-test` reads.   control-tests.sh REPO > control-tests.jsonl
set -eu
repo=$1
result() { if "$@" >/dev/null 2>&1; then echo pass; else echo fail; fi; }
printf '{"control_id": "SOX-CM-01", "test_name": "change policy under version control", "result": "%s"}\n' \
  "$(result git -C "$repo" ls-files --error-unmatch proofline.yaml)"
printf '{"control_id": "SOX-AC-02", "test_name": "no credentials committed", "result": "%s"}\n' \
  "$(result sh -c "! git -C '$repo' grep -qiE 'password *=|BEGIN [A-Z ]*PRIVATE KEY'")"
