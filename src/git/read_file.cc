// ReadFileAt (see read_file.h): one committed file, read from the object database so the work
// tree's copy (possibly edited) never stands in for it.
#include "git/read_file.h"

#include <memory>

#include "git/libgit2.h"
#include "git/resolve.h"

namespace proofline::git {

Result<std::optional<std::string>> ReadFileAt(const std::string& repo_path,
                                              const std::string& revision,
                                              const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<Repository> repo, OpenRepositoryAt(repo_path));
  ASSIGN_OR_RETURN(ObjectId commit, ResolveRevision(*repo, revision, repo_path, false));
  return repo->ReadFileInCommit(commit, path);
}

}  // namespace proofline::git
