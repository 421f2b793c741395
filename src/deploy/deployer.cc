// The blue-green sequence (deployer.h).
#include "deploy/deployer.h"

#include <chrono>
#include <cstdio>
#include <ctime>

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

// Milliseconds since the epoch of an RFC 3339 UTC time as the ledger writes it
// ("2026-12-07T18:31:40.123456Z"); nullopt for anything else.
std::optional<int64_t> EpochMs(const std::string& time) {
  std::tm tm{};
  int micros = 0;
  if (std::sscanf(time.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%6dZ", &tm.tm_year, &tm.tm_mon,
                  &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &micros) != 7) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm)) * 1000 + micros / 1000;
}

}  // namespace

Result<RecoverOutcome> Recover(const OpenDeployment& open, const std::optional<LiveRelease>& last,
                               DeployTarget& target, const std::string& actor,
                               ledger::Ledger& ledger) {
  RecoverOutcome out;
  ASSIGN_OR_RETURN(out.live_before, target.LiveColour());
  out.steps.push_back("deployment #" + std::to_string(open.index) + " of " + open.change + " by " +
                      open.deployer + " (started " + open.started + ", " +
                      (open.from.empty() ? "nothing" : open.from) + " -> " + open.to +
                      ") never ended; " + target.Describe() + " serves " +
                      (out.live_before.empty() ? "nothing" : out.live_before));
  if (last && last->colour == open.to) {
    return Corruption("the interrupted deployment #" + std::to_string(open.index) +
                      " was installing into " + open.to +
                      ", the slot of the last validated "
                      "release (" +
                      last->change +
                      "): switching cannot restore it; deploy a "
                      "release again");
  }
  if (last) {
    // Switched even when the target says it already serves it: a command target only knows
    // what the ledger said, and a switch to the serving colour changes nothing.
    RETURN_IF_ERROR(target.Switch(last->colour));
    out.steps.push_back("switched traffic back to " + last->colour + " (" + last->change + ")");
    out.restored = last->colour;
  } else {
    out.steps.push_back("nothing was validated in " + open.env + " before: no colour to restore");
  }
  const std::optional<int64_t> started = EpochMs(open.started);
  const std::optional<int64_t> now = EpochMs(ledger::NowRfc3339Micros());
  out.time_to_restore_ms = started && now ? std::max<int64_t>(*now - *started, 0) : 0;
  auto event = [&](std::string_view type, Json data) {
    data["env"] = open.env;
    data["commit"] = open.commit;
    data["artifact"] = {{"sha256", open.artifact_sha256}};
    data["interrupted_event"] = open.index;
    return ledger::EventInput{std::string(type), open.change, actor, std::move(data)};
  };
  std::vector<ledger::EventInput> events = {
      event(events::kDeploymentFailed,
            {{"stage", "interrupted"},
             {"reason", "the deployer stopped without finishing (" + open.deployer + ", started " +
                            open.started + "); recovered by " + actor},
             {"colour", open.to}})};
  if (!out.restored.empty()) {
    events.push_back(
        event(events::kDeploymentRolledBack, {{"restored", out.restored},
                                              {"failed_colour", open.to},
                                              {"time_to_restore_ms", out.time_to_restore_ms}}));
  }
  RETURN_IF_ERROR(ledger.Append(events).status());
  return out;
}

Result<DeployOutcome> BlueGreen(const DeployRequest& request, DeployTarget& target,
                                ledger::Ledger& ledger) {
  return Run(request, target, ledger).Go();
}

}  // namespace proofline::deploy
