// Test helper for crash_test: appends from several threads until killed, printing one line
// "round thread seq index" after each append is acknowledged (i.e. durable).
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "ledger/ledger.h"
#include "store/sqlite_store.h"

using proofline::Json;
using proofline::ledger::EventInput;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: crash_appender STORE ROUND THREADS\n");
    return 2;
  }
  std::string round = argv[2];
  int threads = std::stoi(argv[3]);
  auto store = proofline::store::SqliteStore::Open(argv[1]);
  if (!store.ok()) return 3;
  auto ledger = proofline::ledger::Ledger::Open(store->get());
  if (!ledger.ok()) return 3;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (int seq = 0;; ++seq) {
        EventInput e{"crash.append", "t" + std::to_string(t), "crasher",
                     Json{{"round", std::stoi(round)}, {"thread", t}, {"seq", seq}}};
        auto r = (*ledger)->Append({e});
        if (!r.ok()) {
          std::fprintf(stderr, "append failed: %s\n", r.status().message().c_str());
          _exit(3);
        }
        // One write(2) per line: atomic on a pipe, so the reader never sees half an ack.
        std::string line = round + " " + std::to_string(t) + " " + std::to_string(seq) + " " +
                           std::to_string((*r)[0].index) + "\n";
        if (write(1, line.data(), line.size()) < 0) _exit(3);
      }
    });
  }
  for (auto& w : workers) w.join();
}
