// Loads risk configuration from YAML (yaml-cpp) onto the shipped defaults, strictly: every
// unknown key, category, glob or pattern is an error naming where it is.
#include "risk/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "base/files.h"
#include "base/yaml_check.h"
#include "git/read_file.h"
#include "risk/defaults.h"

namespace proofline::risk {
namespace {

// yaml-cpp reports errors by throwing; everything that touches a node goes through these.
class Loader {
 public:
  Loader(RiskConfig* config, std::string source) : config_(config), source_(std::move(source)) {}
  Status Apply(const YAML::Node& root);

 private:
  Status Err(const std::string& where, const std::string& what) const {
    return InvalidArgument(source_ + ": " + where + ": " + what);
  }
  Status CheckKeys(const YAML::Node& map, const std::string& where,
                   std::set<std::string> allowed) const;
  Status ApplyRisk(const YAML::Node& risk);
  Status ApplyCategory(const std::string& name, const YAML::Node& node);
  Status ApplyEvidence(const YAML::Node& node);
  Result<double> Number(const YAML::Node& node, const std::string& where) const;
  Result<std::vector<std::string>> Strings(const YAML::Node& node, const std::string& where) const;
  Result<std::vector<Glob>> Globs(const YAML::Node& node, const std::string& where) const;

  RiskConfig* config_;
  std::string source_;
};

Status Loader::CheckKeys(const YAML::Node& map, const std::string& where,
                         std::set<std::string> allowed) const {
  if (!map.IsMap()) return Err(where, "must be a mapping");
  if (auto unknown = UnknownKeys(map, allowed); !unknown.empty()) {
    return Err(where, "unknown key '" + unknown[0].Scalar() + "'");
  }
  return OkStatus();
}

Result<double> Loader::Number(const YAML::Node& node, const std::string& where) const {
  double v = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, v) || v < 0) {
    return Err(where, "must be a non-negative number");
  }
  return v;
}

Result<std::vector<std::string>> Loader::Strings(const YAML::Node& node,
                                                 const std::string& where) const {
  if (!node.IsSequence()) return Err(where, "must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : node) {
    if (!item.IsScalar()) return Err(where, "must be a list of strings");
    out.push_back(item.as<std::string>());
  }
  return out;
}

Result<std::vector<Glob>> Loader::Globs(const YAML::Node& node, const std::string& where) const {
  ASSIGN_OR_RETURN(std::vector<std::string> patterns, Strings(node, where));
  std::vector<Glob> globs;
  for (const std::string& p : patterns) {
    Result<Glob> g = Glob::Compile(p);
    if (!g.ok()) return Err(where, g.status().message());
    globs.push_back(std::move(*g));
  }
  return globs;
}

Status Loader::ApplyRisk(const YAML::Node& risk) {
  RETURN_IF_ERROR(CheckKeys(risk, "risk",
                            {"production_environments", "weights", "large_change_lines",
                             "history_prior", "thresholds", "class_routes", "default_category"}));
  RiskConfig& c = *config_;
  if (risk["production_environments"]) {
    ASSIGN_OR_RETURN(c.production_environments,
                     Strings(risk["production_environments"], "risk.production_environments"));
  }
  if (const YAML::Node w = risk["weights"]) {
    RETURN_IF_ERROR(CheckKeys(w, "risk.weights", {"production", "large_change", "history"}));
    if (w["production"]) {
      ASSIGN_OR_RETURN(c.production_weight, Number(w["production"], "risk.weights.production"));
    }
    if (w["large_change"]) {
      ASSIGN_OR_RETURN(c.large_change_weight,
                       Number(w["large_change"], "risk.weights.large_change"));
    }
    if (w["history"]) {
      ASSIGN_OR_RETURN(c.history_weight, Number(w["history"], "risk.weights.history"));
    }
  }
  if (risk["large_change_lines"]) {
    ASSIGN_OR_RETURN(double lines, Number(risk["large_change_lines"], "risk.large_change_lines"));
    c.large_change_lines = static_cast<uint64_t>(lines);
  }
  if (const YAML::Node p = risk["history_prior"]) {
    RETURN_IF_ERROR(CheckKeys(p, "risk.history_prior", {"failures", "deployments"}));
    if (p["failures"]) {
      ASSIGN_OR_RETURN(c.prior_failures, Number(p["failures"], "risk.history_prior.failures"));
    }
    if (p["deployments"]) {
      ASSIGN_OR_RETURN(c.prior_deployments,
                       Number(p["deployments"], "risk.history_prior.deployments"));
    }
    if (c.prior_failures > c.prior_deployments)
      return Err("risk.history_prior", "failures exceed deployments");
  }
  if (const YAML::Node t = risk["thresholds"]) {
    RETURN_IF_ERROR(CheckKeys(t, "risk.thresholds", {"automated_below", "single_approver_below"}));
    if (t["automated_below"]) {
      ASSIGN_OR_RETURN(c.automated_below,
                       Number(t["automated_below"], "risk.thresholds.automated_below"));
    }
    if (t["single_approver_below"]) {
      ASSIGN_OR_RETURN(c.single_approver_below,
                       Number(t["single_approver_below"], "risk.thresholds.single_approver_below"));
    }
    if (c.automated_below > c.single_approver_below)
      return Err("risk.thresholds", "automated_below exceeds single_approver_below");
  }
  if (const YAML::Node r = risk["class_routes"]) {
    RETURN_IF_ERROR(CheckKeys(r, "risk.class_routes", {"low", "medium", "high"}));
    const char* classes[3] = {"low", "medium", "high"};
    for (int i = 0; i < 3; ++i) {
      const YAML::Node v = r[classes[i]];
      if (!v) continue;
      const std::string route = v.IsScalar() ? v.Scalar() : "";
      if (route != "automated" && route != "single" && route != "quorum") {
        return Err(std::string("risk.class_routes.") + classes[i],
                   "must be automated, single or quorum");
      }
      c.class_routes[i] = route;
    }
  }
  if (risk["default_category"]) c.default_category = risk["default_category"].as<std::string>();
  return OkStatus();
}

Result<RiskClass> ParseClass(const std::string& s) {
  if (s == "low") return RiskClass::kLow;
  if (s == "medium") return RiskClass::kMedium;
  if (s == "high") return RiskClass::kHigh;
  return InvalidArgument("class must be low, medium or high, not '" + s + "'");
}

Status Loader::ApplyCategory(const std::string& name, const YAML::Node& node) {
  std::string where = "categories." + name;
  RETURN_IF_ERROR(
      CheckKeys(node, where, {"class", "weight", "paths", "content", "content_in", "enabled"}));
  auto& cats = config_->categories;
  auto it =
      std::find_if(cats.begin(), cats.end(), [&](const Category& c) { return c.name == name; });
  if (node["enabled"] && !node["enabled"].as<bool>()) {
    if (it == cats.end()) return Err(where, "unknown category '" + name + "' cannot be disabled");
    cats.erase(it);
    return OkStatus();
  }
  if (it == cats.end()) {
    if (!node["class"]) return Err(where, "new category '" + name + "' needs a class");
    cats.push_back(Category{name, RiskClass::kMedium, 0, {}, {}, {}});
    it = cats.end() - 1;
  }
  if (node["class"]) {
    Result<RiskClass> cls = ParseClass(node["class"].as<std::string>());
    if (!cls.ok()) return Err(where + ".class", cls.status().message());
    it->risk_class = *cls;
  }
  if (node["weight"]) {
    ASSIGN_OR_RETURN(it->weight, Number(node["weight"], where + ".weight"));
  }
  if (node["paths"]) {
    ASSIGN_OR_RETURN(it->paths, Globs(node["paths"], where + ".paths"));
  }
  if (node["content_in"]) {
    ASSIGN_OR_RETURN(it->content_in, Globs(node["content_in"], where + ".content_in"));
  }
  if (node["content"]) {
    ASSIGN_OR_RETURN(std::vector<std::string> sources,
                     Strings(node["content"], where + ".content"));
    it->content.clear();
    for (const std::string& src : sources) {
      re2::RE2::Options opts;
      opts.set_case_sensitive(false);
      opts.set_log_errors(false);
      auto re = std::make_shared<re2::RE2>(src, opts);
      if (!re->ok())
        return Err(where + ".content", "invalid pattern '" + src + "': " + re->error());
      it->content.push_back({src, std::move(re)});
    }
  }
  return OkStatus();
}

Status Loader::ApplyEvidence(const YAML::Node& node) {
  RETURN_IF_ERROR(CheckKeys(node, "evidence", {"low", "medium", "high"}));
  for (const auto& kv : node) {
    std::string name = kv.first.as<std::string>();
    ASSIGN_OR_RETURN(config_->evidence[*ParseClass(name)], Strings(kv.second, "evidence." + name));
  }
  return OkStatus();
}

Status Loader::Apply(const YAML::Node& root) {
  if (root.IsNull()) return OkStatus();
  RETURN_IF_ERROR(CheckKeys(
      root, "top level", {std::begin(kProoflineYamlSections), std::end(kProoflineYamlSections)}));
  if (root["risk"]) {
    RETURN_IF_ERROR(ApplyRisk(root["risk"]));
  }
  if (const YAML::Node cats = root["categories"]) {
    if (!cats.IsMap()) return Err("categories", "must be a mapping");
    for (const auto& kv : cats) {
      RETURN_IF_ERROR(ApplyCategory(kv.first.as<std::string>(), kv.second));
    }
  }
  if (root["evidence"]) {
    RETURN_IF_ERROR(ApplyEvidence(root["evidence"]));
  }
  if (config_->Find(config_->default_category) == nullptr) {
    return Err("risk.default_category", "unknown category '" + config_->default_category + "'");
  }
  return OkStatus();
}

Status BuildPathIndex(RiskConfig* config) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  PathIndex index{std::make_shared<re2::RE2::Set>(options, re2::RE2::ANCHOR_BOTH), {}};
  for (size_t c = 0; c < config->categories.size(); ++c) {
    const auto& paths = config->categories[c].paths;
    for (size_t g = 0; g < paths.size(); ++g) {
      std::string error;
      if (index.set->Add(paths[g].regex_source(), &error) < 0)
        return Internal("glob set: " + error);
      index.owners.emplace_back(c, g);
    }
  }
  if (!index.set->Compile()) return Internal("glob set does not compile (out of memory)");
  config->path_index = std::move(index);
  return OkStatus();
}

Status ApplyYaml(RiskConfig* config, const std::string& text, const std::string& source) {
  try {
    YAML::Node root = LoadStrictYaml(text);
    RETURN_IF_ERROR(Loader(config, source).Apply(root));
    return BuildPathIndex(config);
  } catch (const YAML::Exception& e) {
    return InvalidArgument(source + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

}  // namespace

const char* RiskClassName(RiskClass c) {
  switch (c) {
    case RiskClass::kLow:
      return "low";
    case RiskClass::kMedium:
      return "medium";
    case RiskClass::kHigh:
      return "high";
  }
  return "high";
}

void PathIndex::Match(const std::string& path, std::vector<std::pair<size_t, size_t>>* out) const {
  std::vector<int> hits;
  if (!set || !set->Match(path, &hits)) return;
  std::sort(hits.begin(), hits.end());
  for (int h : hits) out->push_back(owners[static_cast<size_t>(h)]);
}

const Category* RiskConfig::Find(const std::string& name) const {
  for (const Category& c : categories) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

Result<std::optional<ProjectConfig>> ReadProjectConfig(const std::string& config_path,
                                                       const std::string& repo,
                                                       const std::string& revision) {
  if (!config_path.empty()) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(config_path, 1 << 20));
    return std::optional<ProjectConfig>(
        ProjectConfig{std::move(text), config_path, config_path, "", ""});
  }
  ASSIGN_OR_RETURN(std::optional<std::string> committed,
                   git::ReadFileAt(repo, revision, "proofline.yaml"));
  if (!committed) return std::optional<ProjectConfig>();
  return std::optional<ProjectConfig>(ProjectConfig{
      std::move(*committed), "proofline.yaml at " + revision.substr(0, 12), "", repo, revision});
}

Result<std::string> ReadProjectFile(const ProjectConfig& config, const std::string& path,
                                    size_t max_bytes) {
  if (!config.path.empty()) {
    std::string beside = (std::filesystem::path(config.path).parent_path() / path).string();
    Result<std::string> read = ReadFile(beside, max_bytes);
    if (!read.ok()) return InvalidArgument(read.status().message());
    return read;
  }
  ASSIGN_OR_RETURN(std::optional<std::string> committed,
                   git::ReadFileAt(config.repo, config.revision, path));
  if (!committed) {
    return InvalidArgument("'" + path + "' is not in the repository at " +
                           config.revision.substr(0, 12));
  }
  if (committed->size() > max_bytes) return InvalidArgument("'" + path + "' is too large");
  return std::move(*committed);
}

Result<RiskConfig> DefaultRiskConfig() {
  RiskConfig config;
  Status s = ApplyYaml(&config, kDefaultRiskYaml, "shipped risk defaults");
  if (!s.ok()) return Internal(s.message());
  return config;
}

Result<RiskConfig> LoadRiskConfig(const std::string& yaml_text, const std::string& source) {
  ASSIGN_OR_RETURN(RiskConfig config, DefaultRiskConfig());
  RETURN_IF_ERROR(ApplyYaml(&config, yaml_text, source));
  return config;
}

}  // namespace proofline::risk
