// The pipeline operation (pipeline.h).
#include "service/pipeline.h"

#include <glob.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "base/crypto.h"
#include "base/files.h"
#include "ledger/event.h"
#include "pipeline/spec.h"

namespace proofline::service {
namespace {

constexpr size_t kMaxPipelineBytes = size_t{4} << 20;

std::vector<std::string> Glob(const std::string& pattern) {
  glob_t g{};
  std::vector<std::string> out;
  if (::glob(pattern.c_str(), 0, nullptr, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc; ++i) out.push_back(g.gl_pathv[i]);
  }
  ::globfree(&g);
  return out;
}

bool Cancelled(const std::atomic<bool>* cancel) { return cancel != nullptr && cancel->load(); }

// The steps the runner calls back, over the one workspace, one at a time.
class Steps {
 public:
  Steps(Workspace& ws, const Caller& caller, const PipelineInput& input,
        const PipelineObserver& observer, std::string run_id)
      : ws_(ws), caller_(caller), in_(input), observer_(observer), run_id_(std::move(run_id)) {}

  pipeline::JobOutcome Gate(const pipeline::Job& j) {
    std::lock_guard<std::mutex> lock(mu_);
    Result<GateOutcome> gate =
        DecideGate(ws_, caller_, {in_.change, j.gate_env, false, "", "", "", ""}, "run");
    if (!gate.ok()) return {"failed", -1, "deny: " + gate.status().message()};
    if (observer_.gate) observer_.gate(*gate);
    if (!gate->decision.allow) return {"failed", 1, "gate denied " + j.gate_env};
    return {"passed", 0, "gate allowed " + j.gate_env};
  }

  // Waits until the change is approved, polling, up to the step's timeout. A change routed
  // automated whose checks pass is approved here (approval.automated), as `approve --automated`
  // would; any other route waits for people's signatures (the last one moves it to approved).
  pipeline::JobOutcome Approval(const pipeline::Job& j) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::seconds(j.approval_timeout_s);
    while (true) {
      std::optional<pipeline::JobOutcome> done;
      std::string missing;
      {
        std::lock_guard<std::mutex> lock(mu_);
        done = LookOnce(&missing);
      }
      if (done) return *done;
      if (std::chrono::steady_clock::now() >= deadline) {
        return {"failed", -1,
                "approvals incomplete at the timeout: " +
                    (missing.empty() ? std::string("see proofline approvals") : missing)};
      }
      const auto next = std::chrono::steady_clock::now() +
                        std::chrono::milliseconds(std::max(1, in_.approval_poll_ms));
      while (std::chrono::steady_clock::now() < next) {
        if (Cancelled(in_.cancel)) {
          return {"cancelled", -1, "cancelled while waiting for approvals"};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  }

  void Evidence(const pipeline::Job& j) {
    for (const pipeline::EvidenceGlob& g : j.evidence) {
      std::vector<std::string> files = Glob(g.path);
      EvidenceStep step{j.name, g.path, std::nullopt, "", ""};
      if (files.empty() || in_.change.empty()) {
        step.skipped = files.empty() ? "no file matches" : "no --change to attach it to";
        Report(step);
        continue;
      }
      AttestRequest a;
      a.kind = g.kind;
      a.change = in_.change;
      a.pipeline = run_id_;
      a.options.suite = g.suite;
      a.files = files;
      std::lock_guard<std::mutex> lock(mu_);
      Result<AttestResult> attested = Attest(ws_, caller_, a, "attest");
      if (attested.ok()) {
        step.attested = std::move(*attested);
      } else {
        step.error = attested.status().message();
      }
      Report(step);
    }
  }

 private:
  // One look at the change: an outcome when the step is over, else nullopt (and what is
  // missing).
  std::optional<pipeline::JobOutcome> LookOnce(std::string* missing) {
    Result<change::ChangeRecord> record = ws_.Change(in_.change);
    if (!record.ok()) return pipeline::JobOutcome{"failed", -1, record.status().message()};
    if (record->state == change::State::kApproved || record->state == change::State::kDeployed) {
      return pipeline::JobOutcome{"passed", 0, "approved"};
    }
    if (record->state != change::State::kPendingApproval) {
      return pipeline::JobOutcome{
          "failed", -1, "change " + in_.change + " is " + change::StateName(record->state)};
    }
    Result<ApprovalView> view = Approvals(ws_, in_.change, "");
    if (!view.ok()) return pipeline::JobOutcome{"failed", -1, view.status().message()};
    const approval::ApprovalStatus& st = view->status;
    if (st.effective_route == "automated" && st.satisfied) {
      Result<AutomatedResult> a = ApproveAutomated(ws_, caller_, in_.change, "");
      if (!a.ok()) return pipeline::JobOutcome{"failed", -1, a.status().message()};
      if (observer_.automated) observer_.automated(*a);
      if (a->passed) return pipeline::JobOutcome{"passed", 0, "approved automatically"};
    }
    if (!st.missing.empty()) *missing = st.missing[0];
    return std::nullopt;
  }

  void Report(const EvidenceStep& step) {
    if (observer_.evidence) observer_.evidence(step);
  }

  Workspace& ws_;
  const Caller& caller_;
  const PipelineInput& in_;
  const PipelineObserver& observer_;
  const std::string run_id_;
  std::mutex mu_;
};

}  // namespace

Result<PipelineRun> RunPipeline(Workspace& ws, const Caller& caller, const PipelineInput& input,
                                const PipelineObserver& observer) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(input.file, kMaxPipelineBytes));
  ASSIGN_OR_RETURN(pipeline::Pipeline p, pipeline::LoadPipeline(text, input.file));
  pipeline::RunOptions options;
  for (const std::string& kv : input.vars) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) return InvalidArgument("--var '" + kv + "': K=V");
    const std::string name = kv.substr(0, eq);
    RETURN_IF_ERROR(pipeline::CheckVariableName(name).WithContext("--var"));
    if (pipeline::ChangesShellOrLoader(name) && p.variables.count(name) == 0) {
      return InvalidArgument("--var " + name +
                             " changes how the shell, the loader or Proofline behaves: only a "
                             "variable the pipeline declares under variables: may be overridden");
    }
    options.variables[name] = kv.substr(eq + 1);
  }
  ASSIGN_OR_RETURN(options.actor, ws.ActorId(caller, "run"));
  // The runner records its jobs from its own threads, through its own connection.
  Workspace runner_ws(ws.paths());
  ASSIGN_OR_RETURN(ledger::Ledger * runner_ledger, runner_ws.Ledger());
  // What the steps will need is checked before anything runs.
  if (input.change.empty()) {
    for (const pipeline::Job& j : p.jobs) {
      if (j.Kind() != "script") {
        return InvalidArgument(input.file + ": job " + j.name + " is a " + j.Kind() +
                               " step: give the change it is for with --change");
      }
    }
  } else {
    RETURN_IF_ERROR(ws.Change(input.change).status());
  }
  PipelineRun run;
  run.run_id = "RUN-" + ToHex(RandomBytes(5));
  options.run_id = run.run_id;
  options.change = input.change;
  options.branch = input.branch;
  options.parallel = input.parallel;
  options.cancel = input.cancel;
  Steps steps(ws, caller, input, observer, run.run_id);
  pipeline::Hooks hooks;
  hooks.gate = [&](const pipeline::Job& j) { return steps.Gate(j); };
  hooks.approval = [&](const pipeline::Job& j) { return steps.Approval(j); };
  hooks.after_script = [&](const pipeline::Job& j, const pipeline::JobOutcome&) {
    steps.Evidence(j);
  };
  hooks.progress = observer.progress;
  ASSIGN_OR_RETURN(run.report,
                   pipeline::RunPipeline(p, options, hooks, *runner_ledger, runner_ws.Blobs()));
  return run;
}

}  // namespace proofline::service
