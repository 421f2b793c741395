// Text, JSON and SARIF renderings of a scan (see report.h).
#include "scan/report.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

#include "scan/fingerprint.h"
#include "scan/gitleaks_config.h"

namespace proofline::scan {
namespace {

// RFC 3986 percent-encoding of a relative path for artifactLocation.uri ('/' kept).
std::string PathUri(const std::string& path) {
  std::string out;
  char buf[4];
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string SecurityString(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string EntryLabel(const BaselineEntry& e) {
  return e.rule + " in " + e.path + " (fingerprint " + e.fingerprint.substr(0, 12) + ")";
}

Json EntryJson(const BaselineEntry& e) {
  return {{"fingerprint", e.fingerprint}, {"rule", e.rule},   {"path", e.path},
          {"status", e.status},           {"owner", e.owner}, {"expires", e.expires}};
}

Json SkippedJson(const std::vector<SkippedFile>& skipped) {
  Json out = Json::array();
  for (const SkippedFile& s : skipped) {
    out.push_back({{"path", s.path}, {"reason", s.reason}, {"size", s.size}});
  }
  return out;
}

// The files listed only (excluded, symlinks...): one summary line.
std::string SkippedLine(const std::vector<SkippedFile>& skipped) {
  std::map<std::string, size_t> by_reason;
  size_t n = 0;
  for (const SkippedFile& s : skipped) {
    if (s.Unscanned()) continue;
    ++by_reason[s.reason];
    ++n;
  }
  if (n == 0) return "";
  std::string parts;
  for (const auto& [reason, n] : by_reason) {
    parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + reason;
  }
  return "skipped " + std::to_string(n) + " files (" + parts + ")\n";
}

Json UnscannedJson(const std::vector<SkippedFile>& skipped) {
  Json out = Json::array();
  for (const SkippedFile& s : skipped) {
    if (s.Unscanned()) out.push_back({{"path", s.path}, {"reason", s.reason}, {"size", s.size}});
  }
  return out;
}

// The SARIF invocation: each file not scanned as a tool execution notification.
Json SarifInvocation(const Report& r) {
  Json notes = Json::array();
  for (const SkippedFile& s : r.result.skipped) {
    if (!s.Unscanned()) continue;
    std::string id = "unscanned-" + s.reason;
    std::replace(id.begin(), id.end(), ' ', '-');
    notes.push_back(
        {{"level", r.allow_unscanned ? "warning" : "error"},
         {"message",
          {{"text", "not scanned (" + s.reason + ", " + std::to_string(s.size) + " bytes)"}}},
         {"descriptor", {{"id", id}}},
         {"locations", Json::array({{{"physicalLocation",
                                      {{"artifactLocation", {{"uri", PathUri(s.path)}}}}}}})}});
  }
  return {{"executionSuccessful", r.allow_unscanned || notes.empty()},
          {"toolExecutionNotifications", notes}};
}

Json SarifRule(const RuleInfo& rule) {
  Json props = {{"security-severity", SecurityString(rule.security_severity)}, {"tags", rule.tags}};
  if (!rule.controls.empty()) props["controls"] = rule.controls;
  return {{"id", rule.id},
          {"name", rule.name},
          {"shortDescription", {{"text", rule.description}}},
          {"defaultConfiguration", {{"level", SarifLevel(rule.severity)}}},
          {"properties", props}};
}

Json SarifResult(const Report& r, size_t i, const std::map<std::string, size_t>& rule_index) {
  const Finding& f = r.result.findings[i];
  Json region = {{"startLine", std::max<uint32_t>(f.line, 1)},
                 {"startColumn", std::max<uint32_t>(f.column, 1)},
                 {"endLine", std::max<uint32_t>(f.end_line, 1)},
                 {"endColumn", std::max<uint32_t>(f.end_column, 1)}};
  Json result = {
      {"ruleId", f.rule_id},
      {"level", SarifLevel(f.severity)},
      {"message", {{"text", f.message}}},
      {"locations",
       Json::array({{{"physicalLocation",
                      {{"artifactLocation", {{"uri", PathUri(f.path)}}}, {"region", region}}}}})},
      {"partialFingerprints", {{"proofline/v1", Fingerprint(f)}}},
      {"properties", {{"severity", SeverityName(f.severity)}, {"confidence", f.confidence}}}};
  if (auto it = rule_index.find(f.rule_id); it != rule_index.end()) {
    result["ruleIndex"] = it->second;
  }
  if (r.Suppressed(i)) {
    const BaselineEntry& e = r.baseline.entries[*r.match.suppressed_by[i]];
    std::string why = e.status + " (owner " + e.owner +
                      (e.expires.empty() ? "" : ", until " + e.expires) + ")" +
                      (e.note.empty() ? "" : ": " + e.note);
    result["suppressions"] =
        Json::array({{{"kind", "external"}, {"status", "accepted"}, {"justification", why}}});
  }
  return result;
}

}  // namespace

size_t Report::Unscanned() const {
  return static_cast<size_t>(std::count_if(result.skipped.begin(), result.skipped.end(),
                                           [](const SkippedFile& s) { return s.Unscanned(); }));
}

size_t Report::Failing() const {
  size_t n = 0;
  for (size_t i = 0; i < result.findings.size(); ++i) {
    if (!Suppressed(i) && result.findings[i].severity >= fail_on) ++n;
  }
  return n;
}

const char* SarifLevel(Severity s) {
  switch (s) {
    case Severity::kCritical:
    case Severity::kHigh:
      return "error";
    case Severity::kMedium:
      return "warning";
    case Severity::kLow:
    case Severity::kNote:
      return "note";
  }
  return "warning";
}

std::string DumpJson(const Json& j, int indent) {
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string FormatText(const Report& r) {
  std::string out;
  size_t suppressed = 0;
  for (size_t i = 0; i < r.result.findings.size(); ++i) {
    const Finding& f = r.result.findings[i];
    if (r.Suppressed(i)) {
      ++suppressed;
      continue;
    }
    out += f.path + ":" + std::to_string(f.line) + ":" + std::to_string(f.column) + ": " +
           SeverityName(f.severity) + " " + f.rule_id + ": " + f.message + "\n";
  }
  for (size_t e : r.match.expired) {
    out += "baseline: entry for " + EntryLabel(r.baseline.entries[e]) + " expired on " +
           r.baseline.entries[e].expires + " and no longer suppresses\n";
  }
  for (size_t e : r.match.stale) {
    out += "baseline: stale entry for " + EntryLabel(r.baseline.entries[e]) +
           ": it matches no finding\n";
  }
  for (const std::string& note : r.notes) out += "note: " + note + "\n";
  out += SkippedLine(r.result.skipped);
  for (const SkippedFile& s : r.result.skipped) {
    if (s.Unscanned()) {
      out +=
          "NOT SCANNED: " + s.path + " (" + s.reason + ", " + std::to_string(s.size) + " bytes)\n";
    }
  }
  out += "scanned " + std::to_string(r.result.files_scanned) + " files (" +
         std::to_string(r.result.bytes_scanned) +
         " bytes): " + std::to_string(r.result.findings.size() - suppressed) + " findings, " +
         std::to_string(suppressed) + " suppressed by the baseline, " +
         std::to_string(r.Failing()) + " at or above " + SeverityName(r.fail_on) + ", " +
         std::to_string(r.Unscanned()) + " files not scanned";
  if (r.Unscanned() > 0) {
    out += r.allow_unscanned ? " (allowed by --allow-unscanned)"
                             : " (the scan fails: what was not read proves nothing; "
                               "--allow-unscanned accepts it)";
  }
  return out + "\n";
}

Json FormatJson(const Report& r) {
  Json findings = Json::array();
  for (size_t i = 0; i < r.result.findings.size(); ++i) {
    const Finding& f = r.result.findings[i];
    Json j = {{"rule", f.rule_id},
              {"path", f.path},
              {"line", f.line},
              {"column", f.column},
              {"end_line", f.end_line},
              {"end_column", f.end_column},
              {"severity", SeverityName(f.severity)},
              {"confidence", f.confidence},
              {"masked", f.masked},
              {"fingerprint", Fingerprint(f)},
              {"message", f.message}};
    if (r.Suppressed(i))
      j["suppressed_by"] = EntryJson(r.baseline.entries[*r.match.suppressed_by[i]]);
    findings.push_back(std::move(j));
  }
  Json stale = Json::array(), expired = Json::array();
  for (size_t e : r.match.stale) stale.push_back(EntryJson(r.baseline.entries[e]));
  for (size_t e : r.match.expired) expired.push_back(EntryJson(r.baseline.entries[e]));
  Json out = {{"findings", findings},
              {"baseline_stale", stale},
              {"baseline_expired", expired},
              {"skipped", SkippedJson(r.result.skipped)},
              {"unscanned", UnscannedJson(r.result.skipped)},
              {"allow_unscanned", r.allow_unscanned},
              {"notes", r.notes},
              {"files_scanned", r.result.files_scanned},
              {"bytes_scanned", r.result.bytes_scanned},
              {"fail_on", SeverityName(r.fail_on)},
              {"failing", r.Failing()},
              {"fails", r.Fails()}};
  if (!r.result.git_target.empty()) {
    out["git"] = {{"base", r.result.git_base}, {"target", r.result.git_target}};
  }
  return out;
}

Json FormatSarif(const Report& r) {
  Json rules = Json::array();
  std::map<std::string, size_t> rule_index;
  for (const RuleInfo& rule : r.rules) {
    if (!rule_index.emplace(rule.id, rules.size()).second) continue;
    rules.push_back(SarifRule(rule));
  }
  Json results = Json::array();
  for (size_t i = 0; i < r.result.findings.size(); ++i) {
    results.push_back(SarifResult(r, i, rule_index));
  }
  Json stale = Json::array(), expired = Json::array();
  for (size_t e : r.match.stale) stale.push_back(EntryJson(r.baseline.entries[e]));
  for (size_t e : r.match.expired) expired.push_back(EntryJson(r.baseline.entries[e]));
  Json run = {
      {"tool",
       {{"driver", {{"name", "proofline"}, {"version", r.tool_version}, {"rules", rules}}}}},
      {"results", results},
      {"invocations", Json::array({SarifInvocation(r)})},
      // Columns count bytes: the same as code points on ASCII lines, where secrets live.
      {"columnKind", "unicodeCodePoints"},
      {"properties",
       {{"filesScanned", r.result.files_scanned},
        {"skipped", SkippedJson(r.result.skipped)},
        {"baselineStale", stale},
        {"baselineExpired", expired}}}};
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", Json::array({run})}};
}

}  // namespace proofline::scan
