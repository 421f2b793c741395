// How a sensitive value is shown (masked) and identified (fingerprinted), shared by every scanner
// and output format so the value itself is never printed and baselines survive line moves.
#pragma once

#include <string>
#include <string_view>

#include "scan/finding.h"

namespace proofline::scan {

// At most the first 4 bytes of `value` (fewer for short values: a quarter of its length), as
// printable ASCII, then "****". "ghp_abc...xyz" -> "ghp_****".
std::string MaskValue(std::string_view value);

// Lowercase hex SHA-256 of `value` (Finding::secret_sha256).
std::string ValueSha256(std::string_view value);

// The SARIF partialFingerprints "proofline/v1" of a finding and the key baselines match:
// hex SHA-256 of rule_id + ":" + secret_sha256. Independent of path, line and column.
std::string Fingerprint(const Finding& f);

}  // namespace proofline::scan
