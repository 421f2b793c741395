// End-to-end tests of `proofline attest`: evidence on a change opened on a real git repository,
// hostile and broken inputs that must leave the store untouched, and a large streamed report.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "attest_fixture.h"
#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {
namespace {

constexpr const char* kReport = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="3" failures="1">
  <testsuite name="tests" tests="4" failures="1" errors="1" skipped="1">
    <testcase classname="tests.test_access" name="test_mfa" time="0.1">
      <properties><property name="control" value="SOX-IT-03"/></properties>
    </testcase>
    <testcase classname="tests.test_access" name="test_rotation" time="0.1"><failure message="x"/></testcase>
    <testcase classname="tests.test_db" name="test_conn" time="0.1"><error message="refused"/></testcase>
    <testcase classname="tests.test_db" name="test_pg" time="0"><skipped/></testcase>
  </testsuite>
</testsuites>
)xml";

TEST_F(AttestCliTest, JUnitEvidenceIsStoredRecordedAndShownWithTheChange) {
  WriteText(dir_ / "junit.xml", kReport);
  RunResult r = P({"--json", "attest", "junit", "--change", id_, "--pipeline", "ci-42", "--control",
                   "SOX-IT-01", "junit.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json out = J(r);
  ASSERT_EQ(out["events"].size(), 1u);
  EXPECT_EQ(out["events"][0]["summary"]["tests"], 4);
  std::string digest = out["events"][0]["digest"];
  ASSERT_EQ(digest.rfind("sha256:", 0), 0u);
  std::string hex = digest.substr(7);
  EXPECT_EQ(ReadText(dir_ / ("proofline.db.blobs/sha256/" + hex.substr(0, 2) + "/" + hex)),
            kReport);

  Json show = J(P({"--json", "change", "show", id_}));
  ASSERT_EQ(show["evidence"].size(), 1u);
  const Json& ev = show["evidence"][0];
  EXPECT_EQ(ev["kind"], "junit");
  EXPECT_EQ(ev["file"], "junit.xml");
  EXPECT_EQ(ev["digest"], digest);
  EXPECT_EQ(ev["pipeline"], "ci-42");
  EXPECT_EQ(ev["controls"][0], "SOX-IT-01");
  EXPECT_EQ(ev["index"], out["events"][0]["index"]);
  const Json& s = ev["summary"];
  EXPECT_EQ(s["tests"], 4);
  EXPECT_EQ(s["passed"], 1);
  EXPECT_EQ(s["failures"], 1);
  EXPECT_EQ(s["errors"], 1);
  EXPECT_EQ(s["skipped"], 1);
  EXPECT_EQ(s["declared_mismatch"], true);  // the root claims 3 tests; 4 were run
  EXPECT_EQ(s["controls"][0]["control_id"], "SOX-IT-03");
  EXPECT_EQ(s["controls"][0]["result"], "passed");

  RunResult text = P({"change", "show", id_});
  EXPECT_NE(text.out.find("junit.xml: 4 tests, 1 failures, 1 errors, 1 skipped"), std::string::npos)
      << text.out;
  EXPECT_EQ(P({"log", "verify"}).exit_code, 0);
}

// The auditor's bundle carries the evidence blobs, and verify-bundle re-hashes each; a bundle
// without them fails unless the auditor asks for the ledger alone, and an export never copies a
// blob the store can no longer vouch for.
TEST_F(AttestCliTest, TheBundleCarriesTheEvidenceAndTheAuditorChecksIt) {
  WriteText(dir_ / "junit.xml", kReport);
  Json attested = J(P({"--json", "attest", "junit", "--change", id_, "junit.xml"}));
  const std::string hex = attested["events"][0]["digest"].get<std::string>().substr(7);
  const uint64_t index = attested["events"][0]["index"];
  const std::string blob = "blobs/sha256/" + hex.substr(0, 2) + "/" + hex;

  RunResult full = P({"--json", "log", "export", "--out", "audit"});
  ASSERT_EQ(full.exit_code, 0) << full.err;
  EXPECT_EQ(J(full)["blobs"], 1);
  EXPECT_EQ(J(full)["blob_bytes"], std::string(kReport).size());
  EXPECT_EQ(ReadText(dir_ / ("audit/" + blob)), kReport);
  Json manifest = J({0, ReadText(dir_ / "audit/manifest.json"), "", 0});
  EXPECT_EQ(manifest["blobs"]["included"], true);
  ASSERT_EQ(P({"log", "export", "--out", "meta", "--without-blobs"}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "meta/blobs"));

  // The auditor's side: no store, no blob directory.
  std::filesystem::copy_file(dir_ / "signing.pub", dir_ / "audit.pub");
  std::filesystem::remove(dir_ / "proofline.db");
  std::filesystem::remove_all(dir_ / "proofline.db.blobs");
  RunResult ok = P({"verify-bundle", "audit", "--key", "audit.pub"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("1 evidence blobs (" + std::to_string(std::string(kReport).size()) +
                        " bytes) re-hashed"),
            std::string::npos)
      << ok.out;

  RunResult meta = P({"verify-bundle", "meta", "--key", "audit.pub"});
  EXPECT_EQ(meta.exit_code, 1);
  EXPECT_NE(meta.err.find("the evidence blobs are not in this bundle"), std::string::npos)
      << meta.err;
  RunResult alone = P({"verify-bundle", "meta", "--key", "audit.pub", "--without-blobs"});
  EXPECT_EQ(alone.exit_code, 0) << alone.err;
  EXPECT_NE(alone.out.find("evidence blobs NOT checked"), std::string::npos) << alone.out;

  std::filesystem::permissions(dir_ / ("audit/" + blob), std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  WriteText(dir_ / ("audit/" + blob), std::string(kReport) + " ");
  RunResult altered = P({"--json", "verify-bundle", "audit", "--key", "audit.pub"});
  EXPECT_EQ(altered.exit_code, 1);
  EXPECT_EQ(J(altered)["first_bad_index"], index);
  EXPECT_NE(J(altered)["problem"].get<std::string>().find("does not hash to its digest"),
            std::string::npos)
      << altered.out;
  std::filesystem::remove(dir_ / ("audit/" + blob));
  RunResult missing = P({"verify-bundle", "audit", "--key", "audit.pub"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("event " + std::to_string(index) + " names evidence sha256:" + hex +
                             ", which is missing"),
            std::string::npos)
      << missing.err;
}

TEST_F(AttestCliTest, AnExportRefusesABlobTheStoreCannotVouchFor) {
  WriteText(dir_ / "junit.xml", kReport);
  Json attested = J(P({"--json", "attest", "junit", "--change", id_, "junit.xml"}));
  const std::string hex = attested["events"][0]["digest"].get<std::string>().substr(7);
  const std::string path = dir_ / ("proofline.db.blobs/sha256/" + hex.substr(0, 2) + "/" + hex);
  std::filesystem::permissions(path, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  WriteText(path, "<testsuites/>");
  RunResult r = P({"log", "export", "--out", "audit"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("cannot export: event " + attested["events"][0]["index"].dump() +
                       " names evidence sha256:" + hex + ", which does not hash"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "audit"));
  // Metadata only does not read the blobs: the ledger itself is sound.
  EXPECT_EQ(P({"log", "export", "--out", "meta", "--without-blobs"}).exit_code, 0);
}

TEST_F(AttestCliTest, SeveralFilesAreOneBatchAndIdenticalFilesShareABlob) {
  WriteText(dir_ / "a.xml", kReport);
  WriteText(dir_ / "b.xml", kReport);
  size_t before = EventCount();
  Json out = J(P({"--json", "attest", "junit", "--change", id_, "a.xml", "b.xml"}));
  ASSERT_EQ(out["events"].size(), 2u);
  EXPECT_EQ(out["events"][1]["index"].get<uint64_t>(),
            out["events"][0]["index"].get<uint64_t>() + 1);
  EXPECT_EQ(out["events"][0]["digest"], out["events"][1]["digest"]);
  EXPECT_EQ(EventCount(), before + 2);
  std::string listing = BlobListing();
  EXPECT_EQ(std::count(listing.begin(), listing.end(), '\n'), 3) << listing;  // sha256/, xx/, blob
}

TEST_F(AttestCliTest, BadInputIsExitTwoWithOneLineAndNothingStored) {
  WriteText(dir_ / "seed.xml", "<testsuite><testcase name=\"seed\"/></testsuite>");
  ASSERT_EQ(P({"attest", "junit", "--change", id_, "seed.xml"}).exit_code, 0);
  WriteText(dir_ / "good.xml", "<testsuite><testcase name=\"fresh\"/></testsuite>");
  WriteText(dir_ / "malformed.xml", "<testsuite>\n<testcase name=\"a\">\n</testsuite>\n");
  WriteText(dir_ / "truncated.xml", std::string(kReport).substr(0, 300));
  WriteText(dir_ / "laughs.xml",
            "<?xml version=\"1.0\"?>\n<!DOCTYPE t [\n<!ENTITY a \"aaaaaaaaaa\">\n"
            "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n]>\n<testsuite name=\"&b;\"/>\n");
  WriteText(dir_ / "coverage.xml", "<coverage line-rate=\"1\"/>");
  size_t events = EventCount();
  std::string blobs = BlobListing();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {{"junit", "--change", id_, "good.xml", "malformed.xml"},
            "malformed.xml:3: mismatched tag"},
           {{"junit", "--change", id_, "good.xml", "truncated.xml"}, "truncated.xml:"},
           {{"junit", "--change", id_, "laughs.xml"}, "laughs.xml:3: the DOCTYPE declares entity"},
           {{"junit", "--change", id_, "coverage.xml"}, "is not JUnit XML"},
           {{"junit", "--change", id_, "good.xml", "missing.xml"}, "no such file: missing.xml"},
           {{"junit", "--change", "CHG-NOPE", "good.xml"}, "no change CHG-NOPE"},
           {{"coverage", "--change", id_, "good.xml"},
            "good.xml: not a Cobertura XML report or an LCOV tracefile"},
           {{"lint", "--change", id_, "good.xml"}, "unknown evidence kind 'lint' (kinds: junit,"},
           {{"junit", "--change", id_, "--key", "k.pem", "good.xml"},
            "--key applies to attestation evidence only"},
       }) {
    std::vector<std::string> args = {"attest"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    RunResult r = P(args);
    EXPECT_EQ(r.exit_code, 2) << c.message << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(EventCount(), events) << c.message;
    EXPECT_EQ(BlobListing(), blobs) << c.message;
  }
}

constexpr const char* kSarif = R"json({"version": "2.1.0",
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "runs": [{"tool": {"driver": {"name": "CodeQL"}, "extensions": [{"name": "codeql/js-queries",
    "rules": [{"id": "js/xss", "defaultConfiguration": {"level": "error"},
               "properties": {"security-severity": "9.3"}}]}]},
    "results": [
      {"ruleId": "js/xss", "rule": {"index": 0, "toolComponent": {"index": 0}},
       "message": {"text": "x"}, "locations": [{"physicalLocation": {"artifactLocation":
        {"uri": "file:///src/app.js"}}}]},
      {"ruleId": "js/xss", "rule": {"index": 0, "toolComponent": {"index": 0}},
       "message": {"text": "y"}, "suppressions": [{"kind": "inSource"}]}]},
    {"tool": {"driver": {"name": "gitleaks", "rules": [{"id": "aws-access-token"}]}},
     "results": [{"ruleId": "aws-access-token", "message": {"text": "secret"}}]}]}
)json";

TEST_F(AttestCliTest, SarifEvidenceIsRecordedWithLevelAndSeverityCounts) {
  WriteText(dir_ / "scan.sarif", kSarif);
  RunResult r = P({"attest", "sarif", "--change", id_, "scan.sarif"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 suppressed"), std::string::npos) << r.out;

  Json show = J(P({"--json", "change", "show", id_}));
  ASSERT_EQ(show["evidence"].size(), 1u);
  const Json& ev = show["evidence"][0];
  EXPECT_EQ(ev["kind"], "sarif");
  EXPECT_EQ(ev["file"], "scan.sarif");
  const Json& s = ev["summary"];
  EXPECT_EQ(s["results"], 2);
  EXPECT_EQ(s["suppressed"], 1);
  EXPECT_EQ(s["runs"], 2);
  EXPECT_EQ(s["by_level"]["error"], 1);
  EXPECT_EQ(s["by_level"]["warning"], 1);
  EXPECT_EQ(s["by_security_severity"]["critical"], 1);
  EXPECT_EQ(s["tools"], Json({"CodeQL", "gitleaks"}));
  std::string hex = std::string(ev["digest"]).substr(7);
  EXPECT_EQ(ReadText(dir_ / ("proofline.db.blobs/sha256/" + hex.substr(0, 2) + "/" + hex)), kSarif);

  RunResult text = P({"change", "show", id_});
  EXPECT_NE(text.out.find("scan.sarif: 2 results (1 error, 1 warning, 0 note), 1 critical"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(P({"log", "verify"}).exit_code, 0);
}

TEST_F(AttestCliTest, BadSarifIsExitTwoWithOneLineAndNothingStored) {
  WriteText(dir_ / "good.sarif", kSarif);
  WriteText(dir_ / "truncated.sarif", std::string(kSarif).substr(0, 200));
  WriteText(dir_ / "old.sarif", R"({"version": "2.0.0", "runs": []})");
  WriteText(dir_ / "runs.sarif", R"({"version": "2.1.0", "runs": {}})");
  WriteText(dir_ / "report.xml", kReport);
  size_t events = EventCount();
  std::string blobs = BlobListing();
  struct Case {
    std::string file, message;
  };
  for (const Case& c : std::vector<Case>{
           {"truncated.sarif", "truncated.sarif: "},
           {"old.sarif", "old.sarif: not SARIF 2.1.0 (version \"2.0.0\")"},
           {"runs.sarif", "runs.sarif: not SARIF 2.1.0 (no runs array)"},
           {"report.xml", "report.xml: "},
           {"missing.sarif", "no such file: missing.sarif"},
       }) {
    RunResult r = P({"attest", "sarif", "--change", id_, "good.sarif", c.file});
    EXPECT_EQ(r.exit_code, 2) << c.message << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(EventCount(), events) << c.message;
    EXPECT_EQ(BlobListing(), blobs) << c.message;
  }
}

// Writes a JUnit report of at least `bytes` through one fixed buffer: this process must stay
// small, because a forked child starts its peak RSS from the parent's.
void WriteLargeReport(const std::string& path, size_t bytes) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  std::fputs("<?xml version=\"1.0\"?>\n<testsuites>\n<testsuite name=\"big\">\n", out);
  char pad[201];
  std::memset(pad, 'x', 200);
  pad[200] = '\0';
  char tc[512];
  size_t written = 0;
  for (unsigned long long i = 0; written < bytes; ++i) {
    int n = std::snprintf(tc, sizeof tc,
                          "<testcase classname=\"com.bank.Big\" name=\"case%llu\" time=\"0.001\">"
                          "<system-out><![CDATA[%s]]></system-out>%s</testcase>\n",
                          i, pad, i % 1000 == 0 ? "<failure message=\"f\"/>" : "");
    std::fwrite(tc, 1, static_cast<size_t>(n), out);
    written += static_cast<size_t>(n);
  }
  std::fputs("</testsuite>\n</testsuites>\n", out);
  std::fclose(out);
}

class LargeAttestTest : public AttestCliTest {
 protected:
  // Peak RSS of the attest run `r` against the same binary doing a small command, so sanitizer
  // overhead (ASan maps ~50 MB of its own) cancels out: streaming must add far less than the
  // input. (Under ASan the child runs with a small quarantine, see LimitAsanQuarantine, or freed
  // memory would count.)
  void ExpectStreamed(const RunResult& r) {
    long baseline_kib = P({"--json", "change", "show", id_}).max_rss_kib;
    long growth_kib = r.max_rss_kib - baseline_kib;
    EXPECT_LT(growth_kib, 24 * 1024)
        << "peak RSS " << r.max_rss_kib << " KiB, baseline " << baseline_kib << " KiB";
  }
};

TEST_F(LargeAttestTest, ALargeReportStreamsWithBoundedMemory) {
  LimitAsanQuarantine();
  constexpr size_t kBytes = 50u << 20;
  WriteLargeReport(dir_ / "big.xml", kBytes);
  RunResult r = P({"--json", "attest", "junit", "--change", id_, "big.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectStreamed(r);
  Json s = J(r)["events"][0]["summary"];
  EXPECT_GT(s["tests"].get<uint64_t>(), 150000u);
  EXPECT_EQ(s["failures"].get<uint64_t>(), (s["tests"].get<uint64_t>() + 999) / 1000);
  EXPECT_EQ(s["failed_tests"].size(), 50u);
}

// A failure message of 40 MiB (a pasted log, or a hostile producer) is cut where the parser reads
// it: memory stays bounded, and the summary says a value was cut.
TEST_F(LargeAttestTest, AHugeAttributeIsCutWithBoundedMemory) {
  LimitAsanQuarantine();
  {
    std::FILE* out = std::fopen((dir_ / "huge.xml").c_str(), "wb");
    ASSERT_NE(out, nullptr);
    std::fputs("<testsuite><testcase classname=\"c\" name=\"t\"><failure message=\"", out);
    std::string block(1 << 20, 'm');
    for (int i = 0; i < 40; ++i) std::fwrite(block.data(), 1, block.size(), out);
    std::fputs("\"/></testcase><testcase classname=\"c\" name=\"u\"/></testsuite>\n", out);
    std::fclose(out);
  }
  RunResult r = P({"--json", "attest", "junit", "--change", id_, "huge.xml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectStreamed(r);
  Json s = J(r)["events"][0]["summary"];
  EXPECT_EQ(s["tests"], 2);
  EXPECT_EQ(s["failures"], 1);
  EXPECT_EQ(s["cut_strings"], 1);
  std::string hex = J(r)["events"][0]["digest"].get<std::string>().substr(7);  // every byte stored
  EXPECT_EQ(std::filesystem::file_size(
                dir_ / ("proofline.db.blobs/sha256/" + hex.substr(0, 2) + "/" + hex)),
            (40u << 20) + 123u);
}

// Writes a SARIF log of at least `bytes`, results with long messages and snippets, through one
// fixed buffer; the rules come after the results, as some producers write them.
void WriteLargeSarif(const std::string& path, size_t bytes) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  std::fputs("{\"version\":\"2.1.0\",\"runs\":[{\"results\":[\n", out);
  std::string pad(400, 'x');
  char line[1024];
  size_t written = 0;
  for (unsigned long long i = 0; written < bytes; ++i) {
    int n = std::snprintf(line, sizeof line,
                          "%s{\"ruleId\":\"rule/%llu\",\"ruleIndex\":%llu,\"message\":{\"text\":"
                          "\"%s\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
                          "{\"uri\":\"file:///src/f%llu.c\"}}}]}\n",
                          i == 0 ? "" : ",", i % 3, i % 3, pad.c_str(), i);
    std::fwrite(line, 1, static_cast<size_t>(n), out);
    written += static_cast<size_t>(n);
  }
  std::fputs(
      "],\"tool\":{\"driver\":{\"name\":\"big\",\"rules\":[{\"id\":\"rule/0\","
      "\"properties\":{\"security-severity\":\"9.5\"}},{\"id\":\"rule/1\"},"
      "{\"id\":\"rule/2\",\"defaultConfiguration\":{\"level\":\"error\"}}]}}}]}\n",
      out);
  std::fclose(out);
}

TEST_F(LargeAttestTest, A100MbSarifLogStreamsWithBoundedMemory) {
  LimitAsanQuarantine();
  constexpr size_t kBytes = 100u << 20;
  WriteLargeSarif(dir_ / "big.sarif", kBytes);
  RunResult r = P({"--json", "attest", "sarif", "--change", id_, "big.sarif"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectStreamed(r);
  Json s = J(r)["events"][0]["summary"];
  uint64_t results = s["results"].get<uint64_t>();
  EXPECT_GT(results, 180000u);
  EXPECT_EQ(s["by_security_severity"]["critical"].get<uint64_t>(), (results + 2) / 3);
  EXPECT_EQ(s["by_level"]["error"].get<uint64_t>(), results / 3);
  EXPECT_EQ(s["tools"], Json({"big"}));
}

}  // namespace
}  // namespace proofline::testing
