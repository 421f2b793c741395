// End-to-end tests of `proofline change ...` on real git repositories built with the git CLI.
#include <gtest/gtest.h>

#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {
namespace {

class ChangeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = dir_ / "repo";
    Git({"-c", "init.defaultBranch=main", "init", "-q", repo_});
    Git({"-C", repo_, "config", "user.name", "Dana Dev"});
    Git({"-C", repo_, "config", "user.email", "dana@bank.example"});
    Write("README.md", "# service\n");
    Write("src/pricing.py", "def price():\n    return 1\n");
    Commit("initial");
    base_ = Head();
    ASSERT_EQ(P({"init"}).exit_code, 0);
  }
  void Git(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"git"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = RunProgram(full, dir_.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void Write(const std::string& path, const std::string& text) {
    RunProgram(
        {"mkdir", "-p",
         repo_ + "/" + path.substr(0, path.rfind('/') == std::string::npos ? 0 : path.rfind('/'))},
        "/");
    WriteText(repo_ + "/" + path, text);
  }
  void Commit(const std::string& message) {
    Git({"-C", repo_, "add", "-A"});
    Git({"-C", repo_, "commit", "-q", "-m", message});
  }
  std::string Head() {
    return RunProgram({"git", "-C", repo_, "rev-parse", "HEAD"}, "/").out.substr(0, 40);
  }
  RunResult P(const std::vector<std::string>& args) { return Proofline(args, dir_.path()); }
  Json J(const RunResult& r) {
    Result<Json> j = ParseJsonStrict(r.out);
    EXPECT_TRUE(j.ok()) << r.out << r.err;
    return j.ok() ? *j : Json();
  }

  TempDir dir_;
  std::string repo_, base_;
};

TEST_F(ChangeCliTest, AssessExplainsTheScoreAndRecordsNothing) {
  Write("db/migrations/0002_iban.sql", "ALTER TABLE accounts ADD COLUMN iban TEXT;\n");
  Write("src/auth/login.py", "def login():\n    pass\n");
  Commit("Add IBAN\n\nCo-authored-by: Sam Sec <sam@bank.example>");
  uint64_t before = J(P({"--json", "log", "show"}))["events"].size();
  RunResult r = P({"change", "assess", "--repo", repo_, "--baseline", base_, "--target", "HEAD",
                   "--env", "production"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("database_schema"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("security_changes"), std::string::npos);
  EXPECT_NE(r.out.find("Route:    quorum"), std::string::npos);
  Json j = J(P({"--json", "change", "assess", "--repo", repo_, "--baseline", base_, "--target",
                "HEAD", "--env", "production"}));
  EXPECT_EQ(j["risk"]["class"], "high");
  EXPECT_DOUBLE_EQ(j["risk"]["score"].get<double>(), 3 + 4 + 5 + 0.2);
  EXPECT_EQ(j["impact"]["commits"][0]["co_authors"][0]["email"], "sam@bank.example");
  EXPECT_EQ(J(P({"--json", "log", "show"}))["events"].size(), before);
}

TEST_F(ChangeCliTest, OpenShowListAndUpdateRecordEveryStep) {
  Write("docs/guide.md", "hello\n");
  Commit("docs");
  Json opened = J(P({"--json", "change", "open", "--repo", repo_, "--baseline", base_, "--target",
                     "HEAD", "--env", "staging", "--ticket", "JIRA-7", "--title", "Docs"}));
  std::string id = opened["id"];
  EXPECT_EQ(opened["state"], "pending-approval");
  EXPECT_EQ(opened["assessment"]["risk"]["route"], "automated");
  RunResult show = P({"change", "show", id});
  EXPECT_EQ(show.exit_code, 0);
  EXPECT_NE(show.out.find("JIRA-7"), std::string::npos);
  Json list = J(P({"--json", "change", "list", "--env", "staging"}));
  ASSERT_EQ(list["changes"].size(), 1u);
  EXPECT_EQ(J(P({"--json", "change", "list", "--env", "production"}))["changes"].size(), 0u);

  Write("terraform/main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n");
  Commit("infra");
  Json updated = J(P({"--json", "change", "update", id, "--target", "HEAD"}));
  EXPECT_EQ(updated["target"], Head());
  EXPECT_EQ(updated["assessment"]["risk"]["class"], "high");
  EXPECT_EQ(J(P({"--json", "log", "show", "--subject", id}))["events"].size(), 5u);
  EXPECT_EQ(P({"log", "verify"}).exit_code, 0);
}

TEST_F(ChangeCliTest, ProjectRulesAreReadAtTheBaselineSoAChangeCannotWeakenThem) {
  Write("proofline.yaml",
        "categories:\n  payments_core: {class: high, weight: 6, paths: [\"/src/payments/\"]}\n");
  Commit("rules");
  std::string with_rules = Head();
  Write("src/payments/ledger.py", "x = 1\n");
  Write("proofline.yaml",
        "categories:\n  payments_core: {class: low, weight: 0, paths: [\"/src/payments/\"]}\n");
  Commit("sneaky");
  Json j = J(P({"--json", "change", "assess", "--repo", repo_, "--baseline", with_rules, "--target",
                "HEAD"}));
  EXPECT_EQ(j["risk"]["class"], "high");
  EXPECT_NE(j["config"].get<std::string>().find("proofline.yaml at"), std::string::npos);
}

TEST_F(ChangeCliTest, ChangeEventsCannotBeWrittenByHand) {
  // A change's events come only from the commands that own them; readers of odd payloads written
  // into the store some other way are tested at the fold (change_test).
  RunResult r = P({"log", "append", "--type", "change.assessed", "--subject", "CHG-ODD", "--data",
                   R"({"risk":{"route":"automated"}})"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("event type 'change.assessed' is reserved: only proofline change open"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(P({"change", "show", "CHG-ODD"}).exit_code, 2);  // not found: nothing recorded
}

TEST_F(ChangeCliTest, BadInputIsExitTwoWithOneLineAndNothingRecorded) {
  Write("src/pricing.py", "def price():\n    return 2\n");
  Commit("change");
  uint64_t before = J(P({"--json", "log", "show"}))["events"].size();
  WriteText(dir_ / "bad.yaml", "categories:\n  x: {class: high, paths: ['src/[oops']}\n");
  struct Case {
    std::vector<std::string> args;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {{"--repo", dir_.path(), "--baseline", "HEAD~1", "--target", "HEAD"},
            "not a git repository"},
           {{"--repo", repo_, "--baseline", "nope", "--target", "HEAD"}, "nope"},
           {{"--repo", repo_, "--baseline", "HEAD", "--target", base_}, "not an ancestor"},
           {{"--repo", repo_, "--baseline", base_, "--target", "HEAD", "--config", "bad.yaml"},
            "--config bad.yaml: change open records a decision, held to proofline.yaml as "
            "committed at the change's baseline"},
       }) {
    std::vector<std::string> args = {"change", "open", "--env", "production"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    RunResult r = P(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  EXPECT_EQ(J(P({"--json", "log", "show"}))["events"].size(), before);
  // A dry run reads the local file, and names what is wrong in it.
  RunResult assess = P({"change", "assess", "--repo", repo_, "--baseline", base_, "--target",
                        "HEAD", "--config", "bad.yaml"});
  EXPECT_EQ(assess.exit_code, 2);
  EXPECT_NE(assess.err.find("invalid glob 'src/[oops'"), std::string::npos) << assess.err;
  EXPECT_EQ(P({"change", "show", "CHG-NOPE"}).exit_code, 2);
  EXPECT_EQ(P({"change", "list", "--state", "done"}).exit_code, 2);
}

}  // namespace
}  // namespace proofline::testing
