// `proofline run PIPELINE.yaml [--change ID] [--var K=V]...`: checks the pipeline (every problem,
// exit 2, before anything runs), then runs it with its gate, approval and evidence steps
// (service/pipeline.h), printing progress and each step's outcome on stderr.
//
// Ctrl-C (SIGINT) or SIGTERM stops the run cleanly (cli/interrupt.h): the runner stops the
// running commands' process groups, starts nothing new and records the cancellation; exit 130.
#include <chrono>
#include <cstdio>

#include "cli/context.h"
#include "cli/interrupt.h"
#include "cli/render.h"
#include "service/pipeline.h"

namespace proofline::cli {
namespace {

void ShowEvidence(const service::EvidenceStep& s) {
  if (!s.skipped.empty()) {
    std::fprintf(stderr, "  %s: evidence %s: %s\n", s.job.c_str(), s.path.c_str(),
                 s.skipped.c_str());
  } else if (s.attested) {
    std::fprintf(stderr, "  %s\n", AttestText(*s.attested).c_str());
  } else {
    std::fprintf(stderr, "  evidence %s: %s\n", s.path.c_str(), s.error.c_str());
  }
}

Result<int> RunRun(const Context& ctx, service::PipelineInput in) {
  service::Workspace ws(ctx.Paths());
  InterruptScope interrupts;
  in.cancel = &Interrupted();
  const auto start = std::chrono::steady_clock::now();
  service::PipelineObserver observer;
  observer.progress = [&](const std::string& line) {
    auto s =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
    std::fprintf(stderr, "[%4llds] %s\n", static_cast<long long>(s.count()), line.c_str());
  };
  observer.gate = [](const service::GateOutcome& g) {
    std::fprintf(stderr, "%s\n", GateText(g).c_str());
  };
  observer.automated = [](const service::AutomatedResult& a) {
    std::fprintf(stderr, "  %s\n", AutomatedText(a).c_str());
  };
  observer.evidence = ShowEvidence;
  ASSIGN_OR_RETURN(service::PipelineRun run, service::RunPipeline(ws, ctx.Caller(), in, observer));
  const pipeline::RunReport& report = run.report;
  Json jobs = Json::array();
  std::string summary;
  for (const pipeline::JobRecord& r : report.jobs) {
    jobs.push_back({{"job", r.name},
                    {"stage", r.stage},
                    {"status", r.status},
                    {"exit_code", r.exit_code},
                    {"attempts", r.attempts},
                    {"duration_ms", r.duration_ms}});
    summary += "  " + r.stage + "/" + r.name + ": " + r.status + "\n";
  }
  const char* status = report.cancelled ? "cancelled" : report.passed ? "passed" : "failed";
  for (const std::string& name : report.not_run) summary += "  " + name + ": not run\n";
  ctx.Print(summary + "pipeline " + run.run_id + " " + status, {{"run", run.run_id},
                                                                {"status", status},
                                                                {"passed", report.passed},
                                                                {"jobs", jobs},
                                                                {"not_run", report.not_run}});
  if (report.cancelled) return kExitCancelled;
  return report.passed ? kExitOk : kExitFailed;
}

}  // namespace

void AddRunCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<service::PipelineInput>();
  CLI::App* r = app.add_subcommand("run", "Check, then run a pipeline, recording every job");
  r->add_option("PIPELINE", o->file, "Pipeline YAML")->required();
  r->add_option("--change", o->change, "Change the pipeline delivers (gate, approval, evidence)");
  r->add_option("--var", o->vars, "K=V overriding a pipeline variable (repeatable)");
  r->add_option("--branch", o->branch, "Branch, for jobs' `branches:`")->capture_default_str();
  r->add_option("--parallel", o->parallel, "Jobs at once within a stage")->capture_default_str();
  r->add_option("--approval-poll-ms", o->approval_poll_ms, "How often approval steps look")
      ->capture_default_str();
  r->footer(
      "Exit 0 passed, 1 a job failed, 2 the pipeline is invalid (nothing ran), 130 cancelled "
      "(Ctrl-C: running jobs are stopped and the cancellation recorded).");
  r->callback([&ctx, o] { ctx.action = [&ctx, o] { return RunRun(ctx, *o); }; });
}

}  // namespace proofline::cli
