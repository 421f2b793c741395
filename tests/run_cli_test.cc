// End-to-end tests of `proofline run`: a pipeline that attaches its evidence, waits for the
// approval a person gives while it runs, passes the gate and deploys blue-green, every job
// recorded; and Ctrl-C (SIGINT) in the middle of a job, which stops the job's whole process
// group, starts nothing else and leaves a verified ledger that says what happened.
#include <filesystem>
#include <fstream>
#include <thread>

#include "gate_fixture.h"

namespace proofline::testing {
namespace {

class RunCliTest : public GateCliTest {
 protected:
  // Job statuses of the run, in the order they finished.
  std::map<std::string, std::string> Jobs(const std::string& run) {
    std::map<std::string, std::string> out;
    for (const Json& e : Events(run, "job.finished")) {
      out[e["data"]["job"]] = e["data"]["status"];
    }
    return out;
  }
};

TEST_F(RunCliTest, EvidenceApprovalGateAndDeploymentInOnePipeline) {
  WriteText(dir_ / "p.yaml", R"(name: release
stages: [test, approval, deploy]
jobs:
  unit:
    stage: test
    script: [mkdir -p reports, cp unit.xml reports/TEST-unit.xml]
    evidence:
      - {path: "reports/*.xml", kind: junit, suite: unit}
      - {path: lcov.info, kind: coverage}
      - {path: build, kind: artifact}
  wait-for-lead: {stage: approval, approval: {timeout: 60s}}
  production-gate: {stage: deploy, gate: production}
  ship:
    stage: deploy
    needs: [production-gate]
    script: >-
      "$PROOFLINE" deploy --change "$CHANGE" --env production --artifact build
      --target dir:srv --smoke-cmd "test -f {release}/app.txt"
)");
  std::filesystem::create_directories(dir_ / "build");
  WriteText(dir_ / "build/app.txt", "release 1\n");
  // sam approves once the pipeline is waiting, as a lead would from the web page.
  std::thread lead([this] {
    while (Events(id_, "approval.granted").empty()) {
      if (!Events(id_, "evidence.attached").empty()) {
        P({"approve", id_, "--meaning", "reviewed and approved"}, "sam");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  RunResult r = P({"--json", "run", "p.yaml", "--change", id_, "--approval-poll-ms", "100", "--var",
                   std::string("PROOFLINE=") + PROOFLINE_BIN, "--var", "CHANGE=" + id_},
                  "pat");
  lead.join();
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const Json out = J(r);
  const std::string run = out["run"];
  EXPECT_EQ(out["status"], "passed");
  EXPECT_EQ(Jobs(run), (std::map<std::string, std::string>{{"unit", "passed"},
                                                           {"wait-for-lead", "passed"},
                                                           {"production-gate", "passed"},
                                                           {"ship", "passed"}}));
  // The evidence carries the run id as its pipeline; the gate allowed pat; the job deployed.
  std::vector<Json> evidence = Events(id_, "evidence.attached");
  ASSERT_EQ(evidence.size(), 3u);  // the suite, the coverage, the build it deploys
  EXPECT_EQ(evidence[0]["data"]["pipeline"], run);
  EXPECT_EQ(Events(id_, "gate.decided").back()["data"]["decision"], "allow");
  EXPECT_EQ(Events(id_, "deployment.succeeded").size(), 1u);
  EXPECT_EQ(ReadText(dir_ / "srv/current/app.txt"), "release 1\n");
  EXPECT_EQ(Events(run, "pipeline.finished")[0]["data"]["status"], "passed");
}

TEST_F(RunCliTest, AnInvalidPipelineRunsNothing) {
  WriteText(dir_ / "p.yaml",
            "stages: [build]\njobs:\n  a: {stage: build, script: touch ran, needs: [a]}\n"
            "  b: {stage: deploy, script: touch ran}\n");
  RunResult r = P({"run", "p.yaml"}, "pat");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "proofline: error: 2 problems in p.yaml:\n"
            "  p.yaml:3: `needs` form a cycle: a -> a\n"
            "  p.yaml:4: job b: stage 'deploy' is not in `stages`\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "ran"));
  EXPECT_EQ(P({"log", "show"}).out.find("pipeline.started"), std::string::npos);
  // A gate step needs the change it is for: refused before the first job runs.
  WriteText(dir_ / "g.yaml",
            "stages: [build, deploy]\njobs:\n  a: {stage: build, script: touch ran}\n"
            "  g: {stage: deploy, gate: production}\n");
  RunResult gate = P({"run", "g.yaml"}, "pat");
  EXPECT_EQ(gate.exit_code, 2);
  EXPECT_EQ(gate.err,
            "proofline: error: g.yaml: job g is a gate step: give the change it is for with "
            "--change\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "ran"));
}

// `--var` cannot change how the job's shell or the loader behaves (BASH_ENV runs a file before
// every command, LD_PRELOAD loads a library into every program): only a variable the committed
// pipeline declares may be overridden, and a name must be a shell name.
TEST_F(RunCliTest, VarsThatChangeTheShellOrTheLoaderAreRefusedUnlessDeclared) {
  WriteText(dir_ / "evil.sh", "touch hijacked\n");
  WriteText(dir_ / "p.yaml",
            "variables: {PATH: /usr/bin:/bin}\nstages: [build]\n"
            "jobs:\n  a: {stage: build, script: touch ran}\n");
  for (const std::string& var :
       {"BASH_ENV=" + (dir_ / "evil.sh"), std::string("ENV=") + (dir_ / "evil.sh"),
        std::string("LD_PRELOAD=/tmp/x.so"), std::string("IFS=/"),
        std::string("PROOFLINE_TOKEN=x")}) {
    RunResult r = P({"run", "p.yaml", "--var", var}, "pat");
    EXPECT_EQ(r.exit_code, 2) << var;
    EXPECT_NE(r.err.find("changes how the shell, the loader or Proofline behaves"),
              std::string::npos)
        << r.err;
  }
  RunResult bad = P({"run", "p.yaml", "--var", "A-B=1"}, "pat");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("variable name 'A-B' is not a shell name"), std::string::npos) << bad.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "ran"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "hijacked"));
  // Declared in the pipeline, PATH may be overridden; a plain name always may.
  RunResult ok = P({"run", "p.yaml", "--var", "PATH=/usr/bin:/bin", "--var", "TAG=v1"}, "pat");
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_TRUE(std::filesystem::exists(dir_ / "ran"));
  WriteText(dir_ / "q.yaml",
            "variables: {\"A B\": x}\nstages: [build]\njobs:\n  a: {stage: build, script: true}\n");
  RunResult named = P({"run", "q.yaml"}, "pat");
  EXPECT_EQ(named.exit_code, 2);
  EXPECT_NE(named.err.find("q.yaml:1: `variables`: variable name 'A B' is not a shell name"),
            std::string::npos)
      << named.err;
}

TEST_F(RunCliTest, ADeniedGateStopsThePipelineAndOnFailureRuns) {
  WriteText(dir_ / "p.yaml", R"(stages: [deploy]
jobs:
  production-gate: {stage: deploy, gate: production}
  ship: {stage: deploy, needs: [production-gate], script: touch shipped}
on_failure:
  - {name: page-the-team, script: touch paged}
)");
  // Nothing attested and nobody approved: the gate denies pat.
  RunResult r = P({"--json", "run", "p.yaml", "--change", id_}, "pat");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  const std::string run = J(r)["run"];
  EXPECT_EQ(Jobs(run),
            (std::map<std::string, std::string>{
                {"production-gate", "failed"}, {"ship", "skipped"}, {"page-the-team", "passed"}}));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "shipped"));
  EXPECT_TRUE(std::filesystem::exists(dir_ / "paged"));
  EXPECT_EQ(Events(id_, "gate.decided").back()["data"]["decision"], "deny");
}

TEST_F(RunCliTest, CtrlCStopsTheRunningJobAndRecordsTheCancellation) {
  WriteText(dir_ / "p.yaml", R"(stages: [build, deploy]
jobs:
  compile:
    stage: build
    script: sleep 60 & echo $! > sleeper.pid; touch started; wait
  docs: {stage: build, script: echo docs built}
  ship: {stage: deploy, script: touch shipped, when: always}
on_failure:
  - {name: rollback, script: touch rolled-back}
)");
  // A shell starts the run in the background and sends SIGINT once the job is running, as a
  // terminal's Ctrl-C would; its exit status is the run's.
  RunResult r =
      RunProgram({"sh", "-c",
                  std::string("\"") + PROOFLINE_BIN +
                      "\" run p.yaml >out.txt 2>err.txt & pid=$!; "
                      "while [ ! -f started ]; do sleep 0.05; done; kill -INT $pid; wait $pid"},
                 dir_.path(), "", {"PROOFLINE_TOKEN=" + tokens_["pat"]});
  EXPECT_EQ(r.exit_code, 130) << ReadText(dir_ / "err.txt");
  EXPECT_NE(ReadText(dir_ / "err.txt").find("stopping what is running"), std::string::npos);
  // The job's whole process group was stopped, not only its shell (death is asynchronous: the
  // kernel gets up to 2 s to finish it; any delay passes).
  const std::string pid = ReadText(dir_ / "sleeper.pid");
  auto alive = [&] {
    std::ifstream stat("/proc/" + pid.substr(0, pid.find('\n')) + "/stat");
    std::string field, state;
    return static_cast<bool>(stat >> field >> field >> state) && state != "Z";
  };
  for (int i = 0; i < 200 && alive(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_FALSE(alive()) << "the job's sleep survived";
  for (const char* file : {"shipped", "rolled-back"}) {
    EXPECT_FALSE(std::filesystem::exists(dir_ / file)) << file;
  }
  // The ledger verifies and tells the story.
  RunResult verify = P({"log", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  std::string run;
  const Json log = J(P({"--json", "log", "show"}));
  for (const Json& e : log["events"]) {
    if (e["type"] == "pipeline.started") run = e["subject"];
  }
  ASSERT_FALSE(run.empty()) << log.dump();
  EXPECT_EQ(Jobs(run),
            (std::map<std::string, std::string>{{"compile", "cancelled"}, {"docs", "passed"}}));
  const Json finished = Events(run, "pipeline.finished").at(0)["data"];
  EXPECT_EQ(finished["status"], "cancelled");
  EXPECT_EQ(finished["not_run"], Json({"ship"}));
}

}  // namespace
}  // namespace proofline::testing
