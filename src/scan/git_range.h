// What a git range BASE..TARGET adds, for `scan --git`: the content of every added or modified
// file at TARGET (blobs read through libgit2, never the work tree) with the line numbers the diff
// BASE..TARGET adds to it, so findings are reported on added lines only.
#pragma once

#include <cstdint>
#include <string>
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
  std::string reason;  // "binary", "too large", "symlink", "submodule", "excluded", ...
  uint64_t size = 0;
};

struct GitRangeFiles {
  std::string base, target;  // resolved full commit ids
  std::vector<AddedFile> files;
  std::vector<SkippedFile> skipped;
};

// Splits "BASE..TARGET" (both required). InvalidArgument otherwise.
Result<std::pair<std::string, std::string>> ParseGitRange(const std::string& range);

// The files BASE..TARGET adds or modifies in the repository at `repo_path` (renames compared
// with their old content, as `git diff -M`), deletions and submodules left out. Blobs larger than
// `max_file_size` or with a NUL byte in their first 8 KiB are skipped (listed).
// InvalidArgument for a path that is not a repository or a revision that does not resolve.
Result<GitRangeFiles> ReadGitRange(const std::string& repo_path, const std::string& range,
                                   uint64_t max_file_size);

// The 1-based lines of `new_text` that a line diff from `old_text` adds (libgit2's xdiff, as
// `git diff` counts them).
Result<std::vector<uint32_t>> AddedLines(const std::string& old_text, const std::string& new_text);

}  // namespace proofline::scan
