// Tests of baselines and output formats: matching, expiry, staleness, strict reading; SARIF that
// our own SARIF evidence parser accepts, with fingerprints independent of lines.
#include "scan/report.h"

#include <gtest/gtest.h>

#include "evidence/sarif.h"
#include "scan/baseline.h"
#include "scan/fingerprint.h"
#include "scan/secrets.h"

namespace proofline::scan {
namespace {

Finding MakeFinding(const std::string& rule, const std::string& path, const std::string& secret,
                    uint32_t line, Severity severity = Severity::kHigh) {
  Finding f;
  f.rule_id = rule;
  f.path = path;
  f.line = f.end_line = line;
  f.column = 3;
  f.end_column = 13;
  f.severity = severity;
  f.masked = MaskValue(secret);
  f.secret_sha256 = ValueSha256(secret);
  f.message = rule + ": " + f.masked;
  return f;
}

BaselineEntry EntryFor(const Finding& f, const std::string& expires = "") {
  return {Fingerprint(f), f.rule_id, f.path, "false_positive", "ana", expires, "fixture"};
}

TEST(Fingerprint, DependsOnRuleAndSecretOnly) {
  Finding a = MakeFinding("r", "a.txt", "s3cr3t-value", 1);
  Finding b = MakeFinding("r", "b.txt", "s3cr3t-value", 90);
  Finding c = MakeFinding("q", "a.txt", "s3cr3t-value", 1);
  EXPECT_EQ(Fingerprint(a), Fingerprint(b));
  EXPECT_NE(Fingerprint(a), Fingerprint(c));
  EXPECT_EQ(Fingerprint(a), ValueSha256("r:" + ValueSha256("s3cr3t-value")));
  EXPECT_EQ(MaskValue("ghp_abcdefghijkl"), "ghp_****");
  EXPECT_EQ(MaskValue("abcdefg"), "a****");
  EXPECT_EQ(MaskValue("abc"), "****");
}

TEST(Baseline, SuppressesByFingerprintAndPathExpiresAndGoesStale) {
  Finding kept = MakeFinding("r", "a.txt", "one-secret-value", 5);
  Finding expired = MakeFinding("r", "b.txt", "two-secret-value", 6);
  Finding other_path = MakeFinding("r", "c.txt", "one-secret-value", 7);
  Baseline b;
  b.entries = {EntryFor(kept, "2030-01-01"), EntryFor(expired, "2020-01-01"),
               EntryFor(MakeFinding("r", "gone.txt", "removed", 1))};
  BaselineMatch m = ApplyBaseline(b, {kept, expired, other_path}, "2026-11-26");
  EXPECT_EQ(m.suppressed_by[0], std::optional<size_t>(0));
  EXPECT_FALSE(m.suppressed_by[1].has_value());
  EXPECT_FALSE(m.suppressed_by[2].has_value());  // same secret, another file: a new leak
  EXPECT_EQ(m.expired, std::vector<size_t>{1});
  EXPECT_EQ(m.stale, std::vector<size_t>{2});
  // The expiry day itself still suppresses.
  EXPECT_TRUE(ApplyBaseline(b, {kept}, "2030-01-01").suppressed_by[0].has_value());
}

TEST(Baseline, RoundTripsAndRefusesBadEntries) {
  Baseline b;
  b.entries = {EntryFor(MakeFinding("r", "a.txt", "one-secret-value", 5), "2030-01-01")};
  Result<Baseline> back = ParseBaseline(BaselineText(b), "b.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->entries[0].fingerprint, b.entries[0].fingerprint);
  EXPECT_EQ(back->entries[0].expires, "2030-01-01");
  std::string fp(64, 'a');
  auto entry = [&](const std::string& extra) {
    return "{\"entries\": [{\"fingerprint\": \"" + fp +
           "\", \"rule\": \"r\", \"path\": \"p\", \"owner\": \"o\"" + extra + "}]}";
  };
  EXPECT_EQ(ParseBaseline(entry(", \"status\": \"ok\""), "b.json").status().message(),
            "b.json: entry 0: status must be false_positive or accepted_risk, not 'ok'");
  EXPECT_EQ(ParseBaseline(entry(", \"status\": \"accepted_risk\", \"expiry\": \"x\""), "b.json")
                .status()
                .message(),
            "b.json: entry 0: unknown field 'expiry'");
  EXPECT_EQ(
      ParseBaseline(entry(", \"status\": \"accepted_risk\", \"expires\": \"2030-13-01\""), "b.json")
          .status()
          .message(),
      "b.json: entry 0: expires must be a date YYYY-MM-DD, not '2030-13-01'");
  EXPECT_EQ(ParseBaseline("[]", "b.json").status().message(),
            "b.json: not a baseline (an object with an \"entries\" array)");
  EXPECT_EQ(ParseBaseline("{", "b.json").status().code(), StatusCode::kInvalidArgument);
}

Report SampleReport() {
  Report r;
  r.tool_version = "0.1.0";
  auto scanner = std::move(*SecretsScanner::Create(*DefaultSecretRules()));
  r.rules = scanner->Rules();
  r.rules.push_back(UnreadableRuleInfo());
  r.result.findings = {
      MakeFinding("github-token", "src/a b.py", "ghp_secretvalue1", 4),
      MakeFinding("jwt", "src/c.py", "eyJsecretvalue22", 9, Severity::kMedium),
      MakeFinding("aws-access-key-id", "z.txt", "AKIAsecretvalue3", 1, Severity::kCritical)};
  r.result.files_scanned = 3;
  r.baseline.entries = {EntryFor(r.result.findings[2])};
  r.match = ApplyBaseline(r.baseline, r.result.findings, "2026-11-26");
  return r;
}

TEST(Report, SarifIsAcceptedByOurSarifEvidenceParser) {
  Report r = SampleReport();
  std::string sarif = DumpJson(FormatSarif(r));
  Result<evidence::SarifSummary> s = evidence::ParseSarif(sarif, "scan.sarif");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->results, 2u);
  EXPECT_EQ(s->suppressed, 1u);
  EXPECT_EQ(s->error, 1u);
  EXPECT_EQ(s->warning, 1u);
  EXPECT_EQ(s->high, 1u);    // github-token: 8.0
  EXPECT_EQ(s->medium, 1u);  // jwt: 5.5
  EXPECT_EQ(s->tools, std::vector<std::string>{"proofline"});
}

TEST(Report, SarifResultsCarryLocationsAndLineFreeFingerprints) {
  Report r = SampleReport();
  Json sarif = FormatSarif(r);
  const Json& result = sarif["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "github-token");
  EXPECT_EQ(result["level"], "error");
  const Json& loc = result["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "src/a%20b.py");
  EXPECT_EQ(loc["region"]["startLine"], 4);
  EXPECT_EQ(loc["region"]["startColumn"], 3);
  EXPECT_EQ(loc["region"]["endColumn"], 13);
  EXPECT_EQ(result["partialFingerprints"]["proofline/v1"], Fingerprint(r.result.findings[0]));
  const Json& rule = sarif["runs"][0]["tool"]["driver"]["rules"][result["ruleIndex"].get<size_t>()];
  EXPECT_EQ(rule["id"], "github-token");
  EXPECT_EQ(rule["properties"]["security-severity"], "8.0");
  EXPECT_EQ(sarif["runs"][0]["results"][2]["suppressions"][0]["status"], "accepted");
}

TEST(Report, TextAndJsonNeverHoldTheSecretAndCountWhatFails) {
  Report r = SampleReport();
  std::string text = FormatText(r);
  std::string json = DumpJson(FormatJson(r));
  for (const char* secret : {"secretvalue1", "secretvalue22", "secretvalue3"}) {
    EXPECT_EQ(text.find(secret), std::string::npos);
    EXPECT_EQ(json.find(secret), std::string::npos);
  }
  EXPECT_EQ(r.Failing(), 1u);  // jwt is medium; the AWS key is suppressed
  EXPECT_NE(text.find("src/a b.py:4:3: high github-token: github-token: ghp_****"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("2 findings, 1 suppressed by the baseline, 1 at or above high"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace proofline::scan
