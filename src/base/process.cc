// fork/exec of /bin/sh with a pipe for the output and a deadline (process.h).
#include "base/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace proofline {
namespace {

// The supervisor's parent-death handler: everything in its process group dies with it.
void KillOwnGroup(int) { ::kill(0, SIGKILL); }

// The forked child, in its own process group: stays as a supervisor that takes the group down if
// the caller dies (even by SIGKILL, which no handler of the caller sees), runs the shell as its
// own child, and exits as the shell did. Only async-signal-safe calls: the caller may have
// threads.
[[noreturn]] void Supervise(const char* command, pid_t caller) {
  struct sigaction sa {};
  sa.sa_handler = KillOwnGroup;
  ::sigaction(SIGUSR1, &sa, nullptr);
  ::prctl(PR_SET_PDEATHSIG, SIGUSR1);
  if (::getppid() != caller) KillOwnGroup(0);  // the caller died before prctl
  pid_t shell = ::fork();
  if (shell < 0) ::_exit(127);
  if (shell == 0) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGUSR1, &dfl, nullptr);
    ::execl("/bin/sh", "sh", "-c", command, static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(shell, &status, 0) < 0) {
    if (errno != EINTR) ::_exit(127);
  }
  if (WIFEXITED(status)) ::_exit(WEXITSTATUS(status));
  // Killed by a signal: die of the same one, so the caller sees what the shell saw.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(WTERMSIG(status), &dfl, nullptr);
  ::kill(::getpid(), WTERMSIG(status));
  ::_exit(128 + WTERMSIG(status));
}

}  // namespace

Result<CommandResult> RunShell(const std::string& command, const std::string& cwd,
                               const std::vector<std::string>& env,
                               std::chrono::milliseconds timeout, size_t max_output,
                               const std::atomic<bool>* cancel) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return IoError(std::string("pipe: ") + std::strerror(errno));
  const auto start = std::chrono::steady_clock::now();
  const pid_t caller = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return IoError(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {  // the child: only async-signal-safe calls until exec
    ::setpgid(0, 0);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) ::_exit(126);
    for (const std::string& kv : env) ::putenv(const_cast<char*>(kv.c_str()));
    Supervise(command.c_str(), caller);
  }
  ::setpgid(pid, pid);  // also here, so the kill below cannot race the child's own call
  ::close(fds[1]);
  CommandResult r;
  auto deadline = start + timeout;
  // Cancellation is noticed within one poll slice.
  const int64_t slice_ms = cancel != nullptr ? 100 : 1000;
  bool killed = false;
  char buf[8192];
  while (true) {
    if (cancel != nullptr && !r.cancelled && !killed && cancel->load()) {
      r.cancelled = true;  // ask politely; the deadline below becomes the grace period
      ::kill(-pid, SIGTERM);
      deadline = std::min(deadline, std::chrono::steady_clock::now() + kCancelGrace);
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      if (killed) break;  // something outside the group still holds the output: stop waiting
      r.timed_out = !r.cancelled;
      ::kill(-pid, SIGKILL);
      killed = true;
      // Drain until the killed processes have closed the output, so none is still running
      // when we return.
      deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
      continue;
    }
    pollfd p{fds[0], POLLIN, 0};
    int n = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left.count(), slice_ms)));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) continue;
    ssize_t got = ::read(fds[0], buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // every writer closed: the command (and what it left running) is done
    r.output.append(buf, static_cast<size_t>(got));
    if (r.output.size() > max_output) r.output.erase(0, r.output.size() - max_output);
  }
  ::close(fds[0]);
  if (r.cancelled) ::kill(-pid, SIGKILL);  // what ignored SIGTERM after closing its output
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (r.timed_out || r.cancelled) r.exit_code = -1;
  r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - start);
  return r;
}

}  // namespace proofline
