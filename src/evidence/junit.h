// JUnit XML test reports: the de-facto format of Maven Surefire, Gradle, pytest, jest-junit,
// go-junit-report/gotestsum, GoogleTest and ctest --output-junit.
//
// The summary is counted from the <testcase> elements, never taken from the tests=/failures=/
// errors=/skipped= attributes: producers disagree on what those mean, and a hand-edited header
// must not change what Proofline records. When a suite's attributes disagree with its counted
// cases, `declared_mismatch` says so.
//
// Each testcase has exactly one outcome, decided in this order:
//   failure  <failure> or Surefire <rerunFailure> child, or status="fail" (ctest)
//   error    <error> or <rerunError> child
//   skipped  <skipped> child, status="notrun"|"disabled" (ctest, GoogleTest),
//            result="skipped"|"suppressed" (GoogleTest)
//   passed   otherwise; with Surefire <flakyFailure>/<flakyError> children (it failed, was rerun
//            and passed) it is passed AND counted in `flaky`.
// A testcase property named "control" (pytest's record_property("control", "SOX-IT-03"), or any
// producer writing <property name="control" value="..."/>) makes the case a control test.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "base/json.h"
#include "base/status.h"
#include "evidence/control_tests.h"

namespace proofline::evidence {

inline constexpr size_t kMaxFailedTestNames = 50;
inline constexpr size_t kMaxControlTests = 500;
inline constexpr size_t kMaxNameBytes = 256;  // longer names are cut at a UTF-8 boundary

struct JUnitSummary {
  uint64_t tests = 0, passed = 0, failures = 0, errors = 0, skipped = 0, flaky = 0;
  double time_seconds = 0;  // sum of the testcases' time attributes
  uint64_t suites = 0;      // <testsuite> elements, nested ones included
  bool declared_mismatch = false;
  std::vector<std::string> failed_tests;  // the first kMaxFailedTestNames failures and errors
  std::vector<ControlTest> controls;      // the first kMaxControlTests
  uint64_t controls_total = 0;
  uint64_t cut_strings = 0;  // attribute values, comments, PIs cut at kMaxXmlValueBytes

  // {tests, passed, failures, errors, skipped, flaky, time_seconds, suites, declared_mismatch,
  //  failed_tests, controls[, controls_total when capped][, cut_strings when any]}: the
  //  `summary` of evidence events.
  Json ToJson() const;
};

// Parses the JUnit report at `path`, streaming it (bounded memory whatever its size).
// InvalidArgument "PATH:LINE: message" for malformed or truncated XML, entity declarations, or
// a document whose root is not <testsuites>/<testsuite>; NotFound for a missing file.
// `digest`, when given, receives the SHA-256 and size of the bytes parsed.
Result<JUnitSummary> ParseJUnitFile(const std::string& path, StreamDigest* digest = nullptr);
// The same for an in-memory report; `name` stands for the file in messages.
Result<JUnitSummary> ParseJUnit(std::string_view text, const std::string& name);

}  // namespace proofline::evidence
