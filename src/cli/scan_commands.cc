// `proofline scan secrets|pii|iac|all [PATH...]`: the scan (service/scan.h), its report written
// as text/JSON/SARIF, a baseline to review, and with --change the SARIF attached to the change as
// `attest sarif` does. Exit 1 when unsuppressed findings at or above --fail-on (default high)
// remain, 0 otherwise, 2 for bad rules, checks, baseline or usage.
#include <algorithm>
#include <array>
#include <cstdio>

#include "base/files.h"
#include "cli/cli.h"
#include "cli/context.h"
#include "cli/render.h"
#include "iac/checks.h"
#include "service/scan.h"

namespace proofline::cli {
namespace {

Result<int> RunScanCommand(const Context& ctx, const service::ScanInput& o) {
  ASSIGN_OR_RETURN(scan::Report report, service::Scan(o));
  std::string text = service::RenderReport(report, o.format);
  if (o.out.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    RETURN_IF_ERROR(WriteFileAtomic(o.out, text));
  }
  if (!o.write_baseline.empty()) {
    RETURN_IF_ERROR(WriteFileAtomic(
        o.write_baseline, scan::BaselineText(service::NewBaseline(report, DefaultUser()))));
  }
  if (!o.change.empty()) {
    // With --format sarif --out, that very file is the evidence (the same bytes, its name).
    std::string name =
        o.format == "sarif" && !o.out.empty() ? o.out : "scan-" + o.scanner + ".sarif";
    service::Workspace ws(ctx.Paths());
    ASSIGN_OR_RETURN(service::AttestResult attached,
                     service::AttachScan(ws, ctx.Caller(), o.change, report, name));
    std::fprintf(stderr, "%s\n", AttestText(attached).c_str());
  }
  return report.Fails() ? kExitFailed : kExitOk;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : sep) + item;
  return out;
}

// `--list-checks`: one line per check (id, severity, controls, then the resource types, which
// can be long), or a JSON array.
Result<int> ListChecks(const service::ScanInput& o) {
  if (o.format != "text" && o.format != "json") {
    return InvalidArgument("--list-checks prints text or json (--format)");
  }
  ASSIGN_OR_RETURN(iac::CheckSet checks, service::IacChecks(o));
  Json list = Json::array();
  std::vector<std::array<std::string, 4>> rows = {{"ID", "SEVERITY", "CONTROLS", "RESOURCE TYPES"}};
  for (const iac::Check& c : checks.checks) {
    std::vector<std::string> types;
    for (const iac::Selector& sel : c.selectors) {
      for (const std::string& t : sel.resource_types) {
        if (std::find(types.begin(), types.end(), t) == types.end()) types.push_back(t);
      }
    }
    const std::string severity(scan::SeverityName(c.severity));
    list.push_back({{"id", c.id},
                    {"title", c.title},
                    {"severity", severity},
                    {"resource_types", types},
                    {"controls", c.controls},
                    {"remediation", c.remediation}});
    rows.push_back({c.id, severity, Join(c.controls, "; "), Join(types, ",")});
  }
  if (o.format == "json") {
    std::printf("%s\n", list.dump(2).c_str());
    return kExitOk;
  }
  size_t width[3] = {0, 0, 0};
  for (const auto& row : rows) {
    for (size_t i = 0; i < 3; ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::printf("%-*s  %-*s  %-*s  %s\n", static_cast<int>(width[0]), row[0].c_str(),
                static_cast<int>(width[1]), row[1].c_str(), static_cast<int>(width[2]),
                row[2].c_str(), row[3].c_str());
  }
  std::printf("%zu checks\n", checks.checks.size());
  return kExitOk;
}

}  // namespace

void AddScanCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<service::ScanInput>();
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
  s->add_option("--max-file-size", o->max_file_size,
                "Do not scan files larger than this many bytes (listed as not scanned; default 0: "
                "no limit, large files are scanned in windows)");
  s->add_flag("--allow-unscanned", o->allow_unscanned,
              "Pass even when files were not scanned (binary, too large, unreadable): they are "
              "still listed and counted");
  s->add_option("--exclude", o->excludes,
                "Skip paths matching GLOB, gitignore-style: a directory that matches skips all "
                "below it (repeatable)")
      ->allow_extra_args(false);
  s->add_option("--cache-dir", o->cache_dir,
                "Where compiled rule databases are kept (default $PROOFLINE_CACHE_DIR, else "
                "$XDG_CACHE_HOME/proofline, else ~/.cache/proofline)");
  s->add_flag("--no-cache", o->no_cache, "Compile the rules on every run; read and write no cache");
  s->add_option("--checks", o->checks,
                "iac: a check file (YAML) added to the shipped checks; a check with a shipped "
                "id replaces it (repeatable)")
      ->allow_extra_args(false);
  s->add_option("--plan", o->plans,
                "iac: a Terraform plan as JSON (`terraform show -json plan.out`), checked as "
                "Terraform will apply it; with no PATH only the plans are read (repeatable)")
      ->allow_extra_args(false);
  s->add_flag("--no-shipped-checks", o->no_shipped_checks,
              "iac: run only the checks of --checks files");
  auto list_checks = std::make_shared<bool>(false);
  s->add_flag("--list-checks", *list_checks,
              "iac: list the checks (id, severity, resource types, controls) and scan nothing");
  CLI::Option* tags =
      s->add_option("--required-tags", o->required_tags,
                    "iac: the tags every taggable AWS resource must carry, comma-separated "
                    "(default: proofline.yaml iac.required_tags, else Environment, Owner, "
                    "ComplianceFramework, ChangeTicket, GitCommitSHA, ApprovalReference)")
          ->delimiter(',')
          ->allow_extra_args(false);
  s->callback([&ctx, o, tags, list_checks] {
    o->required_tags_given = tags->count() > 0;
    if (*list_checks) {
      ctx.action = [o] { return ListChecks(*o); };
      return;
    }
    ctx.action = [&ctx, o] { return RunScanCommand(ctx, *o); };
  });
}

}  // namespace proofline::cli
