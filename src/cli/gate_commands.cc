// `proofline gate --change ID --env ENV [--break-glass --reason TEXT]`: may the token's user
// deploy this change there now? Prints every check, records the decision, exits 0 allow, 1 deny.
// It fails closed: a store that is missing, unreadable or fails verification is a deny with
// exit 3, never an allow.
#include <algorithm>
#include <cstdio>

#include "base/files.h"
#include "cli/gate_run.h"
#include "gate/gate.h"
#include "ledger/event.h"
#include "ledger/verifier.h"
#include "policy/exceptions.h"

namespace proofline::cli {
namespace {

// The store as the gate may trust it: present, opening, and verifying end to end (every entry
// against the Merkle tree and the signed checkpoints). Corruption for anything else, so the
// caller denies with exit 3.
Result<Context::OpenLedger> OpenVerified(const Context& ctx) {
  if (!PathExists(ctx.store_path)) {
    return Corruption("store " + ctx.store_path + " is missing");
  }
  Result<Context::OpenLedger> open = ctx.Open();
  if (!open.ok()) return Corruption("store " + ctx.store_path + ": " + open.status().message());
  Result<std::vector<ledger::VerifierKey>> keys = ledger::LoadVerifierKeys(ctx.Keys().public_key);
  if (!keys.ok()) {
    return Corruption("cannot verify the ledger: " + keys.status().message());
  }
  ledger::VerifyReport report = ledger::VerifyStore(open->store.get(), *keys);
  if (!report.ok) return Corruption("the ledger fails verification: " + report.problem);
  return open;
}

std::string Render(const gate::GateRequest& r, const gate::GateDecision& d, uint64_t index) {
  std::string out = "gate " + r.record->id + " -> " + r.env + ": " +
                    (d.allow ? (d.break_glass ? "ALLOW (BREAK-GLASS)" : "ALLOW") : "DENY") +
                    " (deployer " + r.deployer->id + ", target " + r.record->target.substr(0, 12) +
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
  return out + "recorded as event #" + std::to_string(index);
}

Json ToJson(const gate::GateRequest& r, const gate::GateDecision& d, uint64_t index) {
  Json j = {{"change", r.record->id},
            {"env", r.env},
            {"target", r.record->target},
            {"deployer", r.deployer->id},
            {"decision", d.allow ? "allow" : "deny"},
            {"checks", d.ChecksJson()},
            {"event", index}};
  if (d.break_glass) {
    j["break_glass"] = {{"reason", r.break_glass_reason},
                        {"overridden", d.overridden},
                        {"retro_approval_due", d.retro_approval_due}};
  }
  return j;
}

Result<int> Decide(const Context& ctx, const GateOptions& o) {
  ASSIGN_OR_RETURN(std::unique_ptr<GateRun> run, RunGateDecision(ctx, o, "gate"));
  PrintGate(ctx, *run);
  return run->decision.allow ? kExitOk : kExitFailed;
}

// Whatever stops the decision (bad input, no token, an unreadable store) is a deny too.
Result<int> RunGate(const Context& ctx, const GateOptions& o) {
  Result<int> code = Decide(ctx, o);
  if (code.ok()) return code;
  return Status(code.status().code(), "deny: " + code.status().message());
}

}  // namespace

Result<std::unique_ptr<GateRun>> RunGateDecision(const Context& ctx, const GateOptions& o,
                                                 const std::string& command) {
  if (o.break_glass && o.reason.empty()) return InvalidArgument("--break-glass needs --reason");
  if (!o.break_glass && !o.reason.empty()) return InvalidArgument("--reason is for --break-glass");
  auto run = std::make_unique<GateRun>();
  ASSIGN_OR_RETURN(run->open, OpenVerified(ctx));
  ASSIGN_OR_RETURN(run->actor, ctx.Authenticate(command));
  ASSIGN_OR_RETURN(run->directory, ctx.Directory());
  ASSIGN_OR_RETURN(
      run->record,
      change::ChangeService(run->open.ledger.get(), run->open.store.get()).Get(o.change));
  ASSIGN_OR_RETURN(run->project, LoadProjectPolicy(run->record, o.config));
  gate::GateRequest& request = run->request;
  request.record = &run->record;
  request.deployer = &run->actor.user;
  request.directory = &run->directory;
  request.approvals = &run->project.approvals;
  request.config = &run->project.gate;
  request.catalogs = &run->project.catalogs;
  ASSIGN_OR_RETURN(request.exceptions,
                   policy::LoadExceptions(run->open.store.get(), run->record.id));
  request.production_environments = run->project.risk.production_environments;
  request.env = o.env;
  request.now = ledger::NowRfc3339Micros();
  request.break_glass = o.break_glass;
  request.break_glass_reason = o.reason;
  run->decision = gate::Decide(request);
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended,
                   run->open.ledger->Append(run->decision.Events(request)));
  run->event = appended.front().index;
  if (run->decision.break_glass) {
    std::fprintf(stderr,
                 "proofline: BREAK-GLASS by %s on %s in %s: %s; retroactive approval due by %s "
                 "(recorded as event #%llu)\n",
                 run->actor.user.id.c_str(), run->record.id.c_str(), o.env.c_str(),
                 o.reason.c_str(), run->decision.retro_approval_due.c_str(),
                 static_cast<unsigned long long>(appended.back().index));
  }
  return run;
}

Json GateJson(const GateRun& run) { return ToJson(run.request, run.decision, run.event); }
std::string GateText(const GateRun& run) { return Render(run.request, run.decision, run.event); }
void PrintGate(const Context& ctx, const GateRun& run) { ctx.Print(GateText(run), GateJson(run)); }

void AddGateCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<GateOptions>();
  CLI::App* g = app.add_subcommand(
      "gate", "May the token's user deploy a change to an environment now? Allow or deny");
  g->add_option("--change", o->change, "Change id")->required();
  g->add_option("--env", o->env, "Environment, e.g. production")->required();
  g->add_flag("--break-glass", o->break_glass,
              "Emergency: allow despite failing checks (emergency roles only; recorded loudly; "
              "the change must then be approved within the environment's deadline)");
  g->add_option("--reason", o->reason, "--break-glass: why");
  g->add_option("--config", o->config,
                "proofline.yaml to hold the change to (default: the change's at its baseline)");
  g->footer(
      "Checks: state, environment, approvals, separation-of-duties, ticket, deployer-group,\n"
      "evidence, controls, freeze (proofline.yaml environments: and gate:).\n"
      "Exit 0 allow, 1 deny, 2 bad input, 3 store missing, unreadable or failing verification "
      "(deny).");
  g->callback([&ctx, o] { ctx.action = [&ctx, o] { return RunGate(ctx, *o); }; });
}

}  // namespace proofline::cli
