// Secret-detection rules in the gitleaks TOML format (gitleaks v8.21+), so teams bring the
// configs they already have; our own default rule set is written in the same format and compiled
// into the binary.
//
// Accepted (keys compared case-insensitively, as gitleaks' viper does):
//   title, description, minVersion                       informational
//   [extend] useDefault | path, disabledRules            merge a base config (at most 2 deep):
//       a rule id of the base that the file redefines keeps the base's fields the file leaves
//       empty; tags, keywords and allowlists are appended; `path` is read as given (relative to
//       the working directory, as gitleaks does); `url` is refused (unimplemented upstream too)
//   [[rules]] id, description, regex, path, secretGroup, entropy, keywords, tags, severity
//       `severity` (note|low|medium|high|critical, default high) is a Proofline extension;
//       `[[rules.required]]` / `skipReport` (composite rules) are refused as unsupported
//   [[rules.allowlists]] or the older [rules.allowlist] (not both in one rule)
//   [[allowlists]] (may name targetRules) or the older [allowlist] (not both)
//       description, condition (OR|AND, "||"|"&&"), regexTarget (secret|match|line), regexes,
//       paths, stopwords, commits. Commits are accepted but never match (a note says so): a
//       scan of files has no commit, and --git scans a range as one change.
// Anything else (an unknown key, a wrong type, a regex RE2 refuses, a secretGroup beyond the
// regex's groups, an empty allowlist) is InvalidArgument "FILE:LINE: ...".
//
// Regexes are Go RE2 syntax, which RE2 accepts as is; they are compiled with RE2's Latin-1
// encoding: every byte is one character, so files that are not UTF-8 are scanned byte for byte
// (\w, \b, \s and (?i) are ASCII-only in both Go and RE2, so ASCII patterns mean the same).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "scan/finding.h"

namespace proofline::scan {

enum class AllowCondition { kOr, kAnd };
enum class RegexTarget { kSecret, kMatch, kLine };

struct Allowlist {
  std::string description;
  AllowCondition condition = AllowCondition::kOr;
  RegexTarget target = RegexTarget::kSecret;
  std::vector<std::string> regexes;
  std::vector<std::string> paths;
  std::vector<std::string> stopwords;     // lowercased
  std::vector<std::string> commits;       // kept for the record; never match
  std::vector<std::string> target_rules;  // global allowlists only: the rules it applies to
};

struct SecretRule {
  std::string id, description;
  std::string regex;  // empty for a path-only rule
  std::string path;   // regex on the file path; empty for any file
  int secret_group = 0;
  double entropy = 0;                 // 0: no threshold; else Shannon entropy must exceed it
  std::vector<std::string> keywords;  // lowercased
  std::vector<std::string> tags;
  std::vector<Allowlist> allowlists;
  Severity severity = Severity::kHigh;
  std::string origin;  // "FILE:LINE" of its [[rules]] table, for messages
};

struct SecretRuleSet {
  std::vector<SecretRule> rules;      // in file order, then rules added by [extend]
  std::vector<Allowlist> allowlists;  // global ones (targetRules already moved to their rules)
  std::vector<std::string> notes;     // things accepted but not applied, one line each
  std::string sources_sha256;         // of every TOML text read, in order: a cache key
};

// Parses gitleaks TOML `text`; `name` stands for the file in messages. [extend] path is read
// from disk. InvalidArgument "NAME:LINE: ..." listing every problem found (joined by "; ").
Result<SecretRuleSet> ParseGitleaksConfig(std::string_view text, const std::string& name);
// Reads and parses the file at `path`. NotFound when it does not exist.
Result<SecretRuleSet> LoadGitleaksConfigFile(const std::string& path);

// Proofline's own default rules (default_secrets.toml, compiled in) and their parse.
std::string_view DefaultSecretRulesToml();
Result<SecretRuleSet> DefaultSecretRules();

}  // namespace proofline::scan
