// Crash safety: concurrent appenders are kill -9'd at random points, repeatedly; every append that
// was acknowledged must survive at its acknowledged index, and the ledger must still verify.
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <tuple>

#include "base/json.h"
#include "cli_runner.h"
#include "store/sqlite_store.h"

namespace proofline::testing {
namespace {

using AckKey = std::tuple<int, int, int>;  // round, thread, seq

// Starts the appender, waits until it has acknowledged `kill_after` appends, kill -9s it and
// returns every acknowledgement it wrote before dying.
std::map<AckKey, uint64_t> RunAndKill(const std::string& store, int round, int kill_after) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], 1);
    close(fds[0]);
    execl(CRASH_HELPER_BIN, CRASH_HELPER_BIN, store.c_str(), std::to_string(round).c_str(), "4",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string data;
  int lines = 0;
  bool killed = false;
  char buf[4096];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof buf);
    if (n <= 0) break;
    data.append(buf, static_cast<size_t>(n));
    lines += static_cast<int>(std::count(buf, buf + n, '\n'));
    if (!killed && lines >= kill_after) {
      kill(pid, SIGKILL);  // acks still in the pipe are read below
      killed = true;
    }
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "appender died on its own";
  std::map<AckKey, uint64_t> acks;
  std::istringstream in(data);
  int r, t, s;
  uint64_t index;
  while (in >> r >> t >> s >> index) acks[{r, t, s}] = index;
  return acks;
}

// A streamed batch killed after some of its parts were written (it waits on its input for the
// rest): one transaction, so nothing of it stays, the ledger verifies, and the store takes the
// next append.
TEST(CrashSafety, ABatchKilledBetweenItsPartsLeavesNothing) {
  TempDir dir;
  ASSERT_EQ(Proofline({"init"}, dir.path()).exit_code, 0);
  const std::string db = dir / "proofline.db";
  int in[2];
  ASSERT_EQ(pipe(in), 0);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    close(in[1]);
    execl(PROOFLINE_BIN, PROOFLINE_BIN, "--store", db.c_str(), "log", "append", "--batch", "-",
          static_cast<char*>(nullptr));
    _exit(127);
  }
  close(in[0]);
  const std::string pad(400, 'x');
  std::string lines;
  for (int i = 0; i < 12000; ++i) {  // about three parts of 4,096 events
    lines += R"({"type":"ci.step","subject":"CHG-)" + std::to_string(i % 7) + R"(","data":{"n":)" +
             std::to_string(i) + R"(,"pad":")" + pad + "\"}}\n";
  }
  ASSERT_EQ(write(in[1], lines.data(), lines.size()), static_cast<ssize_t>(lines.size()));
  // Parts are in the WAL once it holds more than a part's bytes; the batch then waits for more.
  const std::string wal = db + "-wal";
  bool written = false;
  for (int i = 0; i < 3000 && !written; ++i) {
    std::error_code ec;
    written = std::filesystem::file_size(wal, ec) > (4u << 20) && !ec;
    if (!written) usleep(10000);
  }
  EXPECT_TRUE(written) << "the batch never wrote its first parts";
  kill(pid, SIGKILL);
  close(in[1]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  RunResult verify = Proofline({"log", "verify"}, dir.path());
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("ledger verified: 1 events"), std::string::npos) << verify.out;
  RunResult next = Proofline({"log", "append", "--type", "t", "--subject", "S"}, dir.path());
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.out.find("appended event 1 "), std::string::npos) << next.out;
}

TEST(CrashSafety, AcknowledgedAppendsSurviveKillNineAndTheLedgerVerifies) {
  TempDir dir;
  ASSERT_EQ(Proofline({"init"}, dir.path()).exit_code, 0);
  std::string store_path = dir / "proofline.db";
  std::mt19937 rng(20261126);
  std::map<AckKey, uint64_t> acked;
  for (int round = 0; round < 10; ++round) {
    int kill_after = std::uniform_int_distribution<int>(20, 3000)(rng);
    auto acks = RunAndKill(store_path, round, kill_after);
    EXPECT_GE(static_cast<int>(acks.size()), kill_after);
    acked.insert(acks.begin(), acks.end());
  }
  auto store = store::SqliteStore::Open(store_path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  std::map<AckKey, uint64_t> found;
  ASSERT_TRUE(
      (*store)
          ->ScanEntries(
              {},
              [&](const store::LedgerEntry& e) {
                Json j = *ParseJsonStrict(e.entry);
                if (j["type"] == "crash.append") {
                  const Json& d = j["data"];
                  found[{d["round"].get<int>(), d["thread"].get<int>(), d["seq"].get<int>()}] =
                      e.index;
                }
                return OkStatus();
              })
          .ok());
  for (const auto& [key, index] : acked) {
    auto it = found.find(key);
    ASSERT_NE(it, found.end()) << "acknowledged append lost: round " << std::get<0>(key);
    EXPECT_EQ(it->second, index);
  }
  store->reset();
  ASSERT_EQ(Proofline({"log", "checkpoint"}, dir.path()).exit_code, 0);
  RunResult v = Proofline({"log", "verify"}, dir.path());
  EXPECT_EQ(v.exit_code, 0) << v.err;
}

}  // namespace
}  // namespace proofline::testing
