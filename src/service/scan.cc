// Scanning (scan.h).
#include "service/scan.h"

#include <cstdlib>
#include <set>

#include "iac/iac_scan.h"
#include "scan/driver.h"
#include "scan/fingerprint.h"
#include "scan/gitleaks_config.h"
#include "scan/pii.h"
#include "scan/secrets.h"

namespace proofline::service {
namespace {

constexpr const char* kToolVersion = "0.1.0";
constexpr int kBaselineDays = 90;  // --write-baseline: entries expire for review

struct Scanners {
  std::vector<std::unique_ptr<scan::Scanner>> owned;
  std::vector<std::string> notes;
  std::optional<iac::CheckSet> iac_checks;  // set when the iac scan runs
};

bool RunsIac(const ScanInput& o) { return o.scanner == "iac" || o.scanner == "all"; }

iac::IacScanOptions IacOptionsFrom(const ScanInput& o) {
  iac::IacScanOptions options;
  options.paths = o.paths;
  if (!o.git.empty()) options.paths = {o.paths.empty() ? "." : o.paths[0]};
  options.excludes = o.excludes;
  options.check_files = o.checks;
  options.plans = o.plans;
  options.shipped_checks = !o.no_shipped_checks;
  if (o.required_tags_given) {
    // --required-tags "" requires none.
    options.required_tags.emplace();
    for (const std::string& t : o.required_tags) {
      if (!t.empty()) options.required_tags->push_back(t);
    }
  }
  return options;
}

// --mrn-format and --min-confidence RULE=X into the pii scanner's options (the scanner checks
// the rule ids, ranges and the regular expression).
Result<scan::PiiOptions> PiiOptionsFrom(const ScanInput& o) {
  scan::PiiOptions options;
  options.mrn_format = o.mrn_format;
  for (const std::string& item : o.min_confidence) {
    const size_t eq = item.find('=');
    char* end = nullptr;
    const double value = eq == std::string::npos ? 0 : std::strtod(item.c_str() + eq + 1, &end);
    if (eq == std::string::npos || eq == 0 || end == item.c_str() + eq + 1 || *end != '\0') {
      return InvalidArgument("--min-confidence '" + item + "': expected RULE=NUMBER, e.g. " +
                             "pii-email=0.9");
    }
    options.min_confidence[item.substr(0, eq)] = value;
  }
  return options;
}

Result<Scanners> BuildScanners(const ScanInput& o) {
  Scanners s;
  if (o.scanner == "secrets" || o.scanner == "all") {
    Result<scan::SecretRuleSet> rules =
        o.config.empty() ? scan::DefaultSecretRules() : scan::LoadGitleaksConfigFile(o.config);
    if (!rules.ok()) return rules.status();
    ASSIGN_OR_RETURN(std::unique_ptr<scan::SecretsScanner> secrets,
                     scan::SecretsScanner::Create(
                         std::move(*rules), scan::HsDatabaseCache(o.no_cache ? "" : o.cache_dir)));
    s.notes = secrets->notes();
    s.owned.push_back(std::move(secrets));
  } else if (!o.config.empty()) {
    return InvalidArgument("--config (gitleaks rules) applies to the secrets scanner only");
  }
  if (o.scanner == "pii" || o.scanner == "all") {
    ASSIGN_OR_RETURN(scan::PiiOptions options, PiiOptionsFrom(o));
    ASSIGN_OR_RETURN(std::unique_ptr<scan::PiiScanner> pii, scan::PiiScanner::Create(options));
    s.owned.push_back(std::move(pii));
  } else if (!o.mrn_format.empty() || !o.min_confidence.empty()) {
    return InvalidArgument("--mrn-format and --min-confidence apply to the pii scanner only");
  }
  if (RunsIac(o)) {
    ASSIGN_OR_RETURN(s.iac_checks, iac::LoadCheckSet(IacOptionsFrom(o)));
    if (!o.git.empty()) {
      s.notes.push_back("iac: --git checks the working tree of " +
                        (o.paths.empty() ? std::string(".") : o.paths[0]) +
                        " (configurations are checked whole, not only what the range adds)");
    }
  } else if (!o.checks.empty() || o.no_shipped_checks || o.required_tags_given ||
             !o.plans.empty()) {
    return InvalidArgument(
        "--checks, --no-shipped-checks, --required-tags and --plan apply to the iac scanner "
        "only");
  }
  return s;
}

}  // namespace

Result<iac::CheckSet> IacChecks(const ScanInput& input) {
  if (input.scanner != "iac")
    return InvalidArgument("--list-checks lists the iac scanner's checks");
  return iac::LoadCheckSet(IacOptionsFrom(input));
}

namespace {

Status CheckOptions(const ScanInput& o) {
  if (o.format != "text" && o.format != "json" && o.format != "sarif") {
    return InvalidArgument("--format must be text, json or sarif");
  }
  if (!o.git.empty() && o.paths.size() > 1) {
    return InvalidArgument("--git takes at most one PATH: the repository");
  }
  return OkStatus();
}

Result<scan::Report> BuildReport(const ScanInput& o, const Scanners& scanners,
                                 scan::ScanResult result) {
  scan::Report r;
  r.tool_version = kToolVersion;
  ASSIGN_OR_RETURN(r.fail_on, scan::ParseSeverity(o.fail_on));
  r.allow_unscanned = o.allow_unscanned;
  for (const auto& s : scanners.owned) {
    r.rules.insert(r.rules.end(), s->Rules().begin(), s->Rules().end());
  }
  if (scanners.iac_checks) {
    std::vector<scan::RuleInfo> rules = iac::IacRules(*scanners.iac_checks);
    r.rules.insert(r.rules.end(), rules.begin(), rules.end());
  }
  if (!scanners.owned.empty()) r.rules.push_back(scan::UnreadableRuleInfo());
  r.notes = scanners.notes;
  r.result = std::move(result);
  if (!o.baseline.empty()) {
    ASSIGN_OR_RETURN(r.baseline, scan::LoadBaseline(o.baseline));
  }
  r.match = scan::ApplyBaseline(r.baseline, r.result.findings, scan::TodayUtc());
  return r;
}

}  // namespace

scan::Baseline NewBaseline(const scan::Report& r, const std::string& owner) {
  scan::Baseline b;
  std::set<size_t> kept;
  std::set<std::pair<std::string, std::string>> seen;
  for (size_t i = 0; i < r.result.findings.size(); ++i) {
    const scan::Finding& f = r.result.findings[i];
    std::string fp = scan::Fingerprint(f);
    if (!seen.insert({fp, f.path}).second) continue;
    if (r.Suppressed(i)) {
      if (kept.insert(*r.match.suppressed_by[i]).second) {
        b.entries.push_back(r.baseline.entries[*r.match.suppressed_by[i]]);
      }
      continue;
    }
    b.entries.push_back({fp, f.rule_id, f.path, "accepted_risk", owner,
                         scan::TodayUtc(kBaselineDays),
                         "written by proofline scan --write-baseline: review " + f.masked});
  }
  return b;
}

std::string RenderReport(const scan::Report& r, const std::string& format) {
  if (format == "json") return scan::DumpJson(scan::FormatJson(r)) + "\n";
  if (format == "sarif") return scan::DumpJson(scan::FormatSarif(r)) + "\n";
  return scan::FormatText(r);
}

Result<scan::Report> Scan(const ScanInput& o) {
  RETURN_IF_ERROR(CheckOptions(o));
  RETURN_IF_ERROR(scan::ParseSeverity(o.fail_on).status());
  ASSIGN_OR_RETURN(Scanners scanners, BuildScanners(o));
  scan::ScanOptions so;
  so.excludes = o.excludes;
  so.max_file_size = o.max_file_size;
  so.jobs = o.jobs;
  so.git_range = o.git;
  if (o.git.empty()) {
    so.paths = o.paths.empty() ? std::vector<std::string>{"."} : o.paths;
  } else if (!o.paths.empty()) {
    so.repo = o.paths[0];
  }
  std::vector<const scan::Scanner*> running;
  for (const auto& s : scanners.owned) running.push_back(s.get());
  scan::ScanResult result;
  if (!running.empty()) {
    ASSIGN_OR_RETURN(result, scan::RunScan(so, running));
  }
  if (scanners.iac_checks) {
    ASSIGN_OR_RETURN(scan::ScanResult iac_result,
                     iac::RunIacScan(IacOptionsFrom(o), *scanners.iac_checks));
    // The driver already counted every file when it ran (`scan all`).
    iac::MergeInto(std::move(iac_result), running.empty(), &result);
  }
  return BuildReport(o, scanners, std::move(result));
}

Result<AttestResult> AttachScan(Workspace& ws, const Caller& caller, const std::string& change,
                                const scan::Report& report, const std::string& name) {
  AttestRequest a;
  a.kind = "sarif";
  a.change = change;
  a.in_memory.emplace_back(name, RenderReport(report, "sarif"));
  return Attest(ws, caller, a, "attest");
}

}  // namespace proofline::service
