// Vectorscan handles: compile (with the error turned into a Status), per-thread scratch, scan.
#include "scan/vectorscan.h"

#include <hs/hs.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace proofline::scan {
namespace {

static_assert(kHsCaseless == HS_FLAG_CASELESS && kHsSingleMatch == HS_FLAG_SINGLEMATCH &&
              kHsPrefilter == HS_FLAG_PREFILTER);

int OnMatch(unsigned id, unsigned long long, unsigned long long to, unsigned, void* ctx) {
  (*static_cast<const std::function<void(unsigned, uint64_t)>*>(ctx))(id, to);
  return 0;
}

}  // namespace

std::string HsLiteral(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 4);
  char buf[5];
  for (unsigned char c : s) {
    std::snprintf(buf, sizeof buf, "\\x%02x", c);
    out += buf;
  }
  return out;
}

Result<std::unique_ptr<HsDatabase>> HsDatabase::Compile(const std::vector<HsPattern>& patterns,
                                                        size_t* bad_index) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    expressions.push_back(patterns[i].expression.c_str());
    flags.push_back(patterns[i].flags);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t rc =
      hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db, &error);
  if (rc != HS_SUCCESS) {
    std::string message = error != nullptr && error->message != nullptr ? error->message : "";
    int index = error != nullptr ? error->expression : -1;
    hs_free_compile_error(error);
    if (bad_index != nullptr && index >= 0) *bad_index = static_cast<size_t>(index);
    return InvalidArgument("pattern " + std::to_string(index) + ": " + message);
  }
  return std::unique_ptr<HsDatabase>(new HsDatabase(db));
}

Result<std::string> HsDatabase::Serialize() const {
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_error_t rc = hs_serialize_database(db_, &bytes, &length); rc != HS_SUCCESS) {
    return Internal("vectorscan: cannot serialize the database (error " + std::to_string(rc) + ")");
  }
  std::string out(bytes, length);
  std::free(bytes);  // allocated by the default misc allocator, malloc
  return out;
}

Result<std::unique_ptr<HsDatabase>> HsDatabase::Deserialize(std::string_view bytes) {
  hs_database_t* db = nullptr;
  if (hs_error_t rc = hs_deserialize_database(bytes.data(), bytes.size(), &db); rc != HS_SUCCESS) {
    return InvalidArgument("vectorscan refused the serialized database (error " +
                           std::to_string(rc) + ")");
  }
  std::unique_ptr<HsDatabase> out(new HsDatabase(db));
  // A database built for other CPU features fails here (HS_DB_PLATFORM_ERROR), not mid-scan.
  Result<hs_scratch_t*> scratch = out->TakeScratch();
  if (!scratch.ok()) return InvalidArgument(scratch.status().message());
  out->ReturnScratch(*scratch);
  return out;
}

std::string HsDatabase::BuildEnvironment() {
  hs_platform_info_t platform{};
  std::string out = hs_version();
  if (hs_populate_platform(&platform) == HS_SUCCESS) {
    out += " tune=" + std::to_string(platform.tune) +
           " features=" + std::to_string(platform.cpu_features);
  }
  return out;
}

HsDatabase::~HsDatabase() {
  for (hs_scratch_t* s : free_scratch_) hs_free_scratch(s);
  hs_free_database(db_);
}

Result<hs_scratch_t*> HsDatabase::TakeScratch() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!free_scratch_.empty()) {
      hs_scratch_t* s = free_scratch_.back();
      free_scratch_.pop_back();
      return s;
    }
  }
  hs_scratch_t* s = nullptr;
  if (hs_error_t rc = hs_alloc_scratch(db_, &s); rc != HS_SUCCESS) {
    return IoError("vectorscan: cannot allocate scratch space (error " + std::to_string(rc) + ")");
  }
  return s;
}

void HsDatabase::ReturnScratch(hs_scratch_t* s) const {
  std::lock_guard<std::mutex> lock(mu_);
  free_scratch_.push_back(s);
}

Status HsDatabase::Scan(std::string_view data,
                        const std::function<void(unsigned, uint64_t)>& on_match) const {
  // Block mode takes an unsigned length; files are capped far below 4 GiB.
  if (data.size() > UINT32_MAX) return InvalidArgument("vectorscan: buffer over 4 GiB");
  ASSIGN_OR_RETURN(hs_scratch_t * scratch, TakeScratch());
  hs_error_t rc = hs_scan(db_, data.data(), static_cast<unsigned>(data.size()), 0, scratch, OnMatch,
                          const_cast<std::function<void(unsigned, uint64_t)>*>(&on_match));
  ReturnScratch(scratch);
  if (rc != HS_SUCCESS) {
    return IoError("vectorscan: scan failed (error " + std::to_string(rc) + ")");
  }
  return OkStatus();
}

}  // namespace proofline::scan
