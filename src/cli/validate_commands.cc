// `proofline validate`: decides the controls of compliance frameworks over a change's recorded
// facts (or over one evidence file) with the project's policy (proofline.yaml at the change's
// baseline, or --config), and `proofline exception request|approve|list`: the
// approved expiring waivers validate honours, recorded in the ledger.
#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "base/crypto.h"
#include "base/files.h"
#include "change/change.h"
#include "cli/context.h"
#include "cli/project_policy.h"
#include "evidence/artifact.h"
#include "evidence/attestation.h"
#include "evidence/control_tests.h"
#include "evidence/coverage.h"
#include "evidence/generic.h"
#include "evidence/junit.h"
#include "evidence/sarif.h"
#include "evidence/sbom.h"
#include "ledger/event.h"
#include "policy/exceptions.h"
#include "policy/facts.h"
#include "policy/validate.h"
#include "risk/config.h"

namespace proofline::cli {
namespace {

struct ValidateOptions {
  std::string change, evidence, kind, type, schema, key, config;
  std::vector<std::string> frameworks, catalogs;
};

// The evidence entry (ChangeRecord::evidence shape) of one file parsed with its kind's parser.
template <typename Summary>
Result<Json> Entry(const std::string& kind, const std::string& path, Result<Summary> parsed,
                   const StreamDigest& digest) {
  if (!parsed.ok()) return parsed.status();
  return Json{{"kind", kind},
              {"file", std::filesystem::path(path).filename().string()},
              {"digest", "sha256:" + ToHex(digest.sha256)},
              {"size", digest.size},
              {"summary", parsed->ToJson()}};
}

// Parses `o.evidence` with the parser `attest` uses for `o.kind`; nothing is stored.
Result<Json> ParseEvidenceFile(const ValidateOptions& o) {
  const std::string& p = o.evidence;
  StreamDigest d;
  if (o.kind == "generic" && (o.type.empty() || o.schema.empty())) {
    return InvalidArgument("--kind generic needs --type and --schema");
  }
  if (o.kind != "generic" && (!o.type.empty() || !o.schema.empty())) {
    return InvalidArgument("--type and --schema are only for --kind generic");
  }
  if (o.kind != "attestation" && !o.key.empty()) {
    return InvalidArgument("--key is only for --kind attestation");
  }
  if (o.kind == "junit") return Entry(o.kind, p, evidence::ParseJUnitFile(p, &d), d);
  if (o.kind == "sarif") return Entry(o.kind, p, evidence::ParseSarifFile(p, &d), d);
  if (o.kind == "coverage") return Entry(o.kind, p, evidence::ParseCoverageFile(p, &d), d);
  if (o.kind == "sbom") return Entry(o.kind, p, evidence::ParseSbomFile(p, &d), d);
  if (o.kind == "control-test") return Entry(o.kind, p, evidence::ParseControlTestsFile(p, &d), d);
  if (o.kind == "generic") {
    return Entry(o.kind, p, evidence::ParseGenericFile(p, o.type, o.schema, &d), d);
  }
  if (o.kind == "attestation") {
    std::optional<evidence::AttestationKey> key;
    if (!o.key.empty()) {
      ASSIGN_OR_RETURN(key, evidence::LoadAttestationKey(o.key));
    }
    return Entry(o.kind, p, evidence::ParseAttestationFile(p, key ? &*key : nullptr, &d), d);
  }
  if (o.kind == "artifact") {
    ASSIGN_OR_RETURN(evidence::ArtifactFingerprint a, evidence::FingerprintArtifact(p));
    Json summary = a.ToJson();
    return Json{{"kind", o.kind},
                {"file", a.name},
                {"digest", "sha256:" + StringAt(summary, "sha256")},
                {"size", a.size},
                {"summary", summary}};
  }
  std::string kinds;
  for (const char* k : policy::kEvidenceKinds)
    kinds += (kinds.empty() ? "" : ", ") + std::string(k);
  return InvalidArgument("unknown evidence kind '" + o.kind + "' (known: " + kinds + ")");
}

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
  if (o.change.empty() == o.evidence.empty()) {
    return InvalidArgument("give exactly one of --change ID and --evidence FILE");
  }
  if (!o.evidence.empty() && o.kind.empty()) return InvalidArgument("--evidence needs --kind");
  if (o.evidence.empty() && !o.kind.empty()) return InvalidArgument("--kind is for --evidence");
  ASSIGN_OR_RETURN(std::vector<std::string> frameworks, SplitFrameworks(o.frameworks));
  std::string now = ledger::NowRfc3339Micros();
  Json facts, entries, subject_json;
  std::string subject;
  std::vector<policy::PolicyException> exceptions;
  std::optional<risk::ProjectConfig> project;
  if (!o.config.empty()) {
    ASSIGN_OR_RETURN(project, risk::ReadProjectConfig(o.config, "", ""));
  }
  if (!o.change.empty()) {
    ASSIGN_OR_RETURN(auto open, ctx.Open());
    ASSIGN_OR_RETURN(change::ChangeRecord record,
                     change::ChangeService(open.ledger.get(), open.store.get()).Get(o.change));
    ASSIGN_OR_RETURN(exceptions, policy::LoadExceptions(open.store.get(), record.id));
    if (o.config.empty()) {
      ASSIGN_OR_RETURN(project, ProjectConfigFor(record, ""));
    }
    facts = policy::ChangeFacts(record, now);
    entries = record.evidence;
    subject = "change " + record.id;
    subject_json = {{"change", record.id}};
  } else {
    ASSIGN_OR_RETURN(Json entry, ParseEvidenceFile(o));
    facts = policy::EvidenceFileFacts(o.kind, entry["summary"], now);
    entries = Json::array({entry});
    subject = "evidence " + StringAt(entry, "file") + " (" + o.kind + ")";
    subject_json = {
        {"change", nullptr},
        {"evidence", {{"kind", o.kind}, {"file", entry["file"]}, {"digest", entry["digest"]}}}};
  }
  ASSIGN_OR_RETURN(policy::CatalogSet catalogs, LoadCatalogs(project, o.catalogs));
  ASSIGN_OR_RETURN(std::vector<policy::ControlResult> results,
                   policy::Validate(catalogs, frameworks, facts, entries, exceptions));
  if (project) {
    subject += " (policy: " + project->source + ")";
    subject_json["config"] = project->source;
  }
  std::map<std::string, size_t> counts;
  for (policy::Outcome outcome : policy::kOutcomes) counts[policy::OutcomeName(outcome)] = 0;
  Json results_json = Json::array();
  for (const auto& r : results) {
    ++counts[policy::OutcomeName(r.outcome)];
    results_json.push_back(r.ToJson());
  }
  subject_json["frameworks"] = frameworks;
  subject_json["results"] = results_json;
  subject_json["counts"] = counts;
  ctx.Print(RenderText(subject, results, counts), subject_json);
  return policy::AnyFailed(results) ? kExitFailed : kExitOk;
}

struct ExceptionOptions {
  std::string change, control, until, reason;
};

Result<int> RunRequest(const Context& ctx, const ExceptionOptions& o) {
  ASSIGN_OR_RETURN(identity::Actor actor, ctx.Authenticate("exception request"));
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  ASSIGN_OR_RETURN(change::ChangeRecord record,
                   change::ChangeService(open.ledger.get(), open.store.get()).Get(o.change));
  policy::ExceptionRequest request;
  request.change = record.id;
  request.control = o.control;
  request.reason = o.reason;
  request.until = o.until;
  request.requested_by = actor.user.id;
  ASSIGN_OR_RETURN(ledger::EventInput event,
                   policy::RequestEvent(request, ledger::NowRfc3339Micros()));
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, open.ledger->Append({event}));
  ctx.Print("exception request #" + std::to_string(appended[0].index) + ": " + o.control + " for " +
                record.id + " until " + StringAt(event.data, "until") +
                " (awaits a COMPLIANCE_OFFICER: proofline exception approve)",
            {{"request", appended[0].index}, {"change", record.id}, {"data", event.data}});
  return kExitOk;
}

// Approves the latest request for the control not yet approved. A refused approval is recorded.
Result<int> RunApprove(const Context& ctx, const ExceptionOptions& o) {
  ASSIGN_OR_RETURN(identity::Actor actor, ctx.Authenticate("exception approve"));
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  ASSIGN_OR_RETURN(change::ChangeRecord record,
                   change::ChangeService(open.ledger.get(), open.store.get()).Get(o.change));
  ASSIGN_OR_RETURN(std::vector<policy::ExceptionRequest> requests,
                   policy::LoadRequests(open.store.get(), record.id));
  const policy::ExceptionRequest* request = nullptr;
  for (const policy::ExceptionRequest& r : requests) {
    if (r.control == o.control && (request == nullptr || !r.granted)) request = &r;
  }
  if (request == nullptr) {
    return NotFound("no exception request for " + o.control + " on " + record.id +
                    " (proofline exception request)");
  }
  Result<ledger::EventInput> grant =
      policy::GrantEvent(*request, actor.user, o.until, ledger::NowRfc3339Micros());
  if (!grant.ok() && grant.status().code() == StatusCode::kPermissionDenied) {
    RETURN_IF_ERROR(
        open.ledger
            ->Append({policy::RefusedEvent(*request, actor.user.id, grant.status().message())})
            .status());
  }
  if (!grant.ok()) return grant.status();
  if (!o.reason.empty()) grant->data["comment"] = o.reason;
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, open.ledger->Append({*grant}));
  ctx.Print("exception #" + std::to_string(appended[0].index) + ": " + o.control +
                " excepted for " + record.id + " until " + StringAt(grant->data, "until") +
                " (approved by " + actor.user.name + ", requested by " + request->requested_by +
                ")",
            {{"index", appended[0].index}, {"change", record.id}, {"data", grant->data}});
  return kExitOk;
}

Result<int> RunList(const Context& ctx, const std::string& change_id) {
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  ASSIGN_OR_RETURN(std::vector<policy::PolicyException> list,
                   policy::LoadExceptions(open.store.get(), change_id));
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
  v->add_option("--change", o->change, "Change id to validate");
  v->add_option("--evidence", o->evidence, "Validate one evidence file instead (not stored)");
  v->add_option("--kind", o->kind, "--evidence: the file's evidence kind, as for attest");
  v->add_option("--type", o->type, "--kind generic: the evidence type");
  v->add_option("--schema", o->schema, "--kind generic: the JSON schema the file must match");
  v->add_option("--key", o->key, "--kind attestation: PEM public key a signature must verify");
  v->add_option("--framework", o->frameworks,
                "Frameworks, comma-separated or repeated: sox, hipaa, pci-dss, soc2, or a "
                "--catalog's")
      ->required();
  v->add_option("--catalog", o->catalogs,
                "Catalog YAML adding a framework or replacing controls by id (repeatable)");
  v->add_option("--config", o->config,
                "proofline.yaml whose policy section adds catalogs (relative to it) and overrides "
                "params (default: --change's proofline.yaml at its baseline; --evidence: none)");
  v->footer(
      "Statuses: pass, fail, missing-evidence, not-applicable, excepted.\n"
      "Exit 1 when any control is fail or missing-evidence, 0 otherwise, 2 for bad input.");
  v->callback([&ctx, o] { ctx.action = [&ctx, o] { return RunValidate(ctx, *o); }; });

  CLI::App* ex = app.add_subcommand(
      "exception", "Expiring exceptions to controls: requested, approved by a compliance officer");
  ex->require_subcommand(1);
  auto req = std::make_shared<ExceptionOptions>();
  CLI::App* request =
      ex->add_subcommand("request", "Ask for an exception to a control for a change");
  request->add_option("--control", req->control, "Control id it waives")->required();
  request->add_option("--change", req->change, "Change id")->required();
  request->add_option("--until", req->until, "Expiry, RFC 3339")->required();
  request->add_option("--reason", req->reason, "Why")->required();
  request->callback([&ctx, req] { ctx.action = [&ctx, req] { return RunRequest(ctx, *req); }; });
  auto appr = std::make_shared<ExceptionOptions>();
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
