// A fixture for gate and deployment tests: the team of team_fixture.h, a repository whose
// proofline.yaml routes every change to one technical lead and requires a unit suite, production
// for production deployers with a ticket and the framework "ours" (coverage attested), an
// environment frozen until 2999, and one change opened for production by dana.
#pragma once

#include <chrono>
#include <ctime>

#include "team_fixture.h"

namespace proofline::testing {

// Every change takes the single route and its risk class requires a unit suite; production
// takes production deployers and a ticket and must pass the framework "ours" (one control:
// coverage attested); "frozen" is frozen until 2999. The CI account that commits is automation.
constexpr char kProjectYaml[] = R"(risk:
  thresholds: {automated_below: 0, single_approver_below: 100}
approvals:
  commit_addresses: {ci@bank.example: automation}
evidence:
  low: [unit]
  medium: [unit]
  high: [unit]
policy:
  catalogs: [ours.yaml]
environments:
  production:
    deployers: [production-deployers]
    require_ticket: true
    frameworks: [ours]
    break_glass: {roles: [emergency-responders], retro_approval_hours: 4}
  frozen:
    freeze:
      - {from: "2000-01-01T00:00:00Z", until: "2999-01-01T00:00:00Z", reason: change freeze}
)";

constexpr char kOursCatalog[] = R"(framework: ours
title: Our controls
version: "1"
controls:
  - id: OURS-1
    title: Coverage measured
    citation: internal standard 4.2
    evidence: [coverage]
    requires:
      - expr: evidence.coverage.line_rate >= 0.0
        reason: no line rate
)";

constexpr char kJUnit[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="unit" tests="2" failures="0" errors="0" skipped="0" time="0.01">
  <testcase classname="app.Test" name="adds" time="0.001"/>
  <testcase classname="app.Test" name="subtracts" time="0.001"/>
</testsuite>
)";

constexpr char kLcov[] = "TN:\nSF:app.py\nDA:1,1\nDA:2,1\nLF:2\nLH:2\nend_of_record\n";

// `t` as RFC 3339 UTC with whole seconds.
inline std::string Rfc3339(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

class GateCliTest : public TeamCliTest {
 protected:
  void SetUp() override {
    TeamCliTest::SetUp();
    Commit("proofline.yaml", kProjectYaml, "policy", "sam@bank.example");
    Commit("ours.yaml", kOursCatalog, "catalog", "sam@bank.example");
    Commit("app.py", "x = 1\n", "feature", "dana@home.example");
    id_ = Open();
    ASSERT_FALSE(id_.empty());
    WriteText(dir_ / "unit.xml", kJUnit);
    WriteText(dir_ / "lcov.info", kLcov);
  }
  RunResult Gate(const std::string& as, const std::string& env = "production",
                 const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--json", "gate", "--change", id_, "--env", env};
    args.insert(args.end(), extra.begin(), extra.end());
    return P(args, as);
  }
  // The failing checks' names of a gate's JSON output.
  std::vector<std::string> Failing(const RunResult& r) {
    std::vector<std::string> out;
    const Json j = J(r);
    for (const Json& c : j["checks"]) {
      if (c["passed"] == false) out.push_back(c["name"]);
    }
    return out;
  }
  void MakeDeployable() {
    ASSERT_EQ(
        P({"attest", "junit", "--suite", "unit", "--change", id_, "unit.xml"}, "dana").exit_code,
        0);
    ASSERT_EQ(P({"attest", "coverage", "--change", id_, "lcov.info"}, "dana").exit_code, 0);
    RunResult ok = P({"approve", id_, "--meaning", "reviewed and approved"}, "sam");
    ASSERT_EQ(ok.exit_code, 0) << ok.err;
  }

  std::string id_;
};

}  // namespace proofline::testing
