// A fixture for end-to-end tests that need people: a git repository, an initialised store, an
// identity directory of a small bank team (developers, technical leads, security and compliance
// officers, production deployers, an emergency responder, the identity administrator who issues
// tokens) and a token for each of them.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {

constexpr char kTeam[] = R"(users:
  - {id: dana, name: Dana Whitfield, emails: [dana@bank.example, dana@home.example], roles: [developer]}
  - {id: sam, name: Sam Ortiz, emails: [sam@bank.example], roles: [TECHNICAL_LEAD]}
  - {id: ola, name: Ola Berg, emails: [ola@bank.example], roles: [TECHNICAL_LEAD]}
  - {id: sue, name: Sue Park, emails: [sue@bank.example], roles: [SECURITY_OFFICER]}
  - {id: bo, name: Bo Lind, emails: [bo@bank.example], roles: [TECHNICAL_LEAD, SECURITY_OFFICER]}
  - {id: carol, name: Carol Diaz, emails: [carol@bank.example], roles: [COMPLIANCE_OFFICER]}
  - {id: pat, name: Pat Kim, emails: [pat@bank.example], roles: [production-deployers]}
  - {id: eve, name: Eve Ruiz, emails: [eve@bank.example], roles: [production-deployers, emergency-responders]}
  - {id: ada, name: Ada Admin, emails: [ada@bank.example], roles: [IDENTITY_ADMIN]}
)";

class TeamCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    repo_ = dir_ / "repo";
    Git({"-c", "init.defaultBranch=main", "init", "-q", repo_});
    Commit("README.md", "# service\n", "initial", "dana@bank.example");
    ASSERT_EQ(P({"init"}).exit_code, 0);
    WriteText(dir_ / "identity.yaml", kTeam);
    // The first token is the identity administrator's (made locally); ada issues the rest.
    for (const char* user : {"ada", "dana", "sam", "ola", "sue", "bo", "carol", "pat", "eve"}) {
      RunResult r = P({"token", "create", user}, tokens_.empty() ? "" : "ada");
      ASSERT_EQ(r.exit_code, 0) << r.err;
      tokens_[user] = r.out.substr(0, r.out.size() - 1);
    }
  }

  void Git(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"git"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = RunProgram(full, dir_.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  // A commit by `author` (committer: the CI bot), with an optional trailer block.
  void Commit(const std::string& file, const std::string& text, const std::string& message,
              const std::string& author) {
    std::filesystem::create_directories(std::filesystem::path(repo_ + "/" + file).parent_path());
    WriteText(repo_ + "/" + file, text);
    Git({"-C", repo_, "add", "-A"});
    Git({"-C", repo_, "-c", "user.name=CI", "-c", "user.email=ci@bank.example", "commit", "-q",
         "--author", "Someone <" + author + ">", "-m", message});
  }
  RunResult P(const std::vector<std::string>& args, const std::string& as = "") {
    std::vector<std::string> env;
    if (!as.empty()) env.push_back("PROOFLINE_TOKEN=" + tokens_[as]);
    return Proofline(args, dir_.path(), "", env);
  }
  Json J(const RunResult& r) {
    Result<Json> j = ParseJsonStrict(r.out);
    EXPECT_TRUE(j.ok()) << r.out << r.err;
    return j.ok() ? *j : Json();
  }
  std::string Open(const std::string& env = "production") {
    Json opened = J(P({"--json", "change", "open", "--repo", repo_, "--baseline", "HEAD~1",
                       "--target", "HEAD", "--env", env, "--ticket", "T-1", "--title", "t"},
                      "dana"));
    return opened.value("id", "");
  }
  // The SOX status of `control` for change `id`.
  std::string Status(const std::string& id, const std::string& control) {
    const Json j = J(P({"--json", "validate", "--change", id, "--framework", "sox"}));
    for (const Json& r : j["results"]) {
      if (r["control"] == control) return r["status"];
    }
    return "absent";
  }
  // The events of `subject` whose type is `type`.
  std::vector<Json> Events(const std::string& subject, const std::string& type) {
    std::vector<Json> out;
    const Json log = J(P({"--json", "log", "show", "--subject", subject}));
    for (const Json& e : log["events"]) {
      if (e["type"] == type) out.push_back(e);
    }
    return out;
  }

  TempDir dir_;
  std::string repo_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace proofline::testing
