// Shared benchmark helpers (see bench_common.h): event generation, scratch and cached stores,
// percentiles.
#include "bench_common.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "ledger/merkle.h"

namespace proofline::bench {
namespace {

constexpr size_t kQuotedTimeBytes = 29;  // "2026-11-26T12:00:00.000000Z" with its quotes
constexpr const char* kTypes[] = {"parcel.scanned", "parcel.loaded", "parcel.delivered"};

void MakeDirs(const std::string& path) {
  for (size_t pos = 1; pos <= path.size(); ++pos) {
    if (pos == path.size() || path[pos] == '/') mkdir(path.substr(0, pos).c_str(), 0755);
  }
}

}  // namespace

std::string DataDir() {
  const char* env = std::getenv("PROOFLINE_BENCH_DIR");
  std::string dir = (env != nullptr && *env != '\0') ? env : "bench-data";
  MakeDirs(dir);
  return dir;
}

void RemoveStoreFiles(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) unlink((path + suffix).c_str());
}

void Die(const std::string& what, const Status& status) {
  std::fprintf(stderr, "bench: %s: %s\n", what.c_str(), status.message().c_str());
  std::abort();
}

ledger::EventInput MakeEvent(uint64_t seq, size_t entry_bytes) {
  // Knuth's multiplicative hash as a fixed pseudo-random draw of the parcel in transit.
  uint64_t parcel = seq / 4 + (seq * 2654435761ULL) % 20000;
  char subject[32];
  std::snprintf(subject, sizeof subject, "parcel/%08llu", static_cast<unsigned long long>(parcel));
  ledger::EventInput ev{kTypes[seq % 3], subject, "courier-042",
                        Json{{"depot", "LHR-3"}, {"scan", seq}}};
  if (entry_bytes == 0) return ev;
  ev.data["pad"] = "";
  ledger::PreparedEvent p = OrDie(ledger::PrepareEvent(ev), "PrepareEvent");
  size_t unpadded = p.head.size() + p.tail.size() + kQuotedTimeBytes;
  if (unpadded > entry_bytes) {
    Die("MakeEvent", InvalidArgument("entry size " + std::to_string(entry_bytes) +
                                     " is below the unpadded " + std::to_string(unpadded)));
  }
  ev.data["pad"] = std::string(entry_bytes - unpadded, 'x');
  return ev;
}

std::vector<ledger::EventInput> MakeEvents(uint64_t first_seq, size_t count, size_t entry_bytes) {
  std::vector<ledger::EventInput> events;
  events.reserve(count);
  for (size_t i = 0; i < count; ++i) events.push_back(MakeEvent(first_seq + i, entry_bytes));
  return events;
}

std::vector<store::LedgerEntry> MakeRows(uint64_t first_index, uint64_t first_seq, size_t count,
                                         size_t entry_bytes) {
  std::string time = ledger::NowRfc3339Micros();
  std::vector<store::LedgerEntry> rows;
  rows.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    ledger::EventInput ev = MakeEvent(first_seq + i, entry_bytes);
    ledger::PreparedEvent p = OrDie(ledger::PrepareEvent(ev), "PrepareEvent");
    store::LedgerEntry row{first_index + i, {}, p.type, p.subject, p.EntryAt(time)};
    row.leaf_hash = ledger::LeafHash(AsBytes(row.entry));
    rows.push_back(std::move(row));
  }
  return rows;
}

OpenLedger CreateLedger(const std::string& path) {
  RemoveStoreFiles(path);
  OpenLedger out;
  out.key = OrDie(ledger::SignerKey::Generate("bench.proofline.example"), "SignerKey::Generate");
  out.store = OrDie(store::SqliteStore::Create(path), "SqliteStore::Create " + path);
  out.ledger = OrDie(
      ledger::Ledger::Initialize(out.store.get(), "bench.proofline.example/log", "bench", out.key),
      "Ledger::Initialize");
  return out;
}

void FillLedger(ledger::Ledger* ledger, uint64_t count, size_t batch, size_t entry_bytes) {
  for (uint64_t done = 0; done < count;) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(batch, count - done));
    OrDie(ledger->Append(MakeEvents(done, n, entry_bytes)), "Ledger::Append");
    done += n;
  }
}

std::string CachedStore(const std::string& tag, uint64_t events, size_t entry_bytes,
                        ledger::VerifierKey* trusted) {
  std::string path = DataDir() + "/" + tag + "-schema" +
                     std::to_string(store::SqliteStore::LatestSchemaVersion()) + "-leaf" +
                     std::to_string(ledger::kLeafFormat) + "-" + std::to_string(events) + "x" +
                     std::to_string(entry_bytes) + ".db";
  std::string key_path = path + ".pub";
  {
    std::ifstream key_file(key_path);
    std::stringstream key_text;
    key_text << key_file.rdbuf();
    std::string line = key_text.str().substr(0, key_text.str().find('\n'));
    Result<ledger::VerifierKey> key = ledger::ParseVerifierKey(line);
    struct stat st {};
    if (key.ok() && stat(path.c_str(), &st) == 0) {
      Result<std::unique_ptr<store::SqliteStore>> store = store::SqliteStore::Open(path);
      if (store.ok()) {
        Result<uint64_t> size = (*store)->LedgerSize();
        if (size.ok() && *size == events) {
          *trusted = *key;
          return path;
        }
      }
      std::fprintf(stderr, "bench: cached store %s is stale; rebuilding\n", path.c_str());
    }
  }
  std::fprintf(stderr, "bench: building %s (%llu events of %zu bytes), cached for later runs\n",
               path.c_str(), static_cast<unsigned long long>(events), entry_bytes);
  auto start = std::chrono::steady_clock::now();
  std::string building = path + ".building";
  {
    OpenLedger built = CreateLedger(building);
    FillLedger(built.ledger.get(), events - 1, 10000, entry_bytes);
    OrDie(built.ledger->MakeCheckpoint({&built.key}), "MakeCheckpoint");
    *trusted = built.key.verifier;
  }  // closing the last connection checkpoints and removes the WAL
  RemoveStoreFiles(path);
  if (std::rename(building.c_str(), path.c_str()) != 0) {
    Die("CachedStore", IoError("cannot rename " + building + " to " + path));
  }
  std::ofstream(key_path) << trusted->Encode() << "\n";
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "bench: built %s in %.1f s\n", path.c_str(), secs);
  return path;
}

double Percentile(std::vector<double>* samples, double p) {
  if (samples->empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(samples->size())));
  size_t k = std::clamp<size_t>(rank, 1, samples->size()) - 1;
  std::nth_element(samples->begin(), samples->begin() + static_cast<std::ptrdiff_t>(k),
                   samples->end());
  return (*samples)[k];
}

}  // namespace proofline::bench
