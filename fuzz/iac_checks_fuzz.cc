// Fuzzes the IaC check-file compiler and the Kubernetes manifest reader together: the input is
// a check file, then "\n====\n", then a manifest file. Any check file must compile or fail with
// InvalidArgument; any manifest must load (problems are data); the compiled checks (or the
// shipped ones) must evaluate over whatever loaded without crashing, each finding on a real line.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "iac/checks.h"
#include "iac/kubernetes.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  size_t cut = in.find("\n====\n");
  std::string_view checks_text = cut == std::string_view::npos ? in : in.substr(0, cut);
  std::string_view manifest = cut == std::string_view::npos ? in : in.substr(cut + 6);
  Result<iac::CheckSet> checks = iac::ParseChecks(checks_text, "fuzz.yaml");
  if (!checks.ok() && checks.status().code() != StatusCode::kInvalidArgument) std::abort();
  // The shipped checks are compiled once, not per input.
  static const Result<iac::CheckSet> shipped = iac::ShippedChecks();
  if (!shipped.ok()) std::abort();
  const iac::CheckSet& set = checks.ok() ? *checks : *shipped;
  iac::Inventory inv = iac::LoadKubernetesText("fuzz.yaml", manifest);
  for (const iac::CheckFinding& f : iac::RunChecks(set, inv, iac::CheckParams())) {
    if (f.line == 0 || f.message.rfind(f.resource->address + ": ", 0) != 0) std::abort();
  }
  return 0;
}
