#include "policy/catalog.h"

#include <gtest/gtest.h>

#include "cel/eval.h"

namespace proofline::policy {
namespace {

constexpr const char* kSmall = R"yaml(framework: acme
title: Acme controls
controls:
  - id: ACME-1
    title: Tests pass
    citation: Acme policy 1.1
    applies_when: change.production
    evidence: [junit, "evidence.control_tests.`A.1` | evidence.generic.audit-logging"]
    requires:
      - expr: evidence.tests.failures == 0
        reason: tests failed
)yaml";

std::string Error(const std::string& text) {
  Result<Catalog> c = ParseCatalog(text, "acme.yaml");
  EXPECT_FALSE(c.ok());
  return c.ok() ? "" : c.status().message();
}

TEST(Catalog, LoadsControlsWithCompiledExpressionsAndNeeds) {
  Result<Catalog> c = ParseCatalog(kSmall, "acme.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->framework, "acme");
  ASSERT_EQ(c->controls.size(), 1u);
  const Control& ctl = c->controls[0];
  EXPECT_EQ(ctl.origin, "acme.yaml:4");
  EXPECT_TRUE(ctl.applies.has_value());
  ASSERT_EQ(ctl.evidence.size(), 2u);
  EXPECT_EQ(ctl.evidence[0].alternatives[0], (std::vector<std::string>{"evidence", "tests"}));
  EXPECT_EQ(ctl.evidence[1].alternatives[0],
            (std::vector<std::string>{"evidence", "control_tests", "A.1"}));
  EXPECT_EQ(ctl.evidence[1].alternatives[1],
            (std::vector<std::string>{"evidence", "generic", "audit-logging"}));
  EXPECT_EQ(ctl.kinds_used, (std::vector<std::string>{"junit", "control-test", "generic"}));
}

TEST(Catalog, UnknownKeyIsRefusedWithItsLine) {
  std::string text = kSmall;
  text.replace(text.find("    citation"), 0, "    severity: high\n");
  EXPECT_EQ(Error(text), "acme.yaml:6: control ACME-1: unknown key 'severity'");
}

TEST(Catalog, BadExpressionNamesControlLineAndColumn) {
  std::string text = kSmall;
  text.replace(text.find("evidence.tests.failures == 0"), 28, "evidence.tests.failures == = 0");
  std::string e = Error(text);
  EXPECT_NE(e.find("acme.yaml:10: control ACME-1: requires[0].expr: syntax error at column 28"),
            std::string::npos)
      << e;
}

TEST(Catalog, DuplicateIdsMissingKeysAndBadNeedsAreRefused) {
  std::string dup = std::string(kSmall) + R"yaml(  - id: ACME-1
    title: again
    citation: x
    requires: [{expr: "true", reason: r}]
)yaml";
  EXPECT_EQ(Error(dup), "acme.yaml:12: control ACME-1: duplicate id in this catalog");
  std::string no_citation = kSmall;
  no_citation.erase(no_citation.find("    citation"),
                    std::string("    citation: Acme policy 1.1\n").size());
  EXPECT_NE(Error(no_citation).find("control ACME-1: missing 'citation'"), std::string::npos);
  std::string bad_need = kSmall;
  bad_need.replace(bad_need.find("[junit,"), 7, "[junitx,");
  EXPECT_NE(Error(bad_need).find("'junitx' is neither an evidence kind nor a fact path"),
            std::string::npos);
  EXPECT_NE(Error("framework: acme\ntitle: t\ncontrols: [\n").find("acme.yaml:"),
            std::string::npos);
  EXPECT_NE(Error("framework: Acme\ntitle: t\ncontrols: []\n").find("lowercase"),
            std::string::npos);
}

TEST(Catalog, OverrideReplacesByIdAndAppendsNewControls) {
  CatalogSet set;
  set.Add(*ParseCatalog(kSmall, "acme.yaml"));
  Result<Catalog> team = ParseCatalog(R"yaml(framework: acme
title: Team
controls:
  - id: ACME-1
    title: Replaced
    citation: Team policy
    requires: [{expr: "true", reason: never}]
  - id: ACME-2
    title: Added
    citation: Team policy 2
    requires: [{expr: "true", reason: never}]
)yaml",
                                      "team.yaml");
  ASSERT_TRUE(team.ok()) << team.status().message();
  set.Add(std::move(*team));
  const Catalog* acme = set.Find("acme");
  ASSERT_NE(acme, nullptr);
  ASSERT_EQ(acme->controls.size(), 2u);
  EXPECT_EQ(acme->controls[0].title, "Replaced");
  EXPECT_EQ(acme->controls[0].origin, "team.yaml:4");
  EXPECT_FALSE(acme->controls[0].applies.has_value());
  EXPECT_EQ(acme->controls[1].id, "ACME-2");
  EXPECT_EQ(set.Frameworks(), std::vector<std::string>{"acme"});
}

constexpr const char* kWithParams = R"yaml(framework: acme
title: Acme
controls:
  - id: ACME-COV
    title: Coverage
    citation: Acme 2
    params: {min_line_rate: 0.85, min_tests: 1, strict: true, label: "gold"}
    requires:
      - expr: evidence.coverage.line_rate >= params.min_line_rate
        reason: line rate below {params.min_line_rate}
)yaml";

TEST(Catalog, ParamsAreTypedAndMustBeDeclaredWhereUsed) {
  Result<Catalog> c = ParseCatalog(kWithParams, "acme.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->controls[0].params,
            Json({{"min_line_rate", 0.85}, {"min_tests", 1}, {"strict", true}, {"label", "gold"}}));
  EXPECT_TRUE(c->controls[0].params["min_tests"].is_number_integer());
  std::string undeclared = kWithParams;
  undeclared.replace(undeclared.find(">= params.min_line_rate"), 23, ">= params.min_rate");
  EXPECT_EQ(Error(undeclared),
            "acme.yaml:9: control ACME-COV: requires[0].expr: params.min_rate is not among the "
            "control's params");
  std::string bad_reason = kWithParams;
  bad_reason.replace(bad_reason.find("{params.min_line_rate}"), 22, "{params.rate}");
  EXPECT_NE(Error(bad_reason)
                .find("acme.yaml:10: control ACME-COV: requires[0].reason: "
                      "params.rate is not among"),
            std::string::npos);
  std::string nested = kWithParams;
  nested.replace(nested.find("min_tests: 1"), 12, "min_tests: [1]");
  EXPECT_NE(Error(nested).find("params.min_tests: must be an int, a double, a bool or text"),
            std::string::npos);
}

TEST(Catalog, PolicyConfigReadsCatalogsAndParamsStrictly) {
  Result<PolicyConfig> p = ParsePolicyConfig(R"yaml(version: 1
risk: {large_change_lines: 10}
policy:
  catalogs: [compliance/ours.yaml]
  params:
    SOX-CC-06: {min_line_rate: 0.80}
)yaml",
                                             "proofline.yaml");
  ASSERT_TRUE(p.ok()) << p.status().message();
  ASSERT_EQ(p->catalogs.size(), 1u);
  EXPECT_EQ(p->catalogs[0].path, "compliance/ours.yaml");
  EXPECT_EQ(p->catalogs[0].origin, "proofline.yaml:4");
  ASSERT_EQ(p->params.size(), 1u);
  EXPECT_EQ(p->params[0].control, "SOX-CC-06");
  EXPECT_EQ(p->params[0].name, "min_line_rate");
  EXPECT_EQ(p->params[0].value, 0.80);
  EXPECT_EQ(p->params[0].origin, "proofline.yaml:6");
  EXPECT_TRUE(ParsePolicyConfig("risk: {}\n", "p.yaml")->params.empty());

  auto error = [](const std::string& text) {
    Result<PolicyConfig> r = ParsePolicyConfig(text, "p.yaml");
    EXPECT_FALSE(r.ok()) << text;
    return r.ok() ? "" : r.status().message();
  };
  EXPECT_EQ(error("policy:\n  catalog: [a.yaml]\n"), "p.yaml:2: policy: unknown key 'catalog'");
  EXPECT_EQ(error("risk: {}\npolicies: {}\n"), "p.yaml:2: top level: unknown key 'policies'");
  EXPECT_NE(error("policy: {catalogs: [../x.yaml]}\n").find("without '..'"), std::string::npos);
  EXPECT_NE(error("policy: {catalogs: [/etc/x.yaml]}\n").find("relative"), std::string::npos);
  EXPECT_NE(error("policy: {params: {A: 1}}\n").find("policy.params.A: must be a mapping"),
            std::string::npos);
}

TEST(Catalog, OverrideSetsAParamByControlIdAndName) {
  CatalogSet set;
  set.Add(*ParseCatalog(kWithParams, "acme.yaml"));
  auto over = [&](const std::string& control, const std::string& name, Json value) {
    return set.Override({control, name, std::move(value), "proofline.yaml:7"});
  };
  ASSERT_TRUE(over("ACME-COV", "min_line_rate", 0.8).ok());
  const Control& c = set.Find("acme")->controls[0];
  EXPECT_EQ(c.params["min_line_rate"], 0.8);
  EXPECT_EQ(c.params_origin, "proofline.yaml:7");
  ASSERT_TRUE(over("ACME-COV", "min_line_rate", 1).ok());  // an int for a double
  EXPECT_TRUE(c.params["min_line_rate"].is_number_float());
  EXPECT_EQ(over("ACME-9", "min_line_rate", 0.8).message(),
            "proofline.yaml:7: policy.params.ACME-9.min_line_rate: unknown control 'ACME-9'");
  EXPECT_EQ(over("ACME-COV", "max", 1).message(),
            "proofline.yaml:7: policy.params.ACME-COV.max: control ACME-COV (acme.yaml:4) has no "
            "param 'max' (its params: label, min_line_rate, min_tests, strict)");
  EXPECT_EQ(over("ACME-COV", "min_tests", 0.5).message(),
            "proofline.yaml:7: policy.params.ACME-COV.min_tests: must be int like 1, not double");
  EXPECT_NE(over("ACME-COV", "strict", "yes").message().find("must be bool"), std::string::npos);
}

// Every shipped control compiles (Shipped() loads them all) and cites its regulation.
TEST(Catalog, ShippedCatalogsLoadAndEveryControlHasACitation) {
  Result<CatalogSet> set = CatalogSet::Shipped();
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->Frameworks(), (std::vector<std::string>{"hipaa", "pci-dss", "soc2", "sox"}));
  for (const std::string& f : set->Frameworks()) {
    for (const Control& c : set->Find(f)->controls) {
      EXPECT_FALSE(c.citation.empty()) << c.id;
      EXPECT_FALSE(c.evidence.empty() && c.requirements.empty()) << c.id;
    }
  }
  const Catalog* sox = set->Find("sox");
  std::vector<std::string> ids;
  for (const Control& c : sox->controls) ids.push_back(c.id);
  for (const char* want : {"SOX-CC-05", "SOX-IT-03", "SOX-IT-01", "SOX-AC-02", "CC-01"}) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), want), ids.end()) << want;
  }
}

}  // namespace
}  // namespace proofline::policy
