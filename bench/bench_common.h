// Shared helpers for the Proofline benchmarks: realistic events padded to a fixed entry size,
// scratch and cached stores under $PROOFLINE_BENCH_DIR, and percentiles of per-operation times.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ledger/event.h"
#include "ledger/ledger.h"
#include "ledger/note.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace proofline::bench {

// Entry size of the "512-byte event" benchmarks: the canonical JSON leaf, time included.
inline constexpr size_t kEventBytes = 512;

// Directory for benchmark stores: $PROOFLINE_BENCH_DIR, else ./bench-data. Created if missing.
std::string DataDir();

// Removes an SQLite file and its -wal / -shm companions.
void RemoveStoreFiles(const std::string& path);

// Prints `what: status` to stderr and aborts; benchmarks cannot run on a broken setup.
[[noreturn]] void Die(const std::string& what, const Status& status);

template <typename T>
T OrDie(Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what, r.status());
  return std::move(r).value();
}

// Delivery event number `seq`. With entry_bytes > 0 the data payload is padded so that the
// canonical entry is exactly entry_bytes long; with 0 the event is small (~120 bytes).
// Subjects (parcel ids) grow with time and each parcel gets ~4 events while it is among the
// ~20,000 parcels in transit, so the store's (subject, idx) index is written in a recent range,
// not at uniformly random places (which would make every insert dirty a random index page).
ledger::EventInput MakeEvent(uint64_t seq, size_t entry_bytes);
std::vector<ledger::EventInput> MakeEvents(uint64_t first_seq, size_t count, size_t entry_bytes);

// The store rows Ledger::Append would write for those events (index from `first_index`,
// current time, leaf hash computed): input for the raw SQLite reference.
std::vector<store::LedgerEntry> MakeRows(uint64_t first_index, uint64_t first_seq, size_t count,
                                         size_t entry_bytes);

// A fresh store at `path` (old files removed) holding an initialised ledger.
struct OpenLedger {
  std::unique_ptr<store::SqliteStore> store;
  std::unique_ptr<ledger::Ledger> ledger;
  ledger::SignerKey key;
};
OpenLedger CreateLedger(const std::string& path);

// Appends `count` events (after the init event) in batches of `batch`.
void FillLedger(ledger::Ledger* ledger, uint64_t count, size_t batch, size_t entry_bytes);

// A store of `events` events (init event included) and one checkpoint covering them all, built
// once and cached in DataDir() under a name keyed by size, entry size and schema version;
// reused when present. Returns the store path; *trusted receives the checkpoint's verifier key.
std::string CachedStore(const std::string& tag, uint64_t events, size_t entry_bytes,
                        ledger::VerifierKey* trusted);

// The p-th percentile (0..100) of `samples`, nearest-rank. Reorders `samples`.
double Percentile(std::vector<double>* samples, double p);

}  // namespace proofline::bench
