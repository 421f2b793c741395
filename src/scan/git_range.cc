// Reads what a git range adds (see git_range.h) through the src/git wrapper. AddedLines calls
// libgit2's buffer diff directly: the wrapper (git/libgit2.h) diffs commits but does not return
// added line numbers; this is the one libgit2 call outside it.
#include "scan/git_range.h"

#include <git2.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "git/libgit2.h"
#include "git/resolve.h"

namespace proofline::scan {
namespace {

// The blob at `path` in `commit`, or nullopt (absent, or not a regular file: `reason` says).
Result<std::optional<std::string>> ReadBlob(const git::Repository& repo,
                                            const git::ObjectId& commit, const std::string& path,
                                            std::string* reason) {
  Result<std::optional<std::string>> blob = repo.ReadFileInCommit(commit, path);
  if (!blob.ok() && blob.status().code() == StatusCode::kInvalidArgument) {
    *reason = "not a regular file";
    return std::optional<std::string>();
  }
  return blob;
}

// Reads one changed file into `out` (or lists it as skipped).
Status AddChange(const git::Repository& repo, const git::ObjectId& base,
                 const git::ObjectId& target, const git::FileChange& c, uint64_t max_file_size,
                 GitRangeFiles* out) {
  if (c.status == git::FileStatus::kDeleted) return OkStatus();
  if (c.submodule) {
    out->skipped.push_back({c.path, "submodule", 0});
    return OkStatus();
  }
  std::string reason;
  ASSIGN_OR_RETURN(std::optional<std::string> now, ReadBlob(repo, target, c.path, &reason));
  if (!now) {
    if (!reason.empty()) out->skipped.push_back({c.path, reason, 0});
    return OkStatus();
  }
  if (max_file_size != 0 && now->size() > max_file_size) {
    out->skipped.push_back({c.path, "too large", now->size()});
    return OkStatus();
  }
  // Our sniff, not libgit2's (one NUL in 8000 bytes): the diff below is forced to text.
  if (LooksBinary(*now)) {
    out->skipped.push_back({c.path, "binary", now->size()});
    return OkStatus();
  }
  std::string before;
  if (c.status != git::FileStatus::kAdded) {
    std::string ignored;
    const std::string& old_path = c.old_path.empty() ? c.path : c.old_path;
    ASSIGN_OR_RETURN(std::optional<std::string> old, ReadBlob(repo, base, old_path, &ignored));
    if (old) before = std::move(*old);
  }
  ASSIGN_OR_RETURN(std::vector<uint32_t> added, AddedLines(before, *now));
  if (added.empty()) return OkStatus();
  out->files.push_back({c.path, std::move(*now), std::move(added)});
  return OkStatus();
}

struct PatchFree {
  void operator()(git_patch* p) const { git_patch_free(p); }
};

}  // namespace

bool LooksBinary(std::string_view content) {
  constexpr size_t kSniffBytes = 8192;
  const std::string_view sniffed = content.substr(0, kSniffBytes);
  const size_t nul = static_cast<size_t>(std::count(sniffed.begin(), sniffed.end(), '\0'));
  return nul >= 8 && nul * 100 >= sniffed.size();
}

Result<std::pair<std::string, std::string>> ParseGitRange(const std::string& range) {
  size_t dots = range.find("..");
  if (dots == std::string::npos || dots == 0 || dots + 2 >= range.size() ||
      range.compare(dots, 3, "...") == 0) {
    return InvalidArgument("--git wants BASE..TARGET, got '" + range + "'");
  }
  return std::make_pair(range.substr(0, dots), range.substr(dots + 2));
}

Result<GitRangeFiles> ReadGitRange(const std::string& repo_path, const std::string& range,
                                   uint64_t max_file_size) {
  ASSIGN_OR_RETURN(auto revisions, ParseGitRange(range));
  ASSIGN_OR_RETURN(std::unique_ptr<git::Repository> repo, git::OpenRepositoryAt(repo_path));
  ASSIGN_OR_RETURN(git::ObjectId base,
                   git::ResolveRevision(*repo, revisions.first, repo_path, true));
  ASSIGN_OR_RETURN(git::ObjectId target,
                   git::ResolveRevision(*repo, revisions.second, repo_path, false));
  git::ImpactOptions no_text;
  no_text.max_content_lines_per_file = 0;
  ASSIGN_OR_RETURN(std::vector<git::FileChange> changes, repo->DiffCommits(base, target, no_text));
  GitRangeFiles out;
  out.base = base.Hex();
  out.target = target.Hex();
  for (const git::FileChange& c : changes) {
    RETURN_IF_ERROR(AddChange(*repo, base, target, c, max_file_size, &out));
  }
  return out;
}

Result<std::vector<uint32_t>> AddedLines(const std::string& old_text, const std::string& new_text) {
  git::EnsureLibgit2Initialized();
  git_diff_options options;
  git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  options.context_lines = 0;
  options.flags |= GIT_DIFF_FORCE_TEXT;
  git_patch* raw = nullptr;
  int rc = git_patch_from_buffers(&raw, old_text.data(), old_text.size(), "a", new_text.data(),
                                  new_text.size(), "b", &options);
  if (rc < 0) return git::Libgit2Error(rc, "diffing blobs");
  std::unique_ptr<git_patch, PatchFree> patch(raw);
  std::vector<uint32_t> added;
  for (size_t h = 0; h < git_patch_num_hunks(patch.get()); ++h) {
    int lines = git_patch_num_lines_in_hunk(patch.get(), h);
    for (int i = 0; i < lines; ++i) {
      const git_diff_line* line = nullptr;
      rc = git_patch_get_line_in_hunk(&line, patch.get(), h, static_cast<size_t>(i));
      if (rc < 0) return git::Libgit2Error(rc, "reading a diff hunk");
      if (line->origin == GIT_DIFF_LINE_ADDITION && line->new_lineno > 0) {
        added.push_back(static_cast<uint32_t>(line->new_lineno));
      }
    }
  }
  return added;
}

}  // namespace proofline::scan
