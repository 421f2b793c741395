// A Terraform plan in JSON (`terraform show -json PLANFILE`, format_version 1.x, documented at
// https://developer.hashicorp.com/terraform/internals/json-format) read into the resource model
// of resource.h, so the IaC checks run on what Terraform will create: count, for_each, modules,
// variables and functions already evaluated by Terraform itself.
//
// Read: planned_values.root_module, recursively: its resources[] and those of child_modules[]
// (each with its own resources[] and child_modules[]). Every resource becomes one Resource:
//   kind     "resource" for mode "managed", "data" for mode "data" (other modes, e.g.
//            ephemeral resources, are not infrastructure the checks look at: skipped)
//   type, name  as given
//   address  as given ("module.x.aws_s3_bucket.logs[0]", "aws_iam_user.u[\"bob\"]")
//   module   the enclosing child module's address ("" at the root, "module.x[\"a\"]")
//   file     the plan's path (name) as given
//   line     1, lines empty: `terraform show -json` writes the whole plan on one line, so a
//            finding points at the plan file, line 1, and names the resource by its address
//   body     values, as Terraform planned them (tags_all included: Terraform computed it)
// Resources that the plan deletes are not in planned_values and so not read.
//
// Unknown values: what Terraform knows only after apply is absent from `values` and marked true
// in resource_changes[].change.after_unknown (matched by address), a tree mirroring `after`. At
// each such path the body holds a "${...}" string, unknown to the checks (checks.h) as an
// unresolved Terraform expression is: `exists` holds (a kms_key_id known after apply is set) and
// nothing unknown reads as absent. The string is "${REFERENCE}" when the configuration's
// expression for that attribute (configuration.root_module ... expressions, followed through
// module_calls and nested blocks) names references, the first of them (e.g.
// "${aws_s3_bucket.logs.id}", so a check joining resources by reference still finds the
// resource it refers to), else "${known after apply}".
//
// Sensitive values: after_sensitive (and sensitive_values) only mark what Terraform's UI
// redacts; the values themselves are in the plan file, and are read as values, since a check must
// see a sensitive attribute as it would in the .tf source. A finding's message may quote one, as
// it would from the source.
//
// State: a document with `values` and no `planned_values` (`terraform show -json` of a state
// file) is read the same way from values.root_module, with nothing unknown.
//
// Numbers: a whole number beyond +/-2^53 (1e21 and above aside) becomes its decimal text, a
// string: RFC 8785 JSON, which bodies must have, cannot carry it exactly; the checks compare
// such a string with a number as Terraform converts it.
//
// Errors (InvalidArgument "FILE: what"): invalid JSON (with its line and column), nesting deeper
// than 200 levels, a document that is not an object, no string format_version, no
// planned_values (nor values) object, a module whose resources/child_modules are not arrays, a
// child module or resource without a non-empty string address (and a resource without type,
// name and mode). NotFound: a missing file.
// Linear in the plan's size: parsed once, resource_changes and configuration indexed by address.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"
#include "iac/resource.h"

namespace proofline::iac {

// Reads the plan JSON at `path` (format above).
Result<Inventory> LoadTerraformPlan(const std::string& path);

// Reads plan JSON text; `file` names it in the inventory and in errors.
Result<Inventory> LoadTerraformPlanText(std::string_view file, std::string_view text);

}  // namespace proofline::iac
