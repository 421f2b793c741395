// Running a shell command with a deadline: what deployment targets (bring-up, switch, health)
// and pipeline jobs execute. The command runs in its own process group so a timeout kills
// everything it started, not only the shell; and the whole group dies with the caller, even one
// killed with SIGKILL: a supervisor process leads the group, holds a parent-death signal
// (prctl PR_SET_PDEATHSIG) and kills its group when it fires, so no probe or bring-up command
// outlives a deployer that was killed mid-way. The signal follows the *thread* that called
// RunShell: it must not exit while its command runs (RunShell waits, so callers are safe unless
// they hand the child to another thread).
#pragma once

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "base/status.h"

namespace proofline {

struct CommandResult {
  int exit_code = -1;      // the shell's status; -1 when killed
  bool timed_out = false;  // killed at the deadline
  bool cancelled = false;  // stopped because `*cancel` became true
  std::string output;      // stdout and stderr interleaved, the last `max_output` bytes
  std::chrono::milliseconds elapsed{0};
};

// Runs `/bin/sh -c command` in `cwd` (empty: ours) with `env` ("NAME=value") added to our
// environment. Io when the process cannot be started. A command that leaves a background process
// holding its output open is waited for until the deadline: such processes must redirect it.
// When `cancel` is given and becomes true (e.g. set by a SIGINT handler), the process group gets
// SIGTERM, then SIGKILL after `kCancelGrace` if anything in it still holds the output open.
inline constexpr std::chrono::milliseconds kCancelGrace{5000};
Result<CommandResult> RunShell(const std::string& command, const std::string& cwd,
                               const std::vector<std::string>& env,
                               std::chrono::milliseconds timeout, size_t max_output = 64 * 1024,
                               const std::atomic<bool>* cancel = nullptr);

}  // namespace proofline
