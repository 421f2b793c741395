// `proofline approve|reject ID` and `proofline approvals ID`: electronic signatures on a change,
// checked for separation of duties, and where the change stands against its route. The routes
// and automated checks come from proofline.yaml at the change's baseline (approval/policy.h).
#include "approval/approvals.h"
#include "cli/approval_run.h"
#include "cli/context.h"
#include "cli/project_policy.h"
#include "ledger/event.h"
#include "risk/config.h"

namespace proofline::cli {
namespace {

struct ApproveOptions {
  std::string id, meaning, comment, reason, config;
  bool automated = false;
};

// Only the approvals section: approve and approvals need nothing else of the project's policy.
Result<approval::ApprovalPolicy> LoadPolicy(const std::string& config,
                                            const change::ChangeRecord& record) {
  ASSIGN_OR_RETURN(std::optional<risk::ProjectConfig> project, ProjectConfigFor(record, config));
  if (!project) return approval::DefaultApprovalPolicy();
  return approval::ParseApprovalPolicy(project->text, project->source);
}

// What `approve`, `reject` and `approvals` all need.
struct Session {
  Context::OpenLedger open;
  change::ChangeRecord record;
  identity::Directory directory;
  approval::ApprovalPolicy policy;
};

Result<Session> Load(const Context& ctx, const std::string& id, const std::string& config) {
  Session s;
  ASSIGN_OR_RETURN(s.directory, ctx.Directory());
  ASSIGN_OR_RETURN(s.open, ctx.Open());
  ASSIGN_OR_RETURN(s.record,
                   change::ChangeService(s.open.ledger.get(), s.open.store.get()).Get(id));
  ASSIGN_OR_RETURN(s.policy, LoadPolicy(config, s.record));
  return s;
}

std::string RenderStatus(const change::ChangeRecord& c, const approval::ApprovalStatus& st) {
  std::string out = c.id + " (" + change::StateName(c.state) + ", target " +
                    c.target.substr(0, 12) + "): route " + st.route;
  if (st.effective_route != st.route) out += " -> " + st.effective_route;
  out += st.effective_route == "automated" && st.satisfied ? ", every automated check passed\n"
                                                           : " (" + st.rule.Describe() + ")\n";
  for (const approval::CheckOutcome& check : st.checks) {
    out += std::string("  check ") + (check.passed ? "pass " : "FAIL ") + check.name +
           (check.passed ? "" : ": " + check.reason) + "\n";
  }
  for (const approval::Signature& s : st.approvals) {
    std::string roles;
    for (const std::string& r : s.roles) roles += ", " + r;
    out += "  signed by " + s.name + " (" + s.user + roles + ") at " + s.time + ", meaning: \"" +
           s.meaning + "\"" + (s.comment.empty() ? "" : ", comment: \"" + s.comment + "\"") + "\n";
  }
  for (const std::string& i : st.ignored) out += "  not counted: " + i + "\n";
  if (st.reset > 0) {
    out += "  reset: " + std::to_string(st.reset) +
           " approval(s) of an earlier target no longer count\n";
  }
  for (const std::string& m : st.missing) out += "  missing: " + m + "\n";
  out += st.satisfied ? "  approvals complete" : "  approvals incomplete";
  return out;
}

Result<int> RunStatus(const Context& ctx, const ApproveOptions& o) {
  ASSIGN_OR_RETURN(Session s, Load(ctx, o.id, o.config));
  approval::ApprovalStatus st =
      approval::Evaluate(s.policy, s.record, s.directory, ledger::NowRfc3339Micros());
  Json j = st.ToJson();
  j["change"] = s.record.id;
  j["state"] = change::StateName(s.record.state);
  j["target"] = s.record.target;
  ctx.Print(RenderStatus(s.record, st), j);
  return kExitOk;
}

// Records a refused attempt and returns the refusal (exit 1).
Status Refuse(Session& s, const identity::Actor& actor, const std::string& action,
              const std::vector<std::string>& why) {
  std::string reason;
  for (const std::string& w : why) reason += (reason.empty() ? "" : "; ") + w;
  RETURN_IF_ERROR(s.open.ledger
                      ->Append({{"approval.refused",
                                 s.record.id,
                                 actor.user.id,
                                 {{"user", actor.user.id},
                                  {"action", action},
                                  {"reason", reason},
                                  {"target", s.record.target}}}})
                      .status());
  return PermissionDenied(action + " refused: " + reason + " (separation of duties; recorded)");
}

Status CheckPending(const change::ChangeRecord& c, const std::string& action) {
  if (c.state == change::State::kPendingApproval) return OkStatus();
  return InvalidArgument("change " + c.id + " is " + change::StateName(c.state) + "; only a " +
                         "pending-approval change can be " + action);
}

Result<AutomatedApproval> RecordAutomated(Session& s, const identity::Actor& actor) {
  RETURN_IF_ERROR(CheckPending(s.record, "approved"));
  const std::string route = StringAt(ObjectAt(s.record.assessment, "risk"), "route");
  if (route != "automated") {
    return InvalidArgument("change " + s.record.id + " is routed " + route +
                           ": it needs people's approvals, not automated checks");
  }
  std::vector<approval::CheckOutcome> checks =
      approval::RunChecks(s.policy, s.record, ledger::NowRfc3339Micros());
  AutomatedApproval out;
  out.checks = Json::array();
  for (const approval::CheckOutcome& c : checks) {
    Json j = {{"name", c.name}, {"passed", c.passed}};
    if (!c.passed) {
      j["reason"] = c.reason;
      out.failing += "\n  FAIL " + c.name + ": " + c.reason;
    }
    out.checks.push_back(std::move(j));
  }
  out.passed = out.failing.empty();
  std::vector<ledger::EventInput> events = {
      {"approval.automated",
       s.record.id,
       actor.user.id,
       {{"target", s.record.target}, {"passed", out.passed}, {"checks", out.checks}}}};
  if (out.passed) {
    events.push_back(change::StateEvent(s.record.id, s.record.state, change::State::kApproved,
                                        actor.user.id,
                                        "approved automatically: every automated check passed"));
  }
  RETURN_IF_ERROR(s.open.ledger->Append(events).status());
  const approval::RouteRule& lead = s.policy.Rule("single");
  out.text = out.passed
                 ? s.record.id + " approved automatically: " + std::to_string(checks.size()) +
                       " automated checks passed"
                 : s.record.id + " not approved automatically; routed to " + lead.Describe() +
                       ". Failing checks:" + out.failing;
  return out;
}

Result<int> RunAutomated(const Context& ctx, Session& s, const identity::Actor& actor) {
  ASSIGN_OR_RETURN(AutomatedApproval a, RecordAutomated(s, actor));
  ctx.Print(a.text, {{"change", s.record.id}, {"approved", a.passed}, {"checks", a.checks}});
  return a.passed ? kExitOk : kExitFailed;
}

Result<int> RunApprove(const Context& ctx, const ApproveOptions& o) {
  ASSIGN_OR_RETURN(identity::Actor actor, ctx.Authenticate("approve"));
  ASSIGN_OR_RETURN(Session s, Load(ctx, o.id, o.config));
  if (o.automated) return RunAutomated(ctx, s, actor);
  if (o.meaning.empty()) {
    return InvalidArgument("an approval is a signature: give its meaning with --meaning");
  }
  std::vector<std::string> why = approval::Conflicts(s.record, actor.user, s.directory);
  if (!why.empty()) return Refuse(s, actor, "approve", why);
  RETURN_IF_ERROR(CheckPending(s.record, "approved"));
  Json data = {{"user", actor.user.id},
               {"name", actor.user.name},
               {"roles", actor.user.roles},
               {"meaning", o.meaning},
               {"target", s.record.target}};
  if (!o.comment.empty()) data["comment"] = o.comment;
  std::vector<ledger::EventInput> events = {{"approval.granted", s.record.id, actor.user.id, data}};
  // Does this signature complete the route? Then the move to approved is in the same batch.
  change::ChangeRecord after = s.record;
  Json signed_now = data;
  signed_now["time"] = ledger::NowRfc3339Micros();
  after.approvals.push_back(signed_now);
  approval::ApprovalStatus st =
      approval::Evaluate(s.policy, after, s.directory, ledger::NowRfc3339Micros());
  if (st.satisfied) {
    events.push_back(change::StateEvent(s.record.id, s.record.state, change::State::kApproved,
                                        actor.user.id,
                                        "approvals complete: " + st.rule.Describe()));
  }
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, s.open.ledger->Append(events));
  std::string text = s.record.id + " signed by " + actor.user.name + " (" + actor.user.id +
                     ") at " + appended[0].time + ", meaning: \"" + o.meaning + "\"";
  text += st.satisfied ? "\napprovals complete: " + s.record.id + " is approved"
                       : "\nstill missing: " + st.missing.front();
  ctx.Print(text, {{"change", s.record.id},
                   {"index", appended[0].index},
                   {"time", appended[0].time},
                   {"signature", data},
                   {"approved", st.satisfied},
                   {"missing", st.missing}});
  return kExitOk;
}

Result<int> RunReject(const Context& ctx, const ApproveOptions& o) {
  ASSIGN_OR_RETURN(identity::Actor actor, ctx.Authenticate("reject"));
  ASSIGN_OR_RETURN(Session s, Load(ctx, o.id, o.config));
  std::vector<std::string> why = approval::IndependenceConflicts(s.record, actor.user, s.directory);
  if (!why.empty()) return Refuse(s, actor, "reject", why);
  if (!change::TransitionAllowed(s.record.state, change::State::kRejected)) {
    return InvalidArgument("change " + s.record.id + " is " + change::StateName(s.record.state) +
                           "; it cannot be rejected");
  }
  std::vector<ledger::EventInput> events = {
      {"approval.rejected",
       s.record.id,
       actor.user.id,
       {{"user", actor.user.id},
        {"name", actor.user.name},
        {"reason", o.reason},
        {"target", s.record.target}}},
      change::StateEvent(s.record.id, s.record.state, change::State::kRejected, actor.user.id,
                         "rejected by " + actor.user.id + ": " + o.reason)};
  RETURN_IF_ERROR(s.open.ledger->Append(events).status());
  ctx.Print(s.record.id + " rejected by " + actor.user.name + ": " + o.reason,
            {{"change", s.record.id}, {"rejected", true}, {"reason", o.reason}});
  return kExitOk;
}

}  // namespace

Result<AutomatedApproval> ApproveAutomatically(const Context& ctx, const std::string& id,
                                               const std::string& config) {
  ASSIGN_OR_RETURN(identity::Actor actor, ctx.Authenticate("approve"));
  ASSIGN_OR_RETURN(Session s, Load(ctx, id, config));
  return RecordAutomated(s, actor);
}

void AddApprovalCommands(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<ApproveOptions>();
  CLI::App* approve = app.add_subcommand(
      "approve", "Sign a change as PROOFLINE_TOKEN's user (an electronic signature)");
  approve->add_option("ID", a->id, "Change id")->required();
  approve->add_option("--meaning", a->meaning,
                      "What the signature means, e.g. \"reviewed and approved for production\"");
  approve->add_option("--comment", a->comment, "Comment recorded with the signature");
  approve->add_flag("--automated", a->automated,
                    "Approve a change routed automated when every automated check passes");
  approve->add_option("--config", a->config, "proofline.yaml (default: at the change's baseline)");
  approve->callback([&ctx, a] { ctx.action = [&ctx, a] { return RunApprove(ctx, *a); }; });

  auto r = std::make_shared<ApproveOptions>();
  CLI::App* reject = app.add_subcommand("reject", "Reject a change (as PROOFLINE_TOKEN's user)");
  reject->add_option("ID", r->id, "Change id")->required();
  reject->add_option("--reason", r->reason, "Why")->required();
  reject->add_option("--config", r->config, "proofline.yaml (default: at the change's baseline)");
  reject->callback([&ctx, r] { ctx.action = [&ctx, r] { return RunReject(ctx, *r); }; });

  auto st = std::make_shared<ApproveOptions>();
  CLI::App* status = app.add_subcommand(
      "approvals", "Where a change stands: route, automated checks, signatures, what is missing");
  status->add_option("ID", st->id, "Change id")->required();
  status->add_option("--config", st->config, "proofline.yaml (default: at the change's baseline)");
  status->callback([&ctx, st] { ctx.action = [&ctx, st] { return RunStatus(ctx, *st); }; });
}

}  // namespace proofline::cli
