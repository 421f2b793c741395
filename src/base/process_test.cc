// RunShell: output and exit status, the deadline, and cancellation reaching what the command
// started (the whole process group), not only the shell.
#include "base/process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace proofline {
namespace {

bool Alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, comm, state;
  if (!(stat >> pid_field >> comm >> state)) return false;  // gone
  return state != "Z";                                      // a zombie is dead, not yet reaped
}

// Death is asynchronous (a process closes its files a moment before it is a zombie): give the
// kernel up to 2 s to finish what was started. Not a timing assertion: any delay passes.
bool GoneSoon(pid_t pid) {
  for (int i = 0; i < 200 && Alive(pid); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return !Alive(pid);
}

pid_t ReadPid(const std::string& path) {
  std::ifstream in(path);
  pid_t pid = 0;
  in >> pid;
  return pid;
}

TEST(ProcessTest, OutputExitCodeAndEnvironment) {
  Result<CommandResult> r = RunShell("echo \"$GREETING\"; echo oops >&2; exit 3", "",
                                     {"GREETING=hello"}, std::chrono::seconds(10));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->output, "hello\noops\n");
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_FALSE(r->timed_out);
  EXPECT_FALSE(r->cancelled);
}

TEST(ProcessTest, DeadlineKillsTheCommandAndWhatItStarted) {
  char tmpl[] = "/tmp/pl_process_XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  Result<CommandResult> r = RunShell("sleep 30 & echo $! > " + dir + "/pid; wait", "", {},
                                     std::chrono::milliseconds(300));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->cancelled);
  EXPECT_EQ(r->exit_code, -1);
  EXPECT_TRUE(GoneSoon(ReadPid(dir + "/pid")));
  std::system(("rm -rf " + dir).c_str());
}

TEST(ProcessTest, CancelStopsTheGroupPolitelyFirst) {
  char tmpl[] = "/tmp/pl_process_XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    while (ReadPid(dir + "/pid") == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    cancel = true;
  });
  // The shell traps TERM to leave a note: proof that it was asked before being killed.
  Result<CommandResult> r =
      RunShell("trap 'echo terminated > " + dir + "/note; exit 143' TERM; sleep 30 & echo $! > " +
                   dir + "/pid; wait",
               "", {}, std::chrono::seconds(60), 64 * 1024, &cancel);
  canceller.join();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->cancelled);
  EXPECT_FALSE(r->timed_out);
  EXPECT_EQ(r->exit_code, -1);
  EXPECT_TRUE(GoneSoon(ReadPid(dir + "/pid")));
  std::ifstream note(dir + "/note");
  std::string word;
  note >> word;
  EXPECT_EQ(word, "terminated");
  std::system(("rm -rf " + dir).c_str());
}

// The caller killed outright (SIGKILL: no handler, no destructor runs): what its command started
// dies with it, through the supervisor's parent-death signal.
TEST(ProcessTest, TheCommandDiesWithACallerKilledOutright) {
  char tmpl[] = "/tmp/pl_process_XXXXXX";
  const std::string dir = ::mkdtemp(tmpl);
  pid_t caller = ::fork();
  ASSERT_GE(caller, 0);
  if (caller == 0) {
    (void)RunShell("sleep 30 & echo $! > " + dir + "/pid; wait", "", {}, std::chrono::seconds(60));
    ::_exit(0);
  }
  pid_t sleeper = 0;
  for (int i = 0; i < 500 && sleeper == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    sleeper = ReadPid(dir + "/pid");
  }
  ASSERT_NE(sleeper, 0);
  EXPECT_TRUE(Alive(sleeper));
  ::kill(caller, SIGKILL);
  int status = 0;
  ::waitpid(caller, &status, 0);
  EXPECT_TRUE(GoneSoon(sleeper));
  std::system(("rm -rf " + dir).c_str());
}

TEST(ProcessTest, ASignalThatKillsTheShellIsReportedAsAKill) {
  Result<CommandResult> r = RunShell("kill -9 $$", "", {}, std::chrono::seconds(10));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->exit_code, -1);
  EXPECT_FALSE(r->timed_out);
}

}  // namespace
}  // namespace proofline
