// Impact analysis of a change from git: what a range baseline..target touches and who wrote it.
// Read through libgit2 only (no shelling out to git), so it works the same on ordinary and bare
// repositories, linked worktrees and shallow clones.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"

namespace proofline::git {

enum class FileStatus { kAdded, kModified, kDeleted, kRenamed, kCopied, kTypeChanged };

struct FileChange {
  FileStatus status = FileStatus::kModified;
  std::string path;      // new path (old path for deletions)
  std::string old_path;  // differs from path only for renames/copies
  uint64_t lines_added = 0;
  uint64_t lines_removed = 0;
  bool binary = false;
  bool submodule = false;  // a gitlink (submodule bump)
  uint32_t old_mode = 0;   // git file modes, e.g. 0100644, 0100755, 0120000, 0160000
  uint32_t new_mode = 0;
  uint32_t similarity = 0;  // percent, for renames/copies
  // Added lines' text (only for text files, capped per file) for diff-content rules. Each list
  // holds at most ImpactOptions::max_content_lines_per_file lines, without line endings.
  std::vector<std::string> added_lines;
  std::vector<std::string> removed_lines;
};

struct Person {
  std::string name;
  std::string email;
};

struct Commit {
  std::string id;  // full hex
  std::string summary;
  Person author;
  Person committer;
  std::vector<Person> co_authors;  // from "Co-authored-by: Name <email>" trailers
  int64_t time = 0;                // committer time, seconds since epoch
  bool merge = false;              // more than one parent
};

struct Impact {
  std::string baseline;  // resolved full ids
  std::string target;
  std::vector<FileChange> files;  // sorted by path
  std::vector<Commit> commits;    // reachable from target, not from baseline; newest first
  uint64_t lines_added = 0;
  uint64_t lines_removed = 0;
};

struct ImpactOptions {
  // Limits that keep hostile or huge diffs bounded; content lines past the cap are not kept.
  size_t max_content_lines_per_file = 2000;
  size_t max_content_bytes_per_line = 512;
};

// Analyses baseline..target in the repository at `repo_path` (a work tree, any directory inside
// one, a linked worktree, or a bare repository).
// The answer depends on the commits only, never on the work tree or the index: files compare as
// `git diff -M baseline target` run in a bare clone (renames at 50% similarity, inexact ones only
// within diff.renameLimit; .gitattributes in the tree are not read, binary is decided by content).
// Thread-safe: each call opens its own repository handle.
// Errors (InvalidArgument, one line, naming the input):
//   - not a git repository;
//   - a revision that does not resolve ("unknown revision 'X'");
//   - baseline not an ancestor of target;
//   - in a shallow clone, a baseline that is missing or beyond the shallow boundary: the message
//     says to fetch more history (`git fetch --deepen=N` or `--unshallow`).
Result<Impact> AnalyzeRange(const std::string& repo_path, const std::string& baseline,
                            const std::string& target, const ImpactOptions& options = {});

const char* FileStatusName(FileStatus s);  // "added", "modified", "deleted", "renamed", ...

}  // namespace proofline::git
