// What a change is held to, read from the project's proofline.yaml at the change's baseline (so
// a change cannot lower its own bar) or from an explicit override file: its approval routes, gate
// environments, risk configuration and compliance catalogs. The one place proofline.yaml is
// chosen: every operation reads it through ProjectConfigAt / ProjectConfigFor (the workspace
// keeps each change's ProjectPolicy once read).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "approval/policy.h"
#include "change/change.h"
#include "gate/environments.h"
#include "policy/catalog.h"
#include "risk/config.h"

namespace proofline::service {

// The shipped catalogs, then proofline.yaml's policy.catalogs (read where proofline.yaml was
// read), then each of `files` (same framework and id: replaced), then policy.params.
Result<policy::CatalogSet> LoadCatalogs(const std::optional<risk::ProjectConfig>& config,
                                        const std::vector<std::string>& files);

// proofline.yaml: the file `config_path` when given, else as committed at `revision` of `repo`;
// nullopt when the revision has none. What `change open|assess|update` assess with.
Result<std::optional<risk::ProjectConfig>> ProjectConfigAt(const std::string& config_path,
                                                           const std::string& repo,
                                                           const std::string& revision);

// proofline.yaml of `record` at its baseline, or `config_path` when given; nullopt when the
// repository has none. InvalidArgument naming the change's repository when it cannot be read.
Result<std::optional<risk::ProjectConfig>> ProjectConfigFor(const change::ChangeRecord& record,
                                                            const std::string& config_path);

// The risk rules of `config` (the shipped defaults when there is none) and the name of where
// they came from ("shipped defaults" or the config's source).
struct RiskRules {
  risk::RiskConfig config;
  std::string source;
};
Result<RiskRules> LoadRiskRules(const std::optional<risk::ProjectConfig>& config);

// A recorded decision (opening or re-assessing a change, a signature, a rejection, the gate, a
// deployment) holds the change to proofline.yaml as committed at its baseline, never to a file
// the caller chooses: InvalidArgument naming `command` when `config_override` is set. Only dry
// runs that record nothing (change assess, validate, approvals) take a local file.
Status RefuseOverride(const std::string& config_override, const std::string& command);

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

}  // namespace proofline::service
