// RAII wrapper over Vectorscan (the portable Hyperscan fork, `hs/hs.h`): the only file that calls
// hs_* directly. A database of many patterns is compiled once and scanned over a buffer in one
// pass, reporting the end offset of every match of every pattern.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

struct hs_database;
struct hs_scratch;

namespace proofline::scan {

struct HsPattern {
  std::string expression;  // PCRE-like syntax as Vectorscan reads it
  unsigned flags = 0;      // HS_FLAG_* (see vectorscan.cc for the ones we use)
};

// Flags re-exported so callers need not include hs.h.
inline constexpr unsigned kHsCaseless = 1;     // HS_FLAG_CASELESS
inline constexpr unsigned kHsSingleMatch = 8;  // HS_FLAG_SINGLEMATCH
inline constexpr unsigned kHsPrefilter = 128;  // HS_FLAG_PREFILTER

// `s` as a Vectorscan expression matching exactly those bytes (every byte \xHH-escaped).
std::string HsLiteral(std::string_view s);

class HsDatabase {
 public:
  // Compiles `patterns` in block mode; pattern i reports id i. When a pattern is refused,
  // InvalidArgument "pattern N: <Vectorscan's message>" and *bad_index (when given) = N.
  static Result<std::unique_ptr<HsDatabase>> Compile(const std::vector<HsPattern>& patterns,
                                                     size_t* bad_index = nullptr);
  // The bytes of a database (hs_serialize_database), for the cache (db_cache.h).
  Result<std::string> Serialize() const;
  // A database from Serialize()'s bytes. InvalidArgument when Vectorscan refuses them (wrong
  // version, bad magic) or when the database cannot run on this CPU (no scratch space for it).
  static Result<std::unique_ptr<HsDatabase>> Deserialize(std::string_view bytes);
  // The Vectorscan version and the host CPU's features and tuning: what a serialized database
  // depends on besides its patterns.
  static std::string BuildEnvironment();

  ~HsDatabase();
  HsDatabase(const HsDatabase&) = delete;
  HsDatabase& operator=(const HsDatabase&) = delete;

  // Calls on_match(id, end offset) for every match, in increasing end order. Thread-safe: each
  // scan borrows a scratch space from the database's pool (allocated when none is free, freed
  // with the database). Io with Vectorscan's error code if the scan fails.
  Status Scan(std::string_view data, const std::function<void(unsigned, uint64_t)>& on_match) const;

 private:
  explicit HsDatabase(hs_database* db) : db_(db) {}
  Result<hs_scratch*> TakeScratch() const;
  void ReturnScratch(hs_scratch* s) const;

  hs_database* db_;
  mutable std::mutex mu_;
  mutable std::vector<hs_scratch*> free_scratch_;  // guarded by mu_
};

}  // namespace proofline::scan
