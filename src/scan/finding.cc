// Severities, shared by every scanner and the reports (finding.h).
#include "scan/finding.h"

#include "base/text.h"

namespace proofline::scan {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kNote:
      return "note";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "medium";
}

Result<Severity> ParseSeverity(std::string_view name) {
  std::string n = AsciiLower(name);
  for (Severity s :
       {Severity::kNote, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical}) {
    if (n == SeverityName(s)) return s;
  }
  return InvalidArgument("unknown severity '" + std::string(name) +
                         "' (note, low, medium, high, critical)");
}

double SecuritySeverity(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return 9.5;
    case Severity::kHigh:
      return 8.0;
    case Severity::kMedium:
      return 5.5;
    case Severity::kLow:
      return 3.0;
    case Severity::kNote:
      return 0.0;
  }
  return 5.5;
}

}  // namespace proofline::scan
