// Blue-green deployment with automatic rollback, recorded step by step in the ledger:
//   1. deployment.started   {env, strategy, target, from, to, commit, artifact, gate_event}
//      before anything is touched, so even a crash mid-way leaves a trace;
//   2. bring up the idle colour with the artifact; 3. smoke-check it (probe with retries);
//   4. switch traffic to it atomically; 5. post-deploy validation;
//   6. deployment.succeeded {env, colour, previous, commit, artifact, duration_ms}, or
//      deployment.failed {env, stage, reason, colour, commit, artifact} and, when traffic had
//      moved, the switch back and deployment.rolled_back {env, restored, time_to_restore_ms}.
// A failure before the switch leaves the live colour serving: nothing to roll back.
// Cancellation (`cancel` set, e.g. by Ctrl-C) is a failure of the step it interrupts, with
// reason "cancelled": before the switch nothing changes for users; during validation traffic is
// switched back. The switch itself is never interrupted.
// (Subject of every event: the change id; actor: the deployer.)
//
// A deployer that dies mid-way (kill -9, a lost host) leaves a deployment.started with no end
// (live.h OpenDeployments). Recover ends it: traffic goes back to the last validated release's
// colour, and deployment.failed {stage: "interrupted", reason, colour, interrupted_event} is
// recorded (with deployment.rolled_back {restored, failed_colour, time_to_restore_ms} when a
// release was restored), actor the one who recovers.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "deploy/live.h"
#include "deploy/probe.h"
#include "deploy/target.h"
#include "ledger/ledger.h"

namespace proofline::deploy {

struct DeployRequest {
  std::string change, env, commit, deployer;
  std::string artifact;               // path of the file or directory deployed
  std::string artifact_sha256;        // its fingerprint (evidence/artifact.h), hex
  uint64_t gate_event = 0;            // the gate.decided event that allowed it
  Json credentials = Json::object();  // {token_id, directory}: recorded in deployment.started
  ProbeSpec smoke, validate;          // placeholders: {colour} {release} {env}
  std::vector<ledger::EventInput> on_success;  // appended with deployment.succeeded
  const std::atomic<bool>* cancel = nullptr;   // stop at the next step boundary or probe
};

struct DeployOutcome {
  bool succeeded = false;
  bool rolled_back = false;
  bool cancelled = false;
  std::string from, to;      // colours
  std::string failed_stage;  // bring-up | smoke | switch | validate
  std::string reason;
  int64_t duration_ms = 0;
  int64_t time_to_restore_ms = 0;
  std::vector<std::string> steps;  // one line per step, for the terminal
};

// Runs the deployment. Errors only when the ledger cannot record (a failed step is an outcome).
Result<DeployOutcome> BlueGreen(const DeployRequest& request, DeployTarget& target,
                                ledger::Ledger& ledger);

struct RecoverOutcome {
  std::string restored;            // the colour traffic went back to; "" when nothing was live
  std::string live_before;         // what the target said was live before recovering
  int64_t time_to_restore_ms = 0;  // from the interrupted deployment's start
  std::vector<std::string> steps;
};

// Ends `open` (an interrupted deployment, whose deployer is gone: the caller holds the
// environment's deploy lock): switches `target` back to `last` (the environment's last
// validated release) and records the end as `actor`. Corruption, with nothing switched or
// recorded, when the interrupted deployment was installing into `last`'s own slot (its release
// is gone: deploy a release again instead); Io when the switch fails (nothing recorded).
Result<RecoverOutcome> Recover(const OpenDeployment& open, const std::optional<LiveRelease>& last,
                               DeployTarget& target, const std::string& actor,
                               ledger::Ledger& ledger);

}  // namespace proofline::deploy
