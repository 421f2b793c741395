// What signing, rejecting or approving a change automatically records: pure decisions over the
// change, the directory and the policy, returning the events to append (no I/O; the service
// layer loads, appends and reports). The events are documented in approvals.h.
//
// Order of the rules, as an auditor reads a refusal: a signer who is not independent of the
// change (requester, author, committer, co-author, or already signed this target) is refused
// and the refusal is recorded (approval.refused) whatever the change's state; only then must the
// change be pending approval. A signature that completes the route moves the change to approved
// in the same batch.
#pragma once

#include <string>
#include <vector>

#include "approval/approvals.h"
#include "ledger/event.h"

namespace proofline::approval {

struct SignDecision {
  bool refused = false;                    // separation of duties: only approval.refused
  std::string reason;                      // when refused: every conflict, "; "-joined
  std::vector<ledger::EventInput> events;  // to append, in one batch
  Json signature;                          // approval.granted's data (when not refused)
  ApprovalStatus after;                    // the status once signed (when not refused)
};

// `signer` signs `record` with `meaning` (required) and `comment` (optional) at `now`.
// InvalidArgument when the meaning is empty or the change is not pending approval (after the
// independence check).
Result<SignDecision> DecideApprove(const ApprovalPolicy& policy, const change::ChangeRecord& record,
                                   const identity::Directory& directory,
                                   const identity::User& signer, const std::string& meaning,
                                   const std::string& comment, const std::string& now);

// `user` rejects `record` for `reason`. The rejecter must be independent of the change (they
// may have signed it); InvalidArgument when the state machine forbids the rejection.
Result<SignDecision> DecideReject(const ApprovalPolicy& policy, const change::ChangeRecord& record,
                                  const identity::Directory& directory, const identity::User& user,
                                  const std::string& reason);

struct AutomatedDecision {
  bool passed = false;
  std::vector<CheckOutcome> checks;
  std::vector<ledger::EventInput> events;  // approval.automated (+ change.state when passed)
};

// The automated route's checks run for `record` by `actor` at `now`. InvalidArgument when the
// change is not pending approval or is not routed automated.
Result<AutomatedDecision> DecideAutomated(const ApprovalPolicy& policy,
                                          const change::ChangeRecord& record,
                                          const std::string& actor, const std::string& now);

// approval.refused for `action` by `user`.
ledger::EventInput RefusedEvent(const change::ChangeRecord& record, const std::string& user,
                                const std::string& action, const std::string& reason);

}  // namespace proofline::approval
