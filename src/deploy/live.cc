// Folding deployment.succeeded events into each environment's live release (live.h).
#include "deploy/live.h"

#include <algorithm>

#include "events/catalogue.h"
#include "ledger/event.h"

namespace proofline::deploy {

Result<std::map<std::string, LiveRelease>> LiveReleases(store::Store* store) {
  std::map<std::string, LiveRelease> live;
  store::EntryFilter filter;
  filter.type = events::kDeploymentSucceeded;
  RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
    if (!p.FromOwner()) return OkStatus();
    LiveRelease r;
    r.env = StringAt(p.data, "env");
    r.change = p.subject;
    r.commit = StringAt(p.data, "commit");
    r.colour = StringAt(p.data, "colour");
    r.artifact_sha256 = StringAt(ObjectAt(p.data, "artifact"), "sha256");
    r.deployer = p.actor;
    r.since = p.time;
    r.index = e.index;
    if (!r.env.empty()) live[r.env] = std::move(r);
    return OkStatus();
  }));
  return live;
}

Result<std::map<std::string, OpenDeployment>> OpenDeployments(store::Store* store) {
  std::map<std::string, OpenDeployment> open;
  std::map<std::string, uint64_t> ended;  // env -> index of its newest end
  // One read transaction: a deployment ending between two scans must not look open.
  RETURN_IF_ERROR(store->WithReadSnapshot([&]() -> Status {
    for (std::string_view type :
         {events::kDeploymentStarted, events::kDeploymentSucceeded, events::kDeploymentFailed}) {
      store::EntryFilter filter;
      filter.type = std::string(type);
      RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
        ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
        if (!p.FromOwner()) return OkStatus();
        const std::string env = StringAt(p.data, "env");
        if (env.empty()) return OkStatus();
        if (type != events::kDeploymentStarted) {
          ended[env] = std::max(ended[env], e.index);
          return OkStatus();
        }
        OpenDeployment d;
        d.env = env;
        d.change = p.subject;
        d.commit = StringAt(p.data, "commit");
        d.deployer = p.actor;
        d.started = p.time;
        d.target = StringAt(p.data, "target");
        d.from = StringAt(p.data, "from");
        d.to = StringAt(p.data, "to");
        d.artifact_sha256 = StringAt(ObjectAt(p.data, "artifact"), "sha256");
        d.index = e.index;
        open[env] = std::move(d);  // in index order: the newest start wins
        return OkStatus();
      }));
    }
    return OkStatus();
  }));
  std::erase_if(open, [&](const auto& kv) {
    auto it = ended.find(kv.first);
    return it != ended.end() && it->second > kv.second.index;
  });
  return open;
}

ledger::EventInput ViolationEvent(const std::string& env, const std::string& digest_hex,
                                  const std::optional<LiveRelease>& live,
                                  const std::string& actor) {
  std::string expected = !live ? "nothing was deployed there"
                               : "the last deployment (" + live->change +
                                     ") installed sha256:" + live->artifact_sha256;
  return {std::string(events::kEnvViolation),
          env,
          actor,
          {{"env", env},
           {"artifact", "sha256:" + digest_hex},
           {"control", "direct-production-change"},
           {"reason", "running artifact was not deployed through the gate; " + expected}}};
}

}  // namespace proofline::deploy
