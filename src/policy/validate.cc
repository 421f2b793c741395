// Decides controls over facts (validate.h): evaluates the compiled expressions of each control,
// checks its evidence needs, applies exceptions and names the evidence behind each answer.
#include "policy/validate.h"

#include <algorithm>

#include "cel/value.h"

namespace proofline::policy {
namespace {

// Present: the value at `path` exists and is not null, an empty list or an empty object.
bool Present(const Json& facts, const std::vector<std::string>& path) {
  const Json* at = &facts;
  for (const std::string& key : path) {
    if (!at->is_object()) return false;
    auto it = at->find(key);
    if (it == at->end()) return false;
    at = &*it;
  }
  return !at->is_null() && !((at->is_array() || at->is_object()) && at->empty());
}

// The missing needs of `control`, as written.
std::vector<std::string> MissingEvidence(const Control& control, const Json& facts) {
  std::vector<std::string> missing;
  for (const EvidenceNeed& need : control.evidence) {
    bool found = std::any_of(need.alternatives.begin(), need.alternatives.end(),
                             [&](const auto& path) { return Present(facts, path); });
    if (!found) missing.push_back(need.text);
  }
  return missing;
}

Json EvidenceRefs(const Control& control, const Json& entries) {
  Json refs = Json::array();
  if (!entries.is_array()) return refs;
  for (const Json& e : entries) {
    std::string kind = StringAt(e, "kind");
    if (std::find(control.kinds_used.begin(), control.kinds_used.end(), kind) ==
        control.kinds_used.end()) {
      continue;
    }
    Json ref = {{"kind", kind}, {"file", StringAt(e, "file")}, {"digest", StringAt(e, "digest")}};
    if (e.contains("index") && e["index"].is_number_integer()) ref["index"] = e["index"];
    refs.push_back(std::move(ref));
  }
  return refs;
}

// `reason` with each {params.NAME} replaced by the param's value.
std::string Reason(const std::string& reason, const Json& params) {
  std::string out = reason;
  for (const auto& kv : params.items()) {
    std::string placeholder = "{params." + kv.key() + "}";
    std::string value = kv.value().is_string()         ? kv.value().get<std::string>()
                        : kv.value().is_number_float() ? cel::FormatDouble(kv.value().get<double>())
                                                       : kv.value().dump();
    for (size_t at = out.find(placeholder); at != std::string::npos;
         at = out.find(placeholder, at + value.size())) {
      out.replace(at, placeholder.size(), value);
    }
  }
  return out;
}

// Sets the outcome and reasons of `r` from the control's expressions and needs.
void Decide(const Control& control, const Json& facts, const cel::Activation& activation,
            ControlResult* r) {
  if (control.applies) {
    Result<bool> applies = EvalBool(*control.applies, activation);
    if (!applies.ok()) {
      r->outcome = Outcome::kFail;
      r->reasons.push_back("applies_when: " + applies.status().message());
      return;
    }
    if (!*applies) {
      r->outcome = Outcome::kNotApplicable;
      r->reasons.push_back("applies_when is false: " + control.applies_when);
      return;
    }
  }
  std::vector<std::string> missing = MissingEvidence(control, facts);
  if (!missing.empty()) {
    r->outcome = Outcome::kMissingEvidence;
    for (const std::string& m : missing) r->reasons.push_back("missing evidence: " + m);
    return;
  }
  for (const Requirement& req : control.requirements) {
    Result<bool> holds = EvalBool(req.program, activation);
    if (!holds.ok()) {
      r->reasons.push_back(Reason(req.reason, control.params) + " (" + holds.status().message() +
                           ")");
    } else if (!*holds) {
      r->reasons.push_back(Reason(req.reason, control.params));
    }
  }
  r->outcome = r->reasons.empty() ? Outcome::kPass : Outcome::kFail;
}

// Turns a fail or missing-evidence into excepted when an exception for the control is in force;
// names the expired ones either way.
void ApplyExceptions(const std::vector<PolicyException>& exceptions, const std::string& now,
                     ControlResult* r) {
  if (r->outcome != Outcome::kFail && r->outcome != Outcome::kMissingEvidence) return;
  const PolicyException* in_force = nullptr;
  for (const PolicyException& e : exceptions) {
    if (e.control != r->control->id) continue;
    if (InForce(e, now)) {
      in_force = &e;
    } else {
      r->reasons.push_back("exception #" + std::to_string(e.index) + " by " + e.approved_by +
                           " expired at " + e.until + ": ignored");
    }
  }
  if (in_force == nullptr) return;
  r->outcome = Outcome::kExcepted;
  r->reasons.push_back("excepted: " + in_force->reason + " (exception #" +
                       std::to_string(in_force->index) + ", approved by " + in_force->approved_by +
                       ", until " + in_force->until + ")");
}

std::string KnownFrameworks(const CatalogSet& catalogs) {
  std::string out;
  for (const std::string& f : catalogs.Frameworks()) out += (out.empty() ? "" : ", ") + f;
  return out;
}

}  // namespace

Result<bool> EvalBool(const cel::Program& program, const cel::Activation& activation) {
  Result<cel::Value> v = program.Eval(activation);
  if (!v.ok()) return v.status();
  if (v->kind() != cel::Kind::kBool) {
    return InvalidArgument("expression gave " + std::string(cel::KindName(v->kind())) +
                           ", not bool");
  }
  return v->bool_value();
}

const char* OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "pass";
    case Outcome::kFail:
      return "fail";
    case Outcome::kMissingEvidence:
      return "missing-evidence";
    case Outcome::kNotApplicable:
      return "not-applicable";
    case Outcome::kExcepted:
      return "excepted";
  }
  return "fail";
}

Json ControlResult::ToJson() const {
  Json j = {
      {"framework", framework},        {"control", control->id},         {"title", control->title},
      {"citation", control->citation}, {"status", OutcomeName(outcome)}, {"reasons", reasons},
      {"evidence", evidence}};
  if (!control->frameworks_also.empty()) j["frameworks_also"] = control->frameworks_also;
  if (!control->params.empty()) j["params"] = control->params;
  return j;
}

Result<std::vector<ControlResult>> Validate(const CatalogSet& catalogs,
                                            const std::vector<std::string>& frameworks,
                                            const Json& facts, const Json& entries,
                                            const std::vector<PolicyException>& exceptions) {
  std::vector<const Catalog*> selected;
  for (const std::string& f : frameworks) {
    const Catalog* c = catalogs.Find(f);
    if (c == nullptr) {
      return InvalidArgument("unknown framework '" + f + "' (known: " + KnownFrameworks(catalogs) +
                             ")");
    }
    selected.push_back(c);
  }
  ASSIGN_OR_RETURN(cel::Activation activation, cel::Activation::FromJson(facts));
  std::string now = StringAt(facts, "now");
  std::vector<ControlResult> results;
  for (const Catalog* catalog : selected) {
    for (const Control& control : catalog->controls) {
      ControlResult r;
      r.framework = catalog->framework;
      r.control = &control;
      // Each control reads its own params; Validate's callers cannot shadow them with a fact.
      ASSIGN_OR_RETURN(cel::Value params, cel::ValueFromJson(control.params));
      activation.Bind("params", std::move(params));
      Decide(control, facts, activation, &r);
      ApplyExceptions(exceptions, now, &r);
      if (r.outcome != Outcome::kNotApplicable) r.evidence = EvidenceRefs(control, entries);
      results.push_back(std::move(r));
    }
  }
  return results;
}

bool AnyFailed(const std::vector<ControlResult>& results) {
  return std::any_of(results.begin(), results.end(), [](const ControlResult& r) {
    return r.outcome == Outcome::kFail || r.outcome == Outcome::kMissingEvidence;
  });
}

}  // namespace proofline::policy
