// Validation (validate.h).
#include "service/validate.h"

#include "ledger/event.h"
#include "policy/exceptions.h"
#include "policy/facts.h"

namespace proofline::service {

Result<ValidateResult> Validate(Workspace& ws, const ValidateInput& in) {
  if (in.change.empty() == in.evidence.empty()) {
    return InvalidArgument("give exactly one of --change ID and --evidence FILE");
  }
  if (!in.evidence.empty() && in.kind.empty()) return InvalidArgument("--evidence needs --kind");
  if (in.evidence.empty() && !in.kind.empty()) return InvalidArgument("--kind is for --evidence");
  if (in.frameworks.empty()) return InvalidArgument("--framework is required");
  const std::string now = ledger::NowRfc3339Micros();
  ValidateResult out;
  Json facts, entries;
  std::vector<policy::PolicyException> exceptions;
  std::optional<risk::ProjectConfig> project;
  if (!in.config.empty()) {
    ASSIGN_OR_RETURN(project, ProjectConfigAt(in.config, "", ""));
  }
  if (!in.change.empty()) {
    ASSIGN_OR_RETURN(change::ChangeRecord record, ws.Change(in.change));
    ASSIGN_OR_RETURN(store::Store * store, ws.Store());
    ASSIGN_OR_RETURN(exceptions, policy::LoadExceptions(store, record.id));
    if (in.config.empty()) {
      ASSIGN_OR_RETURN(project, ProjectConfigFor(record, ""));
    }
    facts = policy::ChangeFacts(record, now);
    entries = record.EvidenceJson();
    out.subject = "change " + record.id;
    out.subject_json = {{"change", record.id}};
  } else {
    ASSIGN_OR_RETURN(const evidence::EvidenceKind* kind, evidence::RequireKind(in.kind));
    ASSIGN_OR_RETURN(evidence::ParsedEvidence parsed,
                     evidence::ParseEvidenceFile(*kind, in.evidence, in.options));
    Json entry = {{"kind", in.kind},
                  {"file", parsed.file},
                  {"digest", evidence::DigestString(parsed.digest)},
                  {"size", parsed.digest.size},
                  {"summary", parsed.summary}};
    facts = policy::EvidenceFileFacts(in.kind, parsed.summary, now);
    out.subject = "evidence " + parsed.file + " (" + in.kind + ")";
    out.subject_json = {
        {"change", nullptr},
        {"evidence", {{"kind", in.kind}, {"file", entry["file"]}, {"digest", entry["digest"]}}}};
    entries = Json::array({std::move(entry)});
  }
  ASSIGN_OR_RETURN(policy::CatalogSet catalogs, LoadCatalogs(project, in.catalogs));
  out.catalogs = std::make_unique<policy::CatalogSet>(std::move(catalogs));
  ASSIGN_OR_RETURN(out.results,
                   policy::Validate(*out.catalogs, in.frameworks, facts, entries, exceptions));
  if (project) {
    out.config_source = project->source;
    out.subject += " (policy: " + project->source + ")";
    out.subject_json["config"] = project->source;
  }
  return out;
}

}  // namespace proofline::service
