// `proofline gate --change ID --env ENV [--break-glass --reason TEXT]`: may the token's user
// deploy this change there now? Prints every check, exits 0 allow, 1 deny. The operation (verify
// the store, decide, record) is service/gate.h; a store that is missing, unreadable or fails
// verification is a deny with exit 3, never an allow.
#include <algorithm>
#include <cstdio>

#include "cli/context.h"
#include "cli/render.h"
#include "service/gate.h"

namespace proofline::cli {
namespace {

Result<int> Decide(const Context& ctx, const service::GateInput& input) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::GateOutcome gate, service::DecideGate(ws, ctx.Caller(), input, "gate"));
  AnnounceBreakGlass(gate);
  ctx.Print(GateText(gate), GateJson(gate));
  return gate.decision.allow ? kExitOk : kExitFailed;
}

// Whatever stops the decision (bad input, no token, an unreadable store) is a deny too.
Result<int> RunGate(const Context& ctx, const service::GateInput& input) {
  Result<int> code = Decide(ctx, input);
  if (code.ok()) return code;
  return Status(code.status().code(), "deny: " + code.status().message());
}

}  // namespace

std::string GateText(const service::GateOutcome& g) {
  const gate::GateDecision& d = g.decision;
  std::string out = "gate " + g.record.id + " -> " + g.env + ": " +
                    (d.allow ? (d.break_glass ? "ALLOW (BREAK-GLASS)" : "ALLOW") : "DENY") +
                    " (deployer " + g.deployer.id + ", target " + g.record.target.substr(0, 12) +
                    ")\n";
  for (const gate::GateCheck& c : d.checks) {
    std::string first = c.reasons.empty() ? "" : ": " + c.reasons.front();
    bool overridden =
        std::find(d.overridden.begin(), d.overridden.end(), c.name) != d.overridden.end();
    out += std::string("  ") +
           (c.passed     ? "pass "
            : overridden ? "OVERRIDDEN "
                         : "FAIL ") +
           c.name + first + "\n";
    for (size_t i = 1; i < c.reasons.size(); ++i) out += "        " + c.reasons[i] + "\n";
  }
  return out + "recorded as event #" + std::to_string(g.event);
}

Json GateJson(const service::GateOutcome& g) {
  const gate::GateDecision& d = g.decision;
  Json j = {{"change", g.record.id},
            {"env", g.env},
            {"target", g.record.target},
            {"deployer", g.deployer.id},
            {"decision", d.allow ? "allow" : "deny"},
            {"checks", d.ChecksJson()},
            {"event", g.event}};
  if (d.break_glass) {
    j["break_glass"] = {{"reason", g.break_glass_reason},
                        {"overridden", d.overridden},
                        {"retro_approval_due", d.retro_approval_due}};
  }
  return j;
}

void AnnounceBreakGlass(const service::GateOutcome& g) {
  if (!g.decision.break_glass) return;
  std::fprintf(stderr,
               "proofline: BREAK-GLASS by %s on %s in %s: %s; retroactive approval due by %s "
               "(recorded as event #%llu)\n",
               g.deployer.id.c_str(), g.record.id.c_str(), g.env.c_str(),
               g.break_glass_reason.c_str(), g.decision.retro_approval_due.c_str(),
               static_cast<unsigned long long>(g.break_glass_event));
}

void AddGateCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<service::GateInput>();
  CLI::App* g = app.add_subcommand(
      "gate", "May the token's user deploy a change to an environment now? Allow or deny");
  g->add_option("--change", o->change, "Change id")->required();
  g->add_option("--env", o->env, "Environment, e.g. production")->required();
  g->add_flag("--break-glass", o->break_glass,
              "Emergency: allow despite failing checks (emergency roles only; recorded loudly; "
              "the change must then be approved within the environment's deadline)");
  g->add_option("--reason", o->reason, "--break-glass: why");
  g->add_option("--artifact", o->artifact,
                "The build to be deployed (file or directory): its digest must be attested for "
                "the change's target (deploy always checks this)");
  g->add_option(
      "--config", o->config,
      "Refused: a decision is held to proofline.yaml as committed at the change's baseline");
  g->footer(
      "Checks: state, environment, approvals, separation-of-duties, ticket, deployer-group,\n"
      "evidence, controls, freeze (proofline.yaml environments: and gate:), and artifact with\n"
      "--artifact.\n"
      "Exit 0 allow, 1 deny, 2 bad input, 3 store missing, unreadable or failing verification "
      "(deny).");
  g->callback([&ctx, o] { ctx.action = [&ctx, o] { return RunGate(ctx, *o); }; });
}

}  // namespace proofline::cli
