// Latency of one durable single-event Ledger::Append (no batching, one writer), median and p99,
// against the floor any durable append pays here: a 512-byte write + fdatasync in the same dir.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "bench_common.h"

namespace proofline::bench {
namespace {

// Appends per run: enough samples for a p99 of ~20 points.
constexpr int64_t kSamples = 2000;

using Clock = std::chrono::steady_clock;

void ReportPercentiles(benchmark::State& state, std::vector<double>* micros) {
  state.counters["p50_us"] = Percentile(micros, 50);
  state.counters["p99_us"] = Percentile(micros, 99);
  state.counters["max_us"] = Percentile(micros, 100);
  state.SetItemsProcessed(state.iterations());
}

void BM_LedgerAppendOne(benchmark::State& state) {
  std::string path = DataDir() + "/latency-ledger.db";
  OpenLedger l = CreateLedger(path);
  // Past the WAL's first auto-checkpoint, so the WAL file is reused rather than grown.
  FillLedger(l.ledger.get(), 10000, 1000, kEventBytes);
  std::vector<std::vector<ledger::EventInput>> events;
  for (uint64_t i = 0; i < 256; ++i) events.push_back({MakeEvent(10000 + i, kEventBytes)});
  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(state.max_iterations));
  size_t next = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    Result<std::vector<ledger::Appended>> r = l.ledger->Append(events[next++ % events.size()]);
    std::chrono::duration<double> took = Clock::now() - start;
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      break;
    }
    state.SetIterationTime(took.count());
    micros.push_back(took.count() * 1e6);
  }
  ReportPercentiles(state, &micros);
  l = {};
  RemoveStoreFiles(path);
}
BENCHMARK(BM_LedgerAppendOne)->Iterations(kSamples)->UseManualTime()->Unit(benchmark::kMicrosecond);

// Reference: overwrite 512 bytes of an already written (not merely allocated) file and
// fdatasync it, as SQLite does when it reuses its WAL file, in the store's directory.
void BM_FsyncWrite512(benchmark::State& state) {
  std::string path = DataDir() + "/latency-fsync.dat";
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) Die("open " + path, IoError("cannot create"));
  std::vector<char> block(kEventBytes, 'x');
  for (int64_t i = 0; i < kSamples; ++i) {
    if (write(fd, block.data(), block.size()) != static_cast<ssize_t>(block.size())) {
      Die("write " + path, IoError("short write"));
    }
  }
  fsync(fd);
  std::vector<double> micros;
  micros.reserve(static_cast<size_t>(state.max_iterations));
  off_t offset = 0;
  for (auto _ : state) {
    auto start = Clock::now();
    bool ok =
        pwrite(fd, block.data(), block.size(), offset) == static_cast<ssize_t>(block.size()) &&
        fdatasync(fd) == 0;
    std::chrono::duration<double> took = Clock::now() - start;
    if (!ok) {
      state.SkipWithError("pwrite/fdatasync failed");
      break;
    }
    offset = (offset + static_cast<off_t>(block.size())) %
             static_cast<off_t>(kSamples * static_cast<int64_t>(block.size()));
    state.SetIterationTime(took.count());
    micros.push_back(took.count() * 1e6);
  }
  ReportPercentiles(state, &micros);
  close(fd);
  unlink(path.c_str());
}
BENCHMARK(BM_FsyncWrite512)->Iterations(kSamples)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace proofline::bench

BENCHMARK_MAIN();
