// Risk configuration: shipped defaults, field-by-field overrides, and one-line errors for bad
// rules.
#include "risk/config.h"

#include <gtest/gtest.h>

namespace proofline::risk {
namespace {

TEST(RiskConfig, ShippedDefaultsHaveTheDocumentedCategoriesAndWeights) {
  RiskConfig c = *DefaultRiskConfig();
  for (const char* name : {"config_only", "feature_flags", "content_updates", "business_logic",
                           "database_views", "ui_changes", "dependency_update", "database_schema",
                           "security_changes", "infrastructure"}) {
    EXPECT_NE(c.Find(name), nullptr) << name;
  }
  EXPECT_EQ(c.Find("config_only")->risk_class, RiskClass::kLow);
  EXPECT_EQ(c.Find("dependency_update")->risk_class, RiskClass::kMedium);
  EXPECT_EQ(c.Find("infrastructure")->risk_class, RiskClass::kHigh);
  EXPECT_EQ(c.Find("database_schema")->weight, 4);
  EXPECT_EQ(c.Find("security_changes")->weight, 5);
  EXPECT_EQ(c.production_weight, 3);
  EXPECT_EQ(c.large_change_lines, 1000u);
  EXPECT_EQ(c.automated_below, 3);
  EXPECT_EQ(c.single_approver_below, 7);
  EXPECT_EQ(c.evidence[RiskClass::kHigh],
            (std::vector<std::string>{"full_regression", "security", "compliance", "performance"}));
}

TEST(RiskConfig, ProjectFileOverridesAddsAndDisables) {
  RiskConfig c = *LoadRiskConfig(R"(
risk:
  weights: {production: 5}
  thresholds: {automated_below: 2}
categories:
  database_schema: {weight: 6}
  payments_core: {class: high, weight: 5, paths: ["/src/payments/"]}
  feature_flags: {enabled: false}
evidence:
  low: [unit]
)",
                                 "proofline.yaml");
  EXPECT_EQ(c.production_weight, 5);
  EXPECT_EQ(c.automated_below, 2);
  EXPECT_EQ(c.single_approver_below, 7);
  EXPECT_EQ(c.Find("database_schema")->weight, 6);
  EXPECT_FALSE(c.Find("database_schema")->paths.empty());  // untouched fields keep defaults
  ASSERT_NE(c.Find("payments_core"), nullptr);
  EXPECT_TRUE(c.Find("payments_core")->paths[0].Matches("src/payments/ledger.cc"));
  EXPECT_EQ(c.Find("feature_flags"), nullptr);
  EXPECT_EQ(c.evidence[RiskClass::kLow], std::vector<std::string>{"unit"});
}

TEST(RiskConfig, ErrorsNameTheFileAndTheKey) {
  struct Case {
    const char* yaml;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {"risk: {wieghts: {production: 1}}", "proofline.yaml: risk: unknown key 'wieghts'"},
           {"categories: {x: {paths: ['*.c']}}", "categories.x: new category 'x' needs a class"},
           {"categories: {x: {class: extreme}}", "class must be low, medium or high"},
           {"categories: {database_schema: {paths: ['src/[abc']}}", "invalid glob 'src/[abc'"},
           {"categories: {database_schema: {content: ['(unclosed']}}",
            "invalid pattern '(unclosed'"},
           {"risk: {default_category: nonsense}", "unknown category 'nonsense'"},
           {"categories: {nonsense: {enabled: false}}", "unknown category 'nonsense'"},
           {"risk: {weights: {production: -1}}", "must be a non-negative number"},
           {"risk: [1, 2\n", "proofline.yaml: line"},
       }) {
    Result<RiskConfig> r = LoadRiskConfig(c.yaml, "proofline.yaml");
    ASSERT_FALSE(r.ok()) << c.yaml;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(c.message), std::string::npos) << r.status().message();
    EXPECT_EQ(r.status().message().find('\n'), std::string::npos);
  }
}

}  // namespace
}  // namespace proofline::risk
