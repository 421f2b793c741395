// AnalyzeRange (see impact.h): checks the range baseline..target, then reads its diff and its
// commits through the libgit2 wrapper, with the errors users can act on.
#include "git/impact.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string_view>
#include <tuple>
#include <unordered_set>
#include <utility>

#include "base/text.h"
#include "git/history.h"
#include "git/libgit2.h"
#include "git/resolve.h"

namespace proofline::git {
namespace {

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// A Co-authored-by trailer's value as git leaves it (free text): "Name <email>", "<email>", a bare
// "email", or "Name email" (the last word with an '@'); nullopt when no address is there. GitHub
// writes the first form, but a hand-written trailer without angle brackets still names a person
// separation of duties must see.
std::optional<Person> ParsePerson(std::string_view value) {
  const size_t open = value.find('<');
  if (open != std::string_view::npos) {
    const size_t close = value.find('>', open);
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view email = TrimBlanks(value.substr(open + 1, close - open - 1));
    if (email.empty() || email.find_first_of(" \t<") != std::string_view::npos) return std::nullopt;
    return Person{std::string(TrimBlanks(value.substr(0, open))), std::string(email)};
  }
  std::string_view v = TrimBlanks(value);
  const size_t space = v.find_last_of(" \t");
  std::string_view email = space == std::string_view::npos ? v : v.substr(space + 1);
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size()) return std::nullopt;
  std::string_view name = space == std::string_view::npos ? "" : TrimBlanks(v.substr(0, space));
  return Person{std::string(name), std::string(email)};
}

// Co-authors from the trailers, keys matched case-insensitively, malformed values skipped, each
// email (case-insensitively) kept once.
std::vector<Person> CoAuthors(const std::vector<Trailer>& trailers) {
  std::vector<Person> co_authors;
  std::unordered_set<std::string> seen;
  for (const Trailer& trailer : trailers) {
    if (Lowercase(TrimBlanks(trailer.key)) != "co-authored-by") continue;
    std::optional<Person> person = ParsePerson(trailer.value);
    if (person && seen.insert(Lowercase(person->email)).second) {
      co_authors.push_back(std::move(*person));
    }
  }
  return co_authors;
}

// Walks baseline..target and checks that the baseline is an ancestor of the target.
Result<RangeHistory> ReadHistory(const Repository& repo, const ObjectId& baseline_id,
                                 const ObjectId& target_id, const std::string& baseline,
                                 const std::string& target, const std::string& repo_path) {
  Result<RangeHistory> history = WalkRange(repo, baseline_id, target_id);
  if (!history.ok()) {
    if (repo.is_shallow() && history.status().code() == StatusCode::kNotFound) {
      return InvalidArgument(ShallowCloneMessage(baseline, repo_path));
    }
    return history.status().WithContext(repo_path);
  }
  if (history->baseline_is_ancestor) return history;
  if (repo.is_shallow() && history->cut_by_shallow_boundary) {
    return InvalidArgument(ShallowCloneMessage(baseline, repo_path));
  }
  return InvalidArgument("baseline '" + baseline + "' is not an ancestor of target '" + target +
                         "' in " + repo_path);
}

Result<std::vector<Commit>> ReadCommits(const Repository& repo, const std::vector<ObjectId>& ids) {
  std::vector<Commit> commits;
  commits.reserve(ids.size());
  for (const ObjectId& id : ids) {
    ASSIGN_OR_RETURN(CommitRecord record, repo.ReadCommit(id));
    ASSIGN_OR_RETURN(std::vector<Trailer> trailers, ParseTrailers(record.message));
    Commit commit;
    commit.id = id.Hex();
    commit.summary = std::move(record.summary);
    commit.author = std::move(record.author);
    commit.committer = std::move(record.committer);
    commit.co_authors = CoAuthors(trailers);
    commit.time = record.time;
    commit.merge = record.parent_count > 1;
    commits.push_back(std::move(commit));
  }
  return commits;
}

void SortAndCount(Impact* impact) {
  std::sort(impact->files.begin(), impact->files.end(),
            [](const FileChange& a, const FileChange& b) {
              return std::tie(a.path, a.old_path) < std::tie(b.path, b.old_path);
            });
  for (const FileChange& file : impact->files) {
    impact->lines_added += file.lines_added;
    impact->lines_removed += file.lines_removed;
  }
}

}  // namespace

Result<Impact> AnalyzeRange(const std::string& repo_path, const std::string& baseline,
                            const std::string& target, const ImpactOptions& options) {
  ASSIGN_OR_RETURN(std::unique_ptr<Repository> repo, OpenRepositoryAt(repo_path));
  ASSIGN_OR_RETURN(ObjectId baseline_id, ResolveRevision(*repo, baseline, repo_path, true));
  ASSIGN_OR_RETURN(ObjectId target_id, ResolveRevision(*repo, target, repo_path, false));
  ASSIGN_OR_RETURN(RangeHistory history,
                   ReadHistory(*repo, baseline_id, target_id, baseline, target, repo_path));
  Impact impact;
  impact.baseline = baseline_id.Hex();
  impact.target = target_id.Hex();
  ASSIGN_OR_RETURN(impact.files, repo->DiffCommits(baseline_id, target_id, options));
  SortAndCount(&impact);
  ASSIGN_OR_RETURN(impact.commits, ReadCommits(*repo, history.commits));
  return impact;
}

const char* FileStatusName(FileStatus s) {
  switch (s) {
    case FileStatus::kAdded:
      return "added";
    case FileStatus::kModified:
      return "modified";
    case FileStatus::kDeleted:
      return "deleted";
    case FileStatus::kRenamed:
      return "renamed";
    case FileStatus::kCopied:
      return "copied";
    case FileStatus::kTypeChanged:
      return "typechange";
  }
  return "unknown";
}

}  // namespace proofline::git
