// Control catalogs: the compliance controls of one framework (SOX, HIPAA, PCI DSS, SOC 2, or a
// team's own) as YAML data a team can read, extend and override. Conditions are CEL expressions
// (cel/eval.h) over the facts of policy/facts.h, compiled once when the catalog is loaded.
//
// Format (unknown keys at any level are errors naming the key and FILE:LINE):
//   framework: sox                 # required; [a-z0-9][a-z0-9-]*, what --framework selects
//   title: Sarbanes-Oxley ...      # required
//   version: "2024.1"              # optional text
//   description: ...               # optional
//   controls:                      # required, non-empty list
//     - id: SOX-CC-05              # required, unique in the file, no whitespace
//       title: Change control      # required
//       citation: SOX 404 — ...    # required: the regulation text the control implements
//       description: ...           # optional
//       params: {min_line_rate: 0.85}     # optional named thresholds: int, double, bool or
//                                  # text scalars, read in its expressions as params.NAME and in
//                                  # its reasons as {params.NAME}; overridable in proofline.yaml
//       applies_when: change.production   # optional CEL (bool); absent means always
//       evidence: [junit, "evidence.control_tests.SOX-IT-03 | evidence.generic.audit-logging"]
//                                  # optional: what must be present, else missing-evidence.
//                                  # Each item: an evidence kind (junit, sarif, coverage, sbom,
//                                  # control-test, artifact, attestation, generic) or a fact path
//                                  # (dot-separated keys from the facts root; a key containing
//                                  # dots is quoted in backticks: evidence.control_tests.`A.1`);
//                                  # alternatives separated by " | ": any one present suffices.
//                                  # Present: the path leads to a value that is not null, not
//                                  # an empty list and not an empty object.
//       requires:                  # optional list; each must evaluate to true
//         - expr: evidence.tests.failures == 0   # CEL, must give a bool
//           reason: tests failed   # required: shown when the requirement does not hold
//                                  # ({params.NAME} is replaced by the param's value)
//       frameworks_also: ["soc2:CC8.1"]   # optional cross-references, shown, not evaluated
// A control needs `evidence` or `requires` (or both). A bad expression is an error naming the
// file, line, control and the CEL column, as is a `params.NAME` the control does not declare.
//
// Overrides: catalogs are added to a CatalogSet in order (the shipped ones first, then those
// of proofline.yaml's policy.catalogs, then each --catalog FILE). A catalog whose framework is
// already present merges into it: a control with an id already there REPLACES that control in place
// (its whole definition, not single keys); any other control is appended. A catalog of a new
// framework adds that framework. Then proofline.yaml's policy.params set single params by control
// id and name.
//
// The `policy:` section of proofline.yaml (ParsePolicyConfig; the other sections are risk's,
// risk/config.h; unknown keys are errors naming FILE:LINE):
//   policy:
//     catalogs: [compliance/our-controls.yaml]   # paths relative to the repository
//     params: {SOX-CC-06: {min_line_rate: 0.80}} # CONTROL_ID: {PARAM: value}
// An overridden param must exist in the control (in every framework that has the id) and keep
// its type (an int is accepted for a double param).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "cel/eval.h"

namespace proofline::policy {

// A catalog file compiled into the binary (catalogs/*.yaml, embedded by embed_catalogs.cmake).
struct ShippedCatalogFile {
  const char* name;  // file name, e.g. "sox.yaml"
  const char* text;
};
std::span<const ShippedCatalogFile> ShippedCatalogFiles();

struct Requirement {
  std::string expr;
  std::string reason;
  cel::Program program;
};

// One `evidence` item: alternatives, each a path of keys from the facts root.
struct EvidenceNeed {
  std::string text;  // as written
  std::vector<std::vector<std::string>> alternatives;
};

struct Control {
  std::string id, title, citation, description;
  Json params = Json::object();         // name -> int, double, bool or string
  std::string params_origin;            // "FILE:LINE" of the latest override, if any
  std::string applies_when;             // source; empty when absent (always applies)
  std::optional<cel::Program> applies;  // compiled applies_when
  std::vector<EvidenceNeed> evidence;
  std::vector<Requirement> requirements;
  std::vector<std::string> frameworks_also;
  std::vector<std::string> kinds_used;  // evidence kinds its expressions or needs mention
  std::string origin;                   // "FILE:LINE" of its definition
};

struct Catalog {
  std::string framework, title, version, description, origin;
  std::vector<Control> controls;
};

// One policy.params entry of proofline.yaml.
struct ParamOverride {
  std::string control, name;
  Json value;
  std::string origin;  // "FILE:LINE"
};

// The `policy:` section of a proofline.yaml.
struct PolicyConfig {
  struct CatalogRef {
    std::string path;    // relative, no ".." component
    std::string origin;  // "FILE:LINE" of the entry
  };
  std::vector<CatalogRef> catalogs;
  std::vector<ParamOverride> params;
};

// Reads the policy section of proofline.yaml `text` (absent: empty). InvalidArgument
// "SOURCE:LINE: ..." for YAML syntax errors, unknown keys (top level: those of
// risk::kProoflineYamlSections), absolute or ".." catalog paths and non-scalar params.
Result<PolicyConfig> ParsePolicyConfig(std::string_view text, const std::string& source);

// Parses and compiles one catalog. `source` names the file in messages. InvalidArgument
// "SOURCE:LINE: ..." for YAML syntax errors, unknown or missing keys, values of the wrong type,
// duplicate control ids, bad evidence items and expressions that do not compile.
Result<Catalog> ParseCatalog(std::string_view text, const std::string& source);

// The catalogs in use, merged as described above. Move-only (compiled programs).
class CatalogSet {
 public:
  // The shipped catalogs. Internal if one does not load (a bug caught by policy_test).
  static Result<CatalogSet> Shipped();

  // Adds or merges `catalog`.
  void Add(Catalog catalog);
  // Sets a param of every control with the id. InvalidArgument "ORIGIN: ..." naming an unknown
  // control or param, or a value of another type.
  Status Override(const ParamOverride& param);
  // nullptr for an unknown framework.
  const Catalog* Find(std::string_view framework) const;
  // The framework ids, in the order they were added.
  std::vector<std::string> Frameworks() const;

 private:
  std::vector<Catalog> catalogs_;
};

}  // namespace proofline::policy
