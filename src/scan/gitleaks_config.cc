// Reads gitleaks TOML rule files with toml++ (which keeps source lines, so every error names
// FILE:LINE) into SecretRuleSet, and merges [extend] bases the way gitleaks does.
#include "scan/gitleaks_config.h"

#include <re2/re2.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "base/crypto.h"
#include "base/files.h"
#include "base/text.h"
#include "scan/regex_options.h"

namespace proofline::scan {

// Defined in the generated default_secrets.cc (embed_rules.cmake).
extern const char* const kDefaultSecretsToml;

namespace {

constexpr int kMaxExtendDepth = 2;
constexpr size_t kMaxConfigBytes = size_t{8} << 20;

// A rule as one file states it: what an [extend] merge needs to know was set.
struct ParsedRule {
  SecretRule rule;
  bool severity_set = false;
  int regex_groups = 0;  // capture groups of rule.regex (compiled once, when read)
};

struct ParsedFile {
  std::vector<ParsedRule> rules;
  std::vector<Allowlist> allowlists;
  std::vector<std::string> notes;
  bool use_default = false;
  std::string extend_path;
  std::vector<std::string> disabled_rules;
};

// Walks one TOML document, collecting every problem as "NAME:LINE: message".
class Reader {
 public:
  explicit Reader(std::string name) : name_(std::move(name)) {}

  std::vector<std::string>& errors() { return errors_; }

  std::string Where(const toml::source_region& r) const {
    return name_ + ":" + std::to_string(r.begin.line);
  }
  void Error(const toml::source_region& r, const std::string& message) {
    errors_.push_back(Where(r) + ": " + message);
  }

  // Refuses keys not in `allowed` (lowercase); returns the members by lowercase key.
  std::map<std::string, const toml::node*> Members(const toml::table& t,
                                                   std::initializer_list<const char*> allowed,
                                                   const std::string& what) {
    std::map<std::string, const toml::node*> out;
    for (auto&& [key, node] : t) {
      std::string k = AsciiLower(key.str());
      bool known =
          std::any_of(allowed.begin(), allowed.end(), [&](const char* a) { return k == a; });
      if (!known) {
        Error(key.source(), "unknown key '" + std::string(key.str()) + "' in " + what);
      } else if (!out.emplace(k, &node).second) {
        Error(key.source(), "key '" + std::string(key.str()) + "' given twice in " + what);
      }
    }
    return out;
  }

  void String(const std::map<std::string, const toml::node*>& m, const char* key,
              std::string* out) {
    auto it = m.find(key);
    if (it == m.end()) return;
    if (const auto* v = it->second->as_string()) {
      *out = v->get();
    } else {
      Error(it->second->source(), std::string(key) + " must be a string");
    }
  }

  void Strings(const std::map<std::string, const toml::node*>& m, const char* key,
               std::vector<std::string>* out) {
    auto it = m.find(key);
    if (it == m.end()) return;
    const toml::array* a = it->second->as_array();
    if (a == nullptr) {
      Error(it->second->source(), std::string(key) + " must be an array of strings");
      return;
    }
    for (const toml::node& n : *a) {
      if (const auto* v = n.as_string()) {
        out->push_back(v->get());
      } else {
        Error(n.source(), std::string(key) + " must hold strings only");
      }
    }
  }

  void Number(const std::map<std::string, const toml::node*>& m, const char* key, double* out) {
    auto it = m.find(key);
    if (it == m.end()) return;
    if (const auto* i = it->second->as_integer()) {
      *out = static_cast<double>(i->get());
    } else if (const auto* f = it->second->as_floating_point()) {
      *out = f->get();
    } else {
      Error(it->second->source(), std::string(key) + " must be a number");
    }
  }

  void Bool(const std::map<std::string, const toml::node*>& m, const char* key, bool* out) {
    auto it = m.find(key);
    if (it == m.end()) return;
    if (const auto* b = it->second->as_boolean()) {
      *out = b->get();
    } else {
      Error(it->second->source(), std::string(key) + " must be true or false");
    }
  }

  // The tables of `key`: one table (`[x]`) or an array of tables (`[[x]]`).
  std::vector<const toml::table*> Tables(const std::map<std::string, const toml::node*>& m,
                                         const char* key, bool want_array) {
    std::vector<const toml::table*> out;
    auto it = m.find(key);
    if (it == m.end()) return out;
    if (!want_array) {
      if (const toml::table* t = it->second->as_table()) {
        out.push_back(t);
      } else {
        Error(it->second->source(), std::string("[") + key + "] must be a table");
      }
      return out;
    }
    const toml::array* a = it->second->as_array();
    if (a == nullptr) {
      Error(it->second->source(), std::string("[[") + key + "]] must be an array of tables");
      return out;
    }
    for (const toml::node& n : *a) {
      if (const toml::table* t = n.as_table()) {
        out.push_back(t);
      } else {
        Error(n.source(), std::string("[[") + key + "]] must hold tables only");
      }
    }
    return out;
  }

  // Checks `pattern` compiles as the scanner will compile it; returns its capture group count.
  int CheckRegex(const toml::source_region& where, const std::string& what,
                 const std::string& pattern) {
    re2::RE2 re(pattern, SecretRegexOptions());
    if (!re.ok()) {
      Error(where, "invalid " + what + " '" + pattern + "': " + re.error());
      return -1;
    }
    return re.NumberOfCapturingGroups();
  }

  void Regexes(const std::map<std::string, const toml::node*>& m, const char* key,
               std::vector<std::string>* out) {
    Strings(m, key, out);
    auto it = m.find(key);
    for (const std::string& r : *out) CheckRegex(it->second->source(), key, r);
  }

  Allowlist ReadAllowlist(const toml::table& t, bool global, std::vector<std::string>* notes);
  std::optional<ParsedRule> ReadRule(const toml::table& t, std::vector<std::string>* notes);
  ParsedFile ReadRoot(const toml::table& root);

 private:
  std::string name_;
  std::vector<std::string> errors_;
};

Allowlist Reader::ReadAllowlist(const toml::table& t, bool global,
                                std::vector<std::string>* notes) {
  auto m = global ? Members(t,
                            {"description", "condition", "regextarget", "regexes", "paths",
                             "stopwords", "commits", "targetrules"},
                            "allowlist")
                  : Members(t,
                            {"description", "condition", "regextarget", "regexes", "paths",
                             "stopwords", "commits"},
                            "rule allowlist");
  Allowlist a;
  String(m, "description", &a.description);
  std::string condition, target;
  String(m, "condition", &condition);
  String(m, "regextarget", &target);
  std::string c = AsciiLower(condition);
  if (c == "and" || c == "&&") {
    a.condition = AllowCondition::kAnd;
  } else if (!c.empty() && c != "or" && c != "||") {
    Error(m["condition"]->source(), "unknown allowlist condition '" + condition + "' (OR, AND)");
  }
  if (target == "match") {
    a.target = RegexTarget::kMatch;
  } else if (target == "line") {
    a.target = RegexTarget::kLine;
  } else if (!target.empty() && target != "secret") {
    Error(m["regextarget"]->source(),
          "unknown allowlist regexTarget '" + target + "' (secret, match, line)");
  }
  Regexes(m, "regexes", &a.regexes);
  Regexes(m, "paths", &a.paths);
  Strings(m, "stopwords", &a.stopwords);
  for (std::string& w : a.stopwords) w = AsciiLower(w);
  Strings(m, "commits", &a.commits);
  Strings(m, "targetrules", &a.target_rules);
  if (!a.commits.empty()) {
    notes->push_back(Where(t.source()) +
                     ": allowlist commits are ignored (files are scanned, not commits)");
  }
  if (a.regexes.empty() && a.paths.empty() && a.stopwords.empty() && a.commits.empty()) {
    Error(t.source(), "allowlist must contain at least one of commits, paths, regexes, stopwords");
  }
  return a;
}

std::optional<ParsedRule> Reader::ReadRule(const toml::table& t, std::vector<std::string>* notes) {
  auto m = Members(t,
                   {"id", "description", "regex", "path", "secretgroup", "entropy", "keywords",
                    "tags", "severity", "allowlist", "allowlists", "required", "skipreport"},
                   "[[rules]]");
  for (const char* unsupported : {"required", "skipreport"}) {
    if (m.count(unsupported)) {
      Error(m[unsupported]->source(),
            std::string(unsupported) + " (composite rules) is not supported");
    }
  }
  ParsedRule p;
  SecretRule& r = p.rule;
  r.origin = Where(t.source());
  String(m, "id", &r.id);
  String(m, "description", &r.description);
  String(m, "regex", &r.regex);
  String(m, "path", &r.path);
  if (!r.regex.empty()) p.regex_groups = CheckRegex(m["regex"]->source(), "regex", r.regex);
  if (!r.path.empty()) CheckRegex(m["path"]->source(), "path", r.path);
  double group = 0;
  Number(m, "secretgroup", &group);
  if (group < 0 || group > 1000 || group != static_cast<int>(group)) {
    Error(m["secretgroup"]->source(), "secretGroup must be a small non-negative integer");
  }
  r.secret_group = static_cast<int>(std::clamp(group, 0.0, 1000.0));
  Number(m, "entropy", &r.entropy);
  if (r.entropy < 0) Error(m["entropy"]->source(), "entropy must not be negative");
  Strings(m, "keywords", &r.keywords);
  for (std::string& k : r.keywords) k = AsciiLower(k);
  Strings(m, "tags", &r.tags);
  std::string severity;
  String(m, "severity", &severity);
  if (!severity.empty()) {
    Result<Severity> s = ParseSeverity(severity);
    if (s.ok()) {
      r.severity = *s;
      p.severity_set = true;
    } else {
      Error(m["severity"]->source(), s.status().message());
    }
  }
  if (m.count("allowlist") && m.count("allowlists")) {
    Error(t.source(), "[rules.allowlist] cannot be used alongside [[rules.allowlists]]");
  }
  for (const toml::table* a : Tables(m, "allowlist", false)) {
    r.allowlists.push_back(ReadAllowlist(*a, false, notes));
  }
  for (const toml::table* a : Tables(m, "allowlists", true)) {
    r.allowlists.push_back(ReadAllowlist(*a, false, notes));
  }
  return p;
}

ParsedFile Reader::ReadRoot(const toml::table& root) {
  ParsedFile f;
  auto m = Members(
      root, {"title", "description", "minversion", "extend", "rules", "allowlist", "allowlists"},
      "the top level");
  std::string ignored;
  String(m, "title", &ignored);
  String(m, "description", &ignored);
  String(m, "minversion", &ignored);
  for (const toml::table* e : Tables(m, "extend", false)) {
    auto em = Members(*e, {"usedefault", "path", "url", "disabledrules"}, "[extend]");
    Bool(em, "usedefault", &f.use_default);
    String(em, "path", &f.extend_path);
    Strings(em, "disabledrules", &f.disabled_rules);
    if (em.count("url")) Error(em["url"]->source(), "[extend] url is not supported");
    if (f.use_default && !f.extend_path.empty()) {
      Error(e->source(), "[extend] cannot set both useDefault and path");
    }
  }
  for (const toml::table* t : Tables(m, "rules", true)) {
    if (std::optional<ParsedRule> r = ReadRule(*t, &f.notes)) f.rules.push_back(std::move(*r));
  }
  if (m.count("allowlist") && m.count("allowlists")) {
    Error(root.source(), "[allowlist] cannot be used alongside [[allowlists]]");
  }
  for (const toml::table* a : Tables(m, "allowlist", false)) {
    f.allowlists.push_back(ReadAllowlist(*a, true, &f.notes));
  }
  for (const toml::table* a : Tables(m, "allowlists", true)) {
    f.allowlists.push_back(ReadAllowlist(*a, true, &f.notes));
  }
  return f;
}

Status JoinErrors(const std::vector<std::string>& errors) {
  std::string message;
  for (const std::string& e : errors) message += (message.empty() ? "" : "; ") + e;
  return InvalidArgument(message);
}

// gitleaks' extend(): the file's rule overrides the base's non-empty fields; lists are appended.
void MergeInto(const ParsedRule& top, ParsedRule* base) {
  SecretRule& b = base->rule;
  const SecretRule& t = top.rule;
  if (!t.description.empty()) b.description = t.description;
  if (t.entropy != 0) b.entropy = t.entropy;
  if (t.secret_group != 0) b.secret_group = t.secret_group;
  if (!t.regex.empty()) {
    b.regex = t.regex;
    base->regex_groups = top.regex_groups;
  }
  if (!t.path.empty()) b.path = t.path;
  if (top.severity_set) b.severity = t.severity;
  b.tags.insert(b.tags.end(), t.tags.begin(), t.tags.end());
  b.keywords.insert(b.keywords.end(), t.keywords.begin(), t.keywords.end());
  b.allowlists.insert(b.allowlists.end(), t.allowlists.begin(), t.allowlists.end());
  b.origin = t.origin;
}

Result<ParsedFile> ParseLevel(std::string_view text, const std::string& name, int depth,
                              std::string* digest_chain);

Status ApplyExtend(ParsedFile* f, int depth, std::string* digest_chain) {
  if (depth >= kMaxExtendDepth || (!f->use_default && f->extend_path.empty())) return OkStatus();
  std::optional<ParsedFile> base;
  if (f->use_default) {
    ASSIGN_OR_RETURN(base, ParseLevel(DefaultSecretRulesToml(), "default_secrets.toml", depth + 1,
                                      digest_chain));
  } else {
    ASSIGN_OR_RETURN(std::string text, ReadFile(f->extend_path, kMaxConfigBytes));
    ASSIGN_OR_RETURN(base, ParseLevel(text, f->extend_path, depth + 1, digest_chain));
  }
  std::set<std::string> disabled(f->disabled_rules.begin(), f->disabled_rules.end());
  for (ParsedRule& b : base->rules) {
    if (disabled.count(b.rule.id)) continue;
    auto own = std::find_if(f->rules.begin(), f->rules.end(),
                            [&](const ParsedRule& r) { return r.rule.id == b.rule.id; });
    if (own == f->rules.end()) {
      f->rules.push_back(std::move(b));
    } else {
      MergeInto(*own, &b);
      *own = std::move(b);
    }
  }
  f->allowlists.insert(f->allowlists.end(), base->allowlists.begin(), base->allowlists.end());
  f->notes.insert(f->notes.end(), base->notes.begin(), base->notes.end());
  return OkStatus();
}

Result<ParsedFile> ParseLevel(std::string_view text, const std::string& name, int depth,
                              std::string* digest_chain) {
  *digest_chain += ToHex(Sha256(AsBytes(text)));
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return InvalidArgument(name + ":" + std::to_string(e.source().begin.line) + ": " +
                           std::string(e.description()));
  }
  Reader reader(name);
  ParsedFile f = reader.ReadRoot(root);
  if (!reader.errors().empty()) return JoinErrors(reader.errors());
  RETURN_IF_ERROR(ApplyExtend(&f, depth, digest_chain));
  return f;
}

// What gitleaks checks once everything is merged: ids, something to match, groups, targets.
Status Validate(ParsedFile* f) {
  std::vector<std::string> errors;
  std::set<std::string> ids;
  for (const ParsedRule& p : f->rules) {
    const SecretRule& r = p.rule;
    if (r.id.empty()) errors.push_back(r.origin + ": rule id is missing or empty");
    if (!ids.insert(r.id).second) errors.push_back(r.origin + ": rule id '" + r.id + "' repeated");
    if (r.regex.empty() && r.path.empty()) {
      errors.push_back(r.origin + ": rule '" + r.id + "' has neither regex nor path");
    }
    if (!r.regex.empty() && r.secret_group > p.regex_groups) {
      errors.push_back(r.origin + ": rule '" + r.id + "' secretGroup " +
                       std::to_string(r.secret_group) + " but the regex has " +
                       std::to_string(p.regex_groups) + " groups");
    }
  }
  for (const Allowlist& a : f->allowlists) {
    for (const std::string& target : a.target_rules) {
      if (!ids.count(target)) {
        errors.push_back("allowlist targetRules names unknown rule '" + target + "'");
      }
    }
  }
  if (!errors.empty()) return JoinErrors(errors);
  return OkStatus();
}

SecretRuleSet Assemble(ParsedFile f, const std::string& digest_chain) {
  SecretRuleSet set;
  for (ParsedRule& p : f.rules) set.rules.push_back(std::move(p.rule));
  for (Allowlist& a : f.allowlists) {
    if (a.target_rules.empty()) {
      set.allowlists.push_back(std::move(a));
      continue;
    }
    for (SecretRule& r : set.rules) {
      if (std::count(a.target_rules.begin(), a.target_rules.end(), r.id)) {
        r.allowlists.push_back(a);
      }
    }
  }
  set.notes = std::move(f.notes);
  set.sources_sha256 = ToHex(Sha256(AsBytes(digest_chain)));
  return set;
}

}  // namespace

Result<SecretRuleSet> ParseGitleaksConfig(std::string_view text, const std::string& name) {
  std::string digest_chain;
  ASSIGN_OR_RETURN(ParsedFile f, ParseLevel(text, name, 0, &digest_chain));
  RETURN_IF_ERROR(Validate(&f));
  return Assemble(std::move(f), digest_chain);
}

Result<SecretRuleSet> LoadGitleaksConfigFile(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxConfigBytes));
  return ParseGitleaksConfig(text, path);
}

std::string_view DefaultSecretRulesToml() { return kDefaultSecretsToml; }

Result<SecretRuleSet> DefaultSecretRules() {
  return ParseGitleaksConfig(DefaultSecretRulesToml(), "default_secrets.toml");
}

}  // namespace proofline::scan
