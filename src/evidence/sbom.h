// Software bills of materials: CycloneDX JSON 1.4 to 1.7, and later 1.x read the same way (a
// minor version only adds fields, which are skipped; the summary names the version) (syft,
// cdxgen, Trivy, cyclonedx-npm, the CycloneDX build plugins) and SPDX 2.3 JSON (syft, Trivy,
// GitHub's dependency graph export). SPDX 2.2 JSON is accepted too: its JSON fields are the
// ones 2.3 uses for everything counted here. XML, SPDX tag-value and RDF are refused (JSON only),
// and so are CycloneDX before 1.4 (no vulnerabilities) and SPDX 3 (JSON-LD, another model).
//
// The format is decided by the root object, whatever its key order: bomFormat "CycloneDX" with a
// specVersion, else spdxVersion. What is counted:
//   components  CycloneDX: the objects of `components`, nested `components` included at any depth;
//               never metadata.component (the subject of the BOM) nor the tool components of
//               metadata.tools. SPDX: every object of `packages`; its `files` are counted apart.
//   tools       CycloneDX metadata.tools `name`s, in the 1.4 shape (an array of {vendor, name,
//               version}) and the 1.5+ shape ({components: [...], services: [...]}); SPDX
//               creationInfo.creators "Tool: NAME-VERSION" entries, the version cut off at the
//               first "-" followed by a digit or by "v"/"V" and a digit ("Tool: syft-v1.0.1").
//   licenses    per component, CycloneDX licenses[]: `expression`, else license.id, else
//               license.name (an expression is one id, kept whole: "MIT OR Apache-2.0" says
//               something neither MIT nor Apache-2.0 says); SPDX: licenseConcluded unless it is
//               absent or NOASSERTION, else licenseDeclared (syft concludes nothing and declares
//               what the package says). An id counts once per component. "NOASSERTION" and
//               "NONE" are not ids: a component with nothing else is without licence AND
//               counted in `unknown`; one with no licence field at all is only without licence.
//   vulnerabilities  CycloneDX vulnerabilities[] (SPDX 2.x has none): each counted once, at
//               the highest ratings[].severity it has (critical > high > medium > low > info >
//               none > unknown; case-insensitive); no rating with a known severity is unknown.
//   purls       components with a non-empty `purl` (CycloneDX), packages with an externalRefs
//               entry whose referenceType is "purl" (SPDX).
// Fields of the wrong type count as absent. The document is streamed (json_stream.h): no
// component is ever held, only counters, one small record per open nested component, and a map
// of at most kMaxDistinctLicenses licence ids. Duplicate keys among the fields read are errors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/files.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kMaxTopLicenses = 20;
inline constexpr size_t kMaxDistinctLicenses = 10000;  // distinct ids tracked; more are counted
                                                       // as licensed but not by id
inline constexpr size_t kMaxSbomTools = 20;
inline constexpr size_t kMaxSbomNameBytes = 256;  // longer ids and names are cut (UTF-8 safe)

struct SbomSeverities {
  uint64_t critical = 0, high = 0, medium = 0, low = 0, info = 0, none = 0, unknown = 0;
};

struct SbomSummary {
  std::string format;              // "cyclonedx" or "spdx"
  std::string spec_version;        // "1.4" ... "1.7" and later 1.x; "2.2", "2.3"
  uint64_t components = 0;         // CycloneDX components, nested ones included; SPDX packages
  uint64_t files = 0;              // SPDX files; 0 for CycloneDX
  std::vector<std::string> tools;  // distinct names in order, the first kMaxSbomTools
  uint64_t tools_total = 0;        // distinct names (at most kMaxDistinctLicenses are told apart)
  uint64_t licenses_distinct = 0;  // distinct licence ids, at most kMaxDistinctLicenses
  bool licenses_distinct_capped = false;  // more distinct ids than that were seen
  // The kMaxTopLicenses ids carried by the most components (ties by id), with those counts.
  std::vector<std::pair<std::string, uint64_t>> top_licenses;
  uint64_t licenses_unknown = 0;            // components whose licence is NOASSERTION/NONE
  uint64_t components_without_license = 0;  // components with no licence id (unknown included)
  uint64_t vulnerabilities = 0;
  SbomSeverities by_severity;  // adds up to `vulnerabilities`
  uint64_t purls = 0;          // components with a package URL
  uint64_t cut_strings = 0;    // strings cut at kMaxJsonStringBytes as they were read

  // {format, spec_version, components, files, tools[, tools_total when more than fit],
  //  licenses {distinct, top [{id, count}], unknown}[, licenses_distinct_capped: true],
  //  components_without_license, vulnerabilities {total, by_severity {critical, high, medium,
  //  low, info, none, unknown}}, purls[, cut_strings when any]}: the `summary` of evidence
  //  events.
  Json ToJson() const;
};

// Parses the SBOM at `path`, streaming it (bounded memory whatever its size). NotFound for a
// missing file, Io for a read failure; InvalidArgument "PATH: ... at byte N" for malformed or
// truncated JSON, "PATH: not JSON: ..." for an XML document, "PATH: CycloneDX specVersion ..." or
// "PATH: SPDX version ..." for a version not read here, and "PATH: not a CycloneDX 1.4+ or
// SPDX 2.3 JSON SBOM" for any other JSON. `digest`, when given, receives the SHA-256 and size of
// the bytes parsed.
Result<SbomSummary> ParseSbomFile(const std::string& path, StreamDigest* digest = nullptr);
// The same for an in-memory SBOM; `name` stands for the file in messages.
Result<SbomSummary> ParseSbom(std::string_view text, const std::string& name);

}  // namespace proofline::evidence
