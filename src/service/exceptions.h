// Exceptions to controls (`proofline exception request|approve|list`): anyone asks, a compliance
// officer who is not the requester approves (policy/exceptions.h decides and builds the events).
#pragma once

#include <string>
#include <vector>

#include "policy/exceptions.h"
#include "service/workspace.h"

namespace proofline::service {

struct ExceptionInput {
  std::string change, control, until, reason;
};

struct ExceptionOutcome {
  change::ChangeRecord record;
  ledger::EventInput event;  // as recorded (policy.exception.requested or .granted)
  uint64_t index = 0;
  std::string requested_by;  // approve: who asked
  identity::User actor;
};

// policy.exception.requested as the caller.
Result<ExceptionOutcome> RequestException(Workspace& ws, const Caller& caller,
                                          const ExceptionInput& input);

// Grants the latest not-yet-granted request for the control (`until` may shorten it, `reason` is
// the approver's comment). A refusal (not a compliance officer, or the requester) is recorded
// (policy.exception.refused) and returned as PermissionDenied; NotFound without a request.
Result<ExceptionOutcome> ApproveException(Workspace& ws, const Caller& caller,
                                          const ExceptionInput& input);

// The change's granted exceptions (in force or expired).
Result<std::vector<policy::PolicyException>> ListExceptions(Workspace& ws,
                                                            const std::string& change);

}  // namespace proofline::service
