// End-to-end tests of `proofline validate` and `proofline exception`: evidence attested to the
// fixture's change decides the shipped SOX controls; overrides, exceptions and bad input.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "attest_fixture.h"
#include "base/json.h"
#include "cli_runner.h"
#include "ledger/ledger.h"
#include "store/sqlite_store.h"

namespace proofline::testing {
namespace {

class ValidateCliTest : public AttestCliTest {
 protected:
  // JUnit with a SOX-IT-03 control test case, coverage at 75 %, control tests: SOX-IT-01
  // passing, SOX-AC-02 failing.
  void AttestEvidence() {
    WriteText(dir_ / "report.xml",
              "<testsuite name=\"s\"><testcase classname=\"c\" name=\"unit\"/>"
              "<testcase classname=\"c\" name=\"encrypted\"><properties>"
              "<property name=\"control\" value=\"SOX-IT-03\"/></properties></testcase>"
              "</testsuite>\n");
    WriteText(dir_ / "lcov.info", "SF:app.py\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,0\nend_of_record\n");
    WriteText(
        dir_ / "controls.jsonl",
        "{\"control_id\":\"SOX-IT-01\",\"test_name\":\"audit log on\",\"result\":\"pass\"}\n"
        "{\"control_id\":\"SOX-AC-02\",\"test_name\":\"no shared admin\",\"result\":\"fail\"}\n");
    ASSERT_EQ(P({"attest", "junit", "--change", id_, "report.xml"}).exit_code, 0);
    ASSERT_EQ(P({"attest", "coverage", "--change", id_, "lcov.info"}).exit_code, 0);
    ASSERT_EQ(P({"attest", "control-test", "--change", id_, "controls.jsonl"}).exit_code, 0);
  }
  // control id -> status of `validate --json args`; `exit_code` receives the exit code.
  std::map<std::string, std::string> Statuses(const std::vector<std::string>& args,
                                              int* exit_code) {
    std::vector<std::string> full = {"--json", "validate"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = P(full);
    *exit_code = r.exit_code;
    std::map<std::string, std::string> out;
    Json j = J(r);
    for (const Json& result : j["results"]) {
      out[result["control"].get<std::string>()] = result["status"].get<std::string>();
    }
    return out;
  }
};

TEST_F(ValidateCliTest, ShippedSoxControlsDecidedFromAttestedEvidence) {
  AttestEvidence();
  int rc = -1;
  std::map<std::string, std::string> s = Statuses({"--change", id_, "--framework", "sox"}, &rc);
  EXPECT_EQ(rc, 1);  // SOX-AC-02 fails
  std::map<std::string, std::string> want = {
      {"SOX-CC-05", "not-applicable"},  // staging, not production
      {"CC-01", "pass"},                // low score: automated route, tests pass
      {"SOX-CC-06", "not-applicable"},  // medium risk, coverage not required
      {"SOX-SEC-01", "not-applicable"},
      {"SOX-IT-01", "pass"},  // control-test file
      {"SOX-IT-03", "pass"},  // JUnit control property
      {"SOX-AC-02", "fail"},
  };
  EXPECT_EQ(s, want);

  RunResult text = P({"validate", "--change", id_, "--framework", "sox"});
  EXPECT_NE(text.out.find("reason: control test SOX-AC-02 failed"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("7 controls: 3 pass, 1 fail, 0 missing-evidence, 3 not-applicable, "
                          "0 excepted"),
            std::string::npos)
      << text.out;
}

TEST_F(ValidateCliTest, JsonShapeNamesTheDecidingEvidence) {
  AttestEvidence();
  Json j = J(P({"--json", "validate", "--change", id_, "--framework", "sox,hipaa"}));
  EXPECT_EQ(j["change"], id_);
  EXPECT_EQ(j["frameworks"], Json::array({"sox", "hipaa"}));
  EXPECT_EQ(j["counts"]["fail"], 1);
  Json it03;
  for (const Json& r : j["results"]) {
    if (r["control"] == "SOX-IT-03") it03 = r;
  }
  ASSERT_TRUE(it03.is_object()) << j.dump();
  EXPECT_EQ(it03["framework"], "sox");
  EXPECT_NE(std::string(it03["citation"]).find("SOX Section 404"), std::string::npos);
  EXPECT_EQ(it03["reasons"], Json::array());
  ASSERT_FALSE(it03["evidence"].empty());
  EXPECT_EQ(it03["evidence"][0]["kind"], "junit");
  EXPECT_EQ(it03["evidence"][0]["file"], "report.xml");
  EXPECT_EQ(std::string(it03["evidence"][0]["digest"]).rfind("sha256:", 0), 0u);
  EXPECT_TRUE(it03["evidence"][0]["index"].is_number());
}

TEST_F(ValidateCliTest, CatalogOverrideReplacesAControlById) {
  AttestEvidence();
  WriteText(dir_ / "team.yaml", R"yaml(framework: sox
title: Our SOX thresholds
controls:
  - id: SOX-CC-06
    title: Coverage 80 % on every change
    citation: SOX Section 404 — ITGC program change management (team threshold)
    evidence: [coverage]
    requires:
      - expr: evidence.coverage.line_rate >= 0.80
        reason: line coverage below 80 %
)yaml");
  int rc = -1;
  std::map<std::string, std::string> s =
      Statuses({"--change", id_, "--framework", "sox", "--catalog", "team.yaml"}, &rc);
  EXPECT_EQ(s["SOX-CC-06"], "fail");  // 75 % < 80 %
  EXPECT_EQ(s.size(), 7u);
  RunResult text = P({"validate", "--change", id_, "--framework", "sox", "--catalog", "team.yaml"});
  EXPECT_NE(text.out.find("reason: line coverage below 80 %"), std::string::npos) << text.out;
}

TEST_F(ValidateCliTest, ProductionChangeFailsChangeControlWithoutApproval) {
  Json opened = J(P({"--json", "change", "open", "--repo", dir_ / "repo", "--baseline", "HEAD~1",
                     "--target", "HEAD", "--env", "production", "--title", "p"}));
  std::string prod = opened["id"];
  int rc = -1;
  std::map<std::string, std::string> s = Statuses({"--change", prod, "--framework", "sox"}, &rc);
  EXPECT_EQ(s["SOX-CC-05"], "missing-evidence");  // no JUnit yet
  WriteText(dir_ / "report.xml",
            "<testsuite name=\"s\"><testcase classname=\"c\" name=\"t\"/>"
            "</testsuite>\n");
  ASSERT_EQ(P({"attest", "junit", "--change", prod, "report.xml"}).exit_code, 0);
  Json j = J(P({"--json", "validate", "--change", prod, "--framework", "sox"}));
  Json cc05 = j["results"][0];
  EXPECT_EQ(cc05["control"], "SOX-CC-05");
  EXPECT_EQ(cc05["status"], "fail");
  EXPECT_EQ(cc05["reasons"],
            Json::array({"no change ticket recorded (change open --ticket)",
                         "no approval by someone other than the requester and the deployer"}));
}

TEST_F(ValidateCliTest, FailingTestsFailChangeApproval) {
  WriteText(dir_ / "report.xml",
            "<testsuite name=\"s\"><testcase classname=\"c\" name=\"ok\"/>"
            "<testcase classname=\"c\" name=\"bad\"><failure message=\"boom\"/></testcase>"
            "</testsuite>\n");
  ASSERT_EQ(P({"attest", "junit", "--change", id_, "report.xml"}).exit_code, 0);
  int rc = -1;
  std::map<std::string, std::string> s =
      Statuses({"--change", id_, "--framework", "sox,soc2"}, &rc);
  EXPECT_EQ(rc, 1);
  EXPECT_EQ(s["CC-01"], "fail");  // automated route, but the tests failed and nobody approved
  EXPECT_EQ(s["CC8.1"], "fail");
  RunResult text = P({"validate", "--change", id_, "--framework", "soc2"});
  EXPECT_NE(text.out.find("reason: the change was not tested without failures"), std::string::npos)
      << text.out;
}

TEST_F(ValidateCliTest, ExpiredExceptionIsIgnoredAndSaidSo) {
  AttestEvidence();
  {  // `exception request` refuses a past expiry: record one granted earlier that has lapsed.
    auto store = store::SqliteStore::Open(dir_ / "proofline.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto ledger = ledger::Ledger::Open(store->get());
    ASSERT_TRUE(ledger.ok()) << ledger.status().message();
    ASSERT_TRUE((*ledger)
                    ->Append({{"policy.exception.granted", id_, "carol",
                               Json{{"control", "SOX-AC-02"},
                                    {"reason", "access review moved to Q3"},
                                    {"until", "2001-01-01T00:00:00Z"},
                                    {"approved_by", "carol"}}}})
                    .ok());
  }
  int rc = -1;
  std::map<std::string, std::string> s = Statuses({"--change", id_, "--framework", "sox"}, &rc);
  EXPECT_EQ(s["SOX-AC-02"], "fail");
  EXPECT_EQ(rc, 1);
  RunResult text = P({"validate", "--change", id_, "--framework", "sox"});
  EXPECT_NE(text.out.find("by carol expired at 2001-01-01T00:00:00Z: ignored"), std::string::npos)
      << text.out;
  Json list = J(P({"--json", "exception", "list", "--change", id_}));
  ASSERT_EQ(list["exceptions"].size(), 1u);
  EXPECT_EQ(list["exceptions"][0]["in_force"], false);
}

// proofline.yaml committed at the change's baseline: coverage required by the risk rules, a team
// catalog from the repository and params overriding a shipped and a team threshold.
TEST_F(ValidateCliTest, ProjectPolicyFromProoflineYamlAtTheBaseline) {
  std::string repo = dir_ / "repo";
  WriteText(repo + "/proofline.yaml", R"yaml(evidence:
  low: [unit, coverage]
  medium: [unit, coverage]
  high: [coverage]
policy:
  catalogs: [compliance/ours.yaml]
  params:
    SOX-CC-06: {min_line_rate: 0.70}
    OURS-1: {min_passed: 2}
)yaml");
  std::filesystem::create_directories(repo + "/compliance");
  WriteText(repo + "/compliance/ours.yaml", R"yaml(framework: ours
title: Our release policy
controls:
  - id: OURS-1
    title: Enough passing tests
    citation: Release policy 4.2
    params: {min_passed: 1}
    evidence: [junit]
    requires:
      - expr: evidence.tests.passed >= params.min_passed
        reason: fewer than {params.min_passed} passing tests
)yaml");
  Run({"git", "-C", repo, "add", "-A"});
  Run({"git", "-C", repo, "commit", "-q", "-m", "policy"});
  // The change itself lowers the bar: not in force, the rules are the baseline's.
  WriteText(repo + "/proofline.yaml", "policy:\n  params:\n    SOX-CC-06: {min_line_rate: 0.1}\n");
  WriteText(repo + "/app.py", "x = 2\n");
  Run({"git", "-C", repo, "commit", "-q", "-am", "app"});
  Json opened = J(P({"--json", "change", "open", "--repo", repo, "--baseline", "HEAD~1", "--target",
                     "HEAD", "--env", "staging", "--title", "t2"}));
  std::string id = opened["id"];

  int rc = -1;
  std::map<std::string, std::string> s = Statuses({"--change", id, "--framework", "sox,ours"}, &rc);
  EXPECT_EQ(s["SOX-CC-06"], "missing-evidence");  // coverage required, none attested
  EXPECT_EQ(s["OURS-1"], "missing-evidence");
  EXPECT_EQ(rc, 1);

  WriteText(dir_ / "report.xml",
            "<testsuite name=\"s\"><testcase classname=\"c\" name=\"t\"/></testsuite>\n");
  WriteText(dir_ / "lcov.info", "SF:app.py\nDA:1,1\nDA:2,1\nDA:3,1\nDA:4,0\nend_of_record\n");
  ASSERT_EQ(P({"attest", "junit", "--change", id, "report.xml"}).exit_code, 0);
  ASSERT_EQ(P({"attest", "coverage", "--change", id, "lcov.info"}).exit_code, 0);
  Json j = J(P({"--json", "validate", "--change", id, "--framework", "sox,ours"}));
  EXPECT_EQ(std::string(j["config"]).rfind("proofline.yaml at ", 0), 0u) << j.dump();
  std::map<std::string, Json> by_id;
  for (const Json& r : j["results"]) by_id[r["control"]] = r;
  EXPECT_EQ(by_id["SOX-CC-06"]["status"], "pass");  // 75 % >= 70 %: below the shipped 85 %
  EXPECT_EQ(by_id["SOX-CC-06"]["params"], Json({{"min_line_rate", 0.70}}));
  EXPECT_EQ(by_id["OURS-1"]["status"], "fail");  // 1 passing test, 2 required
  EXPECT_EQ(by_id["OURS-1"]["reasons"], Json::array({"fewer than 2 passing tests"}));
  EXPECT_EQ(by_id["OURS-1"]["citation"], "Release policy 4.2");
  RunResult text = P({"validate", "--change", id, "--framework", "ours"});
  EXPECT_NE(text.out.find("params: {\"min_passed\":2} (proofline.yaml at "), std::string::npos)
      << text.out;

  // --config FILE instead: catalogs relative to it; a bad override names its file and line.
  std::filesystem::create_directories(dir_ / "cfg/compliance");
  WriteText(dir_ / "cfg/compliance/ours.yaml",
            "framework: ours\ntitle: t\ncontrols:\n  - id: OURS-1\n    title: t\n    citation: c\n"
            "    params: {min_passed: 1}\n"
            "    requires: [{expr: \"evidence.tests.passed >= params.min_passed\", reason: r}]\n");
  WriteText(dir_ / "cfg/proofline.yaml", "policy:\n  catalogs: [compliance/ours.yaml]\n");
  s = Statuses({"--change", id, "--framework", "ours", "--config", "cfg/proofline.yaml"}, &rc);
  EXPECT_EQ(s["OURS-1"], "pass");
  WriteText(dir_ / "cfg/proofline.yaml",
            "policy:\n  catalogs: [compliance/ours.yaml]\n  params:\n    OURS-1: {min_pased: 2}\n");
  RunResult bad =
      P({"validate", "--change", id, "--framework", "ours", "--config", "cfg/proofline.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "proofline: error: cfg/proofline.yaml:4: policy.params.OURS-1.min_pased: control "
            "OURS-1 (compliance/ours.yaml:4) has no param 'min_pased' (its params: min_passed)\n");
  WriteText(dir_ / "cfg/proofline.yaml",
            "policy:\n  catalogs: [compliance/ours.yaml]\n  "
            "params:\n    SOX-CC-06: {min_line_rate: high}\n");
  bad = P({"validate", "--change", id, "--framework", "sox", "--config", "cfg/proofline.yaml"});
  EXPECT_NE(bad.err.find("cfg/proofline.yaml:4: policy.params.SOX-CC-06.min_line_rate: must be "
                         "double like 0.85, not text"),
            std::string::npos)
      << bad.err;
  WriteText(dir_ / "cfg/proofline.yaml", "policy:\n  catalog: [compliance/ours.yaml]\n");
  bad = P({"validate", "--change", id, "--framework", "sox", "--config", "cfg/proofline.yaml"});
  EXPECT_EQ(bad.err, "proofline: error: cfg/proofline.yaml:2: policy: unknown key 'catalog'\n");
  // The risk loader accepts the policy section of the same file.
  EXPECT_EQ(P({"change", "assess", "--repo", repo, "--baseline", "HEAD~1", "--target", "HEAD",
               "--env", "staging"})
                .exit_code,
            0);
}

TEST_F(ValidateCliTest, StandaloneEvidenceFile) {
  WriteText(dir_ / "controls.json",
            "{\"control_id\":\"SOX-IT-03\",\"test_name\":\"kms\",\"result\":\"pass\"}");
  int rc = -1;
  std::map<std::string, std::string> s = Statuses(
      {"--evidence", "controls.json", "--kind", "control-test", "--framework", "sox"}, &rc);
  EXPECT_EQ(s["SOX-IT-03"], "pass");
  EXPECT_EQ(s["SOX-AC-02"], "missing-evidence");
  EXPECT_EQ(rc, 1);
}

TEST_F(ValidateCliTest, BadInputIsExitTwoWithOneLine) {
  RunResult unknown = P({"validate", "--change", id_, "--framework", "sox,iso27001"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err,
            "proofline: error: unknown framework 'iso27001' (known: hipaa, pci-dss, soc2, sox)\n");
  WriteText(dir_ / "bad.yaml",
            "framework: sox\ntitle: t\ncontrols:\n  - id: X\n    title: t\n    citation: c\n"
            "    requires: [{expr: \"evidence.tests.passed >\", reason: r}]\n");
  RunResult bad = P({"validate", "--change", id_, "--framework", "sox", "--catalog", "bad.yaml"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.yaml:7: control X: requires[0].expr: syntax error at column"),
            std::string::npos)
      << bad.err;
  EXPECT_EQ(P({"validate", "--change", "CHG-NOPE", "--framework", "sox"}).exit_code, 2);
  EXPECT_EQ(P({"validate", "--framework", "sox"}).exit_code, 2);
}

}  // namespace
}  // namespace proofline::testing
