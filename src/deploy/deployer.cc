// The blue-green sequence (deployer.h).
#include "deploy/deployer.h"

#include <chrono>

#include "events/catalogue.h"

namespace proofline::deploy {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kCancelled = "cancelled";

int64_t MsSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

class Run {
 public:
  Run(const DeployRequest& r, DeployTarget& target, ledger::Ledger& ledger)
      : r_(r), target_(target), ledger_(ledger) {}

  Result<DeployOutcome> Go() {
    ASSIGN_OR_RETURN(out_.from, target_.LiveColour());
    out_.to = OtherColour(out_.from);
    Json started = {{"strategy", "blue-green"},
                    {"target", target_.Describe()},
                    {"from", out_.from},
                    {"to", out_.to},
                    {"gate_event", r_.gate_event}};
    for (const auto& [key, value] : r_.credentials.items()) started[key] = value;
    RETURN_IF_ERROR(Record({Event(events::kDeploymentStarted, std::move(started))}));
    if (Status s = target_.BringUp(out_.to, r_.artifact); !s.ok() || Cancelled()) {
      return Fail("bring-up", Cancelled() ? kCancelled : s.message());
    }
    Step("brought up " + out_.to + " with " + r_.artifact);
    if (!r_.smoke.empty()) {
      ASSIGN_OR_RETURN(ProbeResult smoke, Probe(r_.smoke, out_.to));
      Step("smoke " + Describe(r_.smoke, out_.to) + ": " + smoke.detail + " after " +
           std::to_string(smoke.attempts) + " attempt(s)");
      if (!smoke.passed) return Fail("smoke", smoke.cancelled ? kCancelled : smoke.detail);
    }
    if (Cancelled()) return Fail("smoke", kCancelled);  // the last moment nothing has changed
    if (Status s = target_.Switch(out_.to); !s.ok()) {
      RestoreAfterFailure();
      return Fail("switch", s.message());
    }
    switched_at_ = Clock::now();
    Step("switched traffic to " + out_.to);
    if (!r_.validate.empty()) {
      ASSIGN_OR_RETURN(ProbeResult v, Probe(r_.validate, out_.to));
      Step("validate " + Describe(r_.validate, out_.to) + ": " + v.detail + " after " +
           std::to_string(v.attempts) + " attempt(s)");
      if (!v.passed) return Fail("validate", v.cancelled ? kCancelled : v.detail);
    }
    if (Cancelled()) return Fail("validate", kCancelled);
    out_.succeeded = true;
    out_.duration_ms = MsSince(start_);
    std::vector<ledger::EventInput> events = {
        Event(events::kDeploymentSucceeded,
              {{"colour", out_.to}, {"previous", out_.from}, {"duration_ms", out_.duration_ms}})};
    events.insert(events.end(), r_.on_success.begin(), r_.on_success.end());
    RETURN_IF_ERROR(Record(events));
    return out_;
  }

 private:
  ledger::EventInput Event(std::string_view type, Json data) const {
    data["env"] = r_.env;
    data["commit"] = r_.commit;
    data["artifact"] = {{"path", r_.artifact}, {"sha256", r_.artifact_sha256}};
    return {std::string(type), r_.change, r_.deployer, std::move(data)};
  }

  Status Record(const std::vector<ledger::EventInput>& events) {
    return ledger_.Append(events).status();
  }

  void Step(const std::string& line) { out_.steps.push_back(line); }
  bool Cancelled() const { return r_.cancel != nullptr && r_.cancel->load(); }

  ProbeSpec Expanded(const ProbeSpec& spec, const std::string& colour) const {
    ProbeSpec s = spec;
    const Placeholders values{colour, r_.artifact, r_.env, target_.ReleasePath(colour)};
    s.url = ExpandUrl(s.url, values);
    s.command = ExpandCommand(s.command);
    s.env = values.Environment();
    return s;
  }
  std::string Describe(const ProbeSpec& spec, const std::string& colour) const {
    return Expanded(spec, colour).Describe();
  }
  Result<ProbeResult> Probe(const ProbeSpec& spec, const std::string& colour) const {
    ProbeSpec expanded = Expanded(spec, colour);
    expanded.cancel = r_.cancel;
    return RunProbe(expanded);
  }

  // After traffic moved (or may have), route it back to what was live.
  bool RestoreAfterFailure() {
    if (out_.from.empty()) {
      Step("nothing was live before: no colour to switch back to");
      return false;
    }
    Status s = target_.Switch(out_.from);
    Step(s.ok() ? "switched traffic back to " + out_.from
                : "switching back to " + out_.from + " FAILED: " + s.message());
    return s.ok();
  }

  Result<DeployOutcome> Fail(const std::string& stage, const std::string& reason) {
    out_.failed_stage = stage;
    out_.reason = reason;
    out_.cancelled = reason == kCancelled;
    out_.duration_ms = MsSince(start_);
    Step("FAILED at " + stage + ": " + reason);
    std::vector<ledger::EventInput> events = {Event(
        events::kDeploymentFailed, {{"stage", stage}, {"reason", reason}, {"colour", out_.to}})};
    if (stage == "validate" && RestoreAfterFailure()) {
      out_.rolled_back = true;
      out_.time_to_restore_ms = MsSince(switched_at_);
      events.push_back(
          Event(events::kDeploymentRolledBack, {{"restored", out_.from},
                                                {"failed_colour", out_.to},
                                                {"time_to_restore_ms", out_.time_to_restore_ms}}));
    }
    RETURN_IF_ERROR(Record(events));
    return out_;
  }

  const DeployRequest& r_;
  DeployTarget& target_;
  ledger::Ledger& ledger_;
  DeployOutcome out_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point switched_at_ = Clock::now();
};

}  // namespace

Result<DeployOutcome> BlueGreen(const DeployRequest& request, DeployTarget& target,
                                ledger::Ledger& ledger) {
  return Run(request, target, ledger).Go();
}

}  // namespace proofline::deploy
