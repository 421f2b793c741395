// Deploying a change and watching what runs: `proofline deploy`, `env status`, `env check`.
//
// A deployment is two steps so a front end can make the roll-out cancellable without making the
// gate so: PrepareDeploy checks the options, fingerprints the artifact and passes the gate
// (service/gate.h, recorded); RollOut runs blue-green (deploy/deployer.h) only for a plan whose
// gate allowed it. A plan comes only from PrepareDeploy, so a denied change is never deployed,
// whichever front end asks.
#pragma once

#include <atomic>
#include <map>
#include <optional>
#include <string>

#include "deploy/deployer.h"
#include "deploy/live.h"
#include "service/gate.h"

namespace proofline::service {

struct DeployInput {
  GateInput gate;
  std::string strategy = "blue-green";
  std::string artifact;             // file or directory, fingerprinted
  std::string target;               // dir:PATH (release directories) or command
  std::string bring_up, switch_to;  // command target
  deploy::ProbeSpec smoke, validate;
  int attempts = 5, interval_ms = 1000, timeout_ms = 2000;  // per probe
  // Stops a running bring-up command (the command target); RollOut takes its own.
  const std::atomic<bool>* cancel = nullptr;
};

class DeployPlan {
 public:
  const GateOutcome& gate() const { return gate_; }
  bool allowed() const { return gate_.decision.allow; }
  const std::string& artifact_sha256() const { return request_.artifact_sha256; }

 private:
  friend Result<DeployPlan> PrepareDeploy(Workspace&, const Caller&, const DeployInput&);
  friend Result<deploy::DeployOutcome> RollOut(Workspace&, const DeployPlan&,
                                               const std::atomic<bool>*);
  DeployPlan() = default;
  GateOutcome gate_;
  deploy::DeployRequest request_;
  DeployInput input_;
};

// Checks the strategy, probes and target options (InvalidArgument, nothing recorded), then
// fingerprints the artifact, then decides the gate as the caller (recorded). The plan says
// whether the gate allowed it.
Result<DeployPlan> PrepareDeploy(Workspace& ws, const Caller& caller, const DeployInput& input);

// Deploys an allowed plan blue-green with automatic rollback; records deployment.* (and the move
// to deployed for an approved change). PermissionDenied for a plan the gate denied. `cancel`
// stops the running step; after the switch, traffic goes back.
Result<deploy::DeployOutcome> RollOut(Workspace& ws, const DeployPlan& plan,
                                      const std::atomic<bool>* cancel);

// The live release of each environment (or only `env`), from the ledger.
Result<std::map<std::string, deploy::LiveRelease>> EnvironmentStatus(Workspace& ws,
                                                                     const std::string& env);

struct EnvCheckResult {
  std::string env, digest;  // digest: hex
  bool ok = false;          // what runs is what the last deployment installed
  std::optional<deploy::LiveRelease> live;
  Json violation;      // the env.violation data, when not ok
  uint64_t event = 0;  // the env.violation event, when not ok
};

// Is `digest` (sha256:HEX or HEX) what an approved deployment installed in `env`? The ledger is
// verified first (Corruption when it fails: no answer rests on a rewritten history), and only
// deployment.succeeded events the deploy operation wrote count (ledger/event.h authority). When
// not, the "direct production change" violation is recorded (env.violation) as the caller.
Result<EnvCheckResult> CheckEnvironment(Workspace& ws, const Caller& caller, const std::string& env,
                                        const std::string& digest);

}  // namespace proofline::service
