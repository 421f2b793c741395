// What the gate holds a deployment to, per environment, and what satisfies each name of a risk
// class's required evidence. Read from proofline.yaml at the change's baseline (a change cannot
// lower its own bar); every key optional, shipped defaults shown:
//
//   environments:                        # an environment listed here replaces its default whole
//     production:
//       deployers: [production-deployers]  # roles (identity.yaml) whose members may deploy;
//                                          # [] or absent: any user of the directory
//       require_ticket: true               # the change must name a ticket
//       frameworks: []                     # controls that must pass, e.g. [sox, pci-dss]
//       freeze: []                         # windows (freeze.h): {from, until, reason} or
//                                          # {start: CRON, end: CRON, reason}
//       break_glass: {roles: [emergency-responders], retro_approval_hours: 24}
//       witnesses:                         # absent: none required. Witness verifier keys
//         keys: ["witness.example/w1+1a2b3c4d+BA..."]  # (witness keygen's NAME.pub lines)
//         quorum: 1                        # how many must have cosigned (default: all)
//         max_unwitnessed_events: 500      # events after the newest witnessed checkpoint the
//                                          # gate accepts (absent: any number)
//     staging: {}                          # anyone may deploy an approved change with its evidence
//   gate:
//     evidence:                            # name -> CEL over the change's facts (policy/facts.h)
//       unit: {expr: "...", reason: "..."}
//
// An environment that is neither shipped nor listed is refused by the gate (fail closed).
// Required-evidence defaults: a test suite name (unit, integration, smoke, e2e, performance,
// full_regression) is satisfied by JUnit attested with `--suite NAME`, with tests and no
// failures or errors; `security` by SARIF without critical or high results; `compliance` by
// control tests none of which failed; `coverage` by a coverage report with a line rate.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cel/eval.h"
#include "gate/freeze.h"
#include "ledger/note.h"

namespace proofline::gate {

struct BreakGlassRule {
  std::vector<std::string> roles;  // who may break the glass; empty: nobody
  int retro_approval_hours = 24;
};

// The ledger must have been witnessed (ledger/witness.h) for a deployment there to be allowed.
struct WitnessRule {
  std::vector<ledger::VerifierKey> keys;  // empty: no rule
  uint64_t quorum = 0;
  std::optional<uint64_t> max_unwitnessed_events;
};

struct Environment {
  std::string name;
  std::vector<std::string> deployers;
  bool require_ticket = false;
  std::vector<std::string> frameworks;
  std::vector<FreezeWindow> freeze;
  BreakGlassRule break_glass;
  WitnessRule witnesses;
  std::string origin;  // "defaults" or "SOURCE:LINE"
};

struct EvidenceRequirement {
  std::string name, expr, reason;
  cel::Program program;
};

struct GateConfig {
  std::map<std::string, Environment> environments;
  std::map<std::string, EvidenceRequirement> evidence;
  std::string source = "defaults";

  const Environment* FindEnvironment(std::string_view name) const;
  const EvidenceRequirement* FindEvidence(std::string_view name) const;
};

GateConfig DefaultGateConfig();

// The defaults overridden by the `environments:` and `gate:` sections of proofline.yaml `text`.
// InvalidArgument "SOURCE:LINE: ..." naming the key for unknown keys, wrong types, bad freeze
// windows, expressions that do not compile, a negative deadline.
Result<GateConfig> ParseGateConfig(std::string_view text, const std::string& source);

}  // namespace proofline::gate
