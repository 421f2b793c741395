// End-to-end tests of the evidence kinds beyond JUnit and SARIF, as a pipeline would attest
// them: coverage, SBOM, control tests, artifacts, signed attestations and generic JSON. Each
// checks what `change show` reports and that bad input is exit 2 with nothing stored.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "attest_fixture.h"
#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {
namespace {

class AttestKindsTest : public AttestCliTest {
 protected:
  // The one evidence entry `change show --json` lists after a successful attest of `args`.
  Json AttestOne(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"attest"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = P(full);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Json evidence = J(P({"--json", "change", "show", id_}))["evidence"];
    EXPECT_FALSE(evidence.empty());
    return evidence.empty() ? Json::object() : evidence.back();
  }
  std::string ShowText() { return P({"change", "show", id_}).out; }
  std::string Blob(const Json& evidence) {
    std::string hex = std::string(evidence["digest"]).substr(7);
    return ReadText(dir_ / ("proofline.db.blobs/sha256/" + hex.substr(0, 2) + "/" + hex));
  }
  // `attest args` must fail with exit 2, one line containing `message`, nothing stored.
  void ExpectRefused(const std::vector<std::string>& args, const std::string& message) {
    size_t events = EventCount();
    std::string blobs = BlobListing();
    std::vector<std::string> full = {"attest"};
    full.insert(full.end(), args.begin(), args.end());
    RunResult r = P(full);
    EXPECT_EQ(r.exit_code, 2) << message << ": " << r.err;
    EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(EventCount(), events) << message;
    EXPECT_EQ(BlobListing(), blobs) << message;
  }
};

TEST_F(AttestKindsTest, CoverageFromLcovAndCobertura) {
  // An istanbul (jest) tracefile written on Windows, and a coverage.py Cobertura report.
  WriteText(dir_ / "lcov.info",
            "TN:\r\nSF:C:\\work\\app\\src\\index.js\r\nFN:1,main\r\nFNDA:1,main\r\nFNF:1\r\n"
            "FNH:1\r\nDA:1,1\r\nDA:2,0\r\nDA:3,4\r\nDA:4,1\r\nBRDA:2,0,0,1\r\nBRDA:2,0,1,-\r\n"
            "BRF:2\r\nBRH:1\r\nLF:4\r\nLH:3\r\nend_of_record\r\n");
  Json lcov = AttestOne({"coverage", "--change", id_, "lcov.info"});
  EXPECT_EQ(lcov["kind"], "coverage");
  EXPECT_EQ(lcov["summary"]["format"], "lcov");
  EXPECT_DOUBLE_EQ(lcov["summary"]["line_rate"].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(lcov["summary"]["branch_rate"].get<double>(), 0.5);
  EXPECT_NE(ShowText().find("lcov.info: line 75.0% (3/4), branch 50.0%, 1 files"),
            std::string::npos)
      << ShowText();

  WriteText(dir_ / "coverage.xml", R"xml(<?xml version="1.0" ?>
<coverage version="7.4.0" timestamp="1732600000000" lines-valid="2" lines-covered="2" line-rate="1" branches-covered="0" branches-valid="0" branch-rate="0" complexity="0">
	<sources><source>/work/app</source></sources>
	<packages><package name="app" line-rate="0.5" branch-rate="0" complexity="0"><classes>
		<class name="db.py" filename="app/db.py" complexity="0" line-rate="0.5" branch-rate="0">
			<methods/>
			<lines><line number="1" hits="1"/><line number="2" hits="0"/></lines>
		</class>
	</classes></package></packages>
</coverage>
)xml");
  Json cobertura = AttestOne({"coverage", "--change", id_, "coverage.xml"});
  EXPECT_EQ(cobertura["summary"]["format"], "cobertura");
  EXPECT_DOUBLE_EQ(cobertura["summary"]["line_rate"].get<double>(), 0.5);
  EXPECT_EQ(cobertura["summary"]["declared_mismatch"], true);  // the header claims 100 %
}

TEST_F(AttestKindsTest, SbomCountsComponentsLicencesAndVulnerabilities) {
  WriteText(dir_ / "bom.json", R"json({
  "components": [
    {"type": "library", "name": "jackson-databind", "version": "2.13.0",
     "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0",
     "licenses": [{"license": {"id": "Apache-2.0"}}]},
    {"type": "library", "name": "left-pad", "version": "1.3.0", "purl": "pkg:npm/left-pad@1.3.0",
     "licenses": [{"expression": "MIT OR WTFPL"}]},
    {"type": "library", "name": "internal-util", "version": "1.0.0"}],
  "vulnerabilities": [{"id": "CVE-2022-42003", "ratings": [{"severity": "medium"},
                                                           {"severity": "high"}]}],
  "metadata": {"tools": [{"vendor": "CycloneDX", "name": "cyclonedx-maven-plugin"}]},
  "specVersion": "1.4", "bomFormat": "CycloneDX", "version": 1})json");
  Json e = AttestOne({"sbom", "--change", id_, "--control", "PCI-6.3.2", "bom.json"});
  const Json& s = e["summary"];
  EXPECT_EQ(s["format"], "cyclonedx");
  EXPECT_EQ(s["spec_version"], "1.4");
  EXPECT_EQ(s["components"], 3);
  EXPECT_EQ(s["components_without_license"], 1);
  EXPECT_EQ(s["vulnerabilities"]["total"], 1);
  EXPECT_EQ(s["vulnerabilities"]["by_severity"]["high"], 1);
  EXPECT_EQ(e["controls"][0], "PCI-6.3.2");
  EXPECT_NE(ShowText().find("bom.json: cyclonedx 1.4: 3 components"), std::string::npos)
      << ShowText();

  WriteText(dir_ / "bom.xml",
            "<?xml version=\"1.0\"?><bom xmlns=\"http://cyclonedx.org/schema/"
            "bom/1.5\" version=\"1\"><components/></bom>");
  ExpectRefused({"sbom", "--change", id_, "bom.xml"}, "bom.xml: ");
}

TEST_F(AttestKindsTest, ControlTestsFromJsonLinesKeepTheirRawEvidence) {
  WriteText(dir_ / "controls.jsonl",
            R"({"control_id": "SOX-IT-03", "test_name": "rds encrypted", "result": "pass", )"
            R"("evidence": {"kms_key": "arn:aws:kms:eu-west-1:1:key/abc"}})"
            "\n\n"
            R"j({"control_id": "HIPAA-164.312(b)", "test_name": "audit log on", "result": "FAIL"})j"
            "\n");
  Json e = AttestOne({"control-test", "--change", id_, "controls.jsonl"});
  const Json& s = e["summary"];
  EXPECT_EQ(s["tests"], 2);
  EXPECT_EQ(s["passed"], 1);
  EXPECT_EQ(s["failed"], 1);
  EXPECT_EQ(s["controls"][1]["control_id"], "HIPAA-164.312(b)");
  EXPECT_EQ(s["controls"][1]["result"], "failed");
  EXPECT_NE(Blob(e).find("arn:aws:kms"), std::string::npos);  // the raw evidence is kept

  WriteText(dir_ / "approved.json",
            R"({"control_id": "SOX-CC-05", "test_name": "t", "result": "pass", "approved": true})");
  ExpectRefused({"control-test", "--change", id_, "approved.json"}, "approved");
}

TEST_F(AttestKindsTest, ArtifactDirectoryIsFingerprintedAndOnlyItsManifestStored) {
  std::filesystem::create_directories(dir_ / "dist/lib");
  WriteText(dir_ / "dist/app.jar", std::string(100000, 'j'));
  WriteText(dir_ / "dist/lib/dep.jar", "dependency bytes");
  Json e = AttestOne({"artifact", "--change", id_, "dist"});
  const Json& s = e["summary"];
  EXPECT_EQ(s["type"], "directory");
  EXPECT_EQ(s["files"], 2);
  EXPECT_EQ(s["size"], 100000 + 16);
  // The digest is reproducible with standard tools (see evidence/artifact.h).
  RunResult sum = RunProgram({"sh", "-c",
                              "cd dist && find . -type f | sed 's|^\\./||' | LC_ALL=C sort | "
                              "xargs -r -d '\\n' sha256sum -- | sha256sum | cut -c1-64"},
                             dir_.path());
  ASSERT_EQ(sum.exit_code, 0) << sum.err;
  EXPECT_EQ(s["sha256"].get<std::string>() + "\n", sum.out);
  // The blob is the manifest, not a copy of the artifact.
  std::string manifest = Blob(e);
  EXPECT_LT(manifest.size(), 2000u);
  EXPECT_NE(manifest.find("lib/dep.jar"), std::string::npos);
  ExpectRefused({"artifact", "--change", id_, "nope"}, "nope");
}

// A DSSE envelope signed with an Ed25519 key by the openssl command-line tool, as a pipeline
// without cosign would sign its provenance.
class AttestationCliTest : public AttestKindsTest {
 protected:
  void SetUp() override {
    AttestKindsTest::SetUp();
    for (const char* name : {"signer", "other"}) {
      std::string key = std::string(name) + ".key";
      Run({"openssl", "genpkey", "-algorithm", "ed25519", "-out", dir_ / key});
      Run({"openssl", "pkey", "-in", dir_ / key, "-pubout", "-out",
           dir_ / (std::string(name) + ".pem")});
    }
  }
  // Signs `statement` as a DSSE envelope with signer.key and writes it to `path`.
  void WriteEnvelope(const std::string& path, const std::string& statement) {
    const std::string type = "application/vnd.in-toto+json";
    std::string pae = "DSSEv1 " + std::to_string(type.size()) + " " + type + " " +
                      std::to_string(statement.size()) + " " + statement;
    WriteText(dir_ / "pae.bin", pae);
    Run({"openssl", "pkeyutl", "-sign", "-inkey", dir_ / "signer.key", "-rawin", "-in",
         dir_ / "pae.bin", "-out", dir_ / "sig.bin"});
    Json envelope = {
        {"payloadType", type},
        {"payload", Base64(statement)},
        {"signatures", {{{"keyid", ""}, {"sig", Base64(ReadText(dir_ / "sig.bin"))}}}}};
    WriteText(path, envelope.dump());
  }
  std::string Base64(const std::string& bytes) {
    WriteText(dir_ / "b64.in", bytes);
    RunResult r = RunProgram({"openssl", "base64", "-A", "-in", dir_ / "b64.in"}, dir_.path());
    return r.out;
  }
};

constexpr const char* kProvenance = R"json({"_type": "https://in-toto.io/Statement/v1",
  "subject": [{"name": "app.jar", "digest": {"sha256": "4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945"}}],
  "predicateType": "https://slsa.dev/provenance/v1",
  "predicate": {"buildDefinition": {"buildType": "https://example.bank/ci@v1",
                  "resolvedDependencies": [{"uri": "git+https://git.bank.example/pay/app@refs/heads/main",
                                            "digest": {"gitCommit": "4b825dc642cb6eb9a060e54bf8d69288fbee4904"}}]},
                "runDetails": {"builder": {"id": "https://ci.bank.example/runner"}}}})json";

TEST_F(AttestationCliTest, SignedProvenanceVerifiesWithTheRightKeyOnly) {
  WriteEnvelope(dir_ / "prov.intoto.json", kProvenance);
  Json e = AttestOne({"attestation", "--change", id_, "--key", "signer.pem", "prov.intoto.json"});
  const Json& s = e["summary"];
  EXPECT_EQ(s["format"], "dsse");
  EXPECT_EQ(s["verified"], true);
  EXPECT_EQ(s["builder"], "https://ci.bank.example/runner");
  EXPECT_EQ(s["subjects"][0]["name"], "app.jar");
  EXPECT_EQ(s["source"]["repository"], "https://git.bank.example/pay/app");
  EXPECT_NE(ShowText().find("signature verified, built from https://git.bank.example/pay/app at "
                            "4b825dc642cb"),
            std::string::npos)
      << ShowText();

  ExpectRefused({"attestation", "--change", id_, "--key", "other.pem", "prov.intoto.json"},
                "prov.intoto.json: no signature verifies with the given key");
  std::string tampered = ReadText(dir_ / "prov.intoto.json");
  tampered[tampered.find("\"payload\":\"") + 20] ^= 1;
  WriteText(dir_ / "tampered.json", tampered);
  ExpectRefused({"attestation", "--change", id_, "--key", "signer.pem", "tampered.json"},
                "tampered.json: ");
}

TEST_F(AttestationCliTest, UnsignedStatementIsRecordedAsNotVerified) {
  WriteText(dir_ / "statement.json", kProvenance);
  Json e = AttestOne({"attestation", "--change", id_, "statement.json"});
  EXPECT_EQ(e["summary"]["format"], "statement");
  EXPECT_EQ(e["summary"]["verified"], false);
  ExpectRefused({"attestation", "--change", id_, "--key", "signer.pem", "statement.json"},
                "statement.json: ");
}

TEST_F(AttestKindsTest, GenericEvidenceIsValidatedAgainstTheTeamsSchema) {
  WriteText(dir_ / "backup.schema.json", R"json({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object", "required": ["verified", "restored_at"],
  "properties": {"verified": {"type": "boolean"}, "restored_at": {"type": "string"},
                 "rows": {"type": "integer", "minimum": 0}}})json");
  WriteText(dir_ / "backup.json", R"({"verified": true, "restored_at": "2026-11-26T10:00:00Z"})");
  Json e = AttestOne({"generic", "--change", id_, "--type", "backup-verification", "--schema",
                      "backup.schema.json", "backup.json"});
  EXPECT_EQ(e["summary"]["type"], "backup-verification");
  EXPECT_EQ(e["summary"]["data"]["verified"], true);

  WriteText(dir_ / "bad-backup.json", R"({"verified": "yes", "rows": -1})");
  ExpectRefused({"generic", "--change", id_, "--type", "backup-verification", "--schema",
                 "backup.schema.json", "bad-backup.json"},
                "bad-backup.json: does not match schema");
  ExpectRefused({"generic", "--change", id_, "backup.json"},
                "generic evidence needs --type NAME and --schema SCHEMA.json");
}

TEST_F(AttestKindsTest, Windows1252JUnitReportIsReadAsUtf8) {
  WriteText(dir_ / "win.xml",
            "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<testsuite "
            "name=\"Caf\xe9\"><testcase classname=\"Zahlung\" name=\"\x80 "
            "\xfc"
            "berweisung\"><failure message=\"x\"/></testcase></testsuite>");
  Json e = AttestOne({"junit", "--change", id_, "win.xml"});
  EXPECT_EQ(e["summary"]["failed_tests"][0],
            "Zahlung.\xe2\x82\xac \xc3\xbc"
            "berweisung");
}

}  // namespace
}  // namespace proofline::testing
