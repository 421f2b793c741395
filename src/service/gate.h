// The deployment gate as an operation: `proofline gate`, and the first step of every deployment
// (service/deploy.h) and of a pipeline's `gate:` step, so none of them can skip or weaken it.
// It fails closed: the store is verified end to end first, and the blobs of the change's current
// evidence are re-hashed (service/history.h); a store that is missing, unreadable or fails
// verification, or evidence that is missing or altered, is Corruption (the CLI: a deny with exit
// 3), never an allow.
#pragma once

#include <string>

#include "gate/gate.h"
#include "service/workspace.h"

namespace proofline::service {

struct GateInput {
  std::string change, env;
  bool break_glass = false;
  std::string reason;  // required with break_glass, refused without
  std::string config;  // proofline.yaml override; empty: the change's at its baseline
  // The artifact to be deployed (its digest must be attested for the target: the gate's
  // `artifact` check): a path to fingerprint, or its SHA-256 hex already computed. Neither: the
  // check is not made (a bare `gate` asks about the change, `deploy` about what it installs).
  std::string artifact, artifact_sha256;
};

struct GateOutcome {
  change::ChangeRecord record;
  identity::User deployer;
  std::string env, break_glass_reason;
  gate::GateDecision decision;
  uint64_t event = 0;              // the gate.decided event
  uint64_t break_glass_event = 0;  // the gate.break_glass event, when the glass was broken
};

// Verifies the store, authenticates the caller as deployer (`command` names the command in an
// auth.denied record), reads the change and its policy, decides (gate::Decide) and records
// gate.decided (and gate.break_glass). The decision is in the result, allow or deny; an error
// means no decision could be made.
Result<GateOutcome> DecideGate(Workspace& ws, const Caller& caller, const GateInput& input,
                               const std::string& command);

}  // namespace proofline::service
