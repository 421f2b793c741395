// Tests of blue-green deployment over a real ledger, real release directories and a real local
// HTTP server (cpp-httplib) whose health endpoint the test turns healthy or not: success and the
// atomic switch, a failed smoke check that never touches the live colour, a failed post-deploy
// validation that switches back, command targets, probes, and the live release folded from the
// ledger.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "deploy/deployer.h"
#include "deploy/live.h"
#include "store/sqlite_store.h"

namespace proofline::deploy {
namespace {

namespace fs = std::filesystem;

// A health endpoint on 127.0.0.1: /health answers `status` (changeable at any time).
class HealthServer {
 public:
  HealthServer() {
    server_.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
      res.status = status_.load();
      res.set_content(res.status == 200 ? "ok" : "unhealthy", "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~HealthServer() {
    server_.stop();
    thread_.join();
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/health"; }
  void SetStatus(int s) { status_ = s; }

 private:
  httplib::Server server_;
  std::atomic<int> status_{200};
  int port_ = 0;
  std::thread thread_;
};

class DeployTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pl_deploy_XXXXXX";
    dir_ = mkdtemp(tmpl);
    store_ = *store::SqliteStore::Create(dir_ + "/d.db");
    key_ = *ledger::SignerKey::Generate("t");
    ledger_ = *ledger::Ledger::Initialize(store_.get(), "t", "tester", key_);
    Release("v1", "version 1\n");
    Release("v2", "version 2\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Release(const std::string& name, const std::string& text) {
    fs::create_directories(dir_ + "/" + name);
    std::ofstream(dir_ + "/" + name + "/app.txt") << text;
  }
  DeployRequest Request(const std::string& release) {
    DeployRequest r;
    r.change = "CHG-1";
    r.env = "production";
    r.commit = "abc";
    r.deployer = "pat";
    r.artifact = dir_ + "/" + release;
    r.artifact_sha256 = std::string(64, release == "v1" ? '1' : '2');
    r.smoke.command = "grep -q version {release}/app.txt";
    r.smoke.attempts = 1;
    return r;
  }
  std::string Live() {
    return fs::read_symlink(dir_ + "/srv/current").string() + ": " + Read("srv/current/app.txt");
  }
  std::string Read(const std::string& rel) {
    std::ifstream in(dir_ + "/" + rel);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::vector<std::string> Types() {
    std::vector<std::string> out;
    store::EntryFilter all;
    EXPECT_TRUE(store_
                    ->ScanEntries(all,
                                  [&](const store::LedgerEntry& e) -> Status {
                                    out.push_back(e.type);
                                    return OkStatus();
                                  })
                    .ok());
    return std::vector<std::string>(out.begin() + 1, out.end());  // without the init event
  }

  std::string dir_;
  std::unique_ptr<store::SqliteStore> store_;
  ledger::SignerKey key_;
  std::unique_ptr<ledger::Ledger> ledger_;
};

TEST_F(DeployTest, SwitchesColoursAndRecordsEachDeployment) {
  auto target = MakeDirTarget(dir_ + "/srv");
  Result<DeployOutcome> first = BlueGreen(Request("v1"), *target, *ledger_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_TRUE(first->succeeded);
  EXPECT_EQ(first->from, "");
  EXPECT_EQ(first->to, "blue");
  EXPECT_EQ(Live(), "blue: version 1\n");
  Result<DeployOutcome> second = BlueGreen(Request("v2"), *target, *ledger_);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->to, "green");
  EXPECT_EQ(Live(), "green: version 2\n");
  EXPECT_EQ(Read("srv/blue/app.txt"), "version 1\n");  // the previous release stays for rollback
  EXPECT_EQ(Types(), (std::vector<std::string>{"deployment.started", "deployment.succeeded",
                                               "deployment.started", "deployment.succeeded"}));
  auto live = LiveReleases(store_.get());
  ASSERT_TRUE(live.ok());
  EXPECT_EQ(live->at("production").colour, "green");
  EXPECT_EQ(live->at("production").artifact_sha256, std::string(64, '2'));
  EXPECT_EQ(live->at("production").deployer, "pat");
}

TEST_F(DeployTest, FailedSmokeCheckNeverTouchesTheLiveColour) {
  auto target = MakeDirTarget(dir_ + "/srv");
  ASSERT_TRUE(BlueGreen(Request("v1"), *target, *ledger_).ok());
  DeployRequest bad = Request("v2");
  bad.smoke.command = "grep -q 'version 3' {release}/app.txt";
  Result<DeployOutcome> out = BlueGreen(bad, *target, *ledger_);
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE(out->succeeded);
  EXPECT_FALSE(out->rolled_back);
  EXPECT_EQ(out->failed_stage, "smoke");
  EXPECT_EQ(out->reason, "exit 1");
  EXPECT_EQ(Live(), "blue: version 1\n");
  EXPECT_EQ(Types().back(), "deployment.failed");
}

TEST_F(DeployTest, FailedValidationAgainstARealServerSwitchesBack) {
  HealthServer health;
  auto target = MakeDirTarget(dir_ + "/srv");
  DeployRequest v1 = Request("v1");
  v1.validate.url = health.Url();
  ASSERT_TRUE(BlueGreen(v1, *target, *ledger_)->succeeded);
  health.SetStatus(503);
  DeployRequest v2 = Request("v2");
  v2.validate.url = health.Url();
  v2.validate.attempts = 3;
  v2.validate.interval_ms = 10;
  Result<DeployOutcome> out = BlueGreen(v2, *target, *ledger_);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_FALSE(out->succeeded);
  EXPECT_TRUE(out->rolled_back);
  EXPECT_EQ(out->failed_stage, "validate");
  EXPECT_EQ(out->reason, "HTTP 503");
  EXPECT_EQ(Live(), "blue: version 1\n");
  std::vector<std::string> types = Types();
  EXPECT_EQ(std::vector<std::string>(types.end() - 3, types.end()),
            (std::vector<std::string>{"deployment.started", "deployment.failed",
                                      "deployment.rolled_back"}));
  EXPECT_EQ(LiveReleases(store_.get())->at("production").colour, "blue");
}

TEST_F(DeployTest, CommandTargetRunsTheUsersCommands) {
  std::string state = dir_ + "/router";
  CommandTargetSpec spec;
  spec.bring_up =
      "mkdir -p " + dir_ + "/cmd/{colour} && cp -r {artifact}/. " + dir_ + "/cmd/{colour}/";
  spec.switch_to = "echo \"$PROOFLINE_COLOUR\" > " + state;
  spec.env = "production";
  spec.live = "blue";
  auto target = MakeCommandTarget(spec);
  DeployRequest r = Request("v2");
  r.smoke.command = "grep -q 'version 2' " + dir_ + "/cmd/{colour}/app.txt";
  Result<DeployOutcome> out = BlueGreen(r, *target, *ledger_);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->succeeded) << out->reason;
  EXPECT_EQ(out->to, "green");
  EXPECT_EQ(Read("router"), "green\n");
  spec.bring_up = "echo 'no space left' >&2; exit 4";
  auto broken = MakeCommandTarget(spec);
  out = BlueGreen(r, *broken, *ledger_);
  EXPECT_EQ(out->failed_stage, "bring-up");
  EXPECT_EQ(out->reason, "bring-up command exited 4: no space left");
}

// An artifact or release path is data, never shell text: one holding `$(...)`, backquotes,
// quotes, a `;` and spaces reaches the user's command as one argument, and nothing of it runs.
TEST_F(DeployTest, PlaceholderValuesAreNeverSplicedIntoShellText) {
  const std::string hostile = dir_ + "/rel $(touch " + dir_ + "/pwned1) `touch " + dir_ +
                              "/pwned2`; touch " + dir_ + "/pwned3 'q\"";
  fs::create_directories(hostile);
  std::ofstream(hostile + "/app.txt") << "version 3\n";
  CommandTargetSpec spec;
  spec.bring_up =
      "mkdir -p " + dir_ + "/cmd/{colour} && cp -r {artifact}/. " + dir_ + "/cmd/{colour}/";
  spec.switch_to = "echo {colour} > " + dir_ + "/router";
  spec.env = "production";
  auto target = MakeCommandTarget(spec);
  DeployRequest r = Request("v2");
  r.artifact = hostile;
  r.smoke.command =
      "test -f {artifact}/app.txt && grep -q 'version 3' " + dir_ + "/cmd/{colour}/app.txt";
  Result<DeployOutcome> out = BlueGreen(r, *target, *ledger_);
  ASSERT_TRUE(out.ok());
  EXPECT_TRUE(out->succeeded) << out->reason;
  EXPECT_EQ(Read("cmd/blue/app.txt"), "version 3\n");
  for (const char* pwned : {"pwned1", "pwned2", "pwned3"}) {
    EXPECT_FALSE(fs::exists(dir_ + "/" + pwned)) << pwned;
  }
  EXPECT_EQ(ExpandCommand("cp {artifact} /srv/{colour}"),
            "cp \"$PROOFLINE_ARTIFACT\" /srv/\"$PROOFLINE_COLOUR\"");
  // In a URL a value cannot add a query, a fragment or another host.
  EXPECT_EQ(ExpandUrl("http://h/{release}/ok", {"blue", "", "p", "/srv/a?x=1#f @evil"}),
            "http://h//srv/a%3Fx%3D1%23f%20%40evil/ok");
}

TEST_F(DeployTest, ProbesRetryAndReportTheLastAttempt) {
  ProbeSpec bad_url;
  bad_url.url = "ftp://x/y";
  EXPECT_FALSE(RunProbe(bad_url).ok());
  ProbeSpec closed;
  closed.url = "http://127.0.0.1:1/health";
  closed.attempts = 2;
  closed.interval_ms = 1;
  closed.timeout_ms = 200;
  Result<ProbeResult> r = RunProbe(closed);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->passed);
  EXPECT_EQ(r->attempts, 2);
  EXPECT_EQ(r->detail.rfind("no answer (", 0), 0u) << r->detail;
  ProbeSpec slow;
  slow.command = "sleep 5";
  slow.attempts = 1;
  slow.timeout_ms = 100;
  EXPECT_EQ(RunProbe(slow)->detail, "timed out after 100 ms");
}

}  // namespace
}  // namespace proofline::deploy
