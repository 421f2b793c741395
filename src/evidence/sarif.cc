// The SARIF 2.1.0 summariser: a nlohmann SAX handler fed by the shared streamed reader
// (json_stream.h), so only the fields it counts are kept (rules and a compact record per result,
// per run), never the log's messages, locations or snippets.
#include "evidence/sarif.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <iterator>
#include <map>
#include <optional>
#include <unordered_map>

#include "base/text.h"
#include "evidence/json_stream.h"

namespace proofline::evidence {
namespace {

bool IsLevel(const std::string& s) {
  return s == "error" || s == "warning" || s == "note" || s == "none";
}

// GitHub's security-severity written as a string ("9.8"); 0 when unreadable.
double SeverityFromString(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return 0;
  return v;
}

// Where a JSON value sits in a SARIF log, as far as the summary cares.
enum class Role {
  kOther,
  kRoot,
  kRuns,
  kRun,
  kTool,
  kDriver,
  kExtensions,
  kExtension,
  kRules,
  kRule,
  kRuleConfig,
  kRuleProps,
  kResults,
  kResult,
  kResultRule,
  kToolComponent,
  kSuppressions,
  kSuppression,
  kInvocations,
  kInvocation,
  kNotifications,
  kNotification,
};

// The member names the summary reads. A duplicate of one of them in an object the summary reads
// is an error (which one counts would be ambiguous); keys are not kept anywhere else, so a
// 100 MB log costs no allocation per key.
constexpr std::string_view kKnownKeys[] = {"version",
                                           "runs",
                                           "tool",
                                           "results",
                                           "driver",
                                           "extensions",
                                           "name",
                                           "rules",
                                           "id",
                                           "defaultConfiguration",
                                           "properties",
                                           "level",
                                           "security-severity",
                                           "kind",
                                           "baselineState",
                                           "ruleId",
                                           "ruleIndex",
                                           "rule",
                                           "suppressions",
                                           "index",
                                           "toolComponent",
                                           "status",
                                           "invocations",
                                           "toolExecutionNotifications",
                                           "executionSuccessful"};
static_assert(std::size(kKnownKeys) <= 32);

struct Rule {
  bool valid = false;  // an object (a non-object entry still takes its index)
  std::string id, level;
  double severity = 0;
};

struct Component {
  bool valid = false;
  std::vector<Rule> rules;
};

// What a result says, kept until its run's rules are known (JSON objects are unordered).
struct PendingResult {
  std::string level, kind = "fail", rule_id, ref_id;  // ref_*: of result.rule
  std::optional<uint64_t> rule_index, ref_index, component;
  bool absent = false;
  uint64_t suppressions = 0;
  bool suppression_refused = false;  // one is rejected or under review

  // Back to a fresh result, keeping the strings' buffers.
  void Reset() {
    level.clear();
    kind = "fail";
    rule_id.clear();
    ref_id.clear();
    rule_index.reset();
    ref_index.reset();
    component.reset();
    absent = suppression_refused = false;
    suppressions = 0;
  }
};

// A result whose rule is yet to be resolved, in fewer bytes: its ids interned per run.
struct CompactResult {
  uint8_t level = 0;  // 0 unset; else 1 + index in kLevels
  bool fail_kind = true;
  uint32_t id = 0;  // into RunState::ids: result.ruleId, else result.rule.id; 0 for none
  std::optional<uint64_t> index, component;
};

constexpr const char* kLevels[] = {"error", "warning", "note", "none"};

uint8_t LevelCode(const std::string& level) {
  for (uint8_t i = 0; i < 4; ++i) {
    if (level == kLevels[i]) return i + 1;
  }
  return 0;
}

struct RunState {
  std::string tool;
  Component driver{true, {}};
  std::vector<Component> extensions;
  std::vector<CompactResult> results;
  std::vector<std::string> ids{""};
  std::unordered_map<std::string, uint32_t> id_numbers;

  uint32_t Intern(const std::string& id) {
    if (id.empty()) return 0;
    if (auto it = id_numbers.find(id); it != id_numbers.end()) return it->second;
    auto n = static_cast<uint32_t>(ids.size());
    id_numbers.emplace(id, n);
    ids.push_back(id);
    return n;
  }
};

class SarifHandler : public JsonSaxHandler {
 public:
  SarifHandler() : frames_(this, kKnownKeys, Role::kOther) {}

  bool null() override { return Scalar("null"); }
  bool boolean(bool v) override {
    if (!Scalar(v ? "true" : "false")) return false;
    if (!v && Parent() == Role::kInvocation && Key() == "executionSuccessful") {
      ++summary_.failed_invocations;
    }
    return true;
  }
  bool number_integer(number_integer_t v) override {
    return Scalar(OneLineExcerpt(std::to_string(v)));
  }
  bool number_unsigned(number_unsigned_t v) override;
  bool number_float(number_float_t v, const string_t& token) override;
  bool string(string_t& v) override;
  bool start_object(std::size_t /*size*/) override { return Start(false); }
  bool key(string_t& k) override { return frames_.Key(k); }
  bool end_object() override { return End(); }
  bool start_array(std::size_t /*size*/) override { return Start(true); }
  bool end_array() override { return End(); }

  // The summary once the parse succeeded, or why the log is not SARIF 2.1.0.
  Result<SarifSummary> Finish();

 private:
  Role Parent() const { return frames_.Parent(); }
  std::string_view Key() const { return frames_.Key(); }
  bool Element(bool object);
  Role ChildRole(bool array) const;
  bool Start(bool array);
  bool End();
  // Every scalar goes through here; `text` is its value (the root's version is kept for messages).
  bool Scalar(std::string_view text, bool quoted = false);
  void Severity(double v);
  Rule* CurrentRule();
  void EndResult();
  void EndRun();
  void IndexRulesById();
  const Rule* FindRule(const CompactResult& r) const;
  void Count(const CompactResult& r, const Rule* rule);

  JsonFrames<Role> frames_;
  bool runs_seen_ = false;
  std::optional<std::string> version_;  // as written, strings quoted
  RunState run_;
  Component* rules_owner_ = nullptr;  // whose `rules` array is open
  PendingResult result_;
  bool notification_error_ = false;  // the notification being read has level "error"
  SarifSummary summary_;
  std::unordered_map<std::string_view, const Rule*> rules_by_id_;  // of run_, at its end
  std::map<std::string, uint64_t> rule_counts_;  // keys no longer than kMaxSarifNameBytes
};

// Registers a new element of the enclosing array. False, with the error, for a run that is not
// an object.
bool SarifHandler::Element(bool object) {
  if (frames_.empty() || !frames_.back().array) return true;
  JsonFrames<Role>::Frame& parent = frames_.back();
  uint64_t i = parent.elements++;
  switch (parent.role) {
    case Role::kRuns:
      if (object) return true;
      return Refuse("not SARIF 2.1.0 (runs[" + std::to_string(i) + "] is not an object)");
    case Role::kExtensions:
      run_.extensions.push_back({object, {}});
      return true;
    case Role::kRules:
      rules_owner_->rules.push_back({object, "", "", 0});
      return true;
    case Role::kSuppressions:
      ++result_.suppressions;  // an entry without a status is an accepted suppression
      return true;
    default:
      return true;
  }
}

Role SarifHandler::ChildRole(bool array) const {
  if (frames_.empty()) return Role::kRoot;
  const JsonFrames<Role>::Frame& p = frames_.back();
  if (p.array) {
    if (array) return Role::kOther;
    switch (p.role) {
      case Role::kRuns:
        return Role::kRun;
      case Role::kExtensions:
        return Role::kExtension;
      case Role::kRules:
        return Role::kRule;
      case Role::kResults:
        return Role::kResult;
      case Role::kSuppressions:
        return Role::kSuppression;
      case Role::kInvocations:
        return Role::kInvocation;
      case Role::kNotifications:
        return Role::kNotification;
      default:
        return Role::kOther;
    }
  }
  std::string_view k = p.key;
  switch (p.role) {
    case Role::kRoot:
      return array && k == "runs" ? Role::kRuns : Role::kOther;
    case Role::kRun:
      if (!array && k == "tool") return Role::kTool;
      if (array && k == "invocations") return Role::kInvocations;
      return array && k == "results" ? Role::kResults : Role::kOther;
    case Role::kInvocation:
      return array && k == "toolExecutionNotifications" ? Role::kNotifications : Role::kOther;
    case Role::kTool:
      if (!array && k == "driver") return Role::kDriver;
      return array && k == "extensions" ? Role::kExtensions : Role::kOther;
    case Role::kDriver:
    case Role::kExtension:
      return array && k == "rules" ? Role::kRules : Role::kOther;
    case Role::kRule:
      if (!array && k == "defaultConfiguration") return Role::kRuleConfig;
      return !array && k == "properties" ? Role::kRuleProps : Role::kOther;
    case Role::kResult:
      if (!array && k == "rule") return Role::kResultRule;
      return array && k == "suppressions" ? Role::kSuppressions : Role::kOther;
    case Role::kResultRule:
      return !array && k == "toolComponent" ? Role::kToolComponent : Role::kOther;
    default:
      return Role::kOther;
  }
}

bool SarifHandler::Start(bool array) {
  if (frames_.empty() && array) return Refuse("not SARIF 2.1.0 (not a JSON object)");
  if (!Element(!array)) return false;
  Role role = ChildRole(array);
  switch (role) {
    case Role::kRuns:
      runs_seen_ = true;
      break;
    case Role::kRun:
      run_ = RunState();
      break;
    case Role::kRules:
      rules_owner_ = Parent() == Role::kDriver ? &run_.driver : &run_.extensions.back();
      break;
    case Role::kResult:
      result_.Reset();
      break;
    case Role::kNotification:
      notification_error_ = false;  // a notification's level defaults to "warning"
      break;
    default:
      break;
  }
  return frames_.Open(role, array);
}

bool SarifHandler::End() {
  Role role = frames_.Close();
  if (role == Role::kNotification && notification_error_) ++summary_.tool_errors;
  if (role == Role::kResult) EndResult();
  if (role == Role::kRun) EndRun();
  return true;
}

bool SarifHandler::Scalar(std::string_view text, bool quoted) {
  if (frames_.empty()) return Refuse("not SARIF 2.1.0 (not a JSON object)");
  if (!Element(false)) return false;
  if (Parent() == Role::kRoot && Key() == "version") {
    version_ = quoted ? "\"" + OneLineExcerpt(text) + "\"" : OneLineExcerpt(text);
  }
  return true;
}

// The rule being read. REQUIRES: inside a kRule object (so rules_owner_ has it).
Rule* SarifHandler::CurrentRule() { return &rules_owner_->rules.back(); }

void SarifHandler::Severity(double v) {
  if (Parent() == Role::kRuleProps && Key() == "security-severity" && std::isfinite(v)) {
    CurrentRule()->severity = v;
  }
}

bool SarifHandler::number_unsigned(number_unsigned_t v) {
  if (!Scalar(std::to_string(v))) return false;
  Role p = Parent();
  std::string_view k = Key();
  if (p == Role::kResult && k == "ruleIndex") result_.rule_index = v;
  if (p == Role::kResultRule && k == "index") result_.ref_index = v;
  if (p == Role::kToolComponent && k == "index") result_.component = v;
  Severity(static_cast<double>(v));
  return true;
}

bool SarifHandler::number_float(number_float_t v, const string_t& token) {
  if (!Scalar(token)) return false;
  Severity(v);
  return true;
}

bool SarifHandler::string(string_t& v) {
  const bool reader_cut = LastStringWasCut();
  if (!Scalar(v, /*quoted=*/true)) return false;
  std::string_view k = Key();
  // Whatever is kept is cut first, so one huge string is never copied (the lexer's token is the
  // only whole copy); the cut is counted in the summary.
  auto kept = [&](size_t max) {
    if (v.size() <= max) return std::move(v);
    if (!reader_cut) ++summary_.cut_strings;  // else the reader counted it
    return CutUtf8(v, max);
  };
  switch (Parent()) {
    case Role::kDriver:
      if (k == "name") run_.tool = kept(kMaxSarifNameBytes);
      break;
    case Role::kRule:
      if (k == "id") CurrentRule()->id = kept(kMaxSarifNameBytes);
      break;
    case Role::kRuleConfig:
      if (k == "level") CurrentRule()->level = kept(kMaxSarifNameBytes);
      break;
    case Role::kRuleProps:
      if (k == "security-severity") CurrentRule()->severity = SeverityFromString(v);
      break;
    case Role::kResult:
      if (k == "level") result_.level = kept(kMaxSarifNameBytes);
      if (k == "kind") result_.kind = kept(kMaxSarifNameBytes);
      if (k == "baselineState") result_.absent = v == "absent";
      if (k == "ruleId") result_.rule_id = kept(kMaxSarifNameBytes);
      break;
    case Role::kResultRule:
      if (k == "id") result_.ref_id = kept(kMaxSarifNameBytes);
      break;
    case Role::kSuppression:
      if (k == "status" && (v == "rejected" || v == "underReview")) {
        result_.suppression_refused = true;
      }
      break;
    case Role::kNotification:
      if (k == "level") notification_error_ = v == "error";
      break;
    default:
      break;
  }
  return true;
}

void SarifHandler::EndResult() {
  const PendingResult& r = result_;
  if (r.absent) return;
  if (r.suppressions > 0 && !r.suppression_refused) {
    ++summary_.suppressed;
    return;
  }
  CompactResult c;
  c.level = LevelCode(r.level);
  c.fail_kind = r.kind == "fail";
  const std::string& id = r.rule_id.empty() ? r.ref_id : r.rule_id;
  c.id = run_.Intern(id.size() > kMaxSarifNameBytes ? CutUtf8(id, kMaxSarifNameBytes) : id);
  c.index = r.rule_index ? r.rule_index : r.ref_index;
  c.component = r.component;
  run_.results.push_back(c);
}

// The rule by index in the component the result names (an extension, else the driver), else by
// id among the driver's rules and then each extension's; the first definition of an id wins.
const Rule* SarifHandler::FindRule(const CompactResult& r) const {
  const Component* c = &run_.driver;
  if (r.component)
    c = *r.component < run_.extensions.size() ? &run_.extensions[*r.component] : nullptr;
  if (c && c->valid && r.index && *r.index < c->rules.size() && c->rules[*r.index].valid) {
    return &c->rules[*r.index];
  }
  auto it = rules_by_id_.find(run_.ids[r.id]);
  return r.id == 0 || it == rules_by_id_.end() ? nullptr : it->second;
}

void SarifHandler::IndexRulesById() {
  rules_by_id_.clear();
  auto add = [this](const Component& c) {
    for (const Rule& rule : c.rules) {
      if (rule.valid && !rule.id.empty()) rules_by_id_.emplace(rule.id, &rule);
    }
  };
  add(run_.driver);
  for (const Component& ext : run_.extensions) add(ext);
}

void SarifHandler::Count(const CompactResult& r, const Rule* rule) {
  ++summary_.results;
  std::string level = r.level ? kLevels[r.level - 1] : "";
  if (level.empty() && rule && IsLevel(rule->level)) level = rule->level;
  if (level.empty()) level = r.fail_kind ? "warning" : "none";
  if (level == "error") ++summary_.error;
  if (level == "warning") ++summary_.warning;
  if (level == "note") ++summary_.note;
  if (level == "none") ++summary_.none;
  double severity = rule ? rule->severity : 0;
  if (severity >= 9.0) {
    ++summary_.critical;
  } else if (severity >= 7.0) {
    ++summary_.high;
  } else if (severity >= 4.0) {
    ++summary_.medium;
  } else if (severity > 0) {
    ++summary_.low;
  }
  const std::string* id = &run_.ids[r.id];
  if (id->empty() && rule) id = &rule->id;
  if (auto it = rule_counts_.find(*id); it != rule_counts_.end()) {
    ++it->second;
    return;
  }
  std::string name = id->empty() ? "(none)" : CutUtf8(*id, kMaxSarifNameBytes);
  ++rule_counts_[name];
}

void SarifHandler::EndRun() {
  ++summary_.runs;
  std::string name = CutUtf8(run_.tool, kMaxSarifNameBytes);
  std::vector<std::string>& tools = summary_.tools;
  if (!name.empty() && tools.size() < kMaxTools &&
      std::find(tools.begin(), tools.end(), name) == tools.end()) {
    tools.push_back(name);
  }
  IndexRulesById();
  for (const CompactResult& r : run_.results) Count(r, FindRule(r));
  rules_by_id_.clear();
  run_ = RunState();
}

Result<SarifSummary> SarifHandler::Finish() {
  summary_.cut_strings += strings_cut();
  if (!version_ || *version_ != "\"2.1.0\"") {
    std::string found = version_ ? "version " + *version_ : "no version";
    return InvalidArgument("not SARIF 2.1.0 (" + CutUtf8(found, 80) + ")");
  }
  if (!runs_seen_) return InvalidArgument("not SARIF 2.1.0 (no runs array)");
  std::vector<std::pair<std::string, uint64_t>> top(rule_counts_.begin(), rule_counts_.end());
  size_t n = std::min(top.size(), kMaxTopRules);
  // rule_counts_ is ordered by id, so a stable sort by count breaks ties by id.
  std::stable_sort(top.begin(), top.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  top.resize(n);
  summary_.top_rules = std::move(top);
  return std::move(summary_);
}

// The summary of a log that streamed without error; `name` prefixes the error.
}  // namespace

Json SarifSummary::ToJson() const {
  Json top = Json::array();
  for (const auto& [rule, count] : top_rules) top.push_back({{"rule", rule}, {"count", count}});
  return {{"results", results},
          {"suppressed", suppressed},
          {"by_level", {{"error", error}, {"warning", warning}, {"note", note}, {"none", none}}},
          {"by_security_severity",
           {{"critical", critical}, {"high", high}, {"medium", medium}, {"low", low}}},
          {"runs", runs},
          {"tool_errors", tool_errors},
          {"cut_strings", cut_strings},
          {"failed_invocations", failed_invocations},
          {"tools", tools},
          {"top_rules", top}};
}

Result<SarifSummary> ParseSarif(std::string_view text, const std::string& name) {
  return SummariseJsonText<SarifHandler>(text, name);
}

Result<SarifSummary> ParseSarifFile(const std::string& path, StreamDigest* digest) {
  return SummariseJsonFile<SarifHandler>(path, digest);
}

}  // namespace proofline::evidence
