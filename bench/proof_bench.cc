// Inclusion and consistency proof generation on a cached 1,000,000-event store, against the same
// sequence of point reads done with raw sqlite3 and against a pure in-memory tree.
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "bench_common.h"
#include "ledger/merkle.h"

namespace proofline::bench {
namespace {

constexpr uint64_t kProofEvents = 1000000;
constexpr size_t kQueries = 4096;

using Clock = std::chrono::steady_clock;
using NodeRead = std::pair<uint32_t, uint64_t>;  // (level, index) of a perfect subtree

struct Query {
  uint64_t a;                   // inclusion: leaf index; consistency: size1
  uint64_t b;                   // tree size; consistency: size2
  std::vector<NodeRead> reads;  // the perfect nodes the proof reads, in order
};

struct ProofFixture {
  std::string path;
  std::unique_ptr<store::SqliteStore> store;
  std::unique_ptr<ledger::Ledger> ledger;
  std::vector<Query> inclusion, consistency;
  std::vector<std::vector<Hash>> levels;  // levels[l][i]: perfect node (l, i), in memory
};

ledger::PerfectNodeReader MemoryReader(const std::vector<std::vector<Hash>>& levels) {
  return [&levels](uint32_t level, uint64_t index) -> Result<Hash> {
    if (level >= levels.size() || index >= levels[level].size()) return NotFound("no such node");
    return levels[level][index];
  };
}

// Built (or loaded from the cache) on first use: the store, the random queries with the reads
// each one makes, and the whole tree in memory.
ProofFixture& Fixture() {
  static ProofFixture* f = [] {
    auto* fx = new ProofFixture;
    ledger::VerifierKey unused;
    fx->path = CachedStore("proof", kProofEvents, /*entry_bytes=*/0, &unused);
    fx->store = OrDie(store::SqliteStore::Open(fx->path), "open " + fx->path);
    fx->ledger = OrDie(ledger::Ledger::Open(fx->store.get()), "Ledger::Open");

    std::vector<Hash> leaves;
    leaves.reserve(kProofEvents);
    Status s = fx->store->ScanEntries({}, [&](const store::LedgerEntry& e) {
      leaves.push_back(e.leaf_hash);
      return OkStatus();
    });
    if (!s.ok()) Die("ScanEntries", s);
    fx->levels.push_back(std::move(leaves));
    while (fx->levels.back().size() >= 2) {
      const std::vector<Hash>& below = fx->levels.back();
      std::vector<Hash> level(below.size() / 2);
      for (size_t i = 0; i < level.size(); ++i) {
        level[i] = ledger::NodeHash(below[2 * i], below[2 * i + 1]);
      }
      fx->levels.push_back(std::move(level));
    }

    // Sizes in the upper half, so every proof is a proof "at 1M events"; random sizes also give
    // the tree a ragged right edge, the costlier case.
    std::mt19937_64 rng(20261126);
    auto uniform = [&](uint64_t lo, uint64_t hi) {  // [lo, hi]
      return std::uniform_int_distribution<uint64_t>(lo, hi)(rng);
    };
    auto memory = MemoryReader(fx->levels);
    for (size_t i = 0; i < kQueries; ++i) {
      Query q;
      q.b = uniform(kProofEvents / 2, kProofEvents);
      q.a = uniform(0, q.b - 1);
      auto record = [&](uint32_t level, uint64_t index) {
        q.reads.emplace_back(level, index);
        return memory(level, index);
      };
      OrDie(ledger::InclusionProof(q.a, q.b, record), "InclusionProof");
      fx->inclusion.push_back(std::move(q));
    }
    for (size_t i = 0; i < kQueries; ++i) {
      Query q;
      q.b = uniform(kProofEvents / 2, kProofEvents);
      q.a = uniform(1, q.b - 1);
      auto record = [&](uint32_t level, uint64_t index) {
        q.reads.emplace_back(level, index);
        return memory(level, index);
      };
      OrDie(ledger::ConsistencyProof(q.a, q.b, record), "ConsistencyProof");
      fx->consistency.push_back(std::move(q));
    }

    // The store's proofs must be the in-memory ones, and valid.
    const Query& q = fx->inclusion.front();
    auto proof = OrDie(fx->ledger->ProveInclusion(q.a, q.b), "ProveInclusion");
    Hash root = OrDie(fx->ledger->RootAt(q.b), "RootAt");
    if (!ledger::VerifyInclusion(fx->levels[0][q.a], q.a, q.b, proof, root) ||
        proof != OrDie(ledger::InclusionProof(q.a, q.b, memory), "InclusionProof")) {
      Die("proof fixture", Internal("the store's inclusion proof does not verify"));
    }
    return fx;
  }();
  return *f;
}

double MeanReads(const std::vector<Query>& queries) {
  double reads = 0;
  for (const Query& q : queries) reads += static_cast<double>(q.reads.size());
  return reads / static_cast<double>(queries.size());
}

// Runs `op` once per iteration over the queries, reporting per-operation percentiles.
template <typename Op>
void RunProofs(benchmark::State& state, const std::vector<Query>& queries, Op op) {
  std::vector<double> micros;
  micros.reserve(1 << 20);
  size_t next = 0;
  for (auto _ : state) {
    const Query& q = queries[next++ % queries.size()];
    auto start = Clock::now();
    if (!op(q)) {
      state.SkipWithError("proof failed");
      break;
    }
    std::chrono::duration<double, std::micro> took = Clock::now() - start;
    if (micros.size() < micros.capacity()) micros.push_back(took.count());
  }
  state.counters["p50_us"] = Percentile(&micros, 50);
  state.counters["p99_us"] = Percentile(&micros, 99);
  state.counters["reads"] = MeanReads(queries);
  state.SetItemsProcessed(state.iterations());
}

void BM_ProveInclusion(benchmark::State& state) {
  ProofFixture& fx = Fixture();
  RunProofs(state, fx.inclusion, [&](const Query& q) {
    Result<std::vector<Hash>> p = fx.ledger->ProveInclusion(q.a, q.b);
    benchmark::DoNotOptimize(p);
    return p.ok();
  });
}
BENCHMARK(BM_ProveInclusion)->Unit(benchmark::kMicrosecond);

void BM_ProveConsistency(benchmark::State& state) {
  ProofFixture& fx = Fixture();
  RunProofs(state, fx.consistency, [&](const Query& q) {
    Result<std::vector<Hash>> p = fx.ledger->ProveConsistency(q.a, q.b);
    benchmark::DoNotOptimize(p);
    return p.ok();
  });
}
BENCHMARK(BM_ProveConsistency)->Unit(benchmark::kMicrosecond);

// Reference 1: the proof's point reads (same rows, same order) through the bare sqlite3 C API
// on its own read-only connection; no hashing, no Status, no std::function.
class RawReader {
 public:
  RawReader(const std::string& path, const char* pragmas) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) !=
            SQLITE_OK ||
        sqlite3_exec(db_, pragmas, nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v3(db_, "SELECT leaf_hash FROM ledger_entries WHERE idx = ?1", -1,
                           SQLITE_PREPARE_PERSISTENT, &leaf_, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v3(db_, "SELECT hash FROM ledger_nodes WHERE seq = ?1", -1,
                           SQLITE_PREPARE_PERSISTENT, &node_, nullptr) != SQLITE_OK) {
      Die("raw reader " + path, IoError(sqlite3_errmsg(db_)));
    }
  }
  ~RawReader() {
    sqlite3_finalize(leaf_);
    sqlite3_finalize(node_);
    sqlite3_close_v2(db_);
  }

  void Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
      Die(sql, IoError(sqlite3_errmsg(db_)));
    }
  }

  bool Read(const NodeRead& r, Hash* out) {
    sqlite3_stmt* stmt = r.first == 0 ? leaf_ : node_;
    uint64_t key = r.first == 0 ? r.second : ledger::InternalNodeSeq(r.first, r.second);
    sqlite3_bind_int64(stmt, 1, static_cast<sqlite3_int64>(key));
    bool ok = sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_bytes(stmt, 0) == 32;
    if (ok) std::memcpy(out->data(), sqlite3_column_blob(stmt, 0), 32);
    sqlite3_reset(stmt);
    return ok;
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* leaf_ = nullptr;
  sqlite3_stmt* node_ = nullptr;
};

// Arg txn:0 runs each read as its own autocommit statement (one WAL read lock, fcntl and fstat
// per read); txn:1 wraps a proof's reads in one read transaction (BEGIN ... COMMIT), as the
// ledger's proofs do through Store::WithReadSnapshot; txn:2 also maps the file (mmap_size 1 GiB)
// instead of pread-ing pages.
void RawReads(benchmark::State& state, const std::vector<Query>& queries) {
  const int64_t mode = state.range(0);
  RawReader raw(Fixture().path, mode == 2 ? "PRAGMA mmap_size=1073741824" : "");
  RunProofs(state, queries, [&](const Query& q) {
    Hash h;
    if (mode != 0) raw.Exec("BEGIN");
    for (const NodeRead& r : q.reads) {
      if (!raw.Read(r, &h)) return false;
      benchmark::DoNotOptimize(h);
    }
    if (mode != 0) raw.Exec("COMMIT");
    return true;
  });
}
void BM_RawReadsInclusion(benchmark::State& state) { RawReads(state, Fixture().inclusion); }
void BM_RawReadsConsistency(benchmark::State& state) { RawReads(state, Fixture().consistency); }
BENCHMARK(BM_RawReadsInclusion)->ArgName("txn")->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_RawReadsConsistency)->ArgName("txn")->DenseRange(0, 2)->Unit(benchmark::kMicrosecond);

// Reference 2: the same proof algorithm over the whole tree held in std::vectors.
void BM_MemoryInclusion(benchmark::State& state) {
  ProofFixture& fx = Fixture();
  ledger::PerfectNodeReader memory = MemoryReader(fx.levels);
  RunProofs(state, fx.inclusion, [&](const Query& q) {
    Result<std::vector<Hash>> p = ledger::InclusionProof(q.a, q.b, memory);
    benchmark::DoNotOptimize(p);
    return p.ok();
  });
}
void BM_MemoryConsistency(benchmark::State& state) {
  ProofFixture& fx = Fixture();
  ledger::PerfectNodeReader memory = MemoryReader(fx.levels);
  RunProofs(state, fx.consistency, [&](const Query& q) {
    Result<std::vector<Hash>> p = ledger::ConsistencyProof(q.a, q.b, memory);
    benchmark::DoNotOptimize(p);
    return p.ok();
  });
}
BENCHMARK(BM_MemoryInclusion)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_MemoryConsistency)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace proofline::bench

BENCHMARK_MAIN();
