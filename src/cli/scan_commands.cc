// `proofline scan secrets|pii|iac|all [PATH...]`: runs the scanners (src/scan) over files or over
// what a git range adds, and the IaC checks (src/iac) over the whole tree beside them, applies
// the baseline, writes text/JSON/SARIF and, with --change, attaches the SARIF to the change as
// `attest sarif` does. Exit 1 when unsuppressed findings at or above --fail-on (default high)
// remain, 0 otherwise, 2 for bad rules, checks, baseline or usage.
//
// IaC with --git: configurations are checked whole (a diff of a .tf file is not a configuration),
// so the iac scan reads the working tree of the repository PATH, and a note says so; the
// secrets and pii scanners of `scan all --git` still read only what the range adds.
#include <cstdlib>
#include <optional>
#include <set>

#include "base/files.h"
#include "cli/attest.h"
#include "cli/cli.h"
#include "cli/context.h"
#include "iac/iac_scan.h"
#include "scan/baseline.h"
#include "scan/db_cache.h"
#include "scan/driver.h"
#include "scan/fingerprint.h"
#include "scan/gitleaks_config.h"
#include "scan/pii.h"
#include "scan/report.h"
#include "scan/secrets.h"

namespace proofline::cli {
namespace {

constexpr const char* kToolVersion = "0.1.0";
constexpr int kBaselineDays = 90;  // --write-baseline: entries expire for review

struct ScanCliOptions {
  std::string scanner;
  std::vector<std::string> paths, excludes;
  std::string git, format = "text", out, baseline, write_baseline, change, config;
  std::string mrn_format;
  std::vector<std::string> min_confidence;  // RULE=X
  std::string fail_on = "high";
  std::string cache_dir = scan::HsDatabaseCache::DefaultRoot();
  bool no_cache = false;
  std::vector<std::string> checks, required_tags;  // iac
  bool no_shipped_checks = false, required_tags_given = false;
  unsigned jobs = 0;
  uint64_t max_file_size = uint64_t{10} << 20;
};

struct Scanners {
  std::vector<std::unique_ptr<scan::Scanner>> owned;
  std::vector<std::string> notes;
  std::optional<iac::CheckSet> iac_checks;  // set when the iac scan runs
};

bool RunsIac(const ScanCliOptions& o) { return o.scanner == "iac" || o.scanner == "all"; }

iac::IacScanOptions IacOptionsFrom(const ScanCliOptions& o) {
  iac::IacScanOptions options;
  options.paths = o.paths;
  if (!o.git.empty()) options.paths = {o.paths.empty() ? "." : o.paths[0]};
  options.excludes = o.excludes;
  options.check_files = o.checks;
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
Result<scan::PiiOptions> PiiOptionsFrom(const ScanCliOptions& o) {
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

Result<Scanners> BuildScanners(const ScanCliOptions& o) {
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
  } else if (!o.checks.empty() || o.no_shipped_checks || o.required_tags_given) {
    return InvalidArgument(
        "--checks, --no-shipped-checks and --required-tags apply to the iac scanner only");
  }
  return s;
}

Status CheckOptions(const ScanCliOptions& o) {
  if (o.format != "text" && o.format != "json" && o.format != "sarif") {
    return InvalidArgument("--format must be text, json or sarif");
  }
  if (!o.git.empty() && o.paths.size() > 1) {
    return InvalidArgument("--git takes at most one PATH: the repository");
  }
  return OkStatus();
}

// The baseline to write: the entries of the current one still in use, then a new entry (to be
// reviewed: accepted_risk, owner $USER, expiring in 90 days) for every unsuppressed finding.
scan::Baseline NewBaseline(const scan::Report& r) {
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
    b.entries.push_back({fp, f.rule_id, f.path, "accepted_risk", DefaultUser(),
                         scan::TodayUtc(kBaselineDays),
                         "written by proofline scan --write-baseline: review " + f.masked});
  }
  return b;
}

std::string Render(const scan::Report& r, const std::string& format) {
  if (format == "json") return scan::DumpJson(scan::FormatJson(r)) + "\n";
  if (format == "sarif") return scan::DumpJson(scan::FormatSarif(r)) + "\n";
  return scan::FormatText(r);
}

// Attaches the SARIF of `r` to the change: the --out file when it is SARIF, else a temporary one.
Status AttachSarif(const Context& ctx, const ScanCliOptions& o, const scan::Report& r) {
  AttestOptions a;
  a.kind = "sarif";
  a.change = o.change;
  std::string tmp_dir;
  if (o.format == "sarif" && !o.out.empty()) {
    a.files = {o.out};
  } else {
    const char* env = std::getenv("TMPDIR");
    std::string pattern =
        std::string(env != nullptr && *env != '\0' ? env : "/tmp") + "/proofline-scan-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) return IoError("cannot create " + pattern);
    tmp_dir = pattern;
    a.files = {tmp_dir + "/scan-" + o.scanner + ".sarif"};
    RETURN_IF_ERROR(WriteFileAtomic(a.files[0], Render(r, "sarif")));
  }
  Result<AttestOutcome> outcome = AttestEvidence(ctx, a);
  if (!tmp_dir.empty()) RemoveTree(tmp_dir);
  RETURN_IF_ERROR(outcome.status());
  std::fprintf(stderr, "%s\n", outcome->text.c_str());
  return OkStatus();
}

Result<scan::Report> BuildReport(const ScanCliOptions& o, const Scanners& scanners,
                                 scan::ScanResult result) {
  scan::Report r;
  r.tool_version = kToolVersion;
  ASSIGN_OR_RETURN(r.fail_on, scan::ParseSeverity(o.fail_on));
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

Result<int> RunScanCommand(const Context& ctx, const ScanCliOptions& o) {
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
  ASSIGN_OR_RETURN(scan::Report report, BuildReport(o, scanners, std::move(result)));
  std::string text = Render(report, o.format);
  if (o.out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    RETURN_IF_ERROR(WriteFileAtomic(o.out, text));
  }
  if (!o.write_baseline.empty()) {
    RETURN_IF_ERROR(WriteFileAtomic(o.write_baseline, scan::BaselineText(NewBaseline(report))));
  }
  if (!o.change.empty()) RETURN_IF_ERROR(AttachSarif(ctx, o, report));
  return report.Failing() > 0 ? kExitFailed : kExitOk;
}

}  // namespace

void AddScanCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ScanCliOptions>();
  CLI::App* s =
      app.add_subcommand("scan",
                         "Scan files, or what a git range adds, for secrets and PII/PHI; check "
                         "Terraform and Kubernetes configurations for compliance");
  s->add_option("SCANNER", o->scanner, "secrets, pii, iac or all")
      ->required()
      ->check(CLI::IsMember({"secrets", "pii", "iac", "all"}));
  s->add_option("PATH", o->paths,
                "Files or directories (default .); with --git, the repository (default .)");
  s->add_option("--git", o->git, "Scan only what BASE..TARGET adds (findings on added lines)");
  s->add_option("--format", o->format, "text, json or sarif")->capture_default_str();
  s->add_option("--out", o->out, "Write the report to FILE (atomically) instead of stdout");
  s->add_option("--baseline", o->baseline, "Baseline of audited findings to suppress");
  s->add_option("--write-baseline", o->write_baseline,
                "Write a baseline of the current findings to FILE (entries to review)");
  s->add_option("--change", o->change, "Attach the SARIF to this change as evidence");
  s->add_option("--config", o->config, "gitleaks TOML rules instead of the default secret rules");
  s->add_option("--mrn-format", o->mrn_format,
                "pii: the site's medical record number (RE2), found after \"MRN\" / \"medical "
                "record\"; off when not given");
  s->add_option("--min-confidence", o->min_confidence,
                "pii: RULE=X, the minimum confidence (0..1) of a rule's findings (repeatable)");
  s->add_option("--fail-on", o->fail_on,
                "Exit 1 when unsuppressed findings at or above this severity remain (note, low, "
                "medium, high, critical)")
      ->capture_default_str();
  s->add_option("--jobs", o->jobs, "Scanning threads (default: hardware threads)");
  s->add_option("--max-file-size", o->max_file_size, "Skip files larger than this many bytes")
      ->capture_default_str();
  s->add_option("--exclude", o->excludes, "Skip paths matching GLOB (repeatable)")
      ->allow_extra_args(false);
  s->add_option("--cache-dir", o->cache_dir,
                "Where compiled rule databases are kept (default $PROOFLINE_CACHE_DIR, else "
                "$XDG_CACHE_HOME/proofline, else ~/.cache/proofline)");
  s->add_flag("--no-cache", o->no_cache, "Compile the rules on every run; read and write no cache");
  s->add_option("--checks", o->checks,
                "iac: a check file (YAML) added to the shipped checks; a check with a shipped "
                "id replaces it (repeatable)")
      ->allow_extra_args(false);
  s->add_flag("--no-shipped-checks", o->no_shipped_checks,
              "iac: run only the checks of --checks files");
  CLI::Option* tags =
      s->add_option("--required-tags", o->required_tags,
                    "iac: the tags every taggable AWS resource must carry, comma-separated "
                    "(default: proofline.yaml iac.required_tags, else Environment, Owner, "
                    "ComplianceFramework, ChangeTicket, GitCommitSHA, ApprovalReference)")
          ->delimiter(',')
          ->allow_extra_args(false);
  s->callback([&ctx, o, tags] {
    o->required_tags_given = tags->count() > 0;
    ctx.action = [&ctx, o] { return RunScanCommand(ctx, *o); };
  });
}

}  // namespace proofline::cli
