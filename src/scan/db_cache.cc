// The compiled-database cache (see db_cache.h).
#include "scan/db_cache.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "base/crypto.h"
#include "base/files.h"

namespace proofline::scan {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "proofline-hsdb 1\n";
constexpr size_t kMaxFileBytes = size_t{256} << 20;  // far above any rule set's database

std::string EnvOr(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

// The key: length-prefixed fields, so no two pattern lists share a byte string.
std::string KeyOf(const std::vector<HsPattern>& patterns) {
  std::string material = HsDatabase::BuildEnvironment();
  material += '\0';
  for (const HsPattern& p : patterns) {
    material += std::to_string(p.expression.size()) + ':' + p.expression + ';' +
                std::to_string(p.flags) + '\n';
  }
  return ToHex(Sha256(AsBytes(material)));
}

// mkdir with mode 0700 for the directories the cache owns; the parents of the root (say
// ~/.cache) are created with the usual mode.
bool EnsurePrivateDir(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(fs::path(dir).parent_path().parent_path(), ec);
  for (const fs::path& d : {fs::path(dir).parent_path(), fs::path(dir)}) {
    if (::mkdir(d.c_str(), 0700) != 0 && errno != EEXIST) return false;
  }
  return true;
}

}  // namespace

HsDatabaseCache::HsDatabaseCache(std::string root)
    : dir_(root.empty() ? "" : (fs::path(root) / "vectorscan").string()) {}

std::string HsDatabaseCache::DefaultRoot() {
  if (std::string dir = EnvOr("PROOFLINE_CACHE_DIR"); !dir.empty()) return dir;
  if (std::string xdg = EnvOr("XDG_CACHE_HOME"); !xdg.empty()) {
    return (fs::path(xdg) / "proofline").string();
  }
  if (std::string home = EnvOr("HOME"); !home.empty()) {
    return (fs::path(home) / ".cache" / "proofline").string();
  }
  return "";
}

std::string HsDatabaseCache::PathFor(const std::vector<HsPattern>& patterns) const {
  if (dir_.empty()) return "";
  return (fs::path(dir_) / (KeyOf(patterns) + ".hsdb")).string();
}

Result<std::unique_ptr<HsDatabase>> HsDatabaseCache::Compile(const std::vector<HsPattern>& patterns,
                                                             size_t* bad_index,
                                                             CacheOutcome* outcome) const {
  if (outcome != nullptr) *outcome = dir_.empty() ? CacheOutcome::kDisabled : CacheOutcome::kMiss;
  std::string path = PathFor(patterns);
  if (!path.empty()) {
    Result<std::string> file = ReadFile(path, kMaxFileBytes);
    if (file.ok() && file->size() >= kMagic.size() + 32 && file->starts_with(kMagic)) {
      std::string_view digest = std::string_view(*file).substr(kMagic.size(), 32);
      std::string_view payload = std::string_view(*file).substr(kMagic.size() + 32);
      Hash actual = Sha256(AsBytes(payload));
      if (std::equal(actual.begin(), actual.end(), digest.begin(),
                     [](uint8_t a, char b) { return a == static_cast<uint8_t>(b); })) {
        Result<std::unique_ptr<HsDatabase>> db = HsDatabase::Deserialize(payload);
        if (db.ok()) {
          std::error_code ec;  // refresh the time, for least-recently-used pruning
          fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
          if (outcome != nullptr) *outcome = CacheOutcome::kHit;
          return db;
        }
      }
    }
  }
  ASSIGN_OR_RETURN(std::unique_ptr<HsDatabase> db, HsDatabase::Compile(patterns, bad_index));
  if (!path.empty()) Store(path, *db);
  return db;
}

void HsDatabaseCache::Store(const std::string& path, const HsDatabase& db) const {
  Result<std::string> payload = db.Serialize();
  if (!payload.ok() || !EnsurePrivateDir(dir_)) return;
  Hash digest = Sha256(AsBytes(*payload));
  std::string file(kMagic);
  file.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  file += *payload;
  if (WriteFileAtomic(path, file, 0600).ok()) Prune(path);
}

void HsDatabaseCache::Prune(const std::string& keep) const {
  std::vector<std::pair<fs::file_time_type, fs::path>> entries;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(dir_, ec)) {
    if (e.path().extension() != ".hsdb" || e.path() == fs::path(keep)) continue;
    std::error_code time_ec;
    fs::file_time_type t = e.last_write_time(time_ec);
    if (!time_ec) entries.emplace_back(t, e.path());
  }
  if (entries.size() < kMaxEntries) return;
  std::sort(entries.begin(), entries.end());
  for (size_t i = 0; i + kMaxEntries <= entries.size(); ++i) fs::remove(entries[i].second, ec);
}

}  // namespace proofline::scan
