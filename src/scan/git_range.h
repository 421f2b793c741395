// What a git range BASE..TARGET adds, for `scan --git`: the content of every added or modified
// file at TARGET (blobs read through libgit2, never the work tree) with the line numbers the diff
// BASE..TARGET adds to it, so findings are reported on added lines only.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace proofline::scan {

struct AddedFile {
  std::string path;                   // in the TARGET commit, '/'-separated
  std::string content;                // the blob at TARGET
  std::vector<uint32_t> added_lines;  // 1-based, ascending
};

struct SkippedFile {
  std::string path;
  // Content that was not scanned: "binary", "too large" (over an explicit size limit),
  // "unreadable". Listed only: "excluded" (an --exclude glob), "symlink" (not followed),
  // "not a regular file", "submodule".
  std::string reason;
  uint64_t size = 0;

  // Content the scan did not read: counted, and failing the scan unless allowed (report.h).
  bool Unscanned() const {
    return reason == "binary" || reason == "too large" || reason == "unreadable";
  }
};

// The binary sniff both modes use: at least 8 NUL bytes, making up at least 1% of the first
// 8 KiB. One stray NUL (or a few) does not make a file binary, so its text is scanned; padding a
// file with NULs makes it binary, which is listed as unscanned and fails the scan (report.h).
bool LooksBinary(std::string_view content);

struct GitRangeFiles {
  std::string base, target;  // resolved full commit ids
  std::vector<AddedFile> files;
  std::vector<SkippedFile> skipped;
};

// Splits "BASE..TARGET" (both required). InvalidArgument otherwise.
Result<std::pair<std::string, std::string>> ParseGitRange(const std::string& range);

// The files BASE..TARGET adds or modifies in the repository at `repo_path` (renames compared
// with their old content, as `git diff -M`), deletions and submodules left out. Blobs larger than
// `max_file_size` (0: no limit) or binary (LooksBinary) are skipped and listed as unscanned.
// InvalidArgument for a path that is not a repository or a revision that does not resolve.
Result<GitRangeFiles> ReadGitRange(const std::string& repo_path, const std::string& range,
                                   uint64_t max_file_size);

// The 1-based lines of `new_text` that a line diff from `old_text` adds (libgit2's xdiff, as
// `git diff` counts them).
Result<std::vector<uint32_t>> AddedLines(const std::string& old_text, const std::string& new_text);

}  // namespace proofline::scan
