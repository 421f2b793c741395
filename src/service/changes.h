// Changes: `proofline change assess|open|update|show|list`. A change's impact comes from git
// (git/impact.h), its risk from the rules of proofline.yaml at the baseline (service/project.h)
// and the history of past changes in the ledger (risk/assess.h); the record is a fold over its
// events (change/change.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gate/gate.h"
#include "service/workspace.h"

namespace proofline::service {

struct RangeInput {
  std::string repo = ".";
  std::string baseline, target, env;
  std::string config;  // risk rules override; empty: proofline.yaml at the baseline
};

struct Analysis {
  git::Impact impact;
  risk::RiskConfig rules;
  std::string rules_source;  // "shipped defaults" or where proofline.yaml was read
  risk::Assessment assessment;
};

// Assesses baseline..target and records nothing (CI merge requests). The history factor reads
// the store when there is one; CI runs this without any.
Result<Analysis> AssessRange(Workspace& ws, const RangeInput& input);

struct OpenChangeInput {
  RangeInput range;  // env required
  std::string ticket, title;
};

struct ChangeOutcome {
  change::ChangeRecord record;
  Analysis analysis;
};

// Opens a change as the caller (the requester): change.opened, change.assessed and the move to
// pending-approval in one batch.
Result<ChangeOutcome> OpenChange(Workspace& ws, const Caller& caller, const OpenChangeInput& input);

// Re-assesses change `id` at a new target (its repository unless `repo` is given) as the caller;
// approvals of the old target stop counting.
Result<ChangeOutcome> UpdateChange(Workspace& ws, const Caller& caller, const std::string& id,
                                   const std::string& target, const std::string& repo,
                                   const std::string& config);

struct ListInput {
  std::optional<std::string> env;
  std::optional<change::State> state;
  bool overdue = false;  // only changes with an overdue break-glass obligation
};

struct ListedChange {
  change::ChangeRecord record;
  std::vector<gate::Obligation> overdue;  // filled when ListInput::overdue
};

Result<std::vector<ListedChange>> ListChanges(Workspace& ws, const ListInput& input);

}  // namespace proofline::service
