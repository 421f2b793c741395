// Change records over a real ledger: open, fold, list, re-assess, the state machine, history.
#include "change/change.h"

#include <gtest/gtest.h>

#include "store/sqlite_store.h"

namespace proofline::change {
namespace {

class ChangeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pl_change_XXXXXX";
    dir_ = mkdtemp(tmpl);
    store_ = *store::SqliteStore::Create(dir_ + "/c.db");
    key_ = *ledger::SignerKey::Generate("t");
    ledger_ = *ledger::Ledger::Initialize(store_.get(), "t", "tester", key_);
    config_ = *risk::DefaultRiskConfig();
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  git::Impact Impact(const std::string& path, const std::string& target) {
    git::Impact i;
    i.baseline = std::string(40, '0');
    i.target = target;
    git::FileChange f;
    f.path = path;
    f.lines_added = 10;
    i.files = {f};
    i.lines_added = 10;
    return i;
  }
  ChangeRecord Open(const std::string& path, const std::string& env) {
    git::Impact impact = Impact(path, std::string(40, '1'));
    risk::Assessment a = risk::Assess(impact, config_, env, {});
    OpenRequest r{"/repo", "base", "target", env, "SOX-1", "title", "dana"};
    Result<ChangeRecord> c =
        ChangeService(ledger_.get(), store_.get()).Open(r, impact, a, "shipped defaults");
    EXPECT_TRUE(c.ok()) << c.status().message();
    return *c;
  }

  std::string dir_;
  std::unique_ptr<store::SqliteStore> store_;
  ledger::SignerKey key_;
  std::unique_ptr<ledger::Ledger> ledger_;
  risk::RiskConfig config_;
};

TEST(ChangeState, MachineAllowsOnlyTheDocumentedTransitions) {
  EXPECT_TRUE(TransitionAllowed(State::kOpen, State::kPendingApproval));
  EXPECT_TRUE(TransitionAllowed(State::kPendingApproval, State::kApproved));
  EXPECT_TRUE(TransitionAllowed(State::kApproved, State::kDeployed));
  EXPECT_TRUE(TransitionAllowed(State::kDeployed, State::kRolledBack));
  EXPECT_TRUE(TransitionAllowed(State::kApproved, State::kPendingApproval));  // new target
  EXPECT_FALSE(TransitionAllowed(State::kOpen, State::kDeployed));
  EXPECT_FALSE(TransitionAllowed(State::kPendingApproval, State::kDeployed));
  EXPECT_FALSE(TransitionAllowed(State::kRejected, State::kApproved));
  EXPECT_FALSE(TransitionAllowed(State::kDeployed, State::kApproved));
  EXPECT_EQ(*ParseState("rolled-back"), State::kRolledBack);
  EXPECT_FALSE(ParseState("done").ok());
}

TEST_F(ChangeTest, OpenRecordsThreeEventsAndFoldsIntoPendingApproval) {
  uint64_t before = *ledger_->Size();
  ChangeRecord c = Open("db/migrations/1.sql", "production");
  EXPECT_EQ(*ledger_->Size(), before + 3);
  EXPECT_EQ(c.id.rfind("CHG-", 0), 0u);
  EXPECT_EQ(c.state, State::kPendingApproval);
  EXPECT_EQ(c.env, "production");
  EXPECT_EQ(c.assessment["risk"]["class"], "high");
  EXPECT_EQ(c.assessment["risk"]["route"], "quorum");
  // The decisions read the typed summary of the same assessment.
  EXPECT_EQ(c.risk.risk_class, "high");
  EXPECT_EQ(c.risk.route, "quorum");
  EXPECT_TRUE(c.risk.production);
  EXPECT_EQ(c.risk.score, NumberAt(c.assessment["risk"], "score"));
  ASSERT_EQ(c.events.size(), 3u);
  EXPECT_EQ(c.events[0].type, "change.opened");
  EXPECT_EQ(ChangeService(ledger_.get(), store_.get()).Get("CHG-NOPE").status().code(),
            StatusCode::kNotFound);
}

TEST_F(ChangeTest, ListFiltersByEnvironmentAndState) {
  ChangeRecord a = Open("README.md", "staging");
  ChangeRecord b = Open("src/x.cc", "production");
  ChangeService svc(ledger_.get(), store_.get());
  ASSERT_TRUE(svc.Transition(b.id, State::kApproved, "lead", "ok").ok());
  EXPECT_EQ(svc.List(std::nullopt, std::nullopt)->size(), 2u);
  auto prod = *svc.List(std::string("production"), std::nullopt);
  ASSERT_EQ(prod.size(), 1u);
  EXPECT_EQ(prod[0].id, b.id);
  auto pending = *svc.List(std::nullopt, State::kPendingApproval);
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0].id, a.id);
}

TEST_F(ChangeTest, NewTargetReassessesAndReturnsToPendingApproval) {
  ChangeRecord c = Open("src/x.cc", "staging");
  ChangeService svc(ledger_.get(), store_.get());
  ASSERT_TRUE(svc.Transition(c.id, State::kApproved, "lead", "ok").ok());
  git::Impact impact = Impact("db/migrations/2.sql", std::string(40, '2'));
  risk::Assessment a = risk::Assess(impact, config_, "staging", {});
  ChangeRecord r = *svc.Reassess(c.id, impact, a, "shipped defaults", "dana");
  EXPECT_EQ(r.state, State::kPendingApproval);
  EXPECT_EQ(r.target, std::string(40, '2'));
  EXPECT_EQ(r.assessment["risk"]["class"], "high");
  EXPECT_EQ(r.risk.risk_class, "high");
  EXPECT_FALSE(r.risk.production);                                           // staging
  EXPECT_FALSE(svc.Transition(c.id, State::kDeployed, "bot", "skip").ok());  // not approved
  ASSERT_TRUE(svc.Transition(c.id, State::kRejected, "lead", "no").ok());
  EXPECT_FALSE(svc.Reassess(c.id, impact, a, "shipped defaults", "dana").ok());
}

TEST_F(ChangeTest, EvidenceAndSignaturesFoldIntoTypedEntries) {
  ChangeRecord c = Open("src/x.cc", "staging");
  ASSERT_TRUE(ledger_
                  ->Append({{"evidence.attached",
                             c.id,
                             "ci",
                             {{"kind", "junit"},
                              {"file", "unit.xml"},
                              {"digest", "sha256:ab"},
                              {"size", 12},
                              {"commit", c.target},
                              {"suite", "unit"},
                              {"controls", {"SOX-CC-06"}},
                              {"summary", {{"tests", 3}}}}},
                            {"approval.granted",
                             c.id,
                             "sam",
                             {{"user", "sam"},
                              {"name", "Sam Ortiz"},
                              {"roles", {"TECHNICAL_LEAD"}},
                              {"meaning", "reviewed"},
                              {"target", c.target}}}})
                  .ok());
  ChangeRecord r = *ChangeService(ledger_.get(), store_.get()).Get(c.id);
  ASSERT_EQ(r.evidence.size(), 1u);
  const EvidenceEntry& e = r.evidence[0];
  EXPECT_EQ(e.kind, "junit");
  EXPECT_EQ(e.file, "unit.xml");
  EXPECT_EQ(e.size, 12u);
  EXPECT_EQ(e.suite, "unit");
  EXPECT_EQ(e.controls, std::vector<std::string>{"SOX-CC-06"});
  EXPECT_EQ(e.actor, "ci");
  EXPECT_EQ(UintAt(e.summary, "tests"), 3u);
  ASSERT_EQ(r.approvals.size(), 1u);
  EXPECT_EQ(r.approvals[0].name, "Sam Ortiz");
  EXPECT_EQ(r.approvals[0].roles, std::vector<std::string>{"TECHNICAL_LEAD"});
  EXPECT_EQ(r.approvals[0].target, c.target);
  EXPECT_FALSE(r.approvals[0].time.empty());
  // What `change show --json` prints: the recorded data plus where it stands in the ledger.
  Json shown = r.ToJson();
  EXPECT_EQ(shown["evidence"][0]["suite"], "unit");
  EXPECT_EQ(shown["evidence"][0]["index"], e.index);
  EXPECT_FALSE(shown["approvals"][0].contains("comment"));
  EXPECT_EQ(shown["approvals"][0]["meaning"], "reviewed");
  // Evidence of another commit is stale: shown apart, never among what decisions read.
  ASSERT_TRUE(
      ledger_
          ->Append({{"evidence.attached",
                     c.id,
                     "ci",
                     {{"kind", "junit"}, {"commit", c.baseline}, {"summary", {{"tests", 9}}}}}})
          .ok());
  r = *ChangeService(ledger_.get(), store_.get()).Get(c.id);
  ASSERT_EQ(r.evidence.size(), 2u);
  EXPECT_FALSE(r.Current(r.evidence[1]));
  EXPECT_EQ(r.EvidenceJson().size(), 1u);
  ASSERT_EQ(r.StaleEvidenceJson().size(), 1u);
  EXPECT_EQ(r.StaleEvidenceJson()[0]["commit"], c.baseline);
}

TEST_F(ChangeTest, OddPayloadsNeverCrashTheFold) {
  // Events in the store that no Proofline operation wrote that way (an older version, an insider
  // with the file): every field of the wrong type reads as absent.
  for (const char* data : {R"({"title":5,"env":["x"]})", R"({"risk":"not an object"})",
                           R"({"risk":{"categories":[1,{}],"breakdown":7},"impact":[]})",
                           R"({"summary":[],"controls":"x","roles":{}})"}) {
    for (const char* type :
         {"change.opened", "change.assessed", "evidence.attached", "approval.granted"}) {
      ASSERT_TRUE(ledger_->Append({{type, "CHG-ODD", "x", *ParseJsonStrict(data)}}).ok());
    }
  }
  ChangeService svc(ledger_.get(), store_.get());
  Result<ChangeRecord> r = svc.Get("CHG-ODD");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->title, "");
  EXPECT_EQ(r->risk.route, "");
  EXPECT_TRUE(r->risk.categories.empty());
  EXPECT_EQ(r->evidence.size(), 4u);
  EXPECT_TRUE(r->evidence[3].controls.empty());
  EXPECT_EQ(r->approvals.size(), 4u);
  EXPECT_TRUE(r->approvals[3].roles.empty());
  EXPECT_TRUE(r->ToJson().is_object());
  EXPECT_TRUE(svc.List(std::nullopt, std::nullopt).ok());
}

TEST_F(ChangeTest, HistoryCountsDeploymentOutcomesPerChangeCategories) {
  ChangeRecord c = Open("db/migrations/1.sql", "production");
  ASSERT_TRUE(ledger_
                  ->Append({{"deployment.failed", c.id, "bot", Json::object()},
                            {"deployment.succeeded", c.id, "bot", Json::object()},
                            {"deployment.rolled_back", c.id, "bot", Json::object()}})
                  .ok());
  auto history = *ChangeService(ledger_.get(), store_.get()).History();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].deployments, 3u);
  EXPECT_EQ(history[0].failures, 2u);
  EXPECT_EQ(history[0].categories.count("database_schema"), 1u);
}

}  // namespace
}  // namespace proofline::change
