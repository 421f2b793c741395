// Fuzzes the SARIF summariser (strict JSON DOM underneath): any input must either parse into a
// summary whose counts add up and serialise canonically, or fail with InvalidArgument.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/json.h"
#include "evidence/sarif.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Result<evidence::SarifSummary> s = evidence::ParseSarif(in, "fuzz.sarif");
  if (!s.ok()) {
    if (s.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (s->error + s->warning + s->note + s->none != s->results) std::abort();
  if (s->critical + s->high + s->medium + s->low > s->results) std::abort();
  if (s->top_rules.size() > evidence::kMaxTopRules || s->tools.size() > evidence::kMaxTools) {
    std::abort();
  }
  uint64_t ranked = 0;
  for (const auto& [rule, count] : s->top_rules) ranked += count;
  if (ranked > s->results) std::abort();
  // The summary goes into a ledger event, which must have a canonical form.
  if (!CanonicalJson(s->ToJson()).ok()) std::abort();
  return 0;
}
