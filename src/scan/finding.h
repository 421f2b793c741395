// What every scanner (secrets, pii, and later iac) reports, and the interface the scan command
// drives. A scanner looks at one file's bytes at a time; the driver (walk of paths or of a git
// range, baseline, output formats) is shared and knows nothing of any scanner's rules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace proofline::scan {

enum class Severity { kNote, kLow, kMedium, kHigh, kCritical };

const char* SeverityName(Severity s);  // "note", "low", "medium", "high", "critical"
// InvalidArgument for anything but those five names (case-insensitive).
Result<Severity> ParseSeverity(std::string_view name);
// SARIF security-severity for a severity: critical 9.5, high 8.0, medium 5.5, low 3.0, note 0.
double SecuritySeverity(Severity s);

// One finding. Offsets are bytes into the scanned content; line/column are 1-based (column in
// bytes), filled by the driver from the offsets (scanners may leave them 0).
struct Finding {
  std::string rule_id;          // e.g. "aws-access-key-id", "pii-us-ssn"
  std::string path;             // as given (relative to the scan root, or the path in the commit)
  uint64_t begin = 0, end = 0;  // the match [begin, end) in the content
  uint32_t line = 0, column = 0, end_line = 0, end_column = 0;
  Severity severity = Severity::kMedium;
  double confidence = 1.0;    // 0..1 (pii: raised or lowered by context words)
  std::string masked;         // the matched value with the sensitive part masked; never the value
  std::string secret_sha256;  // lowercase hex SHA-256 of the sensitive value (fingerprints)
  std::string message;        // one line, never containing the unmasked value
};

// A rule as SARIF describes it (tool.driver.rules[]).
struct RuleInfo {
  std::string id, name, description;
  Severity severity = Severity::kMedium;
  double security_severity = 5.0;     // SARIF property "security-severity" (0..10)
  std::vector<std::string> controls;  // e.g. "HIPAA 164.312(a)(1)", "PCI DSS 3.4"
  std::vector<std::string> tags;
};

class Scanner {
 public:
  virtual ~Scanner() = default;
  virtual std::string_view Name() const = 0;  // "secrets", "pii"
  virtual const std::vector<RuleInfo>& Rules() const = 0;
  // Appends the findings in `content` (the whole file, byte semantics) to `out`. Must be
  // thread-safe for concurrent calls on different contents and linear in content.size().
  virtual void Scan(std::string_view path, std::string_view content,
                    std::vector<Finding>& out) const = 0;
};

}  // namespace proofline::scan
