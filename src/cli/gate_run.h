// Passing the gate, as `proofline gate` does and as `proofline deploy` must first: verify the
// store, authenticate the deployer, decide, record gate.decided (and gate.break_glass). Shared so
// a deployment can never skip or weaken the gate.
#pragma once

#include <memory>
#include <string>

#include "cli/context.h"
#include "cli/project_policy.h"
#include "gate/gate.h"

namespace proofline::cli {

struct GateOptions {
  std::string change, env, reason, config;
  bool break_glass = false;
};

// Everything a decision was made from; heap-held because `request` points into it.
struct GateRun {
  Context::OpenLedger open;
  identity::Actor actor;
  identity::Directory directory;
  change::ChangeRecord record;
  ProjectPolicy project;
  gate::GateRequest request;
  gate::GateDecision decision;
  uint64_t event = 0;  // the gate.decided event
};

// Decides and records; a broken glass is also announced on stderr. A store that is missing,
// unreadable or fails verification: Corruption (exit 3). The caller reports the decision
// (PrintGate) and acts on decision.allow.
Result<std::unique_ptr<GateRun>> RunGateDecision(const Context& ctx, const GateOptions& o,
                                                 const std::string& command);

// Prints the decision (text or JSON).
void PrintGate(const Context& ctx, const GateRun& run);
// The decision as `proofline --json gate` prints it; and as text.
Json GateJson(const GateRun& run);
std::string GateText(const GateRun& run);

}  // namespace proofline::cli
