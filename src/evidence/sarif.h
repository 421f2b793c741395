// SARIF 2.1.0 static-analysis logs: what CodeQL, Semgrep, Trivy, gitleaks, ESLint and Checkov
// write, and what GitHub code scanning reads.
//
// The summary counts results, never a tool's own totals. For each result of each run:
//   excluded    baselineState "absent" (a finding of the baseline that is gone now)
//   suppressed  a non-empty `suppressions` array none of whose entries has status "rejected"
//               or "underReview" (a missing status means accepted, SARIF 3.35.3); counted
//               apart and nowhere else
//   level       result.level, else the rule's defaultConfiguration.level, else "none" when
//               result.kind is present and not "fail", else "warning" (the SARIF default)
//   severity    the rule's properties["security-severity"] (GitHub's convention; a string
//               like "9.8" or a number): critical >= 9.0, high >= 7.0, medium >= 4.0, low > 0
// The rule of a result is found through result.ruleIndex (or rule.index) in the component that
// rule.toolComponent.index names (an entry of tool.extensions, as CodeQL writes), else in
// tool.driver; failing that, by ruleId (or rule.id) among the rules of the driver and of every
// extension. Fields of the wrong type count as absent: producers differ and nothing here throws.
//
// The log is streamed (nlohmann's SAX parser over 64 KiB reads), so messages, locations, code
// flows and snippets are never held; a string the summary keeps is cut at kMaxSarifNameBytes
// before it is copied (counted in cut_strings). The one whole copy of a string is the lexer's
// token: memory grows with the largest single string, never with the log. What is held grows with
// the log's structure, not its bytes: the rules of the run being read, and a compact record (level,
// kind, interned rule id, index) per unsuppressed result of that run until the run ends, because
// JSON objects are unordered and a run's `results` may come before its `tool.driver.rules`. Parsing
// is strict like ParseJsonStrict where it matters here: duplicate keys, a raw NUL byte, trailing
// content and nesting deeper than 128 levels are errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/files.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kMaxTopRules = 20;
inline constexpr size_t kMaxTools = 20;
inline constexpr size_t kMaxSarifNameBytes = 256;  // longer ids are cut at a UTF-8 boundary

struct SarifSummary {
  uint64_t results = 0;     // unsuppressed results (baselineState "absent" excluded)
  uint64_t suppressed = 0;  // suppressed results, not in any count below
  uint64_t error = 0, warning = 0, note = 0, none = 0;
  uint64_t critical = 0, high = 0, medium = 0, low = 0;
  uint64_t runs = 0;
  // What the tool says it could not do: toolExecutionNotifications of level "error" (files it
  // could not read or scan, extraction errors) and invocations with executionSuccessful false.
  // A scan that did not read everything proves nothing about what it skipped.
  uint64_t tool_errors = 0, failed_invocations = 0;
  // Strings cut: those the summary keeps (tool names, rule ids, levels) at kMaxSarifNameBytes,
  // and any string of the log at kMaxJsonStringBytes (json_stream.h) before the lexer holds it.
  uint64_t cut_strings = 0;
  std::vector<std::string> tools;  // distinct driver names in order, the first kMaxTools
  // The kMaxTopRules rule ids with the most unsuppressed results (ties by id), with counts.
  std::vector<std::pair<std::string, uint64_t>> top_rules;

  // {results, suppressed, by_level {error, warning, note, none}, by_security_severity
  //  {critical, high, medium, low}, runs, tool_errors, cut_strings, failed_invocations, tools,
  //  top_rules [{rule, count}]}: the `summary` of evidence events.
  Json ToJson() const;
};

// Parses the SARIF log at `path`, streaming it. NotFound for a missing file, Io for a read failure,
// InvalidArgument "PATH: ... at byte N" for malformed or truncated JSON and "PATH: not SARIF
// 2.1.0 (...)" for JSON that is not a SARIF 2.1.0 log (no `runs` array, another version).
// `digest`, when given, receives the SHA-256 and size of the bytes parsed.
Result<SarifSummary> ParseSarifFile(const std::string& path, StreamDigest* digest = nullptr);
// The same for an in-memory log; `name` stands for the file in messages.
Result<SarifSummary> ParseSarif(std::string_view text, const std::string& name);

}  // namespace proofline::evidence
