// The README's main job, run as the test suite's own: scripts/demo.sh against this build, then
// its ledger read back and the story checked event by event — the low-risk change delivered by a
// pipeline with an automated approval, the high-risk change's refused self-approvals and quorum,
// the gate's denials and allows, the blue-green deployments and the automatic rollback, the
// drift violation, the broken glass, and a ledger that verifies.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {
namespace {

std::vector<Json> OfType(const Json& events, const std::string& type) {
  std::vector<Json> out;
  for (const Json& e : events) {
    if (e["type"] == type) out.push_back(e);
  }
  return out;
}

std::vector<std::string> Field(const std::vector<Json>& events, const std::string& path) {
  std::vector<std::string> out;
  for (const Json& e : events) {
    const Json& v = e.at(Json::json_pointer(path));
    out.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

TEST(DemoTest, TheDemoTellsItsStoryInTheLedger) {
  TempDir dir;
  RunResult demo = RunProgram(
      {"bash", std::string(PROOFLINE_SOURCE_DIR) + "/scripts/demo.sh"}, dir.path(), "",
      {std::string("PROOFLINE_BUILD=") + PROOFLINE_BUILD_DIR, "PROOFLINE_DEMO_DIR=" + dir.path()});
  ASSERT_EQ(demo.exit_code, 0) << demo.out.substr(demo.out.size() > 4000 ? demo.out.size() - 4000
                                                                         : 0)
                               << demo.err;
  EXPECT_NE(demo.out.find("13 controls: 12 pass, 0 fail, 0 missing-evidence, 0 not-applicable, "
                          "1 excepted"),
            std::string::npos)
      << "validate --framework sox,hipaa after the deployment";
  RunResult verify = Proofline({"log", "verify"}, dir.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;

  RunResult log = Proofline({"--json", "log", "show"}, dir.path());
  ASSERT_EQ(log.exit_code, 0) << log.err;
  Result<Json> parsed = ParseJsonStrict(log.out);
  ASSERT_TRUE(parsed.ok());
  const Json events = (*parsed)["events"];
  // Three changes opened from git: documentation (low), IBAN encryption (high), the runbook.
  std::vector<Json> opened = OfType(events, "change.opened");
  ASSERT_EQ(opened.size(), 3u);  // CHG-1042 of section 2 is other systems' events only
  const std::string docs = opened[0]["subject"], ibans = opened[1]["subject"],
                    runbook = opened[2]["subject"];
  auto about = [&](const std::string& subject, const std::string& type) {
    std::vector<Json> out;
    for (const Json& e : OfType(events, type)) {
      if (e["subject"] == subject) out.push_back(e);
    }
    return out;
  };

  // 1. The documentation change: one pipeline run (secrets and IaC scans first), every job passed,
  // approved by its automated
  //    checks, through the gate twice (the gate job, then deploy's own), deployed.
  std::vector<Json> runs = OfType(events, "pipeline.finished");
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0]["data"]["status"], "passed");
  std::vector<Json> jobs = OfType(events, "job.finished");
  EXPECT_EQ(Field(jobs, "/data/status"), std::vector<std::string>(11, "passed"));
  EXPECT_EQ(Field(about(docs, "approval.automated"), "/data/passed"),
            std::vector<std::string>{"true"});
  EXPECT_EQ(Field(about(docs, "gate.decided"), "/data/decision"),
            (std::vector<std::string>{"allow", "allow"}));
  // Two SARIF (secrets, IaC), the artifact, the SBOM, three suites, the control tests.
  EXPECT_EQ(about(docs, "evidence.attached").size(), 8u);
  EXPECT_EQ(Field(about(docs, "change.state"), "/data/to"),
            (std::vector<std::string>{"pending-approval", "approved", "deployed"}));

  // 2. The IBAN change: the author and a co-author refused, a quorum of three signed, the gate
  //    denied dana and then olga (evidence missing) before allowing olga; an unattested release
  //    build denied; 1842 deployed, 1843 rolled back after its validation failed, then deployed
  //    again by a deployer killed while validating it, and recovered by olga.
  EXPECT_EQ(Field(about(ibans, "approval.refused"), "/data/user"),
            (std::vector<std::string>{"dana", "sam"}));
  EXPECT_EQ(Field(about(ibans, "approval.granted"), "/data/user"),
            (std::vector<std::string>{"tom", "ivy", "carol"}));
  EXPECT_EQ(Field(about(ibans, "gate.decided"), "/data/deployer"),
            (std::vector<std::string>{"dana", "olga", "olga", "olga", "olga", "olga", "olga"}));
  EXPECT_EQ(Field(about(ibans, "gate.decided"), "/data/decision"),
            (std::vector<std::string>{"deny", "deny", "allow", "deny", "allow", "allow", "allow"}));
  EXPECT_EQ(about(ibans, "deployment.succeeded").size(), 1u);
  EXPECT_EQ(about(ibans, "deployment.started").size(), 3u);
  std::vector<Json> failed = about(ibans, "deployment.failed");
  EXPECT_EQ(Field(failed, "/data/stage"), (std::vector<std::string>{"validate", "interrupted"}));
  EXPECT_EQ(Field(failed, "/actor"), (std::vector<std::string>{"olga", "olga"}));
  std::vector<Json> rolled = about(ibans, "deployment.rolled_back");
  EXPECT_EQ(Field(rolled, "/data/restored"), (std::vector<std::string>{"green", "green"}));
  for (const Json& r : rolled) EXPECT_GE(r["data"]["time_to_restore_ms"].get<int64_t>(), 0);
  EXPECT_EQ(Field(about(ibans, "policy.exception.granted"), "/data/approved_by"),
            std::vector<std::string>{"carol"});
  EXPECT_EQ(Field(OfType(events, "env.violation"), "/data/control"),
            std::vector<std::string>{"direct-production-change"});

  // 3. The runbook change: olga may not break the glass, erin may, and it is owed approvals.
  EXPECT_EQ(Field(about(runbook, "gate.decided"), "/data/decision"),
            (std::vector<std::string>{"deny", "allow"}));
  EXPECT_EQ(Field(about(runbook, "gate.break_glass"), "/data/deployer"),
            std::vector<std::string>{"erin"});
}

}  // namespace
}  // namespace proofline::testing
