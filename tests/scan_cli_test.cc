// End-to-end tests of `proofline scan`: the real binary on real files, a real git repository for
// --git and a real store for --change. Exit codes, masked output, baselines (suppressed, stale,
// expired, invalid), rule files naming FILE:LINE, unreadable files as findings.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <set>

#include "attest_fixture.h"

namespace proofline::testing {
namespace {

constexpr const char* kToken = "ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5";
constexpr const char* kOtherToken = "glpat-Zq3x9Vb7Nm2Kp5Rt8Wy1";

class ScanCliTest : public AttestCliTest {
 protected:
  std::string Tree(const std::string& name, const std::string& file, const std::string& text) {
    std::string root = dir_ / name;
    std::filesystem::create_directories(std::filesystem::path(root + "/" + file).parent_path());
    WriteText(root + "/" + file, text);
    return root;
  }
};

TEST_F(ScanCliTest, ExitCodesFollowSeverityAndOutputIsMasked) {
  std::string leaky = Tree("leaky", "vendor/.env", std::string("GITHUB_TOKEN=") + kToken + "\n");
  RunResult r = P({"scan", "secrets", "leaky"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find("leaky/vendor/.env:1:14: high github-token: GitHub token"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ghp_****"), std::string::npos);
  EXPECT_EQ(r.out.find(kToken + 4), std::string::npos);
  EXPECT_EQ(P({"scan", "secrets", "leaky", "--fail-on", "critical"}).exit_code, 0);
  // Exclusions are the user's choice; each --exclude takes one glob, PATHs may follow.
  RunResult excluded = P({"scan", "secrets", "--exclude", "vendor/**", "--exclude", "x", "leaky"});
  EXPECT_EQ(excluded.exit_code, 0) << excluded.out;
  EXPECT_NE(excluded.out.find("skipped 1 files (1 excluded)"), std::string::npos) << excluded.out;
  // A bare directory name excludes what is below every directory of that name (gitignore).
  RunResult by_name = P({"scan", "secrets", "--exclude", "vendor", "leaky"});
  EXPECT_EQ(by_name.exit_code, 0) << by_name.out;
  EXPECT_NE(by_name.out.find("skipped 1 files (1 excluded)"), std::string::npos) << by_name.out;
  Tree("clean", "a.py", "print('hello')\n");
  RunResult clean = P({"scan", "secrets", "clean"});
  EXPECT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_NE(clean.out.find("scanned 1 files (15 bytes): 0 findings"), std::string::npos);
  for (std::string format : {"json", "sarif"}) {
    RunResult f = P({"scan", "secrets", "leaky", "--format", format});
    EXPECT_EQ(f.exit_code, 1);
    EXPECT_EQ(f.out.find(kToken + 4), std::string::npos) << format;
    EXPECT_TRUE(ParseJsonStrict(f.out).ok()) << format;
  }
}

TEST_F(ScanCliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(P({"scan", "secrets", ".", "--format", "xml"}).exit_code, 2);
  EXPECT_EQ(P({"scan", "keys", "."}).exit_code, 2);
  EXPECT_EQ(P({"scan", "secrets", ".", "--fail-on", "severe"}).exit_code, 2);
  RunResult missing = P({"scan", "secrets", "no-such-dir"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("no-such-dir: no such file or directory"), std::string::npos);
}

TEST_F(ScanCliTest, BadRuleFileNamesFileAndLine) {
  Tree("t", "a.txt", "x\n");
  WriteText(dir_ / "cfg.toml",
            "[extend]\nuseDefault = true\n\n[[rules]]\nid = \"mine\"\nregex = '''m[0-9]+'''\n"
            "keyword = [\"m\"]\n");
  RunResult r = P({"scan", "secrets", "t", "--config", "cfg.toml"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cfg.toml:7: unknown key 'keyword' in [[rules]]"), std::string::npos)
      << r.err;
  WriteText(dir_ / "bad_regex.toml", "[[rules]]\nid = \"x\"\nregex = '''(?<name>a)'''\n");
  RunResult re = P({"scan", "secrets", "t", "--config", "bad_regex.toml"});
  EXPECT_EQ(re.exit_code, 2);
  EXPECT_NE(re.err.find("bad_regex.toml:3: invalid regex"), std::string::npos) << re.err;
}

TEST_F(ScanCliTest, CustomRulesExtendTheDefaults) {
  Tree("t", "a.txt", std::string("m12345678 and ") + kToken + "\n");
  WriteText(dir_ / "cfg.toml",
            "[extend]\nuseDefault = true\n[[rules]]\nid = \"mine\"\nregex = '''m[0-9]{8}'''\n"
            "keywords = [\"m1\"]\nseverity = \"critical\"\n");
  RunResult r = P({"scan", "secrets", "t", "--config", "cfg.toml", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1);
  Json j = J(r);
  ASSERT_EQ(j["findings"].size(), 2u);
  EXPECT_EQ(j["findings"][0]["rule"], "mine");
  EXPECT_EQ(j["findings"][0]["severity"], "critical");
  EXPECT_EQ(j["findings"][1]["rule"], "github-token");
}

// A compliance scan never passes silently over what it did not read: a secret hidden in a file
// padded into "binary", or past an explicit size limit, is listed as not scanned (text, JSON,
// SARIF toolExecutionNotifications) and fails the scan unless --allow-unscanned is given; one
// leading NUL no longer hides a file, and a large file is scanned rather than skipped.
TEST_F(ScanCliTest, WhatWasNotScannedIsListedAndFailsTheScan) {
  std::string tree = Tree("h", "padded.env", std::string(100, '\0') + "T=" + kToken + "\n");
  WriteText(tree + "/clean.txt", "hello\n");
  RunResult r = P({"scan", "secrets", "h"});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("NOT SCANNED: h/padded.env (binary, 143 bytes)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("0 at or above high, 1 files not scanned (the scan fails"),
            std::string::npos)
      << r.out;
  RunResult allowed = P({"scan", "secrets", "h", "--allow-unscanned"});
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  EXPECT_NE(allowed.out.find("(allowed by --allow-unscanned)"), std::string::npos);
  RunResult sarif = P({"scan", "secrets", "h", "--format", "sarif"});
  const Json invocation = J(sarif)["runs"][0]["invocations"][0];
  EXPECT_EQ(invocation["executionSuccessful"], false);
  ASSERT_EQ(invocation["toolExecutionNotifications"].size(), 1u);
  const Json& note = invocation["toolExecutionNotifications"][0];
  EXPECT_EQ(note["level"], "error");
  EXPECT_EQ(note["descriptor"]["id"], "unscanned-binary");
  EXPECT_EQ(note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "h/padded.env");
  // One stray NUL is not binary: the secret after it is found.
  WriteText(tree + "/padded.env", std::string("\0", 1) + "T=" + kToken + "\n");
  RunResult found = P({"--json", "scan", "secrets", "h", "--format", "json"});
  EXPECT_EQ(found.exit_code, 1);
  EXPECT_EQ(J(found)["findings"][0]["rule"], "github-token") << found.out;
  EXPECT_TRUE(J(found)["unscanned"].empty());
  // A size limit is the user's choice, and what it leaves out is not scanned either.
  RunResult limited = P({"scan", "secrets", "h", "--max-file-size", "10"});
  EXPECT_EQ(limited.exit_code, 1);
  EXPECT_NE(limited.out.find("NOT SCANNED: h/padded.env (too large"), std::string::npos)
      << limited.out;
  // Attached as evidence, the scan says what it did not read, even when it was allowed to pass.
  WriteText(tree + "/padded.env", std::string(100, '\0') + "T=x\n");
  ASSERT_EQ(P({"scan", "secrets", "h", "--allow-unscanned", "--change", id_}).exit_code, 0);
  const Json summary = J(P({"--json", "log", "show"}))["events"].back()["data"]["summary"];
  EXPECT_EQ(summary["tool_errors"], 0);  // allowed: a warning
  ASSERT_EQ(P({"scan", "secrets", "h", "--change", id_}).exit_code, 1);
  EXPECT_EQ(J(P({"--json", "log", "show"}))["events"].back()["data"]["summary"]["tool_errors"], 1);
}

TEST_F(ScanCliTest, BaselineSuppressesThenGoesStaleOrExpires) {
  std::string tree = Tree("b", "app.py", std::string("t = '") + kToken + "'\n");
  RunResult first = P({"scan", "secrets", "b", "--write-baseline", "baseline.json"});
  EXPECT_EQ(first.exit_code, 1);
  Json baseline = *ParseJsonStrict(ReadText(dir_ / "baseline.json"));
  ASSERT_EQ(baseline["entries"].size(), 1u);
  EXPECT_EQ(baseline["entries"][0]["rule"], "github-token");
  EXPECT_EQ(baseline["entries"][0]["path"], "b/app.py");
  EXPECT_EQ(baseline["entries"][0]["status"], "accepted_risk");
  EXPECT_EQ(baseline["entries"][0]["fingerprint"].get<std::string>().size(), 64u);

  // The secret moves down a line: the line-free fingerprint still matches.
  WriteText(tree + "/app.py", std::string("import os\n\nt = '") + kToken + "'\n");
  RunResult suppressed = P({"scan", "secrets", "b", "--baseline", "baseline.json"});
  EXPECT_EQ(suppressed.exit_code, 0) << suppressed.out;
  EXPECT_NE(suppressed.out.find("0 findings, 1 suppressed by the baseline"), std::string::npos)
      << suppressed.out;
  RunResult sarif = P({"scan", "secrets", "b", "--baseline", "baseline.json", "--format", "sarif"});
  EXPECT_EQ(J(sarif)["runs"][0]["results"][0]["suppressions"][0]["kind"], "external");

  baseline["entries"][0]["expires"] = "2020-01-31";
  WriteText(dir_ / "expired.json", baseline.dump());
  RunResult expired = P({"scan", "secrets", "b", "--baseline", "expired.json"});
  EXPECT_EQ(expired.exit_code, 1);
  EXPECT_NE(expired.out.find("expired on 2020-01-31 and no longer suppresses"), std::string::npos)
      << expired.out;

  WriteText(tree + "/app.py", "t = os.environ['TOKEN']\n");
  RunResult stale = P({"scan", "secrets", "b", "--baseline", "baseline.json"});
  EXPECT_EQ(stale.exit_code, 0);
  EXPECT_NE(stale.out.find("baseline: stale entry for github-token in b/app.py"), std::string::npos)
      << stale.out;
}

TEST_F(ScanCliTest, InvalidBaselineExitsTwoNamingTheFile) {
  Tree("t", "a.txt", "x\n");
  WriteText(dir_ / "bl.json", "{\"entries\": [{\"fingerprint\": \"zz\"}]}");
  RunResult r = P({"scan", "secrets", "t", "--baseline", "bl.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("bl.json: entry 0: fingerprint must be 64 lowercase hex digits"),
            std::string::npos)
      << r.err;
  RunResult missing = P({"scan", "secrets", "t", "--baseline", "none.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("none.json"), std::string::npos);
}

TEST_F(ScanCliTest, UnreadableFileIsAFindingNotAnAbort) {
  std::string tree = Tree("u", "secret.env", std::string("T=") + kToken + "\n");
  WriteText(tree + "/locked.txt", "x\n");
  ::chmod((tree + "/locked.txt").c_str(), 0);
  std::vector<std::string> args = {"scan", "secrets", "u", "--format", "json"};
  RunResult r;
  if (::geteuid() == 0) {
    // Root reads anything: run as nobody, with the tree readable to others.
    for (const std::string& p : {dir_.path(), tree, tree + "/secret.env"}) ::chmod(p.c_str(), 0755);
    std::vector<std::string> full = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                     PROOFLINE_BIN};
    full.insert(full.end(), args.begin(), args.end());
    r = RunProgram(full, dir_.path());
  } else {
    r = P(args);
  }
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json j = J(r);
  ASSERT_EQ(j["findings"].size(), 2u) << r.out;
  EXPECT_EQ(j["findings"][0]["rule"], "scan-unreadable-file");
  EXPECT_EQ(j["findings"][0]["path"], "u/locked.txt");
  EXPECT_EQ(j["findings"][1]["rule"], "github-token");
  ASSERT_EQ(j["unscanned"].size(), 1u);
  EXPECT_EQ(j["unscanned"][0]["reason"], "unreadable");
}

TEST_F(ScanCliTest, GitRangeReportsOnlyAddedLines) {
  std::string repo = dir_ / "g";
  Run({"git", "-c", "init.defaultBranch=main", "init", "-q", repo});
  Run({"git", "-C", repo, "config", "user.name", "Dana Dev"});
  Run({"git", "-C", repo, "config", "user.email", "dana@bank.example"});
  WriteText(repo + "/old.cfg", std::string("token=") + kToken + "\n");
  Run({"git", "-C", repo, "add", "-A"});
  Run({"git", "-C", repo, "commit", "-q", "-m", "one"});
  WriteText(repo + "/old.cfg", std::string("token=") + kToken + "\nmore=1\n");
  std::filesystem::create_directories(repo + "/src");
  WriteText(repo + "/src/app.py", std::string("x = 1\nkey = '") + kOtherToken + "'\n");
  Run({"git", "-C", repo, "add", "-A"});
  Run({"git", "-C", repo, "commit", "-q", "-m", "two"});
  // The work tree is not what is scanned: a secret added there only is not reported.
  WriteText(repo + "/wip.txt", kToken);

  RunResult r = P({"scan", "secrets", "g", "--git", "HEAD~1..HEAD", "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  Json j = J(r);
  ASSERT_EQ(j["findings"].size(), 1u) << r.out;
  EXPECT_EQ(j["findings"][0]["path"], "src/app.py");
  EXPECT_EQ(j["findings"][0]["rule"], "gitlab-pat");
  EXPECT_EQ(j["findings"][0]["line"], 2);
  EXPECT_EQ(j["git"]["target"].get<std::string>().size(), 40u);

  RunResult whole = P({"scan", "secrets", "g", "--git", "HEAD~1..HEAD", "--exclude", "src/**"});
  EXPECT_EQ(whole.exit_code, 0) << whole.out;
  RunResult bad = P({"scan", "secrets", "g", "--git", "HEAD~5..HEAD"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(P({"scan", "secrets", "g", "--git", "HEAD"}).exit_code, 2);
}

TEST_F(ScanCliTest, CompiledRulesAreCachedAndADamagedCacheIsRebuilt) {
  Tree("t", "a.env", std::string("GITHUB_TOKEN=") + kToken + "\n");
  std::string cache = dir_ / "cache";
  auto entries = [&] {
    std::vector<std::string> out;
    if (!std::filesystem::exists(cache + "/vectorscan")) return out;
    for (const auto& e : std::filesystem::directory_iterator(cache + "/vectorscan")) {
      out.push_back(e.path().string());
    }
    return out;
  };
  RunResult none = P({"scan", "secrets", "t", "--cache-dir", cache, "--no-cache"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_TRUE(entries().empty());
  RunResult first = P({"scan", "secrets", "t", "--cache-dir", cache});
  EXPECT_EQ(first.exit_code, 1) << first.err;
  ASSERT_EQ(entries().size(), 1u);
  EXPECT_TRUE(entries()[0].ends_with(".hsdb"));
  // The same rules load the same file; findings do not change.
  RunResult cached = P({"scan", "secrets", "t", "--cache-dir", cache});
  EXPECT_EQ(cached.out, first.out);
  EXPECT_EQ(entries().size(), 1u);
  // A truncated cache file is ignored and rewritten, never an error.
  std::string file = entries()[0];
  std::filesystem::resize_file(file, 40);
  RunResult damaged = P({"scan", "secrets", "t", "--cache-dir", cache});
  EXPECT_EQ(damaged.exit_code, 1) << damaged.err;
  EXPECT_EQ(damaged.out, first.out);
  EXPECT_GT(std::filesystem::file_size(file), 40u);
  // Other rules, another file.
  WriteText(dir_ / "cfg.toml",
            "[[rules]]\nid = \"mine\"\nregex = '''m[0-9]{8}'''\nkeywords = [\"m\"]\n");
  EXPECT_EQ(P({"scan", "secrets", "t", "--cache-dir", cache, "--config", "cfg.toml"}).exit_code, 0);
  EXPECT_EQ(entries().size(), 2u);
}

TEST_F(ScanCliTest, ChangeGetsTheSarifAsEvidence) {
  Tree("c", "deploy/values.yaml", std::string("token: ") + kToken + "\n");
  size_t before = EventCount();
  RunResult r = P({"scan", "secrets", "c", "--change", id_, "--format", "json"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_TRUE(ParseJsonStrict(r.out).ok()) << r.out;  // the attest line goes to stderr
  EXPECT_NE(r.err.find("attested "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("scan-secrets.sarif to " + id_), std::string::npos) << r.err;
  EXPECT_EQ(EventCount(), before + 1);
  Json events = J(P({"--json", "log", "show"}))["events"];
  const Json& last = events.back();
  EXPECT_EQ(last["type"], "evidence.attached");
  EXPECT_EQ(last["data"]["kind"], "sarif");
  EXPECT_EQ(last["data"]["summary"]["results"], 1);
  EXPECT_EQ(last["data"]["summary"]["by_security_severity"]["high"], 1);

  // With --format sarif --out, that very file is the evidence.
  RunResult out =
      P({"scan", "secrets", "c", "--change", id_, "--format", "sarif", "--out", "scan.sarif"});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.err.find("attested scan.sarif to " + id_), std::string::npos) << out.err;
  EXPECT_EQ(P({"attest", "sarif", "--change", id_, "scan.sarif"}).exit_code, 0);
}

TEST_F(ScanCliTest, PiiAndAllUseThePiiScanner) {
  Tree("p", "export.csv", std::string("patient,ssn\nJane Roe,536-22-8741\n# ") + kToken + "\n");
  RunResult pii = P({"scan", "pii", "p", "--format", "json"});
  Json j = J(pii);
  ASSERT_EQ(j["findings"].size(), 1u) << pii.out;
  EXPECT_EQ(j["findings"][0]["rule"], "pii-us-ssn");
  EXPECT_EQ(pii.out.find("536-22-8741"), std::string::npos);
  EXPECT_EQ(pii.exit_code, 1);
  Json all = J(P({"scan", "all", "p", "--format", "json"}));
  ASSERT_EQ(all["findings"].size(), 2u);
}

TEST_F(ScanCliTest, PiiSiteFormatAndMinimumConfidenceAreTheUsersChoice) {
  Tree("m", "notes.txt", "Patient MRN: AB123456 admitted\ncontact: jane.roe@hospital.example\n");
  Json plain = J(P({"scan", "pii", "m", "--format", "json", "--fail-on", "critical"}));
  std::set<std::string> rules;
  for (const Json& f : plain["findings"]) rules.insert(f["rule"]);
  EXPECT_EQ(rules, std::set<std::string>{"pii-email"});  // no MRN format: the rule is off
  Json site = J(P({"scan", "pii", "m", "--format", "json", "--fail-on", "critical", "--mrn-format",
                   "[A-Z]{2}[0-9]{6}", "--min-confidence", "pii-email=1"}));
  rules.clear();
  for (const Json& f : site["findings"]) rules.insert(f["rule"]);
  EXPECT_EQ(rules, std::set<std::string>{"pii-medical-record-number"});
  EXPECT_EQ(site.dump().find("AB123456"), std::string::npos);  // masked
  RunResult bad = P({"scan", "pii", "m", "--min-confidence", "pii-emial=0.5"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(P({"scan", "pii", "m", "--min-confidence", "pii-email"}).exit_code, 2);
  EXPECT_EQ(P({"scan", "pii", "m", "--mrn-format", "([A-Z"}).exit_code, 2);
  EXPECT_EQ(P({"scan", "secrets", "m", "--mrn-format", "[0-9]{6}"}).exit_code, 2);
}

}  // namespace
}  // namespace proofline::testing
