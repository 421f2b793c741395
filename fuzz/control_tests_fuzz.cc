// Fuzzes the control-test summariser (a record scanner, then strict JSON per record): any input
// must either parse into a summary whose counts add up, whose lists stay capped and which
// serialises canonically, or fail with InvalidArgument.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/json.h"
#include "evidence/control_tests.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  using evidence::kMaxControlIds;
  using evidence::kMaxControlTextBytes;
  using evidence::kMaxListedControlTests;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Result<evidence::ControlTestsSummary> s = evidence::ParseControlTests(in, "fuzz.jsonl");
  if (!s.ok()) {
    if (s.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (s->tests == 0 || s->passed + s->failed + s->skipped + s->not_applicable != s->tests) {
    std::abort();
  }
  if (s->errors > s->failed) std::abort();
  if (s->controls.size() != std::min<uint64_t>(s->tests, kMaxListedControlTests)) std::abort();
  for (const evidence::ControlTest& c : s->controls) {
    if (c.control_id.empty() || c.control_id.size() > kMaxControlTextBytes ||
        c.test_name.size() > kMaxControlTextBytes) {
      std::abort();
    }
  }
  if (s->by_control.size() > kMaxControlIds) std::abort();
  uint64_t counted = 0;
  for (const auto& [id, n] : s->by_control) {
    counted += n.passed + n.failed + n.skipped + n.not_applicable;
  }
  if (counted > s->tests || (!s->by_control_capped && counted != s->tests)) std::abort();
  // The summary goes into a ledger event, which must have a canonical form.
  if (!CanonicalJson(s->ToJson()).ok()) std::abort();
  return 0;
}
