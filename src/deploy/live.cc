// Folding deployment.succeeded events into each environment's live release (live.h).
#include "deploy/live.h"

#include "events/catalogue.h"
#include "ledger/event.h"

namespace proofline::deploy {

Result<std::map<std::string, LiveRelease>> LiveReleases(store::Store* store) {
  std::map<std::string, LiveRelease> live;
  store::EntryFilter filter;
  filter.type = events::kDeploymentSucceeded;
  RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseEntry(e.entry));
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
