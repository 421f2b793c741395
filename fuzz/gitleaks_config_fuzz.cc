// Fuzzes the gitleaks TOML rule reader (toml++ underneath): any input must either parse into a
// rule set the scanner compiles, or fail with InvalidArgument/NotFound (an [extend] path) and a
// message naming the file. Needs proofline_scan (not in fuzz/CMakeLists.txt's link list yet).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "scan/gitleaks_config.h"
#include "scan/secrets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  Result<scan::SecretRuleSet> set = scan::ParseGitleaksConfig(in, "fuzz.toml");
  if (!set.ok()) {
    StatusCode c = set.status().code();
    if (c != StatusCode::kInvalidArgument && c != StatusCode::kNotFound) std::abort();
    if (set.status().message().empty()) std::abort();
    return 0;
  }
  // What the reader accepts, the engine must compile.
  Result<std::unique_ptr<scan::SecretsScanner>> s = scan::SecretsScanner::Create(std::move(*set));
  if (!s.ok()) std::abort();
  std::vector<scan::Finding> out;
  (*s)->Scan("fuzz.txt", in, out);
  return 0;
}
