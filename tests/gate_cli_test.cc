// End-to-end tests of `proofline gate` on a real repository, store and team: allow only when every
// check holds, a deployer who approved or authored refused, freeze windows, an exception that
// expires, break-glass by the wrong and the right group with its obligation, and a missing or
// corrupt store denied with exit 3. Each asserts the exit code and the recorded event.
#include <thread>

#include "gate_fixture.h"
#include "ledger/ledger.h"
#include "store/sqlite_store.h"

namespace proofline::testing {
namespace {

TEST_F(GateCliTest, AllowsOnlyWhenEveryCheckHoldsAndRecordsEachDecision) {
  RunResult early = Gate("pat");
  EXPECT_EQ(early.exit_code, 1) << early.err;
  EXPECT_EQ(Failing(early),
            (std::vector<std::string>{"state", "approvals", "evidence", "controls"}));
  MakeDeployable();
  // sam approved it: refused as deployer (and sam is not a production deployer).
  RunResult approver = Gate("sam");
  EXPECT_EQ(approver.exit_code, 1);
  EXPECT_EQ(Failing(approver),
            (std::vector<std::string>{"separation-of-duties", "deployer-group"}));
  // dana authored it through an alias: refused too (and not a deployer).
  EXPECT_EQ(Failing(Gate("dana")),
            (std::vector<std::string>{"separation-of-duties", "deployer-group"}));
  RunResult allowed = Gate("pat");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out << allowed.err;
  EXPECT_EQ(J(allowed)["decision"], "allow");
  RunResult text = P({"gate", "--change", id_, "--env", "production"}, "pat");
  EXPECT_EQ(text.out.rfind("gate " + id_ + " -> production: ALLOW (deployer pat", 0), 0u)
      << text.out;
  EXPECT_NE(text.out.find("  pass approvals: route single (1 approver: 1 TECHNICAL_LEAD) signed "
                          "by sam\n"),
            std::string::npos)
      << text.out;
  std::vector<Json> decided = Events(id_, "gate.decided");
  ASSERT_EQ(decided.size(), 5u);
  EXPECT_EQ(decided[0]["data"]["decision"], "deny");
  EXPECT_EQ(decided[1]["actor"], "sam");
  EXPECT_EQ(decided[3]["data"]["decision"], "allow");
  EXPECT_EQ(decided[3]["data"]["deployer"], "pat");
  EXPECT_EQ(decided[3]["data"]["checks"].size(), 9u);
  // A new commit resets the approvals and leaves the evidence stale: the gate closes again.
  Commit("app.py", "x = 2\n", "fix", "dana@bank.example");
  ASSERT_EQ(P({"change", "update", id_, "--target", "HEAD"}, "dana").exit_code, 0);
  EXPECT_EQ(Failing(Gate("pat")),
            (std::vector<std::string>{"state", "approvals", "evidence", "controls"}));
}

// Evidence belongs to the commit it covers: a report of an older commit (or attested before a
// push) counts for nothing at the current target, and `change show` lists it as stale.
TEST_F(GateCliTest, EvidenceOfAnotherCommitIsStaleAndCountsForNothing) {
  RunResult old = P({"--json", "attest", "junit", "--suite", "unit", "--change", id_, "--commit",
                     "HEAD~1", "unit.xml"},
                    "dana");
  ASSERT_EQ(old.exit_code, 0) << old.err;
  EXPECT_EQ(J(old)["current"], false);
  RunResult text =
      P({"attest", "coverage", "--change", id_, "--commit", "HEAD~1", "lcov.info"}, "dana");
  EXPECT_NE(text.out.find("is not the change's current target: this evidence is stale"),
            std::string::npos)
      << text.out;
  ASSERT_EQ(P({"approve", id_, "--meaning", "reviewed"}, "sam").exit_code, 0);
  RunResult denied = Gate("pat");
  EXPECT_EQ(Failing(denied), (std::vector<std::string>{"evidence", "controls"}));
  EXPECT_EQ(P({"attest", "junit", "--change", id_, "--commit", "no-such-rev", "unit.xml"}, "dana")
                .exit_code,
            2);
  RunResult shown = P({"change", "show", id_});
  EXPECT_NE(shown.out.find("stale (attested for an earlier target):"), std::string::npos)
      << shown.out;
  EXPECT_EQ(J(P({"--json", "change", "show", id_}))["stale_evidence"].size(), 2u);
  // Attested for the target (the default), the same files open the gate.
  ASSERT_EQ(
      P({"attest", "junit", "--suite", "unit", "--change", id_, "unit.xml"}, "dana").exit_code, 0);
  ASSERT_EQ(P({"attest", "coverage", "--change", id_, "lcov.info"}, "dana").exit_code, 0);
  EXPECT_EQ(Gate("pat").exit_code, 0);
}

// A commit under an address nobody knows could be the deployer's or an approver's: separation of
// duties cannot be shown until the directory lists it or the committed proofline.yaml maps it.
TEST_F(GateCliTest, ACommitByAnAddressNobodyKnowsFailsSeparationOfDutiesNamingIt) {
  Commit("app.py", "x = 3\n", "tweak", "tom.personal@gmail.example");
  ASSERT_EQ(P({"change", "update", id_, "--target", "HEAD"}, "dana").exit_code, 0);
  MakeDeployable();
  RunResult denied = Gate("pat");
  EXPECT_EQ(denied.exit_code, 1) << denied.out;
  EXPECT_EQ(Failing(denied), std::vector<std::string>{"separation-of-duties"});
  EXPECT_EQ(J(denied)["checks"][3]["reasons"][0],
            "commit address tom.personal@gmail.example is in no identity of the directory and not "
            "mapped by approvals.commit_addresses");
  // The change cannot vouch for its own stranger: its proofline.yaml is read at the baseline.
  std::string mapped = kProjectYaml;
  mapped.replace(mapped.find("{ci@bank.example: automation}"), 29,
                 "{ci@bank.example: automation, tom.personal@gmail.example: automation}");
  Commit("proofline.yaml", mapped, "map the stranger", "dana@bank.example");
  ASSERT_EQ(P({"change", "update", id_, "--target", "HEAD"}, "dana").exit_code, 0);
  MakeDeployable();
  std::vector<std::string> still = Failing(Gate("pat"));
  EXPECT_NE(std::find(still.begin(), still.end(), "separation-of-duties"), still.end());
  // Mapped on the baseline of the next change, the address is automation and keeps nobody out.
  Commit("app.py", "x = 4\n", "again", "tom.personal@gmail.example");
  id_ = Open();
  MakeDeployable();
  RunResult allowed = Gate("pat");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
}

// The evidence a decision rests on must be the bytes that were attested: a deleted or edited
// blob fails `log verify` naming the event, and the gate denies with exit 3.
TEST_F(GateCliTest, AMissingOrAlteredEvidenceBlobFailsVerificationAndTheGate) {
  MakeDeployable();
  ASSERT_EQ(Gate("pat").exit_code, 0);
  RunResult verified = P({"log", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("2 evidence blobs"), std::string::npos) << verified.out;
  const Json unit = Events(id_, "evidence.attached")[0];
  const std::string hex = unit["data"]["digest"].get<std::string>().substr(7);
  const std::string blob = dir_ / ("proofline.db.blobs/sha256/" + hex.substr(0, 2) + "/" + hex);
  ASSERT_TRUE(std::filesystem::exists(blob));
  std::filesystem::permissions(blob, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  WriteText(blob, std::string(kJUnit).replace(std::string(kJUnit).find("failures=\"0\""), 12,
                                              "failures=\"1\""));
  RunResult altered = P({"log", "verify"});
  EXPECT_EQ(altered.exit_code, 1);
  EXPECT_NE(altered.err.find(
                "evidence verification FAILED: event " + std::to_string(unit["index"].get<int>()) +
                " names evidence sha256:" + hex + ", which does not hash to its digest"),
            std::string::npos)
      << altered.err;
  RunResult gate = Gate("pat");
  EXPECT_EQ(gate.exit_code, 3) << gate.out << gate.err;
  EXPECT_NE(gate.err.find("does not hash to its digest"), std::string::npos) << gate.err;
  std::filesystem::remove(blob);
  RunResult missing = P({"--json", "log", "verify"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(J(missing)["problem"].get<std::string>().find("which is missing"), std::string::npos);
}

TEST_F(GateCliTest, FreezeWindowAndAnExpiredExceptionDeny) {
  MakeDeployable();
  RunResult frozen = Gate("pat", "frozen");
  EXPECT_EQ(frozen.exit_code, 1);
  EXPECT_EQ(Failing(frozen), std::vector<std::string>{"freeze"});
  EXPECT_NE(J(frozen)["checks"][8]["reasons"][0].get<std::string>().find(
                "frozen is frozen: change freeze (since 2000-01-01T00:00:00Z, until "
                "2999-01-01T00:00:00Z"),
            std::string::npos)
      << frozen.out;
  EXPECT_EQ(Gate("pat", "nowhere").exit_code, 1);  // unconfigured: denied

  // Without coverage OURS-1 fails; an exception lets it through only until it expires.
  Commit("app.py", "x = 3\n", "more", "dana@bank.example");
  id_ = Open();
  ASSERT_EQ(
      P({"attest", "junit", "--suite", "unit", "--change", id_, "unit.xml"}, "dana").exit_code, 0);
  ASSERT_EQ(P({"approve", id_, "--meaning", "approved"}, "sam").exit_code, 0);
  EXPECT_EQ(Failing(Gate("pat")), std::vector<std::string>{"controls"});
  const auto expiry = std::chrono::system_clock::now() + std::chrono::seconds(6);
  ASSERT_EQ(P({"exception", "request", "--control", "OURS-1", "--change", id_, "--until",
               Rfc3339(expiry), "--reason", "coverage tool being replaced"},
              "dana")
                .exit_code,
            0);
  ASSERT_EQ(P({"exception", "approve", "--control", "OURS-1", "--change", id_}, "carol").exit_code,
            0);
  RunResult excepted = Gate("pat");
  EXPECT_EQ(excepted.exit_code, 0) << excepted.out;
  EXPECT_NE(J(excepted)["checks"][7]["reasons"].dump().find("OURS-1 (ours) excepted"),
            std::string::npos)
      << excepted.out;
  std::this_thread::sleep_until(expiry + std::chrono::milliseconds(200));
  RunResult expired = Gate("pat");
  EXPECT_EQ(expired.exit_code, 1);
  EXPECT_EQ(Failing(expired), std::vector<std::string>{"controls"});
  EXPECT_NE(J(expired)["checks"][7]["reasons"].dump().find("OURS-1 (ours) missing-evidence"),
            std::string::npos)
      << expired.out;
}

TEST_F(GateCliTest, BreakGlassOnlyForTheEmergencyGroupAndItsObligationComesDue) {
  RunResult needs_reason = Gate("eve", "production", {"--break-glass"});
  EXPECT_EQ(needs_reason.exit_code, 2);
  RunResult wrong = Gate("pat", "production", {"--break-glass", "--reason", "outage"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(Failing(wrong).back(), "break-glass");
  EXPECT_TRUE(Events(id_, "gate.break_glass").empty());
  EXPECT_EQ(Events(id_, "gate.decided").back()["data"]["break_glass_requested"], true);

  RunResult glass = Gate("eve", "production", {"--break-glass", "--reason", "payments outage"});
  EXPECT_EQ(glass.exit_code, 0) << glass.out << glass.err;
  EXPECT_NE(glass.err.find("BREAK-GLASS by eve on " + id_ + " in production: payments outage"),
            std::string::npos)
      << glass.err;
  EXPECT_EQ(J(glass)["break_glass"]["overridden"],
            Json({"state", "approvals", "evidence", "controls"}));
  std::vector<Json> loud = Events(id_, "gate.break_glass");
  ASSERT_EQ(loud.size(), 1u);
  EXPECT_EQ(loud[0]["actor"], "eve");
  EXPECT_EQ(loud[0]["data"]["reason"], "payments outage");
  // Due in four hours: not overdue yet.
  EXPECT_EQ(P({"change", "list", "--overdue"}).out, "no overdue retroactive approvals\n");
  // A break-glass from yesterday whose deadline has passed (recorded as it would have been).
  Json old = {{"env", "production"},         {"target", loud[0]["data"]["target"]},
              {"deployer", "eve"},           {"reason", "db failover"},
              {"overridden", {"approvals"}}, {"retro_approval_due", "2026-01-01T00:00:00Z"}};
  // No command writes a past break-glass (log append refuses the type), so the test writes it
  // into the store through the ledger library, as that earlier gate would have.
  {
    auto store = store::SqliteStore::Open(dir_ / "proofline.db");
    ASSERT_TRUE(store.ok()) << store.status().message();
    auto ledger = ledger::Ledger::Open(store->get());
    ASSERT_TRUE(ledger.ok()) << ledger.status().message();
    ASSERT_TRUE((*ledger)->Append({{"gate.break_glass", id_, "eve", old}}).ok());
  }
  Json overdue = J(P({"--json", "change", "list", "--overdue"}));
  ASSERT_EQ(overdue["changes"].size(), 1u);
  EXPECT_EQ(overdue["changes"][0]["id"], id_);
  ASSERT_EQ(overdue["changes"][0]["overdue"].size(), 1u);
  EXPECT_EQ(overdue["changes"][0]["overdue"][0]["reason"], "db failover");
  // The retroactive approval of the deployed target meets both obligations.
  ASSERT_EQ(P({"approve", id_, "--meaning", "retroactive approval"}, "sam").exit_code, 0);
  EXPECT_EQ(J(P({"--json", "change", "list", "--overdue"}))["changes"].size(), 0u);
}

TEST_F(GateCliTest, OnlyJUnitTakesASuiteAndItsNameIsChecked) {
  RunResult sarif = P({"attest", "sarif", "--suite", "unit", "--change", id_, "unit.xml"}, "dana");
  EXPECT_EQ(sarif.exit_code, 2);
  EXPECT_EQ(sarif.err, "proofline: error: --suite applies to junit evidence only\n");
  RunResult bad =
      P({"attest", "junit", "--suite", "unit tests", "--change", id_, "unit.xml"}, "dana");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--suite 'unit tests': use letters, digits"), std::string::npos);
  EXPECT_TRUE(Events(id_, "evidence.attached").empty());
}

TEST_F(GateCliTest, MissingOrCorruptStoreIsADenyWithExitThree) {
  MakeDeployable();
  RunResult missing =
      P({"--store", "elsewhere.db", "gate", "--change", id_, "--env", "production"}, "pat");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_EQ(missing.err, "proofline: error: deny: store elsewhere.db is missing\n");
  EXPECT_FALSE(std::filesystem::exists(dir_ / "elsewhere.db"));
  WriteText(dir_ / "garbage.db", std::string(8192, 'x'));
  RunResult corrupt =
      P({"--store", "garbage.db", "gate", "--change", id_, "--env", "production"}, "pat");
  EXPECT_EQ(corrupt.exit_code, 3);
  EXPECT_EQ(corrupt.err.rfind("proofline: error: deny: store garbage.db: ", 0), 0u) << corrupt.err;
  EXPECT_EQ(Gate("pat").exit_code, 0);  // the real store still allows
}

// An environment that names witnesses: the gate allows only on a store that extends a
// checkpoint their quorum cosigned, and not too far past it. A policy naming a log key as a
// witness is refused.
TEST_F(GateCliTest, AnEnvironmentWithWitnessesNeedsTheirCosignature) {
  ASSERT_EQ(
      P({"witness", "keygen", "--out", dir_ / "w1", "--name", "witness.example/w1"}).exit_code, 0);
  std::string vkey = ReadText(dir_ / "w1.pub");
  vkey.pop_back();  // the newline
  std::string yaml = kProjectYaml;
  const std::string glass =
      "    break_glass: {roles: [emergency-responders], retro_approval_hours: 4}\n";
  ASSERT_NE(yaml.find(glass), std::string::npos);
  yaml.replace(yaml.find(glass), glass.size(),
               glass + "    witnesses: {keys: [\"" + vkey + "\"], max_unwitnessed_events: 3}\n");
  Commit("proofline.yaml", yaml, "witnessed production", "sam@bank.example");
  Commit("app.py", "x = 2\n", "feature", "dana@home.example");
  id_ = Open();
  ASSERT_FALSE(id_.empty());
  MakeDeployable();

  RunResult unwitnessed = Gate("pat");
  EXPECT_EQ(unwitnessed.exit_code, 1);
  EXPECT_EQ(Failing(unwitnessed), std::vector<std::string>{"witnessed"});
  EXPECT_NE(unwitnessed.out.find("no checkpoint carries cosignatures of 1 of the 1 witness keys"),
            std::string::npos)
      << unwitnessed.out;

  const std::vector<std::string> witness = {"log",           "witness", "--key",
                                            dir_ / "w1.key", "--state", dir_ / "w1.state"};
  ASSERT_EQ(P(witness).exit_code, 0);
  RunResult allowed = Gate("pat");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  EXPECT_NE(allowed.out.find("cosigned by 1 of 1 witnesses, 0 events since"), std::string::npos)
      << allowed.out;

  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(P({"log", "append", "--type", "ci.note", "--subject", "x"}, "pat").exit_code, 0);
  }
  RunResult lagging = Gate("pat");  // its earlier decision and 3 notes: 4 events since
  EXPECT_EQ(lagging.exit_code, 1);
  EXPECT_NE(lagging.out.find("4 events since: more than the 3 the environment accepts"),
            std::string::npos)
      << lagging.out;
  ASSERT_EQ(P(witness).exit_code, 0);
  EXPECT_EQ(Gate("pat").exit_code, 0);

  // A log key where a witness key belongs: the policy is refused, naming it.
  yaml.replace(yaml.find(vkey), vkey.size(), [&] {
    std::string pub = ReadText(dir_ / "signing.pub");
    pub.pop_back();
    return pub;
  }());
  Commit("proofline.yaml", yaml, "wrong key", "sam@bank.example");
  Commit("app.py", "x = 3\n", "feature", "dana@home.example");
  id_ = Open();
  RunResult bad = P({"gate", "--change", id_, "--env", "production"}, "pat");
  EXPECT_EQ(bad.exit_code, 2) << bad.out << bad.err;
  EXPECT_NE(bad.err.find("is a log key, not a witness key"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace proofline::testing
