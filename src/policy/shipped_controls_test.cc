// The shipped catalogs as data: every control compiles (CatalogSet::Shipped), passes on a facts
// fixture that satisfies it and fails on a one-field mutation of that fixture; and validate
// scenarios per framework (approved or not, deployer = approver, failing tests, missing
// coverage, expired exception) over facts with approvals and a deployer set directly.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>
#include <string>

#include "policy/catalog.h"
#include "policy/validate.h"

namespace proofline::policy {
namespace {

constexpr const char* kNow = "2025-06-01T12:00:00Z";

const CatalogSet& Shipped() {
  static const CatalogSet* set = [] {
    Result<CatalogSet> s = CatalogSet::Shipped();
    EXPECT_TRUE(s.ok()) << s.status().message();
    return new CatalogSet(s.ok() ? std::move(*s) : CatalogSet());
  }();
  return *set;
}

// A high-risk production change that every shipped control passes: ticketed, approved by bob
// (neither the requester alice nor the deployer dave), every kind of evidence clean and a
// passing control test for every shipped control id.
Json PassingFacts() {
  Json control_tests = Json::object();
  for (const std::string& f : Shipped().Frameworks()) {
    for (const Control& c : Shipped().Find(f)->controls) {
      control_tests[c.id] = {{"passed", 1}, {"failed", 0}, {"skipped", 0}};
    }
  }
  return {{"change",
           {{"id", "CHG-1"},
            {"title", "Rotate keys"},
            {"ticket", "OPS-7"},
            {"env", "production"},
            {"requester", "alice"},
            {"state", "pending-approval"},
            {"repo", "/r"},
            {"baseline", "b"},
            {"target", "t"},
            {"production", true}}},
          {"risk",
           {{"level", "high"},
            {"score", 8.0},
            {"route", "quorum"},
            {"categories", Json::array({"security"})},
            {"required_evidence", Json::array({"coverage"})}}},
          {"evidence",
           {{"tests",
             {{"files", 1},
              {"tests", 10},
              {"passed", 10},
              {"failures", 0},
              {"errors", 0},
              {"skipped", 0}}},
            {"scans",
             {{"files", 1},
              {"results", 2},
              {"critical", 0},
              {"high", 0},
              {"medium", 1},
              {"low", 1},
              {"error", 0},
              {"warning", 2},
              {"note", 0}}},
            {"coverage", {{"files", 1}, {"line_rate", 0.9}, {"branch_rate", 0.8}}},
            {"sbom",
             {{"files", 1},
              {"components", 12},
              {"vulnerabilities",
               {{"total", 1},
                {"critical", 0},
                {"high", 0},
                {"medium", 1},
                {"low", 0},
                {"info", 0},
                {"none", 0},
                {"unknown", 0}}}}},
            {"control_tests", control_tests},
            {"artifacts", Json::array({{{"name", "app.tar"}, {"sha256", "aa11"}}})},
            {"attestations",
             {{"files", 1},
              {"verified", 1},
              {"subjects", Json::array({"aa11"})},
              {"verified_subjects", Json::array({"aa11"})}}},
            {"generic", {{"audit-logging", {{"enabled", true}}}}},
            {"kinds", Json::array({"artifact", "attestation", "control-test", "coverage", "generic",
                                   "junit", "sarif", "sbom"})}}},
          {"approvals", Json::array({{{"user", "bob"},
                                      {"roles", Json::array({"approver"})},
                                      {"meaning", "approved"},
                                      {"time", "2025-06-01T11:00:00Z"}}})},
          {"deployer", "dave"},
          {"now", kNow}};
}

using Mutation = std::function<void(Json&)>;

// Fails a control decided by its own control test, or by an enabled audit-logging document.
Mutation ControlTestFails(const std::string& id, bool or_audit_logging = false) {
  return [id, or_audit_logging](Json& f) {
    f["evidence"]["control_tests"][id]["failed"] = 1;
    if (or_audit_logging) f["evidence"]["generic"]["audit-logging"]["enabled"] = false;
  };
}
void DeployerApproved(Json& f) { f["deployer"] = "bob"; }
void NotApproved(Json& f) { f["approvals"] = Json::array(); }
void TestsFail(Json& f) { f["evidence"]["tests"]["failures"] = 1; }

// One failing mutation per shipped control: a control added to a catalog without a case here
// fails ShippedControlPassesAndFails.
const std::map<std::string, Mutation>& FailingCases() {
  static const auto* cases = new std::map<std::string, Mutation>{
      // sox
      {"SOX-CC-05", DeployerApproved},
      {"CC-01", NotApproved},
      {"SOX-CC-06", [](Json& f) { f["evidence"]["coverage"]["line_rate"] = 0.84; }},
      {"SOX-SEC-01", [](Json& f) { f["evidence"]["scans"]["high"] = 1; }},
      {"SOX-IT-01", ControlTestFails("SOX-IT-01", true)},
      {"SOX-IT-03", ControlTestFails("SOX-IT-03")},
      {"SOX-AC-02", DeployerApproved},
      // hipaa
      {"HIPAA-164.312(b)", ControlTestFails("HIPAA-164.312(b)", true)},
      {"HIPAA-164.312(a)(2)(iv)", ControlTestFails("HIPAA-164.312(a)(2)(iv)")},
      {"HIPAA-164.312(c)(1)",
       [](Json& f) { f["evidence"]["control_tests"]["HIPAA-164.312(c)(1)"]["passed"] = 0; }},
      {"HIPAA-164.312(d)", ControlTestFails("HIPAA-164.312(d)")},
      {"HIPAA-164.312(e)(2)(ii)", ControlTestFails("HIPAA-164.312(e)(2)(ii)")},
      {"HIPAA-164.308(a)(1)(ii)(D)", ControlTestFails("HIPAA-164.308(a)(1)(ii)(D)")},
      // pci-dss
      {"PCI-6.5.1", [](Json& f) { f["change"]["ticket"] = ""; }},
      {"PCI-6.5.4", DeployerApproved},
      {"PCI-6.2.4", [](Json& f) { f["evidence"]["scans"]["critical"] = 1; }},
      {"PCI-6.3.2", [](Json& f) { f["evidence"]["sbom"]["components"] = 0; }},
      {"PCI-6.3.3", [](Json& f) { f["evidence"]["sbom"]["vulnerabilities"]["high"] = 2; }},
      {"PCI-3.5.1", ControlTestFails("PCI-3.5.1")},
      {"PCI-10.2.1", ControlTestFails("PCI-10.2.1", true)},
      {"PCI-11.3.1", ControlTestFails("PCI-11.3.1")},
      // soc2
      {"CC8.1", TestsFail},
      {"CC7.1", [](Json& f) { f["evidence"]["sbom"]["vulnerabilities"]["critical"] = 1; }},
      {"CC6.1", ControlTestFails("CC6.1")},
      {"CC6.8", [](Json& f) { f["evidence"]["attestations"]["verified_subjects"] = {"bb22"}; }},
      {"CC7.2", ControlTestFails("CC7.2", true)},
  };
  return *cases;
}

// The result of control `id` of `framework` over `facts`.
ControlResult Decide(const std::string& framework, const std::string& id, const Json& facts,
                     const std::vector<PolicyException>& exceptions = {}) {
  Result<std::vector<ControlResult>> r =
      Validate(Shipped(), {framework}, facts, Json::array(), exceptions);
  EXPECT_TRUE(r.ok()) << r.status().message();
  for (const ControlResult& c : r.ok() ? *r : std::vector<ControlResult>()) {
    if (c.control->id == id) return c;
  }
  ADD_FAILURE() << "no control " << id << " in " << framework;
  return {};
}

std::string Reasons(const ControlResult& r) {
  std::string out;
  for (const std::string& s : r.reasons) out += s + "; ";
  return out;
}

TEST(ShippedControls, EveryControlPassesAndFails) {
  std::set<std::string> covered;
  for (const std::string& framework : Shipped().Frameworks()) {
    for (const Control& control : Shipped().Find(framework)->controls) {
      SCOPED_TRACE(framework + " " + control.id + " (" + control.origin + ")");
      covered.insert(control.id);
      auto it = FailingCases().find(control.id);
      ASSERT_NE(it, FailingCases().end()) << "no failing case for this shipped control";
      Json facts = PassingFacts();
      ControlResult pass = Decide(framework, control.id, facts);
      EXPECT_EQ(OutcomeName(pass.outcome), std::string("pass")) << Reasons(pass);
      it->second(facts);
      ControlResult fail = Decide(framework, control.id, facts);
      EXPECT_EQ(OutcomeName(fail.outcome), std::string("fail")) << Reasons(fail);
      EXPECT_FALSE(fail.reasons.empty());
      for (const std::string& reason : fail.reasons) {
        EXPECT_EQ(reason.find("{params."), std::string::npos) << reason;  // placeholders filled
        EXPECT_EQ(reason.find("evaluation error"), std::string::npos) << reason;  // no typo
      }
    }
  }
  for (const auto& [id, mutation] : FailingCases()) {
    EXPECT_TRUE(covered.count(id)) << id << " is not a shipped control any more";
  }
}

// Shipped thresholds are params, and the reasons show their values.
TEST(ShippedControls, ThresholdsAreParams) {
  Json facts = PassingFacts();
  facts["evidence"]["coverage"]["line_rate"] = 0.5;
  ControlResult r = Decide("sox", "SOX-CC-06", facts);
  EXPECT_EQ(r.reasons, std::vector<std::string>{"line coverage below the minimum line rate 0.85"});
  EXPECT_EQ(r.ToJson()["params"], Json({{"min_line_rate", 0.85}}));
  facts = PassingFacts();
  facts["evidence"]["scans"]["high"] = 1;
  r = Decide("pci-dss", "PCI-6.2.4", facts);
  EXPECT_EQ(r.reasons, std::vector<std::string>{
                           "static analysis reports unsuppressed critical or high findings "
                           "(allowed: 0 critical, 0 high)"});
}

struct Scenario {
  const char* name;
  Mutation mutate;
  // framework -> the controls that are not `pass`, with their status
  std::map<std::string, std::map<std::string, std::string>> not_passing;
  std::vector<PolicyException> exceptions = {};
};

// The expired exception (granted for CHG-1 until the day before kNow) and one in force.
PolicyException Expired(const std::string& control) {
  return {
      control, "waived for the Q2 freeze", "2025-05-31T00:00:00Z", "carol", "dana", "CHG-1", 11, 10,
      ""};
}
PolicyException InForce(const std::string& control) {
  return {control,
          "flaky suite, fix in OPS-9",
          "2025-06-30T00:00:00Z",
          "carol",
          "dana",
          "CHG-1",
          12,
          10,
          ""};
}

TEST(ShippedControls, ValidateScenariosPerFramework) {
  const std::vector<Scenario> scenarios = {
      {"approved", [](Json&) {}, {}},
      {"not approved",
       NotApproved,
       {{"sox", {{"SOX-CC-05", "fail"}, {"CC-01", "fail"}}},
        {"pci-dss", {{"PCI-6.5.1", "fail"}, {"PCI-6.5.4", "fail"}}},
        {"soc2", {{"CC8.1", "fail"}}}}},
      {"not approved, low risk automated and tested",
       [](Json& f) {
         NotApproved(f);
         f["risk"]["route"] = "automated";
         f["risk"]["level"] = "low";
         f["risk"]["required_evidence"] = Json::array();
         f["change"]["production"] = false;
       },
       {{"sox",
         {{"SOX-CC-05", "not-applicable"},
          {"SOX-CC-06", "not-applicable"},
          {"SOX-SEC-01", "not-applicable"}}},
        {"pci-dss",
         {{"PCI-6.5.1", "not-applicable"},
          {"PCI-6.5.4", "not-applicable"},
          {"PCI-6.2.4", "not-applicable"},
          {"PCI-6.3.2", "not-applicable"},
          {"PCI-6.3.3", "not-applicable"},
          {"PCI-11.3.1", "not-applicable"}}},
        {"soc2", {{"CC7.1", "not-applicable"}, {"CC6.8", "not-applicable"}}}}},
      {"deployer = approver",
       DeployerApproved,
       {{"sox", {{"SOX-CC-05", "fail"}, {"SOX-AC-02", "fail"}}},
        {"pci-dss", {{"PCI-6.5.4", "fail"}}}}},
      {"failing tests",
       TestsFail,
       {{"sox", {{"SOX-CC-05", "fail"}}},
        {"pci-dss", {{"PCI-6.5.1", "fail"}}},
        {"soc2", {{"CC8.1", "fail"}}}}},
      {"missing coverage",
       [](Json& f) { f["evidence"].erase("coverage"); },
       {{"sox", {{"SOX-CC-06", "missing-evidence"}}}}},
      {"failing tests, expired exception",
       [](Json& f) {
         TestsFail(f);
         f["evidence"]["control_tests"]["HIPAA-164.312(d)"]["failed"] = 1;
       },
       {{"sox", {{"SOX-CC-05", "fail"}}},
        {"hipaa", {{"HIPAA-164.312(d)", "fail"}}},
        {"pci-dss", {{"PCI-6.5.1", "fail"}}},
        {"soc2", {{"CC8.1", "fail"}}}},
       {Expired("SOX-CC-05"), Expired("HIPAA-164.312(d)"), Expired("PCI-6.5.1"), Expired("CC8.1")}},
      {"failing tests, exception in force",
       [](Json& f) {
         TestsFail(f);
         f["evidence"]["control_tests"]["HIPAA-164.312(d)"]["failed"] = 1;
       },
       {{"sox", {{"SOX-CC-05", "excepted"}}},
        {"hipaa", {{"HIPAA-164.312(d)", "excepted"}}},
        {"pci-dss", {{"PCI-6.5.1", "excepted"}}},
        {"soc2", {{"CC8.1", "excepted"}}}},
       {Expired("SOX-CC-05"), InForce("SOX-CC-05"), InForce("HIPAA-164.312(d)"),
        InForce("PCI-6.5.1"), InForce("CC8.1")}},
  };
  for (const Scenario& s : scenarios) {
    for (const std::string& framework : Shipped().Frameworks()) {
      SCOPED_TRACE(std::string(s.name) + ", " + framework);
      Json facts = PassingFacts();
      s.mutate(facts);
      Result<std::vector<ControlResult>> results =
          Validate(Shipped(), {framework}, facts, Json::array(), s.exceptions);
      ASSERT_TRUE(results.ok()) << results.status().message();
      std::map<std::string, std::string> got;
      bool expired_named = false;
      for (const ControlResult& r : *results) {
        if (r.outcome != Outcome::kPass) got[r.control->id] = OutcomeName(r.outcome);
        for (const std::string& reason : r.reasons) {
          expired_named |=
              reason.find("expired at 2025-05-31T00:00:00Z: ignored") != std::string::npos;
        }
      }
      auto want = s.not_passing.find(framework);
      std::map<std::string, std::string> expected;
      if (want != s.not_passing.end()) expected = want->second;
      EXPECT_EQ(got, expected);
      bool any_fail = false;
      for (const auto& [id, status] : got)
        any_fail |= status == "fail" || status == "missing-evidence";
      EXPECT_EQ(AnyFailed(*results), any_fail);
      if (!s.exceptions.empty() && std::string(s.name).find("expired") != std::string::npos) {
        EXPECT_TRUE(expired_named);
      }
    }
  }
}

}  // namespace
}  // namespace proofline::policy
