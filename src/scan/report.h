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
// justification}]. Skipped files and stale/expired baseline entries go in run.properties. Every
// file not scanned (SkippedFile::Unscanned) is also a toolExecutionNotification of the run's
// invocation (level "error", or "warning" when allowed; descriptor "unscanned-<reason>", the
// file's location), and the invocation's executionSuccessful is false while any is not allowed.
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
  bool allow_unscanned = false;  // --allow-unscanned: files not scanned do not fail the scan

  bool Suppressed(size_t finding) const { return match.suppressed_by[finding].has_value(); }
  // Unsuppressed findings at or above fail_on.
  size_t Failing() const;
  // Files whose content was not scanned (binary, too large, unreadable).
  size_t Unscanned() const;
  // The scan fails: a failing finding, or a file not scanned unless allowed. A compliance scan
  // never passes silently over what it did not read.
  bool Fails() const { return Failing() > 0 || (Unscanned() > 0 && !allow_unscanned); }
};

std::string FormatText(const Report& r);
Json FormatJson(const Report& r);
Json FormatSarif(const Report& r);
// Serialises with invalid UTF-8 (odd file names) replaced rather than thrown on.
std::string DumpJson(const Json& j, int indent = 2);

const char* SarifLevel(Severity s);  // "error", "warning", "note"

}  // namespace proofline::scan
