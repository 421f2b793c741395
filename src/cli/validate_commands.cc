// `proofline validate`: decides the controls of compliance frameworks over a change's recorded
// facts (or over one evidence file) with the project's policy (proofline.yaml at the change's
// baseline, or --config), and `proofline exception request|approve|list`: the approved expiring
// waivers validate honours. Parsing and printing only: the operations are service/validate.h and
// service/exceptions.h.
#include <algorithm>
#include <map>
#include <sstream>

#include "cli/context.h"
#include "ledger/event.h"
#include "service/exceptions.h"
#include "service/validate.h"

namespace proofline::cli {
namespace {

struct ValidateOptions {
  service::ValidateInput input;
  std::vector<std::string> frameworks;  // as given: comma-separated, repeatable
};

// --framework values: comma-separated and repeatable, in order, duplicates dropped.
Result<std::vector<std::string>> SplitFrameworks(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    std::stringstream ss(v);
    std::string item;
    while (std::getline(ss, item, ',')) {
      if (item.empty()) return InvalidArgument("--framework '" + v + "' has an empty name");
      if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
    }
  }
  if (out.empty()) return InvalidArgument("--framework is required");
  return out;
}

std::string EvidenceText(const Json& refs) {
  std::string out;
  for (const Json& r : refs) {
    if (!out.empty()) out += ", ";
    if (r.contains("index")) out += "#" + r["index"].dump() + " ";
    out +=
        StringAt(r, "kind") + " " + StringAt(r, "file") + " " + StringAt(r, "digest").substr(0, 15);
  }
  return out.empty() ? "-" : out;
}

std::string Pad(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

// The table: one row per control, its reasons and evidence on the lines below it.
std::string RenderText(const std::string& subject,
                       const std::vector<policy::ControlResult>& results,
                       const std::map<std::string, size_t>& counts) {
  size_t id_width = 7;
  for (const auto& r : results) id_width = std::max(id_width, r.control->id.size());
  std::string out = "validate " + subject + "\n";
  out += Pad("CONTROL", id_width + 1) + Pad("FRAMEWORK", 10) + Pad("STATUS", 17) + "TITLE\n";
  for (const auto& r : results) {
    out += Pad(r.control->id, id_width + 1) + Pad(r.framework, 10) +
           Pad(policy::OutcomeName(r.outcome), 17) + r.control->title + "\n";
    for (const std::string& reason : r.reasons) out += "    reason: " + reason + "\n";
    if (r.control->params_origin.empty() == false) {
      out += "    params: " + r.control->params.dump() + " (" + r.control->params_origin + ")\n";
    }
    if (r.outcome != policy::Outcome::kNotApplicable) {
      out += "    evidence: " + EvidenceText(r.evidence) + "\n";
    }
  }
  std::string summary;
  for (policy::Outcome o : policy::kOutcomes) {
    if (!summary.empty()) summary += ", ";
    summary += std::to_string(counts.at(policy::OutcomeName(o))) + " " + policy::OutcomeName(o);
  }
  return out + std::to_string(results.size()) + " controls: " + summary;
}

Result<int> RunValidate(const Context& ctx, const ValidateOptions& o) {
  service::ValidateInput input = o.input;
  ASSIGN_OR_RETURN(input.frameworks, SplitFrameworks(o.frameworks));
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::ValidateResult v, service::Validate(ws, input));
  std::map<std::string, size_t> counts;
  for (policy::Outcome outcome : policy::kOutcomes) counts[policy::OutcomeName(outcome)] = 0;
  Json results_json = Json::array();
  for (const auto& r : v.results) {
    ++counts[policy::OutcomeName(r.outcome)];
    results_json.push_back(r.ToJson());
  }
  Json subject_json = v.subject_json;
  subject_json["frameworks"] = input.frameworks;
  subject_json["results"] = results_json;
  subject_json["counts"] = counts;
  ctx.Print(RenderText(v.subject, v.results, counts), subject_json);
  return policy::AnyFailed(v.results) ? kExitFailed : kExitOk;
}

struct ExceptionOptions {
  std::string change, control, until, reason;
};

Result<int> RunRequest(const Context& ctx, const service::ExceptionInput& o) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::ExceptionOutcome r, service::RequestException(ws, ctx.Caller(), o));
  ctx.Print("exception request #" + std::to_string(r.index) + ": " + o.control + " for " +
                r.record.id + " until " + StringAt(r.event.data, "until") +
                " (awaits a COMPLIANCE_OFFICER: proofline exception approve)",
            {{"request", r.index}, {"change", r.record.id}, {"data", r.event.data}});
  return kExitOk;
}

// Approves the latest request for the control not yet approved. A refused approval is recorded.
Result<int> RunApprove(const Context& ctx, const service::ExceptionInput& o) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::ExceptionOutcome r, service::ApproveException(ws, ctx.Caller(), o));
  ctx.Print("exception #" + std::to_string(r.index) + ": " + o.control + " excepted for " +
                r.record.id + " until " + StringAt(r.event.data, "until") + " (approved by " +
                r.actor.name + ", requested by " + r.requested_by + ")",
            {{"index", r.index}, {"change", r.record.id}, {"data", r.event.data}});
  return kExitOk;
}

Result<int> RunList(const Context& ctx, const std::string& change_id) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(std::vector<policy::PolicyException> list,
                   service::ListExceptions(ws, change_id));
  std::string now = ledger::NowRfc3339Micros();
  Json out = Json::array();
  std::string text;
  for (const policy::PolicyException& e : list) {
    bool in_force = policy::InForce(e, now);
    Json j = e.ToJson();
    j["in_force"] = in_force;
    out.push_back(std::move(j));
    text += "#" + std::to_string(e.index) + " " + e.control + " " + e.subject + " until " +
            e.until + (in_force ? "" : " (expired)") + " approved by " + e.approved_by +
            ", requested by " + e.requested_by + ": " + e.reason + "\n";
  }
  if (text.empty()) text = "no exceptions\n";
  text.pop_back();
  ctx.Print(text, {{"exceptions", out}});
  return kExitOk;
}

}  // namespace

void AddValidateCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* v = app.add_subcommand(
      "validate", "Decide each control of compliance frameworks over a change's evidence");
  v->add_option("--change", o->input.change, "Change id to validate");
  v->add_option("--evidence", o->input.evidence, "Validate one evidence file instead (not stored)");
  v->add_option("--kind", o->input.kind, "--evidence: the file's evidence kind, as for attest");
  v->add_option("--type", o->input.options.type, "--kind generic: the evidence type");
  v->add_option("--schema", o->input.options.schema,
                "--kind generic: the JSON schema the file must match");
  v->add_option("--key", o->input.options.key,
                "--kind attestation: PEM public key a signature must verify");
  v->add_option("--framework", o->frameworks,
                "Frameworks, comma-separated or repeated: sox, hipaa, pci-dss, soc2, or a "
                "--catalog's")
      ->required();
  v->add_option("--catalog", o->input.catalogs,
                "Catalog YAML adding a framework or replacing controls by id (repeatable)");
  v->add_option("--config", o->input.config,
                "proofline.yaml whose policy section adds catalogs (relative to it) and overrides "
                "params (default: --change's proofline.yaml at its baseline; --evidence: none)");
  v->footer(
      "Statuses: pass, fail, missing-evidence, not-applicable, excepted.\n"
      "Exit 1 when any control is fail or missing-evidence, 0 otherwise, 2 for bad input.");
  v->callback([&ctx, o] { ctx.action = [&ctx, o] { return RunValidate(ctx, *o); }; });

  CLI::App* ex = app.add_subcommand(
      "exception", "Expiring exceptions to controls: requested, approved by a compliance officer");
  ex->require_subcommand(1);
  auto req = std::make_shared<service::ExceptionInput>();
  CLI::App* request =
      ex->add_subcommand("request", "Ask for an exception to a control for a change");
  request->add_option("--control", req->control, "Control id it waives")->required();
  request->add_option("--change", req->change, "Change id")->required();
  request->add_option("--until", req->until, "Expiry, RFC 3339")->required();
  request->add_option("--reason", req->reason, "Why")->required();
  request->callback([&ctx, req] { ctx.action = [&ctx, req] { return RunRequest(ctx, *req); }; });
  auto appr = std::make_shared<service::ExceptionInput>();
  CLI::App* approve = ex->add_subcommand(
      "approve",
      "Approve the pending request for a control (COMPLIANCE_OFFICER, not the requester)");
  approve->add_option("--control", appr->control, "Control id of the request")->required();
  approve->add_option("--change", appr->change, "Change id")->required();
  approve->add_option("--until", appr->until,
                      "Shorten the expiry (RFC 3339; default: as requested)");
  approve->add_option("--reason", appr->reason, "Approver's comment, recorded with the approval");
  approve->callback([&ctx, appr] { ctx.action = [&ctx, appr] { return RunApprove(ctx, *appr); }; });
  auto list_change = std::make_shared<std::string>();
  CLI::App* list = ex->add_subcommand("list", "List a change's approved exceptions");
  list->add_option("--change", *list_change, "Change id")->required();
  list->callback([&ctx, list_change] {
    ctx.action = [&ctx, list_change] { return RunList(ctx, *list_change); };
  });
}

}  // namespace proofline::cli
