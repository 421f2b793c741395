// Fuzzes the PII scanner over arbitrary bytes: every finding must lie inside the content, name a
// listed rule, carry a mask that is not the matched text, a message without it, a SHA-256
// fingerprint and a confidence in 0..1; the work must stay linear in the input. The first byte
// picks the file's kind (a data file, source code, a CSV file with a header), since cards and
// CSV columns are read differently in each.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "scan/pii.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline::scan;
  static const PiiScanner* scanner = [] {
    PiiOptions options;
    options.mrn_format = "[A-Z]{2}\\d{6}";
    options.min_confidence[std::string(kPiiCard)] = 0;  // report every candidate: more to check
    options.min_confidence[std::string(kPiiEmail)] = 0;
    auto s = PiiScanner::Create(options);
    if (!s.ok()) std::abort();
    return std::move(s).value().release();
  }();
  if (size == 0) return 0;
  static constexpr const char* kPaths[] = {"fuzz.txt", "fuzz.c", "fuzz.csv", "fuzz"};
  const char* path = kPaths[data[0] % 4];
  std::string_view in(reinterpret_cast<const char*>(data) + 1, --size);
  std::vector<Finding> out;
  PiiScanStats stats;
  scanner->ScanWithStats(path, in, out, stats);
  if (stats.steps > 32 * size + 64) std::abort();
  for (const Finding& f : out) {
    if (f.begin >= f.end || f.end > size) std::abort();
    const std::string_view slice = in.substr(f.begin, f.end - f.begin);
    if (slice.size() > 4 && f.masked == slice) std::abort();
    if (slice.size() > 4 && f.message.find(slice) != std::string::npos) std::abort();
    if (f.secret_sha256.size() != 64 || f.confidence < 0 || f.confidence > 1) std::abort();
    bool listed = false;
    for (const RuleInfo& r : scanner->Rules()) listed = listed || r.id == f.rule_id;
    if (!listed || f.path != path) std::abort();
  }
  return 0;
}
