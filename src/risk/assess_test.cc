// Classification and scoring on hand-built impacts: each category, the breakdown, routes, prior.
#include "risk/assess.h"

#include <gtest/gtest.h>

namespace proofline::risk {
namespace {

git::FileChange File(const std::string& path, uint64_t added = 1,
                     std::vector<std::string> lines = {}) {
  git::FileChange f;
  f.path = path;
  f.lines_added = added;
  f.added_lines = std::move(lines);
  return f;
}

git::Impact ImpactOf(std::vector<git::FileChange> files) {
  git::Impact i;
  i.baseline = std::string(40, 'a');
  i.target = std::string(40, 'b');
  for (const auto& f : files) i.lines_added += f.lines_added;
  i.files = std::move(files);
  return i;
}

const RiskConfig& Defaults() {
  static RiskConfig c = *DefaultRiskConfig();
  return c;
}

double Points(const Assessment& a, const std::string& factor) {
  double p = 0;
  for (const auto& i : a.breakdown) {
    if (i.factor == factor) p += i.points;
  }
  return p;
}

TEST(Assess, EachShippedCategoryIsRecognised) {
  struct Case {
    git::FileChange file;
    const char* category;
  };
  for (const Case& c : std::vector<Case>{
           {File("config/app.yaml"), "config_only"},
           {File("src/feature_flags/checkout.json"), "feature_flags"},
           {File("docs/runbook.md"), "content_updates"},
           {File("src/orders/pricing.py"), "business_logic"},
           {File("db/reports.sql", 3, {"CREATE OR REPLACE VIEW monthly AS SELECT 1"}),
            "database_views"},
           {File("web/app.tsx"), "ui_changes"},
           {File("services/api/package.json"), "dependency_update"},
           {File("db/migrations/0042_add_column.sql"), "database_schema"},
           {File("db/patch.sql", 1, {"alter table accounts add column iban text"}),
            "database_schema"},
           {File("src/auth/session.go"), "security_changes"},
           {File("infra/prod/main.tf"), "infrastructure"},
           {File("k8s/deploy.yaml"), "infrastructure"},
       }) {
    Assessment a = Assess(ImpactOf({c.file}), Defaults(), "staging", {});
    EXPECT_NE(std::find(a.categories.begin(), a.categories.end(), c.category), a.categories.end())
        << c.file.path << " -> " << a.ToJson().dump();
  }
}

TEST(Assess, ViewOnlySqlIsMediumNotSchema) {
  Assessment a = Assess(ImpactOf({File("db/reports.sql", 1, {"create view v as select 1"})}),
                        Defaults(), "dev", {});
  EXPECT_EQ(a.categories, std::vector<std::string>{"database_views"});
  EXPECT_EQ(a.risk_class, RiskClass::kMedium);
}

TEST(Assess, SchemaChangeToProductionNeedsTheFullQuorum) {
  Assessment a = Assess(ImpactOf({File("db/migrations/001.sql")}), Defaults(), "production", {});
  EXPECT_EQ(a.risk_class, RiskClass::kHigh);
  EXPECT_DOUBLE_EQ(Points(a, "environment"), 3);
  EXPECT_DOUBLE_EQ(Points(a, "category"), 4);
  EXPECT_DOUBLE_EQ(Points(a, "history"), 2 * 0.1);  // prior only: 1 failure in 10
  EXPECT_DOUBLE_EQ(a.score, 7.2);
  EXPECT_EQ(a.route, "quorum");
  EXPECT_EQ(a.required_evidence,
            (std::vector<std::string>{"full_regression", "security", "compliance", "performance"}));
  ASSERT_FALSE(a.matches.empty());
  EXPECT_EQ(a.matches[0].rule, "path '**/migrations/**'");
}

TEST(Assess, DocsChangeIsAutomatedAndLow) {
  Assessment a =
      Assess(ImpactOf({File("README.md"), File("docs/a.md")}), Defaults(), "staging", {});
  EXPECT_EQ(a.risk_class, RiskClass::kLow);
  EXPECT_EQ(a.route, "automated");
  EXPECT_EQ(a.required_evidence, (std::vector<std::string>{"unit", "integration", "smoke"}));
}

TEST(Assess, LargeChangeAddsItsWeightAndProductionAloneNeedsOneLead) {
  Assessment a = Assess(ImpactOf({File("src/a.cc", 1200)}), Defaults(), "production", {});
  EXPECT_DOUBLE_EQ(Points(a, "size"), 2);
  EXPECT_EQ(a.route, "single");
}

TEST(Assess, UnmatchedFilesFallBackToTheDefaultCategory) {
  Assessment a = Assess(ImpactOf({File("NOTICE")}), Defaults(), "dev", {});
  EXPECT_EQ(a.categories, std::vector<std::string>{"business_logic"});
  EXPECT_EQ(a.matches[0].rule, "default (no rule matched)");
}

TEST(Assess, TheRouteIsNeverWeakerThanTheClass) {
  // Terraform only: infrastructure is high but weighs nothing, so the score alone says automated
  // without --env and single in production; the class says quorum.
  Assessment staging = Assess(ImpactOf({File("terraform/main.tf")}), Defaults(), "", {});
  EXPECT_EQ(RiskClassName(staging.risk_class), std::string("high"));
  EXPECT_LT(staging.score, 3.0);
  EXPECT_EQ(staging.route, "quorum");
  ASSERT_EQ(staging.route_reasons.size(), 2u);
  EXPECT_EQ(staging.route_reasons[0], "score 0.20 below automated_below 3.00: automated");
  EXPECT_EQ(staging.route_reasons[1], "class high needs at least quorum");
  Assessment prod = Assess(ImpactOf({File("main.tf")}), Defaults(), "production", {});
  EXPECT_EQ(prod.route, "quorum");
  // A medium-class fix is signed by a lead whatever its score; a low-class one may be automated.
  EXPECT_EQ(Assess(ImpactOf({File("src/x.py")}), Defaults(), "", {}).route, "single");
  EXPECT_EQ(Assess(ImpactOf({File("docs/a.md")}), Defaults(), "", {}).route, "automated");
  // The mapping is the project's to set, never below what the score asks.
  RiskConfig c = *LoadRiskConfig("risk: {class_routes: {medium: automated, low: single}}\n", "p");
  EXPECT_EQ(Assess(ImpactOf({File("src/x.py")}), c, "", {}).route, "automated");
  EXPECT_EQ(Assess(ImpactOf({File("docs/a.md")}), c, "", {}).route, "single");
  Result<RiskConfig> bad = LoadRiskConfig("risk: {class_routes: {high: none}}\n", "p");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("risk.class_routes.high"), std::string::npos)
      << bad.status().message();
}

TEST(Assess, HistoryPoolsChangesSharingACategoryAndThePriorDampensFewPoints) {
  std::vector<PastChange> history = {
      {{"database_schema"}, 3, 3},    // three failed deployments
      {{"content_updates"}, 50, 50},  // shares nothing: ignored
  };
  Assessment a = Assess(ImpactOf({File("db/migrations/2.sql")}), Defaults(), "staging", history);
  EXPECT_EQ(a.history_deployments, 3u);
  EXPECT_EQ(a.history_failures, 3u);
  EXPECT_DOUBLE_EQ(Points(a, "history"), 2 * (3.0 + 1) / (3 + 10));  // 0.615, not 2.0
}

}  // namespace
}  // namespace proofline::risk
