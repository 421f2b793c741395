// A store with one change opened on a real two-commit git repository: the starting point of
// the `proofline attest` end-to-end tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {

class AttestCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string repo = dir_ / "repo";
    Run({"git", "-c", "init.defaultBranch=main", "init", "-q", repo});
    Run({"git", "-C", repo, "config", "user.name", "Dana Dev"});
    Run({"git", "-C", repo, "config", "user.email", "dana@bank.example"});
    WriteText(repo + "/README.md", "# service\n");
    Run({"git", "-C", repo, "add", "-A"});
    Run({"git", "-C", repo, "commit", "-q", "-m", "initial"});
    // A low-class change (content: documentation) in staging: scored and classed for the
    // automated route, so the controls and approvals tests see it (risk/assess.h).
    WriteText(repo + "/notes.md", "x = 1\n");
    Run({"git", "-C", repo, "add", "-A"});
    Run({"git", "-C", repo, "commit", "-q", "-m", "change"});
    ASSERT_EQ(P({"init"}).exit_code, 0);
    Json opened = J(P({"--json", "change", "open", "--repo", repo, "--baseline", "HEAD~1",
                       "--target", "HEAD", "--env", "staging", "--title", "t"}));
    ASSERT_TRUE(opened.contains("id"));
    id_ = opened["id"];
  }
  void Run(const std::vector<std::string>& args) {
    RunResult r = RunProgram(args, dir_.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  RunResult P(const std::vector<std::string>& args) { return Proofline(args, dir_.path()); }
  Json J(const RunResult& r) {
    Result<Json> j = ParseJsonStrict(r.out);
    EXPECT_TRUE(j.ok()) << r.out << r.err;
    return j.ok() ? *j : Json();
  }
  size_t EventCount() { return J(P({"--json", "log", "show"}))["events"].size(); }
  // Every path under the blob directory, with each file's size.
  std::string BlobListing() {
    std::string out;
    std::error_code ec;
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(dir_ / "proofline.db.blobs", ec)) {
      out += e.path().string();
      if (e.is_regular_file()) out += " " + std::to_string(e.file_size());
      out += "\n";
    }
    return out;
  }

  TempDir dir_;
  std::string id_;
};

}  // namespace proofline::testing
