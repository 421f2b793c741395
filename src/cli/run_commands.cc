// `proofline run PIPELINE.yaml [--change ID] [--var K=V]...`: checks the pipeline (every problem,
// exit 2, before anything runs), then runs it (pipeline/runner.h) with the CLI's steps: `gate:`
// passes the gate as the token's user, `approval:` waits for the change's route to be satisfied,
// and each script job's evidence globs are attested to the change.
//
// Ctrl-C (SIGINT) or SIGTERM stops the run cleanly (cli/interrupt.h): the runner stops the
// running commands' process groups, starts nothing new and records the cancellation; exit 130.
#include <glob.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "approval/approvals.h"
#include "base/crypto.h"
#include "base/files.h"
#include "blob/blob_store.h"
#include "cli/approval_run.h"
#include "cli/attest.h"
#include "cli/gate_run.h"
#include "cli/interrupt.h"
#include "ledger/event.h"
#include "pipeline/runner.h"

namespace proofline::cli {
namespace {

constexpr size_t kMaxPipelineBytes = size_t{4} << 20;
struct RunCliOptions {
  std::string file, change, branch = "main";
  std::vector<std::string> vars;
  unsigned parallel = 2;
  int approval_poll_ms = 5000;
};

std::vector<std::string> Glob(const std::string& pattern) {
  glob_t g{};
  std::vector<std::string> out;
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) out.push_back(g.gl_pathv[i]);
  }
  ::globfree(&g);
  return out;
}

pipeline::JobOutcome Gate(const Context& ctx, const RunCliOptions& o, const pipeline::Job& j) {
  Result<std::unique_ptr<GateRun>> run =
      RunGateDecision(ctx, {o.change, j.gate_env, "", ""}, "run");
  if (!run.ok()) return {"failed", -1, "deny: " + run.status().message()};
  std::fprintf(stderr, "%s\n", GateText(**run).c_str());
  if (!(*run)->decision.allow) return {"failed", 1, "gate denied " + j.gate_env};
  return {"passed", 0, "gate allowed " + j.gate_env};
}

// Waits until the change is approved, polling, up to the step's timeout. A change routed
// automated whose checks pass is approved here (approval.automated), as `approve --automated`
// would; any other route waits for people's signatures (the last one moves it to approved).
pipeline::JobOutcome WaitForApprovals(const Context& ctx, const RunCliOptions& o,
                                      const pipeline::Job& j) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(j.approval_timeout_s);
  while (true) {
    Result<Context::OpenLedger> open = ctx.Open();
    Result<identity::Directory> directory = ctx.Directory();
    if (!open.ok() || !directory.ok()) {
      return {"failed", -1, !open.ok() ? open.status().message() : directory.status().message()};
    }
    Result<change::ChangeRecord> record =
        change::ChangeService(open->ledger.get(), open->store.get()).Get(o.change);
    if (!record.ok()) return {"failed", -1, record.status().message()};
    if (record->state == change::State::kApproved || record->state == change::State::kDeployed) {
      return {"passed", 0, "approved"};
    }
    if (record->state != change::State::kPendingApproval) {
      return {"failed", -1, "change " + o.change + " is " + change::StateName(record->state)};
    }
    Result<ProjectPolicy> policy = LoadProjectPolicy(*record, "");
    if (!policy.ok()) return {"failed", -1, policy.status().message()};
    approval::ApprovalStatus st =
        approval::Evaluate(policy->approvals, *record, *directory, ledger::NowRfc3339Micros());
    if (st.effective_route == "automated" && st.satisfied) {
      Result<AutomatedApproval> a = ApproveAutomatically(ctx, o.change, "");
      if (!a.ok()) return {"failed", -1, a.status().message()};
      std::fprintf(stderr, "  %s\n", a->text.c_str());
      if (a->passed) return {"passed", 0, "approved automatically"};
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      return {"failed", -1,
              "approvals incomplete at the timeout: " +
                  (st.missing.empty() ? std::string("see proofline approvals") : st.missing[0])};
    }
    const auto next = std::chrono::steady_clock::now() +
                      std::chrono::milliseconds(std::max(1, o.approval_poll_ms));
    while (std::chrono::steady_clock::now() < next) {
      if (Interrupted()) return {"cancelled", -1, "cancelled while waiting for approvals"};
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

void AttachEvidence(const Context& ctx, const RunCliOptions& o, const std::string& run_id,
                    const pipeline::Job& j) {
  for (const pipeline::EvidenceGlob& g : j.evidence) {
    std::vector<std::string> files = Glob(g.path);
    if (files.empty() || o.change.empty()) {
      std::fprintf(stderr, "  %s: evidence %s: %s\n", j.name.c_str(), g.path.c_str(),
                   files.empty() ? "no file matches" : "no --change to attach it to");
      continue;
    }
    AttestOptions a;
    a.kind = g.kind;
    a.change = o.change;
    a.pipeline = run_id;
    a.suite = g.suite;
    a.files = files;
    Result<AttestOutcome> out = AttestEvidence(ctx, a);
    std::fprintf(stderr, "  %s\n",
                 out.ok() ? out->text.c_str()
                          : ("evidence " + g.path + ": " + out.status().message()).c_str());
  }
}

Result<int> RunRun(const Context& ctx, const RunCliOptions& o) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(o.file, kMaxPipelineBytes));
  ASSIGN_OR_RETURN(pipeline::Pipeline p, pipeline::LoadPipeline(text, o.file));
  pipeline::RunOptions options;
  for (const std::string& kv : o.vars) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return InvalidArgument("--var '" + kv + "': K=V");
    options.variables[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  ASSIGN_OR_RETURN(options.actor, ctx.ActorId("run"));
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  // What the steps will need is checked before anything runs.
  if (o.change.empty()) {
    for (const pipeline::Job& j : p.jobs) {
      if (j.Kind() != "script") {
        return InvalidArgument(o.file + ": job " + j.name + " is a " + j.Kind() +
                               " step: give the change it is for with --change");
      }
    }
  } else {
    RETURN_IF_ERROR(
        change::ChangeService(open.ledger.get(), open.store.get()).Get(o.change).status());
  }
  options.run_id = "RUN-" + ToHex(RandomBytes(5));
  options.change = o.change;
  options.branch = o.branch;
  options.parallel = o.parallel;
  blob::BlobStore blobs(blob::BlobStore::DirFor(ctx.store_path));
  InterruptScope interrupts;
  options.cancel = &Interrupted();
  const auto start = std::chrono::steady_clock::now();
  pipeline::Hooks hooks;
  hooks.gate = [&](const pipeline::Job& j) { return Gate(ctx, o, j); };
  hooks.approval = [&](const pipeline::Job& j) { return WaitForApprovals(ctx, o, j); };
  hooks.after_script = [&](const pipeline::Job& j, const pipeline::JobOutcome&) {
    AttachEvidence(ctx, o, options.run_id, j);
  };
  hooks.progress = [&](const std::string& line) {
    auto s =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
    std::fprintf(stderr, "[%4llds] %s\n", static_cast<long long>(s.count()), line.c_str());
  };
  ASSIGN_OR_RETURN(pipeline::RunReport report,
                   pipeline::RunPipeline(p, options, hooks, *open.ledger, blobs));
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
  ctx.Print(summary + "pipeline " + options.run_id + " " + status, {{"run", options.run_id},
                                                                    {"status", status},
                                                                    {"passed", report.passed},
                                                                    {"jobs", jobs},
                                                                    {"not_run", report.not_run}});
  if (report.cancelled) return kExitCancelled;
  return report.passed ? kExitOk : kExitFailed;
}

}  // namespace

void AddRunCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RunCliOptions>();
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
