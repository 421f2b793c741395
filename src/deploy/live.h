// What runs where, from the ledger: the last successful deployment of each environment.
// A deployment that failed or was rolled back never replaced what was live, so the last
// deployment.succeeded event of an environment is its live release.
#pragma once

#include <map>
#include <string>

#include "base/status.h"
#include "store/store.h"

namespace proofline::deploy {

struct LiveRelease {
  std::string env, change, commit, colour, artifact_sha256, deployer, since;
  uint64_t index = 0;  // of the deployment.succeeded event
};

// Every environment's live release, by environment name.
Result<std::map<std::string, LiveRelease>> LiveReleases(store::Store* store);

}  // namespace proofline::deploy
