// What runs where, from the ledger: the last successful deployment of each environment.
// A deployment that failed or was rolled back never replaced what was live, so the last
// deployment.succeeded event of an environment is its live release.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "base/status.h"
#include "ledger/event.h"
#include "store/store.h"

namespace proofline::deploy {

struct LiveRelease {
  std::string env, change, commit, colour, artifact_sha256, deployer, since;
  uint64_t index = 0;  // of the deployment.succeeded event
};

// Every environment's live release, by environment name.
Result<std::map<std::string, LiveRelease>> LiveReleases(store::Store* store);

// A deployment that started and has not ended: its deployment.started is the newest of its
// environment and no deployment.succeeded or deployment.failed of that environment follows it.
// Either a deployer is running it now, or the deployer died mid-way (kill -9, a lost host): the
// deploy lock (service/deploy.h) tells which.
struct OpenDeployment {
  std::string env, change, commit, deployer, started, target, from, to, artifact_sha256;
  uint64_t index = 0;  // of the deployment.started event
};

// Every environment with an open deployment, by environment name.
Result<std::map<std::string, OpenDeployment>> OpenDeployments(store::Store* store);

// The "direct production change" violation: `digest_hex` runs in `env` but `live` (the last
// deployment there, if any) did not install it. env.violation, subject the environment:
//   {env, artifact: "sha256:HEX", control: "direct-production-change", reason}
ledger::EventInput ViolationEvent(const std::string& env, const std::string& digest_hex,
                                  const std::optional<LiveRelease>& live, const std::string& actor);

}  // namespace proofline::deploy
