// `proofline deploy`: the gate first (a denied change is never deployed), then blue-green with
// automatic rollback (deploy/deployer.h); `proofline env status|check`: what is live where, and
// the "direct production change" control (a running artifact no approved deployment put there).
#include <cstdio>

#include "base/crypto.h"
#include "cli/gate_run.h"
#include "cli/interrupt.h"
#include "deploy/deployer.h"
#include "deploy/live.h"
#include "evidence/artifact.h"
#include "ledger/event.h"

namespace proofline::cli {
namespace {

struct DeployOptions {
  GateOptions gate;
  std::string strategy = "blue-green", target, artifact, bring_up, switch_to;
  deploy::ProbeSpec smoke, validate;
  int attempts = 5, interval_ms = 1000, timeout_ms = 2000;
};

// The target options alone, checked before the gate records anything.
Status CheckTargetOptions(const DeployOptions& o) {
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

// A command target's live colour is what the ledger last recorded for the environment.
Result<std::unique_ptr<deploy::DeployTarget>> MakeTarget(const DeployOptions& o,
                                                         store::Store* store) {
  if (o.target != "command") return deploy::MakeDirTarget(o.target.substr(4));
  deploy::CommandTargetSpec spec;
  spec.bring_up = o.bring_up;
  spec.switch_to = o.switch_to;
  spec.env = o.gate.env;
  spec.cancel = &Interrupted();
  ASSIGN_OR_RETURN(auto live, deploy::LiveReleases(store));
  if (auto it = live.find(o.gate.env); it != live.end()) spec.live = it->second.colour;
  return deploy::MakeCommandTarget(spec);
}

deploy::ProbeSpec WithTiming(deploy::ProbeSpec p, const DeployOptions& o) {
  p.attempts = o.attempts;
  p.interval_ms = o.interval_ms;
  p.timeout_ms = o.timeout_ms;
  return p;
}

Result<int> RunDeploy(const Context& ctx, const DeployOptions& o) {
  if (o.strategy != "blue-green") return InvalidArgument("--strategy: only blue-green is built");
  if (!o.smoke.url.empty() && !o.smoke.command.empty()) {
    return InvalidArgument("give --smoke-url or --smoke-cmd, not both");
  }
  if (!o.validate.url.empty() && !o.validate.command.empty()) {
    return InvalidArgument("give --validate-url or --validate-cmd, not both");
  }
  RETURN_IF_ERROR(CheckTargetOptions(o));
  ASSIGN_OR_RETURN(evidence::ArtifactFingerprint artifact,
                   evidence::FingerprintArtifact(o.artifact));
  ASSIGN_OR_RETURN(std::unique_ptr<GateRun> gate, RunGateDecision(ctx, o.gate, "deploy"));
  if (!gate->decision.allow) {
    ctx.Print(GateText(*gate), {{"gate", GateJson(*gate)}, {"deployment", nullptr}});
    std::fprintf(stderr, "proofline: deploy refused: the gate denied it (event #%llu)\n",
                 static_cast<unsigned long long>(gate->event));
    return kExitFailed;
  }
  ASSIGN_OR_RETURN(std::unique_ptr<deploy::DeployTarget> target,
                   MakeTarget(o, gate->open.store.get()));
  deploy::DeployRequest r;
  r.change = gate->record.id;
  r.env = o.gate.env;
  r.commit = gate->record.target;
  r.deployer = gate->actor.user.id;
  r.artifact = o.artifact;
  r.artifact_sha256 = ToHex(artifact.sha256);
  r.gate_event = gate->event;
  r.smoke = WithTiming(o.smoke, o);
  r.validate = WithTiming(o.validate, o);
  if (gate->record.state == change::State::kApproved) {
    r.on_success.push_back(change::StateEvent(gate->record.id, change::State::kApproved,
                                              change::State::kDeployed, r.deployer,
                                              "deployed to " + r.env));
  }
  // Ctrl-C from here on stops the step that is running; after the switch, traffic goes back.
  InterruptScope interrupts;
  r.cancel = &Interrupted();
  ASSIGN_OR_RETURN(deploy::DeployOutcome out, deploy::BlueGreen(r, *target, *gate->open.ledger));
  std::string text = GateText(*gate) + "\n";
  for (const std::string& step : out.steps) text += "  " + step + "\n";
  text += out.succeeded ? "deployed " + r.change + " to " + r.env + " (" + out.to +
                              ", sha256:" + r.artifact_sha256.substr(0, 12) + ") in " +
                              std::to_string(out.duration_ms) + " ms"
          : out.rolled_back
              ? "ROLLED BACK: " + out.failed_stage + " failed (" + out.reason + "); " + out.from +
                    " restored in " + std::to_string(out.time_to_restore_ms) + " ms"
              : "FAILED at " + out.failed_stage + ": " + out.reason +
                    (out.from.empty() ? "" : "; " + out.from + " still live");
  Json j = {{"change", r.change},
            {"env", r.env},
            {"succeeded", out.succeeded},
            {"rolled_back", out.rolled_back},
            {"from", out.from},
            {"to", out.to},
            {"steps", out.steps},
            {"duration_ms", out.duration_ms},
            {"artifact", r.artifact_sha256}};
  if (!out.succeeded) j["failed_stage"] = out.failed_stage;
  if (out.rolled_back) j["time_to_restore_ms"] = out.time_to_restore_ms;
  if (out.cancelled) j["cancelled"] = true;
  ctx.Print(text, {{"gate", GateJson(*gate)}, {"deployment", j}});
  if (out.cancelled) return kExitCancelled;
  return out.succeeded ? kExitOk : kExitFailed;
}

Result<int> RunStatus(const Context& ctx, const std::string& env) {
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  ASSIGN_OR_RETURN(auto live, deploy::LiveReleases(open.store.get()));
  Json list = Json::array();
  std::string text;
  for (const auto& [name, r] : live) {
    if (!env.empty() && name != env) continue;
    list.push_back({{"env", name},
                    {"change", r.change},
                    {"commit", r.commit},
                    {"colour", r.colour},
                    {"artifact", "sha256:" + r.artifact_sha256},
                    {"deployer", r.deployer},
                    {"since", r.since},
                    {"event", r.index}});
    text += name + ": " + r.change + " at " + r.commit.substr(0, 12) + " (" + r.colour +
            ", sha256:" + r.artifact_sha256.substr(0, 12) + ") since " + r.since + " by " +
            r.deployer + "\n";
  }
  if (text.empty())
    text = (env.empty() ? "nothing" : env + ": nothing") + std::string(" deployed\n");
  text.pop_back();
  ctx.Print(text, {{"environments", list}});
  return kExitOk;
}

// A running artifact that no deployment through the gate put in `env` is a violation.
Result<int> RunCheck(const Context& ctx, const std::string& env, std::string digest) {
  if (digest.rfind("sha256:", 0) == 0) digest = digest.substr(7);
  if (!HashFromHex(digest).ok()) return InvalidArgument("--artifact must be sha256:HEX (64 hex)");
  ASSIGN_OR_RETURN(std::string actor, ctx.ActorId("env check"));
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  ASSIGN_OR_RETURN(auto live, deploy::LiveReleases(open.store.get()));
  auto it = live.find(env);
  if (it != live.end() && it->second.artifact_sha256 == digest) {
    ctx.Print(env + ": sha256:" + digest.substr(0, 12) + " is what " + it->second.change +
                  " deployed (event #" + std::to_string(it->second.index) + ")",
              {{"env", env}, {"ok", true}, {"change", it->second.change}});
    return kExitOk;
  }
  std::string expected = it == live.end() ? "nothing was deployed there"
                                          : "the last deployment (" + it->second.change +
                                                ") installed sha256:" + it->second.artifact_sha256;
  Json data = {{"env", env},
               {"artifact", "sha256:" + digest},
               {"control", "direct-production-change"},
               {"reason", "running artifact was not deployed through the gate; " + expected}};
  ASSIGN_OR_RETURN(auto appended, open.ledger->Append({{"env.violation", env, actor, data}}));
  ctx.Print("VIOLATION in " + env + ": sha256:" + digest.substr(0, 12) +
                " is running but no approved deployment put it there (" + expected +
                "); recorded as event #" + std::to_string(appended[0].index),
            {{"env", env}, {"ok", false}, {"event", appended[0].index}, {"violation", data}});
  return kExitFailed;
}

}  // namespace

void AddDeployCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<DeployOptions>();
  CLI::App* d = app.add_subcommand(
      "deploy", "Pass the gate, then deploy blue-green with smoke checks and automatic rollback");
  d->add_option("--change", o->gate.change, "Change id")->required();
  d->add_option("--env", o->gate.env, "Environment")->required();
  d->add_option("--artifact", o->artifact, "File or directory to deploy (fingerprinted)")
      ->required();
  d->add_option("--target", o->target, "dir:PATH (release directories) or command")->required();
  d->add_option("--strategy", o->strategy, "blue-green")->capture_default_str();
  d->add_option("--bring-up", o->bring_up,
                "command target: installs {artifact} as {colour} (also $PROOFLINE_COLOUR...)");
  d->add_option("--switch", o->switch_to, "command target: routes traffic to {colour}");
  d->add_option("--smoke-url", o->smoke.url, "Probe the idle colour before the switch (GET)");
  d->add_option("--smoke-cmd", o->smoke.command, "... or a command ({colour}, {release})");
  d->add_option("--validate-url", o->validate.url, "Post-deploy validation after the switch");
  d->add_option("--validate-cmd", o->validate.command, "... or a command");
  d->add_option("--probe-attempts", o->attempts, "Attempts per probe")->capture_default_str();
  d->add_option("--probe-interval-ms", o->interval_ms, "Between attempts")->capture_default_str();
  d->add_option("--probe-timeout-ms", o->timeout_ms, "Per attempt")->capture_default_str();
  d->add_flag("--break-glass", o->gate.break_glass, "As for proofline gate");
  d->add_option("--reason", o->gate.reason, "--break-glass: why");
  d->add_option("--config", o->gate.config, "proofline.yaml (default: at the change's baseline)");
  d->footer(
      "Exit 0 deployed, 1 denied by the gate or failed (rolled back), 2 bad input, 3 store, 130 "
      "cancelled (Ctrl-C: the running step is stopped; after the switch, traffic goes back).");
  d->callback([&ctx, o] { ctx.action = [&ctx, o] { return RunDeploy(ctx, *o); }; });

  CLI::App* env = app.add_subcommand("env", "What is live in each environment");
  env->require_subcommand(1);
  auto status_env = std::make_shared<std::string>();
  CLI::App* s = env->add_subcommand("status", "The live release of each environment");
  s->add_option("--env", *status_env, "Only this environment");
  s->callback([&ctx, status_env] {
    ctx.action = [&ctx, status_env] { return RunStatus(ctx, *status_env); };
  });
  auto check = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* c = env->add_subcommand(
      "check",
      "Is the running artifact what an approved deployment installed? (exit 1: violation)");
  c->add_option("--env", check->first, "Environment")->required();
  c->add_option("--artifact", check->second, "Digest of what runs there, sha256:HEX")->required();
  c->callback([&ctx, check] {
    ctx.action = [&ctx, check] { return RunCheck(ctx, check->first, check->second); };
  });
}

}  // namespace proofline::cli
