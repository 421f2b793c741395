// The outputs of a scan: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning tools
// and as evidence. No format ever holds a sensitive value: findings carry only the masked form
// and SHA-256 digests (fingerprint.h).
//
// SARIF: one run, tool.driver "proofline" with every rule of the scanners used (id, name,
// shortDescription, defaultConfiguration.level, properties.security-severity as a string, as
// GitHub reads it, and tags); one result per finding with ruleId/ruleIndex, level (critical and
// high -> error, medium -> warning, low and note -> note), message, a physical location (uri
// percent-encoded, region startLine/startColumn/endLine/endColumn, columns in bytes, end
// exclusive) and partialFingerprints {"proofline/v1": Fingerprint()}. Findings a baseline entry
// suppresses keep their place with `suppressions` [{kind "external", status "accepted",
// justification}]. Skipped files and stale/expired baseline entries go in run.properties.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"
#include "scan/baseline.h"
#include "scan/driver.h"

namespace proofline::scan {

struct Report {
  std::string tool_version;
  std::vector<RuleInfo> rules;  // every rule of the scanners run, then the driver's
  ScanResult result;
  Baseline baseline;
  BaselineMatch match;  // of result.findings against baseline
  std::vector<std::string> notes;
  Severity fail_on = Severity::kHigh;

  bool Suppressed(size_t finding) const { return match.suppressed_by[finding].has_value(); }
  // Unsuppressed findings at or above fail_on: what makes the scan fail.
  size_t Failing() const;
};

std::string FormatText(const Report& r);
Json FormatJson(const Report& r);
Json FormatSarif(const Report& r);
// Serialises with invalid UTF-8 (odd file names) replaced rather than thrown on.
std::string DumpJson(const Json& j, int indent = 2);

const char* SarifLevel(Severity s);  // "error", "warning", "note"

}  // namespace proofline::scan
