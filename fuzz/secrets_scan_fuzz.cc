// Fuzzes the secrets engine with the default rules over arbitrary bytes: findings must lie inside
// the input, carry a masked value that is not the secret, and the work RE2 is given must stay
// within a fixed multiple of the input. Needs proofline_scan (not in fuzz/CMakeLists.txt's link
// list yet).
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "scan/fingerprint.h"
#include "scan/secrets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  static const std::unique_ptr<scan::SecretsScanner> scanner =
      std::move(*scan::SecretsScanner::Create(*scan::DefaultSecretRules()));
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<scan::Finding> out;
  scan::ScanStats stats;
  scanner->ScanCounted("fuzz.txt", in, out, &stats);
  for (const scan::Finding& f : out) {
    if (f.begin > f.end || f.end > size) std::abort();
    std::string_view secret = in.substr(f.begin, f.end - f.begin);
    if (secret.size() >= 8 && f.masked.find(secret) != std::string::npos) std::abort();
    if (f.secret_sha256 != scan::ValueSha256(secret)) std::abort();
  }
  if (stats.regex_bytes > 3 * (size + 1) * scanner->Rules().size()) std::abort();
  return 0;
}
