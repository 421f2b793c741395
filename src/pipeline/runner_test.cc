// Tests of the runner over a real ledger and blob store with real shell commands: stages in
// order, parallel jobs and needs, retries, a failure skipping later stages except `when: always`,
// on_failure steps, branch filters, and the events with their log digests.
#include "pipeline/runner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "store/sqlite_store.h"

namespace proofline::pipeline {
namespace {

class RunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pl_runner_XXXXXX";
    dir_ = mkdtemp(tmpl);
    store_ = *store::SqliteStore::Create(dir_ + "/r.db");
    key_ = *ledger::SignerKey::Generate("t");
    ledger_ = *ledger::Ledger::Initialize(store_.get(), "t", "tester", key_);
    blobs_ = std::make_unique<blob::BlobStore>(dir_ + "/blobs");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  RunReport Run(const std::string& yaml, const std::string& branch = "main",
                const std::atomic<bool>* cancel = nullptr) {
    Result<Pipeline> p = LoadPipeline(yaml, "p.yaml");
    EXPECT_TRUE(p.ok()) << p.status().message();
    RunOptions o;
    o.run_id = "RUN-1";
    o.actor = "ci";
    o.branch = branch;
    o.workdir = dir_;
    o.cancel = cancel;
    Hooks hooks;
    hooks.progress = [this](const std::string& line) { progress_ += line + "\n"; };
    Result<RunReport> r = RunPipeline(*p, o, hooks, *ledger_, *blobs_);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return *r;
  }
  std::map<std::string, std::string> Statuses(const RunReport& r) {
    std::map<std::string, std::string> out;
    for (const JobRecord& j : r.jobs) out[j.name] = j.status;
    return out;
  }
  std::vector<Json> Events(const std::string& type) {
    std::vector<Json> out;
    store::EntryFilter f;
    f.type = type;
    EXPECT_TRUE(store_
                    ->ScanEntries(f,
                                  [&](const store::LedgerEntry& e) -> Status {
                                    out.push_back(ledger::ParseEntry(e.entry)->data);
                                    return OkStatus();
                                  })
                    .ok());
    return out;
  }
  std::string Read(const std::string& rel) {
    std::ifstream in(dir_ + "/" + rel);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  std::string dir_, progress_;
  std::unique_ptr<store::SqliteStore> store_;
  ledger::SignerKey key_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<blob::BlobStore> blobs_;
};

TEST_F(RunnerTest, RunsStagesInOrderWithNeedsRetriesAndLogs) {
  RunReport r = Run(R"(stages: [build, test]
variables: {GREETING: hello}
jobs:
  compile:
    stage: build
    script: [echo "$GREETING" > built.txt, echo compiled]
  flaky:
    stage: test
    script: 'n=$(cat tries 2>/dev/null || echo 0); echo $((n+1)) > tries; test $n -ge 1'
    retries: 2
  after-flaky:
    stage: test
    needs: [flaky]
    script: cat built.txt >> order.txt
)");
  EXPECT_TRUE(r.passed) << progress_;
  EXPECT_EQ(Statuses(r),
            (std::map<std::string, std::string>{
                {"compile", "passed"}, {"flaky", "passed"}, {"after-flaky", "passed"}}));
  EXPECT_EQ(Read("order.txt"), "hello\n");
  EXPECT_EQ(r.jobs[1].attempts, 2);
  std::vector<Json> jobs = Events("job.finished");
  ASSERT_EQ(jobs.size(), 3u);
  EXPECT_EQ(jobs[0]["job"], "compile");
  EXPECT_EQ(jobs[0]["commands"], Json({"echo \"$GREETING\" > built.txt", "echo compiled"}));
  // The log is a blob whose digest the event records.
  std::string digest = jobs[0]["log"]["sha256"];
  std::string log;
  ASSERT_TRUE(blobs_
                  ->Read(*HashFromHex(digest),
                         [&](ByteView b) {
                           log.append(reinterpret_cast<const char*>(b.data()), b.size());
                           return OkStatus();
                         })
                  .ok());
  EXPECT_EQ(log, "$ echo \"$GREETING\" > built.txt\n$ echo compiled\ncompiled\n");
  EXPECT_EQ(Events("pipeline.finished")[0]["status"], "passed");
}

TEST_F(RunnerTest, AFailureSkipsLaterStagesExceptAlwaysAndRunsOnFailure) {
  RunReport r = Run(R"(stages: [build, deploy, report]
jobs:
  compile: {stage: build, script: exit 3}
  lint: {stage: build, script: "true"}
  ship: {stage: deploy, script: touch shipped}
  notes: {stage: report, script: touch reported, when: always}
  release-only: {stage: report, script: touch released, when: always, branches: ["release/*"]}
on_failure:
  - {name: rollback, script: touch rolled-back}
)");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(Statuses(r), (std::map<std::string, std::string>{{"compile", "failed"},
                                                             {"lint", "passed"},
                                                             {"ship", "skipped"},
                                                             {"notes", "passed"},
                                                             {"release-only", "skipped"},
                                                             {"rollback", "passed"}}));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/shipped"));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/rolled-back"));
  Json finished = Events("pipeline.finished")[0];
  EXPECT_EQ(finished["status"], "failed");
  EXPECT_EQ(finished["failed_jobs"], Json({"compile"}));
  // Jobs of a stage finish in any order: find compile's event by name.
  std::map<std::string, Json> codes;
  for (const Json& e : Events("job.finished")) codes[e["job"]] = e["exit_code"];
  EXPECT_EQ(codes["compile"], 3);
  EXPECT_EQ(codes["lint"], 0);
}

TEST_F(RunnerTest, AFreeSlotTakesTheNextReadyJobWithoutWaitingForTheSlowOne) {
  // `slow` passes only once `then` (which needs `quick`) has run while `slow` still holds its
  // slot: with two slots, that needs a scheduler that refills a slot as soon as it frees.
  RunReport r = Run(R"(stages: [test]
jobs:
  slow:
    stage: test
    script: for i in $(seq 400); do test -f go && exit 0; sleep 0.05; done; exit 1
  quick: {stage: test, script: "true"}
  then: {stage: test, needs: [quick], script: touch go}
  late: {stage: test, script: sleep 5, timeout: 1s}
)");
  EXPECT_EQ(Statuses(r),
            (std::map<std::string, std::string>{
                {"slow", "passed"}, {"quick", "passed"}, {"then", "passed"}, {"late", "failed"}}))
      << progress_;
  EXPECT_NE(progress_.find("late: timed out after 1 s"), std::string::npos) << progress_;
}

TEST_F(RunnerTest, CancellationStopsRunningJobsStartsNothingAndIsRecorded) {
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    while (!std::filesystem::exists(dir_ + "/started")) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    cancel = true;
  });
  RunReport r = Run(R"(stages: [build, deploy]
jobs:
  compile: {stage: build, script: touch started; sleep 30}
  package: {stage: build, needs: [compile], script: touch packaged}
  ship: {stage: deploy, script: touch shipped, when: always}
on_failure:
  - {name: rollback, script: touch rolled-back}
)",
                    "main", &cancel);
  canceller.join();
  EXPECT_FALSE(r.passed);
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(Statuses(r), (std::map<std::string, std::string>{{"compile", "cancelled"}}));
  EXPECT_EQ(r.not_run, (std::vector<std::string>{"package", "ship"}));
  for (const char* file : {"packaged", "shipped", "rolled-back"}) {
    EXPECT_FALSE(std::filesystem::exists(dir_ + "/" + file)) << file;
  }
  Json finished = Events("pipeline.finished")[0];
  EXPECT_EQ(finished["status"], "cancelled");
  EXPECT_EQ(finished["cancelled_jobs"], Json({"compile"}));
  EXPECT_EQ(finished["not_run"], Json({"package", "ship"}));
  EXPECT_EQ(Events("job.finished")[0]["status"], "cancelled");
}

}  // namespace
}  // namespace proofline::pipeline
