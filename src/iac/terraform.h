// Terraform configuration (.tf files, HCL2 native syntax via hcl.h) read into the resource model
// of resource.h, so the IaC checks see Terraform resources as JSON bodies.
//
// Modules: the .tf files directly in one directory form one module. A directory given is walked
// recursively (skipping .terraform and .git, not following directory symlinks); every directory
// holding .tf files is a root module EXCEPT one that is the local source of a module call
// somewhere in the walked tree: it is read only through its calls, once per call, so nothing is
// reported twice. A .tf file given directly is a module of that one file; other files given
// directly are ignored (they belong to other readers, e.g. Kubernetes manifests).
//
// Blocks that become Resources (every other block, e.g. `terraform`, `output`, is not one):
//   resource "T" "N"  -> kind "resource", address "T.N"
//   data "T" "N"      -> kind "data", address "data.T.N"
//   provider "T"      -> kind "provider", name = its literal `alias` or "default",
//                        address "provider.T" or "provider.T.ALIAS"
// In a child module every address is prefixed "module.NAME." (nested: module.a.module.b.).
// `count`/`for_each` are kept as attributes; instances are not expanded.
//
// Bodies are Terraform's JSON configuration syntax (resource.h): literals as JSON values; nested
// blocks as arrays of objects under the block type; a labelled nested block (e.g. `dynamic
// "ingress"`) as an array entry {LABEL: {...}}; strings are templates, so a literal "${" is
// written "$${" (and "%{" as "%%{"), as Terraform's JSON syntax and hcl2json write them.
// Statically known values are resolved first:
//   var.NAME     the module call's argument when the call sets it (unresolved if the argument
//                is), else the variable's `default`
//   local.NAME   the local value (a cycle of locals stays unresolved)
//   X.a, X[0], X["k"] on a resolved X; -N and !B on resolved numbers and bools
//   merge(o, ...)  of resolved objects; jsonencode(v) of a resolved v, as the JSON text (keys
//                sorted, no blanks), so a policy written with jsonencode reads like a literal one
//   "a-${x}"     interpolations that resolve to strings, numbers or bools are substituted; the
//                others stay "${SOURCE}"; "${x}" alone is x's value, whatever its type
// Anything else is "${SOURCE}", SOURCE the expression exactly as written (comments included).
// Module calls with a local source ("./x", "../x") are followed; their arguments are evaluated
// in the caller. Registry and git sources are skipped (no network).
//
// Problems (an unreadable or unparsable file, a local module directory that does not exist, a
// module that calls itself, a resource block with the wrong number of labels) become
// Inventory::problems and the rest of the configuration is still read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "iac/resource.h"

namespace proofline::iac {

// Reads every .tf file under `paths` (files or directories). A file's name in the inventory is
// relative to the directory given (as given for a file given directly). NotFound when a path
// does not exist; everything else that goes wrong is a ParseProblem.
Result<Inventory> LoadTerraform(const std::vector<std::string>& paths);

// Reads one file's text as a root module without touching the file system (module calls are
// not followed). `file` names it in the inventory and in problems.
Inventory LoadTerraformText(std::string_view file, std::string_view text);

}  // namespace proofline::iac
