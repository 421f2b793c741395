// Field names here are the `summary` contracts documented in each kind's header.
#include "evidence/describe.h"

#include <cmath>
#include <cstdio>

namespace proofline::evidence {
namespace {

std::string N(const Json& s, const char* key, const char* what) {
  return std::to_string(UintAt(s, key)) + " " + what;
}

std::string Join(std::initializer_list<std::string> parts) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    out += (out.empty() ? "" : ", ") + p;
  }
  return out;
}

// "87.5%" for a rate in [0,1]; "n/a" when the summary holds null (nothing to measure).
std::string Percent(const Json& s, const char* key) {
  auto it = s.find(key);
  if (it == s.end() || !it->is_number()) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", std::round(it->get<double>() * 1000) / 10);
  return buf;
}

std::string JUnit(const Json& s) {
  return Join({N(s, "tests", "tests"), N(s, "failures", "failures"), N(s, "errors", "errors"),
               N(s, "skipped", "skipped")});
}

std::string Sarif(const Json& s) {
  const Json& level = ObjectAt(s, "by_level");
  const Json& sev = ObjectAt(s, "by_security_severity");
  return N(s, "results", "results") + " (" +
         Join({N(level, "error", "error"), N(level, "warning", "warning"),
               N(level, "note", "note")}) +
         "), " +
         Join({N(sev, "critical", "critical"), N(sev, "high", "high"), N(sev, "medium", "medium"),
               N(sev, "low", "low"), N(s, "suppressed", "suppressed")});
}

std::string Coverage(const Json& s) {
  return "line " + Percent(s, "line_rate") + " (" + std::to_string(UintAt(s, "lines_covered")) +
         "/" + std::to_string(UintAt(s, "lines_valid")) + "), branch " + Percent(s, "branch_rate") +
         ", " + N(s, "files", "files");
}

std::string Sbom(const Json& s) {
  const Json& vulns = ObjectAt(s, "vulnerabilities");
  const Json& sev = ObjectAt(vulns, "by_severity");
  return StringAt(s, "format") + " " + StringAt(s, "spec_version") + ": " +
         Join({N(s, "components", "components"),
               N(ObjectAt(s, "licenses"), "distinct", "distinct licences"),
               N(vulns, "total", "vulnerabilities") + " (" +
                   Join({N(sev, "critical", "critical"), N(sev, "high", "high")}) + ")"});
}

std::string ControlTests(const Json& s) {
  return Join({N(s, "tests", "control tests"), N(s, "passed", "passed"), N(s, "failed", "failed"),
               N(s, "skipped", "skipped")});
}

std::string Artifact(const Json& s) {
  return StringAt(s, "type") + " sha256:" + StringAt(s, "sha256").substr(0, 16) + "..., " +
         Join({N(s, "files", "files"), N(s, "size", "bytes")});
}

std::string Attestation(const Json& s) {
  std::string types;
  for (const Json& t : ArrayAt(s, "predicate_types")) {
    if (t.is_string()) types += (types.empty() ? "" : " ") + t.get<std::string>();
  }
  const auto verified = s.find("verified");
  bool ok = verified != s.end() && verified->is_boolean() && verified->get<bool>();
  std::string out = StringAt(s, "format") + " " + types + ", " +
                    N(s, "subjects_total", "subjects") + ", " +
                    (ok ? "signature verified" : "signature not verified");
  const Json& source = ObjectAt(s, "source");
  if (const std::string commit = StringAt(source, "commit"); !commit.empty()) {
    out += ", built from " + StringAt(source, "repository") + " at " + commit.substr(0, 12);
  }
  return out;
}

std::string Generic(const Json& s) {
  return "type " + StringAt(s, "type") + ", valid against schema " +
         StringAt(s, "schema_digest").substr(0, 19);
}

std::string Numbers(const Json& s) {
  std::string out;
  if (!s.is_object()) return out;
  for (const auto& [key, value] : s.items()) {
    if (!value.is_number()) continue;
    out += (out.empty() ? "" : ", ") + key + " " + value.dump();
  }
  return out;
}

}  // namespace

std::string DescribeSummary(const std::string& kind, const Json& summary) {
  if (kind == "junit") return JUnit(summary);
  if (kind == "sarif") return Sarif(summary);
  if (kind == "coverage") return Coverage(summary);
  if (kind == "sbom") return Sbom(summary);
  if (kind == "control-test") return ControlTests(summary);
  if (kind == "artifact") return Artifact(summary);
  if (kind == "attestation") return Attestation(summary);
  if (kind == "generic") return Generic(summary);
  return Numbers(summary);
}

}  // namespace proofline::evidence
