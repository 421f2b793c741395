// Fuzzes the pipeline reader (yaml-cpp underneath): any input must yield a list of problems, each
// "SOURCE:LINE: ..." (empty only for a sound pipeline, which then has stages and jobs); never a
// crash, an exception or a hang.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pipeline/spec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  pipeline::Pipeline p;
  std::vector<std::string> problems = pipeline::ParsePipeline(in, "fuzz.yaml", &p);
  for (const std::string& line : problems) {
    if (line.rfind("fuzz.yaml:", 0) != 0) std::abort();
  }
  if (problems.empty() && (p.stages.empty() || p.jobs.empty())) std::abort();
  return 0;
}
