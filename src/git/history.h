// The commit graph between a baseline and a target: is the baseline an ancestor, and which
// commits does baseline..target hold. Walked here rather than with libgit2's revwalk because
// libgit2 1.5 cannot walk across the boundary of a shallow clone (libgit2.h).
#pragma once

#include <vector>

#include "base/status.h"
#include "git/libgit2.h"

namespace proofline::git {

struct RangeHistory {
  bool baseline_is_ancestor = false;  // also true when baseline == target
  // A commit only the target reaches lies at the shallow boundary: the target's history is cut
  // there, so when the baseline was not found, it may lie in history this clone does not have.
  bool cut_by_shallow_boundary = false;
  // Commits reachable from target and not from baseline, in topological order (children before
  // parents), newest committer time first among the commits that are free to come next.
  std::vector<ObjectId> commits;
};

// Walks the graph as `git merge-base` and `git log baseline..target` do: newest commit first,
// painting commits reachable from either side, until every commit left to visit is reachable
// from both. Commits at the shallow boundary are treated as having no parents. Like git, the
// walk relies on committer times; heavy clock skew can make it stop early.
// Errors: the status of a commit that cannot be read (e.g. a missing parent in a broken clone).
Result<RangeHistory> WalkRange(const Repository& repo, const ObjectId& baseline,
                               const ObjectId& target);

}  // namespace proofline::git
