// `proofline approve|reject ID` and `proofline approvals ID`: electronic signatures on a change,
// checked for separation of duties, and where the change stands against its route. Parsing and
// printing only: the operations are service/approvals.h.
#include "cli/context.h"
#include "cli/render.h"
#include "service/approvals.h"

namespace proofline::cli {
namespace {

struct ApproveOptions {
  std::string id, meaning, comment, reason, config;
  bool automated = false;
};

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
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::ApprovalView v, service::Approvals(ws, o.id, o.config));
  Json j = v.status.ToJson();
  j["change"] = v.record.id;
  j["state"] = change::StateName(v.record.state);
  j["target"] = v.record.target;
  ctx.Print(RenderStatus(v.record, v.status), j);
  return kExitOk;
}

Result<int> RunAutomated(const Context& ctx, const ApproveOptions& o) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::AutomatedResult a,
                   service::ApproveAutomated(ws, ctx.Caller(), o.id, o.config));
  ctx.Print(AutomatedText(a),
            {{"change", a.record.id}, {"approved", a.passed}, {"checks", AutomatedChecksJson(a)}});
  return a.passed ? kExitOk : kExitFailed;
}

Result<int> RunApprove(const Context& ctx, const ApproveOptions& o) {
  if (o.automated) return RunAutomated(ctx, o);
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::ApproveResult r,
                   service::Approve(ws, ctx.Caller(), {o.id, o.meaning, o.comment, o.config}));
  std::string text = r.record.id + " signed by " + r.signer.name + " (" + r.signer.id + ") at " +
                     r.time + ", meaning: \"" + o.meaning + "\"";
  text += r.approved ? "\napprovals complete: " + r.record.id + " is approved"
                     : "\nstill missing: " + r.missing.front();
  ctx.Print(text, {{"change", r.record.id},
                   {"index", r.index},
                   {"time", r.time},
                   {"signature", r.signature},
                   {"approved", r.approved},
                   {"missing", r.missing}});
  return kExitOk;
}

Result<int> RunReject(const Context& ctx, const ApproveOptions& o) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::RejectResult r,
                   service::Reject(ws, ctx.Caller(), {o.id, o.reason, o.config}));
  ctx.Print(r.record.id + " rejected by " + r.user.name + ": " + o.reason,
            {{"change", r.record.id}, {"rejected", true}, {"reason", o.reason}});
  return kExitOk;
}

}  // namespace

Json AutomatedChecksJson(const service::AutomatedResult& a) {
  Json checks = Json::array();
  for (const approval::CheckOutcome& c : a.checks) {
    Json j = {{"name", c.name}, {"passed", c.passed}};
    if (!c.passed) j["reason"] = c.reason;
    checks.push_back(std::move(j));
  }
  return checks;
}

std::string AutomatedText(const service::AutomatedResult& a) {
  if (a.passed) {
    return a.record.id + " approved automatically: " + std::to_string(a.checks.size()) +
           " automated checks passed";
  }
  std::string failing;
  for (const approval::CheckOutcome& c : a.checks) {
    if (!c.passed) failing += "\n  FAIL " + c.name + ": " + c.reason;
  }
  return a.record.id + " not approved automatically; routed to " + a.fallback +
         ". Failing checks:" + failing;
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
  approve->add_option(
      "--config", a->config,
      "Refused: a decision is held to proofline.yaml as committed at the change's baseline");
  approve->callback([&ctx, a] { ctx.action = [&ctx, a] { return RunApprove(ctx, *a); }; });

  auto r = std::make_shared<ApproveOptions>();
  CLI::App* reject = app.add_subcommand("reject", "Reject a change (as PROOFLINE_TOKEN's user)");
  reject->add_option("ID", r->id, "Change id")->required();
  reject->add_option("--reason", r->reason, "Why")->required();
  reject->add_option(
      "--config", r->config,
      "Refused: a decision is held to proofline.yaml as committed at the change's baseline");
  reject->callback([&ctx, r] { ctx.action = [&ctx, r] { return RunReject(ctx, *r); }; });

  auto st = std::make_shared<ApproveOptions>();
  CLI::App* status = app.add_subcommand(
      "approvals", "Where a change stands: route, automated checks, signatures, what is missing");
  status->add_option("ID", st->id, "Change id")->required();
  status->add_option("--config", st->config,
                     "proofline.yaml to view the change against (default: at its baseline)");
  status->callback([&ctx, st] { ctx.action = [&ctx, st] { return RunStatus(ctx, *st); }; });
}

}  // namespace proofline::cli
