// `proofline scan iac`: Terraform and Kubernetes read as one inventory, the checks run over it,
// the results shaped as scan findings so the shared report, SARIF and baseline code apply.
//
// The IaC scan needs the whole tree at once (joins across files, module calls), so it is not a
// per-file scan::Scanner: the CLI runs it beside scan::RunScan and merges its findings into the
// same ScanResult (MergeInto) before building the report.
//
// Findings: rule_id = the check id, path = the file, line = the offending attribute's line (else
// the resource's), column 1, severity of the check, message "ADDRESS: what is wrong",
// masked = the address, secret_sha256 = SHA-256 of the address. Fingerprints (rule id + that
// digest, fingerprint.h) therefore identify "this check on this resource": they survive edits
// that move lines, so baselines keep suppressing an accepted resource, and a renamed resource is
// a new finding. A file that cannot be read or parsed is a finding of rule "iac-parse-error"
// (high) at its line; its SHA-256 is of "FILE:MESSAGE" so each distinct problem is its own entry.
//
// Plans: each file of `plans` is a Terraform plan JSON read by LoadTerraformPlan (tfplan.h) into
// the same inventory, its findings at the plan's path, line 1; excludes do not apply to them. A
// plan that cannot be read is an error of the whole scan (InvalidArgument naming the file,
// NotFound), not a finding: it was asked for by name. With plans and no paths, only the plans
// are read (the current directory is not scanned too).
//
// Required tags: `required_tags` when set (--required-tags), else `iac: {required_tags: [...]}`
// of proofline.yaml in the scan root (the first PATH that is a directory, else the current
// directory), else DefaultRequiredTags().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "iac/checks.h"
#include "scan/driver.h"

namespace proofline::iac {

inline constexpr const char* kParseErrorRule = "iac-parse-error";

struct IacScanOptions {
  std::vector<std::string> paths;     // files or directories (default "." unless plans are given)
  std::vector<std::string> plans;     // Terraform plan JSON files (`scan iac --plan FILE`)
  std::vector<std::string> excludes;  // globs, as the scan driver reads them
  std::vector<std::string> check_files;
  bool shipped_checks = true;
  std::optional<std::vector<std::string>> required_tags;
};

// The checks the options select: the shipped ones (unless switched off), then each check file
// (a check with a shipped id replaces it). InvalidArgument "FILE:LINE: ..." for a bad file,
// NotFound for a missing one, InvalidArgument when no check is left.
Result<CheckSet> LoadCheckSet(const IacScanOptions& options);

// The SARIF rules of `checks` (with their controls), then iac-parse-error.
std::vector<scan::RuleInfo> IacRules(const CheckSet& checks);

// The required tags (see above). InvalidArgument "proofline.yaml:LINE: ..." for a bad section.
Result<std::vector<std::string>> RequiredTags(const IacScanOptions& options);

// Reads every path and plan and runs `checks`. NotFound for a path or plan that does not exist,
// InvalidArgument for a bad glob, configuration or plan; unreadable and unparsable files under
// the paths are findings.
Result<scan::ScanResult> RunIacScan(const IacScanOptions& options, const CheckSet& checks);

// Adds `iac` to `into` (findings sorted as the driver sorts them: path, then position, then rule);
// `count_files` adds its file and byte counts (not when the driver already read the same files).
void MergeInto(scan::ScanResult iac, bool count_files, scan::ScanResult* into);

}  // namespace proofline::iac
