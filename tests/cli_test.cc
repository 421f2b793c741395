// End-to-end tests of the ledger commands as a user runs them: real binary, real store files.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  RunResult P(const std::vector<std::string>& args, const std::string& stdin_text = "") {
    return Proofline(args, dir_.path(), stdin_text);
  }
  void Init() {
    RunResult r = P({"init", "--origin", "test.example/log"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  Json JsonOut(const RunResult& r) {
    Result<Json> j = ParseJsonStrict(r.out);
    EXPECT_TRUE(j.ok()) << r.out;
    return j.ok() ? *j : Json();
  }
  // Every error is exactly one line on stderr.
  static void ExpectOneLineError(const RunResult& r, const std::string& needle) {
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find(needle), std::string::npos) << r.err;
  }
  TempDir dir_;
};

TEST_F(CliTest, HelpAndVersionExitZero) {
  RunResult help = P({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("log"), std::string::npos);
  EXPECT_NE(help.out.find("Exit codes"), std::string::npos);
  RunResult sub = P({"log", "append", "--help"});
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_NE(sub.out.find("--batch"), std::string::npos);
  RunResult v = P({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("proofline "), std::string::npos);
}

TEST_F(CliTest, UnknownFlagOrCommandIsUsageErrorExitTwo) {
  RunResult r = P({"log", "show", "--frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneLineError(r, "frobnicate");
  EXPECT_EQ(P({"launch-missiles"}).exit_code, 2);
  EXPECT_EQ(P({}).exit_code, 2);
}

TEST_F(CliTest, InitCreatesStoreAndKeyPairWithSafePermissions) {
  Init();
  struct stat st {};
  ASSERT_EQ(stat((dir_ / "signing.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(stat((dir_ / "signing.pub").c_str(), &st), 0);
  EXPECT_NE(ReadText(dir_ / "signing.pub").find("test.example/log+"), std::string::npos);
  RunResult again = P({"init"});
  EXPECT_EQ(again.exit_code, 2);
  ExpectOneLineError(again, "already exists");
}

TEST_F(CliTest, CommandsOnAMissingStoreFailWithoutCreatingIt) {
  RunResult r = P({"log", "show"});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneLineError(r, "proofline init");
  struct stat st {};
  EXPECT_NE(stat((dir_ / "proofline.db").c_str(), &st), 0);
}

TEST_F(CliTest, AppendShowAndJsonOutput) {
  Init();
  RunResult a = P({"--json", "log", "append", "--type", "ticket.linked", "--subject", "CHG-1",
                   "--actor", "alice", "--data", R"({"title":"Add audit log","risk":12})"});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  Json aj = JsonOut(a);
  EXPECT_EQ(aj["appended"][0]["index"], 1);
  EXPECT_EQ(aj["appended"][0]["leaf_hash"].get<std::string>().size(), 64u);
  ASSERT_EQ(
      P({"log", "append", "--type", "note", "--subject", "CHG-2", "--actor", "bob"}).exit_code, 0);
  RunResult show = P({"--json", "log", "show", "--subject", "CHG-1"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  Json sj = JsonOut(show);
  ASSERT_EQ(sj["events"].size(), 1u);
  EXPECT_EQ(sj["events"][0]["actor"], "alice");
  EXPECT_EQ(sj["events"][0]["data"]["risk"], 12);
  RunResult text = P({"log", "show", "--from", "2"});
  EXPECT_NE(text.out.find("CHG-2"), std::string::npos);
  EXPECT_EQ(text.out.find("CHG-1"), std::string::npos);
}

TEST_F(CliTest, DataFromFileAndMalformedDataIsRejectedWithNothingWritten) {
  Init();
  WriteText(dir_ / "d.json", R"({"k": [1, 2, 3]})");
  ASSERT_EQ(
      P({"log", "append", "--type", "t", "--subject", "s", "--actor", "a", "--data", "@d.json"})
          .exit_code,
      0);
  for (const std::string bad : {R"({"k":)", R"([1,2])", R"({"a":1,"a":2})", "nan"}) {
    RunResult r =
        P({"log", "append", "--type", "t", "--subject", "s", "--actor", "a", "--data", bad});
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  RunResult missing =
      P({"log", "append", "--type", "t", "--subject", "s", "--actor", "a", "--data", "@nope.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(JsonOut(P({"--json", "log", "show"}))["events"].size(), 2u);
}

TEST_F(CliTest, BatchAppendIsAllOrNothing) {
  Init();
  std::string good =
      "{\"type\":\"a\",\"subject\":\"S\",\"actor\":\"x\",\"data\":{\"i\":1}}\n"
      "\n"
      "{\"type\":\"b\",\"subject\":\"S\",\"actor\":\"y\"}\n";
  RunResult ok = P({"log", "append", "--batch", "-"}, good);
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  std::string bad =
      good + "{\"type\":\"c\",\"subject\":\"S\",\"actor\":\"z\",\"colour\":\"red\"}\n";
  WriteText(dir_ / "bad.jsonl", bad);
  RunResult r = P({"log", "append", "--batch", "bad.jsonl"});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneLineError(r, "bad.jsonl line 4: unknown field 'colour'");
  WriteText(dir_ / "trunc.jsonl", good + "{\"type\":\"c\",\"subj");
  RunResult t = P({"log", "append", "--batch", "trunc.jsonl"});
  EXPECT_EQ(t.exit_code, 2);
  ExpectOneLineError(t, "trunc.jsonl line 4");
  EXPECT_EQ(JsonOut(P({"--json", "log", "show"}))["events"].size(), 3u);
}

// A batch is streamed into one transaction: several chunks' worth, one summary line, all or
// nothing even when the bad line comes after earlier chunks were written, memory bounded by a
// chunk, and a line longer than any entry refused as soon as it is seen.
TEST_F(CliTest, ABatchIsStreamedInOneTransactionWithBoundedMemory) {
  Init();
  LimitAsanQuarantine();
  const std::string pad(400, 'x');
  std::string batch;
  for (int i = 0; i < 30000; ++i) {
    batch += R"({"type":"ci.step","subject":"CHG-)" + std::to_string(i % 97) +
             R"(","actor":"ci","data":{"n":)" + std::to_string(i) + R"(,"pad":")" + pad + "\"}}\n";
  }
  WriteText(dir_ / "big.jsonl", batch);
  WriteText(dir_ / "bad.jsonl", batch + "{\"type\":\"ci.step\"}\n");
  RunResult bad = P({"log", "append", "--batch", "bad.jsonl"});
  EXPECT_EQ(bad.exit_code, 2);
  ExpectOneLineError(bad, "bad.jsonl line 30001: missing field 'subject'");
  EXPECT_EQ(JsonOut(P({"--json", "log", "show"}))["events"].size(), 1u);  // nothing of it

  const long baseline_kib = P({"log", "show", "--to", "1"}).max_rss_kib;
  RunResult ok = P({"log", "append", "--batch", "big.jsonl"});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "appended 30000 events: indices 1..30000, tree size 30001\n");
  EXPECT_LT(ok.max_rss_kib - baseline_kib, 24 * 1024)
      << "peak RSS " << ok.max_rss_kib << " KiB for a " << batch.size() / 1024 << " KiB batch";
  EXPECT_EQ(P({"log", "verify"}).exit_code, 0);

  Json j = JsonOut(P({"--json", "log", "append", "--batch", "-"},
                     "{\"type\":\"a\",\"subject\":\"S\"}\n{\"type\":\"b\",\"subject\":\"S\"}"));
  EXPECT_EQ(j["count"], 2);
  EXPECT_EQ(j["first_index"], 30001);
  EXPECT_EQ(j["last_index"], 30002);
  EXPECT_EQ(j["tree_size"], 30003);
  ASSERT_EQ(j["appended"].size(), 2u);
  EXPECT_EQ(j["appended"][1]["index"], 30002);
  RunResult verbose =
      P({"log", "append", "--verbose", "--batch", "-"}, "{\"type\":\"a\",\"subject\":\"S\"}\n");
  EXPECT_EQ(verbose.out.rfind("appended event 30003 leaf ", 0), 0u) << verbose.out;

  WriteText(dir_ / "long.jsonl",
            "{\"type\":\"a\",\"subject\":\"S\"}\n" + std::string(3 << 20, ' ') + "\n");
  RunResult long_line = P({"log", "append", "--batch", "long.jsonl"});
  EXPECT_EQ(long_line.exit_code, 2);
  ExpectOneLineError(long_line, "long.jsonl line 2 is longer than 1052672 bytes");
  EXPECT_EQ(JsonOut(P({"--json", "log", "show"}))["events"].size(), 30004u);
}

TEST_F(CliTest, ProofsFromTheLogVerifyWithTheStandaloneVerifier) {
  Init();
  for (int i = 0; i < 12; ++i) {
    ASSERT_EQ(
        P({"log", "append", "--type", "t", "--subject", "s" + std::to_string(i), "--actor", "a"})
            .exit_code,
        0);
  }
  Json inc = JsonOut(P({"--json", "log", "prove", "inclusion", "--index", "5", "--size", "11"}));
  std::string proof;
  for (const auto& h : inc["proof"]) proof += (proof.empty() ? "" : ",") + h.get<std::string>();
  std::vector<std::string> args = {
      "proof", "verify-inclusion", "--leaf-hash", inc["leaf_hash"], "--index", "5", "--size",
      "11",    "--root",           inc["root"],   "--proof",        proof};
  RunResult v = P(args);
  EXPECT_EQ(v.exit_code, 0) << v.out << v.err;
  args[5] = "6";  // wrong index
  EXPECT_EQ(P(args).exit_code, 1);
  args[5] = "5";
  args.back() = proof.substr(0, 10);  // malformed hash
  EXPECT_EQ(P(args).exit_code, 2);

  Json con = JsonOut(P({"--json", "log", "prove", "consistency", "--from", "3", "--to", "13"}));
  std::string cproof;
  for (const auto& h : con["proof"]) cproof += (cproof.empty() ? "" : ",") + h.get<std::string>();
  std::vector<std::string> cargs = {
      "proof",   "verify-consistency", "--size1", "3",          "--size2", "13",
      "--root1", con["root1"],         "--root2", con["root2"], "--proof", cproof};
  EXPECT_EQ(P(cargs).exit_code, 0);
  cargs[7] = con["root2"];
  EXPECT_EQ(P(cargs).exit_code, 1);
  EXPECT_EQ(P({"log", "prove", "inclusion", "--index", "99"}).exit_code, 2);
}

// Several processes at once, each sealing what it appends: appends, `log checkpoint` and a
// command that fails closed (env check) must never take another's fresh seal for tampering, nor
// store a checkpoint after a larger one, and the ledger verifies after.
TEST_F(CliTest, ConcurrentWritersAndCheckpointsNeverLookLikeTampering) {
  Init();
  const std::string bin = std::string("\"") + PROOFLINE_BIN + "\"";
  RunResult r = RunProgram(
      {"sh", "-c",
       "(for i in $(seq 60); do " + bin +
           " log append --type ci.x --subject s >/dev/null 2>>errors || echo append >> errors; "
           "done) & a=$!; "
           "(for i in $(seq 20); do " +
           bin +
           " log checkpoint >/dev/null 2>>errors || echo checkpoint >> errors; done) & c=$!; "
           "while kill -0 $a 2>/dev/null; do " +
           bin + " env check --env production --artifact sha256:" + std::string(64, 'a') +
           " >/dev/null 2>>errors; [ $? -eq 1 ] || echo check >> errors; done; wait $a $c"},
      dir_.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ReadText(dir_ / "errors"), "");
  RunResult verify = P({"log", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

TEST_F(CliTest, CheckpointPrintsASignedNote) {
  Init();
  ASSERT_EQ(P({"log", "append", "--type", "t", "--subject", "s", "--actor", "a"}).exit_code, 0);
  RunResult cp = P({"log", "checkpoint"});
  ASSERT_EQ(cp.exit_code, 0);
  EXPECT_EQ(cp.out.rfind("test.example/log\n2\n", 0), 0u) << cp.out;
  EXPECT_NE(cp.out.find("\n\n\xe2\x80\x94 test.example/log "), std::string::npos);
}

TEST_F(CliTest, ExportedBundleVerifiesOfflineOnlyWithTheRightKey) {
  Init();
  for (int i = 0; i < 5; ++i)
    ASSERT_EQ(P({"log", "append", "--type", "t", "--subject", "s", "--actor", "a"}).exit_code, 0);
  ASSERT_EQ(P({"log", "export", "--out", "bundle"}).exit_code, 0);
  EXPECT_EQ(P({"log", "export", "--out", "bundle"}).exit_code, 2);  // never overwrites
  // The auditor's copy: no store beside it.
  ASSERT_EQ(RunProgram({"mv", dir_ / "bundle", dir_ / "audit"}, "/").exit_code, 0);
  ASSERT_EQ(RunProgram({"cp", dir_ / "signing.pub", dir_ / "audit.pub"}, "/").exit_code, 0);
  ASSERT_EQ(RunProgram({"rm", dir_ / "proofline.db"}, "/").exit_code, 0);
  RunResult ok = P({"verify-bundle", "audit", "--key", "audit.pub"});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("6 events"), std::string::npos);
  TempDir other;
  ASSERT_EQ(Proofline({"init"}, other.path()).exit_code, 0);
  RunResult wrong = P({"verify-bundle", "audit", "--key", other / "signing.pub"});
  EXPECT_EQ(wrong.exit_code, 1);
  std::string events = ReadText(dir_ / "audit/events.jsonl");
  events.replace(events.find("\"actor\":\"a\""), 11, "\"actor\":\"b\"");
  WriteText(dir_ / "audit/events.jsonl", events);
  EXPECT_EQ(P({"verify-bundle", "audit", "--key", "audit.pub"}).exit_code, 1);
  EXPECT_EQ(P({"verify-bundle", "nowhere", "--key", "audit.pub"}).exit_code, 2);
}

TEST_F(CliTest, KeyRotationKeepsOldCheckpointsVerifiable) {
  Init();
  ASSERT_EQ(P({"log", "checkpoint"}).exit_code, 0);
  std::string old_pub = ReadText(dir_ / "signing.pub");
  RunResult rot = P({"log", "rotate-key"});
  ASSERT_EQ(rot.exit_code, 0) << rot.err;
  EXPECT_NE(ReadText(dir_ / "signing.pub"), old_pub);
  ASSERT_EQ(P({"log", "append", "--type", "t", "--subject", "s", "--actor", "a"}).exit_code, 0);
  ASSERT_EQ(P({"log", "checkpoint"}).exit_code, 0);
  RunResult v = P({"log", "verify"});
  EXPECT_EQ(v.exit_code, 0) << v.err;
  WriteText(dir_ / "old.pub", old_pub);
  EXPECT_EQ(P({"log", "verify", "--key", "old.pub"}).exit_code, 0);
}

TEST_F(CliTest, ForeignAndDamagedStoresGiveOneLineErrors) {
  WriteText(dir_ / "notes.txt", std::string(4096, 'x'));
  RunResult r = P({"--store", "notes.txt", "log", "show"});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneLineError(r, "not a Proofline store");
  ASSERT_EQ(Sql(dir_ / "other.db", "CREATE TABLE t(x)").exit_code, 0);
  RunResult o = P({"--store", "other.db", "log", "verify", "--key", "signing.pub"});
  EXPECT_NE(o.exit_code, 0);
  Init();
  for (int i = 0; i < 300; ++i) {
    ASSERT_EQ(P({"log", "append", "--type", "t", "--subject", "s", "--actor", "a", "--data",
                 "{\"pad\":\"" + std::string(2000, 'p') + "\"}"})
                  .exit_code,
              0);
  }
  std::string db = ReadText(dir_ / "proofline.db");
  ASSERT_GT(db.size(), 100000u);
  WriteText(dir_ / "truncated.db", db.substr(0, db.size() / 3));
  RunResult t = P({"--store", "truncated.db", "log", "verify"});
  EXPECT_NE(t.exit_code, 0);
  EXPECT_EQ(std::count(t.err.begin(), t.err.end(), '\n'), 1) << t.err;
}

}  // namespace
}  // namespace proofline::testing
