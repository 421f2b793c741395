// Kubernetes YAML manifests read into the resource model of resource.h, so the IaC checks see
// Deployments and Pods as JSON bodies beside Terraform resources.
//
// Files: *.yaml and *.yml. A directory is walked recursively in name order, skipping .git,
// .terraform and node_modules and not following symbolic links; other files given directly are
// ignored (they belong to other readers, e.g. Terraform). A file's name is the path as the scan
// driver shows it: "DIR/sub/x.yaml" under a directory "DIR" given, "sub/x.yaml" under ".".
//
// Documents: a file holds documents separated by "---" (and ended by "...") at column 0. They
// are split there and parsed one by one (yaml-cpp), so one broken document is a ParseProblem
// with its file and absolute line while the others are still read. A broken file that holds Go
// template markers ("{{") is a Helm template, not a manifest, and is skipped silently.
// A document is a manifest when it is a mapping with string `apiVersion` and `kind`; others
// (Helm values, kustomization.yaml, CI files) are skipped. A kind ending in "List" with an
// `items` array (v1 List, PodList, ...) contributes its items instead.
//
// Resources: kind "kubernetes", type = `kind`, name = metadata.name, address
// "Kind/NAMESPACE/NAME" (namespace "default" when metadata.namespace is absent), line = the
// document's (or item's) first line, body = the document as JSON, lines = the line of every node
// by JSON pointer (root "" included).
//
// Scalars follow the YAML 1.2 core schema, and only for plain (unquoted) scalars: null, ~ and
// empty -> null; true/false (any of the three capitalisations) -> bool; decimal, 0o and 0x
// integers -> numbers (those beyond 64 bits as doubles); decimal floats -> numbers. .inf and .nan
// stay strings (JSON has no such numbers). Quoted and block scalars are always strings, so
// `"true"` and `'1'` stay text as Kubernetes itself reads them. Aliases are expanded; a document
// that expands past kMaxNodes nodes or nests deeper than kMaxDepth is a ParseProblem (alias bombs
// and hostile nesting cannot exhaust memory or the stack).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "iac/resource.h"

namespace proofline::iac {

inline constexpr size_t kMaxYamlNodes = 1'000'000;
inline constexpr int kMaxYamlDepth = 200;

// Reads every manifest under `paths` (files or directories). NotFound naming a path that does
// not exist; an unreadable or unparsable file is a ParseProblem and the rest is still read.
Result<Inventory> LoadKubernetes(const std::vector<std::string>& paths);

// Reads one file's text; `file` names it in the inventory and in problems.
Inventory LoadKubernetesText(std::string_view file, std::string_view text);

// The JSON value of a plain YAML scalar under the core schema (see above): shared with the
// check-file reader so `value: true` means the same in a check and in a manifest.
Json CoreSchemaScalar(std::string_view text);

}  // namespace proofline::iac
