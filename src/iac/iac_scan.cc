// Runs the IaC checks over the paths of a scan and turns the outcome into scan findings
// (iac_scan.h): one inventory for the whole tree, so joins and module calls see everything.
#include "iac/iac_scan.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <system_error>
#include <tuple>

#include "base/files.h"
#include "base/glob.h"
#include "base/yaml_check.h"
#include "iac/kubernetes.h"
#include "iac/terraform.h"
#include "iac/tfplan.h"
#include "scan/fingerprint.h"

namespace proofline::iac {
namespace {

namespace fs = std::filesystem;

// Terraform names files relative to the directory given (terraform.h); the scan shows them as
// the driver does, below the PATH as given ("infra/main.tf", or "main.tf" for ".").
std::string Shown(const std::string& root, bool root_is_dir, const std::string& name) {
  if (!root_is_dir || root == ".") return name;
  return (fs::path(root) / name).lexically_normal().generic_string();
}

void ShowTerraformPaths(const std::string& root, bool root_is_dir, Inventory* inv) {
  for (Resource& r : inv->resources) r.file = Shown(root, root_is_dir, r.file);
  for (ParseProblem& p : inv->problems) p.file = Shown(root, root_is_dir, p.file);
  for (std::string& f : inv->files) f = Shown(root, root_is_dir, f);
}

// Drops what `excludes` match (against the path as shown and below the PATH given), listing
// the excluded files as skipped.
void Exclude(const std::vector<Glob>& excludes, const std::string& root, Inventory* inv,
             std::vector<scan::SkippedFile>* skipped) {
  if (excludes.empty()) return;
  const std::string prefix = root == "." ? "" : root + "/";
  auto excluded = [&](const std::string& shown) {
    std::string rel =
        shown.compare(0, prefix.size(), prefix) == 0 ? shown.substr(prefix.size()) : shown;
    return std::any_of(excludes.begin(), excludes.end(), [&](const Glob& g) {
      return g.MatchesPathOrDirectory(rel) || g.MatchesPathOrDirectory(shown);
    });
  };
  std::erase_if(inv->resources, [&](const Resource& r) { return excluded(r.file); });
  std::erase_if(inv->problems, [&](const ParseProblem& p) { return excluded(p.file); });
  std::erase_if(inv->files, [&](const std::string& f) {
    if (!excluded(f)) return false;
    skipped->push_back({f, "excluded", 0});
    return true;
  });
}

void Append(Inventory more, Inventory* into) {
  for (Resource& r : more.resources) into->resources.push_back(std::move(r));
  for (ParseProblem& p : more.problems) into->problems.push_back(std::move(p));
  for (std::string& f : more.files) into->files.push_back(std::move(f));
  into->bytes += more.bytes;
}

Result<Inventory> LoadPath(const std::string& path, const std::vector<Glob>& excludes,
                           std::vector<scan::SkippedFile>* skipped) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(path, ec))) {
    return NotFound(path + ": no such file or directory");
  }
  const bool is_dir = fs::is_directory(path, ec);
  // The single call site of the Terraform reader (terraform.h).
  ASSIGN_OR_RETURN(Inventory inv, LoadTerraform({path}));
  ShowTerraformPaths(path, is_dir, &inv);
  ASSIGN_OR_RETURN(Inventory manifests, LoadKubernetes({path}));
  Append(std::move(manifests), &inv);
  Exclude(excludes, path, &inv, skipped);
  return inv;
}

scan::Finding MakeFinding(const std::string& rule, const std::string& path, uint32_t line,
                          scan::Severity severity, std::string masked, std::string message) {
  scan::Finding f;
  f.rule_id = rule;
  f.path = path;
  f.line = f.end_line = std::max<uint32_t>(line, 1);
  f.column = f.end_column = 1;
  f.severity = severity;
  f.secret_sha256 = scan::ValueSha256(masked);
  f.masked = std::move(masked);
  f.message = std::move(message);
  return f;
}

Result<std::vector<std::string>> TagsFromConfig(const std::string& file, const std::string& text) {
  auto err = [&](const YAML::Node& at, const std::string& what) {
    return InvalidArgument(file + ":" + std::to_string(std::max(at.Mark().line, 0) + 1) + ": " +
                           what);
  };
  try {
    YAML::Node root = LoadStrictYaml(text);
    const YAML::Node iac = root.IsMap() ? root["iac"] : YAML::Node();
    if (!iac) return DefaultRequiredTags();
    if (!iac.IsMap()) return err(iac, "iac: must be a mapping");
    if (auto unknown = UnknownKeys(iac, std::array<std::string_view, 1>{"required_tags"});
        !unknown.empty()) {
      return err(unknown[0], "iac: unknown key '" + unknown[0].Scalar() + "'");
    }
    const YAML::Node tags = iac["required_tags"];
    if (!tags) return DefaultRequiredTags();
    if (!tags.IsSequence()) return err(tags, "iac.required_tags: must be a list of tag names");
    std::vector<std::string> out;
    for (const YAML::Node& t : tags) {
      if (!t.IsScalar() || t.Scalar().empty()) {
        return err(t, "iac.required_tags: must be a list of tag names");
      }
      out.push_back(t.Scalar());
    }
    return out;
  } catch (const YAML::Exception& e) {
    return InvalidArgument(file + ":" + std::to_string(std::max(e.mark.line, 0) + 1) +
                           ": invalid YAML: " + e.msg);
  }
}

}  // namespace

Result<CheckSet> LoadCheckSet(const IacScanOptions& options) {
  CheckSet set;
  if (options.shipped_checks) {
    ASSIGN_OR_RETURN(set, ShippedChecks());
  }
  for (const std::string& file : options.check_files) {
    ASSIGN_OR_RETURN(CheckSet more, LoadChecksFile(file));
    set = MergeChecks(std::move(set), std::move(more));
  }
  if (set.checks.empty()) {
    return InvalidArgument("no IaC checks to run: give --checks FILE with --no-shipped-checks");
  }
  return set;
}

std::vector<scan::RuleInfo> IacRules(const CheckSet& checks) {
  std::vector<scan::RuleInfo> rules;
  for (const Check& c : checks.checks) {
    scan::RuleInfo info;
    info.id = info.name = c.id;
    info.description = c.title;
    info.severity = c.severity;
    info.security_severity = scan::SecuritySeverity(c.severity);
    info.controls = c.controls;
    info.tags = {"iac", "compliance"};
    rules.push_back(std::move(info));
  }
  scan::RuleInfo parse;
  parse.id = parse.name = kParseErrorRule;
  parse.description = "An infrastructure file that could not be read or parsed was not checked";
  parse.severity = scan::Severity::kHigh;
  parse.security_severity = scan::SecuritySeverity(parse.severity);
  parse.tags = {"iac"};
  rules.push_back(std::move(parse));
  return rules;
}

Result<std::vector<std::string>> RequiredTags(const IacScanOptions& options) {
  if (options.required_tags) return *options.required_tags;
  std::string root = ".";
  std::error_code ec;
  for (const std::string& p : options.paths) {
    if (fs::is_directory(p, ec)) {
      root = p;
      break;
    }
  }
  const std::string file = root == "." ? "proofline.yaml" : root + "/proofline.yaml";
  Result<std::string> text = ReadFile(file, size_t{16} << 20);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return DefaultRequiredTags();
    return text.status();
  }
  return TagsFromConfig(file, *text);
}

Result<scan::ScanResult> RunIacScan(const IacScanOptions& options, const CheckSet& checks) {
  const std::vector<std::string> paths = options.paths.empty() && options.plans.empty()
                                             ? std::vector<std::string>{"."}
                                             : options.paths;
  std::vector<Glob> excludes;
  for (const std::string& e : options.excludes) {
    ASSIGN_OR_RETURN(Glob g, Glob::Compile(e));
    excludes.push_back(std::move(g));
  }
  CheckParams params;
  ASSIGN_OR_RETURN(params.required_tags, RequiredTags(options));
  scan::ScanResult result;
  Inventory inv;
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(Inventory one, LoadPath(path, excludes, &result.skipped));
    Append(std::move(one), &inv);
  }
  for (const std::string& plan : options.plans) {
    ASSIGN_OR_RETURN(Inventory one, LoadTerraformPlan(plan));
    Append(std::move(one), &inv);
  }
  for (const CheckFinding& cf : RunChecks(checks, inv, params)) {
    // The address alone identifies the finding (see iac_scan.h): stable across line moves.
    result.findings.push_back(MakeFinding(cf.check->id, cf.resource->file, cf.line,
                                          cf.check->severity, cf.resource->address, cf.message));
  }
  for (const ParseProblem& p : inv.problems) {
    result.findings.push_back(MakeFinding(kParseErrorRule, p.file, p.line, scan::Severity::kHigh,
                                          p.file + ":" + p.message,
                                          "cannot be checked: " + p.message));
    result.findings.back().masked = p.file;
  }
  std::sort(inv.files.begin(), inv.files.end());
  inv.files.erase(std::unique(inv.files.begin(), inv.files.end()), inv.files.end());
  result.files_scanned = inv.files.size();
  result.bytes_scanned = inv.bytes;
  MergeInto(scan::ScanResult(), false, &result);  // sorts
  // A module called from several root modules has the same address in each (addresses are
  // relative to their root): identical findings say nothing more, so one is kept.
  auto same = [](const scan::Finding& a, const scan::Finding& b) {
    return std::tie(a.path, a.line, a.rule_id, a.message) ==
           std::tie(b.path, b.line, b.rule_id, b.message);
  };
  result.findings.erase(std::unique(result.findings.begin(), result.findings.end(), same),
                        result.findings.end());
  return result;
}

void MergeInto(scan::ScanResult iac, bool count_files, scan::ScanResult* into) {
  for (scan::Finding& f : iac.findings) into->findings.push_back(std::move(f));
  for (scan::SkippedFile& s : iac.skipped) into->skipped.push_back(std::move(s));
  if (count_files) {
    into->files_scanned += iac.files_scanned;
    into->bytes_scanned += iac.bytes_scanned;
  }
  // The driver's order: by path, then position (line/column follow its byte offsets), then rule.
  std::stable_sort(
      into->findings.begin(), into->findings.end(),
      [](const scan::Finding& a, const scan::Finding& b) {
        return std::tie(a.path, a.line, a.column, a.rule_id, a.end_line, a.end_column, a.message) <
               std::tie(b.path, b.line, b.column, b.rule_id, b.end_line, b.end_column, b.message);
      });
  std::stable_sort(
      into->skipped.begin(), into->skipped.end(),
      [](const scan::SkippedFile& a, const scan::SkippedFile& b) { return a.path < b.path; });
}

}  // namespace proofline::iac
