// Compliance validation (`proofline validate`): each control of the chosen frameworks decided
// over a change's recorded facts, or over one evidence file parsed with its kind's parser and not
// stored. The catalogs are the shipped ones, then proofline.yaml's `policy:` (at the change's
// baseline, or the override file), then each extra catalog file.
#pragma once

#include <string>
#include <vector>

#include "evidence/kinds.h"
#include "policy/validate.h"
#include "service/workspace.h"

namespace proofline::service {

struct ValidateInput {
  std::string change;                   // validate a change ...
  std::string evidence, kind;           // ... or one evidence file of a kind
  evidence::KindOptions options;        // the file's kind options (type, schema, key)
  std::vector<std::string> frameworks;  // in order, no duplicates
  std::vector<std::string> catalogs;    // extra catalog files
  std::string config;                   // proofline.yaml override
};

struct ValidateResult {
  std::string subject;        // "change CHG-1" or "evidence FILE (KIND)"
  Json subject_json;          // {change, evidence?, config?}
  std::string config_source;  // where proofline.yaml came from ("" when none)
  // The catalogs the results point into (ControlResult::control); held so they stay valid.
  std::unique_ptr<policy::CatalogSet> catalogs;
  std::vector<policy::ControlResult> results;
};

Result<ValidateResult> Validate(Workspace& ws, const ValidateInput& input);

}  // namespace proofline::service
