// Tests of pipeline YAML: a sound reference pipeline read into its parts, and a broken one whose
// every problem is listed with its line, in line order, in one pass.
#include "pipeline/spec.h"

#include <gtest/gtest.h>

namespace proofline::pipeline {
namespace {

constexpr char kSound[] = R"(name: payments-release
variables: {APP: payments}
stages: [build, test, approval, deploy]
jobs:
  compile:
    stage: build
    script: [make, make package]
    env: {CC: gcc}
    timeout: 10m
  unit:
    stage: test
    script: make test
    needs: [compile]
    retries: 2
    evidence:
      - {path: "reports/*.xml", kind: junit, suite: unit}
  lint:
    stage: test
    script: make lint
    when: always
    branches: [main, "release/*"]
  approve:
    stage: approval
    approval: {timeout: 24h}
  gate:
    stage: deploy
    gate: production
on_failure:
  - {name: rollback, script: ./rollback.sh, timeout: 5m}
)";

TEST(PipelineSpec, ReadsASoundPipeline) {
  Result<Pipeline> p = LoadPipeline(kSound, "pipeline.yaml");
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->name, "payments-release");
  EXPECT_EQ(p->variables.at("APP"), "payments");
  EXPECT_EQ(p->stages, (std::vector<std::string>{"build", "test", "approval", "deploy"}));
  ASSERT_EQ(p->jobs.size(), 5u);
  const Job& compile = p->jobs[0];
  EXPECT_EQ(compile.script, (std::vector<std::string>{"make", "make package"}));
  EXPECT_EQ(compile.timeout_s, 600);
  EXPECT_EQ(compile.env.at("CC"), "gcc");
  EXPECT_EQ(compile.line, 5);
  const Job& unit = p->jobs[1];
  EXPECT_EQ(unit.needs, std::vector<std::string>{"compile"});
  EXPECT_EQ(unit.retries, 2);
  ASSERT_EQ(unit.evidence.size(), 1u);
  EXPECT_EQ(unit.evidence[0].suite, "unit");
  EXPECT_EQ(unit.timeout_s, 3600);
  EXPECT_EQ(p->jobs[2].when, When::kAlways);
  EXPECT_EQ(p->jobs[3].Kind(), "approval");
  EXPECT_EQ(p->jobs[3].approval_timeout_s, 86400);
  EXPECT_EQ(p->jobs[4].Kind(), "gate");
  EXPECT_EQ(p->jobs[4].gate_env, "production");
  ASSERT_EQ(p->on_failure.size(), 1u);
  EXPECT_EQ(p->on_failure[0].timeout_s, 300);
}

TEST(PipelineSpec, ADuplicatedJobIsRefusedNamingBothLines) {
  // yaml-cpp keeps both `deploy:` entries; the first would run and the second hide in review.
  Result<Pipeline> p = LoadPipeline(R"(stages: [deploy]
jobs:
  deploy:
    stage: deploy
    script: ./deploy.sh production
  deploy:
    stage: deploy
    script: ./deploy.sh staging
)",
                                    "pipeline.yaml");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "1 problem in pipeline.yaml:\n  pipeline.yaml:6: duplicate key 'deploy' (first at line "
            "3)");
}

TEST(PipelineSpec, NestedAliasesAreReadOnce) {
  // Ten aliases of ten aliases, nine deep: 10^9 paths to one node. Every reader walks the nodes,
  // not the paths (the duplicate-key walk included), so this ends, refused for its shape.
  std::string text = "stages: [build]\nvariables:\n  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 10; ++i) {
    text += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
    text += "]\n";
  }
  text += "jobs:\n  b: {stage: build, script: make}\n";
  Result<Pipeline> p = LoadPipeline(text, "pipeline.yaml");
  EXPECT_FALSE(p.ok());  // variables are strings, not lists
}

TEST(PipelineSpec, ListsEveryProblemWithItsLine) {
  Pipeline p;
  std::vector<std::string> problems = ParsePipeline(R"(stages: [build, test, deploy, build]
jobs:
  compile:
    stage: build
    script: make
    needs: [unit]
    colour: red
  unit:
    stage: test
    script: make test
    needs: [later, ghost]
    timeout: soon
    evidence:
      - {path: "*.xml", kind: junitxml}
  later:
    stage: test
    needs: [unit]
    script: x
    gate: production
  nowhere:
    stage: qa
    approval: {timeout: 1h}
    retries: 9
    when: sometimes
on_failure:
  - {script: ./rollback.sh}
)",
                                                    "pipeline.yaml", &p);
  EXPECT_EQ(problems,
            (std::vector<std::string>{
                "pipeline.yaml:1: stage 'build' is listed twice",
                "pipeline.yaml:1: stage 'deploy' has no jobs",
                "pipeline.yaml:3: job compile (stage build) needs unit, which runs later (stage "
                "test)",
                "pipeline.yaml:7: unknown key 'colour' in job compile",
                "pipeline.yaml:8: job unit needs 'ghost', which is not a job",
                "pipeline.yaml:8: `needs` form a cycle: unit -> later -> unit",
                "pipeline.yaml:12: `timeout` must be a positive duration such as 90s, 10m or 24h "
                "(got 'soon')",
                "pipeline.yaml:14: unknown evidence kind 'junitxml' (junit, sarif, coverage, "
                "sbom, control-test, artifact, attestation)",
                "pipeline.yaml:15: job later must have exactly one of `script`, `gate` and "
                "`approval`",
                "pipeline.yaml:21: job nowhere: stage 'qa' is not in `stages`",
                "pipeline.yaml:23: `retries` must be 0 to 5",
                "pipeline.yaml:24: `when` must be on_success, always or never",
                "pipeline.yaml:26: an on_failure step needs a `name`",
            }));
  Result<Pipeline> r = LoadPipeline("stages: [a]\njobs: {}\n", "p.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "1 problem in p.yaml:\n  p.yaml:2: `jobs` must map job names to jobs");
  EXPECT_EQ(ParsePipeline("jobs: [\n", "p.yaml", &p).size(), 1u);  // a YAML syntax error
  EXPECT_EQ(ParsePipeline("- 1\n", "p.yaml", &p),
            std::vector<std::string>{"p.yaml:1: a pipeline must be a mapping {name, stages, "
                                     "jobs, ...}"});
}

}  // namespace
}  // namespace proofline::pipeline
