// Ctrl-C (SIGINT) and SIGTERM for the commands that run other programs (`run`, `deploy`): while
// an InterruptScope lives, the first signal only sets Interrupted(), so the command stops what
// it runs (RunShell's cancellation: SIGTERM to the process group, SIGKILL after a grace period),
// records what happened and exits kExitCancelled. A second signal exits at once; every event
// already written is a committed transaction, so even then the ledger is consistent.
#pragma once

#include <signal.h>

#include <atomic>

namespace proofline::cli {

inline constexpr int kExitCancelled = 128 + SIGINT;  // what shells report for a Ctrl-C'd command

// The flag the handler sets; pass it to RunShell / the runner as their cancel flag.
const std::atomic<bool>& Interrupted();

class InterruptScope {
 public:
  InterruptScope();   // clears the flag and installs the handler
  ~InterruptScope();  // restores the previous handlers
  InterruptScope(const InterruptScope&) = delete;
  InterruptScope& operator=(const InterruptScope&) = delete;

 private:
  using SigAction = struct sigaction;
  SigAction old_int_{};
  SigAction old_term_{};
};

}  // namespace proofline::cli
