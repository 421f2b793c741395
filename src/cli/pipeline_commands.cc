// `proofline pipeline check FILE`: reads a pipeline and lists every problem with its line before
// anything could run (exit 2), or summarises it (exit 0).
#include "base/files.h"
#include "cli/context.h"
#include "pipeline/spec.h"

namespace proofline::cli {
namespace {

constexpr size_t kMaxPipelineBytes = size_t{4} << 20;

Result<int> RunCheck(const Context& ctx, const std::string& file) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(file, kMaxPipelineBytes));
  ASSIGN_OR_RETURN(pipeline::Pipeline p, pipeline::LoadPipeline(text, file));
  Json stages = Json::array();
  std::string text_out = file + ": " + (p.name.empty() ? "pipeline" : p.name) + ", " +
                         std::to_string(p.stages.size()) + " stages, " +
                         std::to_string(p.jobs.size()) + " jobs";
  for (const std::string& stage : p.stages) {
    Json jobs = Json::array();
    std::string line;
    for (const pipeline::Job& j : p.jobs) {
      if (j.stage != stage) continue;
      jobs.push_back({{"name", j.name}, {"kind", j.Kind()}, {"needs", j.needs}});
      line +=
          (line.empty() ? "" : ", ") + j.name + (j.Kind() == "script" ? "" : " (" + j.Kind() + ")");
    }
    stages.push_back({{"stage", stage}, {"jobs", jobs}});
    text_out += "\n  " + stage + ": " + line;
  }
  ctx.Print(
      text_out,
      {{"file", file}, {"name", p.name}, {"stages", stages}, {"on_failure", p.on_failure.size()}});
  return kExitOk;
}

}  // namespace

void AddPipelineCommands(CLI::App& app, Context& ctx) {
  CLI::App* p = app.add_subcommand("pipeline", "Pipelines as code");
  p->require_subcommand(1);
  auto file = std::make_shared<std::string>();
  CLI::App* c = p->add_subcommand(
      "check", "Read a pipeline and list every problem with its line (exit 2), before any run");
  c->add_option("FILE", *file, "Pipeline YAML")->required();
  c->callback([&ctx, file] { ctx.action = [&ctx, file] { return RunCheck(ctx, *file); }; });
}

}  // namespace proofline::cli
