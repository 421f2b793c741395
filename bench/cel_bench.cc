// 7. CEL evaluation: nanoseconds per `Program::Eval` of typical control expressions (taken from
// the shipped catalogs, bench/cel_expressions.json) over one realistic facts document
// (bench/cel_facts.json, the shape of src/policy/facts.h). Each expression is compiled once and
// the activation is built once, as `proofline validate` does for a change; only Eval is timed.
// BM_CelControlSet evaluates all of them per iteration.
//
// The reference is a JavaScript CEL implementation, @bufbuild/cel, run by bench/cel_js/bench.mjs
// on the SAME two files (bench/run.sh runs both). Before timing, every result is checked against
// the file's `expected` value: the benchmark refuses to run if one differs, so both sides are
// known to compute the same answers.
//
// Usage: cel_bench [benchmark flags] [--expressions=FILE] [--facts=FILE]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "base/files.h"
#include "base/json.h"
#include "cel/eval.h"

namespace proofline::bench {
namespace {

struct Case {
  std::string name;
  cel::Program program;
};

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "cel_bench: %s\n", what.c_str());
  std::exit(1);
}

Json LoadJson(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) Fail(path + ": " + text.status().message());
  Result<Json> json = ParseJsonStrict(*text, path);
  if (!json.ok()) Fail(json.status().message());
  return *json;
}

// Compiles every expression and checks its result against `expected`; prints both.
std::vector<Case> Prepare(const Json& expressions, const cel::Activation& activation) {
  std::vector<Case> cases;
  for (const Json& e : expressions) {
    std::string name = e.at("name").get<std::string>();
    std::string expr = e.at("expr").get<std::string>();
    Result<cel::Program> program = cel::Compile(expr);
    if (!program.ok()) Fail(name + ": " + program.status().message());
    Result<cel::Value> value = program->Eval(activation);
    if (!value.ok()) Fail(name + ": " + value.status().message());
    Result<Json> got = cel::ValueToJson(*value);
    if (!got.ok()) Fail(name + ": " + got.status().message());
    std::fprintf(stderr, "%-18s = %-6s (expected %s)\n", name.c_str(), got->dump().c_str(),
                 e.at("expected").dump().c_str());
    if (*got != e.at("expected")) Fail(name + ": result differs from the expected value");
    cases.push_back({std::move(name), std::move(*program)});
  }
  return cases;
}

void BM_CelEval(benchmark::State& state, const cel::Program* program,
                const cel::Activation* activation) {
  for (auto _ : state) {
    Result<cel::Value> v = program->Eval(*activation);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}

void BM_CelControlSet(benchmark::State& state, const std::vector<Case>* cases,
                      const cel::Activation* activation) {
  for (auto _ : state) {
    for (const Case& c : *cases) {
      Result<cel::Value> v = c.program.Eval(*activation);
      benchmark::DoNotOptimize(v);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * cases->size()));
  state.counters["expressions"] = static_cast<double>(cases->size());
}

}  // namespace
}  // namespace proofline::bench

int main(int argc, char** argv) {
  using namespace proofline;
  std::string expressions_path = PROOFLINE_BENCH_SOURCE_DIR "/cel_expressions.json";
  std::string facts_path = PROOFLINE_BENCH_SOURCE_DIR "/cel_facts.json";
  // Our own flags first; the rest go to Google Benchmark.
  std::vector<char*> rest;
  for (int i = 0; i < argc; ++i) {
    if (std::strncmp(argv[i], "--expressions=", 14) == 0) {
      expressions_path = argv[i] + 14;
    } else if (std::strncmp(argv[i], "--facts=", 8) == 0) {
      facts_path = argv[i] + 8;
    } else {
      rest.push_back(argv[i]);
    }
  }
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());

  static const Json facts = bench::LoadJson(facts_path);
  Result<cel::Activation> activation = cel::Activation::FromJson(facts);
  if (!activation.ok()) bench::Fail(activation.status().message());
  static const cel::Activation bound = std::move(*activation);
  static const std::vector<bench::Case> cases =
      bench::Prepare(bench::LoadJson(expressions_path), bound);

  for (const bench::Case& c : cases) {
    benchmark::RegisterBenchmark(("BM_CelEval/" + c.name).c_str(), bench::BM_CelEval, &c.program,
                                 &bound);
  }
  benchmark::RegisterBenchmark("BM_CelControlSet", bench::BM_CelControlSet, &cases, &bound);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
