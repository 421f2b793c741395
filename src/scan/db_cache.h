// An on-disk cache of compiled Vectorscan databases, so a scan does not pay its rule set's
// compile time on every run (the pre-commit case, where start-up is most of the time).
//
// One file per database, `<root>/vectorscan/<key>.hsdb`, where key is the SHA-256 of everything
// the compiled form depends on: the Vectorscan version, this CPU's features and tuning, and each
// pattern's expression and flags in order. A file is a magic line, the SHA-256 of the payload and
// the payload (hs_serialize_database). A file that is missing, truncated, corrupt, from another
// Vectorscan or for another CPU is a miss: the database is compiled and the file rewritten
// atomically. The cache never fails a scan: an unwritable directory only costs the compile.
// At most kMaxEntries files are kept; a hit refreshes its file's time, so the least recently
// used go first.
//
// Trust: the directories are created 0700 and belong to the user who runs the scan (the same
// user who could replace the binary); the digest keeps accidental corruption away from
// Vectorscan's deserializer, which is not built for hostile bytes.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "scan/vectorscan.h"

namespace proofline::scan {

enum class CacheOutcome {
  kDisabled,  // no cache directory: compiled
  kHit,       // loaded from the cache
  kMiss,      // compiled, then stored when the directory allowed it
};

class HsDatabaseCache {
 public:
  static constexpr size_t kMaxEntries = 32;

  // `root` is Proofline's cache directory; empty disables the cache.
  explicit HsDatabaseCache(std::string root);

  // $PROOFLINE_CACHE_DIR, else $XDG_CACHE_HOME/proofline, else $HOME/.cache/proofline; empty
  // when none of them is set.
  static std::string DefaultRoot();

  // HsDatabase::Compile through the cache. Compile errors are returned (and not cached) as
  // HsDatabase::Compile returns them, with *bad_index set.
  Result<std::unique_ptr<HsDatabase>> Compile(const std::vector<HsPattern>& patterns,
                                              size_t* bad_index = nullptr,
                                              CacheOutcome* outcome = nullptr) const;

  // The file that holds the database of `patterns`; empty when the cache is disabled.
  std::string PathFor(const std::vector<HsPattern>& patterns) const;

 private:
  void Store(const std::string& path, const HsDatabase& db) const;
  void Prune(const std::string& keep) const;

  std::string dir_;  // <root>/vectorscan, or empty
};

}  // namespace proofline::scan
