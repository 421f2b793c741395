// Baseline files: audited findings a scan no longer reports, keyed by fingerprint and path so
// they survive edits that move lines (and a secret copied to another file is a new finding).
//
// Format (JSON, written by `scan ... --write-baseline FILE`, edited by people):
//   {"version": 1, "entries": [{"fingerprint": "<64 hex, fingerprint.h>", "rule": "...",
//     "path": "...", "status": "false_positive" | "accepted_risk", "owner": "...",
//     "expires": "YYYY-MM-DD" (optional: never), "note": "..." (optional)}]}
// Unknown fields are refused so a typo ("expiry") cannot silently make an entry permanent.
// An entry suppresses the findings with its fingerprint and path until the end of its expiry
// day (UTC); after that they are reported again and the entry is listed as expired. An entry
// that matches no finding is stale (the secret was removed or the file moved): listed, so the
// baseline gets cleaned.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "scan/finding.h"

namespace proofline::scan {

struct BaselineEntry {
  std::string fingerprint, rule, path;
  std::string status;  // "false_positive" or "accepted_risk"
  std::string owner;
  std::string expires;  // YYYY-MM-DD or empty
  std::string note;
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

// InvalidArgument "NAME: ..." (with "entry N" when one entry is wrong) for anything but the
// format above.
Result<Baseline> ParseBaseline(std::string_view text, const std::string& name);
// NotFound for a missing file.
Result<Baseline> LoadBaseline(const std::string& path);
// The file text (pretty-printed, entries in the given order, trailing newline).
std::string BaselineText(const Baseline& baseline);

struct BaselineMatch {
  // Per finding (same order): the index of the entry suppressing it, if any.
  std::vector<std::optional<size_t>> suppressed_by;
  std::vector<size_t> expired;  // entries that match findings but have expired
  std::vector<size_t> stale;    // entries matching no finding
};

// Matches `findings` against `baseline` on `today` (YYYY-MM-DD, UTC).
BaselineMatch ApplyBaseline(const Baseline& baseline, const std::vector<Finding>& findings,
                            std::string_view today);

// Today's date in UTC (YYYY-MM-DD), and the date `days` later.
std::string TodayUtc(int days_later = 0);

}  // namespace proofline::scan
