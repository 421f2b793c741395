// Loading a change's project policy (project_policy.h).
#include "cli/project_policy.h"

#include "base/files.h"

namespace proofline::cli {
namespace {

constexpr size_t kMaxCatalogBytes = size_t{4} << 20;

}  // namespace

Result<policy::CatalogSet> LoadCatalogs(const std::optional<risk::ProjectConfig>& config,
                                        const std::vector<std::string>& files) {
  ASSIGN_OR_RETURN(policy::CatalogSet set, policy::CatalogSet::Shipped());
  policy::PolicyConfig project;
  if (config) {
    ASSIGN_OR_RETURN(project, policy::ParsePolicyConfig(config->text, config->source));
  }
  for (const policy::PolicyConfig::CatalogRef& ref : project.catalogs) {
    Result<std::string> text = risk::ReadProjectFile(*config, ref.path, kMaxCatalogBytes);
    if (!text.ok()) {
      return InvalidArgument(ref.origin + ": policy.catalogs: " + text.status().message());
    }
    ASSIGN_OR_RETURN(policy::Catalog catalog, policy::ParseCatalog(*text, ref.path));
    set.Add(std::move(catalog));
  }
  for (const std::string& file : files) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(file, kMaxCatalogBytes));
    ASSIGN_OR_RETURN(policy::Catalog catalog, policy::ParseCatalog(text, file));
    set.Add(std::move(catalog));
  }
  for (const policy::ParamOverride& param : project.params) {
    RETURN_IF_ERROR(set.Override(param));
  }
  return set;
}

Result<std::optional<risk::ProjectConfig>> ProjectConfigFor(const change::ChangeRecord& record,
                                                            const std::string& config_path) {
  if (!config_path.empty()) return risk::ReadProjectConfig(config_path, "", "");
  Result<std::optional<risk::ProjectConfig>> committed =
      risk::ReadProjectConfig("", record.repo, record.baseline);
  if (!committed.ok()) {
    return InvalidArgument("proofline.yaml at the baseline of " + record.id + " (" + record.repo +
                           "): " + committed.status().message() + " (give --config FILE)");
  }
  return committed;
}

Result<ProjectPolicy> LoadProjectPolicy(const change::ChangeRecord& record,
                                        const std::string& config_path) {
  ProjectPolicy p;
  ASSIGN_OR_RETURN(p.project, ProjectConfigFor(record, config_path));
  if (p.project) {
    ASSIGN_OR_RETURN(p.approvals,
                     approval::ParseApprovalPolicy(p.project->text, p.project->source));
    ASSIGN_OR_RETURN(p.gate, gate::ParseGateConfig(p.project->text, p.project->source));
    ASSIGN_OR_RETURN(p.risk, risk::LoadRiskConfig(p.project->text, p.project->source));
  } else {
    p.approvals = approval::DefaultApprovalPolicy();
    p.gate = gate::DefaultGateConfig();
    ASSIGN_OR_RETURN(p.risk, risk::DefaultRiskConfig());
  }
  ASSIGN_OR_RETURN(p.catalogs, LoadCatalogs(p.project, {}));
  return p;
}

}  // namespace proofline::cli
