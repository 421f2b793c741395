// Fuzzes the coverage summariser (Cobertura through expat, LCOV line by line): any input must
// either parse into a summary whose counts and rates are consistent and serialise canonically,
// or fail with InvalidArgument.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "base/json.h"
#include "evidence/coverage.h"

namespace {

bool RateOk(std::optional<double> rate, uint64_t covered, uint64_t valid) {
  if (covered > valid) return false;
  if (valid == 0) return !rate.has_value();
  return rate.has_value() && *rate >= 0 && *rate <= 1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Result<evidence::CoverageSummary> s = evidence::ParseCoverage(in, "fuzz.cov");
  if (!s.ok()) {
    if (s.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (!RateOk(s->line_rate(), s->lines_covered, s->lines_valid) ||
      !RateOk(s->branch_rate(), s->branches_covered, s->branches_valid) ||
      s->functions_covered > s->functions_valid) {
    std::abort();
  }
  if (s->least_covered.size() > evidence::kMaxLeastCoveredFiles ||
      s->least_covered.size() > s->files) {
    std::abort();
  }
  for (const evidence::FileLineCoverage& f : s->least_covered) {
    if (f.lines_valid == 0 || f.lines_covered > f.lines_valid ||
        f.file.size() > evidence::kMaxCoveragePathBytes)
      std::abort();
  }
  // The summary goes into a ledger event, which must have a canonical form.
  if (!CanonicalJson(s->ToJson()).ok()) std::abort();
  return 0;
}
