// Terraform configuration (.tf files in HCL2 native syntax via hcl.h, and .tf.json files in
// Terraform's JSON configuration syntax) read into the resource model of resource.h, so the IaC
// checks see Terraform resources as JSON bodies. A plan (`terraform show -json`) is tfplan.h.
//
// Modules: the .tf and .tf.json files directly in one directory form one module (read in name
// order, both syntaxes alike; *_override files are read as ordinary files, not merged). A
// directory given is walked recursively (skipping .terraform and .git, not following directory
// symlinks); every directory holding such files is a root module EXCEPT one that is the local
// source of a module call somewhere in the walked tree: it is read only through its calls, once
// per call instance, so nothing is reported twice. A .tf or .tf.json file given directly is a
// module of that one file; other files given directly are ignored (they belong to other readers,
// e.g. Kubernetes manifests).
//
// .tf.json, read as Terraform reads it (its JSON configuration syntax:
// https://developer.hashicorp.com/terraform/language/syntax/json).
// Top-level "resource", "data", "provider", "module", "variable" and "locals" objects (at any
// level an array of objects stands for repeated ones; "//" keys are comments; "terraform",
// "output" and the other keys are not read). Their strings are templates, resolved as below
// (a variable's "default" is a literal). "dynamic" in a resource, data or provider body (and in
// a dynamic's "content") is the dynamic block below. Other nested blocks stay the objects or
// arrays written (without the provider's schema a block cannot be told from an object
// attribute; the checks' paths read `versioning.enabled` through either). Lines: a resource's is
// the line of its name key ("logs": {), an attribute's that of its key, and every key and element
// of a literal object or array value has its own, so a finding points at the offending member.
// Invalid JSON, a template that does not parse, or a block that is not an object is a problem
// (the first one only) and nothing of that file is read, as for a .tf file that does not parse.
//
// Blocks that become Resources (every other block, e.g. `terraform`, `output`, is not one):
//   resource "T" "N"  -> kind "resource", address "T.N"
//   data "T" "N"      -> kind "data", address "data.T.N"
//   provider "T"      -> kind "provider", name = its literal `alias` or "default",
//                        address "provider.T" or "provider.T.ALIAS"
// In a child module every address is prefixed "module.NAME." (nested: module.a.module.b.).
//
// count and for_each (on resources, data sources and module calls) are expanded when their value
// is statically known (resolved as below):
//   count = N           N instances, addresses T.N[0] .. T.N[N-1] (module.M[0].); count.index
//                       resolved in each; 0 makes none (a module call of count 0 is not read)
//   for_each = MAP      one instance per key in key order, T.N["key"]; each.key, each.value
//   for_each = SET      a list or toset() of strings (numbers and bools as their text), sorted and
//                       deduplicated as Terraform's sets: each.key = each.value = the string
// The expanded bodies leave out count/for_each themselves (meta-arguments, not configuration).
// When the value is not statically known (a reference to another resource, a variable without
// default, a for expression), the resource is ONE unexpanded instance at the plain address with
// its count/for_each attribute kept as "${SOURCE}" and count.index/each.* left "${...}", so a
// check meets unknown values, never a guess. A known value Terraform refuses (count -1, a
// for_each of objects, both meta-arguments) or too many copies (more than 10,000 instances of
// one block, or 1,000,000 attributes and blocks in all the copies of one load; dynamic blocks
// alike) is a problem and read the same unexpanded way.
//
// dynamic "LABEL" { for_each = X  iterator = I  labels = [...]  content { ... } } becomes LABEL
// blocks exactly like literal nested ones (appended in source order): one per element of a
// statically known list or map X, with I.key (LABEL.key without `iterator`; a list or set's key
// is the element's index) and I.value resolved; none for an empty X. When X is not known, ONE
// LABEL block from `content` with the iterator's references left "${...}", so a check over
// e.g. `ingress` blocks sees unknown values, never an absent block. Nested dynamic blocks see
// the iterators around them. A dynamic block without for_each or content is a problem.
//
// Bodies are Terraform's JSON configuration syntax (resource.h): literals as JSON values; nested
// blocks as arrays of objects under the block type; a labelled nested block as an array entry
// {LABEL: {...}}; strings are templates, so a literal "${" is written "$${" (and "%{" as "%%{"),
// as Terraform's JSON syntax and hcl2json write them.
// Statically known values are resolved first:
//   var.NAME     the module call's argument when the call sets it (unresolved if the argument
//                is), else the variable's `default`
//   local.NAME   the local value (a cycle of locals stays unresolved)
//   count.index, each.key, each.value, ITERATOR.key/.value  as above
//   X.a, X[0], X["k"] on a resolved X; -N and !B on resolved numbers and bools
//   C ? A : B    with C a resolved bool; A == B, A != B, &&, ||, <, <=, >, >=, + - * / % on
//                operands with no unresolved part (numbers and bools also from their strings)
//   merge(o, ...)  of resolved objects; jsonencode(v) of a resolved v, as the JSON text (keys
//                sorted, no blanks), so a policy written with jsonencode reads like a literal one
//   tolist(l), tomap(m)  identity; toset(l) of known scalars: sorted, deduplicated
//   length(x)    of a resolved list or map (its elements may be unresolved)
//   "a-${x}"     interpolations that resolve to strings, numbers or bools are substituted; the
//                others stay "${SOURCE}"; "${x}" alone is x's value, whatever its type
// Anything else is "${SOURCE}", SOURCE the expression exactly as written (comments included),
// and so is a number JSON cannot carry canonically (1e999; a whole number in (2^53, 1e21)).
// Module calls with a local source ("./x", "../x") are followed; their arguments are evaluated
// in the caller. Registry and git sources are skipped (no network).
//
// Problems (an unreadable or unparsable file, a local module directory that does not exist, a
// module that calls itself, a resource block with the wrong number of labels, the count,
// for_each and dynamic problems above) become Inventory::problems and the rest of the
// configuration is still read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "iac/resource.h"

namespace proofline::iac {

// Reads every .tf and .tf.json file under `paths` (files or directories). A file's name in the
// inventory is relative to the directory given (as given for a file given directly). NotFound when
// a path does not exist; everything else that goes wrong is a ParseProblem.
Result<Inventory> LoadTerraform(const std::vector<std::string>& paths);

// Reads one file's text as a root module without touching the file system (module calls are
// not followed). `file` names it in the inventory and in problems; a name ending in ".tf.json"
// selects the JSON syntax.
Inventory LoadTerraformText(std::string_view file, std::string_view text);

}  // namespace proofline::iac
