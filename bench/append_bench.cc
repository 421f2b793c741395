// Durable batched append throughput of 512-byte events through Ledger::Append on a SqliteStore
// (WAL, synchronous=FULL), against raw sqlite3 inserts of the same rows: the storage floor.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "bench_common.h"

namespace proofline::bench {
namespace {

// Events prepared up front and cycled through, so no events are generated in the timed loop.
constexpr size_t kPreparedEvents = 16384;
// Events appended before timing starts: enough for the WAL to pass its first auto-checkpoint
// (1000 pages), after which SQLite reuses the WAL file instead of growing it.
constexpr uint64_t kWarmupEvents = 10000;

std::vector<std::vector<ledger::EventInput>> MakeBatches(size_t batch, uint64_t first_seq,
                                                         size_t prepared_events) {
  std::vector<std::vector<ledger::EventInput>> batches;
  size_t count = std::max<size_t>(1, prepared_events / batch);
  for (size_t b = 0; b < count; ++b) {
    batches.push_back(MakeEvents(first_seq + b * batch, batch, kEventBytes));
  }
  return batches;
}

void ReportAppend(benchmark::State& state, size_t events_per_iteration) {
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events_per_iteration));
  state.SetBytesProcessed(state.iterations() *
                          static_cast<int64_t>(events_per_iteration * kEventBytes));
}

// One writer, `batch` events per Append call; with `signed` (the second argument) every append
// also commits a checkpoint signed in the same transaction, as each command does
// (Ledger::SignEveryAppend).
void BM_LedgerAppend(benchmark::State& state) {
  const auto batch = static_cast<size_t>(state.range(0));
  std::string path = DataDir() + "/append-ledger.db";
  OpenLedger l = CreateLedger(path);
  FillLedger(l.ledger.get(), kWarmupEvents, 1000, kEventBytes);
  if (state.range(1) != 0) l.ledger->SignEveryAppend(&l.key);
  auto batches = MakeBatches(batch, kWarmupEvents, kPreparedEvents);
  size_t next = 0;
  for (auto _ : state) {
    Result<std::vector<ledger::Appended>> r = l.ledger->Append(batches[next++ % batches.size()]);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      break;
    }
  }
  ReportAppend(state, batch);
  l = {};
  RemoveStoreFiles(path);
}
BENCHMARK(BM_LedgerAppend)
    ->ArgNames({"batch", "signed"})
    ->Args({10000, 0})
    ->Args({1000, 0})
    ->Args({100, 0})
    ->Args({100, 1})
    ->Args({1, 0})
    ->Args({1, 1})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Shared by the threads of one BM_LedgerAppendConcurrent run. Every event of one durable commit
// carries the same `time` (the leader stamps the group once, to the microsecond, and a commit
// takes longer than that), so the distinct times returned count the commits.
struct SharedLedger {
  std::string path;
  OpenLedger l;
  std::mutex mu;
  std::set<std::string> commit_times;
};
SharedLedger* g_shared = nullptr;

// Several writers sharing one Ledger, each appending `batch` events per call: group commit
// should merge concurrent calls into one durable transaction.
void BM_LedgerAppendConcurrent(benchmark::State& state) {
  const auto batch = static_cast<size_t>(state.range(0));
  if (state.thread_index() == 0) {
    g_shared = new SharedLedger;
    g_shared->path = DataDir() + "/append-concurrent.db";
    g_shared->l = CreateLedger(g_shared->path);
    FillLedger(g_shared->l.ledger.get(), kWarmupEvents, 1000, kEventBytes);
  }
  auto batches = MakeBatches(batch, 1000000ULL * static_cast<uint64_t>(state.thread_index() + 1),
                             kPreparedEvents / 8);
  size_t next = 0;
  // Every thread waits at the loop's start until all have arrived, so thread 0's setup is done.
  for (auto _ : state) {
    Result<std::vector<ledger::Appended>> r =
        g_shared->l.ledger->Append(batches[next++ % batches.size()]);
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      break;
    }
    std::lock_guard<std::mutex> lock(g_shared->mu);
    g_shared->commit_times.insert(r->front().time);
  }
  ReportAppend(state, batch);
  if (state.thread_index() == 0) {  // and all threads leave the loop together
    auto commits = std::max<size_t>(1, g_shared->commit_times.size());
    double events =
        static_cast<double>(state.iterations() * state.threads()) * static_cast<double>(batch);
    state.counters["events_per_commit"] = events / static_cast<double>(commits);
    std::string path = g_shared->path;
    delete g_shared;
    g_shared = nullptr;
    RemoveStoreFiles(path);
  }
}
BENCHMARK(BM_LedgerAppendConcurrent)
    ->ArgName("batch")
    ->Arg(100)
    ->Arg(1)
    ->Threads(4)
    ->Threads(16)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Reference: the same rows (idx, 32-byte hash, type, subject, 512-byte entry) inserted with the
// sqlite3 C API into the store's own schema (SqliteStore::Create makes the file, so the table,
// its indexes and the WAL mode always match), same pragmas, one transaction per batch.
class RawSqlite {
 public:
  explicit RawSqlite(const std::string& path) : path_(path) {
    RemoveStoreFiles(path_);
    OrDie(store::SqliteStore::Create(path_), "SqliteStore::Create " + path_).reset();
    Check(
        sqlite3_open_v2(path_.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr),
        "open");
    Exec("PRAGMA busy_timeout=30000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
    Check(sqlite3_prepare_v3(db_,
                             "INSERT INTO ledger_entries (idx, leaf_hash, type, subject, entry) "
                             "VALUES (?1, ?2, ?3, ?4, ?5)",
                             -1, SQLITE_PREPARE_PERSISTENT, &insert_, nullptr),
          "prepare");
  }
  ~RawSqlite() {
    sqlite3_finalize(insert_);
    sqlite3_close_v2(db_);
    RemoveStoreFiles(path_);
  }

  // Inserts `rows`, renumbered from the next free index, in one durable transaction.
  void AppendBatch(const std::vector<store::LedgerEntry>& rows) {
    Exec("BEGIN IMMEDIATE");
    for (const store::LedgerEntry& r : rows) {
      sqlite3_bind_int64(insert_, 1, static_cast<sqlite3_int64>(next_index_++));
      sqlite3_bind_blob(insert_, 2, r.leaf_hash.data(), 32, SQLITE_STATIC);
      sqlite3_bind_text(insert_, 3, r.type.data(), static_cast<int>(r.type.size()), SQLITE_STATIC);
      sqlite3_bind_text(insert_, 4, r.subject.data(), static_cast<int>(r.subject.size()),
                        SQLITE_STATIC);
      sqlite3_bind_blob(insert_, 5, r.entry.data(), static_cast<int>(r.entry.size()),
                        SQLITE_STATIC);
      if (sqlite3_step(insert_) != SQLITE_DONE) Check(sqlite3_errcode(db_), "insert");
      sqlite3_reset(insert_);
    }
    Exec("COMMIT");
  }

 private:
  void Check(int rc, const char* what) {
    if (rc != SQLITE_OK) Die(std::string("raw sqlite ") + what, IoError(sqlite3_errmsg(db_)));
  }
  void Exec(const char* sql) { Check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), sql); }

  std::string path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
  uint64_t next_index_ = 0;
};

void BM_RawSqliteAppend(benchmark::State& state) {
  const auto batch = static_cast<size_t>(state.range(0));
  RawSqlite raw(DataDir() + "/append-raw.db");
  for (uint64_t done = 0; done < kWarmupEvents; done += 1000) {
    raw.AppendBatch(MakeRows(0, done, 1000, kEventBytes));
  }
  std::vector<std::vector<store::LedgerEntry>> batches;
  for (size_t b = 0; b < std::max<size_t>(1, kPreparedEvents / batch); ++b) {
    batches.push_back(MakeRows(0, kWarmupEvents + b * batch, batch, kEventBytes));
  }
  size_t next = 0;
  for (auto _ : state) raw.AppendBatch(batches[next++ % batches.size()]);
  ReportAppend(state, batch);
}
BENCHMARK(BM_RawSqliteAppend)
    ->ArgName("batch")
    ->Arg(10000)
    ->Arg(1000)
    ->Arg(100)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace proofline::bench

BENCHMARK_MAIN();
