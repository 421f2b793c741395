// Deployment operations (deploy.h).
#include "service/deploy.h"

#include <filesystem>

#include "base/crypto.h"
#include "base/files.h"
#include "evidence/artifact.h"

namespace proofline::service {
namespace {

// The target options alone, checked before the gate records anything.
Status CheckTargetOptions(const DeployInput& o) {
  if (o.target.rfind("dir:", 0) == 0 && o.target.size() > 4) {
    if (!o.bring_up.empty() || !o.switch_to.empty()) {
      return InvalidArgument("--bring-up and --switch are for --target command");
    }
    return OkStatus();
  }
  if (o.target != "command") {
    return InvalidArgument("--target must be dir:PATH or command (got '" + o.target + "')");
  }
  if (o.bring_up.empty() || o.switch_to.empty()) {
    return InvalidArgument("--target command needs --bring-up CMD and --switch CMD");
  }
  return OkStatus();
}

Status CheckOptions(const DeployInput& o) {
  if (o.strategy != "blue-green") return InvalidArgument("--strategy: only blue-green is built");
  if (!o.smoke.url.empty() && !o.smoke.command.empty()) {
    return InvalidArgument("give --smoke-url or --smoke-cmd, not both");
  }
  if (!o.validate.url.empty() && !o.validate.command.empty()) {
    return InvalidArgument("give --validate-url or --validate-cmd, not both");
  }
  return CheckTargetOptions(o);
}

// A command target's live colour is what the ledger last recorded for the environment.
Result<std::unique_ptr<deploy::DeployTarget>> MakeTarget(const DeployInput& o,
                                                         store::Store* store) {
  if (o.target != "command") return deploy::MakeDirTarget(o.target.substr(4));
  deploy::CommandTargetSpec spec;
  spec.bring_up = o.bring_up;
  spec.switch_to = o.switch_to;
  spec.env = o.gate.env;
  spec.cancel = o.cancel;
  ASSIGN_OR_RETURN(auto live, deploy::LiveReleases(store));
  if (auto it = live.find(o.gate.env); it != live.end()) spec.live = it->second.colour;
  return deploy::MakeCommandTarget(spec);
}

// The environment's deploy lock file, beside the store (deploy.h): beside the file itself, so two
// paths to one store (a symlink) share the lock.
std::string LockPath(const Workspace& ws, const std::string& env) {
  std::error_code ec;
  std::filesystem::path real = std::filesystem::canonical(ws.store_path(), ec);
  const std::string store = ec ? ws.store_path() : real.string();
  return store + ".deploy-" + ToHex(Sha256(AsBytes(env))).substr(0, 16) + ".lock";
}

// The environment's open deployment, if any, and whether its deployer still runs it. Takes the
// lock without waiting to tell (and gives it back unless `keep` receives it).
Result<std::optional<OpenDeploymentState>> OpenState(Workspace& ws, const std::string& env,
                                                     std::optional<FileLock>* keep) {
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  Result<FileLock> lock = FileLock::Acquire(LockPath(ws, env), /*wait=*/false);
  if (!lock.ok() && lock.status().code() != StatusCode::kConflict) return lock.status();
  // Read after the lock: a deployer that held it has recorded its end before letting go.
  ASSIGN_OR_RETURN(auto open, deploy::OpenDeployments(store));
  std::optional<OpenDeploymentState> out;
  if (auto it = open.find(env); it != open.end()) {
    out.emplace();
    out->deployment = it->second;
    out->running = !lock.ok();
    if (it->second.target.rfind("dir:", 0) == 0) {
      Result<std::string> colour = deploy::MakeDirTarget(it->second.target.substr(4))->LiveColour();
      if (colour.ok()) {
        out->live_colour = *colour;
      } else {
        out->live_problem = colour.status().message();
      }
    } else {
      out->live_problem = "a command target: which colour serves is not known";
    }
  }
  if (keep != nullptr && lock.ok()) keep->emplace(std::move(*lock));
  return out;
}

// Refuses to deploy into an environment whose last deployment has not ended.
Status RefuseOpen(const OpenDeploymentState& o) {
  const deploy::OpenDeployment& d = o.deployment;
  const std::string what = "deployment #" + std::to_string(d.index) + " of " + d.change + " to " +
                           d.env + " by " + d.deployer + " (started " + d.started + ")";
  if (o.running) return Conflict(what + " is still running; wait for it to end");
  return InvalidArgument(what +
                         " was interrupted before it ended; run proofline deploy "
                         "--recover --env " +
                         d.env + " first");
}

deploy::ProbeSpec WithTiming(deploy::ProbeSpec p, const DeployInput& o) {
  p.attempts = o.attempts;
  p.interval_ms = o.interval_ms;
  p.timeout_ms = o.timeout_ms;
  return p;
}

}  // namespace

Result<DeployPlan> PrepareDeploy(Workspace& ws, const Caller& caller, const DeployInput& input) {
  RETURN_IF_ERROR(RefuseOverride(input.gate.config, "deploy"));
  RETURN_IF_ERROR(CheckOptions(input));
  ASSIGN_OR_RETURN(std::optional<OpenDeploymentState> open, OpenState(ws, input.gate.env, nullptr));
  if (open) return RefuseOpen(*open);
  ASSIGN_OR_RETURN(evidence::ArtifactFingerprint artifact,
                   evidence::FingerprintArtifact(input.artifact));
  DeployPlan plan;
  GateInput gate = input.gate;
  gate.artifact_sha256 = ToHex(artifact.sha256);
  ASSIGN_OR_RETURN(plan.gate_, DecideGate(ws, caller, gate, "deploy"));
  plan.input_ = input;
  deploy::DeployRequest& r = plan.request_;
  const change::ChangeRecord& record = plan.gate_.record;
  r.change = record.id;
  r.env = input.gate.env;
  r.commit = record.target;
  r.deployer = plan.gate_.deployer.id;
  r.artifact = input.artifact;
  r.artifact_sha256 = ToHex(artifact.sha256);
  r.gate_event = plan.gate_.event;
  r.credentials = ws.Credentials();
  r.smoke = WithTiming(input.smoke, input);
  r.validate = WithTiming(input.validate, input);
  if (record.state == change::State::kApproved) {
    r.on_success.push_back(change::StateEvent(record.id, change::State::kApproved,
                                              change::State::kDeployed, r.deployer,
                                              "deployed to " + r.env));
  }
  return plan;
}

Result<deploy::DeployOutcome> RollOut(Workspace& ws, const DeployPlan& plan,
                                      const std::atomic<bool>* cancel) {
  if (!plan.allowed()) {
    return PermissionDenied("deploy refused: the gate denied it (event #" +
                            std::to_string(plan.gate_.event) + ")");
  }
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  // Held until the end is recorded; released by the kernel if this process dies first.
  std::optional<FileLock> lock;
  ASSIGN_OR_RETURN(std::optional<OpenDeploymentState> open,
                   OpenState(ws, plan.request_.env, &lock));
  if (open) return RefuseOpen(*open);
  if (!lock) {
    return Conflict("another deployment to " + plan.request_.env + " has just started (" +
                    LockPath(ws, plan.request_.env) + " is held)");
  }
  ASSIGN_OR_RETURN(std::unique_ptr<deploy::DeployTarget> target, MakeTarget(plan.input_, store));
  deploy::DeployRequest r = plan.request_;
  r.cancel = cancel;
  return deploy::BlueGreen(r, *target, *ledger);
}

Result<EnvironmentState> EnvironmentStatus(Workspace& ws, const std::string& env) {
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  EnvironmentState out;
  ASSIGN_OR_RETURN(out.live, deploy::LiveReleases(store));
  ASSIGN_OR_RETURN(auto open, deploy::OpenDeployments(store));
  for (const auto& [name, d] : open) {
    if (!env.empty() && name != env) continue;
    ASSIGN_OR_RETURN(std::optional<OpenDeploymentState> state, OpenState(ws, name, nullptr));
    if (state) out.open[name] = std::move(*state);
  }
  if (!env.empty()) std::erase_if(out.live, [&](const auto& kv) { return kv.first != env; });
  return out;
}

Result<RecoverResult> RecoverDeployment(Workspace& ws, const Caller& caller,
                                        const RecoverInput& input) {
  const std::string command = "deploy --recover";
  if (input.env.empty()) return InvalidArgument("--recover needs --env");
  // Fails closed like the gate: what was live is read from a verified ledger only.
  RETURN_IF_ERROR(ws.Verify());
  ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, command));
  std::optional<FileLock> lock;
  ASSIGN_OR_RETURN(std::optional<OpenDeploymentState> open, OpenState(ws, input.env, &lock));
  if (!open) {
    return InvalidArgument(input.env + " has no interrupted deployment: nothing to recover");
  }
  if (open->running) return RefuseOpen(*open);
  RecoverResult out;
  out.interrupted = open->deployment;
  // Who may deploy there may recover: the environment's deployer roles under the interrupted
  // change's policy (as committed at its baseline).
  ASSIGN_OR_RETURN(change::ChangeRecord record, ws.Change(out.interrupted.change));
  ASSIGN_OR_RETURN(std::shared_ptr<const ProjectPolicy> project, ws.Policy(record));
  const gate::Environment* env = project->gate.FindEnvironment(input.env);
  if (env != nullptr && !env->deployers.empty()) {
    bool allowed = false;
    for (const std::string& role : env->deployers) allowed = allowed || actor.user.HasRole(role);
    if (!allowed) {
      return ws.Deny(command, actor.user.id + " holds none of " + input.env + "'s deployer roles",
                     actor.token_id);
    }
  }
  DeployInput target_input;
  target_input.gate.env = input.env;
  target_input.target = input.target.empty() ? out.interrupted.target : input.target;
  target_input.switch_to = input.switch_to;
  target_input.bring_up = target_input.target == "command" ? "true" : "";  // never run
  if (input.target.empty() && target_input.target.rfind("dir:", 0) != 0) {
    return InvalidArgument(
        "the interrupted deployment used a command target: give --target "
        "command --switch CMD");
  }
  RETURN_IF_ERROR(CheckTargetOptions(target_input));
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  ASSIGN_OR_RETURN(auto live, deploy::LiveReleases(store));
  if (auto it = live.find(input.env); it != live.end()) out.release = it->second;
  ASSIGN_OR_RETURN(std::unique_ptr<deploy::DeployTarget> target, MakeTarget(target_input, store));
  ASSIGN_OR_RETURN(out.outcome,
                   deploy::Recover(out.interrupted, out.release, *target, actor.user.id, *ledger));
  return out;
}

Result<EnvCheckResult> CheckEnvironment(Workspace& ws, const Caller& caller, const std::string& env,
                                        const std::string& digest) {
  EnvCheckResult out;
  out.env = env;
  out.digest = digest.rfind("sha256:", 0) == 0 ? digest.substr(7) : digest;
  if (!HashFromHex(out.digest).ok()) {
    return InvalidArgument("--artifact must be sha256:HEX (64 hex)");
  }
  // Fails closed like the gate: what a deployment installed is read from a verified ledger only.
  RETURN_IF_ERROR(ws.Verify());
  ASSIGN_OR_RETURN(std::string actor, ws.ActorId(caller, "env check"));
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  ASSIGN_OR_RETURN(auto live, deploy::LiveReleases(store));
  if (auto it = live.find(env); it != live.end()) out.live = it->second;
  if (out.live && out.live->artifact_sha256 == out.digest) {
    out.ok = true;
    return out;
  }
  ledger::EventInput violation = deploy::ViolationEvent(env, out.digest, out.live, actor);
  out.violation = violation.data;
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, Record(ws, {violation}));
  out.event = appended[0].index;
  return out;
}

}  // namespace proofline::service
