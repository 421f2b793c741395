#include "policy/facts.h"

#include <gtest/gtest.h>

namespace proofline::policy {
namespace {

Json Entry(const std::string& kind, Json summary) {
  return {{"kind", kind}, {"file", kind + ".f"}, {"digest", "sha256:00"}, {"summary", summary}};
}

TEST(Facts, SumsTestsAndScansOverFiles) {
  Json entries = Json::array(
      {Entry("junit",
             {{"tests", 3}, {"passed", 2}, {"failures", 1}, {"errors", 0}, {"skipped", 0}}),
       Entry("junit",
             {{"tests", 4}, {"passed", 4}, {"failures", 0}, {"errors", 0}, {"skipped", 0}}),
       Entry("sarif", {{"results", 5},
                       {"by_level", {{"error", 2}, {"warning", 3}, {"note", 0}}},
                       {"by_security_severity", {{"critical", 1}, {"high", 1}}}})});
  Json e = AggregateEvidence(entries);
  EXPECT_EQ(e["tests"]["files"], 2);
  EXPECT_EQ(e["tests"]["tests"], 7);
  EXPECT_EQ(e["tests"]["passed"], 6);
  EXPECT_EQ(e["tests"]["failures"], 1);
  EXPECT_EQ(e["scans"]["critical"], 1);
  EXPECT_EQ(e["scans"]["error"], 2);
  EXPECT_EQ(e["scans"]["medium"], 0);
  EXPECT_EQ(e["kinds"], Json::array({"junit", "sarif"}));
}

TEST(Facts, JUnitFilesWithASuiteAlsoCountUnderThatSuite) {
  Json unit = Entry("junit", {{"tests", 3}, {"passed", 3}, {"failures", 0}, {"errors", 0}});
  unit["suite"] = "unit";
  Json smoke = Entry("junit", {{"tests", 2}, {"passed", 1}, {"failures", 1}, {"errors", 0}});
  smoke["suite"] = "smoke";
  Json plain = Entry("junit", {{"tests", 5}, {"passed", 5}, {"failures", 0}, {"errors", 0}});
  Json e = AggregateEvidence(Json::array({unit, smoke, unit, plain}));
  EXPECT_EQ(e["tests"]["tests"], 13);
  EXPECT_EQ(e["suites"]["unit"]["files"], 2);
  EXPECT_EQ(e["suites"]["unit"]["tests"], 6);
  EXPECT_EQ(e["suites"]["smoke"]["failures"], 1);
  EXPECT_EQ(e["suites"].size(), 2u);
  EXPECT_FALSE(AggregateEvidence(Json::array({plain})).contains("suites"));
}

TEST(Facts, CoverageKeepsTheLowestRateAndNullWhenNoLines) {
  Json e = AggregateEvidence(
      Json::array({Entry("coverage", {{"line_rate", 0.9}, {"branch_rate", nullptr}}),
                   Entry("coverage", {{"line_rate", 0.6}, {"branch_rate", nullptr}}),
                   Entry("coverage", {{"line_rate", 0.95}})}));
  EXPECT_DOUBLE_EQ(e["coverage"]["line_rate"].get<double>(), 0.6);
  EXPECT_TRUE(e["coverage"]["branch_rate"].is_null());
  EXPECT_EQ(e["coverage"]["files"], 3);
}

TEST(Facts, ControlTestsMergeControlTestFilesAndJUnitProperties) {
  Json e = AggregateEvidence(Json::array(
      {Entry("control-test",
             {{"by_control", {{"SOX-IT-03", {{"passed", 2}, {"failed", 0}, {"skipped", 1}}}}}}),
       Entry("junit", {{"tests", 2},
                       {"passed", 1},
                       {"failures", 1},
                       {"controls",
                        {{{"control_id", "SOX-IT-03"}, {"result", "failed"}},
                         {{"control_id", "SOX-AC-02"}, {"result", "passed"}}}}})}));
  EXPECT_EQ(e["control_tests"]["SOX-IT-03"], Json({{"passed", 2}, {"failed", 1}, {"skipped", 1}}));
  EXPECT_EQ(e["control_tests"]["SOX-AC-02"]["passed"], 1);
}

TEST(Facts, AbsentKindsAreAbsentKeysAndLatestGenericWins) {
  Json e = AggregateEvidence(
      Json::array({Entry("generic", {{"type", "audit-logging"}, {"data", {{"enabled", false}}}}),
                   Entry("generic", {{"type", "audit-logging"}, {"data", {{"enabled", true}}}}),
                   Entry("attestation", {{"verified", true}, {"subjects", {{{"sha256", "ab"}}}}}),
                   Entry("attestation", {{"verified", false}, {"subjects", {{{"sha256", "cd"}}}}}),
                   Entry("mystery", {{"x", 1}})}));
  EXPECT_FALSE(e.contains("tests"));
  EXPECT_FALSE(e.contains("coverage"));
  EXPECT_EQ(e["generic"]["audit-logging"]["enabled"], true);
  EXPECT_EQ(e["attestations"]["verified"], 1);
  EXPECT_EQ(e["attestations"]["subjects"], Json::array({"ab", "cd"}));
  EXPECT_EQ(e["attestations"]["verified_subjects"], Json::array({"ab"}));
  EXPECT_EQ(e["kinds"], Json::array({"attestation", "generic"}));
}

TEST(Facts, ChangeFactsHaveTheDocumentedSlots) {
  change::ChangeRecord r;
  r.id = "c1";
  r.ticket = "T-1";
  r.env = "prod";
  r.state = change::State::kPendingApproval;
  r.SetAssessment({{"risk",
                    {{"class", "high"},
                     {"score", 9.5},
                     {"route", "quorum"},
                     {"categories", {"security_changes"}},
                     {"required_evidence", {"security"}},
                     {"breakdown", {{{"factor", "environment"}, {"points", 3}}}}}}});
  Json f = ChangeFacts(r, "2025-01-01T00:00:00Z");
  EXPECT_EQ(f["change"]["production"], true);
  EXPECT_EQ(f["change"]["state"], "pending-approval");
  EXPECT_EQ(f["risk"]["level"], "high");
  EXPECT_EQ(f["risk"]["route"], "quorum");
  EXPECT_EQ(f["approvals"], Json::array());
  EXPECT_TRUE(f["deployer"].is_null());
  EXPECT_EQ(f["now"], "2025-01-01T00:00:00Z");
  EXPECT_EQ(f["evidence"], Json({{"kinds", Json::array()}}));
}

TEST(Facts, EvidenceFileFactsAreNotProduction) {
  Json f = EvidenceFileFacts("junit", {{"tests", 1}, {"passed", 1}}, "2025-01-01T00:00:00Z");
  EXPECT_EQ(f["change"]["production"], false);
  EXPECT_EQ(f["risk"]["level"], "");
  EXPECT_EQ(f["evidence"]["tests"]["passed"], 1);
}

}  // namespace
}  // namespace proofline::policy
