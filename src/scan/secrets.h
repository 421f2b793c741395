// The secrets scanner: gitleaks-format rules run by a two-stage engine.
//
// Stage 1 (Vectorscan, one pass over the file): every rule keyword is a caseless literal of one
// database; a keyword hit at [k, k+len) opens the candidate window [k - 256, k + len + 8192) for
// its rule (8 KiB ahead covers a PEM block of an RSA-4096 key). Overlapping windows of a rule
// merge. A rule without keywords is tried on the whole file, or, when Vectorscan accepts its regex
// in prefilter mode, only on files where that prefilter matches.
// Stage 2 (RE2, Latin-1): each window is searched for the rule's regex (with the whole file as
// context, so \b and ^ see the bytes around the window); each match yields the secret (the
// secretGroup, else the first non-empty group, else the match), then, as gitleaks does: entropy
// must exceed the rule's threshold, then the global and the rule's allowlists (regexTarget,
// stopwords on the secret, condition AND/OR) must not allow it.
// As gitleaks' filter(), a finding of a rule whose id contains "generic" is dropped when a
// finding of another rule covers its secret (the specific rule says more).
// Difference from gitleaks, stated: a keyword counts only near a match (within 256 bytes after
// its start or 8 KiB before it), not anywhere in the file.
//
// Work is linear in the file: windows are disjoint after merging, Vectorscan is one pass and
// RE2 guarantees linear-time matching; ScanStats counts what stage 2 did so tests can bound it.
// A finding's span is the secret's (the match's when the secret is the whole match).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "scan/db_cache.h"
#include "scan/finding.h"
#include "scan/gitleaks_config.h"

namespace proofline::scan {

inline constexpr uint64_t kWindowBefore = 256;
inline constexpr uint64_t kWindowAfter = 8192;

struct ScanStats {
  uint64_t anchor_hits = 0;  // keyword hits reported by stage 1
  uint64_t windows = 0;      // merged windows searched by RE2
  uint64_t regex_calls = 0;  // RE2 searches (one per match found, one per window end)
  uint64_t regex_bytes = 0;  // sum over searches of (where it stopped - where it started)
  uint64_t matches = 0;      // regex matches before entropy and allowlists
};

class SecretsScanner : public Scanner {
 public:
  // Compiles every regex, and the Vectorscan database once (or loads it from `cache`).
  // InvalidArgument naming the rule's FILE:LINE if a regex does not compile
  // (ParseGitleaksConfig has already checked them).
  static Result<std::unique_ptr<SecretsScanner>> Create(
      SecretRuleSet rules, const HsDatabaseCache& cache = HsDatabaseCache(""));
  ~SecretsScanner() override;

  std::string_view Name() const override { return "secrets"; }
  const std::vector<RuleInfo>& Rules() const override { return infos_; }
  void Scan(std::string_view path, std::string_view content,
            std::vector<Finding>& out) const override;
  // The same, adding what the engine did to `stats`.
  void ScanCounted(std::string_view path, std::string_view content, std::vector<Finding>& out,
                   ScanStats* stats) const;

  // Lines about what the configuration states but the engine does not apply.
  const std::vector<std::string>& notes() const { return notes_; }
  // Whether the Vectorscan database came from the cache.
  CacheOutcome cache_outcome() const { return cache_outcome_; }

  struct Compiled;  // the compiled rules (secrets.cc)

 private:
  SecretsScanner() = default;
  std::vector<RuleInfo> infos_;
  std::vector<std::string> notes_;
  std::unique_ptr<Compiled> compiled_;
  CacheOutcome cache_outcome_ = CacheOutcome::kDisabled;
};

// Shannon entropy of `s` in bits per byte.
double ShannonEntropy(std::string_view s);

}  // namespace proofline::scan
