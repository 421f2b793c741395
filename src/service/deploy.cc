// Deployment operations (deploy.h).
#include "service/deploy.h"

#include "base/crypto.h"
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
  ASSIGN_OR_RETURN(std::unique_ptr<deploy::DeployTarget> target, MakeTarget(plan.input_, store));
  deploy::DeployRequest r = plan.request_;
  r.cancel = cancel;
  return deploy::BlueGreen(r, *target, *ledger);
}

Result<std::map<std::string, deploy::LiveRelease>> EnvironmentStatus(Workspace& ws,
                                                                     const std::string& env) {
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  ASSIGN_OR_RETURN(auto live, deploy::LiveReleases(store));
  if (!env.empty()) std::erase_if(live, [&](const auto& kv) { return kv.first != env; });
  return live;
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
