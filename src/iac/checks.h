// IaC checks as data: a YAML file of checks, each selecting resources by type and asserting a
// condition over their JSON bodies (resource.h), evaluated over a whole Inventory so a check can
// look at a related resource (S3 encryption configured in a separate resource). The shipped checks
// are the files of src/iac/checks/ (one per platform), embedded at build time.
//
// File format (unknown keys are errors, so a typo cannot silently disable a check):
//   checks:
//     - id: PL-AWS-RDS-ENCRYPTION           # [A-Za-z0-9._-]+, unique within the file
//       title: RDS storage is encrypted at rest
//       severity: high                      # note | low | medium | high | critical
//       resource_types: [aws_db_instance]   # exact types, "prefix*", "data.TYPE" for data
//                                           # sources; Kubernetes kinds ("Deployment") as is
//       when: CONDITION                     # optional: only resources where it holds (or is
//                                           # unknown) are checked
//       also: [{resource_types: [...], when: CONDITION}]   # optional further selections
//       assert: CONDITION                   # what a compliant resource satisfies
//       message: storage is not encrypted   # optional: what is wrong (default: the title)
//       controls: ["SOX-IT-03", "PCI DSS 3.5"]
//       remediation: Set storage_encrypted = true.
//
// CONDITION is one of
//   {path: P, op: exists | not_exists}
//   {path: P, op: equals | not_equals | in | not_in | contains | not_contains | has_keys,
//    value: V}   (or `value_from: required_tags`, the CheckParams list, instead of `value`)
//   {path: P, op: lt | le | gt | ge, value: NUMBER}   (a backup retention of at least 7 days)
//   {path: P, op: matches | not_matches, value: RE2}  (the pattern found anywhere in the text
//       of the value; anchor with ^ and $; an invalid pattern is an error when loading)
//   {all_of: [C, ...]}, {any_of: [C, ...]}, {not: C}
//   {every | some | none: P or [P, ...], assert: C}  C is evaluated on each element of the
//       arrays the paths reach (an object counts as one element; paths that reach nothing add
//       none): `every` holds when each element satisfies C (also when there is none, unless
//       `if_empty: fail`), `some` when one does, `none` when none does.
//   {related: {type: T, via: P, match: P2, where: C}}  holds when a resource of type T (a
//       resource_types entry, no glob) satisfies C (or just exists, without `where`). With `via`,
//       only those whose attribute P references this one (Terraform: the traversal `TYPE.NAME`
//       of this resource appears in P's strings at a word boundary, within the same module), or,
//       with `match`, whose P equals this resource's literal P2 (a bucket named literally).
//       Without `via`, any resource of type T anywhere (account-level settings).
// Any condition may add `if_unresolved: pass | fail | report` (below).
//
// Paths: dot-separated keys, each optionally followed by [*], [N], ["KEY"] (a key holding any
// character but '"': `metadata.annotations["example.com/x"]`) or ["PREFIX*"] (every key that
// begins with PREFIX: `annotations["container.apparmor.security.beta.kubernetes.io/*"]`,
// none when none does); `@json` decodes the JSON
// text of a string (an IAM policy), also one holding unresolved parts when it is valid JSON all
// the same (jsonencode of an object with a reference, a heredoc interpolating inside a string):
// the structure is known, the strings with "${" inside stay unknown. A key applied to an array
// applies to each element, so the nested blocks of Terraform's JSON form read naturally:
// `root_block_device.encrypted`. Null is absent (Terraform's null leaves an argument unset).
//
// Leaf semantics: `exists` holds when the path reaches a value, `not_exists` when it reaches
// none. The other operators must hold for every value the path reaches; when it reaches none,
// the positive ones (equals, in, contains, has_keys, lt..ge, matches) fail and the negative ones
// (not_*) hold, unless `if_missing: pass | fail` says otherwise. lt..ge compare numbers (a
// numeric string such as "7" counts; anything else is false); matches and not_matches read a
// number or bool as its JSON text and an object or array as matching nothing. Comparisons convert
// like Terraform: the strings "true"/"false"/"12" equal the bool/number. contains: an array element
// equals V, or a single value does (IAM writes one action as a string: "s3:*" does not contain
// "*"). has_keys: an object holding every key of the list V.
//
// Unresolved values: a Terraform string holding "${" (an expression terraform.h could not resolve
// statically, e.g. "${var.encrypted}") is unknown, never silently true or false:
//   - exists holds (a kms_key_id referencing a key is set), not_exists fails;
//   - the other operators are unknown unless a resolved value already decides (contains finds V
//     elsewhere in the array);
//   - all_of is false if a child is false, else unknown if one is; any_of is true if a child is,
//     else unknown if one is; not keeps unknown; quantifiers and related combine likewise.
// A check whose assertion ends unknown is a finding saying the value could not be resolved
// (`if_unresolved: report`, the default); `pass` or `fail` on a condition decide for it instead
// (the IAM checks pass a policy that is a reference: the policy document it names is checked).
//
// Computed attributes: `tags_all` of an aws_* resource is what Terraform's AWS provider
// computes: the `default_tags` of its provider (the `provider` argument's alias, looked up in the
// resource's module, then its parents) merged with its own `tags`; a resource read from a plan
// (Resource::planned) has its `tags_all` read as Terraform computed it, while a `tags_all`
// written in configuration (read-only in Terraform) is ignored.
//
// Errors: ParseChecks returns InvalidArgument "SOURCE:LINE: what" for invalid YAML, unknown keys,
// missing fields, an unknown operator or severity, a bad path, a value of the wrong shape and a
// duplicate id.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "iac/resource.h"
#include "scan/finding.h"

namespace proofline::iac {

struct Condition;  // compiled CONDITION, defined in checks.cc

struct Selector {
  std::vector<std::string> resource_types;
  std::shared_ptr<const Condition> when;  // null: every resource of those types
};

struct Check {
  std::string id, title, message, remediation;
  scan::Severity severity = scan::Severity::kMedium;
  std::vector<std::string> controls;
  std::vector<Selector> selectors;  // resource_types/when, then each of `also`
  std::shared_ptr<const Condition> assertion;
  std::string origin;  // "SOURCE:LINE" of the check
};

struct CheckSet {
  std::vector<Check> checks;
};

// The tags required when the project configures none (issue 9): Environment, Owner,
// ComplianceFramework, ChangeTicket, GitCommitSHA, ApprovalReference.
std::vector<std::string> DefaultRequiredTags();

struct CheckParams {
  std::vector<std::string> required_tags = DefaultRequiredTags();
};

// Compiles a check file (format above); `source` names it in errors.
Result<CheckSet> ParseChecks(std::string_view text, const std::string& source);
// NotFound for a missing file.
Result<CheckSet> LoadChecksFile(const std::string& path);
// The embedded src/iac/checks/*.yaml, in file order (an error here, such as an id defined in two
// files, is a bug caught by the tests).
Result<CheckSet> ShippedChecks();
// `base` with `more` added; a check of `more` with an id already in `base` replaces it in place.
CheckSet MergeChecks(CheckSet base, CheckSet more);

struct CheckFinding {
  const Check* check = nullptr;
  const Resource* resource = nullptr;
  uint32_t line = 0;        // the offending attribute's line, else the resource's
  std::string message;      // "ADDRESS: MESSAGE (DETAIL)"
  bool unresolved = false;  // the assertion ended unknown
};

// Evaluates every check on every resource it selects. Findings come in check order, then
// inventory order. Pointers refer into `checks` and `inventory`. Single-threaded; never fails.
std::vector<CheckFinding> RunChecks(const CheckSet& checks, const Inventory& inventory,
                                    const CheckParams& params);

}  // namespace proofline::iac
