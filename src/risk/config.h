// Risk configuration: the categories that classify a change's files and the weights that score
// it. Shipped defaults (defaults.cc, YAML) are overridden field by field by the project's
// `proofline.yaml`:
//
//   risk:
//     production_environments: [production, prod]
//     weights: {production: 3, large_change: 2, history: 2}
//     large_change_lines: 1000
//     history_prior: {failures: 1, deployments: 10}   # Beta prior, see assess.h
//     thresholds: {automated_below: 3, single_approver_below: 7}
//     class_routes: {low: automated, medium: single, high: quorum}  # the least a class needs
//     default_category: business_logic                # for files no rule matches
//   categories:
//     database_schema: {class: high, weight: 4, paths: [...], content: [...], content_in: [...]}
//     payments_core: {class: high, weight: 5, paths: ["/src/payments/"]}   # a new one
//     feature_flags: {enabled: false}                                     # switch one off
//   evidence:
//     low: [unit, integration, smoke]
//   policy: ...      # compliance catalogs and control params: read by policy/catalog.h, not here
//
// `paths` are globs (glob.h); `content` are RE2 patterns matched case-insensitively against the
// added and removed lines of files matching `content_in` (all files when absent).
// Unknown keys, unknown categories, invalid globs or patterns are errors naming the key.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/glob.h"
#include "base/status.h"

namespace proofline::risk {

enum class RiskClass { kLow = 0, kMedium = 1, kHigh = 2 };
const char* RiskClassName(RiskClass c);

struct ContentPattern {
  std::string source;
  std::shared_ptr<const re2::RE2> regex;
};

struct Category {
  std::string name;
  RiskClass risk_class = RiskClass::kMedium;
  double weight = 0;
  std::vector<Glob> paths;
  std::vector<ContentPattern> content;
  std::vector<Glob> content_in;
};

// Every category's path globs in one RE2::Set, so a file is matched against all of them in a
// single pass instead of one regex per glob (the classification hot path on large diffs).
struct PathIndex {
  std::shared_ptr<re2::RE2::Set> set;
  std::vector<std::pair<size_t, size_t>> owners;  // set index -> (category, glob)
  // Appends (category, glob) pairs matching `path`, in set order.
  void Match(const std::string& path, std::vector<std::pair<size_t, size_t>>* out) const;
};

struct RiskConfig {
  std::vector<Category> categories;  // in definition order
  PathIndex path_index;              // rebuilt whenever categories change (by the loader)
  std::string default_category;
  std::vector<std::string> production_environments;
  double production_weight = 0;
  double large_change_weight = 0;
  uint64_t large_change_lines = 0;
  double history_weight = 0;
  double prior_failures = 0;
  double prior_deployments = 0;
  double automated_below = 0;
  double single_approver_below = 0;
  // The weakest route each class may take (low, medium, high): the route is the stricter of this
  // and the score's, so a high-class change is never signed by fewer people than its class needs.
  std::string class_routes[3] = {"automated", "single", "quorum"};
  std::map<RiskClass, std::vector<std::string>> evidence;

  const Category* Find(const std::string& name) const;
};

// The top-level keys of proofline.yaml. Each loader (this one: risk, categories, evidence;
// policy/catalog.h: policy) refuses any other key and skips the sections it does not read.
inline constexpr const char* kProoflineYamlSections[] = {
    "version", "risk", "categories", "evidence", "policy", "approvals", "environments", "gate"};

// The project's proofline.yaml text: the file `config_path` when it is not empty, else as
// committed at `revision` of `repo` (so a change cannot lower its own bar by editing the rules);
// nullopt when the revision has none. `source` names it in messages.
struct ProjectConfig {
  std::string text, source;
  std::string path;            // the --config file it was read from, or empty
  std::string repo, revision;  // else the commit it was read at
};
Result<std::optional<ProjectConfig>> ReadProjectConfig(const std::string& config_path,
                                                       const std::string& repo,
                                                       const std::string& revision);
// A file the project config names by a relative `path` (e.g. a team catalog), from where the
// config came from: beside the --config file, or as committed at the same revision.
// InvalidArgument when it is absent or larger than `max_bytes`.
Result<std::string> ReadProjectFile(const ProjectConfig& config, const std::string& path,
                                    size_t max_bytes);

// The shipped defaults.
Result<RiskConfig> DefaultRiskConfig();
// Defaults overridden by the YAML text of a proofline.yaml; `source` names it in errors.
Result<RiskConfig> LoadRiskConfig(const std::string& yaml_text, const std::string& source);

}  // namespace proofline::risk
