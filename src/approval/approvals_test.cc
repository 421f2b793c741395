#include "approval/approvals.h"

#include <gtest/gtest.h>

namespace proofline::approval {
namespace {

constexpr char kNow[] = "2026-11-26T12:00:00Z";

identity::Directory Team() {
  Result<identity::Directory> d = identity::Directory::Parse(R"(users:
  - {id: dana, name: Dana, emails: [dana@bank.example, dana@home.example], roles: [developer]}
  - {id: sam, name: Sam, emails: [sam@bank.example], roles: [TECHNICAL_LEAD]}
  - {id: sue, name: Sue, emails: [sue@bank.example], roles: [SECURITY_OFFICER]}
  - {id: both, name: Bo, emails: [bo@bank.example], roles: [TECHNICAL_LEAD, SECURITY_OFFICER]}
  - {id: ola, name: Ola, emails: [ola@bank.example], roles: [TECHNICAL_LEAD]}
)",
                                                             "team.yaml");
  EXPECT_TRUE(d.ok()) << d.status().message();
  return std::move(*d);
}

change::ChangeRecord Change(const std::string& route) {
  change::ChangeRecord c;
  c.id = "CHG-1";
  c.requester = "dana";
  c.target = "t2";
  Json commit = {{"author", {{"email", "dana@home.example"}}},
                 {"committer", {{"email", "ci@bank.example"}}},
                 {"co_authors", Json::array({{{"email", "ola@bank.example"}}})}};
  c.SetAssessment({{"risk", {{"route", route}}}, {"impact", {{"commits", Json::array({commit})}}}});
  return c;
}

void Sign(change::ChangeRecord* c, const std::string& user, const std::string& target) {
  c->approvals.push_back(change::Signature::FromJson(
      {{"user", user}, {"name", user}, {"meaning", "reviewed"}, {"target", target}}));
}

TEST(ConflictsTest, RequesterAuthorThroughAliasAndCoAuthorMayNotSign) {
  const identity::Directory team = Team();
  const ApprovalPolicy kDefaults = DefaultApprovalPolicy();
  change::ChangeRecord c = Change("single");
  EXPECT_EQ(Conflicts(kDefaults, c, *team.Find("dana"), team),
            (std::vector<std::string>{
                "dana requested the change",
                "dana authored, committed or co-authored a commit of the change (as "
                "dana@home.example)"}));
  EXPECT_EQ(Conflicts(kDefaults, c, *team.Find("ola"), team).size(), 1u);
  EXPECT_TRUE(Conflicts(kDefaults, c, *team.Find("sam"), team).empty());
  Sign(&c, "sam", "t2");
  EXPECT_EQ(Conflicts(kDefaults, c, *team.Find("sam"), team),
            std::vector<std::string>{"sam already approved this target"});
}

TEST(ConflictsTest, ACommitAddressNobodyKnowsIsNamedUntilTheCommittedPolicyMapsIt) {
  const identity::Directory team = Team();
  change::ChangeRecord c = Change("single");  // committed by ci@bank.example, in no identity
  EXPECT_EQ(UnknownCommitPeople(DefaultApprovalPolicy(), c, team),
            std::vector<std::string>{"ci@bank.example is in no identity of the directory and not "
                                     "mapped by approvals.commit_addresses"});
  Result<ApprovalPolicy> bot = ParseApprovalPolicy(R"(approvals:
  commit_addresses: {" CI+release@Bank.example ": automation}
)",
                                                   "p.yaml");
  ASSERT_TRUE(bot.ok()) << bot.status().message();
  EXPECT_TRUE(UnknownCommitPeople(*bot, c, team).empty());
  // Mapped to a person, the address keeps that person out like the directory's own aliases.
  Result<ApprovalPolicy> sams = ParseApprovalPolicy(R"(approvals:
  commit_addresses: {ci@bank.example: sam}
)",
                                                    "p.yaml");
  ASSERT_TRUE(sams.ok());
  EXPECT_TRUE(UnknownCommitPeople(*sams, c, team).empty());
  EXPECT_EQ(Conflicts(*sams, c, *team.Find("sam"), team),
            std::vector<std::string>{"sam authored, committed or co-authored a commit of the "
                                     "change (as ci@bank.example)"});
  Result<ApprovalPolicy> gone = ParseApprovalPolicy(R"(approvals:
  commit_addresses: {ci@bank.example: tom}
)",
                                                    "p.yaml");
  EXPECT_EQ(
      UnknownCommitPeople(*gone, c, team),
      std::vector<std::string>{"ci@bank.example is mapped to 'tom', who is not in the directory"});
  for (const char* bad : {"approvals:\n  commit_addresses: [ci@bank.example]\n",
                          "approvals:\n  commit_addresses: {ci-bank: automation}\n",
                          "approvals:\n  commit_addresses: {ci@bank.example: ''}\n"}) {
    EXPECT_FALSE(ParseApprovalPolicy(bad, "p.yaml").ok()) << bad;
  }
}

TEST(EvaluateTest, QuorumNeedsDistinctPeopleForEachRole) {
  const identity::Directory team = Team();
  Result<ApprovalPolicy> two = ParseApprovalPolicy(R"(approvals:
  routes:
    quorum: {approvers: 2, including: {TECHNICAL_LEAD: 1, SECURITY_OFFICER: 1}}
)",
                                                   "proofline.yaml");
  ASSERT_TRUE(two.ok()) << two.status().message();
  const ApprovalPolicy& policy = *two;
  EXPECT_EQ(DefaultApprovalPolicy().Rule("quorum").Describe(),
            "3 approvers including 1 COMPLIANCE_OFFICER and 1 SECURITY_OFFICER and 1 "
            "TECHNICAL_LEAD");
  change::ChangeRecord c = Change("quorum");
  Sign(&c, "both", "t2");  // holds both roles, but fills only one
  ApprovalStatus st = Evaluate(policy, c, team, kNow);
  EXPECT_FALSE(st.satisfied);
  EXPECT_EQ(st.missing, std::vector<std::string>{"1 more approval by a TECHNICAL_LEAD"});
  Sign(&c, "sue", "t2");  // now "both" can be the lead
  st = Evaluate(policy, c, team, kNow);
  EXPECT_TRUE(st.satisfied) << st.ToJson().dump();
}

TEST(EvaluateTest, ApproversBeyondTheRolesMayHoldAnyRole) {
  const identity::Directory team = Team();
  Result<ApprovalPolicy> p = ParseApprovalPolicy(
      "approvals:\n  routes:\n    quorum: {approvers: 3, including: {SECURITY_OFFICER: 1}}\n",
      "proofline.yaml");
  ASSERT_TRUE(p.ok()) << p.status().message();
  change::ChangeRecord c = Change("quorum");
  Sign(&c, "sam", "t2");
  ApprovalStatus st = Evaluate(*p, c, team, kNow);
  EXPECT_EQ(st.missing,
            (std::vector<std::string>{
                "1 more approval by a SECURITY_OFFICER",
                "1 more approver of any role (3 approvers including 1 SECURITY_OFFICER)"}));
  Sign(&c, "sue", "t2");
  Sign(&c, "both", "t2");
  EXPECT_TRUE(Evaluate(*p, c, team, kNow).satisfied);
}

TEST(EvaluateTest, ConflictedAndStaleSignaturesDoNotCount) {
  const identity::Directory team = Team();
  change::ChangeRecord c = Change("single");
  Sign(&c, "sam", "t1");  // signed an earlier target: reset
  Sign(&c, "ola", "t2");  // co-author
  ApprovalStatus st = Evaluate(DefaultApprovalPolicy(), c, team, kNow);
  EXPECT_FALSE(st.satisfied);
  EXPECT_EQ(st.reset, 1u);
  ASSERT_EQ(st.ignored.size(), 1u);
  EXPECT_EQ(st.missing.front(), "1 more approval by a TECHNICAL_LEAD");
  Sign(&c, "sam", "t2");
  EXPECT_TRUE(Evaluate(DefaultApprovalPolicy(), c, team, kNow).satisfied);
}

TEST(EvaluateTest, AutomatedRouteFallsToATechnicalLeadListingFailedChecks) {
  const identity::Directory team = Team();
  change::ChangeRecord c = Change("automated");
  c.evidence.push_back(change::EvidenceEntry::FromJson(
      {{"commit", "t2"},
       {"kind", "junit"},
       {"summary", {{"tests", 3}, {"passed", 3}, {"failures", 0}, {"errors", 0}}}}));
  ApprovalStatus st = Evaluate(DefaultApprovalPolicy(), c, team, kNow);
  EXPECT_FALSE(st.satisfied);
  EXPECT_EQ(st.effective_route, "single");
  std::vector<std::string> failed;
  for (const CheckOutcome& o : st.checks) {
    if (!o.passed) failed.push_back(o.name);
  }
  EXPECT_EQ(failed, (std::vector<std::string>{
                        "security-scan-passed", "no-high-or-critical-vulnerabilities",
                        "compliance-checks-passed", "backup-verified", "rollback-plan-exists"}));
  c.evidence.push_back(change::EvidenceEntry::FromJson(
      {{"commit", "t2"}, {"kind", "sarif"}, {"summary", {{"results", 0}}}}));
  c.evidence.push_back(change::EvidenceEntry::FromJson(
      {{"commit", "t2"}, {"kind", "sbom"}, {"summary", {{"components", 4}}}}));
  c.evidence.push_back(change::EvidenceEntry::FromJson(
      {{"commit", "t2"},
       {"kind", "control-test"},
       {"summary", {{"by_control", {{"SOX-AC-02", {{"passed", 1}, {"failed", 0}}}}}}}}));
  c.evidence.push_back(change::EvidenceEntry::FromJson(
      {{"commit", "t2"},
       {"kind", "generic"},
       {"summary", {{"type", "backup-verification"}, {"data", {{"verified", true}}}}}}));
  c.evidence.push_back(change::EvidenceEntry::FromJson(
      {{"commit", "t2"},
       {"kind", "generic"},
       {"summary", {{"type", "rollback-plan"}, {"data", {{"steps", 2}}}}}}));
  st = Evaluate(DefaultApprovalPolicy(), c, team, kNow);
  EXPECT_TRUE(st.satisfied) << st.ToJson().dump(1);
  EXPECT_EQ(st.effective_route, "automated");
}

TEST(PolicyTest, ConfigOverridesRoutesAndChecksAndRefusesNonsense) {
  Result<ApprovalPolicy> p = ParseApprovalPolicy(R"(approvals:
  routes:
    quorum: {approvers: 3, including: {SECURITY_OFFICER: 1}}
  automated_checks:
    - {name: tests, expr: has(evidence.tests), reason: no tests}
)",
                                                 "proofline.yaml");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->Rule("quorum").Describe(), "3 approvers including 1 SECURITY_OFFICER");
  EXPECT_EQ(p->Rule("single").Describe(), "1 approver: 1 TECHNICAL_LEAD");
  EXPECT_EQ(p->automated_checks.size(), 1u);
  auto error = [](const char* yaml) {
    Result<ApprovalPolicy> r = ParseApprovalPolicy(yaml, "p.yaml");
    return r.ok() ? std::string("ok") : r.status().message();
  };
  EXPECT_EQ(error("approvals:\n  routes:\n    single: {approvers: 1, including: {A: 2}}\n"),
            "p.yaml:3: `including` asks for 2 role holders among 1 approvers");
  EXPECT_EQ(error("approvals:\n  route: {}\n"), "p.yaml:2: unknown key 'route'");
  EXPECT_EQ(error("approvals:\n  automated_checks:\n    - {name: x, expr: 'a ==', reason: r}\n"),
            "p.yaml:3: check x: syntax error at column 5: expected an expression but found end of "
            "input");
  EXPECT_EQ(error("version: 1\nrisk: {}\n"), "ok");
}

}  // namespace
}  // namespace proofline::approval
