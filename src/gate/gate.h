// The deployment gate: may this person deploy this change to this environment now? Every check
// is computed and reported (not only the first failure), so a denied deployer sees all that is
// missing at once, and the decision is recorded in the ledger.
//
// Checks, in order:
//   state                 the change is approved (or already deployed elsewhere)
//   environment           the environment is configured; a production environment takes only a
//                         change assessed for production (the production weight was counted)
//   approvals             the change's route is satisfied (approval/approvals.h: quorum,
//                         roles, signers re-checked for separation of duties, current target)
//   separation-of-duties  the deployer neither approved the current target nor authored,
//                         committed or co-authored one of its commits (matched through aliases)
//   ticket                the change names a ticket where the environment requires one
//   deployer-group        the deployer holds one of the environment's deployer roles
//   evidence              every required evidence name of the change's risk class holds
//                         (environments.h: gate.evidence)
//   controls              the environment's frameworks validate without fail or
//                         missing-evidence (exceptions in force count, expired ones do not)
//   freeze                no freeze window of the environment is in force
//   artifact              (when the request names the artifact to deploy, as `deploy` does) its
//                         digest is that of an artifact attested for the current target
//   witnessed             (when the environment names witnesses) a checkpoint of the ledger is
//                         cosigned by their quorum, none of their cosignatures fails, and no
//                         more than max_unwitnessed_events events follow it: the store decided
//                         on extends the history the witnesses saw
//
// Break-glass: when checks fail and the request breaks the glass, a deployer holding one of the
// environment's break-glass roles is allowed anyway, except past the checks that cannot be
// overridden (a change that is rejected, superseded, rolled back or not yet assessed; an
// unconfigured environment). The allow names every check it overrode and creates an
// obligation: the change must be approved per its route, on the deployed target, within the
// environment's retro_approval_hours.
//
// Events (subject the change id, actor the deployer):
//   gate.decided      {env, target, deployer, decision: allow|deny, checks: [{name, passed,
//                     reasons}], artifact?: "sha256:HEX", break_glass?: {reason, overridden,
//                     retro_approval_due}}
//   gate.break_glass  {env, target, deployer, reason, overridden, retro_approval_due}: recorded
//                     beside gate.decided whenever the glass is broken, so it stands out.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "approval/approvals.h"
#include "events/catalogue.h"
#include "gate/environments.h"
#include "ledger/ledger.h"
#include "ledger/witness.h"
#include "policy/catalog.h"
#include "policy/exceptions.h"

namespace proofline::gate {

// What a decision is made from. The change, the deployer and the rest are values the request
// owns; the policy parts, read once per request and large (compiled catalogs), are shared and
// immutable: a request keeps them alive, so it may outlive whatever built it. Decide refuses
// (as failing checks) a request whose shared parts are missing.
struct GateRequest {
  change::ChangeRecord record;
  identity::User deployer;
  std::shared_ptr<const identity::Directory> directory;
  std::shared_ptr<const approval::ApprovalPolicy> approvals;
  std::shared_ptr<const GateConfig> config;
  std::shared_ptr<const policy::CatalogSet> catalogs;
  std::vector<policy::PolicyException> exceptions;
  std::vector<std::string> production_environments;  // the risk configuration's
  std::string env, now;                              // now: RFC 3339
  std::string artifact_sha256;  // hex of the artifact to deploy; empty: none named
  bool break_glass = false;
  std::string break_glass_reason;
  // For an environment with witnesses: the ledger's witness check (ledger::CheckWitnessQuorum
  // with the environment's keys) and its size. Absent there: the check fails.
  std::optional<ledger::WitnessReport> witnessed;
  uint64_t ledger_events = 0;
};

struct GateCheck {
  std::string name;
  bool passed = true;
  bool overridable = true;           // break-glass may override it
  std::vector<std::string> reasons;  // why it failed; when it passed, what it relied on
};

struct GateDecision {
  bool allow = false;
  std::vector<GateCheck> checks;
  bool break_glass = false;  // allowed only because the glass was broken
  std::vector<std::string> overridden;
  std::string retro_approval_due;  // RFC 3339, when break_glass

  // [{name, passed, reasons}]: the checks as events and --json show them.
  Json ChecksJson() const;
  // The gate.decided event (and gate.break_glass when the glass was broken), for `request`.
  std::vector<ledger::EventInput> Events(const GateRequest& request) const;
};

// Decides `request`. Never fails: anything that cannot be evaluated is a failing check.
GateDecision Decide(const GateRequest& request);

// A break-glass deployment's retroactive approval obligation.
struct Obligation {
  std::string change, env, target, deployer, reason, due;
  uint64_t index = 0;      // of the gate.break_glass event
  bool fulfilled = false;  // the change is approved per its route on that target
  bool overdue = false;    // not fulfilled and `due` has passed
};

// The obligations of `record` (its gate.break_glass events), judged at `now`.
std::vector<Obligation> Obligations(const change::ChangeRecord& record,
                                    const approval::ApprovalPolicy& policy,
                                    const identity::Directory& directory, const std::string& now);

}  // namespace proofline::gate
