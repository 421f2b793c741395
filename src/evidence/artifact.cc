// Artifact fingerprints: a walk that lstat()s every entry (so links and special files are refused
// before anything is opened), a bytewise sort, then one streamed SHA-256 per file feeding the
// sha256sum-style tree digest.
#include "evidence/artifact.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string_view>

#include "base/files.h"

namespace proofline::evidence {
namespace {

constexpr size_t kReadBytes = size_t{64} * 1024;
constexpr size_t kMaxShownTarget = 200;

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// "dist///" -> "dist"; "/" stays "/".
std::string StripTrailingSlashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// The last component of `path`; for ".", ".." or "/" the name of the directory they resolve to.
std::string ArtifactName(const std::string& path) {
  std::string base = path.substr(path.find_last_of('/') + 1);
  if (!base.empty() && base != "." && base != "..") return base;
  char resolved[PATH_MAX];
  if (realpath(path.c_str(), resolved) == nullptr) return base.empty() ? "/" : base;
  std::string full = resolved;
  return full == "/" ? full : full.substr(full.find_last_of('/') + 1);
}

bool IsUtf8(std::string_view s) { return CanonicalJson(Json(std::string(s))).ok(); }

// `s` with control characters replaced, so an error message stays on one line.
std::string Shown(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

// Whether entry `name` of directory `dir_path` has a name sha256sum prints as is and JSON holds.
Status CheckName(std::string_view name, const std::string& dir_path) {
  std::string shown = dir_path + "/" + Shown(name);
  if (name.find_first_of("\n\r\\") != std::string_view::npos) {
    return InvalidArgument(shown +
                           ": file name contains a newline, carriage return or backslash, "
                           "which sha256sum escapes; rename it");
  }
  if (!IsUtf8(name)) return InvalidArgument(shown + ": file name is not valid UTF-8");
  return OkStatus();
}

// Why an entry of type `mode` cannot be fingerprinted; empty for a regular file or directory.
std::string RefusedType(const std::string& path, mode_t mode) {
  if (S_ISREG(mode) || S_ISDIR(mode)) return "";
  if (S_ISLNK(mode)) {
    char target[kMaxShownTarget + 1];
    ssize_t n = readlink(path.c_str(), target, kMaxShownTarget);
    std::string to = n < 0 ? "?" : Shown(std::string_view(target, static_cast<size_t>(n)));
    return "a symbolic link (to " + to +
           "); links inside an artifact are refused: dereference them (cp -rL) or fingerprint "
           "an archive";
  }
  if (S_ISFIFO(mode)) return "a FIFO, not a regular file (refused, never opened)";
  if (S_ISSOCK(mode)) return "a socket, not a regular file (refused)";
  if (S_ISCHR(mode)) return "a character device, not a regular file (refused, never opened)";
  if (S_ISBLK(mode)) return "a block device, not a regular file (refused, never opened)";
  return "not a regular file or directory (refused)";
}

// Streams the file at `path` through SHA-256, filling the entry's digest and size.
Status HashFile(const std::string& path, std::string* buf, ArtifactEntry* entry) {
  ASSIGN_OR_RETURN(std::unique_ptr<HashingFileReader> file, HashingFileReader::Open(path));
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, file->Read(buf->data(), buf->size()));
    if (n == 0) break;
  }
  entry->sha256 = file->digest();
  entry->size = file->size();
  return OkStatus();
}

// Adds the regular files under `root` to `entries` (paths relative to root, executable bit set,
// unsorted, not yet hashed). Refuses links, special files and names sha256sum would escape.
Status ListTree(const std::string& root, std::vector<ArtifactEntry>* entries) {
  std::vector<std::string> pending{""};  // relative directories still to read
  while (!pending.empty()) {
    std::string dir = std::move(pending.back());
    pending.pop_back();
    std::string dir_path = dir.empty() ? root : root + "/" + dir;
    std::unique_ptr<DIR, int (*)(DIR*)> d(opendir(dir_path.c_str()), closedir);
    if (!d) return IoError(Errno("cannot list", dir_path));
    while (dirent* e = readdir(d.get())) {
      std::string_view name = e->d_name;
      if (name == "." || name == "..") continue;
      std::string rel = dir.empty() ? std::string(name) : dir + "/" + std::string(name);
      std::string path = root + "/" + rel;
      RETURN_IF_ERROR(CheckName(name, dir_path));
      struct stat st {};
      if (lstat(path.c_str(), &st) != 0) return IoError(Errno("cannot stat", path));
      if (std::string why = RefusedType(path, st.st_mode); !why.empty()) {
        return InvalidArgument(path + ": " + why);
      }
      if (S_ISDIR(st.st_mode)) {
        pending.push_back(std::move(rel));
      } else {
        entries->push_back({std::move(rel), {}, 0, (st.st_mode & S_IXUSR) != 0});
      }
    }
  }
  return OkStatus();
}

Result<ArtifactFingerprint> FingerprintDirectory(const std::string& root) {
  ArtifactFingerprint a;
  a.type = "directory";
  RETURN_IF_ERROR(ListTree(root, &a.manifest));
  if (a.manifest.empty()) {
    return InvalidArgument(root +
                           ": no regular files in the directory (empty directories are "
                           "ignored)");
  }
  std::sort(a.manifest.begin(), a.manifest.end(),
            [](const ArtifactEntry& x, const ArtifactEntry& y) { return x.path < y.path; });
  std::string buf(kReadBytes, '\0');
  Sha256Stream tree;
  for (ArtifactEntry& entry : a.manifest) {
    RETURN_IF_ERROR(HashFile(root + "/" + entry.path, &buf, &entry));
    tree.Update(AsBytes(ToHex(entry.sha256) + "  " + entry.path + "\n"));
    a.size += entry.size;
  }
  a.sha256 = tree.Finish();
  a.files = a.manifest.size();
  return a;
}

Result<ArtifactFingerprint> FingerprintFile(const std::string& path, const std::string& name,
                                            bool executable) {
  ArtifactFingerprint a;
  a.type = "file";
  ArtifactEntry entry{name, {}, 0, executable};
  std::string buf(kReadBytes, '\0');
  RETURN_IF_ERROR(HashFile(path, &buf, &entry));
  a.sha256 = entry.sha256;
  a.size = entry.size;
  a.files = 1;
  a.manifest.push_back(std::move(entry));
  return a;
}

}  // namespace

Json ArtifactFingerprint::ToJson() const {
  return {
      {"name", name}, {"type", type}, {"sha256", ToHex(sha256)}, {"size", size}, {"files", files}};
}

std::string ArtifactFingerprint::ManifestJson() const {
  Json list = Json::array();
  for (const ArtifactEntry& e : manifest) {
    list.push_back({{"path", e.path},
                    {"sha256", ToHex(e.sha256)},
                    {"size", e.size},
                    {"executable", e.executable}});
  }
  Json j = ToJson();
  j["manifest"] = std::move(list);
  Result<std::string> text = CanonicalJson(j);
  if (!text.ok()) std::abort();  // a bug: the invariant guarantees a canonical form
  return *text;
}

Result<ArtifactFingerprint> FingerprintArtifact(const std::string& path) {
  std::string root = StripTrailingSlashes(path);
  struct stat st {};
  if (stat(root.c_str(), &st) != 0) {
    if (errno == ENOENT) return NotFound("no such file or directory: " + path);
    return IoError(Errno("cannot stat", path));
  }
  if (std::string why = RefusedType(root, st.st_mode); !why.empty()) {
    return InvalidArgument(path + ": " + why);
  }
  std::string name = ArtifactName(root);
  if (!IsUtf8(name)) return InvalidArgument(path + ": name is not valid UTF-8");
  Result<ArtifactFingerprint> a = S_ISDIR(st.st_mode)
                                      ? FingerprintDirectory(root)
                                      : FingerprintFile(root, name, (st.st_mode & S_IXUSR) != 0);
  if (a.ok()) a->name = std::move(name);
  return a;
}

}  // namespace proofline::evidence
