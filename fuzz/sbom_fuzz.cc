// Fuzzes the SBOM summariser (streamed nlohmann SAX underneath): any input must either parse into
// a summary whose counts add up and serialise canonically, or fail with InvalidArgument.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/json.h"
#include "evidence/sbom.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Result<evidence::SbomSummary> s = evidence::ParseSbom(in, "fuzz.json");
  if (!s.ok()) {
    if (s.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  bool cyclonedx = s->format == "cyclonedx";
  if (!cyclonedx && s->format != "spdx") std::abort();
  if (cyclonedx ? s->files != 0 : s->vulnerabilities != 0) std::abort();
  const evidence::SbomSeverities& v = s->by_severity;
  if (v.critical + v.high + v.medium + v.low + v.info + v.none + v.unknown != s->vulnerabilities) {
    std::abort();
  }
  if (s->purls > s->components || s->components_without_license > s->components ||
      s->licenses_unknown > s->components_without_license) {
    std::abort();
  }
  if (s->tools.size() > evidence::kMaxSbomTools || s->tools.size() > s->tools_total ||
      s->top_licenses.size() > evidence::kMaxTopLicenses ||
      s->top_licenses.size() > s->licenses_distinct ||
      s->licenses_distinct > evidence::kMaxDistinctLicenses) {
    std::abort();
  }
  uint64_t previous = UINT64_MAX;
  for (const auto& [id, count] : s->top_licenses) {
    // Each id counts a component at most once, and the list is ordered by count.
    if (id.empty() || count == 0 || count > s->components || count > previous) std::abort();
    previous = count;
  }
  // The summary goes into a ledger event, which must have a canonical form.
  if (!CanonicalJson(s->ToJson()).ok()) std::abort();
  return 0;
}
