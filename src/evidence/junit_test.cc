// Tests of the JUnit summariser, one per producer quirk. The fixtures are written here, shaped
// after what each producer emits (Surefire, Gradle, pytest, jest-junit, go-junit-report,
// GoogleTest, ctest); none is copied from another project.
#include "evidence/junit.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "evidence/xml.h"

namespace proofline::evidence {
namespace {

JUnitSummary Parse(const std::string& xml) {
  Result<JUnitSummary> s = ParseJUnit(xml, "report.xml");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : JUnitSummary{};
}

void ExpectCounts(const JUnitSummary& s, uint64_t tests, uint64_t passed, uint64_t failures,
                  uint64_t errors, uint64_t skipped) {
  EXPECT_EQ(s.tests, tests);
  EXPECT_EQ(s.passed, passed);
  EXPECT_EQ(s.failures, failures);
  EXPECT_EQ(s.errors, errors);
  EXPECT_EQ(s.skipped, skipped);
}

TEST(JUnit, SurefireBareTestsuiteWithPropertiesAndFailures) {
  JUnitSummary s = Parse(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:noNamespaceSchemaLocation="https://maven.apache.org/surefire/maven-surefire-plugin/xsd/surefire-test-report.xsd"
    version="3.0" name="com.bank.PaymentTest" time="0.412" tests="4" errors="1" skipped="1" failures="1">
  <properties>
    <property name="java.version" value="17.0.9"/>
    <property name="user.language" value="en"/>
  </properties>
  <testcase name="rejectsNegativeAmount" classname="com.bank.PaymentTest" time="0.011"/>
  <testcase name="roundsHalfEven" classname="com.bank.PaymentTest" time="0.2">
    <failure message="expected: &lt;1.00&gt; but was: &lt;1.01&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <1.00>
	at com.bank.PaymentTest.roundsHalfEven(PaymentTest.java:42)]]></failure>
  </testcase>
  <testcase name="talksToLedger" classname="com.bank.PaymentTest" time="0.2">
    <error message="Connection refused" type="java.net.ConnectException">java.net.ConnectException</error>
    <system-out><![CDATA[connecting to <ledger> & retrying]]></system-out>
  </testcase>
  <testcase name="fxRates" classname="com.bank.PaymentTest" time="0.001">
    <skipped message="@Disabled: vendor sandbox down"/>
  </testcase>
</testsuite>)xml");
  ExpectCounts(s, 4, 1, 1, 1, 1);
  EXPECT_EQ(s.suites, 1u);
  EXPECT_FALSE(s.declared_mismatch);
  EXPECT_NEAR(s.time_seconds, 0.412, 1e-9);
  EXPECT_EQ(s.failed_tests, (std::vector<std::string>{"com.bank.PaymentTest.roundsHalfEven",
                                                      "com.bank.PaymentTest.talksToLedger"}));
  EXPECT_TRUE(s.controls.empty());
}

TEST(JUnit, SurefireFlakyTestThatFinallyPassedCountsAsPassedAndFlaky) {
  JUnitSummary s = Parse(
      R"xml(<testsuite name="com.bank.RetryTest" tests="2" failures="1" errors="0" skipped="0">
  <testcase name="eventuallyConsistent" classname="com.bank.RetryTest" time="1.5">
    <flakyFailure message="timeout" type="java.lang.AssertionError">
      <stackTrace>java.lang.AssertionError: timeout</stackTrace>
      <system-out>attempt 1</system-out>
    </flakyFailure>
    <flakyError message="socket closed" type="java.io.IOException"><stackTrace>io</stackTrace></flakyError>
  </testcase>
  <testcase name="alwaysBroken" classname="com.bank.RetryTest" time="0.5">
    <failure message="boom" type="java.lang.AssertionError">boom</failure>
    <rerunFailure message="boom again" type="java.lang.AssertionError"><stackTrace>x</stackTrace></rerunFailure>
  </testcase>
</testsuite>)xml");
  ExpectCounts(s, 2, 1, 1, 0, 0);
  EXPECT_EQ(s.flaky, 1u);
  EXPECT_FALSE(s.declared_mismatch);
  EXPECT_EQ(s.failed_tests, std::vector<std::string>{"com.bank.RetryTest.alwaysBroken"});
}

TEST(JUnit, GradleEmptyPropertiesAndCdataOutputAreIgnored) {
  JUnitSummary s = Parse(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="org.acme.CartSpec" tests="2" skipped="0" failures="0" errors="0" timestamp="2024-05-02T10:11:12" hostname="ci-7" time="0.031">
  <properties/>
  <testcase name="adds an item()" classname="org.acme.CartSpec" time="0.02"/>
  <testcase name="removes an item()" classname="org.acme.CartSpec" time="0.011"/>
  <system-out><![CDATA[<testcase name="fake"><failure/></testcase>]]></system-out>
  <system-err><![CDATA[]]></system-err>
</testsuite>)xml");
  ExpectCounts(s, 2, 2, 0, 0, 0);
  EXPECT_FALSE(s.declared_mismatch);
}

TEST(JUnit, PytestRecordPropertyMakesControlTests) {
  JUnitSummary s = Parse(R"xml(<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="4" time="0.93" timestamp="2024-05-02T10:00:00.123456+00:00" hostname="runner">
<testcase classname="tests.test_access" name="test_admin_requires_mfa" time="0.010">
  <properties><property name="control" value="SOX-IT-03"/><property name="owner" value="iam"/></properties>
</testcase>
<testcase classname="tests.test_access" name="test_password_rotation" time="0.020">
  <properties><property name="control" value="SOX-IT-04"/></properties>
  <failure message="AssertionError: assert 120 &lt;= 90">def test_password_rotation():
&gt;       assert max_age &lt;= 90</failure>
</testcase>
<testcase classname="tests.test_access" name="test_break_glass" time="0.000">
  <properties><property name="control" value="SOX-IT-05"/></properties>
  <skipped type="pytest.skip" message="needs vault">tests/test_access.py:30: needs vault</skipped>
</testcase>
<testcase classname="tests.test_misc" name="test_plain" time="0.001"/>
</testsuite></testsuites>)xml");
  ExpectCounts(s, 4, 2, 1, 0, 1);
  ASSERT_EQ(s.controls.size(), 3u);
  EXPECT_EQ(s.controls[0].control_id, "SOX-IT-03");
  EXPECT_EQ(s.controls[0].test_name, "tests.test_access.test_admin_requires_mfa");
  EXPECT_EQ(s.controls[0].result, "passed");
  EXPECT_EQ(s.controls[1].result, "failed");
  EXPECT_EQ(s.controls[2].result, "skipped");
  EXPECT_EQ(s.controls_total, 3u);
}

TEST(JUnit, SuiteLevelPropertiesDoNotMakeControlTests) {
  JUnitSummary s = Parse(R"xml(<testsuite name="s">
  <properties><property name="control" value="SOX-IT-09"/></properties>
  <testcase classname="c" name="t"/>
</testsuite>)xml");
  EXPECT_TRUE(s.controls.empty());
}

TEST(JUnit, ControlPropertyValueMayBeItsText) {
  JUnitSummary s = Parse(R"xml(<testsuite><testcase classname="c" name="t">
  <properties><property name="control">
    PCI-8.3.1
  </property></properties></testcase></testsuite>)xml");
  ASSERT_EQ(s.controls.size(), 1u);
  EXPECT_EQ(s.controls[0].control_id, "PCI-8.3.1");
}

TEST(JUnit, JestJunitRootCountsAndDescribeNames) {
  JUnitSummary s = Parse(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="jest tests" tests="3" failures="1" errors="0" time="2.114">
  <testsuite name="Checkout" errors="0" failures="1" skipped="1" timestamp="2024-05-02T10:00:00" time="1.2" tests="3">
    <testcase classname="Checkout applies a coupon" name="Checkout applies a coupon" time="0.004"/>
    <testcase classname="Checkout charges tax" name="Checkout charges tax" time="0.1">
      <failure>Error: expect(received).toBe(expected) // Object.is equality

Expected: 10
Received: 12</failure>
    </testcase>
    <testcase classname="Checkout refunds" name="Checkout refunds" time="0">
      <skipped/>
    </testcase>
  </testsuite>
</testsuites>)xml");
  ExpectCounts(s, 3, 1, 1, 0, 1);
  EXPECT_EQ(s.suites, 1u);
  EXPECT_FALSE(s.declared_mismatch);
  EXPECT_EQ(s.failed_tests[0], "Checkout charges tax.Checkout charges tax");
}

TEST(JUnit, GoJunitReportSkipsAndSuiteProperties) {
  JUnitSummary s = Parse(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="1">
	<testsuite name="example.com/bank/ledger" tests="3" failures="1" errors="0" id="0" hostname="ci" skipped="1" time="0.012" timestamp="2024-05-02T10:00:00Z">
		<properties>
			<property name="go.version" value="go1.22.2 linux/amd64"></property>
		</properties>
		<testcase name="TestAppend" classname="example.com/bank/ledger" time="0.001"></testcase>
		<testcase name="TestProof/large" classname="example.com/bank/ledger" time="0.010">
			<failure message="Failed" type="">    proof_test.go:41: root mismatch</failure>
		</testcase>
		<testcase name="TestPostgres" classname="example.com/bank/ledger" time="0.000">
			<skipped message="Skipped"><![CDATA[    pg_test.go:12: no DATABASE_URL]]></skipped>
		</testcase>
	</testsuite>
</testsuites>)xml");
  ExpectCounts(s, 3, 1, 1, 0, 1);
  EXPECT_FALSE(s.declared_mismatch);
  EXPECT_EQ(s.failed_tests[0], "example.com/bank/ledger.TestProof/large");
}

TEST(JUnit, GoogleTestDisabledAndSkippedAreSkipped) {
  JUnitSummary s = Parse(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="4" failures="1" disabled="1" errors="0" time="0.003" timestamp="2024-05-02T10:00:00.000" name="AllTests">
  <testsuite name="MerkleTree" tests="4" failures="1" disabled="1" skipped="1" errors="0" time="0.003" timestamp="2024-05-02T10:00:00.000">
    <testcase name="EmptyRoot" file="merkle_test.cc" line="10" status="run" result="completed" time="0." timestamp="2024-05-02T10:00:00.000" classname="MerkleTree"/>
    <testcase name="Proof" file="merkle_test.cc" line="20" status="run" result="completed" time="0.001" timestamp="2024-05-02T10:00:00.000" classname="MerkleTree">
      <failure message="merkle_test.cc:25&#x0A;Expected equality" type=""><![CDATA[merkle_test.cc:25
Expected equality of these values]]></failure>
    </testcase>
    <testcase name="DISABLED_Huge" file="merkle_test.cc" line="30" status="notrun" result="suppressed" time="0" timestamp="2024-05-02T10:00:00.000" classname="MerkleTree"/>
    <testcase name="NeedsGpu" file="merkle_test.cc" line="40" status="run" result="skipped" time="0" timestamp="2024-05-02T10:00:00.000" classname="MerkleTree">
      <skipped message="merkle_test.cc:41&#x0A;no gpu"><![CDATA[no gpu]]></skipped>
    </testcase>
  </testsuite>
</testsuites>)xml");
  ExpectCounts(s, 4, 1, 1, 0, 2);
  EXPECT_FALSE(s.declared_mismatch);
}

TEST(JUnit, CtestOutputJunitStatusAttributes) {
  JUnitSummary s = Parse(R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="Linux-c++" tests="4" failures="1" disabled="1" skipped="1" hostname="" time="0" timestamp="2024-05-02T10:00:00">
	<testcase name="base_test" classname="base_test" time="0.05" status="run">
		<system-out>[==========] 12 tests ran.</system-out>
	</testcase>
	<testcase name="cli_test" classname="cli_test" time="1.2" status="fail">
		<failure message="Failed"/>
		<system-out>cli_test.cc:40: Failure</system-out>
	</testcase>
	<testcase name="slow_test" classname="slow_test" time="0" status="disabled">
		<skipped message="Disabled"/>
	</testcase>
	<testcase name="gpu_test" classname="gpu_test" time="0" status="notrun">
		<skipped message="Unable to find executable"/>
	</testcase>
</testsuite>)xml");
  ExpectCounts(s, 4, 1, 1, 0, 2);
  EXPECT_FALSE(s.declared_mismatch);
}

TEST(JUnit, NestedSuitesAreCountedOnceEach) {
  JUnitSummary s = Parse(R"xml(<testsuites>
  <testsuite name="outer" tests="3">
    <testsuite name="inner-a" tests="1"><testcase classname="a" name="one"/></testsuite>
    <testsuite name="inner-b" tests="1"><testcase classname="b" name="two"><error/></testcase></testsuite>
    <testcase classname="outer" name="three"/>
  </testsuite>
</testsuites>)xml");
  ExpectCounts(s, 3, 2, 0, 1, 0);
  EXPECT_EQ(s.suites, 3u);
  EXPECT_FALSE(s.declared_mismatch);
}

TEST(JUnit, TotalsComeFromTestcasesWhenTheHeaderLies) {
  JUnitSummary s = Parse(R"xml(<testsuites tests="100" failures="0">
  <testsuite name="s" tests="100" failures="0" errors="0" skipped="0">
    <testcase classname="c" name="a"/>
    <testcase classname="c" name="b"><failure message="x"/></testcase>
  </testsuite>
</testsuites>)xml");
  ExpectCounts(s, 2, 1, 1, 0, 0);
  EXPECT_TRUE(s.declared_mismatch);
  EXPECT_TRUE(
      Parse(R"xml(<testsuite tests="lots"><testcase name="a"/></testsuite>)xml").declared_mismatch);
}

TEST(JUnit, NonAsciiNamesAndOtherEncodingsArriveAsUtf8) {
  JUnitSummary s = Parse(R"xml(<testsuite name="Überweisung">
  <testcase classname="Überweisung" name="rejects 💸 over €10 000"><failure message="ß"/></testcase>
  <testcase classname="振込" name="&#x632F;&#x8FBC;"/>
</testsuite>)xml");
  EXPECT_EQ(s.failed_tests[0], "Überweisung.rejects 💸 over €10 000");
  JUnitSummary latin1 = Parse(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
      "<testsuite><testcase classname=\"c\" name=\"caf\xE9\"><error/></testcase></testsuite>");
  ASSERT_EQ(latin1.failed_tests.size(), 1u);
  EXPECT_EQ(latin1.failed_tests[0], "c.caf\xC3\xA9");
}

TEST(JUnit, LongNamesAreCutAtACharacterBoundaryAndListsAreCapped) {
  std::string name;
  while (name.size() < 2 * kMaxNameBytes) name += "é";
  std::string xml =
      "<testsuite><testcase classname=\"x" + name + "\" name=\"n\"><failure/></testcase>";
  for (int i = 0; i < 80; ++i)
    xml += "<testcase name=\"t" + std::to_string(i) + "\"><error/></testcase>";
  JUnitSummary s = Parse(xml + "</testsuite>");
  EXPECT_EQ(s.failed_tests.size(), kMaxFailedTestNames);
  EXPECT_EQ(s.failed_tests[0].size(), kMaxNameBytes - 1);  // 'x' + 127 two-byte characters
  EXPECT_EQ(s.errors, 80u);
  EXPECT_TRUE(CanonicalJson(s.ToJson()).ok());
}

TEST(JUnit, CommaGroupedTimesAreSummed) {
  JUnitSummary s = Parse(
      R"xml(<testsuite><testcase name="a" time="1,234.5"/><testcase name="b" time="junk"/><testcase name="c" time="1e25"/></testsuite>)xml");
  EXPECT_NEAR(s.time_seconds, 1234.5, 1e-9);
}

TEST(JUnit, SummaryJsonNamesTheCountsPlainly) {
  Json j = Parse(R"xml(<testsuite><testcase name="a" time="0.5"/></testsuite>)xml").ToJson();
  EXPECT_EQ(j["tests"], 1);
  EXPECT_EQ(j["passed"], 1);
  EXPECT_EQ(j["failures"], 0);
  EXPECT_EQ(j["errors"], 0);
  EXPECT_EQ(j["skipped"], 0);
  EXPECT_EQ(j["flaky"], 0);
  EXPECT_EQ(j["suites"], 1);
  EXPECT_EQ(j["time_seconds"], 0.5);
  EXPECT_EQ(j["declared_mismatch"], false);
  EXPECT_FALSE(j.contains("controls_total"));
}

void ExpectRejected(const std::string& xml, const std::string& where, const std::string& what) {
  Result<JUnitSummary> s = ParseJUnit(xml, "report.xml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message().rfind("report.xml:" + where + ": ", 0), 0u)
      << s.status().message();
  EXPECT_NE(s.status().message().find(what), std::string::npos) << s.status().message();
}

TEST(JUnit, MalformedTruncatedAndForeignDocumentsNameFileAndLine) {
  ExpectRejected("<testsuite>\n<testcase name=\"a\">\n</testsuite>", "3", "mismatched tag");
  ExpectRejected("<testsuite>\n<testcase name=\"a\"/>\n<testca", "3", "unclosed token");
  ExpectRejected("<testsuite>\n<testcase name=\"a\"/>\n", "3", "no element found");
  ExpectRejected("", "1", "no element found");
  ExpectRejected("<?xml version=\"1.0\"?>\n<coverage line-rate=\"0.9\"/>", "2",
                 "root element <coverage> is not JUnit XML");
  ExpectRejected("{\"tests\": 3}", "1", "not well-formed");
  ExpectRejected("<testsuite><testcase><testcase/></testcase></testsuite>", "1",
                 "<testcase> inside another <testcase>");
}

TEST(JUnit, EntityDeclarationsAreRefusedBeforeAnyExpansion) {
  std::string laughs = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n";
  for (int i = 1; i < 10; ++i) {
    laughs += " <!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k)
      laughs += "&lol" + (i == 1 ? std::string() : std::to_string(i - 1)) + ";";
    laughs += "\">\n";
  }
  laughs += "]>\n<testsuite name=\"&lol9;\"/>";
  ExpectRejected(laughs, "3", "declares entity 'lol'");
  ExpectRejected(
      "<!DOCTYPE t [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<testsuite name=\"&xxe;\"/>",
      "1", "entity declarations are refused");
  ExpectRejected("<!DOCTYPE t [<!ENTITY % p \"x\">]><testsuite/>", "1", "declares entity 'p'");
  ExpectRejected("<testsuite name=\"&undeclared;\"/>", "1", "undefined entity");
}

TEST(JUnit, APlainDoctypeWithoutEntitiesIsAccepted) {
  JUnitSummary s = Parse(
      "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite SYSTEM 'http://example.invalid/junit.dtd'>\n"
      "<testsuite><testcase name=\"a\"/></testsuite>");
  EXPECT_EQ(s.tests, 1u);
}

TEST(JUnit, DeepNestingIsRefused) {
  std::string xml = "<testsuites>";
  for (size_t i = 0; i < kMaxXmlDepth + 5; ++i) xml += "<testsuite>";
  ExpectRejected(xml, "1", "nested deeper than");
}

TEST(JUnit, AFileIsStreamedAndItsDigestReported) {
  char path[] = "/tmp/proofline_junit_XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string xml = "<testsuite>";
  while (xml.size() < 3 * kXmlChunkBytes) xml += "<testcase classname=\"c\" name=\"t\"/>\n";
  xml += "</testsuite>";
  ASSERT_EQ(write(fd, xml.data(), xml.size()), static_cast<ssize_t>(xml.size()));
  close(fd);
  StreamDigest digest;
  Result<JUnitSummary> s = ParseJUnitFile(path, &digest);
  unlink(path);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->tests, (xml.size() - 23) / 35);
  EXPECT_EQ(digest.size, xml.size());
  EXPECT_EQ(digest.sha256, Sha256(AsBytes(xml)));
  EXPECT_EQ(ParseJUnitFile("/nonexistent/report.xml").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ParseJUnitFile("/tmp").status().code(), StatusCode::kInvalidArgument);
}

// A huge attribute (a name, a message) is read in time linear in its size, but what the parser
// holds of it is cut at kMaxXmlValueBytes (xml_cutter.h; bench/ingest_bench.cc measures the
// ratio), what the summary keeps is cut again, and the summary counts the cuts.
TEST(JUnit, HugeAttributesAreReadAndWhatIsKeptIsCut) {
  char path[] = "/tmp/proofline_junit_XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  const std::string huge(size_t{6} << 20, 'n');
  std::string xml = "<testsuite><testcase classname=\"c\" name=\"" + huge +
                    "\"><failure message=\"" + huge + "\"/></testcase>";
  for (int i = 0; i < 1000; ++i) xml += "<testcase classname=\"c\" name=\"t\"/>";
  xml += "</testsuite>";
  ASSERT_EQ(write(fd, xml.data(), xml.size()), static_cast<ssize_t>(xml.size()));
  close(fd);
  Result<JUnitSummary> s = ParseJUnitFile(path);
  unlink(path);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ExpectCounts(*s, 1001, 1000, 1, 0, 0);
  ASSERT_EQ(s->failed_tests.size(), 1u);
  EXPECT_LE(s->failed_tests[0].size(), kMaxNameBytes);
  EXPECT_EQ(s->cut_strings, 2u);
  EXPECT_EQ(s->ToJson()["cut_strings"], 2);
  EXPECT_EQ(Parse(xml).tests, 1001u);  // the in-memory path too
  EXPECT_FALSE(Parse("<testsuite/>").ToJson().contains("cut_strings"));
}

}  // namespace
}  // namespace proofline::evidence
