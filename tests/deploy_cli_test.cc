// End-to-end tests of `proofline deploy` and `proofline env`: the gate decides first (a denied
// change is never deployed), blue-green on release directories with the post-deploy validation
// probing a real local HTTP server, the automatic rollback when it turns unhealthy, what is live,
// and the direct-production-change violation.
#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "gate_fixture.h"

namespace proofline::testing {
namespace {

class DeployCliTest : public GateCliTest {
 protected:
  void SetUp() override {
    GateCliTest::SetUp();
    server_.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
      res.status = status_.load();
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::filesystem::create_directories(dir_ / "build-1");
    WriteText(dir_ / "build-1/app.txt", "release 1\n");
    std::filesystem::create_directories(dir_ / "build-2");
    WriteText(dir_ / "build-2/app.txt", "release 2\n");
  }
  void TearDown() override {
    server_.stop();
    thread_.join();
  }
  RunResult Deploy(const std::string& build, const std::string& as = "pat") {
    return P({"--json", "deploy", "--change", id_, "--env", "production", "--artifact", build,
              "--target", "dir:srv", "--smoke-cmd", "test -f {release}/app.txt", "--validate-url",
              "http://127.0.0.1:" + std::to_string(port_) + "/health", "--probe-attempts", "2",
              "--probe-interval-ms", "10"},
             as);
  }
  // The build a deployment installs must be attested for the change's target.
  void AttestBuilds(std::initializer_list<std::string> builds) {
    for (const std::string& build : builds) {
      RunResult r = P({"attest", "artifact", "--change", id_, build}, "dana");
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }
  std::string Live() {
    return std::filesystem::read_symlink(dir_ / "srv/current").string() + ": " +
           ReadText(dir_ / "srv/current/app.txt");
  }
  // Runs `proofline deploy ARGS` as pat in the background, kill -9s it once the command it runs
  // has touched `marker` (and written the pid of a child to MARKER.pid), and expects that child
  // to die with it.
  void KillDeployerAt(const std::string& args, const std::string& marker) {
    RunResult killed = RunProgram({"sh", "-c",
                                   std::string("\"") + PROOFLINE_BIN + "\" deploy " + args +
                                       " >out.txt 2>err.txt & pid=$!; while [ ! -f " + marker +
                                       " ]; do sleep 0.05; done; kill -KILL $pid; wait $pid"},
                                  dir_.path(), "", {"PROOFLINE_TOKEN=" + tokens_["pat"]});
    EXPECT_EQ(killed.exit_code, 128 + SIGKILL);
    const pid_t child = std::stoi(ReadText(dir_ / (marker + ".pid")));
    bool gone = false;
    for (int i = 0; i < 200 && !(gone = !Alive(child)); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_TRUE(gone) << "the command's child outlived the deployer";
  }
  static bool Alive(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string pid_field, comm, state;
    if (!(stat >> pid_field >> comm >> state)) return false;
    return state != "Z";
  }
  std::string ReadText(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  httplib::Server server_;
  std::atomic<int> status_{200};
  int port_ = 0;
  std::thread thread_;
};

TEST_F(DeployCliTest, BadTargetOptionsAreRefusedBeforeTheGateRecordsAnything) {
  MakeDeployable();
  size_t gates = Events(id_, "gate.decided").size();
  for (std::vector<std::string> bad : {
           std::vector<std::string>{"--target", "ftp://x"},
           {"--target", "command", "--bring-up", "true"},
           {"--target", "dir:srv", "--switch", "true"},
       }) {
    std::vector<std::string> args = {"deploy",     "--change",   id_,      "--env",
                                     "production", "--artifact", "build-1"};
    args.insert(args.end(), bad.begin(), bad.end());
    EXPECT_EQ(P(args, "pat").exit_code, 2) << bad[1];
  }
  EXPECT_EQ(Events(id_, "gate.decided").size(), gates);
}

TEST_F(DeployCliTest, ADeniedChangeIsNeverDeployed) {
  RunResult r = Deploy("build-1");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("deploy refused: the gate denied it"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "srv"));
  EXPECT_TRUE(Events(id_, "deployment.started").empty());
  EXPECT_EQ(Events(id_, "gate.decided").back()["data"]["decision"], "deny");
}

// What runs is what was tested and approved: a build nobody attested for the change's target is
// refused by the gate, its digest named, and nothing is installed.
TEST_F(DeployCliTest, ABuildNotAttestedForTheTargetIsNeverDeployed) {
  MakeDeployable();
  AttestBuilds({"build-1"});
  RunResult copied = Deploy("build-2");
  EXPECT_EQ(copied.exit_code, 1) << copied.out;
  const Json gate = J(copied)["gate"];
  EXPECT_EQ(gate["decision"], "deny");
  const Json& check = gate["checks"].back();
  EXPECT_EQ(check["name"], "artifact");
  const std::string reason = check["reasons"][0];
  EXPECT_EQ(reason.rfind("artifact sha256:", 0), 0u) << reason;
  EXPECT_NE(reason.find("was not attested for the target"), std::string::npos) << reason;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "srv"));
  EXPECT_TRUE(Events(id_, "deployment.started").empty());
  EXPECT_EQ(Events(id_, "gate.decided").back()["data"]["artifact"], reason.substr(9, 71));
  // `gate --artifact` asks the same question before a deployment.
  EXPECT_EQ(
      P({"gate", "--change", id_, "--env", "production", "--artifact", "build-2"}, "pat").exit_code,
      1);
  EXPECT_EQ(
      P({"gate", "--change", id_, "--env", "production", "--artifact", "build-1"}, "pat").exit_code,
      0);
  // A build attested for an earlier commit is named as such.
  Commit("app.py", "x = 9\n", "fix", "dana@bank.example");
  ASSERT_EQ(P({"change", "update", id_, "--target", "HEAD"}, "dana").exit_code, 0);
  RunResult stale =
      P({"--json", "gate", "--change", id_, "--env", "production", "--artifact", "build-1"}, "pat");
  EXPECT_NE(J(stale)["checks"].back()["reasons"][0].get<std::string>().find(
                "(only for the earlier commit "),
            std::string::npos)
      << stale.out;
}

TEST_F(DeployCliTest, BlueGreenThenAutomaticRollbackWhenValidationFails) {
  MakeDeployable();
  AttestBuilds({"build-1", "build-2"});
  RunResult first = Deploy("build-1");
  ASSERT_EQ(first.exit_code, 0) << first.out << first.err;
  EXPECT_EQ(Live(), "blue: release 1\n");
  EXPECT_EQ(J(P({"--json", "change", "show", id_}))["state"], "deployed");
  Json status = J(P({"--json", "env", "status", "--env", "production"}));
  ASSERT_EQ(status["environments"].size(), 1u);
  EXPECT_EQ(status["environments"][0]["change"], id_);
  EXPECT_EQ(status["environments"][0]["colour"], "blue");
  const std::string digest = status["environments"][0]["artifact"];

  status_ = 503;  // the new release breaks the service
  RunResult second = Deploy("build-2");
  EXPECT_EQ(second.exit_code, 1);
  Json out = J(second);
  EXPECT_EQ(out["gate"]["decision"], "allow");
  EXPECT_EQ(out["deployment"]["failed_stage"], "validate");
  EXPECT_EQ(out["deployment"]["rolled_back"], true);
  EXPECT_EQ(Live(), "blue: release 1\n");
  std::vector<Json> rolled = Events(id_, "deployment.rolled_back");
  ASSERT_EQ(rolled.size(), 1u);
  EXPECT_EQ(rolled[0]["data"]["restored"], "blue");
  EXPECT_EQ(Events(id_, "deployment.failed")[0]["data"]["stage"], "validate");
  EXPECT_EQ(J(P({"--json", "env", "status"}))["environments"][0]["artifact"], digest);

  EXPECT_EQ(P({"env", "check", "--env", "production", "--artifact", digest}, "pat").exit_code, 0);
  RunResult drift =
      P({"env", "check", "--env", "production", "--artifact", "sha256:" + std::string(64, 'a')},
        "pat");
  EXPECT_EQ(drift.exit_code, 1);
  EXPECT_NE(drift.out.find("VIOLATION in production"), std::string::npos) << drift.out;
  std::vector<Json> violations = Events("production", "env.violation");
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0]["data"]["control"], "direct-production-change");
}

// Ctrl-C while the new colour is being validated: the validation command is stopped, traffic
// goes back to the release that was live, and the ledger says it was cancelled.
TEST_F(DeployCliTest, CtrlCDuringValidationSwitchesBack) {
  MakeDeployable();
  AttestBuilds({"build-1", "build-2"});
  ASSERT_EQ(Deploy("build-1").exit_code, 0);
  RunResult r =
      RunProgram({"sh", "-c",
                  std::string("\"") + PROOFLINE_BIN + "\" deploy --change " + id_ +
                      " --env production --artifact build-2 --target dir:srv --validate-cmd "
                      "'touch validating; sleep 30' >out.txt 2>err.txt & pid=$!; "
                      "while [ ! -f validating ]; do sleep 0.05; done; kill -INT $pid; wait $pid"},
                 dir_.path(), "", {"PROOFLINE_TOKEN=" + tokens_["pat"]});
  EXPECT_EQ(r.exit_code, 130) << ReadText(dir_ / "out.txt") << ReadText(dir_ / "err.txt");
  EXPECT_EQ(Live(), "blue: release 1\n");
  std::vector<Json> failed = Events(id_, "deployment.failed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["data"]["stage"], "validate");
  EXPECT_EQ(failed[0]["data"]["reason"], "cancelled");
  std::vector<Json> rolled = Events(id_, "deployment.rolled_back");
  ASSERT_EQ(rolled.size(), 1u);
  EXPECT_EQ(rolled[0]["data"]["restored"], "blue");
  EXPECT_EQ(P({"log", "verify"}).exit_code, 0);
}

// kill -9 of the deployer while it waits on a probe (before the switch, and after it): the
// probe's command dies with it, the deployment is reported interrupted with the colour the
// target serves, another deployment there is refused until it is recovered, and recovery, by a
// production deployer only, puts the last validated release back and records it.
TEST_F(DeployCliTest, ADeployerKilledMidWayIsReportedAndRecovered) {
  MakeDeployable();
  AttestBuilds({"build-1", "build-2"});
  ASSERT_EQ(Deploy("build-1").exit_code, 0);
  for (const std::string probe : {"--smoke-cmd", "--validate-cmd"}) {
    SCOPED_TRACE(probe);
    std::filesystem::remove(dir_ / "probing");
    KillDeployerAt("--change " + id_ + " --env production --artifact build-2 --target dir:srv " +
                       probe + " 'sleep 60 & echo $! > probing.pid; touch probing; wait'",
                   "probing");
    const std::string serving = probe == "--smoke-cmd" ? "blue" : "green";
    RunResult status = P({"env", "status", "--env", "production"});
    EXPECT_NE(status.out.find("production: INTERRUPTED #"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("(blue -> green)"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("dir:srv now serves " + serving +
                              "; run proofline deploy "
                              "--recover --env production"),
              std::string::npos)
        << status.out;
    RunResult refused = Deploy("build-1");
    EXPECT_EQ(refused.exit_code, 2) << refused.out;
    EXPECT_NE(refused.err.find("was interrupted before it ended; run proofline deploy --recover "
                               "--env production first"),
              std::string::npos)
        << refused.err;
    RunResult not_deployer = P({"deploy", "--recover", "--env", "production"}, "dana");
    EXPECT_EQ(not_deployer.exit_code, 1);
    EXPECT_NE(not_deployer.err.find("holds none of production's deployer roles"), std::string::npos)
        << not_deployer.err;
    RunResult recovered = P({"deploy", "--recover", "--env", "production"}, "pat");
    ASSERT_EQ(recovered.exit_code, 0) << recovered.err;
    EXPECT_NE(recovered.out.find("RECOVERED production: " + id_ + " (blue, sha256:"),
              std::string::npos)
        << recovered.out;
    EXPECT_EQ(Live(), "blue: release 1\n");
    const Json failed = Events(id_, "deployment.failed").back();
    EXPECT_EQ(failed["data"]["stage"], "interrupted");
    EXPECT_EQ(failed["actor"], "pat");
    EXPECT_EQ(Events(id_, "deployment.rolled_back").back()["data"]["restored"], "blue");
    EXPECT_EQ(P({"env", "status", "--env", "production"}).out.find("INTERRUPTED"),
              std::string::npos);
    RunResult nothing = P({"deploy", "--recover", "--env", "production"}, "pat");
    EXPECT_EQ(nothing.exit_code, 2);
    EXPECT_NE(nothing.err.find("production has no interrupted deployment"), std::string::npos);
  }
  EXPECT_EQ(P({"log", "verify"}).exit_code, 0);
  RunResult again = Deploy("build-2");  // the environment deploys normally again
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Live(), "green: release 2\n");
}

// The same with a command target, killed during its bring-up: which colour serves is not known
// to Proofline (the user's switch command routes traffic), so env status says so, and recovery
// needs the switch command, which it runs for the last validated colour.
TEST_F(DeployCliTest, ADeployerKilledDuringACommandBringUpIsRecoveredWithTheSwitchCommand) {
  MakeDeployable();
  AttestBuilds({"build-1", "build-2"});
  const std::string switch_cmd = "echo {colour} > routed";
  ASSERT_EQ(P({"deploy", "--change", id_, "--env", "production", "--artifact", "build-1",
               "--target", "command", "--bring-up", "true", "--switch", switch_cmd},
              "pat")
                .exit_code,
            0);
  EXPECT_EQ(ReadText(dir_ / "routed"), "blue\n");
  KillDeployerAt("--change " + id_ + " --env production --artifact build-2 --target command " +
                     "--switch '" + switch_cmd +
                     "' --bring-up 'sleep 60 & echo $! > up.pid; touch up; wait'",
                 "up");
  RunResult status = P({"env", "status", "--env", "production"});
  EXPECT_NE(status.out.find("live colour unknown (a command target"), std::string::npos)
      << status.out;
  RunResult no_switch = P({"deploy", "--recover", "--env", "production"}, "pat");
  EXPECT_EQ(no_switch.exit_code, 2);
  EXPECT_NE(no_switch.err.find("give --target command --switch CMD"), std::string::npos)
      << no_switch.err;
  WriteText(dir_ / "routed", "green\n");  // as if the bring-up had routed traffic
  RunResult recovered = P(
      {"deploy", "--recover", "--env", "production", "--target", "command", "--switch", switch_cmd},
      "pat");
  ASSERT_EQ(recovered.exit_code, 0) << recovered.err;
  EXPECT_EQ(ReadText(dir_ / "routed"), "blue\n");
  EXPECT_EQ(Events(id_, "deployment.failed").back()["data"]["stage"], "interrupted");
  EXPECT_EQ(P({"log", "verify"}).exit_code, 0);
}

// A TCP port nothing listens on now (the kernel's pick; free again once closed).
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

std::string Example(const std::string& name) {
  return std::string(PROOFLINE_SOURCE_DIR) + "/examples/deploy/" + name + "/blue-green.sh";
}

// The nginx example for real: nginx (from Debian, installed by scripts/setup.sh) fronts two
// colour servers; the command target brings a release up in the idle colour, smoke-checks it
// through the preview route, switches the upstream with a graceful reload, and switches back
// when the post-deploy validation fails.
TEST_F(DeployCliTest, TheNginxExampleSwitchesAndRollsBack) {
  MakeDeployable();
  const std::string edge = dir_ / "edge";
  const std::string front = std::to_string(FreePort());
  RunResult started = RunProgram({Example("nginx"), "start", edge, front,
                                  std::to_string(FreePort()), std::to_string(FreePort())},
                                 dir_.path());
  ASSERT_EQ(started.exit_code, 0) << started.err;
  struct Stop {
    std::string edge, cwd;
    ~Stop() { RunProgram({Example("nginx"), "stop", edge}, cwd); }
  } stop{edge, dir_.path()};
  WriteText(dir_ / "build-1/ready.txt", "ready\n");
  AttestBuilds({"build-1", "build-2"});
  auto deploy = [&](const std::string& build) {
    return P({"--json",
              "deploy",
              "--change",
              id_,
              "--env",
              "production",
              "--artifact",
              build,
              "--target",
              "command",
              "--bring-up",
              Example("nginx") + " bring-up " + edge + " {colour} {artifact}",
              "--switch",
              Example("nginx") + " switch " + edge + " {colour}",
              "--smoke-url",
              "http://127.0.0.1:" + front + "/_preview/{colour}/app.txt",
              "--validate-url",
              "http://127.0.0.1:" + front + "/ready.txt",
              "--probe-attempts",
              "2",
              "--probe-interval-ms",
              "10"},
             "pat");
  };
  httplib::Client users("http://127.0.0.1:" + front);
  RunResult first = deploy("build-1");
  EXPECT_EQ(first.exit_code, 0) << first.out << first.err;
  httplib::Result live = users.Get("/app.txt");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->body, "release 1\n");
  // build-2 has no ready.txt: validation fails after the switch, so nginx is switched back.
  RunResult second = deploy("build-2");
  EXPECT_EQ(second.exit_code, 1) << second.out << second.err;
  live = users.Get("/app.txt");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->body, "release 1\n");
  std::vector<Json> rolled = Events(id_, "deployment.rolled_back");
  ASSERT_EQ(rolled.size(), 1u);
  EXPECT_EQ(rolled[0]["data"]["restored"], "blue");
}

// The kubectl example against a stand-in kubectl (no cluster is reachable here) that records
// its arguments: the image is set by digest, the rollout awaited, the preview Service pointed
// at the idle colour, then the live Service's selector patched.
TEST_F(DeployCliTest, TheKubectlExampleSetsTheImageByDigestAndPatchesTheSelector) {
  MakeDeployable();
  WriteText(dir_ / "kubectl", "#!/bin/sh\necho \"$*\" >> \"$(dirname \"$0\")/kubectl.log\"\n");
  std::filesystem::permissions(dir_ / "kubectl", std::filesystem::perms::owner_all);
  const std::string image = "registry.bank.example/payments@sha256:" + std::string(64, 'a');
  WriteText(dir_ / "image.txt", image + "\n");
  WriteText(dir_ / "tag.txt", "registry.bank.example/payments:latest\n");
  AttestBuilds({"image.txt", "tag.txt"});
  auto deploy = [&](const std::string& artifact) {
    return P({"deploy", "--change", id_, "--env", "production", "--artifact", artifact, "--target",
              "command", "--bring-up",
              "KUBECTL=" + (dir_ / "kubectl") + " " + Example("kubectl") +
                  " bring-up {colour} {artifact}",
              "--switch",
              "KUBECTL=" + (dir_ / "kubectl") + " " + Example("kubectl") + " switch {colour}"},
             "pat");
  };
  RunResult r = deploy("image.txt");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(ReadText(dir_ / "kubectl.log"),
            "-n payments set image deployment/payments-blue app=" + image + "\n" +
                "-n payments rollout status deployment/payments-blue --timeout=5m\n"
                "-n payments patch service payments-preview --type=merge -p "
                "{\"spec\":{\"selector\":{\"app\":\"payments\",\"colour\":\"blue\"}}}\n"
                "-n payments patch service payments --type=merge -p "
                "{\"spec\":{\"selector\":{\"app\":\"payments\",\"colour\":\"blue\"}}}\n");
  // A mutable tag is refused before anything changes in the cluster.
  std::filesystem::remove(dir_ / "kubectl.log");
  RunResult tag = deploy("tag.txt");
  EXPECT_EQ(tag.exit_code, 1) << tag.out << tag.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "kubectl.log"));
}

}  // namespace
}  // namespace proofline::testing
