// Tests of the SBOM summariser, one per producer quirk. The fixtures are written here, shaped after
// what each tool emits (the CycloneDX Maven plugin, syft, cdxgen, Trivy, grype); none is copied
// from another project.
#include "evidence/sbom.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <utility>

namespace proofline::evidence {
namespace {

using Top = std::vector<std::pair<std::string, uint64_t>>;

SbomSummary Parse(const std::string& text) {
  Result<SbomSummary> s = ParseSbom(text, "bom.json");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? *s : SbomSummary{};
}

void ExpectSeverities(const SbomSummary& s, uint64_t critical, uint64_t high, uint64_t medium,
                      uint64_t low, uint64_t info, uint64_t none, uint64_t unknown) {
  EXPECT_EQ(s.by_severity.critical, critical);
  EXPECT_EQ(s.by_severity.high, high);
  EXPECT_EQ(s.by_severity.medium, medium);
  EXPECT_EQ(s.by_severity.low, low);
  EXPECT_EQ(s.by_severity.info, info);
  EXPECT_EQ(s.by_severity.none, none);
  EXPECT_EQ(s.by_severity.unknown, unknown);
}

// A temporary file holding `text`, removed when the test ends.
class TempFile {
 public:
  TempFile() {
    int fd = mkstemp(path_);
    EXPECT_GE(fd, 0);
    file_ = fdopen(fd, "w");
  }
  ~TempFile() {
    if (file_) fclose(file_);
    unlink(path_);
  }
  void Append(const std::string& text) { fwrite(text.data(), 1, text.size(), file_); }
  // Flushes what was appended; call before reading the file.
  std::string Close() {
    fclose(file_);
    file_ = nullptr;
    return path_;
  }

 private:
  char path_[32] = "/tmp/sbom_testXXXXXX";
  FILE* file_ = nullptr;
};

// CycloneDX 1.4 (the Maven plugin, Trivy before 0.48): metadata.tools is an array of
// {vendor, name, version}. metadata.component is the subject of the BOM, not one of its
// components, even though it carries a licence and a purl.
TEST(Sbom, CycloneDx14LegacyToolsArrayAndMetadataComponentNotCounted) {
  SbomSummary s = Parse(R"({
  "bomFormat" : "CycloneDX",
  "specVersion" : "1.4",
  "serialNumber" : "urn:uuid:6c4f2a8e-1d3b-4e57-9a0c-5b7e2f1d8c93",
  "version" : 1,
  "metadata" : {
    "timestamp" : "2023-05-04T09:12:44Z",
    "tools" : [
      {"vendor" : "OWASP Foundation", "name" : "CycloneDX Maven plugin", "version" : "2.7.9",
       "hashes" : [{"alg" : "SHA-256", "content" : "3f1a"}]},
      {"vendor" : "aquasecurity", "name" : "trivy", "version" : "0.38.3"}
    ],
    "component" : {"group" : "com.example", "name" : "billing", "version" : "1.2.0",
      "licenses" : [{"license" : {"id" : "Apache-2.0"}}],
      "purl" : "pkg:maven/com.example/billing@1.2.0?type=jar", "type" : "library",
      "bom-ref" : "pkg:maven/com.example/billing@1.2.0?type=jar"}
  },
  "components" : [
    {"publisher" : "FasterXML", "group" : "com.fasterxml.jackson.core",
     "name" : "jackson-databind", "version" : "2.14.2",
     "hashes" : [{"alg" : "MD5", "content" : "b7c0"}],
     "licenses" : [{"license" : {"id" : "Apache-2.0"}}],
     "purl" : "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.2?type=jar",
     "externalReferences" : [{"type" : "vcs", "url" : "https://github.com/FasterXML/jackson-databind"}],
     "type" : "library", "bom-ref" : "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.2?type=jar"},
    {"group" : "org.slf4j", "name" : "slf4j-api", "version" : "2.0.7",
     "licenses" : [{"license" : {"id" : "MIT"}}],
     "purl" : "pkg:maven/org.slf4j/slf4j-api@2.0.7?type=jar", "type" : "library"},
    {"group" : "junit", "name" : "junit", "version" : "4.13.2", "scope" : "optional",
     "licenses" : [{"license" : {"name" : "Eclipse Public License 1.0",
                                  "url" : "http://www.eclipse.org/legal/epl-v10.html"}}],
     "purl" : "pkg:maven/junit/junit@4.13.2?type=jar", "type" : "library"}
  ],
  "dependencies" : [{"ref" : "pkg:maven/com.example/billing@1.2.0?type=jar",
                     "dependsOn" : ["pkg:maven/org.slf4j/slf4j-api@2.0.7?type=jar"]}]
})");
  EXPECT_EQ(s.format, "cyclonedx");
  EXPECT_EQ(s.spec_version, "1.4");
  EXPECT_EQ(s.components, 3u);
  EXPECT_EQ(s.files, 0u);
  EXPECT_EQ(s.tools, (std::vector<std::string>{"CycloneDX Maven plugin", "trivy"}));
  EXPECT_EQ(s.tools_total, 2u);
  EXPECT_EQ(s.purls, 3u);
  EXPECT_EQ(s.licenses_distinct, 3u);
  EXPECT_EQ(s.top_licenses,
            (Top{{"Apache-2.0", 1}, {"Eclipse Public License 1.0", 1}, {"MIT", 1}}));
  EXPECT_EQ(s.components_without_license, 0u);
  EXPECT_EQ(s.vulnerabilities, 0u);
}

// CycloneDX 1.5 from syft: metadata.tools is an object {components: [...]}; the container is
// metadata.component; the operating system and catalogued files are components without licence.
TEST(Sbom, CycloneDx15SyftToolsObjectAndUnlicensedOsAndFileComponents) {
  SbomSummary s = Parse(R"({
  "$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json",
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "serialNumber": "urn:uuid:1e0c9b57-8a64-4c1f-b2d3-0f7a6e5d4c3b",
  "version": 1,
  "metadata": {
    "timestamp": "2024-02-01T10:00:00Z",
    "tools": {
      "components": [
        {"type": "application", "author": "anchore", "name": "syft", "version": "0.104.0"}
      ]
    },
    "component": {"bom-ref": "af63bd4c8601b7f1", "type": "container",
                  "name": "registry.example.com/shop/api", "version": "sha256:4b1f0e"}
  },
  "components": [
    {"bom-ref": "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1&package-id=9f2c",
     "type": "library", "publisher": "Natanael Copa <ncopa@alpinelinux.org>", "name": "busybox",
     "version": "1.36.1-r15", "licenses": [{"license": {"id": "GPL-2.0-only"}}],
     "cpe": "cpe:2.3:a:busybox:busybox:1.36.1-r15:*:*:*:*:*:*:*",
     "purl": "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1",
     "properties": [{"name": "syft:package:foundBy", "value": "apk-db-cataloger"},
                    {"name": "syft:package:type", "value": "apk"},
                    {"name": "syft:location:0:layerID", "value": "sha256:d4fc04"}]},
    {"bom-ref": "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1&package-id=1b7e",
     "type": "library", "name": "musl", "version": "1.2.4_git20230717-r4",
     "licenses": [{"license": {"id": "MIT"}}],
     "purl": "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64&distro=alpine-3.19.1"},
    {"bom-ref": "pkg:golang/stdlib@1.21.6?package-id=77aa", "type": "library", "name": "stdlib",
     "version": "go1.21.6", "licenses": [{"license": {"id": "BSD-3-Clause"}}],
     "cpe": "cpe:2.3:a:golang:go:1.21.6:-:*:*:*:*:*:*", "purl": "pkg:golang/stdlib@1.21.6"},
    {"bom-ref": "pkg:golang/github.com/google/uuid@v1.6.0?package-id=3c1d", "type": "library",
     "name": "github.com/google/uuid", "version": "v1.6.0",
     "purl": "pkg:golang/github.com/google/uuid@v1.6.0"},
    {"bom-ref": "os:alpine@3.19.1", "type": "operating-system", "name": "alpine",
     "version": "3.19.1", "description": "Alpine Linux v3.19",
     "swid": {"tagId": "alpine", "name": "alpine", "version": "3.19.1"},
     "externalReferences": [{"url": "https://bugs.alpinelinux.org/", "type": "issue-tracker"}]},
    {"bom-ref": "6a2bd0b3c0c9c4e5", "type": "file", "name": "/bin/busybox",
     "hashes": [{"alg": "SHA-1", "content": "9d4c"}, {"alg": "SHA-256", "content": "e1b2"}]}
  ]
})");
  EXPECT_EQ(s.spec_version, "1.5");
  EXPECT_EQ(s.components, 6u);
  EXPECT_EQ(s.tools, std::vector<std::string>{"syft"});
  EXPECT_EQ(s.purls, 4u);
  EXPECT_EQ(s.licenses_distinct, 3u);
  EXPECT_EQ(s.components_without_license, 2u + 1u);  // uuid, the OS, the file
  EXPECT_EQ(s.licenses_unknown, 0u);
}

// cdxgen: its own entry in metadata.tools.components carries a purl and the tools object may
// list services too; neither is a component nor a purl of the BOM.
TEST(Sbom, CycloneDx15CdxgenToolComponentsAndServicesAreToolsOnly) {
  SbomSummary s = Parse(R"json({
  "bomFormat": "CycloneDX", "specVersion": "1.5",
  "serialNumber": "urn:uuid:0d9a5f3c-2b7e-4c81-a6d4-93e1f0b2c7a8", "version": 1,
  "metadata": {
    "timestamp": "2024-03-11T08:30:02.114Z",
    "tools": {
      "components": [
        {"group": "@cyclonedx", "name": "cdxgen", "version": "10.2.1",
         "purl": "pkg:npm/%40cyclonedx/cdxgen@10.2.1", "type": "application",
         "bom-ref": "pkg:npm/@cyclonedx/cdxgen@10.2.1", "author": "OWASP Foundation",
         "publisher": "OWASP Foundation", "licenses": [{"license": {"id": "Apache-2.0"}}]}
      ],
      "services": [
        {"provider": {"name": "Acme"}, "name": "acme-license-enricher", "version": "2.1"}
      ]
    },
    "authors": [{"name": "Jane Builder"}],
    "lifecycles": [{"phase": "build"}],
    "component": {"name": "shop-web", "version": "3.0.0", "type": "application",
                  "purl": "pkg:npm/shop-web@3.0.0", "bom-ref": "pkg:npm/shop-web@3.0.0"}
  },
  "components": [
    {"author": "TJ Holowaychuk <tj@vision-media.ca>", "group": "", "name": "express",
     "version": "4.18.2", "scope": "required",
     "hashes": [{"alg": "SHA-512", "content": "5b2a"}],
     "licenses": [{"license": {"id": "MIT", "url": "https://opensource.org/licenses/MIT"}}],
     "purl": "pkg:npm/express@4.18.2", "type": "library", "bom-ref": "pkg:npm/express@4.18.2",
     "evidence": {"identity": {"field": "purl", "confidence": 1,
                               "methods": [{"technique": "manifest-analysis", "confidence": 1,
                                            "value": "/app/package-lock.json"}]},
                  "licenses": [{"license": {"id": "0BSD"}}]},
     "properties": [{"name": "SrcFile", "value": "/app/package-lock.json"}]},
    {"group": "", "name": "spdx-expression-parse", "version": "3.0.1",
     "licenses": [{"expression": "(MIT AND CC-BY-3.0)"}],
     "purl": "pkg:npm/spdx-expression-parse@3.0.1", "type": "library"}
  ]
})json");
  EXPECT_EQ(s.components, 2u);
  EXPECT_EQ(s.tools, (std::vector<std::string>{"cdxgen", "acme-license-enricher"}));
  EXPECT_EQ(s.purls, 2u);
  // Neither the tool's Apache-2.0 nor the licence found as evidence is the component's licence.
  EXPECT_EQ(s.top_licenses, (Top{{"(MIT AND CC-BY-3.0)", 1}, {"MIT", 1}}));
}

// CycloneDX 1.6 assemblies (a war holding jars holding shaded classes): nested components are
// components, at any depth; those nested in metadata.component are not.
TEST(Sbom, CycloneDx16NestedComponentsAreCountedRecursively) {
  SbomSummary s = Parse(R"({
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {"component": {"type": "application", "name": "portal.war",
    "components": [{"type": "library", "name": "portal-core.jar", "purl": "pkg:maven/x/core@1"}]}},
  "components": [
    {"type": "application", "name": "portal.war", "version": "5.2.0",
     "purl": "pkg:maven/com.example/portal@5.2.0?type=war",
     "licenses": [{"license": {"id": "Apache-2.0", "acknowledgement": "declared"}}],
     "components": [
       {"type": "library", "name": "spring-core", "version": "6.1.3",
        "purl": "pkg:maven/org.springframework/spring-core@6.1.3",
        "licenses": [{"license": {"id": "Apache-2.0", "acknowledgement": "concluded"}}]},
       {"type": "library", "name": "guava", "version": "33.0.0-jre",
        "purl": "pkg:maven/com.google.guava/guava@33.0.0-jre",
        "components": [
          {"type": "library", "name": "failureaccess", "version": "1.0.2",
           "licenses": [{"license": {"id": "Apache-2.0"}}],
           "components": [{"type": "file", "name": "com/google/common/util/concurrent/internal"}]}
        ]}
     ]},
    {"type": "library", "name": "jakarta.servlet-api", "version": "6.0.0",
     "licenses": [{"expression": "EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0"}],
     "components": []}
  ]
})");
  EXPECT_EQ(s.spec_version, "1.6");
  EXPECT_EQ(s.components, 6u);
  EXPECT_EQ(s.purls, 3u);
  EXPECT_EQ(s.top_licenses,
            (Top{{"Apache-2.0", 3}, {"EPL-2.0 OR GPL-2.0-only WITH Classpath-exception-2.0", 1}}));
  EXPECT_EQ(s.components_without_license, 2u);  // guava, the file
}

// Trivy and grype rate a vulnerability once per source (NVD, GHSA, the distribution); the
// highest rating counts, wherever it is in the list. A vulnerability's own tools are not the BOM's.
TEST(Sbom, CycloneDx16VulnerabilityCountsAtItsHighestRating) {
  SbomSummary s = Parse(R"({
  "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
  "metadata": {"tools": {"components": [{"type": "application", "name": "grype"}]}},
  "components": [{"bom-ref": "pkg:npm/lodash@4.17.20", "type": "library", "name": "lodash",
                  "purl": "pkg:npm/lodash@4.17.20"}],
  "vulnerabilities": [
    {"bom-ref": "v1", "id": "CVE-2021-23337", "source": {"name": "NVD"},
     "ratings": [{"source": {"name": "NVD"}, "score": 7.2, "severity": "high", "method": "CVSSv31",
                  "vector": "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H"},
                 {"source": {"name": "GHSA"}, "score": 9.8, "severity": "critical",
                  "method": "CVSSv31"}],
     "affects": [{"ref": "pkg:npm/lodash@4.17.20"}],
     "tools": {"components": [{"name": "grype-db"}]}},
    {"id": "CVE-2020-28500", "ratings": [{"source": {"name": "redhat"}, "severity": "medium"},
                                          {"source": {"name": "NVD"}, "severity": "high"},
                                          {"source": {"name": "ubuntu"}, "severity": "low"}]},
    {"id": "GHSA-p6mc-m468-83gw", "ratings": [{"severity": "info"}, {"severity": "low"}]},
    {"id": "CVE-2024-0001", "ratings": [{"severity": "MEDIUM", "method": "other"}]},
    {"id": "CVE-2024-0002", "ratings": [{"severity": "info"}]},
    {"id": "CVE-2024-0003", "ratings": [{"severity": "none"}]},
    {"id": "CVE-2024-0004", "ratings": []},
    {"id": "CVE-2024-0005", "analysis": {"state": "not_affected",
                                          "justification": "code_not_reachable"}},
    {"id": "CVE-2024-0006", "ratings": [{"score": 5.3, "method": "CVSSv31"}]},
    {"id": "CVE-2024-0007", "ratings": [{"severity": "unknown"}, {"severity": "severe"}]}
  ]
})");
  EXPECT_EQ(s.vulnerabilities, 10u);
  ExpectSeverities(s, 1, 1, 1, 1, 1, 1, 4);
  EXPECT_EQ(s.tools, std::vector<std::string>{"grype"});
}

// JSON objects are unordered: bomFormat and specVersion may come last, metadata after the
// components, a component's licences after its nested components.
TEST(Sbom, KeysInAnyOrderBomFormatLast) {
  SbomSummary s = Parse(R"({
  "components": [
    {"components": [{"purl": "pkg:pypi/idna@3.6", "name": "idna",
                     "licenses": [{"license": {"id": "BSD-3-Clause"}}]}],
     "licenses": [{"license": {"name": "Apache Software License", "id": "Apache-2.0"}}],
     "name": "requests", "purl": "pkg:pypi/requests@2.31.0"}
  ],
  "vulnerabilities": [{"ratings": [{"severity": "high"}], "id": "CVE-2024-35195"}],
  "dependencies": [],
  "metadata": {"component": {"name": "svc"}, "tools": [{"name": "cyclonedx-py", "vendor": "CycloneDX"}]},
  "version": 1,
  "specVersion": "1.5",
  "bomFormat": "CycloneDX"
})");
  EXPECT_EQ(s.format, "cyclonedx");
  EXPECT_EQ(s.spec_version, "1.5");
  EXPECT_EQ(s.components, 2u);
  EXPECT_EQ(s.purls, 2u);
  EXPECT_EQ(s.tools, std::vector<std::string>{"cyclonedx-py"});
  EXPECT_EQ(s.top_licenses, (Top{{"Apache-2.0", 1}, {"BSD-3-Clause", 1}}));
  EXPECT_EQ(s.components_without_license, 0u);
  ExpectSeverities(s, 0, 1, 0, 0, 0, 0, 0);
}

// A licence is an expression (kept whole), else an SPDX id, else a free-text name; an id named
// twice by one component counts once; NOASSERTION/NONE are no licence but are counted as unknown.
TEST(Sbom, LicenseExpressionElseIdElseName) {
  SbomSummary s = Parse(R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [
    {"name": "a", "licenses": [{"expression": "MIT OR Apache-2.0"}]},
    {"name": "b", "licenses": [{"license": {"id": "MIT"}},
                               {"license": {"id": "MIT", "url": "https://spdx.org/licenses/MIT"}}]},
    {"name": "c", "licenses": [{"license": {"name": "Apache License, Version 2.0"}}]},
    {"name": "d", "licenses": [{"license": {"id": "Apache-2.0", "name": "Apache License 2.0"}}]},
    {"name": "e", "licenses": [{"license": {"name": "NOASSERTION"}}]},
    {"name": "f", "licenses": [{"expression": "NONE"}]},
    {"name": "g", "licenses": []},
    {"name": "h", "licenses": [{"license": {"url": "https://example.com/eula.html"}}]},
    {"name": "i", "licenses": [{"license": {"id": "MIT"}}, {"license": {"name": "NOASSERTION"}}]}
  ]})");
  EXPECT_EQ(s.components, 9u);
  EXPECT_EQ(s.licenses_distinct, 4u);
  EXPECT_EQ(s.top_licenses, (Top{{"MIT", 2},
                                 {"Apache License, Version 2.0", 1},
                                 {"Apache-2.0", 1},
                                 {"MIT OR Apache-2.0", 1}}));
  EXPECT_EQ(s.components_without_license, 4u);  // e, f, g, h
  EXPECT_EQ(s.licenses_unknown, 2u);            // e, f
}

// SPDX 2.3 from syft: licenseConcluded is always NOASSERTION, so the declared licence counts;
// purls are externalRefs of referenceType "purl"; files are counted apart from packages, and
// relationships change nothing.
TEST(Sbom, Spdx23SyftNoAssertionConcludedFallsBackToDeclared) {
  SbomSummary s = Parse(R"json({
 "spdxVersion": "SPDX-2.3",
 "dataLicense": "CC0-1.0",
 "SPDXID": "SPDXRef-DOCUMENT",
 "name": "registry.example.com/shop/api",
 "documentNamespace": "https://anchore.com/syft/image/registry.example.com/shop/api-5c3f2d1e",
 "creationInfo": {"licenseListVersion": "3.22",
                  "creators": ["Organization: Anchore, Inc", "Tool: syft-0.104.0"],
                  "created": "2024-02-01T10:00:00Z"},
 "packages": [
  {"name": "busybox", "SPDXID": "SPDXRef-Package-apk-busybox-9f2c", "versionInfo": "1.36.1-r15",
   "supplier": "Person: Natanael Copa (ncopa@alpinelinux.org)", "downloadLocation": "https://busybox.net/",
   "filesAnalyzed": false, "checksums": [{"algorithm": "SHA1", "checksumValue": "9d4c"}],
   "sourceInfo": "acquired package info from APK DB: /lib/apk/db/installed",
   "licenseConcluded": "NOASSERTION", "licenseDeclared": "GPL-2.0-only",
   "copyrightText": "NOASSERTION",
   "externalRefs": [
    {"referenceCategory": "SECURITY", "referenceType": "cpe23Type",
     "referenceLocator": "cpe:2.3:a:busybox:busybox:1.36.1-r15:*:*:*:*:*:*:*"},
    {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
     "referenceLocator": "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=alpine-3.19.1"}]},
  {"name": "ssl_client", "SPDXID": "SPDXRef-Package-apk-ssl-client-2e1a",
   "licenseConcluded": "NOASSERTION", "licenseDeclared": "GPL-2.0-only",
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
     "referenceLocator": "pkg:apk/alpine/ssl_client@1.36.1-r15?arch=x86_64"}]},
  {"name": "musl", "SPDXID": "SPDXRef-Package-apk-musl-1b7e",
   "licenseConcluded": "NOASSERTION", "licenseDeclared": "MIT",
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
     "referenceLocator": "pkg:apk/alpine/musl@1.2.4_git20230717-r4?arch=x86_64"}]},
  {"name": "github.com/google/uuid", "SPDXID": "SPDXRef-Package-go-module-uuid-3c1d",
   "licenseConcluded": "NOASSERTION", "licenseDeclared": "NOASSERTION",
   "externalRefs": [
    {"referenceCategory": "SECURITY", "referenceType": "cpe23Type",
     "referenceLocator": "cpe:2.3:a:google:uuid:v1.6.0:*:*:*:*:*:*:*"},
    {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
     "referenceLocator": "pkg:golang/github.com/google/uuid@v1.6.0"}]},
  {"name": "registry.example.com/shop/api", "SPDXID": "SPDXRef-DocumentRoot-Image-api",
   "versionInfo": "sha256:4b1f0e", "supplier": "NOASSERTION", "downloadLocation": "NOASSERTION",
   "primaryPackagePurpose": "CONTAINER", "filesAnalyzed": false,
   "licenseConcluded": "NOASSERTION", "licenseDeclared": "NOASSERTION",
   "copyrightText": "NOASSERTION",
   "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
     "referenceLocator": "pkg:oci/api@sha256%3A4b1f0e?arch=amd64&tag=1.4.2"}]}
 ],
 "files": [
  {"fileName": "/bin/busybox", "SPDXID": "SPDXRef-File-bin-busybox-6a2b", "fileTypes": ["BINARY"],
   "checksums": [{"algorithm": "SHA1", "checksumValue": "9d4c"}],
   "licenseConcluded": "NOASSERTION", "licenseInfoInFiles": ["NOASSERTION"],
   "copyrightText": "NOASSERTION", "comment": "layerID: sha256:d4fc04"},
  {"fileName": "/etc/apk/world", "SPDXID": "SPDXRef-File-etc-apk-world-0c1d",
   "licenseConcluded": "NOASSERTION", "copyrightText": "NOASSERTION"},
  {"fileName": "/lib/apk/db/installed", "SPDXID": "SPDXRef-File-lib-apk-db-installed-5e6f",
   "licenseConcluded": "MIT", "copyrightText": "NOASSERTION"}
 ],
 "relationships": [
  {"spdxElementId": "SPDXRef-Package-apk-busybox-9f2c",
   "relatedSpdxElement": "SPDXRef-File-bin-busybox-6a2b", "relationshipType": "CONTAINS"},
  {"spdxElementId": "SPDXRef-DocumentRoot-Image-api",
   "relatedSpdxElement": "SPDXRef-Package-apk-busybox-9f2c", "relationshipType": "CONTAINS"},
  {"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-DocumentRoot-Image-api",
   "relationshipType": "DESCRIBES"}
 ]
})json");
  EXPECT_EQ(s.format, "spdx");
  EXPECT_EQ(s.spec_version, "2.3");
  EXPECT_EQ(s.components, 5u);
  EXPECT_EQ(s.files, 3u);
  EXPECT_EQ(s.tools, std::vector<std::string>{"syft"});
  EXPECT_EQ(s.purls, 5u);
  EXPECT_EQ(s.top_licenses, (Top{{"GPL-2.0-only", 2}, {"MIT", 1}}));
  EXPECT_EQ(s.components_without_license, 2u);
  EXPECT_EQ(s.licenses_unknown, 2u);
  EXPECT_EQ(s.vulnerabilities, 0u);
}

// SPDX 2.3 from Trivy: a concluded licence wins over the declared one, several licences are
// joined with AND (one expression), "NONE" means none found, and the container and operating
// system packages carry no licence field at all.
TEST(Sbom, Spdx23TrivyConcludedWinsAndPackagesWithoutLicenceFields) {
  SbomSummary s = Parse(R"({
  "spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
  "name": "alpine:3.19",
  "documentNamespace": "http://aquasecurity.github.io/trivy/container_image/alpine:3.19-8d2e",
  "creationInfo": {"creators": ["Organization: aquasecurity", "Tool: trivy-0.49.1"],
                   "created": "2024-02-20T12:00:00Z"},
  "packages": [
    {"name": "alpine:3.19", "SPDXID": "SPDXRef-ContainerImage-5b9f", "downloadLocation": "NONE",
     "filesAnalyzed": false, "primaryPackagePurpose": "CONTAINER",
     "attributionTexts": ["SchemaVersion: 2", "ImageID: sha256:05455a"],
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
       "referenceLocator": "pkg:oci/alpine@sha256%3A6457d5?arch=amd64&repository_url=index.docker.io%2Flibrary%2Falpine"}]},
    {"name": "alpine", "SPDXID": "SPDXRef-OperatingSystem-20f1", "versionInfo": "3.19.1",
     "downloadLocation": "NONE", "filesAnalyzed": false, "primaryPackagePurpose": "OPERATING-SYSTEM"},
    {"name": "busybox", "SPDXID": "SPDXRef-Package-8f4e", "versionInfo": "1.36.1-r15",
     "supplier": "NOASSERTION", "downloadLocation": "NONE", "filesAnalyzed": false,
     "sourceInfo": "built package from: busybox 1.36.1-r15",
     "licenseConcluded": "GPL-2.0-only", "licenseDeclared": "GPL-2.0-only",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
       "referenceLocator": "pkg:apk/alpine/busybox@1.36.1-r15?arch=x86_64&distro=3.19.1"}],
     "attributionTexts": ["PkgID: busybox@1.36.1-r15", "LayerDiffID: sha256:d4fc04"],
     "primaryPackagePurpose": "LIBRARY"},
    {"name": "libcrypto3", "SPDXID": "SPDXRef-Package-1d2c", "versionInfo": "3.1.4-r5",
     "licenseConcluded": "Apache-2.0 AND OpenSSL", "licenseDeclared": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
       "referenceLocator": "pkg:apk/alpine/libcrypto3@3.1.4-r5?arch=x86_64&distro=3.19.1"}]},
    {"name": "left-pad", "SPDXID": "SPDXRef-Package-77e0", "versionInfo": "1.3.0",
     "licenseConcluded": "NONE", "licenseDeclared": "NONE",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
       "referenceLocator": "pkg:npm/left-pad@1.3.0"}]}
  ],
  "files": [{"fileName": "app/package-lock.json", "SPDXID": "SPDXRef-File-6c0d",
             "checksums": [{"algorithm": "SHA1", "checksumValue": "aa01"}], "copyrightText": ""}],
  "relationships": [{"spdxElementId": "SPDXRef-DOCUMENT",
                     "relatedSpdxElement": "SPDXRef-ContainerImage-5b9f",
                     "relationshipType": "DESCRIBES"}]
})");
  EXPECT_EQ(s.components, 5u);
  EXPECT_EQ(s.files, 1u);
  EXPECT_EQ(s.tools, std::vector<std::string>{"trivy"});
  EXPECT_EQ(s.purls, 4u);
  EXPECT_EQ(s.top_licenses, (Top{{"Apache-2.0 AND OpenSSL", 1}, {"GPL-2.0-only", 1}}));
  EXPECT_EQ(s.components_without_license, 3u);  // the image, the OS, left-pad
  EXPECT_EQ(s.licenses_unknown, 1u);            // left-pad said NONE
}

// SPDX 2.2 JSON is read the same way (its purl category is spelt PACKAGE_MANAGER); earlier
// versions and SPDX 3's JSON-LD are refused.
TEST(Sbom, Spdx22IsAcceptedOtherSpdxVersionsAreRefused) {
  SbomSummary s = Parse(R"({"spdxVersion": "SPDX-2.2", "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT", "name": "nlohmann-json:x64-linux@3.11.3",
  "creationInfo": {"creators": ["Tool: vcpkg-2024-02-07-8a83681f92d5b8ae9e1bd1bc0b2e9d5c6c0e8a4b"],
                   "created": "2024-02-20T09:55:40Z"},
  "documentDescribes": ["SPDXRef-port"],
  "packages": [
    {"name": "nlohmann-json", "SPDXID": "SPDXRef-port", "versionInfo": "3.11.3",
     "downloadLocation": "git+https://github.com/microsoft/vcpkg@0a1b2c",
     "licenseConcluded": "MIT", "licenseDeclared": "NOASSERTION", "copyrightText": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl",
                       "referenceLocator": "pkg:github/nlohmann/json@v3.11.3"}]},
    {"name": "nlohmann-json:x64-linux", "SPDXID": "SPDXRef-binary", "versionInfo": "5f8eaf",
     "downloadLocation": "NONE", "licenseConcluded": "MIT", "licenseDeclared": "NOASSERTION",
     "copyrightText": "NOASSERTION"}
  ],
  "files": [{"fileName": "./portfile.cmake", "SPDXID": "SPDXRef-file-0",
             "checksums": [{"algorithm": "SHA256", "checksumValue": "9e1f"}],
             "licenseConcluded": "NOASSERTION", "copyrightText": "NOASSERTION"}]})");
  EXPECT_EQ(s.format, "spdx");
  EXPECT_EQ(s.spec_version, "2.2");
  EXPECT_EQ(s.components, 2u);
  EXPECT_EQ(s.files, 1u);
  EXPECT_EQ(s.purls, 1u);
  EXPECT_EQ(s.tools, std::vector<std::string>{"vcpkg"});
  EXPECT_EQ(s.top_licenses, (Top{{"MIT", 2}}));

  Result<SbomSummary> old = ParseSbom(R"({"spdxVersion": "SPDX-2.1", "packages": []})", "x.json");
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(old.status().message(),
            "x.json: SPDX version \"SPDX-2.1\" is not read here (SPDX-2.3 and SPDX-2.2 are)");
  Result<SbomSummary> v3 = ParseSbom(
      R"({"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []})", "x.json");
  ASSERT_FALSE(v3.ok());
  EXPECT_EQ(v3.status().message(), "x.json: not a CycloneDX 1.4+ or SPDX 2.3 JSON SBOM");
}

// SPDX names a tool "Tool: NAME-VERSION" and the version takes many shapes (v-prefixed, dated,
// with a commit); names keep their own dashes. Other creators are people and organisations.
TEST(Sbom, SpdxToolCreatorsAreNamedWithoutTheirVersion) {
  SbomSummary s = Parse(R"json({"spdxVersion": "SPDX-2.3", "creationInfo": {"creators": [
    "Organization: Anchore, Inc", "Tool: syft-v1.0.1", "Person: Jane Doe (jane@example.com)",
    "Tool: vcpkg-2024-02-07-8a83681f", "Tool: SourceAuditor-V1.2", "Tool:  sbom-merge ",
    "Tool: trivy-0.49.1", "Tool: trivy-0.50.0", "Tool: "]}, "packages": []})json");
  EXPECT_EQ(s.tools,
            (std::vector<std::string>{"syft", "vcpkg", "SourceAuditor", "sbom-merge", "trivy"}));
  EXPECT_EQ(s.tools_total, 5u);
}

void ExpectInvalid(const std::string& text, const std::string& message) {
  Result<SbomSummary> s = ParseSbom(text, "bad.json");
  ASSERT_FALSE(s.ok()) << text;
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message().rfind("bad.json: ", 0), 0u) << s.status().message();
  EXPECT_NE(s.status().message().find(message), std::string::npos) << s.status().message();
}

TEST(Sbom, CycloneDxXmlIsRefusedAsJsonOnly) {
  ExpectInvalid(R"(<?xml version="1.0" encoding="UTF-8"?>
<bom xmlns="http://cyclonedx.org/schema/bom/1.5" serialNumber="urn:uuid:3e671687" version="1">
  <components><component type="library"><name>acme</name></component></components>
</bom>)",
                "not JSON: SBOMs are read as CycloneDX or SPDX JSON only (this looks like XML)");
  ExpectInvalid("\n  <bom xmlns=\"http://cyclonedx.org/schema/bom/1.4\"/>", "JSON only");
  // SPDX tag-value is not JSON either; the parser says where it stopped.
  ExpectInvalid("SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n", "at byte 0");
}

// CycloneDX 1.7 as cyclonedx-npm and Trivy write it: the 1.5+ tools object, 1.7's new fields
// (metadata.distributionConstraints, component citations, licences with acknowledgement) skipped.
// A later minor version is read the same way and named in the summary.
TEST(Sbom, CycloneDx17AndLaterMinorVersionsAreRead) {
  const std::string doc = R"({
  "$schema": "http://cyclonedx.org/schema/bom-1.7.schema.json",
  "bomFormat": "CycloneDX", "specVersion": "1.7", "version": 1,
  "serialNumber": "urn:uuid:0b8e2f1c-57f3-4f6e-9d42-6f1f4c1d2a77",
  "metadata": {"timestamp": "2026-11-30T09:12:44Z",
    "tools": {"components": [{"type": "application", "group": "@cyclonedx",
      "name": "cyclonedx-npm", "version": "4.1.0"}]},
    "component": {"type": "application", "name": "portal", "version": "3.4.0",
      "bom-ref": "portal@3.4.0"},
    "distributionConstraints": {"tlp": "AMBER"}},
  "components": [
    {"type": "library", "name": "express", "version": "4.21.2", "bom-ref": "express@4.21.2",
     "purl": "pkg:npm/express@4.21.2",
     "licenses": [{"license": {"id": "MIT", "acknowledgement": "declared"}}]},
    {"type": "library", "name": "qs", "version": "6.13.0", "purl": "pkg:npm/qs@6.13.0",
     "licenses": [{"expression": "BSD-3-Clause", "acknowledgement": "concluded"}]}],
  "citations": [{"bom-ref": "c1", "pointers": ["/components/0"], "timestamp":
    "2026-11-30T09:12:44Z", "attributedTo": "cyclonedx-npm"}],
  "vulnerabilities": [{"id": "CVE-2024-45590", "ratings": [{"severity": "high"}]}]
})";
  Result<SbomSummary> s = ParseSbom(doc, "bom.json");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->format, "cyclonedx");
  EXPECT_EQ(s->spec_version, "1.7");
  EXPECT_EQ(s->components, 2u);
  EXPECT_EQ(s->purls, 2u);
  EXPECT_EQ(s->vulnerabilities, 1u);
  EXPECT_EQ(s->by_severity.high, 1u);
  EXPECT_EQ(s->tools, std::vector<std::string>{"cyclonedx-npm"});
  std::string later = doc;
  later.replace(later.find("\"1.7\""), 5, "\"1.12\"");
  Result<SbomSummary> l = ParseSbom(later, "bom.json");
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_EQ(l->spec_version, "1.12");
  EXPECT_EQ(l->components, 2u);
}

TEST(Sbom, SarifLogIsRefused) {
  Result<SbomSummary> s = ParseSbom(R"({"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0", "runs": [{"tool": {"driver": {"name": "Trivy", "rules": []}},
    "results": [{"ruleId": "CVE-2024-0001", "level": "error", "message": {"text": "x"}}]}]})",
                                    "scan.sarif");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), "scan.sarif: not a CycloneDX 1.4+ or SPDX 2.3 JSON SBOM");
}

TEST(Sbom, UnsupportedCycloneDxVersionsAreNamed) {
  ExpectInvalid(R"({"bomFormat": "CycloneDX", "specVersion": "1.3", "components": []})",
                "CycloneDX specVersion \"1.3\" is not read here (1.4 and later 1.x are)");
  for (const char* v : {"2.0", "1.07", "1.", "1.x", "1.1000", "01.7", " 1.7"}) {
    ExpectInvalid(std::string(R"({"bomFormat": "CycloneDX", "specVersion": ")") + v + "\"}",
                  std::string("specVersion \"") + v + "\" is not read here");
  }
  ExpectInvalid(R"({"bomFormat": "CycloneDX", "specVersion": 1.5})", "specVersion 1.5 is not");
  ExpectInvalid(R"({"bomFormat": "CycloneDX", "components": []})", "CycloneDX without specVersion");
  ExpectInvalid(R"({"bomFormat": "SPDX", "spdxVersion": "SPDX-2.3"})",
                "not a CycloneDX 1.4+ or SPDX 2.3 JSON SBOM (bomFormat \"SPDX\")");
}

TEST(Sbom, TruncatedFileNamesTheByteOffset) {
  TempFile file;
  std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"name":"a",)"
                     R"("licenses":[{"license":{"id":"MI)";
  file.Append(text);
  std::string path = file.Close();
  StreamDigest digest;
  Result<SbomSummary> s = ParseSbomFile(path, &digest);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message().rfind(path + ": ", 0), 0u) << s.status().message();
  EXPECT_NE(s.status().message().find("at byte " + std::to_string(text.size())), std::string::npos)
      << s.status().message();
}

TEST(Sbom, MinifiedSingleLine) {
  SbomSummary s = Parse(
      R"({"bomFormat":"CycloneDX","specVersion":"1.6","serialNumber":"urn:uuid:9f1e2d3c-4b5a-6978-)"
      R"(8a9b-0c1d2e3f4a5b","version":1,"metadata":{"tools":{"components":[{"type":"application",)"
      R"("name":"trivy","version":"0.50.0"}]}},"components":[{"bom-ref":"pkg:golang/golang.org/x)"
      R"(/net@v0.17.0","type":"library","name":"golang.org/x/net","version":"v0.17.0","licenses":)"
      R"([{"license":{"id":"BSD-3-Clause"}}],"purl":"pkg:golang/golang.org/x/net@v0.17.0"},{"type":)"
      R"("library","name":"golang.org/x/text","purl":"pkg:golang/golang.org/x/text@v0.13.0"}],)"
      R"("vulnerabilities":[{"id":"CVE-2023-45288","ratings":[{"severity":"medium"},{"severity":)"
      R"("high"}],"affects":[{"ref":"pkg:golang/golang.org/x/net@v0.17.0"}]}]})");
  EXPECT_EQ(s.components, 2u);
  EXPECT_EQ(s.purls, 2u);
  EXPECT_EQ(s.tools, std::vector<std::string>{"trivy"});
  EXPECT_EQ(s.top_licenses, (Top{{"BSD-3-Clause", 1}}));
  EXPECT_EQ(s.components_without_license, 1u);
  EXPECT_EQ(s.vulnerabilities, 1u);
  ExpectSeverities(s, 0, 1, 0, 0, 0, 0, 0);
}

// ASan's quarantine keeps freed memory resident, so peak RSS says nothing about the parser there.
// g++ says so with __SANITIZE_ADDRESS__, clang 14 only through __has_feature.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif
#else
constexpr bool kUnderAsan = false;
#endif

long PeakRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// A generated 300,000-component SBOM (over 50 MB) is streamed from its file: the counts and the
// digest are exact and the process's peak memory does not grow with the file.
TEST(Sbom, LargeSbomIsStreamedFromTheFile) {
  constexpr int kComponents = 300000;
  const char* kLicences[] = {"MIT", "Apache-2.0", "BSD-3-Clause"};
  TempFile file;
  std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[)";
  Sha256Stream sha;
  uint64_t size = 0;
  auto emit = [&](const std::string& chunk) {
    file.Append(chunk);
    sha.Update(AsBytes(chunk));
    size += chunk.size();
  };
  for (int i = 0; i < kComponents; ++i) {
    std::string n = std::to_string(i);
    text += (i ? ",\n" : "\n") + std::string(R"({"type":"library","bom-ref":"c)") + n +
            R"(","name":"component-)" + n + R"(","version":"1.0.)" + n + R"(")";
    if (i % 2 == 0) text += R"(,"purl":"pkg:npm/component-)" + n + "@1.0." + n + "\"";
    if (i % 5 != 0) {
      text += R"(,"licenses":[{"license":{"id":")" + std::string(kLicences[i % 3]) + "\"}}]";
    }
    text += R"(,"description":"generated component number )" + n + "\"}";
    if (text.size() > (1 << 20)) emit(std::exchange(text, ""));
  }
  text += R"(],"vulnerabilities":[{"id":"CVE-1","ratings":[{"severity":"critical"}]}]})";
  emit(text);
  ASSERT_GT(size, 50u << 20);
  std::string path = file.Close();

  long rss_before = PeakRssKb();
  StreamDigest digest;
  Result<SbomSummary> s = ParseSbomFile(path, &digest);
  long rss_growth_kb = PeakRssKb() - rss_before;
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->components, uint64_t{kComponents});
  EXPECT_EQ(s->purls, uint64_t{kComponents / 2});
  EXPECT_EQ(s->components_without_license, uint64_t{kComponents / 5});
  EXPECT_EQ(s->top_licenses, (Top{{"Apache-2.0", 80000}, {"BSD-3-Clause", 80000}, {"MIT", 80000}}));
  EXPECT_EQ(s->vulnerabilities, 1u);
  EXPECT_EQ(digest.size, size);
  EXPECT_EQ(digest.sha256, sha.Finish());
  if (!kUnderAsan) {
    EXPECT_LT(rss_growth_kb, 16 * 1024) << "the parse grew the peak RSS by " << rss_growth_kb;
  }
}

TEST(Sbom, FileIsReadHashedAndParsedMissingFileIsNotFound) {
  TempFile file;
  std::string text = R"({"spdxVersion":"SPDX-2.3","packages":[{"name":"zlib",)"
                     R"("licenseConcluded":"Zlib"}]})";
  file.Append(text);
  std::string path = file.Close();
  StreamDigest digest;
  Result<SbomSummary> s = ParseSbomFile(path, &digest);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->components, 1u);
  EXPECT_EQ(s->top_licenses, (Top{{"Zlib", 1}}));
  EXPECT_EQ(digest.size, text.size());
  EXPECT_EQ(digest.sha256, Sha256(AsBytes(text)));
  Result<SbomSummary> missing = ParseSbomFile("/nonexistent/bom.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(Sbom, MalformedOrHostileJsonIsInvalidArgument) {
  ExpectInvalid("", "at byte 0");
  ExpectInvalid(R"({"bomFormat": "CycloneDX", "specVersion": "1.5"} trailing)", "at byte");
  ExpectInvalid(R"({"bomFormat": "CycloneDX", "bomFormat": "CycloneDX", "specVersion": "1.5"})",
                "duplicate key \"bomFormat\" at byte");
  ExpectInvalid(R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [)"
                R"({"purl": "pkg:npm/a@1", "purl": "pkg:npm/b@1"}]})",
                "duplicate key \"purl\" at byte");
  ExpectInvalid(R"({"spdxVersion": "SPDX-2.3", "packages": [{"licenseConcluded": "MIT",)"
                R"( "licenseConcluded": "GPL-3.0-only"}]})",
                "duplicate key \"licenseConcluded\"");
  ExpectInvalid(R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "x": )" +
                    std::string(200, '[') + std::string(200, ']') + "}",
                "nesting deeper than 128 levels at byte");
  ExpectInvalid(std::string(R"({"bomFormat": "CycloneDX", "specVersion": "1.5"})") + '\0' + "x",
                "unexpected NUL byte");
  ExpectInvalid("{\"bomFormat\": \"CycloneDX\", \"specVersion\": \"1.5\", \"x\": \"\xff\"}",
                "at byte");
  ExpectInvalid(R"([{"bomFormat": "CycloneDX", "specVersion": "1.5"}])",
                "not a CycloneDX 1.4+ or SPDX 2.3 JSON SBOM (not a JSON object)");
  ExpectInvalid(R"("CycloneDX")", "(not a JSON object)");
}

// Every field read, holding a value of the wrong type: counted as absent, nothing thrown.
TEST(Sbom, WrongTypesInEveryFieldReadAreTreatedAsAbsent) {
  SbomSummary s = Parse(R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
  "metadata": {"tools": {"components": {"name": "x"}, "services": [7, {"name": 3}]}},
  "components": [1, "x", null, [], {"name": "a", "purl": 5, "licenses": "MIT"},
    {"name": "b", "licenses": [{"license": "MIT"}, {"license": {"id": 5, "name": ["x"]}},
                               {"expression": {"id": "MIT"}}], "components": {"name": "c"}},
    {"name": "d", "purl": "", "licenses": [7, null]}],
  "vulnerabilities": [3, {"ratings": {"severity": "high"}}, {"ratings": [{"severity": 9}, 4]}],
  "packages": {"name": "not counted"}})");
  EXPECT_EQ(s.components, 3u);
  EXPECT_EQ(s.purls, 0u);
  EXPECT_TRUE(s.tools.empty());
  EXPECT_EQ(s.licenses_distinct, 0u);
  EXPECT_EQ(s.components_without_license, 3u);
  EXPECT_EQ(s.vulnerabilities, 2u);
  ExpectSeverities(s, 0, 0, 0, 0, 0, 0, 2);

  SbomSummary spdx = Parse(R"({"spdxVersion": "SPDX-2.3",
  "creationInfo": {"creators": "Tool: syft-1.0.0"},
  "packages": [5, {"name": "p", "licenseConcluded": 5, "licenseDeclared": ["MIT"],
                   "externalRefs": {"referenceType": "purl"}},
               {"name": "q", "externalRefs": [{"referenceType": 1}, "purl"]}],
  "files": [{"fileName": "a"}, "b", 3],
  "components": [{"name": "a CycloneDX field in an SPDX document"}],
  "vulnerabilities": [{"ratings": [{"severity": "critical"}]}]})");
  EXPECT_EQ(spdx.components, 2u);
  EXPECT_EQ(spdx.files, 1u);
  EXPECT_EQ(spdx.purls, 0u);
  EXPECT_TRUE(spdx.tools.empty());
  EXPECT_EQ(spdx.components_without_license, 2u);
  EXPECT_EQ(spdx.licenses_unknown, 0u);
  EXPECT_EQ(spdx.vulnerabilities, 0u);
}

TEST(Sbom, TopLicensesAreTheTwentyMostCarriedTiesById) {
  std::string components;
  for (int licence = 0; licence < 25; ++licence) {
    for (int i = 0; i <= licence % 3; ++i) {
      if (!components.empty()) components += ",";
      char id[16];
      std::snprintf(id, sizeof id, "L%02d", licence);
      components += std::string(R"({"licenses":[{"license":{"id":")") + id + R"("}}]})";
    }
  }
  SbomSummary s =
      Parse(R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[)" + components + "]}");
  EXPECT_EQ(s.licenses_distinct, 25u);
  ASSERT_EQ(s.top_licenses.size(), kMaxTopLicenses);
  EXPECT_EQ(s.top_licenses[0], std::make_pair(std::string("L02"), uint64_t{3}));
  EXPECT_EQ(s.top_licenses[1], std::make_pair(std::string("L05"), uint64_t{3}));
  EXPECT_EQ(s.top_licenses[19].second, 1u);
  Json j = s.ToJson();
  EXPECT_EQ(j["licenses"]["top"][0]["id"], "L02");
  EXPECT_EQ(j["licenses"]["top"][0]["count"], 3);
  EXPECT_TRUE(CanonicalJson(j).ok());
}

// A hostile SBOM naming a new licence per component cannot grow memory without bound: past
// kMaxDistinctLicenses ids the components still count as licensed, and the cap is reported.
TEST(Sbom, DistinctLicencesAreCappedAndTheCapIsReported) {
  std::string text = R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[)";
  for (size_t i = 0; i < kMaxDistinctLicenses + 3; ++i) {
    text += (i ? "," : "") + std::string(R"({"licenses":[{"license":{"name":"Custom )") +
            std::to_string(i) + R"("}}]})";
  }
  SbomSummary s = Parse(text + "]}");
  EXPECT_EQ(s.components, kMaxDistinctLicenses + 3);
  EXPECT_EQ(s.licenses_distinct, kMaxDistinctLicenses);
  EXPECT_TRUE(s.licenses_distinct_capped);
  EXPECT_EQ(s.components_without_license, 0u);
  EXPECT_EQ(s.ToJson()["licenses_distinct_capped"], true);
}

TEST(Sbom, ToolsAreCappedWithTheirDistinctTotal) {
  std::string tools;
  for (int i = 0; i < 25; ++i) {
    tools += (i ? "," : "") + std::string(R"({"name":"tool-)") + std::to_string(i % 23) + "\"}";
  }
  SbomSummary s = Parse(R"({"bomFormat":"CycloneDX","specVersion":"1.4","metadata":{"tools":[)" +
                        tools + "]}}");
  ASSERT_EQ(s.tools.size(), kMaxSbomTools);
  EXPECT_EQ(s.tools[19], "tool-19");
  EXPECT_EQ(s.tools_total, 23u);
  EXPECT_EQ(s.ToJson()["tools_total"], 23);
}

TEST(Sbom, ToJsonNamesEveryField) {
  SbomSummary s;
  s.format = "cyclonedx";
  s.spec_version = "1.6";
  s.components = 12;
  s.tools = {"syft"};
  s.tools_total = 1;
  s.licenses_distinct = 2;
  s.top_licenses = {{"MIT", 7}, {"Apache-2.0", 3}};
  s.licenses_unknown = 1;
  s.components_without_license = 2;
  s.vulnerabilities = 3;
  s.by_severity.critical = 1;
  s.by_severity.low = 1;
  s.by_severity.unknown = 1;
  s.purls = 10;
  EXPECT_EQ(s.ToJson().dump(),
            R"({"components":12,"components_without_license":2,"files":0,)"
            R"("format":"cyclonedx","licenses":{"distinct":2,"top":[{"count":7,"id":"MIT"},)"
            R"({"count":3,"id":"Apache-2.0"}],"unknown":1},"purls":10,"spec_version":"1.6",)"
            R"("tools":["syft"],"vulnerabilities":{"by_severity":{"critical":1,"high":0,)"
            R"("info":0,"low":1,"medium":0,"none":0,"unknown":1},"total":3}})");
}

}  // namespace
}  // namespace proofline::evidence
