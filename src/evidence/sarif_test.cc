// Tests of the SARIF summariser, one per producer quirk. The fixtures are written here, shaped
// after what each tool emits (CodeQL, Trivy, gitleaks, Semgrep, ESLint, Checkov); none is copied
// from another project.
#include "evidence/sarif.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>

#include "evidence/json_stream.h"

namespace proofline::evidence {
namespace {

SarifSummary Parse(const std::string& text) {
  Result<SarifSummary> s = ParseSarif(text, "scan.sarif");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : SarifSummary{};
}

void ExpectLevels(const SarifSummary& s, uint64_t error, uint64_t warning, uint64_t note,
                  uint64_t none) {
  EXPECT_EQ(s.error, error);
  EXPECT_EQ(s.warning, warning);
  EXPECT_EQ(s.note, note);
  EXPECT_EQ(s.none, none);
}

void ExpectSeverities(const SarifSummary& s, uint64_t critical, uint64_t high, uint64_t medium,
                      uint64_t low) {
  EXPECT_EQ(s.critical, critical);
  EXPECT_EQ(s.high, high);
  EXPECT_EQ(s.medium, medium);
  EXPECT_EQ(s.low, low);
}

// CodeQL: the driver has no rules; the query pack is an extension, and results point into it with
// ruleIndex plus rule.toolComponent.index. Levels come from the rules' defaultConfiguration.
TEST(Sarif, CodeQlRulesInExtensionsResolvedThroughRuleIndexAndToolComponent) {
  SarifSummary s = Parse(R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [{
    "tool": {
      "driver": {"name": "CodeQL", "semanticVersion": "2.15.0", "rules": []},
      "extensions": [
        {"name": "codeql/javascript-queries", "rules": [
          {"id": "js/xss", "defaultConfiguration": {"level": "error"},
           "properties": {"security-severity": "6.1", "tags": ["security"]}},
          {"id": "js/unused-local-variable", "defaultConfiguration": {"level": "note"},
           "properties": {"tags": ["maintainability"]}}
        ]}
      ]
    },
    "results": [
      {"ruleId": "js/xss", "ruleIndex": 0, "rule": {"id": "js/xss", "index": 0,
        "toolComponent": {"index": 0}}, "message": {"text": "XSS"},
       "locations": [{"physicalLocation": {"artifactLocation": {"uri": "src/app.js",
         "uriBaseId": "%SRCROOT%"}, "region": {"startLine": 3}}}]},
      {"ruleId": "js/unused-local-variable", "rule": {"index": 1, "toolComponent": {"index": 0}},
       "message": {"text": "unused"}},
      {"rule": {"index": 1, "toolComponent": {"index": 0}}, "message": {"text": "unused"}}
    ]
  }]
})");
  EXPECT_EQ(s.results, 3u);
  EXPECT_EQ(s.runs, 1u);
  ExpectLevels(s, 1, 0, 2, 0);
  ExpectSeverities(s, 0, 0, 1, 0);
  EXPECT_EQ(s.tools, std::vector<std::string>{"CodeQL"});
  ASSERT_EQ(s.top_rules.size(), 2u);
  EXPECT_EQ(s.top_rules[0], std::make_pair(std::string("js/unused-local-variable"), uint64_t{2}));
  EXPECT_EQ(s.top_rules[1], std::make_pair(std::string("js/xss"), uint64_t{1}));
}

// Trivy: one rule per vulnerability, security-severity as a string, level on the result.
TEST(Sarif, TrivySecuritySeverityAsStringMapsToCriticalHighMediumLow) {
  SarifSummary s = Parse(R"({"version": "2.1.0",
  "$schema": "https://raw.githubusercontent.com/oasis-tcs/sarif-spec/master/Schemata/sarif-schema-2.1.0.json",
  "runs": [{"tool": {"driver": {"name": "Trivy", "fullName": "Trivy Vulnerability Scanner",
    "rules": [
      {"id": "CVE-2021-44228", "properties": {"security-severity": "10.0", "precision": "very-high"}},
      {"id": "CVE-2022-0001", "properties": {"security-severity": "7.5"}},
      {"id": "CVE-2022-0002", "properties": {"security-severity": 4.0}},
      {"id": "CVE-2022-0003", "properties": {"security-severity": "2.1"}},
      {"id": "CVE-2022-0004", "properties": {"security-severity": "0.0"}},
      {"id": "CVE-2022-0005", "properties": {"security-severity": "n/a"}}
    ]}},
    "results": [
      {"ruleId": "CVE-2021-44228", "ruleIndex": 0, "level": "error", "message": {"text": "log4j"}},
      {"ruleId": "CVE-2022-0001", "ruleIndex": 1, "level": "error", "message": {"text": "a"}},
      {"ruleId": "CVE-2022-0002", "ruleIndex": 2, "level": "warning", "message": {"text": "b"}},
      {"ruleId": "CVE-2022-0003", "ruleIndex": 3, "level": "note", "message": {"text": "c"}},
      {"ruleId": "CVE-2022-0004", "ruleIndex": 4, "level": "note", "message": {"text": "d"}},
      {"ruleId": "CVE-2022-0005", "ruleIndex": 5, "level": "note", "message": {"text": "e"}}
    ]}]})");
  EXPECT_EQ(s.results, 6u);
  ExpectLevels(s, 2, 1, 3, 0);
  ExpectSeverities(s, 1, 1, 1, 1);
}

// gitleaks: rules without defaultConfiguration, results without level: SARIF's default warning.
TEST(Sarif, GitleaksResultsWithoutAnyLevelDefaultToWarning) {
  SarifSummary s = Parse(R"({"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "gitleaks",
    "semanticVersion": "v8.18.0", "informationUri": "https://github.com/gitleaks/gitleaks",
    "rules": [{"id": "aws-access-token", "shortDescription": {"text": "AWS"}},
              {"id": "generic-api-key", "shortDescription": {"text": "key"}}]}},
    "results": [
      {"message": {"text": "aws-access-token has detected secret for file config.py."},
       "ruleId": "aws-access-token",
       "locations": [{"physicalLocation": {"artifactLocation": {"uri": "config.py"},
         "region": {"startLine": 1, "snippet": {"text": "AKIA..."}}}}],
       "partialFingerprints": {"commitSha": "abc", "email": "dev@example.com"}},
      {"message": {"text": "generic"}, "ruleId": "generic-api-key"}
    ]}]})");
  EXPECT_EQ(s.results, 2u);
  ExpectLevels(s, 0, 2, 0, 0);
  ExpectSeverities(s, 0, 0, 0, 0);
}

// A minified single-line log (what many tools write with no pretty-printer), with rules found by
// id alone and file:// URIs, which must not matter.
TEST(Sarif, MinifiedSingleLineLogWithFileUris) {
  SarifSummary s = Parse(
      R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Semgrep OSS","rules":[{"id":)"
      R"("python.lang.security.audit.eval","defaultConfiguration":{"level":"error"},"properties":)"
      R"({"security-severity":8.1}}]}},"results":[{"ruleId":"python.lang.security.audit.eval",)"
      R"("message":{"text":"eval"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":)"
      R"("file:///home/runner/work/app/app/main.py"},"region":{"startLine":7}}}]},{"ruleId":)"
      R"("python.lang.security.audit.eval","message":{"text":"eval"},"locations":[{)"
      R"("physicalLocation":{"artifactLocation":{"uri":"file:///C:/src/app/tool.py"}}}]}]}]})");
  EXPECT_EQ(s.results, 2u);
  ExpectLevels(s, 2, 0, 0, 0);
  ExpectSeverities(s, 0, 2, 0, 0);
  ASSERT_EQ(s.top_rules.size(), 1u);
  EXPECT_EQ(s.top_rules[0].second, 2u);
}

// In-source suppressions (// nosemgrep, #checkov:skip, eslint-disable) are counted apart; one
// that was rejected or is still under review does not suppress.
TEST(Sarif, InSourceSuppressionsAreCountedApartFromResults) {
  SarifSummary s = Parse(R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Checkov",
    "rules": [{"id": "CKV_AWS_20", "properties": {"security-severity": "9.1"}}]}},
    "results": [
      {"ruleId": "CKV_AWS_20", "level": "error", "message": {"text": "public bucket"},
       "suppressions": [{"kind": "inSource", "justification": "static site"}]},
      {"ruleId": "CKV_AWS_20", "level": "error", "message": {"text": "x"},
       "suppressions": [{"kind": "external", "status": "accepted"}]},
      {"ruleId": "CKV_AWS_20", "level": "error", "message": {"text": "y"},
       "suppressions": [{"kind": "inSource", "status": "rejected"}]},
      {"ruleId": "CKV_AWS_20", "level": "error", "message": {"text": "z"},
       "suppressions": [{"kind": "external", "status": "underReview"}]},
      {"ruleId": "CKV_AWS_20", "level": "error", "message": {"text": "w"}, "suppressions": []}
    ]}]})");
  EXPECT_EQ(s.suppressed, 2u);
  EXPECT_EQ(s.results, 3u);
  ExpectLevels(s, 3, 0, 0, 0);
  ExpectSeverities(s, 3, 0, 0, 0);
}

// Results that were in the baseline and are gone now are neither counted nor suppressed.
TEST(Sarif, BaselineStateAbsentResultsAreExcluded) {
  SarifSummary s = Parse(R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "CodeQL"}},
    "results": [
      {"ruleId": "r", "level": "error", "baselineState": "absent", "message": {"text": "old"}},
      {"ruleId": "r", "level": "error", "baselineState": "new", "message": {"text": "new"}},
      {"ruleId": "r", "level": "error", "baselineState": "unchanged", "message": {"text": "u"}}
    ]}]})");
  EXPECT_EQ(s.results, 2u);
  EXPECT_EQ(s.suppressed, 0u);
  ExpectLevels(s, 2, 0, 0, 0);
}

// Several runs in one log (a merged upload): rule indices are per run, tools are listed once.
TEST(Sarif, SeveralRunsAreSummedWithRulesResolvedPerRun) {
  SarifSummary s = Parse(R"({"version": "2.1.0", "runs": [
    {"tool": {"driver": {"name": "ESLint", "rules": [
       {"id": "no-eval", "defaultConfiguration": {"level": "error"}}]}},
     "results": [{"ruleId": "no-eval", "ruleIndex": 0, "message": {"text": "a"}}]},
    {"tool": {"driver": {"name": "Trivy", "rules": [
       {"id": "CVE-1", "defaultConfiguration": {"level": "note"},
        "properties": {"security-severity": "9.8"}}]}},
     "results": [{"ruleId": "CVE-1", "ruleIndex": 0, "message": {"text": "b"}}]},
    {"tool": {"driver": {"name": "ESLint"}}, "results": []},
    {"tool": {"driver": {"name": "Checkov"}}, "results": null}
  ]})");
  EXPECT_EQ(s.runs, 4u);
  EXPECT_EQ(s.results, 2u);
  ExpectLevels(s, 1, 0, 1, 0);
  ExpectSeverities(s, 1, 0, 0, 0);
  EXPECT_EQ(s.tools, (std::vector<std::string>{"ESLint", "Trivy", "Checkov"}));
}

// ESLint's SARIF formatter writes level "note" and "none"; results whose kind is not "fail"
// (pass, informational) default to "none".
TEST(Sarif, EsLintNoteAndNoneLevelsAndNonFailKinds) {
  SarifSummary s = Parse(R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "ESLint",
    "informationUri": "https://eslint.org", "rules": [{"id": "no-console",
    "defaultConfiguration": {"level": "warning"}}]}},
    "results": [
      {"ruleId": "no-console", "level": "note", "message": {"text": "a"}},
      {"ruleId": "no-console", "level": "none", "message": {"text": "b"}},
      {"ruleId": "no-console", "message": {"text": "c"}},
      {"ruleId": "other", "kind": "pass", "message": {"text": "d"}},
      {"ruleId": "other", "kind": "informational", "message": {"text": "e"}},
      {"ruleId": "other", "level": "loud", "message": {"text": "unknown level"}}
    ]}]})");
  EXPECT_EQ(s.results, 6u);
  ExpectLevels(s, 0, 2, 1, 3);
}

TEST(Sarif, TopRulesAreTheMostFrequentTwentyTiesById) {
  std::string results;
  for (int rule = 0; rule < 25; ++rule) {
    for (int i = 0; i <= rule % 3; ++i) {
      if (!results.empty()) results += ",";
      char id[16];
      std::snprintf(id, sizeof id, "R%02d", rule);
      results += std::string(R"({"ruleId":")") + id + R"(","message":{"text":"m"}})";
    }
  }
  SarifSummary s = Parse(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},)"
                         R"("results":[)" +
                         results + "]}]}");
  ASSERT_EQ(s.top_rules.size(), kMaxTopRules);
  EXPECT_EQ(s.top_rules[0], std::make_pair(std::string("R02"), uint64_t{3}));
  EXPECT_EQ(s.top_rules[1], std::make_pair(std::string("R05"), uint64_t{3}));
  Json j = s.ToJson();
  EXPECT_EQ(j["top_rules"][0]["rule"], "R02");
  EXPECT_EQ(j["top_rules"][0]["count"], 3);
  EXPECT_EQ(j["by_level"]["warning"], s.results);
  EXPECT_TRUE(CanonicalJson(j).ok());
}

TEST(Sarif, ToJsonNamesEveryCount) {
  SarifSummary s;
  s.results = 5;
  s.suppressed = 1;
  s.error = 2;
  s.warning = 3;
  s.critical = 1;
  s.low = 4;
  s.runs = 2;
  s.tools = {"CodeQL"};
  s.top_rules = {{"js/xss", 5}};
  EXPECT_EQ(s.ToJson().dump(),
            R"({"by_level":{"error":2,"none":0,"note":0,"warning":3},)"
            R"("by_security_severity":{"critical":1,"high":0,"low":4,"medium":0},)"
            R"("cut_strings":0,"failed_invocations":0,"results":5,"runs":2,"suppressed":1,)"
            R"("tool_errors":0,)"
            R"("tools":["CodeQL"],"top_rules":[{"count":5,"rule":"js/xss"}]})");
}

// What a tool says it could not do is counted: CodeQL reports files it could not extract, and
// Proofline's own scanners the files they did not read, as toolExecutionNotifications of level
// "error" (a notification without a level is a warning), and a run that failed as
// executionSuccessful false. Nested notifications of other objects do not count.
TEST(Sarif, ToolExecutionErrorsAndFailedInvocationsAreCounted) {
  SarifSummary s = Parse(R"json({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL"}},
    "invocations":[
      {"executionSuccessful":false,"toolExecutionNotifications":[
        {"level":"error","message":{"text":"not scanned (binary)"},
         "locations":[{"physicalLocation":{"artifactLocation":{"uri":"a.bin"}}}]},
        {"message":{"text":"a warning by default"}},
        {"level":"note","message":{"text":"fyi"}}]},
      {"executionSuccessful":true,"toolConfigurationNotifications":[{"level":"error"}],
       "toolExecutionNotifications":[{"level":"error","message":{"text":"could not extract"}}]}],
    "results":[]}]})json");
  EXPECT_EQ(s.tool_errors, 2u);
  EXPECT_EQ(s.failed_invocations, 1u);
  EXPECT_EQ(s.results, 0u);
}

// A huge string is cut by the reader before the lexer holds it (memory stays bounded), what the
// summary keeps is cut again to kMaxSarifNameBytes, and each string cut is counted once.
TEST(Sarif, HugeStringsAreCutAndCounted) {
  const std::string huge(size_t{4} << 20, 'x');
  SarifSummary s = Parse(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":")" + huge +
                         R"(","rules":[{"id":")" + huge + R"("}]}},"results":[{"ruleId":")" + huge +
                         R"(","message":{"text":")" + huge + R"("}}]}]})");
  ASSERT_EQ(s.tools.size(), 1u);
  EXPECT_EQ(s.tools[0].size(), kMaxSarifNameBytes);
  EXPECT_EQ(s.results, 1u);
  // The name, the rule id, the result's ruleId and its message, each once.
  EXPECT_EQ(s.cut_strings, 4u);
  ASSERT_EQ(s.top_rules.size(), 1u);
  EXPECT_EQ(s.top_rules[0].first.size(), kMaxSarifNameBytes);
  // Below the reader's limit only what is kept is cut.
  const std::string long_id(1000, 'r');
  SarifSummary t = Parse(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},)"
                         R"("results":[{"ruleId":")" +
                         long_id + R"(","message":{"text":")" + long_id + R"("}}]}]})");
  EXPECT_EQ(t.cut_strings, 1u);
}

// The reader's cut never breaks an escape, a surrogate pair or a UTF-8 sequence: a huge string of
// escapes and multi-byte characters still parses (nlohmann would refuse a broken one).
TEST(Sarif, TheReadersCutKeepsEscapesAndCharactersWhole) {
  std::string unit = "\\u00e9\\uD83D\\uDE00\xC3\xA9\\\"x";  // 23 bytes
  std::string body;
  while (body.size() < kMaxJsonStringBytes + 4096) body += unit;
  for (size_t shift = 0; shift < unit.size(); ++shift) {  // the limit falls at every offset
    SarifSummary s = Parse(R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":")" +
                           std::string(shift, 'a') + body + R"("}},"results":[]}]})");
    EXPECT_EQ(s.runs, 1u) << shift;
    EXPECT_EQ(s.cut_strings, 1u) << shift;
  }
}

void ExpectInvalid(const std::string& text, const std::string& message) {
  Result<SarifSummary> s = ParseSarif(text, "bad.sarif");
  ASSERT_FALSE(s.ok()) << text;
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message().rfind("bad.sarif: ", 0), 0u) << s.status().message();
  EXPECT_NE(s.status().message().find(message), std::string::npos) << s.status().message();
}

TEST(Sarif, MalformedTruncatedOrForeignJsonIsInvalidArgument) {
  ExpectInvalid(R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "resu)",
                "at byte");
  ExpectInvalid("", "at byte");
  ExpectInvalid("<?xml version=\"1.0\"?><testsuite/>", "at byte");
  ExpectInvalid(R"({"version": "2.1.0", "runs": []} trailing)", "at byte");
  ExpectInvalid(R"({"version": "2.1.0", "version": "2.1.0", "runs": []})", "duplicate");
  ExpectInvalid(R"({"version": "2.0.0", "runs": []})", "not SARIF 2.1.0 (version \"2.0.0\")");
  ExpectInvalid(R"({"version": 2.1, "runs": []})", "not SARIF 2.1.0 (version 2.1)");
  ExpectInvalid(R"({"runs": []})", "not SARIF 2.1.0 (no version)");
  ExpectInvalid(R"({"version": "2.1.0"})", "not SARIF 2.1.0 (no runs array)");
  ExpectInvalid(R"({"version": "2.1.0", "runs": {"tool": {}}})", "not SARIF 2.1.0 (no runs array)");
  ExpectInvalid(R"({"version": "2.1.0", "runs": [{}, 7]})", "not SARIF 2.1.0 (runs[1] is not");
  ExpectInvalid(R"([1, 2])", "not SARIF 2.1.0 (not a JSON object)");
  ExpectInvalid(R"({"bomFormat": "CycloneDX", "specVersion": "1.5"})", "not SARIF 2.1.0");
  ExpectInvalid(R"("2.1.0")", "not SARIF 2.1.0 (not a JSON object)");
  ExpectInvalid(std::string(R"({"version": "2.1.0", "runs": []})") + '\0' + "junk",
                "unexpected NUL byte");
  ExpectInvalid(
      R"({"version": "2.1.0", "runs": [{"results": [{"level": "error", "level": "none"}]}]})",
      "duplicate key \"level\" at byte");
  ExpectInvalid(R"({"version": "2.1.0", "runs": [], "x": )" + std::string(200, '[') +
                    std::string(200, ']') + "}",
                "nesting deeper than 128 levels at byte");
  ExpectInvalid("{\"version\": \"2.1.0\", \"runs\": [], \"x\": \"\xff\"}", "at byte");
}

// Keys in any order: results before the tool that defines their rules, version after runs.
TEST(Sarif, ResultsBeforeRulesAndVersionLastAreResolved) {
  SarifSummary s = Parse(R"({"runs": [{"results": [{"ruleIndex": 0, "message": {"text": "m"}}],
    "tool": {"driver": {"rules": [{"properties": {"security-severity": "7.0"},
      "defaultConfiguration": {"level": "error"}, "id": "late"}], "name": "Semgrep"}}}],
    "version": "2.1.0"})");
  ExpectLevels(s, 1, 0, 0, 0);
  ExpectSeverities(s, 0, 1, 0, 0);
  ASSERT_EQ(s.top_rules.size(), 1u);
  EXPECT_EQ(s.top_rules[0].first, "late");
}

// Every field the summariser reads, holding a value of the wrong type: counted as absent, no throw.
TEST(Sarif, WrongTypesInEveryFieldReadAreTreatedAsAbsent) {
  SarifSummary s = Parse(R"({"version": "2.1.0", "runs": [
    {"tool": 5, "results": {"a": 1}},
    {"tool": {"driver": "CodeQL", "extensions": {"rules": []}}, "results": [1, "x", null, []]},
    {"tool": {"driver": {"name": 3, "rules": {"id": "r"}}, "extensions": [7, {"rules": 3},
       {"rules": [5, {"id": 9}, {"id": "r", "defaultConfiguration": "error",
        "properties": {"security-severity": [9]}}]}]},
     "results": [
       {"ruleId": 4, "ruleIndex": "0", "level": 1, "kind": 2, "baselineState": 3,
        "suppressions": {"kind": "inSource"}, "rule": "r"},
       {"ruleId": "r", "ruleIndex": -1, "rule": {"index": 1.5, "toolComponent": {"index": "2"}},
        "suppressions": "yes"},
       {"ruleId": "r", "ruleIndex": 99, "rule": {"toolComponent": {"index": 99}}},
       {"ruleId": "r", "rule": {"toolComponent": 2, "id": 5}, "suppressions": [1, "x"]},
       {"rule": {"index": 0, "toolComponent": {"index": 0}}},
       {"ruleId": "r", "properties": [], "level": "error"}
     ]},
    {"tool": {"driver": {"name": "x", "rules": [{"id": "q", "defaultConfiguration": {"level": 3},
       "properties": {"security-severity": "1e999"}}]}},
     "results": [{"ruleIndex": 0}, {"ruleIndex": 9007199254740991}]}
  ]})");
  EXPECT_EQ(s.runs, 4u);
  EXPECT_EQ(s.suppressed, 1u);  // [1, "x"]: entries without a status are accepted suppressions
  EXPECT_EQ(s.results, 7u);
  ExpectLevels(s, 1, 6, 0, 0);
  ExpectSeverities(s, 0, 0, 0, 0);
  EXPECT_EQ(s.tools, std::vector<std::string>{"x"});
}

TEST(Sarif, EmptyLogHasZeroCounts) {
  SarifSummary s = Parse(R"({"version": "2.1.0", "runs": []})");
  EXPECT_EQ(s.runs, 0u);
  EXPECT_EQ(s.results, 0u);
  EXPECT_TRUE(s.top_rules.empty());
}

TEST(Sarif, FileIsReadHashedAndParsed) {
  char path[] = "/tmp/sarif_testXXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string text = R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},)"
                     R"("results":[{"ruleId":"a","level":"error"}]}]})";
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  StreamDigest digest;
  Result<SarifSummary> s = ParseSarifFile(path, &digest);
  unlink(path);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->error, 1u);
  EXPECT_EQ(digest.size, text.size());
  EXPECT_EQ(digest.sha256, Sha256(AsBytes(text)));
  Result<SarifSummary> missing = ParseSarifFile("/nonexistent/x.sarif");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace proofline::evidence
