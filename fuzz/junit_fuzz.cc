// Fuzzes the streaming JUnit summariser (expat underneath): any input must either parse into a
// summary whose counts add up and serialise canonically, or fail with InvalidArgument.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/json.h"
#include "evidence/junit.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Result<evidence::JUnitSummary> s = evidence::ParseJUnit(in, "fuzz.xml");
  if (!s.ok()) {
    if (s.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (s->passed + s->failures + s->errors + s->skipped != s->tests) std::abort();
  if (s->flaky > s->passed || s->failed_tests.size() > evidence::kMaxFailedTestNames) std::abort();
  // The summary goes into a ledger event, which must have a canonical form.
  if (!CanonicalJson(s->ToJson()).ok()) std::abort();
  return 0;
}
