// The scan driver: which bytes are scanned and how findings come out, whatever the scanners.
//
// Paths mode walks each PATH (a file or a directory, recursively). Nothing is excluded by
// default: vendored, test and hidden folders are where secrets leak, so they are scanned; only
// `.git` directories are skipped (their objects are compressed; `--git` reads history properly)
// and what `excludes` names (globs with gitignore semantics, base/glob.h, matched against the
// path below the PATH given and against the path as reported, and against the directories they
// are in: `node_modules` excludes every file below any directory of that name). Symbolic links are
// not followed (listed as skipped), nor are other non-regular files. Nothing is skipped for its
// size unless `max_file_size` is set: a file larger than one window (8 MiB) is scanned in
// overlapping windows, so memory stays bounded. Binary files (git_range.h LooksBinary: not one
// stray NUL) and files over an explicit `max_file_size` are not scanned and are listed as unscanned
// (SkippedFile::Unscanned); so is a file or directory that cannot be read, which is also a
// finding of rule "scan-unreadable-file" (high: an unread file proves nothing), not an error.
// What was not scanned fails the scan unless allowed (report.h). Files are scanned on `jobs`
// threads.
//
// Git mode (`git_range` set) scans the files BASE..TARGET adds or modifies, read from the
// repository at `repo` (git_range.h), and keeps only findings that touch an added line; the path
// is the path in the commit.
//
// Findings get line/column from their offsets (1-based, column in bytes, end exclusive) and come
// out sorted by (path, begin, rule id), so output is deterministic whatever the thread timing.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "scan/finding.h"
#include "scan/git_range.h"

namespace proofline::scan {

inline constexpr const char* kUnreadableRule = "scan-unreadable-file";

struct ScanOptions {
  std::vector<std::string> paths;     // paths mode
  std::vector<std::string> excludes;  // globs
  uint64_t max_file_size = 0;         // 0: no limit
  unsigned jobs = 0;                  // 0: std::thread::hardware_concurrency()
  std::string git_range;              // "BASE..TARGET": git mode
  std::string repo = ".";
};

struct ScanResult {
  std::vector<Finding> findings;
  std::vector<SkippedFile> skipped;  // sorted by path
  uint64_t files_scanned = 0;
  uint64_t bytes_scanned = 0;
  std::string git_base, git_target;  // git mode: resolved ids
};

// The rule the driver itself reports (unreadable files), for SARIF's rule list.
RuleInfo UnreadableRuleInfo();

// Runs `scanners` over the files `options` selects. InvalidArgument for a bad glob, a PATH that
// does not exist, or (git mode) a bad range or repository. Unreadable files are findings.
Result<ScanResult> RunScan(const ScanOptions& options, const std::vector<const Scanner*>& scanners);

// Sets line/column of `findings` (all of the same `content`) from their offsets.
void FillPositions(std::string_view content, std::vector<Finding>& findings);

}  // namespace proofline::scan
