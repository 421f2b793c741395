// Opening a repository and resolving revisions with the errors users see; shared by AnalyzeRange
// (impact.h) and ReadFileAt (read_file.h) so both word them the same way.
#pragma once

#include <memory>
#include <string>

#include "base/status.h"
#include "git/libgit2.h"

namespace proofline::git {

// The message for a baseline the shallow clone at `repo_path` does not have; it says how to fetch
// more history.
std::string ShallowCloneMessage(const std::string& baseline, const std::string& repo_path);

// Opens the repository at or above `repo_path`. InvalidArgument "PATH is not a git repository"
// when there is none; Io when one is found but cannot be opened.
Result<std::unique_ptr<Repository>> OpenRepositoryAt(const std::string& repo_path);

// Resolves `revision` to a commit. InvalidArgument "unknown revision 'X' in PATH" when it names
// nothing (for a baseline in a shallow clone, ShallowCloneMessage instead); InvalidArgument naming
// the revision when it is ambiguous or not a commit.
Result<ObjectId> ResolveRevision(const Repository& repo, const std::string& revision,
                                 const std::string& repo_path, bool is_baseline);

}  // namespace proofline::git
