// Folding deployment.succeeded events into each environment's live release (live.h).
#include "deploy/live.h"

#include "ledger/event.h"

namespace proofline::deploy {

Result<std::map<std::string, LiveRelease>> LiveReleases(store::Store* store) {
  std::map<std::string, LiveRelease> live;
  store::EntryFilter filter;
  filter.type = "deployment.succeeded";
  RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseEntry(e.entry));
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

}  // namespace proofline::deploy
