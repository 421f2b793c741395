// `proofline deploy`: the gate first (a denied change is never deployed), then blue-green with
// automatic rollback; `proofline env status|check`: what is live where, and the "direct
// production change" control (a running artifact no approved deployment put there). Parsing and
// printing only: the operations are service/deploy.h.
#include <cstdio>

#include "cli/context.h"
#include "cli/interrupt.h"
#include "cli/render.h"
#include "service/deploy.h"

namespace proofline::cli {
namespace {

std::string OutcomeText(const service::DeployPlan& plan, const deploy::DeployOutcome& out) {
  const service::GateOutcome& g = plan.gate();
  std::string text = GateText(g) + "\n";
  for (const std::string& step : out.steps) text += "  " + step + "\n";
  text += out.succeeded ? "deployed " + g.record.id + " to " + g.env + " (" + out.to +
                              ", sha256:" + plan.artifact_sha256().substr(0, 12) + ") in " +
                              std::to_string(out.duration_ms) + " ms"
          : out.rolled_back
              ? "ROLLED BACK: " + out.failed_stage + " failed (" + out.reason + "); " + out.from +
                    " restored in " + std::to_string(out.time_to_restore_ms) + " ms"
              : "FAILED at " + out.failed_stage + ": " + out.reason +
                    (out.from.empty() ? "" : "; " + out.from + " still live");
  return text;
}

Json OutcomeJson(const service::DeployPlan& plan, const deploy::DeployOutcome& out) {
  const service::GateOutcome& g = plan.gate();
  Json j = {{"change", g.record.id},
            {"env", g.env},
            {"succeeded", out.succeeded},
            {"rolled_back", out.rolled_back},
            {"from", out.from},
            {"to", out.to},
            {"steps", out.steps},
            {"duration_ms", out.duration_ms},
            {"artifact", plan.artifact_sha256()}};
  if (!out.succeeded) j["failed_stage"] = out.failed_stage;
  if (out.rolled_back) j["time_to_restore_ms"] = out.time_to_restore_ms;
  if (out.cancelled) j["cancelled"] = true;
  return j;
}

struct DeployOptions {
  service::DeployInput input;
  bool recover = false;
};

Result<int> RunRecover(const Context& ctx, const service::DeployInput& o) {
  if (!o.gate.change.empty() || !o.artifact.empty()) {
    return InvalidArgument(
        "--recover takes --env (and --target/--switch), not --change or "
        "--artifact: it restores the last validated release");
  }
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(
      service::RecoverResult r,
      service::RecoverDeployment(ws, ctx.Caller(), {o.gate.env, o.target, o.switch_to}));
  std::string text;
  for (const std::string& step : r.outcome.steps) text += "  " + step + "\n";
  text += r.release
              ? "RECOVERED " + o.gate.env + ": " + r.release->change + " (" + r.release->colour +
                    ", sha256:" + r.release->artifact_sha256.substr(0, 12) +
                    ") serves again; deployment #" + std::to_string(r.interrupted.index) +
                    " recorded as interrupted"
              : "RECOVERED " + o.gate.env +
                    ": nothing was validated there before; "
                    "deployment #" +
                    std::to_string(r.interrupted.index) + " recorded as interrupted";
  Json j = {{"env", o.gate.env},
            {"interrupted_event", r.interrupted.index},
            {"interrupted_change", r.interrupted.change},
            {"restored", r.outcome.restored},
            {"live_before", r.outcome.live_before},
            {"time_to_restore_ms", r.outcome.time_to_restore_ms},
            {"steps", r.outcome.steps}};
  if (r.release) j["release"] = {{"change", r.release->change}, {"event", r.release->index}};
  ctx.Print(text, j);
  return kExitOk;
}

Result<int> RunDeploy(const Context& ctx, const DeployOptions& options) {
  if (options.recover) return RunRecover(ctx, options.input);
  service::DeployInput o = options.input;
  for (const auto& [value, flag] : {std::pair{&o.gate.change, "--change"},
                                    {&o.artifact, "--artifact"},
                                    {&o.target, "--target"}}) {
    if (value->empty()) return InvalidArgument(std::string(flag) + " is required");
  }
  service::Workspace ws(ctx.Paths());
  o.cancel = &Interrupted();
  ASSIGN_OR_RETURN(service::DeployPlan plan, service::PrepareDeploy(ws, ctx.Caller(), o));
  AnnounceBreakGlass(plan.gate());
  if (!plan.allowed()) {
    ctx.Print(GateText(plan.gate()), {{"gate", GateJson(plan.gate())}, {"deployment", nullptr}});
    std::fprintf(stderr, "proofline: deploy refused: the gate denied it (event #%llu)\n",
                 static_cast<unsigned long long>(plan.gate().event));
    return kExitFailed;
  }
  // Ctrl-C from here on stops the step that is running; after the switch, traffic goes back.
  InterruptScope interrupts;
  ASSIGN_OR_RETURN(deploy::DeployOutcome out, service::RollOut(ws, plan, &Interrupted()));
  ctx.Print(OutcomeText(plan, out),
            {{"gate", GateJson(plan.gate())}, {"deployment", OutcomeJson(plan, out)}});
  if (out.cancelled) return kExitCancelled;
  return out.succeeded ? kExitOk : kExitFailed;
}

std::string OpenText(const service::OpenDeploymentState& o) {
  const deploy::OpenDeployment& d = o.deployment;
  std::string text =
      d.env + ": " + (o.running ? "DEPLOYING" : "INTERRUPTED") + " #" + std::to_string(d.index) +
      " " + d.change + " (" + (d.from.empty() ? "nothing" : d.from) + " -> " + d.to + ") started " +
      d.started + " by " + d.deployer + "; " +
      (o.live_problem.empty()
           ? d.target + " now serves " + (o.live_colour.empty() ? "nothing" : o.live_colour)
           : "live colour unknown (" + o.live_problem + ")");
  if (!o.running) text += "; run proofline deploy --recover --env " + d.env;
  return text + "\n";
}

Result<int> RunStatus(const Context& ctx, const std::string& env) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::EnvironmentState state, service::EnvironmentStatus(ws, env));
  Json list = Json::array();
  std::string text;
  Json open = Json::array();
  for (const auto& [name, o] : state.open) {
    text += OpenText(o);
    open.push_back({{"env", name},
                    {"state", o.running ? "deploying" : "interrupted"},
                    {"event", o.deployment.index},
                    {"change", o.deployment.change},
                    {"from", o.deployment.from},
                    {"to", o.deployment.to},
                    {"started", o.deployment.started},
                    {"deployer", o.deployment.deployer},
                    {"target", o.deployment.target},
                    {"live_colour", o.live_problem.empty() ? Json(o.live_colour) : Json(nullptr)}});
  }
  for (const auto& [name, r] : state.live) {
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
  ctx.Print(text, {{"environments", list}, {"open", open}});
  return kExitOk;
}

// A running artifact that no deployment through the gate put in `env` is a violation.
Result<int> RunCheck(const Context& ctx, const std::string& env, const std::string& digest) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::EnvCheckResult r,
                   service::CheckEnvironment(ws, ctx.Caller(), env, digest));
  if (r.ok) {
    ctx.Print(env + ": sha256:" + r.digest.substr(0, 12) + " is what " + r.live->change +
                  " deployed (event #" + std::to_string(r.live->index) + ")",
              {{"env", env}, {"ok", true}, {"change", r.live->change}});
    return kExitOk;
  }
  std::string expected = !r.live ? "nothing was deployed there"
                                 : "the last deployment (" + r.live->change +
                                       ") installed sha256:" + r.live->artifact_sha256;
  ctx.Print("VIOLATION in " + env + ": sha256:" + r.digest.substr(0, 12) +
                " is running but no approved deployment put it there (" + expected +
                "); recorded as event #" + std::to_string(r.event),
            {{"env", env}, {"ok", false}, {"event", r.event}, {"violation", r.violation}});
  return kExitFailed;
}

}  // namespace

void AddDeployCommands(CLI::App& app, Context& ctx) {
  auto options = std::make_shared<DeployOptions>();
  service::DeployInput* o = &options->input;
  CLI::App* d = app.add_subcommand(
      "deploy", "Pass the gate, then deploy blue-green with smoke checks and automatic rollback");
  d->add_option("--change", o->gate.change, "Change id (required unless --recover)");
  d->add_option("--env", o->gate.env, "Environment")->required();
  d->add_option("--artifact", o->artifact,
                "File or directory to deploy, fingerprinted (required unless --recover)");
  d->add_option("--target", o->target,
                "dir:PATH (release directories) or command (required unless --recover, which "
                "defaults to the interrupted deployment's dir: target)");
  d->add_flag("--recover", options->recover,
              "End the environment's interrupted deployment (its deployer died mid-way): "
              "traffic back to the last validated release, recorded");
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
  d->add_option(
      "--config", o->gate.config,
      "Refused: a decision is held to proofline.yaml as committed at the change's baseline");
  d->footer(
      "Exit 0 deployed, 1 denied by the gate or failed (rolled back), 2 bad input or an "
      "interrupted deployment to recover first, 3 store or a deployment still running there, "
      "130 cancelled (Ctrl-C: the running step is stopped; after the switch, traffic goes "
      "back).");
  d->callback(
      [&ctx, options] { ctx.action = [&ctx, options] { return RunDeploy(ctx, *options); }; });

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
