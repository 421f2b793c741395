// Running a checked pipeline (spec.h): stages in order, the jobs of a stage in parallel (bounded),
// a job after the jobs it `needs`, each script command through /bin/sh with the job's timeout and
// retries, the job's output kept as a blob, and every job's command, exit status, duration and
// log digest recorded in the ledger (subject: the run id):
//   pipeline.started  {name, run, change?, stages, variables}
//   job.finished      {run, job, stage, kind, status, exit_code, attempts, duration_ms,
//                      commands, log: {sha256, size}}   status: passed|failed|skipped
//                      status: passed|failed|skipped|cancelled
//   pipeline.finished {run, status: passed|failed|cancelled, duration_ms, failed_jobs,
//                      cancelled_jobs, not_run}
// A job starts as soon as the jobs it needs in its stage have passed and a slot is free (at most
// `parallel` at once). After a failure, later stages run only their `when: always` jobs, then the
// on_failure steps run. When `*cancel` becomes true (Ctrl-C), running commands are stopped
// (SIGTERM to their process group, SIGKILL after a grace period), nothing new starts, on_failure
// steps do not run, and the cancellation is recorded: every event is one atomic ledger append,
// so the ledger stays consistent whenever the run stops.
// Gate and approval steps are the caller's (Hooks), so the runner stays free of the CLI.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "blob/blob_store.h"
#include "ledger/ledger.h"
#include "pipeline/spec.h"

namespace proofline::pipeline {

struct JobOutcome {
  std::string status = "failed";  // passed | failed | skipped | cancelled
  int exit_code = -1;
  std::string detail;  // one line for the terminal
};

struct Hooks {
  // A `gate:` step; a `approval:` step (waits up to its timeout). Required when the pipeline
  // has such steps.
  std::function<JobOutcome(const Job&)> gate, approval;
  // Called after a script job ended, e.g. to attach its evidence globs.
  std::function<void(const Job&, const JobOutcome&)> after_script;
  // Progress lines for the terminal (stage and job starts and ends, and every
  // `heartbeat` the jobs still running with their elapsed time).
  std::function<void(const std::string&)> progress;
};

struct RunOptions {
  std::string run_id, change, branch, actor, workdir;
  std::map<std::string, std::string> variables;  // override the pipeline's
  unsigned parallel = 2;
  const std::atomic<bool>* cancel = nullptr;  // set (e.g. from a SIGINT handler) to stop
  std::chrono::milliseconds heartbeat{30000};
};

struct JobRecord {
  std::string name, stage, status;
  int exit_code = -1, attempts = 0;
  int64_t duration_ms = 0;
};

struct RunReport {
  bool passed = false, cancelled = false;
  std::vector<std::string> not_run;  // jobs that never started because the run was cancelled
  std::vector<JobRecord> jobs;
};

Result<RunReport> RunPipeline(const Pipeline& pipeline, const RunOptions& options,
                              const Hooks& hooks, ledger::Ledger& ledger, blob::BlobStore& blobs);

}  // namespace proofline::pipeline
