// HTTP probes through cpp-httplib's client; command probes through RunShell (probe.h).
#include "deploy/probe.h"

#include <httplib.h>

#include <chrono>
#include <thread>

#include "base/process.h"
#include "base/text.h"

namespace proofline::deploy {
namespace {

struct Url {
  std::string origin;  // scheme://host[:port]
  std::string path;
};

Result<Url> SplitUrl(const std::string& url) {
  size_t scheme_end = url.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") {
    return InvalidArgument("probe URL '" + url + "' must start with http:// or https://");
  }
  size_t path_start = url.find('/', scheme_end + 3);
  Url u{url.substr(0, path_start), path_start == std::string::npos ? "/" : url.substr(path_start)};
  if (u.origin.size() <= scheme_end + 3)
    return InvalidArgument("probe URL '" + url + "' has no host");
  return u;
}

std::string HttpAttempt(const Url& url, const ProbeSpec& spec, bool* passed) {
  httplib::Client client(url.origin);
  const auto timeout = std::chrono::milliseconds(spec.timeout_ms);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  httplib::Result res = client.Get(url.path);
  if (!res) return "no answer (" + httplib::to_string(res.error()) + ")";
  *passed = res->status == spec.expect_status;
  return "HTTP " + std::to_string(res->status);
}

std::string CommandAttempt(const ProbeSpec& spec, bool* passed) {
  Result<CommandResult> r = RunShell(spec.command, "", spec.env,
                                     std::chrono::milliseconds(spec.timeout_ms), 4096, spec.cancel);
  if (!r.ok()) return r.status().message();
  if (r->cancelled) return "cancelled";
  if (r->timed_out) return "timed out after " + std::to_string(spec.timeout_ms) + " ms";
  *passed = r->exit_code == 0;
  std::string tail(TrimBlanks(r->output));
  return "exit " + std::to_string(r->exit_code) + (tail.empty() ? "" : ": " + OneLine(tail, 200));
}

}  // namespace

std::string ProbeSpec::Describe() const {
  return url.empty() ? "command " + command : "GET " + url;
}

Result<ProbeResult> RunProbe(const ProbeSpec& spec) {
  Url url;
  if (!spec.url.empty()) {
    ASSIGN_OR_RETURN(url, SplitUrl(spec.url));
  }
  ProbeResult out;
  auto cancelled = [&] { return spec.cancel != nullptr && spec.cancel->load(); };
  for (int i = 0; i < std::max(spec.attempts, 1); ++i) {
    // The pause between attempts, in slices so a cancellation is seen within 50 ms.
    const auto next =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(i > 0 ? spec.interval_ms : 0);
    while (!cancelled() && std::chrono::steady_clock::now() < next) {
      std::this_thread::sleep_for(std::min(std::chrono::milliseconds(50),
                                           std::chrono::duration_cast<std::chrono::milliseconds>(
                                               next - std::chrono::steady_clock::now())));
    }
    if (cancelled()) {
      out.cancelled = true;
      out.detail = "cancelled";
      break;
    }
    ++out.attempts;
    bool passed = false;
    out.detail = spec.url.empty() ? CommandAttempt(spec, &passed) : HttpAttempt(url, spec, &passed);
    if (passed) {
      out.passed = true;
      break;
    }
  }
  out.cancelled = out.cancelled || (!out.passed && cancelled());
  return out;
}

}  // namespace proofline::deploy
