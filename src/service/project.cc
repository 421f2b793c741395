// Loading a change's project policy (project.h).
#include "service/project.h"

#include "base/files.h"

namespace proofline::service {
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

Result<std::optional<risk::ProjectConfig>> ProjectConfigAt(const std::string& config_path,
                                                           const std::string& repo,
                                                           const std::string& revision) {
  if (!config_path.empty()) return risk::ReadProjectConfig(config_path, "", "");
  return risk::ReadProjectConfig("", repo, revision);
}

Result<RiskRules> LoadRiskRules(const std::optional<risk::ProjectConfig>& config) {
  if (config) {
    ASSIGN_OR_RETURN(risk::RiskConfig c, risk::LoadRiskConfig(config->text, config->source));
    return RiskRules{std::move(c), config->source};
  }
  ASSIGN_OR_RETURN(risk::RiskConfig c, risk::DefaultRiskConfig());
  return RiskRules{std::move(c), "shipped defaults"};
}

Result<std::optional<risk::ProjectConfig>> ProjectConfigFor(const change::ChangeRecord& record,
                                                            const std::string& config_path) {
  if (!config_path.empty()) return ProjectConfigAt(config_path, "", "");
  Result<std::optional<risk::ProjectConfig>> committed =
      ProjectConfigAt("", record.repo, record.baseline);
  if (!committed.ok()) {
    return InvalidArgument("proofline.yaml at the baseline of " + record.id + " (" + record.repo +
                           "): " + committed.status().message() + " (give --config FILE)");
  }
  return committed;
}

Status RefuseOverride(const std::string& config_override, const std::string& command) {
  if (config_override.empty()) return OkStatus();
  return InvalidArgument("--config " + config_override + ": " + command +
                         " records a decision, held to proofline.yaml as committed at the "
                         "change's baseline; a local file is only for dry runs (change assess, "
                         "validate, approvals)");
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

}  // namespace proofline::service
