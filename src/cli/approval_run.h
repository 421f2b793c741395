// Approving a change routed "automated", as `proofline approve ID --automated` does and as a
// pipeline's approval step must when the route needs no person: the automated checks run over
// the recorded evidence, `approval.automated` is recorded with each check's outcome, and when
// every check passed the change moves to approved in the same batch.
#pragma once

#include <string>

#include "base/json.h"
#include "cli/context.h"

namespace proofline::cli {

struct AutomatedApproval {
  bool passed = false;
  Json checks;          // [{name, passed, reason?}]
  std::string failing;  // "\n  FAIL name: reason" per failing check
  std::string text;     // one line (plus the failing checks) for the terminal
};

// As PROOFLINE_TOKEN's user. InvalidArgument when the change is not pending approval or is not
// routed automated.
Result<AutomatedApproval> ApproveAutomatically(const Context& ctx, const std::string& id,
                                               const std::string& config);

}  // namespace proofline::cli
