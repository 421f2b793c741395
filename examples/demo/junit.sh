#!/bin/sh
# The demo's stand-in test runner: prints a JUnit XML report (the Surefire/pytest shape) of
# COUNT passing test cases of SUITE, as the CI's real test tool would write it.
#   junit.sh SUITE COUNT > TEST-SUITE.xml
set -eu
suite=$1
count=$2
printf '<?xml version="1.0" encoding="UTF-8"?>\n'
printf '<testsuite name="payments.%s" tests="%s" failures="0" errors="0" skipped="0" time="0.%s">\n' \
  "$suite" "$count" "$count"
i=1
while [ "$i" -le "$count" ]; do
  printf '  <testcase classname="payments.%sTest" name="case_%s" time="0.01"/>\n' "$suite" "$i"
  i=$((i + 1))
done
printf '</testsuite>\n'
