// Baseline files (see baseline.h): strict reading, writing, and matching findings against them.
#include "scan/baseline.h"

#include <re2/re2.h>

#include <ctime>
#include <map>
#include <set>

#include "base/files.h"
#include "scan/fingerprint.h"

namespace proofline::scan {
namespace {

constexpr size_t kMaxBaselineBytes = size_t{64} << 20;

Status CheckEntry(const Json& e, BaselineEntry* out) {
  static const std::set<std::string> kKnown = {"fingerprint", "rule",    "path", "status",
                                               "owner",       "expires", "note"};
  if (!e.is_object()) return InvalidArgument("not an object");
  for (auto it = e.begin(); it != e.end(); ++it) {
    if (!kKnown.count(it.key())) return InvalidArgument("unknown field '" + it.key() + "'");
    if (!it.value().is_string()) return InvalidArgument(it.key() + " must be a string");
  }
  out->fingerprint = StringAt(e, "fingerprint");
  out->rule = StringAt(e, "rule");
  out->path = StringAt(e, "path");
  out->status = StringAt(e, "status");
  out->owner = StringAt(e, "owner");
  out->expires = StringAt(e, "expires");
  out->note = StringAt(e, "note");
  static const re2::RE2 kHex64("[0-9a-f]{64}");
  static const re2::RE2 kDate("[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
  if (!re2::RE2::FullMatch(out->fingerprint, kHex64)) {
    return InvalidArgument("fingerprint must be 64 lowercase hex digits");
  }
  if (out->rule.empty() || out->path.empty() || out->owner.empty()) {
    return InvalidArgument("rule, path and owner are required");
  }
  if (out->status != "false_positive" && out->status != "accepted_risk") {
    return InvalidArgument("status must be false_positive or accepted_risk, not '" + out->status +
                           "'");
  }
  if (!out->expires.empty() && !re2::RE2::FullMatch(out->expires, kDate)) {
    return InvalidArgument("expires must be a date YYYY-MM-DD, not '" + out->expires + "'");
  }
  return OkStatus();
}

}  // namespace

Result<Baseline> ParseBaseline(std::string_view text, const std::string& name) {
  ASSIGN_OR_RETURN(Json root, ParseJsonStrict(text, name));
  if (!root.is_object() || !root.contains("entries") || !root["entries"].is_array()) {
    return InvalidArgument(name + ": not a baseline (an object with an \"entries\" array)");
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it.key() != "version" && it.key() != "entries") {
      return InvalidArgument(name + ": unknown field '" + it.key() + "'");
    }
  }
  if (root.contains("version") && !(root["version"].is_number_integer() && root["version"] == 1)) {
    return InvalidArgument(name + ": unsupported baseline version (want 1)");
  }
  Baseline b;
  size_t index = 0;
  for (const Json& e : root["entries"]) {
    BaselineEntry entry;
    RETURN_IF_ERROR(CheckEntry(e, &entry).WithContext(name + ": entry " + std::to_string(index)));
    b.entries.push_back(std::move(entry));
    ++index;
  }
  return b;
}

Result<Baseline> LoadBaseline(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxBaselineBytes));
  return ParseBaseline(text, path);
}

std::string BaselineText(const Baseline& baseline) {
  Json entries = Json::array();
  for (const BaselineEntry& e : baseline.entries) {
    Json j = {{"fingerprint", e.fingerprint},
              {"rule", e.rule},
              {"path", e.path},
              {"status", e.status},
              {"owner", e.owner}};
    if (!e.expires.empty()) j["expires"] = e.expires;
    if (!e.note.empty()) j["note"] = e.note;
    entries.push_back(std::move(j));
  }
  Json root = {{"version", 1}, {"entries", std::move(entries)}};
  return root.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

BaselineMatch ApplyBaseline(const Baseline& baseline, const std::vector<Finding>& findings,
                            std::string_view today) {
  BaselineMatch m;
  m.suppressed_by.resize(findings.size());
  std::map<std::pair<std::string, std::string>, size_t> by_key;
  for (size_t i = 0; i < baseline.entries.size(); ++i) {
    by_key.emplace(std::make_pair(baseline.entries[i].fingerprint, baseline.entries[i].path), i);
  }
  std::vector<bool> used(baseline.entries.size(), false);
  for (size_t i = 0; i < findings.size(); ++i) {
    auto it = by_key.find({Fingerprint(findings[i]), findings[i].path});
    if (it == by_key.end()) continue;
    const BaselineEntry& e = baseline.entries[it->second];
    if (!used[it->second] && !e.expires.empty() && e.expires < today) {
      m.expired.push_back(it->second);
    }
    used[it->second] = true;
    if (e.expires.empty() || e.expires >= today) m.suppressed_by[i] = it->second;
  }
  for (size_t i = 0; i < used.size(); ++i) {
    if (!used[i]) m.stale.push_back(i);
  }
  return m;
}

std::string TodayUtc(int days_later) {
  std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days_later) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

}  // namespace proofline::scan
