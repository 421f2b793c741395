// Scanning (`proofline scan secrets|pii|iac|all`): the scanners built once from their rules
// (scan/, iac/), run over files or what a git range adds, merged into one report with the
// baseline applied; optionally a baseline of the findings to review, and the report's SARIF
// attached to a change as evidence (service/attest.h, from memory: no temporary file).
//
// IaC with --git: configurations are checked whole (a diff of a .tf file is not a configuration),
// so the iac scan reads the working tree of the repository PATH, and a note says so; the
// secrets and pii scanners of `scan all --git` still read only what the range adds.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "iac/checks.h"
#include "scan/baseline.h"
#include "scan/db_cache.h"
#include "scan/report.h"
#include "service/attest.h"

namespace proofline::service {

struct ScanInput {
  // What the CLI options say (`proofline scan --help`).
  std::string scanner;
  std::vector<std::string> paths, excludes;
  std::string git, format = "text", out, baseline, write_baseline, change, config;
  std::string mrn_format;
  std::vector<std::string> min_confidence;  // RULE=X
  std::string fail_on = "high";
  std::string cache_dir = scan::HsDatabaseCache::DefaultRoot();
  bool no_cache = false;
  std::vector<std::string> checks, required_tags, plans;  // iac
  bool no_shipped_checks = false, required_tags_given = false;
  unsigned jobs = 0;
  uint64_t max_file_size = 0;  // 0: no limit (large files are scanned in windows)
  bool allow_unscanned = false;
};

// The report in `format` (text, json, sarif).
std::string RenderReport(const scan::Report& report, const std::string& format);

// The baseline to write: the entries of the current one still in use, then a new entry (to be
// reviewed: accepted_risk, owner `owner`, expiring in 90 days) for every unsuppressed finding.
scan::Baseline NewBaseline(const scan::Report& report, const std::string& owner);

// Builds the scanners (InvalidArgument naming FILE:LINE for bad rules or checks, or options of
// another scanner) and scans. Exit semantics are the caller's: report.Failing().
Result<scan::Report> Scan(const ScanInput& input);

// `scan iac --list-checks`: the checks a scan with these options would run (the shipped ones
// unless --no-shipped-checks, then each --checks file replacing by id), in order. The same
// errors as Scan for a bad check file; InvalidArgument when the scanner is not iac.
Result<iac::CheckSet> IacChecks(const ScanInput& input);

// Attaches `report` as SARIF evidence to `change` as the caller; `name` names it in the event.
Result<AttestResult> AttachScan(Workspace& ws, const Caller& caller, const std::string& change,
                                const scan::Report& report, const std::string& name);

}  // namespace proofline::service
