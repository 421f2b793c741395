// The infrastructure model the IaC checks run against, whatever the source: Terraform (HCL2,
// terraform.h) and Kubernetes manifests (kubernetes.h) both become `Resource`s with a JSON body,
// so checks are data (checks.h) and never know the file syntax.
//
// Terraform bodies follow Terraform's own JSON configuration syntax: attributes are JSON values;
// nested blocks are arrays of objects under the block type (repeated blocks append); an
// expression that is not a literal after resolution is the string "${<expression source>}",
// e.g. "${aws_kms_key.audit.arn}", and templates keep their "${...}" interpolations.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace proofline::iac {

struct Resource {
  std::string kind;     // "resource", "data", "provider" (Terraform) or "kubernetes"
  std::string type;     // "aws_s3_bucket", "aws" (provider), "Deployment"
  std::string name;     // "logs"; Kubernetes: metadata.name
  std::string module;   // "" at the root, else "module.audit" or "module.a.module.b"
  std::string address;  // "module.audit.aws_s3_bucket.logs"; Kubernetes "Deployment/NAMESPACE/NAME"
  std::string file;     // as given (relative to the scan root when a directory was given)
  uint32_t line = 0;    // of the block header or of the manifest document
  nlohmann::json body = nlohmann::json::object();
  // JSON pointer into `body` ("/versioning/0/enabled") -> source line, for every attribute
  // and nested block, so a finding points at the offending line.
  std::map<std::string, uint32_t> lines;
};

// A file that could not be read or parsed: reported as a finding of its own, never aborting.
struct ParseProblem {
  std::string file;
  uint32_t line = 0;  // 0 when unknown
  std::string message;
};

struct Inventory {
  std::vector<Resource> resources;
  std::vector<ParseProblem> problems;
  std::vector<std::string> files;  // every file read, sorted
  uint64_t bytes = 0;
};

}  // namespace proofline::iac
