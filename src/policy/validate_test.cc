#include "policy/validate.h"

#include <gtest/gtest.h>

#include "policy/facts.h"

namespace proofline::policy {
namespace {

constexpr const char* kNow = "2025-06-01T12:00:00Z";

constexpr const char* kCatalog = R"yaml(framework: acme
title: Acme
controls:
  - id: PROD-ONLY
    title: Production only
    citation: c
    applies_when: change.production
    requires: [{expr: "false", reason: never reached}]
  - id: NEEDS-COVERAGE
    title: Coverage
    citation: c
    evidence: [coverage, "sarif | sbom"]
    requires: [{expr: "true", reason: r}]
  - id: TESTS
    title: Tests
    citation: c
    evidence: [junit]
    requires:
      - {expr: "evidence.tests.passed > 0", reason: no passing tests}
      - {expr: "evidence.tests.failures == 0", reason: tests failed}
  - id: BROKEN
    title: Errors never pass
    citation: c
    requires:
      - {expr: "evidence.nothing.here == 1 || false", reason: broken fact}
      - {expr: "1", reason: not a bool}
)yaml";

class ValidateTest : public ::testing::Test {
 protected:
  void SetUp() override { catalogs_.Add(*ParseCatalog(kCatalog, "acme.yaml")); }
  std::vector<ControlResult> Run(const std::vector<PolicyException>& exceptions = {}) {
    entries_ = Json::array({{{"kind", "junit"},
                             {"file", "r.xml"},
                             {"digest", "sha256:aa"},
                             {"index", 7},
                             {"summary", {{"tests", 2}, {"passed", 1}, {"failures", 1}}}}});
    Json facts = EvidenceFileFacts("junit", entries_[0]["summary"], kNow);
    Result<std::vector<ControlResult>> r =
        Validate(catalogs_, {"acme"}, facts, entries_, exceptions);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : std::vector<ControlResult>();
  }
  CatalogSet catalogs_;
  Json entries_;
};

TEST_F(ValidateTest, EachStatusWithItsReasons) {
  std::vector<ControlResult> r = Run();
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0].outcome, Outcome::kNotApplicable);
  EXPECT_EQ(r[0].reasons, std::vector<std::string>{"applies_when is false: change.production"});
  EXPECT_EQ(r[1].outcome, Outcome::kMissingEvidence);
  EXPECT_EQ(r[1].reasons, (std::vector<std::string>{"missing evidence: coverage",
                                                    "missing evidence: sarif | sbom"}));
  EXPECT_EQ(r[2].outcome, Outcome::kFail);
  EXPECT_EQ(r[2].reasons, std::vector<std::string>{"tests failed"});
  EXPECT_EQ(
      r[2].evidence,
      Json::array({{{"kind", "junit"}, {"file", "r.xml"}, {"digest", "sha256:aa"}, {"index", 7}}}));
  EXPECT_EQ(r[3].outcome, Outcome::kFail);
  ASSERT_EQ(r[3].reasons.size(), 2u);
  EXPECT_NE(r[3].reasons[0].find("broken fact (evaluation error"), std::string::npos)
      << r[3].reasons[0];
  EXPECT_EQ(r[3].reasons[1], "not a bool (expression gave int, not bool)");
  EXPECT_TRUE(AnyFailed(r));
}

TEST_F(ValidateTest, PassWhenEveryRequirementHolds) {
  Json facts = EvidenceFileFacts("junit", {{"tests", 1}, {"passed", 1}, {"failures", 0}}, kNow);
  Result<std::vector<ControlResult>> r = Validate(catalogs_, {"acme"}, facts, Json::array(), {});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[2].outcome, Outcome::kPass);
  EXPECT_TRUE((*r)[2].reasons.empty());
}

TEST_F(ValidateTest, ExceptionInForceExceptsAndExpiredOneIsIgnored) {
  PolicyException expired{
      "TESTS", "old waiver", "2025-05-01T00:00:00Z", "carol", "dana", "c1", 3, 2, ""};
  PolicyException valid{
      "TESTS", "flaky suite, fix in T-9", "2025-07-01T00:00:00Z", "carol", "dana", "c1", 5, 4, ""};
  std::vector<ControlResult> r = Run({expired});
  EXPECT_EQ(r[2].outcome, Outcome::kFail);
  EXPECT_EQ(r[2].reasons.back(), "exception #3 by carol expired at 2025-05-01T00:00:00Z: ignored");
  r = Run({expired, valid});
  EXPECT_EQ(r[2].outcome, Outcome::kExcepted);
  EXPECT_EQ(r[2].reasons.back(),
            "excepted: flaky suite, fix in T-9 (exception #5, approved by carol, until "
            "2025-07-01T00:00:00Z)");
  EXPECT_EQ(r[0].outcome, Outcome::kNotApplicable);  // other controls untouched
}

TEST_F(ValidateTest, UnknownFrameworkNamesTheKnownOnes) {
  Result<std::vector<ControlResult>> r =
      Validate(catalogs_, {"iso27001"}, EvidenceFileFacts("junit", {}, kNow), Json::array(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "unknown framework 'iso27001' (known: acme)");
}

TEST(ExceptionEvents, RequestRefusesPastOrMalformedExpiry) {
  ExceptionRequest r{"c1", "SOX-AC-02", "why", "2025-01-01T00:00:00Z", "dana", 0, "", false};
  EXPECT_EQ(RequestEvent(r, kNow).status().message(),
            "--until 2025-01-01T00:00:00Z is not in the future");
  r.until = "next week";
  EXPECT_FALSE(RequestEvent(r, kNow).ok());
  r.until = "2025-06-02T00:00:00+02:00";
  Result<ledger::EventInput> ev = RequestEvent(r, kNow);
  ASSERT_TRUE(ev.ok()) << ev.status().message();
  EXPECT_EQ(ev->type, "policy.exception.requested");
  EXPECT_EQ(ev->subject, "c1");
  EXPECT_EQ(ev->data["until"], "2025-06-01T22:00:00Z");
  EXPECT_EQ(ev->actor, "dana");
}

TEST(ExceptionEvents, OnlyAnIndependentComplianceOfficerGrantsAndMayOnlyShorten) {
  const ExceptionRequest r{"c1", "SOX-AC-02", "why", "2025-06-10T00:00:00Z", "dana", 7, "", false};
  const identity::User lead{"sam", "Sam", {}, {"TECHNICAL_LEAD"}};
  const identity::User officer{"carol", "Carol", {}, {"COMPLIANCE_OFFICER"}};
  const identity::User self{"dana", "Dana", {}, {"COMPLIANCE_OFFICER"}};
  EXPECT_EQ(GrantEvent(r, lead, "", kNow).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(GrantEvent(r, self, "", kNow).status().message(),
            "dana requested this exception and may not approve it (separation of duties)");
  EXPECT_EQ(GrantEvent(r, officer, "2025-06-11T00:00:00Z", kNow).status().code(),
            StatusCode::kInvalidArgument);
  Result<ledger::EventInput> ev = GrantEvent(r, officer, "2025-06-05T00:00:00Z", kNow);
  ASSERT_TRUE(ev.ok()) << ev.status().message();
  EXPECT_EQ(ev->data, Json({{"control", "SOX-AC-02"},
                            {"reason", "why"},
                            {"until", "2025-06-05T00:00:00Z"},
                            {"approved_by", "carol"},
                            {"requested_by", "dana"},
                            {"request", 7}}));
  ExceptionRequest done = r;
  done.granted = true;
  EXPECT_EQ(GrantEvent(done, officer, "", kNow).status().code(), StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace proofline::policy
