// Deploying a change and watching what runs: `proofline deploy`, `env status`, `env check`.
//
// A deployment is two steps so a front end can make the roll-out cancellable without making the
// gate so: PrepareDeploy checks the options, fingerprints the artifact and passes the gate
// (service/gate.h, recorded); RollOut runs blue-green (deploy/deployer.h) only for a plan whose
// gate allowed it. A plan comes only from PrepareDeploy, so a denied change is never deployed,
// whichever front end asks.
//
// One deployment per environment at a time: RollOut holds the environment's deploy lock (an
// flock on `<store>.deploy-<hash of env>.lock` beside the store) from before deployment.started
// until its end is recorded. The kernel drops it when the deployer dies, so an open deployment
// (deploy/live.h) whose lock is free was interrupted: `env status` says so, `deploy` refuses the
// environment until `deploy --recover --env ENV` has ended it (RecoverDeployment).
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

// An open deployment and what is known of it now.
struct OpenDeploymentState {
  deploy::OpenDeployment deployment;
  bool running = false;      // its deployer still holds the lock; else it was interrupted
  std::string live_colour;   // read from a dir: target now ("" nothing live)
  std::string live_problem;  // why the target could not be read ("" when it was)
};

struct EnvironmentState {
  std::map<std::string, deploy::LiveRelease> live;  // the last validated release
  std::map<std::string, OpenDeploymentState> open;  // deployments without an end
};

// The live release and any open deployment of each environment (or only `env`), from the ledger
// and, for an open deployment to a dir: target, the target itself.
Result<EnvironmentState> EnvironmentStatus(Workspace& ws, const std::string& env);

struct RecoverInput {
  std::string env;
  std::string target;     // dir:PATH or command; empty: the interrupted deployment's dir: target
  std::string switch_to;  // command target: routes traffic to {colour}
};

struct RecoverResult {
  deploy::OpenDeployment interrupted;
  std::optional<deploy::LiveRelease> release;  // the release restored, if any was validated
  deploy::RecoverOutcome outcome;
};

// `deploy --recover --env ENV`: ends `env`'s interrupted deployment (deploy::Recover) as the
// caller, who must hold one of the environment's deployer roles under the interrupted change's
// policy. Fails closed on a ledger that does not verify (Corruption); Conflict while a deployer
// still runs it; InvalidArgument when the environment has no open deployment or the target
// cannot be known; PermissionDenied for a caller who may not deploy there.
Result<RecoverResult> RecoverDeployment(Workspace& ws, const Caller& caller,
                                        const RecoverInput& input);

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
