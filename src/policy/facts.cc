// Builds the facts object of facts.h from recorded evidence summaries, the one place that knows
// both the summaries' shapes (evidence/<kind>.h) and the names catalogs use.
#include "policy/facts.h"

#include <algorithm>
#include <set>

#include "evidence/kinds.h"

namespace proofline::policy {
namespace {

void Add(Json& target, const char* key, uint64_t n) {
  uint64_t current = target.contains(key) ? target[key].get<uint64_t>() : 0;
  target[key] = current + n;
}

// The non-negative integer at object[key], 0 when absent or mistyped. (Parsed JSON holds such
// numbers unsigned, JSON built in code signed: both are counts.)
uint64_t Count(const Json& object, const char* key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer() || *it < 0) return 0;
  return it->get<uint64_t>();
}

// Adds the count at summary[from] to target[to].
void AddCount(Json& target, const char* to, const Json& summary, const char* from) {
  Add(target, to, Count(summary, from));
}

// The smaller of the rate already in target[key] and summary[key]; null only while no file had
// a number there.
void KeepMinimumRate(Json& target, const char* key, const Json& summary) {
  const Json& rate = summary.is_object() && summary.contains(key) ? summary[key] : Json();
  if (!rate.is_number()) {
    if (!target.contains(key)) target[key] = nullptr;
    return;
  }
  double r = rate.get<double>();
  if (!target.contains(key) || target[key].is_null() || r < target[key].get<double>()) {
    target[key] = r;
  }
}

void AddControlResult(Json& control_tests, const std::string& id, const std::string& result,
                      uint64_t count) {
  if (id.empty()) return;
  Json& counts = control_tests[id];
  if (counts.is_null()) counts = {{"passed", 0}, {"failed", 0}, {"skipped", 0}};
  if (counts.contains(result)) Add(counts, result.c_str(), count);
}

void AddTests(Json& e, const Json& s) {
  Json& t = e["tests"];
  Add(t, "files", 1);
  for (const char* k : {"tests", "passed", "failures", "errors", "skipped"}) AddCount(t, k, s, k);
  for (const Json& c : ArrayAt(s, "controls")) {
    AddControlResult(e["control_tests"], StringAt(c, "control_id"), StringAt(c, "result"), 1);
  }
}

// A JUnit file attested with --suite NAME also counts under evidence.suites[NAME].
void AddSuite(Json& e, const std::string& suite, const Json& s) {
  if (suite.empty()) return;
  Json& t = e["suites"][suite];
  Add(t, "files", 1);
  for (const char* k : {"tests", "passed", "failures", "errors", "skipped"}) AddCount(t, k, s, k);
}

void AddScans(Json& e, const Json& s) {
  Json& t = e["scans"];
  Add(t, "files", 1);
  AddCount(t, "results", s, "results");
  const Json& severity = ObjectAt(s, "by_security_severity");
  for (const char* k : {"critical", "high", "medium", "low"}) AddCount(t, k, severity, k);
  const Json& level = ObjectAt(s, "by_level");
  for (const char* k : {"error", "warning", "note"}) AddCount(t, k, level, k);
  AddCount(t, "tool_errors", s, "tool_errors");
  AddCount(t, "failed_invocations", s, "failed_invocations");
}

void AddCoverage(Json& e, const Json& s) {
  Json& t = e["coverage"];
  Add(t, "files", 1);
  KeepMinimumRate(t, "line_rate", s);
  KeepMinimumRate(t, "branch_rate", s);
}

void AddSbom(Json& e, const Json& s) {
  Json& t = e["sbom"];
  Add(t, "files", 1);
  AddCount(t, "components", s, "components");
  const Json& vulns = ObjectAt(s, "vulnerabilities");
  Json& v = t["vulnerabilities"];
  AddCount(v, "total", vulns, "total");
  const Json& by = ObjectAt(vulns, "by_severity");
  for (const char* k : {"critical", "high", "medium", "low", "info", "none", "unknown"}) {
    AddCount(v, k, by, k);
  }
}

void AddControlTests(Json& e, const Json& s) {
  Json& ct = e["control_tests"];
  if (ct.is_null()) ct = Json::object();
  for (const auto& [id, counts] : ObjectAt(s, "by_control").items()) {
    for (const char* k : {"passed", "failed", "skipped"}) {
      AddControlResult(ct, id, k, Count(counts, k));
    }
  }
}

void AddArtifact(Json& e, const Json& s) {
  Json& list = e["artifacts"];
  if (list.is_null()) list = Json::array();
  list.push_back({{"name", StringAt(s, "name")}, {"sha256", StringAt(s, "sha256")}});
}

void AddDistinct(Json& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

void AddAttestation(Json& e, const Json& s) {
  Json& t = e["attestations"];
  Add(t, "files", 1);
  bool verified = s.is_object() && s.contains("verified") && s["verified"] == true;
  Add(t, "verified", verified ? 1 : 0);
  for (const char* key : {"subjects", "verified_subjects"}) {
    if (!t.contains(key)) t[key] = Json::array();
  }
  for (const Json& subject : ArrayAt(s, "subjects")) {
    std::string sha = StringAt(subject, "sha256");
    if (sha.empty()) continue;
    AddDistinct(t["subjects"], sha);
    if (verified) AddDistinct(t["verified_subjects"], sha);
  }
}

void AddGeneric(Json& e, const Json& s) {
  std::string type = StringAt(s, "type");
  if (type.empty()) return;
  const Json& data = s.is_object() && s.contains("data") ? s["data"] : Json::object();
  e["generic"][type] = data;  // entries are in ledger order: the latest file wins
}

void AddEntry(Json& e, const std::string& kind, const Json& summary) {
  if (kind == "junit") AddTests(e, summary);
  if (kind == "sarif") AddScans(e, summary);
  if (kind == "coverage") AddCoverage(e, summary);
  if (kind == "sbom") AddSbom(e, summary);
  if (kind == "control-test") AddControlTests(e, summary);
  if (kind == "artifact") AddArtifact(e, summary);
  if (kind == "attestation") AddAttestation(e, summary);
  if (kind == "generic") AddGeneric(e, summary);
}

Json RiskFacts(const change::RiskSummary& risk) {
  return {{"level", risk.risk_class},
          {"score", risk.score},
          {"route", risk.route},
          {"categories", risk.categories},
          {"required_evidence", risk.required_evidence}};
}

// The signatures on `target` (approval/approvals.h: those of earlier targets were reset).
Json ApprovalFacts(const std::vector<change::Signature>& approvals, const std::string& target) {
  Json out = Json::array();
  for (const change::Signature& a : approvals) {
    if (a.target != target) continue;
    out.push_back({{"user", a.user},
                   {"name", a.name},
                   {"roles", a.roles},
                   {"meaning", a.meaning},
                   {"time", a.time}});
  }
  return out;
}

Json Facts(Json change, Json risk, Json evidence, Json approvals, const std::string& now) {
  return {{"change", std::move(change)},
          {"risk", std::move(risk)},
          {"evidence", std::move(evidence)},
          {"approvals", std::move(approvals)},
          {"deployer", nullptr},
          {"now", now}};
}

}  // namespace

const char* EvidenceFactKey(std::string_view kind) {
  const evidence::EvidenceKind* k = evidence::FindKind(kind);
  return k == nullptr ? nullptr : k->facts_key.data();
}

Json AggregateEvidence(const Json& entries) {
  Json e = Json::object();
  std::set<std::string> kinds;
  if (entries.is_array()) {
    for (const Json& entry : entries) {
      std::string kind = StringAt(entry, "kind");
      if (EvidenceFactKey(kind) == nullptr) continue;
      kinds.insert(kind);
      AddEntry(e, kind, ObjectAt(entry, "summary"));
      if (kind == "junit") AddSuite(e, StringAt(entry, "suite"), ObjectAt(entry, "summary"));
    }
  }
  e["kinds"] = kinds;
  return e;
}

Json ChangeFacts(const change::ChangeRecord& r, const std::string& now) {
  Json change = {{"id", r.id},
                 {"title", r.title},
                 {"ticket", r.ticket},
                 {"env", r.env},
                 {"requester", r.requester},
                 {"state", change::StateName(r.state)},
                 {"repo", r.repo},
                 {"baseline", r.baseline},
                 {"target", r.target},
                 {"production", r.risk.production}};
  return Facts(std::move(change), RiskFacts(r.risk), AggregateEvidence(r.EvidenceJson()),
               ApprovalFacts(r.approvals, r.target), now);
}

Json EvidenceFileFacts(const std::string& kind, const Json& summary, const std::string& now) {
  Json change = {{"id", ""},        {"title", ""},        {"ticket", ""}, {"env", ""},
                 {"requester", ""}, {"state", ""},        {"repo", ""},   {"baseline", ""},
                 {"target", ""},    {"production", false}};
  Json entries = Json::array({{{"kind", kind}, {"summary", summary}}});
  return Facts(std::move(change), RiskFacts(change::RiskSummary()), AggregateEvidence(entries),
               Json::array(), now);
}

}  // namespace proofline::policy
