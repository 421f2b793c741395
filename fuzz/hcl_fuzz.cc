// Fuzzes the HCL2 parser and the Terraform reader on one file: any input must either parse or
// fail with InvalidArgument, and every resource read from it must have a canonical JSON body
// (it goes into findings and ledger events).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/json.h"
#include "iac/hcl.h"
#include "iac/terraform.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
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
  for (const iac::Resource& r : inv.resources) {
    if (!CanonicalJson(r.body).ok()) std::abort();
  }
  return 0;
}
