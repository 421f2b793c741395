// Classification (path and content rules per file) and the itemised risk score.
#include "risk/assess.h"

#include <algorithm>
#include <cstdio>

namespace proofline::risk {
namespace {

bool AnyGlob(const std::vector<Glob>& globs, const std::string& path) {
  return std::any_of(globs.begin(), globs.end(), [&](const Glob& g) { return g.Matches(path); });
}

// First content match of `cat` in the file's changed lines, as a rule description.
std::string ContentMatch(const Category& cat, const git::FileChange& f) {
  if (cat.content.empty() || f.binary) return "";
  if (!cat.content_in.empty() && !AnyGlob(cat.content_in, f.path)) return "";
  for (const auto* lines : {&f.added_lines, &f.removed_lines}) {
    for (const std::string& line : *lines) {
      for (const ContentPattern& p : cat.content) {
        if (re2::RE2::PartialMatch(line, *p.regex)) {
          return "content '" + p.source + "' in: " + line.substr(0, 120);
        }
      }
    }
  }
  return "";
}

void Classify(const git::Impact& impact, const RiskConfig& config, Assessment* a) {
  std::vector<bool> touched(config.categories.size(), false);
  std::vector<std::pair<size_t, size_t>> hits;
  std::vector<std::string> rule(config.categories.size());
  for (const git::FileChange& f : impact.files) {
    hits.clear();
    config.path_index.Match(f.path, &hits);
    if (!f.old_path.empty() && f.old_path != f.path) config.path_index.Match(f.old_path, &hits);
    for (std::string& r : rule) r.clear();
    for (const auto& [cat, glob] : hits) {
      if (rule[cat].empty())
        rule[cat] = "path '" + config.categories[cat].paths[glob].pattern() + "'";
    }
    bool matched = false;
    for (size_t c = 0; c < config.categories.size(); ++c) {
      if (rule[c].empty()) rule[c] = ContentMatch(config.categories[c], f);
      if (rule[c].empty()) continue;
      a->matches.push_back({config.categories[c].name, f.path, std::move(rule[c])});
      touched[c] = matched = true;
    }
    if (!matched) {
      a->matches.push_back({config.default_category, f.path, "default (no rule matched)"});
      if (const Category* d = config.Find(config.default_category); d != nullptr) {
        touched[static_cast<size_t>(d - config.categories.data())] = true;
      }
    }
  }
  for (size_t c = 0; c < config.categories.size(); ++c) {
    if (!touched[c]) continue;
    a->categories.push_back(config.categories[c].name);
    a->risk_class = std::max(a->risk_class, config.categories[c].risk_class);
  }
}

std::string Fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

void AddHistory(const RiskConfig& config, const std::vector<PastChange>& history, Assessment* a) {
  std::set<std::string> mine(a->categories.begin(), a->categories.end());
  for (const PastChange& past : history) {
    bool shares = std::any_of(past.categories.begin(), past.categories.end(),
                              [&](const std::string& c) { return mine.count(c) != 0; });
    if (!shares) continue;
    a->history_deployments += past.deployments;
    a->history_failures += past.failures;
  }
  double rate = (static_cast<double>(a->history_failures) + config.prior_failures) /
                (static_cast<double>(a->history_deployments) + config.prior_deployments);
  std::string detail = std::to_string(a->history_failures) + " failed of " +
                       std::to_string(a->history_deployments) +
                       " deployments sharing a category, prior " + Fixed(config.prior_failures) +
                       "/" + Fixed(config.prior_deployments) + ": rate " + Fixed(rate);
  a->breakdown.push_back({"history", detail, config.history_weight * rate});
}

void Score(const git::Impact& impact, const RiskConfig& config,
           const std::vector<PastChange>& history, Assessment* a) {
  const auto& prod = config.production_environments;
  if (std::find(prod.begin(), prod.end(), a->env) != prod.end()) {
    a->breakdown.push_back({"environment", "target environment '" + a->env + "' is production",
                            config.production_weight});
  }
  for (const std::string& name : a->categories) {
    const Category* cat = config.Find(name);
    if (cat != nullptr && cat->weight > 0) a->breakdown.push_back({"category", name, cat->weight});
  }
  uint64_t lines = impact.lines_added + impact.lines_removed;
  if (lines > config.large_change_lines) {
    a->breakdown.push_back(
        {"size",
         std::to_string(lines) + " changed lines > " + std::to_string(config.large_change_lines),
         config.large_change_weight});
  }
  AddHistory(config, history, a);
  for (const ScoreItem& item : a->breakdown) a->score += item.points;
}

int RouteRank(const std::string& route) {
  return route == "automated" ? 0 : route == "single" ? 1 : 2;
}

std::string Points(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// The stricter of the score's route and the class's (risk.class_routes), both reasons kept.
void Route(const RiskConfig& config, Assessment* a) {
  std::string by_score, why_score;
  if (a->score < config.automated_below) {
    by_score = "automated";
    why_score = "below automated_below " + Points(config.automated_below);
  } else if (a->score < config.single_approver_below) {
    by_score = "single";
    why_score = "below single_approver_below " + Points(config.single_approver_below);
  } else {
    by_score = "quorum";
    why_score = "at or above single_approver_below " + Points(config.single_approver_below);
  }
  const std::string& by_class = config.class_routes[static_cast<int>(a->risk_class)];
  a->route = RouteRank(by_class) > RouteRank(by_score) ? by_class : by_score;
  a->route_reasons = {
      "score " + Points(a->score) + " " + why_score + ": " + by_score,
      std::string("class ") + RiskClassName(a->risk_class) + " needs at least " + by_class};
  auto it = config.evidence.find(a->risk_class);
  if (it != config.evidence.end()) a->required_evidence = it->second;
}

}  // namespace

Assessment Assess(const git::Impact& impact, const RiskConfig& config, const std::string& env,
                  const std::vector<PastChange>& history) {
  Assessment a;
  a.env = env;
  Classify(impact, config, &a);
  Score(impact, config, history, &a);
  Route(config, &a);
  return a;
}

Json Assessment::ToJson() const {
  Json matches_json = Json::array();
  for (const RuleMatch& m : matches)
    matches_json.push_back({{"category", m.category}, {"file", m.file}, {"rule", m.rule}});
  Json items = Json::array();
  for (const ScoreItem& i : breakdown)
    items.push_back({{"factor", i.factor}, {"detail", i.detail}, {"points", i.points}});
  return {{"env", env},
          {"categories", categories},
          {"class", RiskClassName(risk_class)},
          {"score", score},
          {"breakdown", items},
          {"matches", matches_json},
          {"route", route},
          {"route_reasons", route_reasons},
          {"required_evidence", required_evidence},
          {"history", {{"deployments", history_deployments}, {"failures", history_failures}}}};
}

Json ImpactToJson(const git::Impact& impact) {
  Json files = Json::array();
  for (const git::FileChange& f : impact.files) {
    Json j = {{"path", f.path},         {"status", git::FileStatusName(f.status)},
              {"added", f.lines_added}, {"removed", f.lines_removed},
              {"binary", f.binary},     {"submodule", f.submodule},
              {"old_mode", f.old_mode}, {"new_mode", f.new_mode}};
    if (!f.old_path.empty() && f.old_path != f.path) j["old_path"] = f.old_path;
    files.push_back(std::move(j));
  }
  Json commits = Json::array();
  for (const git::Commit& c : impact.commits) {
    Json co = Json::array();
    for (const git::Person& p : c.co_authors) co.push_back({{"name", p.name}, {"email", p.email}});
    commits.push_back({{"id", c.id},
                       {"summary", c.summary},
                       {"merge", c.merge},
                       {"time", c.time},
                       {"author", {{"name", c.author.name}, {"email", c.author.email}}},
                       {"committer", {{"name", c.committer.name}, {"email", c.committer.email}}},
                       {"co_authors", co}});
  }
  return {{"baseline", impact.baseline},
          {"target", impact.target},
          {"files", files},
          {"commits", commits},
          {"lines_added", impact.lines_added},
          {"lines_removed", impact.lines_removed}};
}

std::string RenderAssessment(const git::Impact& impact, const Assessment& a) {
  std::string out = "Range " + impact.baseline.substr(0, 12) + ".." + impact.target.substr(0, 12) +
                    ": " + std::to_string(impact.files.size()) + " files, +" +
                    std::to_string(impact.lines_added) + " -" +
                    std::to_string(impact.lines_removed) + " lines, " +
                    std::to_string(impact.commits.size()) + " commits\n\nMatched rules:\n";
  char line[1024];
  for (const RuleMatch& m : a.matches) {
    std::snprintf(line, sizeof line, "  %-18s %-40s %s\n", m.category.c_str(), m.file.c_str(),
                  m.rule.c_str());
    out += line;
  }
  out += "\nScore:\n";
  for (const ScoreItem& i : a.breakdown) {
    std::snprintf(line, sizeof line, "  %+6.2f  %-12s %s\n", i.points, i.factor.c_str(),
                  i.detail.c_str());
    out += line;
  }
  std::snprintf(line, sizeof line, "  %6.2f  total\n\n", a.score);
  out += line;
  std::string evidence;
  for (const std::string& e : a.required_evidence) evidence += (evidence.empty() ? "" : ", ") + e;
  out += "Class:    " + std::string(RiskClassName(a.risk_class)) + "\n";
  out +=
      "Route:    " + a.route + " (who signs: proofline.yaml approvals; proofline approvals ID)\n";
  for (const std::string& why : a.route_reasons) out += "          " + why + "\n";
  out += "Evidence: " + evidence;
  return out;
}

}  // namespace proofline::risk
