// Classification and risk scoring of a change from its git impact, with an itemised breakdown.
//
// Score (weights from RiskConfig):
//   + production weight            when the target environment is a production one
//   + each category's weight       for every category the change touches (schema +4, security +5)
//   + large_change weight          when lines added + removed exceed large_change_lines
//   + history weight x rate        rate = (F + prior_failures) / (D + prior_deployments), pooled
//                                  over past changes sharing a category: D deployments, F failed
//                                  or rolled back. The Beta prior (default 1 failure in 10) keeps a
//                                  handful of data points from swinging the score.
// Route: score < automated_below -> automated; < single_approver_below -> single; otherwise
// quorum. Who signs for each route is the approval policy's (approval/policy.h).
// Class: the highest class among touched categories; it names the required testing evidence.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "base/json.h"
#include "git/impact.h"
#include "risk/config.h"

namespace proofline::risk {

struct RuleMatch {
  std::string category;
  std::string file;
  std::string rule;  // e.g. "path '**/migrations/**'" or "content '\bALTER..' in: ALTER TABLE x"
};

struct ScoreItem {
  std::string factor;
  std::string detail;
  double points = 0;
};

// Outcomes of one past change, read from the ledger.
struct PastChange {
  std::set<std::string> categories;
  uint64_t deployments = 0;
  uint64_t failures = 0;  // failed or rolled back
};

struct Assessment {
  std::string env;
  std::vector<std::string> categories;  // touched, in config order
  std::vector<RuleMatch> matches;
  RiskClass risk_class = RiskClass::kLow;
  double score = 0;
  std::vector<ScoreItem> breakdown;
  std::string route;  // automated | single | quorum: the stricter of the score's and the class's
  std::vector<std::string> route_reasons;  // the score's route and the class's, each with why
  std::vector<std::string> required_evidence;
  uint64_t history_deployments = 0;
  uint64_t history_failures = 0;

  Json ToJson() const;
};

Assessment Assess(const git::Impact& impact, const RiskConfig& config, const std::string& env,
                  const std::vector<PastChange>& history);

// Impact as JSON (files, commits, totals), shared by `change assess` and the ledger event.
Json ImpactToJson(const git::Impact& impact);

// The human-readable report: files, rule matches, score breakdown, class, route, evidence.
std::string RenderAssessment(const git::Impact& impact, const Assessment& a);

}  // namespace proofline::risk
