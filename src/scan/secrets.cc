// The secrets engine (see secrets.h): Vectorscan finds keyword windows in one pass, RE2 confirms
// each window and extracts the secret, then entropy and allowlists decide as gitleaks does.
#include "scan/secrets.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>

#include "scan/db_cache.h"
#include "scan/fingerprint.h"
#include "scan/regex_options.h"
#include "scan/vectorscan.h"

namespace proofline::scan {

struct CompiledAllowlist {
  AllowCondition condition = AllowCondition::kOr;
  RegexTarget target = RegexTarget::kSecret;
  std::unique_ptr<re2::RE2> regexes;  // the alternation of all; null when none
  std::unique_ptr<re2::RE2> paths;
  std::vector<std::string> stopwords;
  bool has_commits = false;
};

struct CompiledRule {
  SecretRule rule;
  std::unique_ptr<re2::RE2> regex, path;
  std::vector<CompiledAllowlist> allowlists;
  bool whole_file = false;  // no keyword anchors and no prefilter: RE2 over the whole file
};

// A stage-1 pattern: a keyword of a rule, or a rule's prefilter.
struct PatternMeta {
  uint32_t rule = 0;
  uint32_t length = 0;  // keyword length; 0 for a prefilter
};

struct SecretsScanner::Compiled {
  std::vector<CompiledRule> rules;
  std::vector<CompiledAllowlist> global;
  std::unique_ptr<HsDatabase> db;  // null when no rule has anchors
  std::vector<PatternMeta> patterns;
  bool needs_line = false;  // some allowlist targets the line
};

namespace {

struct Window {
  uint64_t begin = 0, end = 0;
};

Result<std::unique_ptr<re2::RE2>> CompileAlternation(const std::vector<std::string>& regexes,
                                                     const std::string& where) {
  if (regexes.empty()) return std::unique_ptr<re2::RE2>();
  std::string joined;
  for (const std::string& r : regexes) joined += (joined.empty() ? "(?:" : "|(?:") + r + ")";
  auto re = std::make_unique<re2::RE2>(joined, SecretRegexOptions());
  if (!re->ok()) return InvalidArgument(where + ": invalid allowlist regex: " + re->error());
  return re;
}

Result<CompiledAllowlist> CompileAllowlist(const Allowlist& a, const std::string& where) {
  CompiledAllowlist c;
  c.condition = a.condition;
  c.target = a.target;
  ASSIGN_OR_RETURN(c.regexes, CompileAlternation(a.regexes, where));
  ASSIGN_OR_RETURN(c.paths, CompileAlternation(a.paths, where));
  c.stopwords = a.stopwords;
  c.has_commits = !a.commits.empty();
  return c;
}

Result<CompiledRule> CompileRule(const SecretRule& r) {
  CompiledRule c;
  c.rule = r;
  if (!r.regex.empty()) {
    c.regex = std::make_unique<re2::RE2>(r.regex, SecretRegexOptions());
    if (!c.regex->ok()) return InvalidArgument(r.origin + ": invalid regex: " + c.regex->error());
  }
  if (!r.path.empty()) {
    c.path = std::make_unique<re2::RE2>(r.path, SecretRegexOptions());
    if (!c.path->ok()) return InvalidArgument(r.origin + ": invalid path: " + c.path->error());
  }
  for (const Allowlist& a : r.allowlists) {
    ASSIGN_OR_RETURN(CompiledAllowlist ca, CompileAllowlist(a, r.origin));
    c.allowlists.push_back(std::move(ca));
  }
  return c;
}

bool Matches(const re2::RE2* re, std::string_view s) {
  return re != nullptr && re2::RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re);
}

bool ContainsStopword(const CompiledAllowlist& a, std::string_view secret) {
  if (a.stopwords.empty()) return false;
  std::string lower(secret);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return std::any_of(a.stopwords.begin(), a.stopwords.end(),
                     [&](const std::string& w) { return lower.find(w) != std::string::npos; });
}

// gitleaks' checkCommitOrPathAllowed: may the whole file be skipped for these allowlists?
bool PathAllowed(const std::vector<CompiledAllowlist>& lists, std::string_view path) {
  for (const CompiledAllowlist& a : lists) {
    bool path_ok = Matches(a.paths.get(), path);
    if (a.condition == AllowCondition::kAnd) {
      // Content checks come later; commits never match a file scan.
      if (a.regexes || !a.stopwords.empty() || a.has_commits || !a.paths) continue;
      if (path_ok) return true;
    } else if (path_ok) {
      return true;
    }
  }
  return false;
}

struct Candidate {
  std::string_view path, secret, match, line;
};

// gitleaks' checkFindingAllowed.
bool FindingAllowed(const std::vector<CompiledAllowlist>& lists, const Candidate& c) {
  for (const CompiledAllowlist& a : lists) {
    std::string_view target = a.target == RegexTarget::kMatch  ? c.match
                              : a.target == RegexTarget::kLine ? c.line
                                                               : c.secret;
    bool regex_ok = Matches(a.regexes.get(), target);
    bool stop_ok = ContainsStopword(a, c.secret);
    if (a.condition == AllowCondition::kOr) {
      if (regex_ok || stop_ok) return true;
      continue;
    }
    bool all = !a.has_commits;
    if (a.paths) all = all && Matches(a.paths.get(), c.path);
    if (a.regexes) all = all && regex_ok;
    if (!a.stopwords.empty()) all = all && stop_ok;
    if (all) return true;
  }
  return false;
}

// The line(s) around [begin, end), at most 4 KiB each way (a minified file is one long line).
std::string_view LineAround(std::string_view content, uint64_t begin, uint64_t end) {
  constexpr uint64_t kMaxReach = 4096;
  uint64_t lo = begin;
  while (lo > 0 && begin - lo < kMaxReach && content[lo - 1] != '\n') --lo;
  uint64_t hi = end;
  while (hi < content.size() && hi - end < kMaxReach && content[hi] != '\n') ++hi;
  return content.substr(lo, hi - lo);
}

// The secret of a match: the secretGroup, else the first non-empty group, else the match.
re2::StringPiece SecretOf(const CompiledRule& r, const std::vector<re2::StringPiece>& g) {
  if (g.size() < 2) return g[0];
  if (r.rule.secret_group > 0) return g[static_cast<size_t>(r.rule.secret_group)];
  for (size_t i = 1; i < g.size(); ++i) {
    if (!g[i].empty()) return g[i];
  }
  return g[0];
}

Status BuildDatabase(SecretsScanner::Compiled* c, const HsDatabaseCache& cache,
                     CacheOutcome* outcome) {
  std::vector<HsPattern> patterns;
  for (size_t i = 0; i < c->rules.size(); ++i) {
    const SecretRule& r = c->rules[i].rule;
    if (r.regex.empty()) continue;
    bool anchored =
        !r.keywords.empty() && std::none_of(r.keywords.begin(), r.keywords.end(),
                                            [](const std::string& k) { return k.empty(); });
    if (anchored) {
      for (const std::string& k : r.keywords) {
        patterns.push_back({HsLiteral(k), kHsCaseless});
        c->patterns.push_back({static_cast<uint32_t>(i), static_cast<uint32_t>(k.size())});
      }
    } else {
      patterns.push_back({r.regex, kHsPrefilter | kHsSingleMatch});
      c->patterns.push_back({static_cast<uint32_t>(i), 0});
    }
  }
  // A prefilter Vectorscan refuses (Go syntax it lacks, a regex matching the empty string) is
  // dropped: its rule runs RE2 over every file instead.
  while (!patterns.empty()) {
    size_t bad = patterns.size();
    Result<std::unique_ptr<HsDatabase>> db = cache.Compile(patterns, &bad, outcome);
    if (db.ok()) {
      c->db = std::move(*db);
      return OkStatus();
    }
    if (bad >= patterns.size() || c->patterns[bad].length != 0) {
      return Internal("vectorscan refused a keyword: " + db.status().message());
    }
    c->rules[c->patterns[bad].rule].whole_file = true;
    patterns.erase(patterns.begin() + static_cast<long>(bad));
    c->patterns.erase(c->patterns.begin() + static_cast<long>(bad));
  }
  return OkStatus();
}

RuleInfo InfoOf(const SecretRule& r) {
  RuleInfo info;
  info.id = r.id;
  info.name = r.id;
  info.description = r.description.empty() ? r.id : r.description;
  info.severity = r.severity;
  info.security_severity = SecuritySeverity(r.severity);
  info.tags = r.tags;
  return info;
}

}  // namespace

SecretsScanner::~SecretsScanner() = default;

Result<std::unique_ptr<SecretsScanner>> SecretsScanner::Create(SecretRuleSet rules,
                                                               const HsDatabaseCache& cache) {
  auto compiled = std::make_unique<Compiled>();
  std::unique_ptr<SecretsScanner> s(new SecretsScanner());
  for (const SecretRule& r : rules.rules) {
    ASSIGN_OR_RETURN(CompiledRule cr, CompileRule(r));
    compiled->rules.push_back(std::move(cr));
    s->infos_.push_back(InfoOf(r));
  }
  for (const Allowlist& a : rules.allowlists) {
    ASSIGN_OR_RETURN(CompiledAllowlist ca, CompileAllowlist(a, "global allowlist"));
    compiled->global.push_back(std::move(ca));
  }
  auto targets_line = [](const CompiledAllowlist& a) { return a.target == RegexTarget::kLine; };
  compiled->needs_line =
      std::any_of(compiled->global.begin(), compiled->global.end(), targets_line);
  for (const CompiledRule& r : compiled->rules) {
    compiled->needs_line =
        compiled->needs_line || std::any_of(r.allowlists.begin(), r.allowlists.end(), targets_line);
  }
  RETURN_IF_ERROR(BuildDatabase(compiled.get(), cache, &s->cache_outcome_));
  s->compiled_ = std::move(compiled);
  s->notes_ = std::move(rules.notes);
  return s;
}

void SecretsScanner::Scan(std::string_view path, std::string_view content,
                          std::vector<Finding>& out) const {
  ScanStats ignored;
  ScanCounted(path, content, out, &ignored);
}

namespace {

struct RuleScan {
  const SecretsScanner::Compiled& c;
  const CompiledRule& rule;
  std::string_view path, content;
  std::vector<Finding>& out;
  ScanStats* stats;

  void Evaluate(const std::vector<re2::StringPiece>& g) {
    re2::StringPiece secret = SecretOf(rule, g);
    if (secret.empty() || secret.data() == nullptr) return;
    std::string_view s(secret.data(), secret.size());
    if (rule.rule.entropy != 0 && ShannonEntropy(s) <= rule.rule.entropy) return;
    uint64_t begin = static_cast<uint64_t>(secret.data() - content.data());
    uint64_t end = begin + secret.size();
    uint64_t mb = static_cast<uint64_t>(g[0].data() - content.data());
    Candidate cand{path, s, std::string_view(g[0].data(), g[0].size()), {}};
    if (c.needs_line) cand.line = LineAround(content, mb, mb + g[0].size());
    if (FindingAllowed(c.global, cand) || FindingAllowed(rule.allowlists, cand)) return;
    Finding f;
    f.rule_id = rule.rule.id;
    f.path = std::string(path);
    f.begin = begin;
    f.end = end;
    f.severity = rule.rule.severity;
    f.masked = MaskValue(s);
    f.secret_sha256 = ValueSha256(s);
    f.message =
        (rule.rule.description.empty() ? rule.rule.id : rule.rule.description) + ": " + f.masked;
    out.push_back(std::move(f));
  }

  // Every match of the rule's regex inside `w`, the whole content as context.
  void Confirm(Window w) {
    ++stats->windows;
    int n = 1 + rule.regex->NumberOfCapturingGroups();
    std::vector<re2::StringPiece> g(static_cast<size_t>(n));
    re2::StringPiece text(content.data(), content.size());
    uint64_t pos = w.begin;
    while (pos <= w.end) {
      ++stats->regex_calls;
      if (!rule.regex->Match(text, pos, w.end, re2::RE2::UNANCHORED, g.data(), n)) {
        stats->regex_bytes += w.end - pos;
        return;
      }
      uint64_t mb = static_cast<uint64_t>(g[0].data() - content.data());
      uint64_t me = mb + g[0].size();
      stats->regex_bytes += me - pos;
      ++stats->matches;
      Evaluate(g);
      pos = me > mb ? me : me + 1;
    }
  }
};

void AddWindow(std::vector<Window>& windows, Window w) {
  if (!windows.empty() && w.begin <= windows.back().end) {
    windows.back().begin = std::min(windows.back().begin, w.begin);
    windows.back().end = std::max(windows.back().end, w.end);
  } else {
    windows.push_back(w);
  }
}

bool IsGeneric(const std::string& rule_id) {
  std::string lower(rule_id);
  for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return lower.find("generic") != std::string::npos;
}

// gitleaks' filter(): a finding of a "generic" rule whose secret lies within a finding of a
// specific rule is dropped (the specific rule says more). Sweep in begin order: O(n log n).
void DropGenericDuplicates(std::vector<Finding>& out, size_t first) {
  std::vector<size_t> order;
  for (size_t i = first; i < out.size(); ++i) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (out[a].begin != out[b].begin) return out[a].begin < out[b].begin;
    return IsGeneric(out[a].rule_id) < IsGeneric(out[b].rule_id);  // specific first
  });
  std::vector<bool> drop(out.size(), false);
  uint64_t specific_end = 0;
  bool any_specific = false;
  for (size_t i : order) {
    if (!IsGeneric(out[i].rule_id)) {
      specific_end = any_specific ? std::max(specific_end, out[i].end) : out[i].end;
      any_specific = true;
    } else if (any_specific && out[i].end <= specific_end) {
      drop[i] = true;
    }
  }
  size_t kept = first;
  for (size_t i = first; i < out.size(); ++i) {
    if (drop[i]) continue;
    if (kept != i) out[kept] = std::move(out[i]);
    ++kept;
  }
  out.resize(kept);
}

}  // namespace

void SecretsScanner::ScanCounted(std::string_view path, std::string_view content,
                                 std::vector<Finding>& out, ScanStats* stats) const {
  const Compiled& c = *compiled_;
  if (PathAllowed(c.global, path)) return;
  const size_t first = out.size();
  const uint64_t size = content.size();
  std::vector<std::vector<Window>> windows(c.rules.size());
  std::vector<bool> whole(c.rules.size(), false);
  if (c.db && !content.empty()) {
    Status scanned = c.db->Scan(content, [&](unsigned id, uint64_t to) {
      const PatternMeta& m = c.patterns[id];
      ++stats->anchor_hits;
      if (m.length == 0) {
        whole[m.rule] = true;
        return;
      }
      uint64_t from = to - m.length;
      AddWindow(windows[m.rule], {from > kWindowBefore ? from - kWindowBefore : 0,
                                  std::min(size, to + kWindowAfter)});
    });
    // Stage 1 failing (scratch allocation) must not hide secrets: fall back to RE2 everywhere.
    if (!scanned.ok()) whole.assign(c.rules.size(), true);
  }
  for (size_t i = 0; i < c.rules.size(); ++i) {
    const CompiledRule& r = c.rules[i];
    if (r.path && !Matches(r.path.get(), path)) continue;
    if (PathAllowed(r.allowlists, path)) continue;
    if (!r.regex) {
      Finding f;
      f.rule_id = r.rule.id;
      f.path = std::string(path);
      f.severity = r.rule.severity;
      f.secret_sha256 = ValueSha256(path);
      f.masked = "(file)";
      f.message = (r.rule.description.empty() ? r.rule.id : r.rule.description) +
                  ": file detected by its path";
      out.push_back(std::move(f));
      continue;
    }
    RuleScan scan{c, r, path, content, out, stats};
    if (r.whole_file || whole[i]) {
      scan.Confirm({0, size});
    } else {
      for (Window w : windows[i]) scan.Confirm(w);
    }
  }
  DropGenericDuplicates(out, first);
}

double ShannonEntropy(std::string_view s) {
  if (s.empty()) return 0;
  uint64_t counts[256] = {};
  for (unsigned char ch : s) ++counts[ch];
  double entropy = 0;
  const double n = static_cast<double>(s.size());
  for (uint64_t count : counts) {
    if (count == 0) continue;
    double p = static_cast<double>(count) / n;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

}  // namespace proofline::scan
