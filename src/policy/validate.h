// Validation: every control of the selected frameworks decided against a change's facts, each
// with the evidence that decided it and the reasons, so the answer can be shown to an auditor.
//
// A control's status, decided in this order:
//   not-applicable    applies_when evaluated to false
//   missing-evidence  an `evidence` need has none of its alternatives present (all are named)
//   fail              a requirement evaluated to false, to something other than a bool, or to
//                     an error (e.g. "no such key"): an error never passes. Every failing
//                     requirement's reason is listed. An applies_when that errs fails too.
//   pass              every requirement held
//   excepted          it would be fail or missing-evidence, but an exception for its id is in
//                     force (the latest such grant; its reason, approver and expiry are shown).
//                     Expired exceptions are ignored, and the result says so.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"
#include "policy/catalog.h"
#include "policy/exceptions.h"

namespace proofline::policy {

enum class Outcome { kPass, kFail, kMissingEvidence, kNotApplicable, kExcepted };
inline constexpr Outcome kOutcomes[] = {Outcome::kPass, Outcome::kFail, Outcome::kMissingEvidence,
                                        Outcome::kNotApplicable, Outcome::kExcepted};
const char* OutcomeName(Outcome outcome);

struct ControlResult {
  std::string framework;
  const Control* control = nullptr;  // owned by the CatalogSet validated against
  Outcome outcome = Outcome::kPass;
  std::vector<std::string> reasons;
  // The evidence entries of the kinds the control reads: [{index?, kind, file, digest}].
  Json evidence = Json::array();

  // {framework, control, title, citation, status, reasons, evidence[, frameworks_also]
  // [, params (the values in force, overrides applied)]}.
  Json ToJson() const;
};

// Decides every control of `frameworks` (in that order, controls in catalog order) over `facts`
// (policy/facts.h; its `now` dates the exceptions). `entries` are the evidence entries the facts
// were built from (ChangeRecord::evidence shape) and `exceptions` those that may apply. Each
// control's expressions see its params as the variable `params`.
// InvalidArgument for an unknown framework, naming the known ones; facts that are not a JSON
// object. Expression errors are results (fail), not errors.
Result<std::vector<ControlResult>> Validate(const CatalogSet& catalogs,
                                            const std::vector<std::string>& frameworks,
                                            const Json& facts, const Json& entries,
                                            const std::vector<PolicyException>& exceptions);

// True when a result is fail or missing-evidence: the exit status 1 of `validate`.
bool AnyFailed(const std::vector<ControlResult>& results);

// Evaluates `program` to a bool; InvalidArgument saying why when it gives an error or another
// type ("expression gave int, not bool").
Result<bool> EvalBool(const cel::Program& program, const cel::Activation& activation);

}  // namespace proofline::policy
