// Health probes for a deployment's smoke checks and post-deploy validation: an HTTP GET that
// must answer the expected status, or a shell command that must exit 0, tried until it passes
// or the attempts run out.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "base/status.h"

namespace proofline::deploy {

struct ProbeSpec {
  std::string url;               // http://host:port/path (https too); or
  std::string command;           // a shell command
  std::vector<std::string> env;  // NAME=value added to the command's environment
  int attempts = 5;
  int interval_ms = 1000;
  int timeout_ms = 2000;  // per attempt
  int expect_status = 200;
  const std::atomic<bool>* cancel = nullptr;  // when it becomes true: stop, not passed

  bool empty() const { return url.empty() && command.empty(); }
  std::string Describe() const;  // "GET URL" or "command CMD"
};

struct ProbeResult {
  bool passed = false;
  int attempts = 0;
  std::string detail;  // the last attempt's outcome: "HTTP 503", "exit 1: ...", "timed out"
  bool cancelled = false;
};

// Runs `spec`, its `{placeholders}` already replaced by the caller. InvalidArgument for a URL
// that is not http(s)://host[:port]/path.
Result<ProbeResult> RunProbe(const ProbeSpec& spec);

}  // namespace proofline::deploy
