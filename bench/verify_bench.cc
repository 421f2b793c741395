// `log verify` throughput: ledger::VerifyStore over a cached 200,000-event store of 512-byte
// entries (warm page cache), against the SHA-256 limit of this core and the store's bare scan.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <string>
#include <vector>

#include "bench_common.h"
#include "ledger/merkle.h"
#include "ledger/verifier.h"

namespace proofline::bench {
namespace {

constexpr uint64_t kVerifyEvents = 200000;

struct VerifyFixture {
  std::string path;
  ledger::VerifierKey trusted;
  std::vector<std::string> entries;  // for the in-process hashing reference
};

// Built (or loaded from the cache) on first use, shared by every benchmark of this binary.
VerifyFixture& Fixture() {
  static VerifyFixture* f = [] {
    auto* fx = new VerifyFixture;
    fx->path = CachedStore("verify", kVerifyEvents, kEventBytes, &fx->trusted);
    auto store = OrDie(store::SqliteStore::Open(fx->path), "open " + fx->path);
    fx->entries.reserve(kVerifyEvents);
    Status s = store->ScanEntries({}, [&](const store::LedgerEntry& e) {
      fx->entries.push_back(e.entry);
      return OkStatus();
    });
    if (!s.ok()) Die("ScanEntries", s);
    return fx;
  }();
  return *f;
}

void BM_VerifyStore(benchmark::State& state) {
  VerifyFixture& fx = Fixture();
  auto store = OrDie(store::SqliteStore::Open(fx.path), "open " + fx.path);
  uint64_t events = 0;
  for (auto _ : state) {
    ledger::VerifyReport report = ledger::VerifyStore(store.get(), {fx.trusted});
    if (!report.ok) {
      state.SkipWithError(report.Summary().c_str());
      break;
    }
    events = report.events;
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(events));
}
BENCHMARK(BM_VerifyStore)->Unit(benchmark::kMillisecond);

// Where verification time goes, part 1: reading every row through Store::ScanEntries.
void BM_StoreScanEntries(benchmark::State& state) {
  VerifyFixture& fx = Fixture();
  auto store = OrDie(store::SqliteStore::Open(fx.path), "open " + fx.path);
  uint64_t bytes = 0;
  for (auto _ : state) {
    Status s = store->ScanEntries({}, [&](const store::LedgerEntry& e) {
      bytes += e.entry.size();
      return OkStatus();
    });
    if (!s.ok()) state.SkipWithError(s.message().c_str());
  }
  benchmark::DoNotOptimize(bytes);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(fx.entries.size()));
}
BENCHMARK(BM_StoreScanEntries)->Unit(benchmark::kMillisecond);

// Part 2, and the hardware limit: ledger::LeafHash over the same entries, in memory.
void BM_LeafHashEntries(benchmark::State& state) {
  VerifyFixture& fx = Fixture();
  for (auto _ : state) {
    for (const std::string& e : fx.entries) benchmark::DoNotOptimize(ledger::LeafHash(AsBytes(e)));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(fx.entries.size()));
}
BENCHMARK(BM_LeafHashEntries)->Unit(benchmark::kMillisecond);

// The in-process twin of `openssl speed -evp sha256 -bytes 512`: one EVP context, one buffer.
void BM_EvpSha256(benchmark::State& state) {
  std::vector<unsigned char> buf(static_cast<size_t>(state.range(0)), 'x');
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  unsigned char out[32];
  for (auto _ : state) {
    EVP_DigestInit_ex(ctx, md, nullptr);
    EVP_DigestUpdate(ctx, buf.data(), buf.size());
    EVP_DigestFinal_ex(ctx, out, nullptr);
    benchmark::DoNotOptimize(out);
  }
  EVP_MD_free(md);
  EVP_MD_CTX_free(ctx);
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EvpSha256)->Arg(static_cast<int64_t>(kEventBytes));

}  // namespace
}  // namespace proofline::bench

BENCHMARK_MAIN();
