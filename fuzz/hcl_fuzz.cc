// Fuzzes the Terraform readers on one file. An input whose first byte is NUL (no HCL file starts
// with one, so the HCL seeds keep their meaning) is JSON: the rest goes to the plan reader
// (tfplan.h) and, as a .tf.json file, to the Terraform reader. Any other input is HCL: it must
// either parse or fail with InvalidArgument, and the Terraform reader must agree.
// In every case each resource read must have a canonical JSON body (it goes into findings and
// ledger events).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/json.h"
#include "iac/hcl.h"
#include "iac/terraform.h"
#include "iac/tfplan.h"

namespace {

using namespace proofline;

void CheckBodies(const iac::Inventory& inv) {
  for (const iac::Resource& r : inv.resources) {
    if (r.address.empty() || !CanonicalJson(r.body).ok()) std::abort();
  }
}

// A plan is read or refused with InvalidArgument; .tf.json text that is not JSON is one problem
// on the JSON parser's line, and nothing else is read.
void FuzzJson(std::string_view in) {
  Result<iac::Inventory> plan = iac::LoadTerraformPlanText("fuzz.json", in);
  if (!plan.ok() && plan.status().code() != StatusCode::kInvalidArgument) std::abort();
  if (plan.ok()) CheckBodies(*plan);
  iac::hcl::SyntaxError error;
  Result<iac::hcl::Expression> json = iac::hcl::ParseJson(in, "fuzz.tf.json", &error);
  if (!json.ok() && (json.status().code() != StatusCode::kInvalidArgument || error.line == 0)) {
    std::abort();
  }
  iac::Inventory inv = iac::LoadTerraformText("fuzz.tf.json", in);
  if (!json.ok() &&
      (inv.problems.size() != 1 || inv.problems[0].line != error.line || !inv.resources.empty())) {
    std::abort();
  }
  CheckBodies(inv);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  if (!in.empty() && in[0] == '\0') {
    FuzzJson(in.substr(1));
    return 0;
  }
  iac::hcl::SyntaxError error;
  Result<iac::hcl::Body> body = iac::hcl::Parse(in, "fuzz.tf", &error);
  if (!body.ok() && (body.status().code() != StatusCode::kInvalidArgument || error.line == 0)) {
    std::abort();
  }
  iac::Inventory inv = iac::LoadTerraformText("fuzz.tf", in);
  // A file that does not parse is a problem on the parser's line, and nothing else is read.
  if (!body.ok() &&
      (inv.problems.size() != 1 || inv.problems[0].line != error.line || !inv.resources.empty())) {
    std::abort();
  }
  CheckBodies(inv);
  return 0;
}
