// Tests of the control-test summariser, one per quirk of the scripts that write these files:
// Python's json.dump (pretty, None as null, isoformat timestamps), jq -c (JSON Lines),
// PowerShell's ConvertTo-Json (a byte order mark, CRLF, upper-case results), and compliance
// suites flattened one record per test (several records per control). Fixtures are written here.
#include "evidence/control_tests.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "evidence/junit.h"

namespace proofline::evidence {
namespace {

ControlTestsSummary Parse(const std::string& text) {
  Result<ControlTestsSummary> s = ParseControlTests(text, "controls.json");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : ControlTestsSummary{};
}

void ExpectCounts(const ControlTestsSummary& s, uint64_t passed, uint64_t failed, uint64_t skipped,
                  uint64_t not_applicable) {
  EXPECT_EQ(s.passed, passed);
  EXPECT_EQ(s.failed, failed);
  EXPECT_EQ(s.skipped, skipped);
  EXPECT_EQ(s.not_applicable, not_applicable);
  EXPECT_EQ(s.tests, passed + failed + skipped + not_applicable);
}

// `text` is refused with InvalidArgument, a message starting with `where` and containing `what`.
void ExpectRejected(const std::string& text, const std::string& where, const std::string& what) {
  Result<ControlTestsSummary> s = ParseControlTests(text, "controls.json");
  ASSERT_FALSE(s.ok()) << text;
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message().rfind("controls.json" + where, 0), 0u) << s.status().message();
  EXPECT_NE(s.status().message().find(what), std::string::npos) << s.status().message();
}

// Python: json.dump(record, f, indent=2) of one record; None becomes null.
TEST(ControlTests, OnePrettyPrintedRecordWithEvidenceAndNullMetadata) {
  ControlTestsSummary s = Parse(R"({
  "control_id": "SOX-IT-03",
  "test_name": "test_prod_access_requires_ticket",
  "result": "passed",
  "evidence": {
    "query": "SELECT count(*) FROM grants WHERE ticket IS NULL",
    "rows": 0,
    "screenshots": []
  },
  "timestamp": "2024-05-01T10:15:02.318204+00:00",
  "executed_by": "ci-bot",
  "framework": "pytest-compliance",
  "notes": null
}
)");
  ExpectCounts(s, 1, 0, 0, 0);
  ASSERT_EQ(s.controls.size(), 1u);
  EXPECT_EQ(s.controls[0].control_id, "SOX-IT-03");
  EXPECT_EQ(s.controls[0].test_name, "test_prod_access_requires_ticket");
  EXPECT_EQ(s.controls[0].result, "passed");
  ASSERT_EQ(s.by_control.count("SOX-IT-03"), 1u);
  EXPECT_EQ(s.by_control["SOX-IT-03"].passed, 1u);
}

// PowerShell: ConvertTo-Json | Set-Content -Encoding UTF8 writes a byte order mark, CRLF line
// ends, four-space indents; scripts often write PASS/FAIL in upper case.
TEST(ControlTests, PowerShellArrayWithByteOrderMarkCrlfAndUpperCaseResults) {
  ControlTestsSummary s = Parse(
      "\xEF\xBB\xBF[\r\n    {\r\n        \"control_id\":  \"HIPAA-164.312(b)\",\r\n"
      "        \"test_name\":  \"Audit log shipping enabled\",\r\n"
      "        \"result\":  \"PASS\",\r\n        \"tester\":  \"CORP\\\\svc-audit\"\r\n    },\r\n"
      "    {\r\n        \"control_id\":  \"HIPAA-164.312(a)(2)(iv)\",\r\n"
      "        \"test_name\":  \"Disk encryption\",\r\n        \"result\":  \"Fail\"\r\n    "
      "}\r\n]\r\n");
  ExpectCounts(s, 1, 1, 0, 0);
  ASSERT_EQ(s.controls.size(), 2u);
  EXPECT_EQ(s.controls[0].control_id, "HIPAA-164.312(b)");
  EXPECT_EQ(s.controls[1].control_id, "HIPAA-164.312(a)(2)(iv)");
  EXPECT_EQ(s.controls[1].result, "failed");
}

// jq -c '.[]' writes JSON Lines; files concatenated by CI on Windows carry CRLF and blank lines.
TEST(ControlTests, JsonLinesWithBlankLinesAndCrlf) {
  ControlTestsSummary s = Parse(
      "{\"control_id\":\"CC8.1\",\"test_name\":\"change has approval\",\"result\":\"pass\"}\r\n"
      "\r\n"
      "{\"control_id\":\"CC8.1\",\"test_name\":\"change has ticket\",\"result\":\"fail\"}\r\n"
      "\n"
      "   \n"
      "{\"control_id\":\"CC6.1\",\"test_name\":\"mfa enforced\",\"result\":\"skip\"}");
  ExpectCounts(s, 1, 1, 1, 0);
  EXPECT_EQ(s.by_control["CC8.1"].passed, 1u);
  EXPECT_EQ(s.by_control["CC8.1"].failed, 1u);
  EXPECT_EQ(s.by_control["CC6.1"].skipped, 1u);
  // Line numbers in messages count the blank lines: this bad record starts on line 4.
  ExpectRejected(
      "{\"control_id\":\"A\",\"test_name\":\"t\",\"result\":\"pass\"}\r\n\r\n\r\n"
      "{\"control_id\":\"A\",\"test_name\":\"t\",\"result\":\"maybe\"}\r\n",
      ":4: ", "result \"maybe\" is not one of");
}

TEST(ControlTests, ResultsAreNormalisedAndErrorsCountAsFailed) {
  std::string lines;
  for (const char* r : {"pass", "Passed", "FAIL", "failed", "error", "ERROR", "skip", "Skipped",
                        "not_applicable", "NOT_APPLICABLE"}) {
    lines += R"({"control_id": "PCI-DSS-8.3.1", "test_name": "t", "result": ")" + std::string(r) +
             "\"}\n";
  }
  ControlTestsSummary s = Parse(lines);
  ExpectCounts(s, 2, 4, 2, 2);
  EXPECT_EQ(s.errors, 2u);
  const ControlCounts& c = s.by_control["PCI-DSS-8.3.1"];
  EXPECT_EQ(c.passed, 2u);
  EXPECT_EQ(c.failed, 4u);
  EXPECT_EQ(c.skipped, 2u);
  EXPECT_EQ(c.not_applicable, 2u);
  EXPECT_EQ(s.controls[4].result, "failed");  // "error"
  EXPECT_EQ(s.controls[9].result, "not_applicable");
  for (const char* bad : {"ok", "n/a", "MANUAL", "passed ", "passed-with-warnings"}) {
    ExpectRejected(
        R"({"control_id": "A", "test_name": "t", "result": ")" + std::string(bad) + "\"}",
        ":1: ", "is not one of pass, passed, fail, failed, error, skip, skipped");
  }
}

// InSpec-style suites write one record per test, so one control has several records.
TEST(ControlTests, SeveralTestsOfOneControlAreCountedUnderIt) {
  ControlTestsSummary s = Parse(R"([
    {"control_id": "SOX-IT-07", "test_name": "backup job ran", "result": "passed"},
    {"control_id": "SOX-IT-07", "test_name": "backup restorable", "result": "failed"},
    {"control_id": "SOX-IT-07", "test_name": "offsite copy", "result": "not_applicable"},
    {"control_id": "SOX-IT-01", "test_name": "access review", "result": "passed"}
  ])");
  ExpectCounts(s, 2, 1, 0, 1);
  ASSERT_EQ(s.by_control.size(), 2u);
  EXPECT_EQ(s.by_control["SOX-IT-07"].passed, 1u);
  EXPECT_EQ(s.by_control["SOX-IT-07"].failed, 1u);
  EXPECT_EQ(s.by_control["SOX-IT-07"].not_applicable, 1u);
  EXPECT_EQ(s.by_control["SOX-IT-01"].passed, 1u);
  EXPECT_FALSE(s.by_control_capped);
}

// Brackets and quotes inside strings must not end a record early.
TEST(ControlTests, BracketsAndEscapedQuotesInStringsDoNotSplitRecords) {
  ControlTestsSummary s =
      Parse(R"({"control_id": "CC7.2", "test_name": "alert \"}\" fires [x]", "result": "passed",)"
            R"( "evidence": {"log": "}]}]\\", "rule": "{[("}}
{"control_id": "CC7.3", "test_name": "t\\", "result": "failed"})");
  ExpectCounts(s, 1, 1, 0, 0);
  EXPECT_EQ(s.controls[0].test_name, "alert \"}\" fires [x]");
  EXPECT_EQ(s.controls[1].test_name, "t\\");
}

TEST(ControlTests, UnknownFieldIsRefusedNamingFieldAndRecord) {
  ExpectRejected(
      "{\"control_id\": \"A\", \"test_name\": \"t\", \"result\": \"pass\"}\n"
      "{\"control_id\": \"A\", \"test_name\": \"t\", \"result\": \"pass\"}\n"
      "{\"control_id\": \"A\", \"test_name\": \"t\", \"result\": \"fail\", \"approved\": true}\n",
      ":3: ", "unknown field \"approved\" (a control test record has control_id, test_name");
  ExpectRejected(R"([{"control_id": "A", "test_name": "t", "result": "pass"},
    {"control_id": "A", "test_name": "t", "result": "pass", "Result": "fail"}])",
                 ": record 2: ", "unknown field \"Result\"");
  ExpectRejected(R"({"control_id": "A", "test_name": "t", "result": "pass", "x\ny": 1})",
                 ":1: ", "unknown field \"x?y\"");
}

TEST(ControlTests, MissingOrEmptyRequiredFieldsAreRefused) {
  ExpectRejected(R"({"test_name": "t", "result": "pass"})",
                 ":1: ", "missing required field \"control_id\"");
  ExpectRejected(R"({"control_id": "", "test_name": "t", "result": "pass"})",
                 ":1: ", "field \"control_id\" is empty");
  ExpectRejected(R"([{"control_id": "A", "result": "pass"}])",
                 ": record 1: ", "missing required field \"test_name\"");
  ExpectRejected(R"({"control_id": "A", "test_name": "t"})",
                 ":1: ", "missing required field \"result\"");
  ExpectRejected(R"({"control_id": null, "test_name": "t", "result": "pass"})",
                 ":1: ", "field \"control_id\" must be a string, not null");
}

TEST(ControlTests, FieldsOfTheWrongTypeAreRefused) {
  ExpectRejected(R"({"control_id": 3, "test_name": "t", "result": "pass"})",
                 ":1: ", "field \"control_id\" must be a string, not number");
  ExpectRejected(R"({"control_id": "A", "test_name": ["t"], "result": "pass"})",
                 ":1: ", "field \"test_name\" must be a string, not array");
  ExpectRejected(R"({"control_id": "A", "test_name": "t", "result": true})",
                 ":1: ", "field \"result\" must be a string, not boolean");
  ExpectRejected(R"({"control_id": "A", "test_name": "t", "result": "pass", "evidence": "ok"})",
                 ":1: ", "field \"evidence\" must be an object, not string");
  ExpectRejected(R"({"control_id": "A", "test_name": "t", "result": "pass", "tester": 7})",
                 ":1: ", "field \"tester\" must be a string, not number");
  ExpectRejected(R"({"control_id": "A", "test_name": "t", "result": "pass", "notes": {"a": 1}})",
                 ":1: ", "field \"notes\" must be a string, not object");
  ExpectRejected(
      R"({"control_id": "A", "test_name": "t", "result": "pass", "timestamp": 1714558502})",
      ":1: ", "field \"timestamp\" must be a string, not number");
}

TEST(ControlTests, TimestampsMustBeRfc3339WithAnOffset) {
  std::string lines;
  for (const char* ts : {"2024-05-01T10:15:02Z", "2024-05-01t10:15:02z",
                         "2024-05-01 10:15:02+02:00", "2024-02-29T23:59:60.123456789-05:30"}) {
    lines += R"({"control_id": "A", "test_name": "t", "result": "pass", "timestamp": ")" +
             std::string(ts) + "\"}\n";
  }
  EXPECT_EQ(Parse(lines).tests, 4u);
  for (const char* bad : {"2024-05-01T10:15:02", "2024-05-01", "2023-02-29T00:00:00Z",
                          "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T10:15:02.Z",
                          "2024-05-01T10:15:02+0200", "1714558502", "2024-05-01T10:15:02Z "}) {
    ExpectRejected(R"({"control_id": "A", "test_name": "t", "result": "pass", "timestamp": ")" +
                       std::string(bad) + "\"}",
                   ":1: ", "is not an RFC 3339 date-time with an offset");
  }
}

TEST(ControlTests, EmptyFilesAndFilesWithoutRecordsAreRefused) {
  ExpectRejected("", ": ", "empty file (no control test records)");
  ExpectRejected(" \r\n\n", ": ", "empty file");
  ExpectRejected("\xEF\xBB\xBF", ": ", "empty file");
  ExpectRejected("[]", ": ", "no control test records");
  ExpectRejected("[\n]\n", ": ", "no control test records");
}

TEST(ControlTests, JUnitXmlAndOtherFormatsAreRefusedAsNotControlTests) {
  ExpectRejected(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite name=\"compliance\">"
      "<testcase name=\"t\"><properties><property name=\"control\" value=\"CC8.1\"/>"
      "</properties></testcase></testsuite></testsuites>\n",
      ": ", "XML (a JUnit report?), not control test records");
  ExpectRejected("control_id,test_name,result\nCC8.1,t,pass\n", ": ",
                 "not control test records (expected a JSON object, an array of objects or JSON "
                 "Lines) at byte 0");
  ExpectRejected("\"CC8.1\"", ": ", "not control test records");
  ExpectRejected("\xFF\xFE{\0\"\0", ": ", "UTF-16 text; control test records must be UTF-8");
  ExpectRejected(std::string("{\0\"\0c\0", 6), ":1: ", "at byte 1");  // UTF-16 without a BOM
}

TEST(ControlTests, MalformedAndTruncatedJsonNamesFileAndPlace) {
  const std::string ok = R"({"control_id": "A", "test_name": "t", "result": "pass"})";
  ExpectRejected(ok + "\n" + ok + "\n{\"control_id\": \"B\", \"test_na",
                 ":3: ", "missing closing quote; last read: '\"test_na'");
  ExpectRejected(ok + "\n" + ok + "\n{\"control_id\": \"B\",",
                 ":3: ", "unexpected end of input; expected string literal at byte 19");
  ExpectRejected(
      "[" + ok + ",\n " + ok + ",\n {\"control_id\": ", ": record 3: ", "unexpected end of input");
  ExpectRejected("[" + ok + ", " + ok, ": ", "truncated: the array of records is not closed");
  ExpectRejected("[" + ok + ", " + ok + ",", ": ", "truncated: the array of records is not closed");
  ExpectRejected(ok + "\n{\"control_id\": \"A\" \"test_name\": \"t\"}\n",
                 ":2: ", "syntax error while parsing object - unexpected string literal");
  ExpectRejected(ok + "\n{\"control_id\": \"A\", \"control_id\": \"B\"}",
                 ":2: ", "duplicate key \"control_id\" at byte 20");
  ExpectRejected("[" + ok + "] []", ": ", "content after the closing ']' at byte");
  ExpectRejected("[" + ok + ",]", ": ", "trailing ',' before ']'");
  ExpectRejected("[" + ok + " " + ok + "]", ": ", "expected ',' or ']' after record 1");
  ExpectRejected("[" + ok + ", [1]]", ": record 2: ", "not a JSON object");
  ExpectRejected(ok + "\n[" + ok + "]\n", ":2: ", "expected a record (a JSON object)");
  ExpectRejected("{\"control_id\": \"A\", \"test_name\": \"caf\xE9\", \"result\": \"pass\"}",
                 ":1: ", "at byte");  // Latin-1, not UTF-8
}

TEST(ControlTests, NonAsciiNamesAreCutAt256BytesOnACharacterBoundary) {
  std::string id = "ISO-27001-A.12.";
  std::string name;
  while (id.size() < 300) id += "\xC3\xA9";          // é
  while (name.size() < 300) name += "\xE2\x9C\x93";  // ✓, three bytes
  ControlTestsSummary s =
      Parse(R"({"control_id": ")" + id + R"(", "test_name": ")" + name + R"(", "result": "pass"})");
  ASSERT_EQ(s.controls.size(), 1u);
  EXPECT_EQ(s.controls[0].control_id.size(), 255u);  // 15 ASCII + 120 two-byte characters
  EXPECT_EQ(s.controls[0].control_id, id.substr(0, 255));
  EXPECT_EQ(s.controls[0].test_name.size(), 255u);  // 85 three-byte characters
  EXPECT_EQ(s.by_control.begin()->first, id.substr(0, 255));
  EXPECT_TRUE(CanonicalJson(s.ToJson()).ok());
}

TEST(ControlTests, ManyRecordsAreCappedWithTotalsRight) {
  std::string lines;
  for (int i = 0; i < 1200; ++i) {
    lines += R"({"control_id": "C-)" + std::to_string(i % 600) + R"(", "test_name": "t)" +
             std::to_string(i) + R"(", "result": ")" + (i % 3 == 0 ? "fail" : "pass") + "\"}\n";
  }
  ControlTestsSummary s = Parse(lines);
  ExpectCounts(s, 800, 400, 0, 0);
  EXPECT_EQ(s.controls.size(), kMaxListedControlTests);
  EXPECT_EQ(s.controls.back().test_name, "t499");
  EXPECT_EQ(s.by_control.size(), kMaxControlIds);
  EXPECT_TRUE(s.by_control_capped);
  // C-0 .. C-499 were seen first; each has its two records, whatever came later.
  EXPECT_EQ(s.by_control["C-0"].failed + s.by_control["C-0"].passed, 2u);
  EXPECT_EQ(s.by_control.count("C-599"), 0u);
  Json j = s.ToJson();
  EXPECT_EQ(j["controls_total"], 1200);
  EXPECT_EQ(j["controls"].size(), 500u);
  EXPECT_EQ(j["by_control"].size(), 500u);
  EXPECT_EQ(j["by_control_capped"], true);
  EXPECT_TRUE(CanonicalJson(j).ok());
}

TEST(ControlTests, SummaryJsonNamesEveryCount) {
  Json j = Parse(R"({"control_id": "CC8.1", "test_name": "t", "result": "error"})").ToJson();
  EXPECT_EQ(j, Json::parse(R"({"tests": 1, "passed": 0, "failed": 1, "errors": 1, "skipped": 0,
    "not_applicable": 0, "controls": [{"control_id": "CC8.1", "test_name": "t",
    "result": "failed"}], "by_control": {"CC8.1": {"passed": 0, "failed": 1, "skipped": 0,
    "not_applicable": 0}}})"));
}

TEST(ControlTests, RecordsLargerThanTheLimitAreRefused) {
  std::string huge =
      R"({"control_id": "A", "test_name": "t", "result": "pass", "evidence": {"x": ")";
  huge += std::string(kMaxControlRecordBytes, 'a') + "\"}}";
  ExpectRejected(huge, ":1: ", "record larger than 16 MiB");
}

TEST(ControlTests, JUnitControlTestsShareTheShape) {
  JUnitSummary junit = *ParseJUnit(
      "<testsuite><testcase classname=\"c\" name=\"n\"><properties><property name=\"control\" "
      "value=\"CC8.1\"/></properties><failure/></testcase></testsuite>",
      "r.xml");
  ControlTestsSummary mine =
      Parse(R"({"control_id": "CC8.1", "test_name": "c.n", "result": "fail"})");
  ASSERT_EQ(junit.controls.size(), 1u);
  EXPECT_EQ(junit.ToJson()["controls"], mine.ToJson()["controls"]);
}

TEST(ControlTests, FileIsStreamedHashedAndParsed) {
  char path[] = "/tmp/proofline_controls_XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string text;
  uint64_t records = 0;
  while (text.size() < 5 * 64 * 1024) {  // records straddle the 64 KiB reads
    text += R"({"control_id": "SOX-IT-)" + std::to_string(records % 7) +
            R"(", "test_name": "check )" + std::to_string(records) +
            R"(", "result": "passed", "evidence": {"rows": [1, 2, 3], "note": "}{"}})" + "\n";
    ++records;
  }
  ASSERT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  StreamDigest digest;
  Result<ControlTestsSummary> s = ParseControlTestsFile(path, &digest);
  unlink(path);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->tests, records);
  EXPECT_EQ(s->passed, records);
  EXPECT_EQ(s->by_control.size(), 7u);
  EXPECT_EQ(digest.size, text.size());
  EXPECT_EQ(digest.sha256, Sha256(AsBytes(text)));
  Result<ControlTestsSummary> missing = ParseControlTestsFile("/nonexistent/controls.jsonl");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  Result<ControlTestsSummary> directory = ParseControlTestsFile("/tmp");
  EXPECT_EQ(directory.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace proofline::evidence
