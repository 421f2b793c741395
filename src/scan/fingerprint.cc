// Masking and fingerprints of sensitive values (see fingerprint.h).
#include "scan/fingerprint.h"

#include "base/crypto.h"
#include "base/text.h"

namespace proofline::scan {

std::string MaskValue(std::string_view value) {
  size_t keep = std::min<size_t>(4, value.size() / 4);
  std::string shown = AsciiExcerpt(value.substr(0, keep), keep);
  return shown + "****";
}

std::string ValueSha256(std::string_view value) { return ToHex(Sha256(AsBytes(value))); }

std::string Fingerprint(const Finding& f) { return ValueSha256(f.rule_id + ":" + f.secret_sha256); }

}  // namespace proofline::scan
