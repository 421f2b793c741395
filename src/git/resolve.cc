// Repository opening and revision resolution with user-facing errors (see resolve.h).
#include "git/resolve.h"

namespace proofline::git {

std::string ShallowCloneMessage(const std::string& baseline, const std::string& repo_path) {
  return "baseline '" + baseline + "' is missing from this shallow clone (" + repo_path +
         "): fetch more history with `git fetch --deepen=N` or `git fetch --unshallow`";
}

Result<std::unique_ptr<Repository>> OpenRepositoryAt(const std::string& repo_path) {
  Result<std::unique_ptr<Repository>> repo = Repository::Open(repo_path);
  if (!repo.ok() && repo.status().code() == StatusCode::kNotFound) {
    return InvalidArgument(repo_path + " is not a git repository");
  }
  return repo;
}

// A baseline that does not resolve in a shallow clone is most likely history it did not fetch.
Result<ObjectId> ResolveRevision(const Repository& repo, const std::string& revision,
                                 const std::string& repo_path, bool is_baseline) {
  Result<ObjectId> id = repo.ResolveCommit(revision);
  if (id.ok()) return id;
  if (id.status().code() != StatusCode::kNotFound) {
    return Status(id.status().code(), id.status().message() + " in " + repo_path);
  }
  if (is_baseline && repo.is_shallow()) {
    return InvalidArgument(ShallowCloneMessage(revision, repo_path));
  }
  return InvalidArgument("unknown revision '" + revision + "' in " + repo_path);
}

}  // namespace proofline::git
