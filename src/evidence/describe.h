// One line for people from an evidence summary, the same wherever evidence is shown (`attest`
// output, `change show`). It reads the recorded summary JSON, not a parser's struct, so evidence
// recorded by any version of Proofline is described from the ledger alone.
#pragma once

#include <string>

#include "base/json.h"

namespace proofline::evidence {

// E.g. "12 tests, 1 failures, 0 errors, 2 skipped" for junit; "line 87.5%, branch 61.0%" for
// coverage. An unknown kind gets its summary's top-level numbers, "key N" joined by ", ".
std::string DescribeSummary(const std::string& kind, const Json& summary);

}  // namespace proofline::evidence
