// Fuzzes the proofline.yaml readers a change's policy goes through (yaml-cpp underneath): the
// risk rules, the approval routes and the gate's environments. Any input must load or fail with
// InvalidArgument and a message naming the file; never crash, throw or hang.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "approval/policy.h"
#include "gate/environments.h"
#include "risk/config.h"

namespace {

template <typename T>
void Check(const proofline::Result<T>& r) {
  if (r.ok()) return;
  if (r.status().code() != proofline::StatusCode::kInvalidArgument) std::abort();
  if (r.status().message().rfind("fuzz.yaml", 0) != 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string in(reinterpret_cast<const char*>(data), size);
  Check(gate::ParseGateConfig(in, "fuzz.yaml"));
  Check(approval::ParseApprovalPolicy(in, "fuzz.yaml"));
  Result<risk::RiskConfig> risk = risk::LoadRiskConfig(in, "fuzz.yaml");
  if (!risk.ok() && risk.status().code() != StatusCode::kInvalidArgument) std::abort();
  return 0;
}
