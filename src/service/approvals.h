// Approving and rejecting a change, and where it stands: `proofline approve|reject|approvals`,
// the pipeline's approval step and (later) the server's routes. Each operation authenticates the
// caller, reads the change, the directory and the change's policy through the workspace, asks the
// pure decision (approval/sign.h) what to record, appends it in one batch and returns what
// happened. A refusal for separation of duties is recorded, then returned as PermissionDenied.
#pragma once

#include <string>
#include <vector>

#include "approval/approvals.h"
#include "service/workspace.h"

namespace proofline::service {

struct ApproveRequest {
  std::string change, meaning, comment;
  std::string config;  // proofline.yaml override; empty: the change's at its baseline
};

struct ApproveResult {
  change::ChangeRecord record;  // as before the signature
  identity::User signer;
  Json signature;  // the approval.granted data
  uint64_t index = 0;
  std::string time;
  bool approved = false;  // the signature completed the route
  std::vector<std::string> missing;
};

// Signs as the caller. PermissionDenied (and approval.refused recorded) for a signer who is not
// independent of the change; InvalidArgument for an empty meaning or a change not pending
// approval.
Result<ApproveResult> Approve(Workspace& ws, const Caller& caller, const ApproveRequest& request);

struct RejectRequest {
  std::string change, reason, config;
};

struct RejectResult {
  change::ChangeRecord record;
  identity::User user;
  uint64_t index = 0;
};

Result<RejectResult> Reject(Workspace& ws, const Caller& caller, const RejectRequest& request);

struct AutomatedResult {
  change::ChangeRecord record;
  bool passed = false;
  std::vector<approval::CheckOutcome> checks;
  std::string fallback;  // the route a failing change falls to, described ("1 approval ...")
};

// The automated route's checks as the caller: approval.automated, and the move to approved when
// every check passed. InvalidArgument when the change is not pending approval or not routed
// automated.
Result<AutomatedResult> ApproveAutomated(Workspace& ws, const Caller& caller,
                                         const std::string& change, const std::string& config);

struct ApprovalView {
  change::ChangeRecord record;
  approval::ApprovalStatus status;
};

// Where the change stands against its route now; records nothing.
Result<ApprovalView> Approvals(Workspace& ws, const std::string& change, const std::string& config);

}  // namespace proofline::service
