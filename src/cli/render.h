// How the CLI prints what the shared operations return, for the commands that show the same
// outcome (the gate inside deploy and run; an automated approval inside run).
#pragma once

#include <string>

#include "base/json.h"
#include "service/approvals.h"
#include "service/attest.h"
#include "service/gate.h"

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

}  // namespace proofline::cli
