// Reads one file as committed at a revision (e.g. the project's proofline.yaml at the baseline).
#pragma once

#include <optional>
#include <string>

#include "base/status.h"

namespace proofline::git {

// The blob at `path` in the tree of `revision`; nullopt when the path does not exist there.
// InvalidArgument for a path that is not a git repository or an unknown revision.
Result<std::optional<std::string>> ReadFileAt(const std::string& repo_path,
                                              const std::string& revision, const std::string& path);

}  // namespace proofline::git
