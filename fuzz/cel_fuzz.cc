// Fuzzes the CEL engine: the input is an expression, compiled and evaluated over a small fixed
// set of variables with tight limits. Every outcome must be a value (that prints in CEL syntax
// and, unless its map keys collide as text, converts to JSON) or InvalidArgument; another error
// code, a crash, a sanitizer report or a hang is a bug.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cel/eval.h"

namespace {

const proofline::cel::Activation& Facts() {
  static const proofline::cel::Activation* facts = [] {
    auto json = proofline::ParseJsonStrict(R"({
      "change": {"id": "CHG-1", "risk": {"score": 7.5, "class": "high"}, "files": 12,
                 "labels": ["db", "security"], "approved": true, "ticket": null},
      "evidence": [{"kind": "junit", "failures": 0, "tests": 120},
                   {"kind": "sarif", "results": 3, "critical": 1}],
      "now": "2024-05-01T12:00:00Z", "n": 9007199254740991, "s": "πέντε", "a.b": 1
    })");
    if (!json.ok()) std::abort();
    auto activation = proofline::cel::Activation::FromJson(*json);
    if (!activation.ok()) std::abort();
    return new proofline::cel::Activation(std::move(*activation));
  }();
  return *facts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view expr(reinterpret_cast<const char*>(data), size);
  Result<cel::Program> program = cel::Compile(expr);
  if (!program.ok()) {
    if (program.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  cel::EvalOptions options;
  options.cost_limit = 100'000;
  options.memory_limit = 8 << 20;
  options.max_string_bytes = 1 << 16;
  Result<cel::Value> value = program->Eval(Facts(), options);
  if (!value.ok()) {
    if (value.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (cel::FormatValue(*value).empty()) std::abort();
  Result<Json> json = cel::ValueToJson(*value);
  if (!json.ok() && json.status().code() != StatusCode::kInvalidArgument) std::abort();
  return 0;
}
