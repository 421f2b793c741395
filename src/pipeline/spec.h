// Pipelines as code: the YAML a team commits beside its code, read and checked completely before
// anything runs. Every problem is collected with its line (unknown keys, undeclared or empty
// stages, unknown or later-stage `needs`, cycles, a job that is not exactly one kind, bad
// durations), so a broken pipeline is fixed in one round.
//
//   name: payments-release
//   variables: {APP: payments}                # also $PROOFLINE_VAR_...; --var K=V overrides
//   stages: [build, test, deploy-production]  # in order; jobs of a stage run in parallel
//   jobs:
//     unit-tests:
//       stage: test
//       script: make test                     # a string or a list of commands (one shell each)
//       needs: [build]                        # jobs of this or an earlier stage
//       when: on_success                      # on_success (default) | always | never
//       branches: [main, release/*]           # only on these branches (globs); default all
//       env: {PYTHONHASHSEED: "0"}
//       timeout: 10m                          # Go durations; default 1h
//       retries: 1                            # extra attempts after a failure (0-5)
//       evidence:                             # attached to the change when the job ends
//         - {path: "reports/*.xml", kind: junit, suite: unit}
//     approve:  {stage: approval, approval: {timeout: 24h}}   # waits for the route's approvals
//     gate:     {stage: deploy-production, gate: production}  # proofline gate
//   on_failure:                                # run when any job failed (e.g. rollback)
//     - {name: rollback, script: ./rollback.sh}
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace proofline::pipeline {

struct EvidenceGlob {
  std::string path, kind, suite;
  int line = 0;
};

enum class When { kOnSuccess, kAlways, kNever };

struct Job {
  std::string name, stage;
  int line = 0;
  std::vector<std::string> script;  // kind "script"
  std::string gate_env;             // kind "gate"
  int64_t approval_timeout_s = 0;   // kind "approval" (> 0)
  std::vector<std::string> needs, branches;
  std::map<std::string, std::string> env;
  When when = When::kOnSuccess;
  int64_t timeout_s = 3600;
  int retries = 0;
  std::vector<EvidenceGlob> evidence;

  std::string Kind() const;  // script | gate | approval
};

struct Pipeline {
  std::string name, source;
  std::map<std::string, std::string> variables;
  std::vector<std::string> stages;
  std::vector<Job> jobs;        // in file order
  std::vector<Job> on_failure;  // script jobs, in order
};

// Variable names (`variables:`, a job's `env:`, `run --var`) are shell names:
// [A-Za-z_][A-Za-z0-9_]*, at most 128 characters. InvalidArgument naming it otherwise.
Status CheckVariableName(std::string_view name);

// Whether `name` changes how the shell or the dynamic loader behaves, or how Proofline itself
// acts (BASH_ENV, ENV, IFS, PATH, SHELLOPTS, PS4, LD_*, GLIBC_TUNABLES, GCONV_PATH, PROOFLINE_*
// ...): a pipeline may set one (it is reviewed in the repository), but `run --var` may override
// only one the pipeline itself declares under `variables:`.
bool ChangesShellOrLoader(std::string_view name);

// Every problem of `text` as "SOURCE:LINE: what", in line order; empty when the pipeline is sound.
// `out` is filled as far as the text allows.
std::vector<std::string> ParsePipeline(std::string_view text, const std::string& source,
                                       Pipeline* out);

// ParsePipeline as a Result: InvalidArgument whose message lists every problem, one per line.
Result<Pipeline> LoadPipeline(std::string_view text, const std::string& source);

}  // namespace proofline::pipeline
