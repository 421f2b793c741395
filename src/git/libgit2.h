// RAII wrapper over libgit2: the only file that calls git_* directly. Every libgit2 return code
// becomes a Status carrying libgit2's own message (git_error_last()).
//
// libgit2 1.5 has no support for shallow clones in its graph code (revwalk, merge base,
// descendant checks all fail with "object not found" at the shallow boundary), so this wrapper
// exposes commits one at a time plus the repository's shallow boundary, and history.h walks the
// graph itself.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "base/status.h"
#include "git/impact.h"

struct git_repository;
struct git_object;
struct git_commit;
struct git_tree;
struct git_diff;
struct git_patch;
struct git_index;
struct git_config;
struct git_blob;
struct git_tree_entry;

namespace proofline::git {

// Initialises libgit2 once per process (thread-safe); every entry point below calls it.
void EnsureLibgit2Initialized();

// Deleters calling the matching git_*_free, for std::unique_ptr.
struct RepositoryDeleter {
  void operator()(git_repository* p) const;
};
struct ObjectDeleter {
  void operator()(git_object* p) const;
};
struct CommitDeleter {
  void operator()(git_commit* p) const;
};
struct TreeDeleter {
  void operator()(git_tree* p) const;
};
struct DiffDeleter {
  void operator()(git_diff* p) const;
};
struct PatchDeleter {
  void operator()(git_patch* p) const;
};
struct IndexDeleter {
  void operator()(git_index* p) const;
};
struct ConfigDeleter {
  void operator()(git_config* p) const;
};
struct BlobDeleter {
  void operator()(git_blob* p) const;
};
struct TreeEntryDeleter {
  void operator()(git_tree_entry* p) const;
};
using RepositoryPtr = std::unique_ptr<git_repository, RepositoryDeleter>;
using ObjectPtr = std::unique_ptr<git_object, ObjectDeleter>;
using CommitPtr = std::unique_ptr<git_commit, CommitDeleter>;
using TreePtr = std::unique_ptr<git_tree, TreeDeleter>;
using DiffPtr = std::unique_ptr<git_diff, DiffDeleter>;
using PatchPtr = std::unique_ptr<git_patch, PatchDeleter>;
using IndexPtr = std::unique_ptr<git_index, IndexDeleter>;
using ConfigPtr = std::unique_ptr<git_config, ConfigDeleter>;
using BlobPtr = std::unique_ptr<git_blob, BlobDeleter>;
using TreeEntryPtr = std::unique_ptr<git_tree_entry, TreeEntryDeleter>;

// Maps a negative libgit2 return code to a Status "what: <libgit2 message>". Codes: NotFound for
// GIT_ENOTFOUND, InvalidArgument for bad or ambiguous specs and failed peels, Io otherwise.
// REQUIRES: rc < 0, called on the thread that made the failing call (the message is per thread).
Status Libgit2Error(int rc, const std::string& what);

// A SHA-1 object id (libgit2 1.5 supports no other object format).
struct ObjectId {
  std::array<uint8_t, 20> bytes{};

  std::string Hex() const;
  bool operator==(const ObjectId& other) const = default;
};

struct ObjectIdHash {
  size_t operator()(const ObjectId& id) const;
};
using ObjectIdSet = std::unordered_set<ObjectId, ObjectIdHash>;

// What a graph walk needs of a commit.
struct CommitLinks {
  std::vector<ObjectId> parents;  // as recorded in the commit, even if absent from the repo
  int64_t time = 0;               // committer time, seconds since the epoch
};

// What a report needs of a commit.
struct CommitRecord {
  size_t parent_count = 0;
  int64_t time = 0;
  Person author;
  Person committer;
  std::string summary;  // first paragraph, lines joined by spaces
  std::string message;  // full raw message
};

struct Trailer {
  std::string key;
  std::string value;
};

// Trailers ("Key: value" lines of a message's last paragraph) as `git interpret-trailers` finds
// them. Lines that do not parse are not returned; only allocation failure is an error.
Result<std::vector<Trailer>> ParseTrailers(const std::string& message);

// One opened repository. Not thread-safe: use one per thread.
class Repository {
 public:
  // Opens the repository at or above `path`: a work tree or any directory in it, a linked
  // worktree, a bare repository or a .git directory. NotFound when there is none there; Io (with
  // libgit2's message) when one is found but cannot be opened. The handle sees the git directory
  // only (as if bare, with an empty index): work-tree files and staged changes never matter.
  static Result<std::unique_ptr<Repository>> Open(const std::string& path);

  bool is_shallow() const { return shallow_; }
  // True when `id` is a commit at the shallow boundary: its parents are not in the repository.
  bool IsShallowBoundary(const ObjectId& id) const { return shallow_boundary_.contains(id); }

  // Resolves a revision (`HEAD~2`, `v1.0`, `main`, a full or short id) and peels it to a commit.
  // NotFound if it is malformed or names nothing (in a shallow clone, also when it walks past
  // the boundary, e.g. `HEAD~5`); InvalidArgument if it is ambiguous or names an object that is
  // not a commit.
  Result<ObjectId> ResolveCommit(const std::string& revision) const;

  // Reads a commit. NotFound if it is not in the repository.
  Result<CommitLinks> ReadCommitLinks(const ObjectId& id) const;
  Result<CommitRecord> ReadCommit(const ObjectId& id) const;

  // Diffs the trees of two commits as `git diff -M old new` does in a bare clone: renames at the
  // default 50% similarity, inexact ones only within diff.renameLimit (as git, exact ones always),
  // no copies, type changes reported as such. One pass, one patch per file, no context lines.
  // Files come in libgit2's (tree) order. Added/removed line text is kept only for text files, at
  // most `limits.max_content_lines_per_file` lines each way, each line cut to
  // `limits.max_content_bytes_per_line` bytes (at a UTF-8 boundary) without its line ending.
  Result<std::vector<FileChange>> DiffCommits(const ObjectId& old_commit,
                                              const ObjectId& new_commit,
                                              const ImpactOptions& limits) const;

  // The content of the regular file at `path` ('/'-separated, from the root) in the commit's
  // tree; nullopt when nothing is there. InvalidArgument when `path` names a directory, a
  // symbolic link or a submodule.
  Result<std::optional<std::string>> ReadFileInCommit(const ObjectId& commit,
                                                      const std::string& path) const;

 private:
  Repository(RepositoryPtr repo, bool shallow, ObjectIdSet boundary)
      : repo_(std::move(repo)), shallow_(shallow), shallow_boundary_(std::move(boundary)) {}

  Result<CommitPtr> LookupCommit(const ObjectId& id) const;
  Result<TreePtr> CommitTree(const ObjectId& id) const;

  RepositoryPtr repo_;
  bool shallow_;
  ObjectIdSet shallow_boundary_;
};

}  // namespace proofline::git
