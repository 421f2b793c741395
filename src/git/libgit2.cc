// libgit2 wrapper (see libgit2.h): one-time initialisation, RAII handles, libgit2 errors as
// Status, and the revision, commit and diff reads that impact analysis needs.
#include "git/libgit2.h"

#include <git2.h>
#include <git2/sys/repository.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "base/files.h"
#include "base/text.h"

namespace proofline::git {
namespace {

static_assert(sizeof(git_oid) == sizeof(ObjectId::bytes), "libgit2 built for another hash");

// Owns libgit2's global state for the life of the process. Like git, objects are not re-hashed
// on every read (libgit2's strict verification): SHA-1 of each blob costs ~15% of a large diff,
// and zlib's checksum still catches damaged data.
class Libgit2Runtime {
 public:
  Libgit2Runtime() {
    git_libgit2_init();
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
  }
  ~Libgit2Runtime() { git_libgit2_shutdown(); }
  Libgit2Runtime(const Libgit2Runtime&) = delete;
  Libgit2Runtime& operator=(const Libgit2Runtime&) = delete;
};

ObjectId FromOid(const git_oid* oid) {
  ObjectId id;
  std::memcpy(id.bytes.data(), oid->id, id.bytes.size());
  return id;
}

git_oid ToOid(const ObjectId& id) {
  git_oid oid;
  std::memcpy(oid.id, id.bytes.data(), id.bytes.size());
  return oid;
}

Person ToPerson(const git_signature* signature) {
  if (signature == nullptr) return {};
  return {signature->name != nullptr ? signature->name : "",
          signature->email != nullptr ? signature->email : ""};
}

// Reads <commondir>/shallow: one hex id per line naming a commit whose parents were not fetched.
// libgit2's own git_repository_is_shallow looks in the per-worktree directory, so it misses the
// file for a linked worktree of a shallow clone.
Result<ObjectIdSet> ReadShallowBoundary(git_repository* repo) {
  std::string path = std::string(git_repository_commondir(repo)) + "shallow";
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) return ObjectIdSet{};
    return text.status();
  }
  ObjectIdSet boundary;
  std::string_view rest = *text;
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string line(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (line.empty()) continue;
    git_oid oid;
    if (line.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, line.c_str()) < 0) {
      return Corruption("malformed line in " + path + ": '" + line + "'");
    }
    boundary.insert(FromOid(&oid));
  }
  return boundary;
}

FileStatus ToFileStatus(git_delta_t status) {
  switch (status) {
    case GIT_DELTA_ADDED:
      return FileStatus::kAdded;
    case GIT_DELTA_DELETED:
      return FileStatus::kDeleted;
    case GIT_DELTA_RENAMED:
      return FileStatus::kRenamed;
    case GIT_DELTA_COPIED:
      return FileStatus::kCopied;
    case GIT_DELTA_TYPECHANGE:
      return FileStatus::kTypeChanged;
    default:  // a tree-to-tree diff reports nothing else
      return FileStatus::kModified;
  }
}

FileChange DescribeDelta(const git_diff_delta& delta) {
  FileChange file;
  file.status = ToFileStatus(delta.status);
  file.path = delta.new_file.path != nullptr ? delta.new_file.path : delta.old_file.path;
  file.old_path = delta.old_file.path != nullptr ? delta.old_file.path : file.path;
  file.old_mode = delta.old_file.mode;
  file.new_mode = delta.new_file.mode;
  file.binary = (delta.flags & GIT_DIFF_FLAG_BINARY) != 0;
  file.submodule =
      delta.old_file.mode == GIT_FILEMODE_COMMIT || delta.new_file.mode == GIT_FILEMODE_COMMIT;
  if (delta.status == GIT_DELTA_RENAMED || delta.status == GIT_DELTA_COPIED) {
    file.similarity = delta.similarity;
  }
  return file;
}

// Appends one diff line's text, without its line ending and cut at a UTF-8 boundary, unless
// `lines` is full.
void KeepLine(const git_diff_line& line, const ImpactOptions& limits,
              std::vector<std::string>* lines) {
  if (lines->size() >= limits.max_content_lines_per_file) return;
  std::string_view text(line.content, line.content_len);
  if (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  text = Utf8Prefix(text, limits.max_content_bytes_per_line);
  lines->emplace_back(text);
}

// Copies the added and removed lines of a text patch into `file`, up to the limits.
Status CollectLines(git_patch* patch, const ImpactOptions& limits, FileChange* file) {
  auto full = [&] {
    return file->added_lines.size() >= limits.max_content_lines_per_file &&
           file->removed_lines.size() >= limits.max_content_lines_per_file;
  };
  size_t hunks = git_patch_num_hunks(patch);
  for (size_t hunk = 0; hunk < hunks && !full(); ++hunk) {
    int count = git_patch_num_lines_in_hunk(patch, hunk);
    if (count < 0) return Libgit2Error(count, "cannot read the diff of " + file->path);
    for (int i = 0; i < count && !full(); ++i) {
      const git_diff_line* line = nullptr;
      int rc = git_patch_get_line_in_hunk(&line, patch, hunk, static_cast<size_t>(i));
      if (rc < 0) return Libgit2Error(rc, "cannot read the diff of " + file->path);
      if (line->origin == GIT_DIFF_LINE_ADDITION) KeepLine(*line, limits, &file->added_lines);
      if (line->origin == GIT_DIFF_LINE_DELETION) KeepLine(*line, limits, &file->removed_lines);
    }
  }
  return OkStatus();
}

// Generates the patch of delta `index` once and reads its metadata, line counts and lines.
Result<FileChange> ReadPatch(git_diff* diff, size_t index, const ImpactOptions& limits) {
  git_patch* raw = nullptr;
  int rc = git_patch_from_diff(&raw, diff, index);
  PatchPtr patch(raw);
  const git_diff_delta* delta = git_diff_get_delta(diff, index);
  std::string name = delta->new_file.path != nullptr ? delta->new_file.path : "?";
  if (rc < 0) return Libgit2Error(rc, "cannot diff " + name);
  if (patch == nullptr) return DescribeDelta(*delta);
  FileChange file = DescribeDelta(*git_patch_get_delta(patch.get()));
  if (file.binary) return file;
  size_t context = 0, added = 0, removed = 0;
  rc = git_patch_line_stats(&context, &added, &removed, patch.get());
  if (rc < 0) return Libgit2Error(rc, "cannot count the lines changed in " + name);
  file.lines_added = added;
  file.lines_removed = removed;
  RETURN_IF_ERROR(CollectLines(patch.get(), limits, &file));
  return file;
}

// git's diff.renameLimit (default 1000; zero or less means no limit).
Result<int64_t> RenameLimit(git_repository* repo) {
  constexpr int64_t kDefaultRenameLimit = 1000;
  git_config* raw = nullptr;
  int rc = git_repository_config_snapshot(&raw, repo);
  ConfigPtr config(raw);
  if (rc < 0) return Libgit2Error(rc, "cannot read the repository configuration");
  int64_t limit = 0;
  rc = git_config_get_int64(&limit, config.get(), "diff.renameLimit");
  if (rc == GIT_ENOTFOUND) return kDefaultRenameLimit;
  if (rc < 0) return Libgit2Error(rc, "cannot read diff.renameLimit");
  return limit;
}

// Symlinks pair only with symlinks, regular files (executable or not) with regular files.
enum class BlobKind { kNone, kFile, kLink };
BlobKind KindOf(uint16_t mode) {
  if (mode == GIT_FILEMODE_LINK) return BlobKind::kLink;
  if (mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE) return BlobKind::kFile;
  return BlobKind::kNone;
}

// Deleted and added files with the same blob, paired in path order, and what is left unpaired.
struct ExactRenames {
  std::unordered_map<size_t, size_t> source_of;  // added delta index -> deleted delta index
  std::vector<bool> is_source;                   // by delta index
  uint64_t unpaired_added = 0;
  uint64_t unpaired_deleted = 0;

  // As git's too_many_rename_candidates: inexact renames are looked for only when the unpaired
  // files make a similarity matrix no larger than limit x limit.
  bool AllowInexact(int64_t limit) const {
    auto max = static_cast<uint64_t>(limit);
    return limit <= 0 || unpaired_added * unpaired_deleted <= max * max;
  }
  std::optional<size_t> SourceOf(size_t added) const {
    auto it = source_of.find(added);
    if (it == source_of.end()) return std::nullopt;
    return it->second;
  }
};

ExactRenames PairExactRenames(git_diff* diff) {
  size_t count = git_diff_num_deltas(diff);
  ExactRenames renames;
  renames.is_source.assign(count, false);
  std::unordered_map<ObjectId, std::vector<size_t>, ObjectIdHash> deleted;  // in path order
  for (size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    if (delta->status == GIT_DELTA_DELETED && KindOf(delta->old_file.mode) != BlobKind::kNone) {
      deleted[FromOid(&delta->old_file.id)].push_back(i);
      ++renames.unpaired_deleted;
    }
  }
  for (size_t i = 0; i < count; ++i) {
    const git_diff_delta* delta = git_diff_get_delta(diff, i);
    BlobKind kind = KindOf(delta->new_file.mode);
    if (delta->status != GIT_DELTA_ADDED || kind == BlobKind::kNone) continue;
    ++renames.unpaired_added;
    auto same_blob = deleted.find(FromOid(&delta->new_file.id));
    if (same_blob == deleted.end()) continue;
    std::vector<size_t>& sources = same_blob->second;
    auto source = std::find_if(sources.begin(), sources.end(), [&](size_t s) {
      return KindOf(git_diff_get_delta(diff, s)->old_file.mode) == kind;
    });
    if (source == sources.end()) continue;
    renames.source_of[i] = *source;
    renames.is_source[*source] = true;
    sources.erase(source);
    --renames.unpaired_added;
    --renames.unpaired_deleted;
  }
  return renames;
}

// A rename without content change, as `git diff -M` reports it: 100% similar, no lines.
Result<FileChange> DescribeExactRename(git_repository* repo, const git_diff_delta& source,
                                       const git_diff_delta& target) {
  FileChange file = DescribeDelta(target);
  file.status = FileStatus::kRenamed;
  file.old_path = source.old_file.path;
  file.old_mode = source.old_file.mode;
  file.similarity = 100;
  git_blob* raw = nullptr;
  int rc = git_blob_lookup(&raw, repo, &target.new_file.id);
  BlobPtr blob(raw);
  if (rc < 0) return Libgit2Error(rc, "cannot read " + file.path);
  file.binary = git_blob_is_binary(blob.get()) == 1;
  return file;
}

// A tree-to-tree diff, without context lines: they do not change the counts and cost time.
Result<DiffPtr> DiffTrees(git_repository* repo, git_tree* old_tree, git_tree* new_tree) {
  git_diff_options options;
  int rc = git_diff_options_init(&options, GIT_DIFF_OPTIONS_VERSION);
  if (rc < 0) return Libgit2Error(rc, "cannot set up a diff");
  options.flags = GIT_DIFF_INCLUDE_TYPECHANGE;
  options.ignore_submodules = GIT_SUBMODULE_IGNORE_NONE;
  options.context_lines = 0;
  options.interhunk_lines = 0;
  git_diff* raw = nullptr;
  rc = git_diff_tree_to_tree(&raw, repo, old_tree, new_tree, &options);
  DiffPtr diff(raw);
  if (rc < 0) return Libgit2Error(rc, "cannot diff trees");
  return diff;
}

// libgit2's rename detection (exact and inexact) at git's default 50% similarity, every added
// file compared with every deleted one: the caller has checked git's limit on that matrix.
Status FindRenames(git_diff* diff) {
  git_diff_find_options find;
  int rc = git_diff_find_options_init(&find, GIT_DIFF_FIND_OPTIONS_VERSION);
  if (rc < 0) return Libgit2Error(rc, "cannot set up rename detection");
  find.flags = GIT_DIFF_FIND_RENAMES;
  find.rename_limit = SIZE_MAX;
  rc = git_diff_find_similar(diff, &find);
  if (rc < 0) return Libgit2Error(rc, "cannot detect renames");
  return OkStatus();
}

// Reads every delta's patch, except that the files `exact` pairs become one rename each.
Result<std::vector<FileChange>> ReadPatches(git_repository* repo, git_diff* diff,
                                            const ImpactOptions& limits,
                                            const ExactRenames* exact) {
  size_t count = git_diff_num_deltas(diff);
  std::vector<FileChange> files;
  files.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    if (exact != nullptr && exact->is_source[i]) continue;
    std::optional<size_t> source = exact != nullptr ? exact->SourceOf(i) : std::nullopt;
    Result<FileChange> file = source ? DescribeExactRename(repo, *git_diff_get_delta(diff, *source),
                                                           *git_diff_get_delta(diff, i))
                                     : ReadPatch(diff, i, limits);
    if (!file.ok()) return file.status();
    files.push_back(std::move(file).value());
  }
  return files;
}

// Finds the repository at or above `path`: a work tree (or a directory in one), a linked worktree,
// a bare repository or a git directory.
Result<RepositoryPtr> Discover(const std::string& path) {
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(&raw, path.c_str(), 0, nullptr);
  RepositoryPtr repo(raw);
  if (rc < 0) return Libgit2Error(rc, "cannot open a git repository at " + path);
  return repo;
}

// Opens the repository at or above `path` with its git directory only, as if bare, and an empty
// in-memory index. Analysis reads commits, so neither the work tree nor the staging area (nor
// their uncommitted .gitattributes) may change its answer; libgit2 also skips the realpath, stats
// and index reads it would otherwise make for every diffed file's attribute lookup.
Result<RepositoryPtr> OpenCommitsOnly(const std::string& path) {
  ASSIGN_OR_RETURN(RepositoryPtr found, Discover(path));
  std::string git_dir = git_repository_path(found.get());
  git_repository* raw = nullptr;
  int rc = git_repository_open_ext(
      &raw, git_dir.c_str(), GIT_REPOSITORY_OPEN_BARE | GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
  RepositoryPtr repo(raw);
  if (rc < 0) return Libgit2Error(rc, "cannot open git directory " + git_dir);
  git_index* index_raw = nullptr;
  rc = git_index_new(&index_raw);
  IndexPtr index(index_raw);
  if (rc < 0) return Libgit2Error(rc, "cannot create an index");
  rc = git_repository_set_index(repo.get(), index.get());
  if (rc < 0) return Libgit2Error(rc, "cannot set up " + git_dir);
  return repo;
}

}  // namespace

void EnsureLibgit2Initialized() {
  static const Libgit2Runtime runtime;
  (void)runtime;
}

void RepositoryDeleter::operator()(git_repository* p) const { git_repository_free(p); }
void ObjectDeleter::operator()(git_object* p) const { git_object_free(p); }
void CommitDeleter::operator()(git_commit* p) const { git_commit_free(p); }
void TreeDeleter::operator()(git_tree* p) const { git_tree_free(p); }
void DiffDeleter::operator()(git_diff* p) const { git_diff_free(p); }
void PatchDeleter::operator()(git_patch* p) const { git_patch_free(p); }
void IndexDeleter::operator()(git_index* p) const { git_index_free(p); }
void ConfigDeleter::operator()(git_config* p) const { git_config_free(p); }
void BlobDeleter::operator()(git_blob* p) const { git_blob_free(p); }
void TreeEntryDeleter::operator()(git_tree_entry* p) const { git_tree_entry_free(p); }

Status Libgit2Error(int rc, const std::string& what) {
  const git_error* error = git_error_last();
  std::string detail = error != nullptr && error->message != nullptr
                           ? error->message
                           : "libgit2 error " + std::to_string(rc);
  std::string message = what + ": " + detail;
  switch (rc) {
    case GIT_ENOTFOUND:
      return NotFound(message);
    case GIT_EINVALIDSPEC:
    case GIT_EAMBIGUOUS:
    case GIT_EPEEL:
      return InvalidArgument(message);
    default:
      return IoError(message);
  }
}

std::string ObjectId::Hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    hex[2 * i] = kDigits[bytes[i] >> 4];
    hex[2 * i + 1] = kDigits[bytes[i] & 0xF];
  }
  return hex;
}

size_t ObjectIdHash::operator()(const ObjectId& id) const {
  size_t hash;  // ids are uniformly distributed already
  std::memcpy(&hash, id.bytes.data(), sizeof(hash));
  return hash;
}

Result<std::vector<Trailer>> ParseTrailers(const std::string& message) {
  EnsureLibgit2Initialized();
  git_message_trailer_array array;
  std::memset(&array, 0, sizeof(array));
  int rc = git_message_trailers(&array, message.c_str());
  if (rc < 0) {
    Status error = Libgit2Error(rc, "cannot parse commit message trailers");
    git_message_trailer_array_free(&array);
    return error;
  }
  std::vector<Trailer> trailers;
  trailers.reserve(array.count);
  for (size_t i = 0; i < array.count; ++i) {
    trailers.push_back({array.trailers[i].key, array.trailers[i].value});
  }
  git_message_trailer_array_free(&array);
  return trailers;
}

Result<std::unique_ptr<Repository>> Repository::Open(const std::string& path) {
  EnsureLibgit2Initialized();
  ASSIGN_OR_RETURN(RepositoryPtr repo, OpenCommitsOnly(path));
  int shallow = git_repository_is_shallow(repo.get());
  if (shallow < 0) return Libgit2Error(shallow, "cannot read the shallow state of " + path);
  ASSIGN_OR_RETURN(ObjectIdSet boundary, ReadShallowBoundary(repo.get()));
  bool is_shallow = shallow == 1 || !boundary.empty();
  return std::unique_ptr<Repository>(
      new Repository(std::move(repo), is_shallow, std::move(boundary)));
}

Result<ObjectId> Repository::ResolveCommit(const std::string& revision) const {
  git_object* raw = nullptr;
  int rc = git_revparse_single(&raw, repo_.get(), revision.c_str());
  ObjectPtr object(raw);
  if (rc == GIT_EINVALIDSPEC) rc = GIT_ENOTFOUND;  // a malformed name names nothing either
  if (rc < 0) return Libgit2Error(rc, "cannot resolve revision '" + revision + "'");
  git_object* peeled_raw = nullptr;
  rc = git_object_peel(&peeled_raw, object.get(), GIT_OBJECT_COMMIT);
  ObjectPtr peeled(peeled_raw);
  if (rc < 0) {
    const char* type = git_object_type2string(git_object_type(object.get()));
    return InvalidArgument("revision '" + revision + "' names a " + type + ", not a commit");
  }
  return FromOid(git_object_id(peeled.get()));
}

Result<CommitPtr> Repository::LookupCommit(const ObjectId& id) const {
  git_oid oid = ToOid(id);
  git_commit* raw = nullptr;
  int rc = git_commit_lookup(&raw, repo_.get(), &oid);
  CommitPtr commit(raw);
  if (rc < 0) return Libgit2Error(rc, "cannot read commit " + id.Hex());
  return commit;
}

Result<CommitLinks> Repository::ReadCommitLinks(const ObjectId& id) const {
  ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(id));
  CommitLinks links;
  links.time = git_commit_time(commit.get());
  unsigned int count = git_commit_parentcount(commit.get());
  links.parents.reserve(count);
  for (unsigned int i = 0; i < count; ++i) {
    links.parents.push_back(FromOid(git_commit_parent_id(commit.get(), i)));
  }
  return links;
}

Result<CommitRecord> Repository::ReadCommit(const ObjectId& id) const {
  ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(id));
  CommitRecord record;
  record.parent_count = git_commit_parentcount(commit.get());
  record.time = git_commit_time(commit.get());
  record.author = ToPerson(git_commit_author(commit.get()));
  record.committer = ToPerson(git_commit_committer(commit.get()));
  const char* summary = git_commit_summary(commit.get());
  const char* message = git_commit_message(commit.get());
  record.summary = summary != nullptr ? summary : "";
  record.message = message != nullptr ? message : "";
  return record;
}

Result<TreePtr> Repository::CommitTree(const ObjectId& id) const {
  ASSIGN_OR_RETURN(CommitPtr commit, LookupCommit(id));
  git_tree* raw = nullptr;
  int rc = git_commit_tree(&raw, commit.get());
  TreePtr tree(raw);
  if (rc < 0) return Libgit2Error(rc, "cannot read the tree of commit " + id.Hex());
  return tree;
}

// Rename detection as git's: exact renames always; inexact ones (libgit2's similarity) only within
// diff.renameLimit. libgit2's own limit merely caps the sources tried per added file, so a mass
// move would still compare millions of pairs; past the limit, exact pairs are made here instead.
Result<std::vector<FileChange>> Repository::DiffCommits(const ObjectId& old_commit,
                                                        const ObjectId& new_commit,
                                                        const ImpactOptions& limits) const {
  ASSIGN_OR_RETURN(TreePtr old_tree, CommitTree(old_commit));
  ASSIGN_OR_RETURN(TreePtr new_tree, CommitTree(new_commit));
  ASSIGN_OR_RETURN(DiffPtr diff, DiffTrees(repo_.get(), old_tree.get(), new_tree.get()));
  ASSIGN_OR_RETURN(int64_t rename_limit, RenameLimit(repo_.get()));
  ExactRenames exact = PairExactRenames(diff.get());
  if (!exact.AllowInexact(rename_limit)) {
    return ReadPatches(repo_.get(), diff.get(), limits, &exact);
  }
  RETURN_IF_ERROR(FindRenames(diff.get()));
  return ReadPatches(repo_.get(), diff.get(), limits, nullptr);
}

Result<std::optional<std::string>> Repository::ReadFileInCommit(const ObjectId& commit,
                                                                const std::string& path) const {
  ASSIGN_OR_RETURN(TreePtr tree, CommitTree(commit));
  git_tree_entry* raw = nullptr;
  int rc = git_tree_entry_bypath(&raw, tree.get(), path.c_str());
  TreeEntryPtr entry(raw);
  if (rc == GIT_ENOTFOUND) return std::optional<std::string>();
  if (rc < 0) return Libgit2Error(rc, "cannot look up '" + path + "' in commit " + commit.Hex());
  git_filemode_t mode = git_tree_entry_filemode(entry.get());
  if (mode != GIT_FILEMODE_BLOB && mode != GIT_FILEMODE_BLOB_EXECUTABLE) {
    const char* kind = mode == GIT_FILEMODE_TREE   ? "a directory"
                       : mode == GIT_FILEMODE_LINK ? "a symbolic link"
                                                   : "a submodule";
    return InvalidArgument("'" + path + "' in commit " + commit.Hex() + " is " + kind +
                           ", not a file");
  }
  git_blob* blob_raw = nullptr;
  rc = git_blob_lookup(&blob_raw, repo_.get(), git_tree_entry_id(entry.get()));
  BlobPtr blob(blob_raw);
  if (rc < 0) return Libgit2Error(rc, "cannot read '" + path + "' in commit " + commit.Hex());
  const char* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
  return std::optional<std::string>(
      std::string(data, static_cast<size_t>(git_blob_rawsize(blob.get()))));
}

}  // namespace proofline::git
