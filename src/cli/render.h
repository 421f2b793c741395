// How the CLI prints what the shared operations return, for the commands that show the same
// outcome (the gate inside deploy and run; an automated approval inside run).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>

#include "base/json.h"
#include "ledger/witness.h"
#include "service/approvals.h"
#include "service/attest.h"
#include "service/gate.h"
#include "service/witness.h"

namespace proofline::cli {

// The gate's decision as `proofline gate` prints it, and as `--json` does.
std::string GateText(const service::GateOutcome& gate);
Json GateJson(const service::GateOutcome& gate);
// The loud line on stderr when the glass was broken (nothing otherwise).
void AnnounceBreakGlass(const service::GateOutcome& gate);

// What `attest` prints: one line per file, or the JSON of the recorded events.
std::string AttestText(const service::AttestResult& r);
Json AttestJson(const service::AttestResult& r);

// An automated approval: one line (and the failing checks), and its checks as JSON.
std::string AutomatedText(const service::AutomatedResult& a);
Json AutomatedChecksJson(const service::AutomatedResult& a);

// The witness requirement `log verify` and `verify-bundle` take (--witness-key, --witness-quorum),
// its JSON member "witnesses" (and "problem" when it failed), and the clause the summary line
// gains when it passed ("" otherwise). In witness_commands.cc.
void AddWitnessOptions(CLI::App* cmd, service::WitnessRequirement* req);
void AddWitnessJson(Json* j, const std::optional<ledger::WitnessReport>& w);
std::string WitnessText(const std::optional<ledger::WitnessReport>& w, uint64_t events);

}  // namespace proofline::cli
