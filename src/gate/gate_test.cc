// Tests of the gate's configuration and decisions over in-memory change records: every check's
// failure with its reason, separation of duties for the deployer, freeze windows, controls,
// break-glass (allowed roles, overrides, what never yields) and retroactive-approval obligations.
#include "gate/gate.h"

#include <gtest/gtest.h>

namespace proofline::gate {
namespace {

constexpr char kNow[] = "2026-11-26T12:00:00Z";  // a Thursday

identity::Directory Team() {
  Result<identity::Directory> d = identity::Directory::Parse(R"(users:
  - {id: dana, name: Dana, emails: [dana@bank.example, dana@home.example], roles: [developer]}
  - {id: sam, name: Sam, emails: [sam@bank.example], roles: [TECHNICAL_LEAD]}
  - {id: pat, name: Pat, emails: [pat@bank.example], roles: [production-deployers]}
  - {id: eve, name: Eve, emails: [eve@bank.example], roles: [production-deployers, emergency-responders]}
  - {id: ola, name: Ola, emails: [ola@bank.example], roles: [TECHNICAL_LEAD, production-deployers]}
)",
                                                             "team.yaml");
  EXPECT_TRUE(d.ok()) << d.status().message();
  return std::move(*d);
}

// An approved single-route change for production, authored by dana (through an alias), signed
// by sam, with a passing unit suite: everything the default production environment asks.
change::ChangeRecord Change() {
  change::ChangeRecord c;
  c.id = "CHG-1";
  c.requester = "dana";
  c.env = "production";
  c.ticket = "JIRA-7";
  c.target = "t2";
  c.state = change::State::kApproved;
  Json commit = {{"author", {{"email", "dana@home.example"}}},
                 {"committer", {{"email", "dana@home.example"}}},
                 {"co_authors", Json::array({{{"email", "ola@bank.example"}}})}};
  c.SetAssessment({{"risk",
                    {{"route", "single"},
                     {"level", "medium"},
                     {"required_evidence", {"unit"}},
                     {"breakdown", Json::array({{{"factor", "environment"}}})}}},
                   {"impact", {{"commits", Json::array({commit})}}}});
  c.approvals.push_back(change::Signature::FromJson(
      {{"user", "sam"}, {"name", "Sam"}, {"meaning", "ok"}, {"target", "t2"}}));
  c.evidence.push_back(change::EvidenceEntry::FromJson(
      {{"commit", "t2"},
       {"kind", "junit"},
       {"suite", "unit"},
       {"summary", {{"tests", 10}, {"passed", 10}, {"failures", 0}, {"errors", 0}}}}));
  return c;
}

struct Fixture {
  identity::Directory team = Team();
  approval::ApprovalPolicy approvals = approval::DefaultApprovalPolicy();
  GateConfig config = DefaultGateConfig();
  std::shared_ptr<const policy::CatalogSet> catalogs =
      std::make_shared<policy::CatalogSet>(*policy::CatalogSet::Shipped());
  change::ChangeRecord record = Change();

  GateDecision Decide(const std::string& deployer, const std::string& env = "production",
                      bool glass = false, const std::string& now = kNow) {
    GateRequest r;
    r.record = record;
    r.deployer = *team.Find(deployer);
    r.directory = std::make_shared<identity::Directory>(team);
    r.approvals = std::make_shared<approval::ApprovalPolicy>(approvals);
    r.config = std::make_shared<GateConfig>(config);
    r.catalogs = catalogs;
    r.production_environments = {"production", "prod"};
    r.env = env;
    r.now = now;
    r.break_glass = glass;
    r.break_glass_reason = glass ? "payments down" : "";
    return gate::Decide(r);
  }
};

const GateCheck* Find(const GateDecision& d, const std::string& name) {
  for (const GateCheck& c : d.checks) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

std::vector<std::string> Failing(const GateDecision& d) {
  std::vector<std::string> out;
  for (const GateCheck& c : d.checks) {
    if (!c.passed) out.push_back(c.name);
  }
  return out;
}

TEST(GateConfigTest, DefaultsAndOverridesNamingLines) {
  GateConfig d = DefaultGateConfig();
  EXPECT_EQ(d.evidence.size(), 9u);  // every shipped expression compiled
  ASSERT_NE(d.FindEnvironment("production"), nullptr);
  EXPECT_TRUE(d.FindEnvironment("production")->require_ticket);
  EXPECT_EQ(d.FindEnvironment("dev"), nullptr);

  Result<GateConfig> c = ParseGateConfig(R"(version: 1
environments:
  production:
    deployers: [release-managers]
    frameworks: [sox]
    freeze:
      - {from: "2026-12-20T00:00:00Z", until: "2027-01-04T00:00:00Z", reason: year-end close}
    break_glass: {roles: [sre], retro_approval_hours: 8}
  dev:
gate:
  evidence:
    unit: {expr: "true", reason: never fails}
)",
                                         "proofline.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  const Environment* prod = c->FindEnvironment("production");
  ASSERT_NE(prod, nullptr);
  EXPECT_EQ(prod->deployers, std::vector<std::string>{"release-managers"});
  EXPECT_FALSE(prod->require_ticket);  // replaced whole
  EXPECT_EQ(prod->freeze.size(), 1u);
  EXPECT_EQ(prod->break_glass.retro_approval_hours, 8);
  EXPECT_EQ(prod->origin, "proofline.yaml:4");
  EXPECT_NE(c->FindEnvironment("dev"), nullptr);
  EXPECT_NE(c->FindEnvironment("staging"), nullptr);  // defaults kept
  EXPECT_EQ(c->FindEvidence("unit")->expr, "true");

  struct Bad {
    const char* yaml;
    const char* error;
  };
  for (const Bad& b : {
           Bad{"environments:\n  prod:\n    deploy: [x]\n",
               "proofline.yaml:3: unknown key 'deploy'"},
           Bad{"environments:\n  prod:\n    require_ticket: maybe\n",
               "proofline.yaml:3: `require_ticket` must be true or false"},
           Bad{"environments:\n  prod:\n    break_glass: {retro_approval_hours: 0}\n",
               "proofline.yaml:3: `retro_approval_hours` must be hours from 1 to 720"},
           Bad{"gate:\n  evidence:\n    unit: {expr: \"1 +\", reason: r}\n",
               "proofline.yaml:3: gate.evidence.unit: "},
           Bad{"gate:\n  evidence:\n    unit: {expr: \"true\"}\n",
               "proofline.yaml:3: gate.evidence.unit needs a `reason` string"},
           Bad{"gates: {}\n", "proofline.yaml:1: unknown key 'gates'"},
       }) {
    Result<GateConfig> r = ParseGateConfig(b.yaml, "proofline.yaml");
    ASSERT_FALSE(r.ok()) << b.yaml;
    EXPECT_EQ(r.status().message().rfind(b.error, 0), 0u) << r.status().message();
  }
}

TEST(GateTest, AllowsWhenEveryCheckHolds) {
  Fixture f;
  GateDecision d = f.Decide("pat");
  EXPECT_TRUE(d.allow) << Failing(d).size();
  EXPECT_EQ(Failing(d), std::vector<std::string>{});
  EXPECT_EQ(Find(d, "approvals")->reasons,
            std::vector<std::string>{"route single (1 approver: 1 TECHNICAL_LEAD) signed by sam"});
  EXPECT_EQ(Find(d, "deployer-group")->reasons,
            std::vector<std::string>{"pat is production-deployers"});
}

TEST(GateTest, ListsEveryFailingCheckWithItsReason) {
  Fixture f;
  f.record.state = change::State::kPendingApproval;
  f.record.ticket.clear();
  f.record.approvals.clear();
  f.record.evidence.clear();
  GateDecision d = f.Decide("sam");
  EXPECT_FALSE(d.allow);
  EXPECT_EQ(Failing(d), (std::vector<std::string>{"state", "approvals", "ticket", "deployer-group",
                                                  "evidence"}));
  EXPECT_EQ(Find(d, "state")->reasons[0],
            "change CHG-1 is pending-approval; only an approved change deploys");
  EXPECT_EQ(Find(d, "approvals")->reasons[0], "missing 1 more approval by a TECHNICAL_LEAD");
  EXPECT_EQ(Find(d, "ticket")->reasons[0],
            "production requires a ticket and the change names none");
  EXPECT_EQ(Find(d, "deployer-group")->reasons[0],
            "sam holds none of production's deployer roles (production-deployers)");
  EXPECT_EQ(Find(d, "evidence")->reasons[0],
            "unit: no passing JUnit report attested with --suite unit");
}

TEST(GateTest, DeployerMayNotHaveApprovedOrAuthoredTheChange) {
  Fixture f;
  f.record.approvals.push_back(change::Signature::FromJson(
      {{"user", "pat"}, {"name", "Pat"}, {"meaning", "ok"}, {"target", "t2"}}));
  GateDecision approved = f.Decide("pat");
  EXPECT_FALSE(approved.allow);
  EXPECT_EQ(Failing(approved), std::vector<std::string>{"separation-of-duties"});
  EXPECT_EQ(Find(approved, "separation-of-duties")->reasons,
            std::vector<std::string>{"pat approved this change and may not deploy it"});
  // ola co-authored a commit: a production deployer, but not of this change.
  GateDecision coauthor = f.Decide("ola");
  EXPECT_EQ(Failing(coauthor), std::vector<std::string>{"separation-of-duties"});
  EXPECT_EQ(Find(coauthor, "separation-of-duties")->reasons[0],
            "ola authored, committed or co-authored a commit of the change (as ola@bank.example) "
            "and may not deploy it");
}

TEST(GateTest, EnvironmentMustBeConfiguredAndMatchTheAssessment) {
  Fixture f;
  GateDecision unknown = f.Decide("pat", "dev");
  EXPECT_FALSE(unknown.allow);
  EXPECT_EQ(Find(unknown, "environment")->reasons[0],
            "environment 'dev' is not configured (environments: in defaults)");
  f.record.env = "staging";
  f.record.risk.production = false;  // assessed without the production weight
  GateDecision prod = f.Decide("pat");
  EXPECT_EQ(Failing(prod), std::vector<std::string>{"environment"});
  EXPECT_EQ(Find(prod, "environment")->reasons[0],
            "production is a production environment but the change was assessed for 'staging': "
            "open a change for production");
  EXPECT_TRUE(f.Decide("pat", "staging").allow);  // staging: no ticket needed
}

TEST(GateTest, FreezeWindowInForceDenies) {
  Fixture f;
  Result<GateConfig> c = ParseGateConfig(R"(environments:
  production:
    freeze:
      - {from: "2026-11-26T00:00:00Z", until: "2026-11-27T00:00:00Z", reason: Thanksgiving}
)",
                                         "proofline.yaml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  f.config = std::move(*c);
  GateDecision d = f.Decide("pat");
  EXPECT_FALSE(d.allow);
  EXPECT_EQ(Failing(d), std::vector<std::string>{"freeze"});
  EXPECT_EQ(Find(d, "freeze")->reasons[0],
            "production is frozen: Thanksgiving (since 2026-11-26T00:00:00Z, until "
            "2026-11-27T00:00:00Z; proofline.yaml:4)");
  EXPECT_TRUE(f.Decide("pat", "production", false, "2026-11-27T00:00:00Z").allow);
}

TEST(GateTest, ControlsOfTheEnvironmentsFrameworksMustPass) {
  Fixture f;
  f.config.environments["production"].frameworks = {"sox"};
  GateDecision d = f.Decide("pat");
  EXPECT_FALSE(d.allow);
  EXPECT_EQ(Failing(d), std::vector<std::string>{"controls"});
  // Every failing control is named; the first reason is enough to know why.
  for (const std::string& r : Find(d, "controls")->reasons) {
    EXPECT_NE(r.find("(sox) "), std::string::npos) << r;
  }
}

TEST(GateTest, BreakGlassOnlyForTheEmergencyRolesAndNeverPastWhatCannotYield) {
  Fixture f;
  f.record.state = change::State::kPendingApproval;
  f.record.approvals.clear();
  GateDecision plain = f.Decide("eve");
  EXPECT_FALSE(plain.allow);

  GateDecision wrong = f.Decide("pat", "production", true);
  EXPECT_FALSE(wrong.allow);
  EXPECT_FALSE(wrong.break_glass);
  EXPECT_EQ(Find(wrong, "break-glass")->reasons[0],
            "pat may not break the glass in production (roles: emergency-responders)");

  GateDecision glass = f.Decide("eve", "production", true);
  EXPECT_TRUE(glass.allow);
  EXPECT_TRUE(glass.break_glass);
  EXPECT_EQ(glass.overridden, (std::vector<std::string>{"state", "approvals"}));
  EXPECT_EQ(glass.retro_approval_due, "2026-11-27T12:00:00Z");
  GateRequest r;
  r.record = f.record;
  r.deployer = *f.team.Find("eve");
  r.env = "production";
  r.break_glass = true;
  r.break_glass_reason = "payments down";
  std::vector<ledger::EventInput> events = glass.Events(r);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].type, events::kGateDecided);
  EXPECT_EQ(events[0].data["decision"], "allow");
  EXPECT_EQ(events[1].type, events::kGateBreakGlass);
  EXPECT_EQ(events[1].data["overridden"], Json({"state", "approvals"}));

  f.record.state = change::State::kRejected;
  GateDecision rejected = f.Decide("eve", "production", true);
  EXPECT_FALSE(rejected.allow);
  EXPECT_EQ(Find(rejected, "break-glass")->reasons.back(), "check state cannot be overridden");
  f.record.state = change::State::kPendingApproval;
  EXPECT_FALSE(f.Decide("eve", "dev", true).allow);  // unconfigured environment
}

TEST(GateTest, ObligationIsOverdueUntilTheDeployedTargetIsApproved) {
  Fixture f;
  f.record.approvals.clear();
  f.record.events.push_back({41, std::string(events::kGateBreakGlass), "2026-11-25T10:00:00Z",
                             "eve",
                             Json{{"env", "production"},
                                  {"target", "t2"},
                                  {"deployer", "eve"},
                                  {"reason", "payments down"},
                                  {"retro_approval_due", "2026-11-26T10:00:00Z"}}});
  auto before = Obligations(f.record, f.approvals, f.team, "2026-11-26T09:00:00Z");
  ASSERT_EQ(before.size(), 1u);
  EXPECT_FALSE(before[0].overdue);
  auto late = Obligations(f.record, f.approvals, f.team, kNow);
  EXPECT_TRUE(late[0].overdue);
  EXPECT_EQ(late[0].index, 41u);
  // An approval of another target does not meet it; one of the deployed target does.
  f.record.approvals.push_back(
      change::Signature::FromJson({{"user", "sam"}, {"meaning", "ok"}, {"target", "t3"}}));
  EXPECT_TRUE(Obligations(f.record, f.approvals, f.team, kNow)[0].overdue);
  f.record.approvals.push_back(
      change::Signature::FromJson({{"user", "sam"}, {"meaning", "ok"}, {"target", "t2"}}));
  auto met = Obligations(f.record, f.approvals, f.team, kNow);
  EXPECT_TRUE(met[0].fulfilled);
  EXPECT_FALSE(met[0].overdue);
}

TEST(GateTest, ARequestWithoutItsPolicyIsDeniedNotCrashed) {
  GateRequest r;
  r.record = Change();
  r.env = "production";
  r.now = kNow;
  GateDecision d = Decide(r);
  EXPECT_FALSE(d.allow);
  ASSERT_EQ(d.checks.size(), 1u);
  EXPECT_EQ(d.checks[0].name, "policy");
  EXPECT_FALSE(d.checks[0].overridable);
}

TEST(GateTest, ARequestOutlivesWhatBuiltIt) {
  GateRequest r;
  {
    Fixture f;
    r.record = f.record;
    r.deployer = *f.team.Find("pat");
    r.directory = std::make_shared<identity::Directory>(f.team);
    r.approvals = std::make_shared<approval::ApprovalPolicy>(f.approvals);
    r.config = std::make_shared<GateConfig>(f.config);
    r.catalogs = f.catalogs;
    r.production_environments = {"production"};
    r.env = "production";
    r.now = kNow;
  }
  GateDecision d = Decide(r);
  ASSERT_FALSE(d.checks.empty());
  EXPECT_EQ(d.checks[0].name, "state");
  EXPECT_EQ(d.Events(r)[0].subject, "CHG-1");
}

}  // namespace
}  // namespace proofline::gate
