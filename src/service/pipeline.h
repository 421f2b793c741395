// Running a pipeline (`proofline run`): the pipeline is read and checked first (every problem,
// nothing runs), what its steps need is checked (a change for gate and approval steps, and that
// the change exists) before the first job, then the runner (pipeline/runner.h) runs it with the
// service's steps:
//   gate: ENV        service::DecideGate as the caller (the same gate as `proofline gate`)
//   approval:        waits, polling, until the change is approved; a change routed automated
//                    whose checks pass is approved by the step (service::ApproveAutomated)
//   evidence: globs  each script job's files attested to the change with the run id
// The steps share one workspace (one store connection, the change's policy read once), taken in
// turn; the runner records its jobs through a second connection of its own.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/runner.h"
#include "service/approvals.h"
#include "service/attest.h"
#include "service/gate.h"

namespace proofline::service {

struct PipelineInput {
  std::string file;  // the pipeline YAML
  std::string change, branch = "main";
  std::vector<std::string> vars;  // K=V, overriding the pipeline's variables
  unsigned parallel = 2;
  int approval_poll_ms = 5000;
  const std::atomic<bool>* cancel = nullptr;
};

// A job's evidence entry after the job: attested, skipped (no file matched, no change to attach
// it to) or failed (the attest error).
struct EvidenceStep {
  std::string job, path;
  std::optional<AttestResult> attested;
  std::string skipped, error;
};

// What happened in a step, for the front end to show as the run goes (each may be empty).
struct PipelineObserver {
  std::function<void(const std::string&)> progress;  // the runner's lines
  std::function<void(const GateOutcome&)> gate;      // a gate step decided
  std::function<void(const AutomatedResult&)> automated;
  std::function<void(const EvidenceStep&)> evidence;
};

struct PipelineRun {
  std::string run_id;
  pipeline::RunReport report;
};

// InvalidArgument (nothing runs, nothing recorded) for an invalid pipeline, a bad --var, or a
// gate/approval step without a change; NotFound for an unknown change.
Result<PipelineRun> RunPipeline(Workspace& ws, const Caller& caller, const PipelineInput& input,
                                const PipelineObserver& observer);

}  // namespace proofline::service
