// What a change is held to, read from the project's proofline.yaml at the change's baseline (so
// a change cannot lower its own bar) or from an explicit --config: its approval routes, gate
// environments, risk configuration and compliance catalogs. Shared by validate and gate.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "approval/policy.h"
#include "change/change.h"
#include "gate/environments.h"
#include "policy/catalog.h"
#include "risk/config.h"

namespace proofline::cli {

// The shipped catalogs, then proofline.yaml's policy.catalogs (read where proofline.yaml was
// read), then each of `files` (same framework and id: replaced), then policy.params.
Result<policy::CatalogSet> LoadCatalogs(const std::optional<risk::ProjectConfig>& config,
                                        const std::vector<std::string>& files);

// proofline.yaml of `record` at its baseline, or `config_path` when given; nullopt when the
// repository has none. InvalidArgument naming the file when it cannot be read.
Result<std::optional<risk::ProjectConfig>> ProjectConfigFor(const change::ChangeRecord& record,
                                                            const std::string& config_path);

struct ProjectPolicy {
  std::optional<risk::ProjectConfig> project;
  approval::ApprovalPolicy approvals;
  gate::GateConfig gate;
  risk::RiskConfig risk;
  policy::CatalogSet catalogs;
};

// Every section of the project's policy for `record`, defaults where proofline.yaml is silent.
Result<ProjectPolicy> LoadProjectPolicy(const change::ChangeRecord& record,
                                        const std::string& config_path);

}  // namespace proofline::cli
