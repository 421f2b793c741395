// The infrastructure model the IaC checks run against, whatever the source: Terraform
// configuration (.tf and .tf.json, terraform.h), Terraform plans (tfplan.h) and Kubernetes
// manifests (kubernetes.h) all become `Resource`s with a JSON body, so checks are data
// (checks.h) and never know the file syntax.
//
// Terraform bodies follow Terraform's own JSON configuration syntax: attributes are JSON values;
// nested blocks are arrays of objects under the block type (repeated blocks append; a `dynamic`
// block becomes the blocks it makes); an expression that is not a literal after resolution is
// the string "${<expression source>}", e.g. "${aws_kms_key.audit.arn}", and templates keep their
// "${...}" interpolations. In a plan, a value known only after apply is "${REFERENCE}" or
// "${known after apply}" (tfplan.h): unknown in the same way.
//
// Addresses and modules carry Terraform's instance keys where count/for_each made several
// instances: "aws_s3_bucket.logs[0]", "module.a[\"x\"].aws_s3_bucket.logs" (module
// "module.a[\"x\"]"). Lines: a .tf.json resource's is that of its name key; a plan resource's
// is 1 and its `lines` are empty (tfplan.h).
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
  // Read from a Terraform plan (tfplan.h): computed attributes such as `tags_all` are Terraform's
  // own; in configuration they are whatever the author wrote, so they are never trusted there.
  bool planned = false;
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
