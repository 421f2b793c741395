// The signal handler behind InterruptScope (interrupt.h).
#include "cli/interrupt.h"

#include <unistd.h>

namespace proofline::cli {
namespace {

// Lock-free, so setting it from a signal handler is safe.
std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void OnInterrupt(int) {
  if (g_interrupted.exchange(true)) ::_exit(kExitCancelled);
  static const char kMessage[] =
      "\nproofline: stopping what is running (Ctrl-C again to quit at once)\n";
  [[maybe_unused]] ssize_t n = ::write(2, kMessage, sizeof kMessage - 1);
}

}  // namespace

const std::atomic<bool>& Interrupted() { return g_interrupted; }

InterruptScope::InterruptScope() {
  g_interrupted = false;
  SigAction sa{};
  sa.sa_handler = OnInterrupt;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, &old_int_);
  ::sigaction(SIGTERM, &sa, &old_term_);
}

InterruptScope::~InterruptScope() {
  ::sigaction(SIGINT, &old_int_, nullptr);
  ::sigaction(SIGTERM, &old_term_, nullptr);
}

}  // namespace proofline::cli
