// End-to-end tests of identities, approvals and exceptions: tokens decide who acts; separation of
// duties is checked through aliases and co-authors; every refusal is a ledger event.
#include <fstream>

#include "base/crypto.h"
#include "team_fixture.h"

namespace proofline::testing {
namespace {

using ApprovalCliTest = TeamCliTest;

// The forgeries of an insider with a shell: `log append` of an approval, a state change, evidence,
// a gate decision, a deployment, a key rotation. Each is refused (exit 2) naming the command that
// owns the type, and nothing is recorded, with or without a token, one event or a batch.
TEST_F(ApprovalCliTest, DomainEventsCannotBeForgedWithLogAppend) {
  Commit("src/app.py", "x = 1\n", "change", "dana@bank.example");
  const std::string id = Open();
  ASSERT_FALSE(id.empty());
  const size_t before = J(P({"--json", "log", "show"}))["events"].size();
  const std::pair<const char*, const char*> forgeries[] = {
      {"approval.granted", "proofline approve|reject"},
      {"change.state", "proofline change open|update"},
      {"evidence.attached", "proofline attest"},
      {"gate.decided", "proofline gate"},
      {"deployment.succeeded", "proofline deploy"},
      {"env.violation", "proofline env check"},
      {"policy.exception.granted", "proofline exception"},
      {"ledger.key.rotated", "proofline init and proofline log rotate-key"},
      {"identity.token.created", "proofline token"},
  };
  for (const auto& [type, owner] : forgeries) {
    RunResult r = P({"log", "append", "--type", type, "--subject", id, "--data",
                     R"({"user":"sam","target":"x","to":"approved"})"},
                    "dana");
    EXPECT_EQ(r.exit_code, 2) << type;
    EXPECT_NE(r.err.find("is reserved: only " + std::string(owner)), std::string::npos) << r.err;
  }
  EXPECT_EQ(P({"log", "append", "--type", "approval.granted", "--subject", id}, "sam").err,
            "proofline: error: event type 'approval.granted' is reserved: only proofline "
            "approve|reject records it (log append records an integration's own types)\n");
  const std::string ci = R"({"type":"ci.build","subject":")" + id + R"(","data":{}})";
  const std::string forged = R"({"type":"approval.granted","subject":")" + id + R"(","data":{}})";
  WriteText(dir_ / "forged.jsonl", ci + "\n" + forged + "\n");
  RunResult batch = P({"log", "append", "--batch", "forged.jsonl"}, "dana");
  EXPECT_EQ(batch.exit_code, 2);
  EXPECT_NE(batch.err.find("'approval.granted' is reserved"), std::string::npos) << batch.err;
  EXPECT_EQ(J(P({"--json", "log", "show"}))["events"].size(), before);
  EXPECT_EQ(J(P({"--json", "change", "show", id}))["state"], "pending-approval");
}

// An integration's own events are recorded as the token's user, never as someone else.
TEST_F(ApprovalCliTest, IntegrationEventsAreRecordedAsTheTokensUser) {
  RunResult none = P({"log", "append", "--type", "ticket.linked", "--subject", "CHG-X"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("set PROOFLINE_TOKEN"), std::string::npos) << none.err;
  RunResult other = P(
      {"log", "append", "--type", "ticket.linked", "--subject", "CHG-X", "--actor", "sam"}, "dana");
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("actor 'sam': events are recorded as the token's user (dana)"),
            std::string::npos)
      << other.err;
  ASSERT_EQ(
      P({"log", "append", "--type", "ticket.linked", "--subject", "CHG-X", "--data", "{}"}, "dana")
          .exit_code,
      0);
  std::vector<Json> linked = Events("CHG-X", "ticket.linked");
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0]["actor"], "dana");
  // The write path is signed into the entry: an auditor tells an integration's event from the
  // operations' own.
  EXPECT_EQ(linked[0]["authority"], "integration");
  EXPECT_EQ(Events("identity", "identity.changed")[0]["authority"], "identity");
}

// Who may approve and deploy is decided by identity.yaml: every edit to it goes on the record,
// told as what changed, before anything is decided with it.
TEST_F(ApprovalCliTest, EditingTheDirectoryIsRecordedBeforeItIsUsed) {
  std::vector<Json> first = Events("identity", "identity.changed");
  ASSERT_EQ(first.size(), 1u);  // the baseline, when the first command read it
  EXPECT_EQ(first[0]["data"]["users_added"].size(), 9u);
  std::string team = kTeam;
  team.replace(team.find("roles: [developer]"), 18, "roles: [developer, production-deployers]");
  team.replace(team.find("emails: [dana@bank.example, dana@home.example]"), 46,
               "emails: [dana@bank.example]");
  WriteText(dir_ / "identity.yaml", team);
  ASSERT_EQ(P({"whoami"}, "dana").exit_code, 0);
  ASSERT_EQ(P({"whoami"}, "sam").exit_code, 0);  // read again, unchanged: nothing more
  std::vector<Json> changed = Events("identity", "identity.changed");
  ASSERT_EQ(changed.size(), 2u);
  const Json& d = changed[1]["data"];
  EXPECT_EQ(d["roles_added"], Json({{"dana", {"production-deployers"}}}));
  EXPECT_EQ(d["emails_removed"], Json({{"dana", {"dana@home.example"}}}));
  EXPECT_EQ(d["users_added"], Json::array());
  EXPECT_EQ(d["previous_digest"], first[0]["data"]["digest"]);
  EXPECT_NE(d["digest"], d["previous_digest"]);
  // The refusal comes after the record: log append cannot forge one either.
  EXPECT_EQ(
      P({"log", "append", "--type", "identity.changed", "--subject", "identity"}, "dana").exit_code,
      2);
}

// A directory of the attacker's own (three "independent" approvers, or no directory at all so
// that nobody needs a token) is refused wherever it is named; the pinned one still works.
TEST_F(ApprovalCliTest, TheIdentityDirectoryIsPinnedBesideTheStore) {
  WriteText(dir_ / "mine.yaml", "users:\n  - {id: dana, roles: [TECHNICAL_LEAD]}\n");
  RunResult flag = P({"--identity", "mine.yaml", "whoami"}, "dana");
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.err.find("--identity mine.yaml: this store's identity directory is "),
            std::string::npos)
      << flag.err;
  RunResult env = Proofline({"change", "list"}, dir_.path(), "",
                            {"PROOFLINE_IDENTITY=" + (dir_ / "nowhere.yaml")});
  EXPECT_EQ(env.exit_code, 0) << env.err;  // reading changes needs no identity
  RunResult open = Proofline({"log", "append", "--type", "ticket.linked", "--subject", "X"},
                             dir_.path(), "", {"PROOFLINE_IDENTITY=" + (dir_ / "nowhere.yaml")});
  EXPECT_EQ(open.exit_code, 2) << "no token, acting as $USER through an absent directory";
  EXPECT_NE(open.err.find("pinned beside the store"), std::string::npos) << open.err;
  EXPECT_EQ(P({"--identity", dir_ / "identity.yaml", "whoami"}, "dana").exit_code, 0);
}

// The token file is beside the store, writable by whoever has the disk; the ledger is the record.
TEST_F(ApprovalCliTest, EditingTheTokenFileGrantsNothing) {
  // A line added for sam with a token of the attacker's making, hashed as the file keeps it.
  const std::string forged = "plt_0123456789ab_" + std::string(64, 'f');
  std::ofstream(dir_ / "identity.tokens", std::ios::app)
      << R"({"id":"0123456789ab","user":"sam","sha256":")" + ToHex(Sha256(AsBytes(forged))) +
             R"(","created":"2026-12-01T00:00:00Z"})"
      << "\n";
  RunResult as_sam = Proofline({"whoami"}, dir_.path(), "", {"PROOFLINE_TOKEN=" + forged});
  EXPECT_EQ(as_sam.exit_code, 1);
  EXPECT_NE(as_sam.err.find("token 0123456789ab of sam is not on the record"), std::string::npos)
      << as_sam.err;
  EXPECT_EQ(Events("identity", "auth.denied").size(), 1u);

  // A revocation deleted from the file does not revive the token.
  const std::string id = tokens_["ola"].substr(4, 12);
  ASSERT_EQ(P({"token", "revoke", id}).exit_code, 0);
  std::ifstream in(dir_ / "identity.tokens");
  std::string line, kept;
  while (std::getline(in, line)) {
    if (line.find("\"revoked\"") == std::string::npos) kept += line + "\n";
  }
  in.close();
  WriteText(dir_ / "identity.tokens", kept);
  RunResult revived = P({"whoami"}, "ola");
  EXPECT_EQ(revived.exit_code, 1);
  EXPECT_NE(revived.err.find("token " + id + " was revoked (ledger event #"), std::string::npos)
      << revived.err;
  EXPECT_EQ(P({"whoami"}, "sam").exit_code, 0);  // the others still work
  // The revocation is recorded before the file is written, and only for a token that exists.
  EXPECT_EQ(P({"token", "revoke", "feedfeedfeed"}).exit_code, 2);
  EXPECT_EQ(Events("identity", "identity.token.revoked").size(), 1u);
}

// Whoever has a shell beside the store cannot mint a token for an approver: once a token is on
// the record, only an identity administrator issues more, and every refusal is recorded.
TEST_F(ApprovalCliTest, TokensAreIssuedOnlyByAnIdentityAdministrator) {
  RunResult local = P({"token", "create", "sam"});
  EXPECT_EQ(local.exit_code, 1);
  EXPECT_NE(local.err.find("token create needs an IDENTITY_ADMIN's token"), std::string::npos)
      << local.err;
  RunResult developer = P({"token", "create", "sam"}, "dana");
  EXPECT_EQ(developer.exit_code, 1);
  EXPECT_NE(developer.err.find("dana is not an IDENTITY_ADMIN"), std::string::npos)
      << developer.err;
  const std::vector<Json> denied = Events("identity", "auth.denied");
  ASSERT_EQ(denied.size(), 2u);
  EXPECT_EQ(denied[1]["data"]["command"], "token create");
  EXPECT_EQ(denied[1]["data"]["token_id"], tokens_["dana"].substr(4, 12));
  EXPECT_EQ(Events("identity", "identity.token.created").size(), 9u);  // the fixture's only
  RunResult issued = P({"token", "create", "sam"}, "ada");
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  EXPECT_EQ(Events("identity", "identity.token.created").back()["actor"], "ada");
  // On a new store the first token is the identity administrator's.
  TempDir fresh;
  ASSERT_EQ(Proofline({"init"}, fresh.path()).exit_code, 0);
  WriteText(fresh / "identity.yaml", kTeam);
  RunResult first = Proofline({"token", "create", "sam"}, fresh.path());
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_NE(first.err.find("the first token is an identity administrator's: sam is not an "
                           "IDENTITY_ADMIN"),
            std::string::npos)
      << first.err;
  EXPECT_EQ(Proofline({"token", "create", "ada"}, fresh.path()).exit_code, 0);
}

// A lax policy file chosen on the command line (quorum of 1, every evidence "true") is refused
// by every command that records a decision; nothing is recorded.
TEST_F(ApprovalCliTest, ALaxPolicyFileCannotBeChosenOnTheCommandLine) {
  Commit("db/migrations/1.sql", "ALTER TABLE t ADD c int;\n", "schema", "dana@bank.example");
  const std::string id = Open();
  ASSERT_FALSE(id.empty());
  WriteText(dir_ / "lax.yaml",
            "approvals:\n  routes:\n    quorum: {approvers: 1}\n    single: {approvers: 1}\n");
  WriteText(dir_ / "app.tar", "release");
  const size_t before = J(P({"--json", "log", "show"}))["events"].size();
  const std::vector<std::pair<std::vector<std::string>, std::string>> attempts = {
      {{"approve", id, "--meaning", "ok", "--config", "lax.yaml"}, "approve"},
      {{"reject", id, "--reason", "no", "--config", "lax.yaml"}, "reject"},
      {{"gate", "--change", id, "--env", "production", "--config", "lax.yaml"}, "gate"},
      {{"deploy", "--change", id, "--env", "production", "--artifact", "app.tar", "--target",
        "dir:releases", "--config", "lax.yaml"},
       "deploy"},
      {{"change", "update", id, "--target", "HEAD", "--config", "lax.yaml"}, "change update"},
  };
  for (const auto& [args, command] : attempts) {
    RunResult r = P(args, "sam");
    EXPECT_EQ(r.exit_code, 2) << command << ": " << r.err;
    EXPECT_NE(r.err.find("--config lax.yaml: " + command + " records a decision"),
              std::string::npos)
        << r.err;
  }
  EXPECT_EQ(J(P({"--json", "log", "show"}))["events"].size(), before);
  // A dry run may read it: approvals records nothing.
  EXPECT_EQ(P({"approvals", id, "--config", "lax.yaml"}).exit_code, 0);
}

// Aliases that cannot be dodged: a sub-addressed author and a co-author written without angle
// brackets are still the people they are.
TEST_F(ApprovalCliTest, SubaddressesAndUnbracketedCoAuthorsDoNotDodgeSeparationOfDuties) {
  Commit("src/fix.py", "x = 1\n", "hotfix\n\nCo-authored-by: sam@bank.example\n",
         "Dana+Hotfix@Bank.example");
  const std::string id = Open();
  ASSERT_FALSE(id.empty());
  RunResult dana = P({"approve", id, "--meaning", "ok"}, "dana");
  EXPECT_EQ(dana.exit_code, 1);
  EXPECT_NE(dana.err.find("dana requested the change"), std::string::npos) << dana.err;
  EXPECT_NE(dana.err.find("(as Dana+Hotfix@Bank.example)"), std::string::npos) << dana.err;
  RunResult sam = P({"approve", id, "--meaning", "ok"}, "sam");
  EXPECT_EQ(sam.exit_code, 1);
  EXPECT_NE(sam.err.find("sam authored, committed or co-authored a commit of the change (as "
                         "sam@bank.example)"),
            std::string::npos)
      << sam.err;
  EXPECT_EQ(Events(id, "approval.refused").size(), 2u);
  EXPECT_TRUE(Events(id, "approval.granted").empty());
}

TEST_F(ApprovalCliTest, TheTokenNamesTheActorAndABadTokenIsRefusedAndRecorded) {
  EXPECT_EQ(P({"whoami"}, "sue").out, "sue (Sue Park), roles: SECURITY_OFFICER, token " +
                                          tokens_["sue"].substr(4, 12) + "\n");
  Commit("app.py", "x = 1\n", "feature", "dana@bank.example");
  RunResult no_token = P({"change", "open", "--repo", repo_, "--baseline", "HEAD~1", "--target",
                          "HEAD", "--env", "staging"});
  EXPECT_EQ(no_token.exit_code, 1);
  EXPECT_EQ(no_token.err,
            "proofline: error: change open acts as a person: set PROOFLINE_TOKEN (proofline "
            "token create USER)\n");
  std::string forged = tokens_["sam"];
  forged.back() = forged.back() == 'a' ? 'b' : 'a';
  RunResult bad = Proofline({"whoami"}, dir_.path(), "", {"PROOFLINE_TOKEN=" + forged});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "proofline: error: token " + tokens_["sam"].substr(4, 12) + " is not valid\n");
  std::vector<Json> denied = Events("identity", "auth.denied");
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0]["data"]["token_id"], tokens_["sam"].substr(4, 12));
  EXPECT_EQ(J(P({"--json", "log", "show"})).dump().find(tokens_["sam"].substr(17)),
            std::string::npos);  // no token secret anywhere in the ledger
  std::string id = Open("staging");
  EXPECT_EQ(J(P({"--json", "change", "show", id}))["requester"], "dana");
  ASSERT_EQ(P({"token", "revoke", tokens_["sue"].substr(4, 12)}).exit_code, 0);
  EXPECT_EQ(P({"whoami"}, "sue").exit_code, 1);
}

TEST_F(ApprovalCliTest, SelfApprovalIsRefusedDirectlyThroughAnAliasAndAsCoAuthor) {
  Commit("app.py", "x = 1\n", "feature\n\nCo-authored-by: Ola <ola@bank.example>\n",
         "dana@home.example");  // an alias of dana
  std::string id = Open();
  ASSERT_FALSE(id.empty());
  RunResult self = P({"approve", id, "--meaning", "approved"}, "dana");
  EXPECT_EQ(self.exit_code, 1);
  EXPECT_NE(self.err.find("dana requested the change"), std::string::npos) << self.err;
  EXPECT_NE(self.err.find("(as dana@home.example)"), std::string::npos) << self.err;
  RunResult co = P({"approve", id, "--meaning", "approved"}, "ola");
  EXPECT_EQ(co.exit_code, 1);
  EXPECT_NE(co.err.find("ola authored, committed or co-authored a commit"), std::string::npos);
  std::vector<Json> refused = Events(id, "approval.refused");
  ASSERT_EQ(refused.size(), 2u);
  EXPECT_EQ(refused[0]["actor"], "dana");
  EXPECT_EQ(refused[1]["data"]["user"], "ola");
  EXPECT_EQ(refused[1]["data"]["action"], "approve");
  EXPECT_TRUE(Events(id, "approval.granted").empty());
}

TEST_F(ApprovalCliTest, QuorumNeedsEachRoleFromADistinctPerson) {
  Commit("db/migrations/001.sql", "ALTER TABLE accounts ADD COLUMN iban_enc BYTEA;\n", "schema",
         "dana@bank.example");
  std::string id = Open();
  Json status = J(P({"--json", "approvals", id}));
  EXPECT_EQ(status["route"], "quorum");
  EXPECT_EQ(
      status["rule"],
      "3 approvers including 1 COMPLIANCE_OFFICER and 1 SECURITY_OFFICER and 1 TECHNICAL_LEAD");
  Json first = J(P({"--json", "approve", id, "--meaning", "reviewed the migration"}, "bo"));
  EXPECT_EQ(first["approved"], false);
  EXPECT_EQ(first["signature"]["name"], "Bo Lind");
  EXPECT_EQ(first["signature"]["meaning"], "reviewed the migration");
  EXPECT_EQ(P({"approve", id, "--meaning", "again"}, "bo").exit_code, 1);  // once per person
  EXPECT_EQ(J(P({"--json", "change", "show", id}))["state"], "pending-approval");
  Json second = J(P({"--json", "approve", id, "--meaning", "security review"}, "sam"));
  EXPECT_EQ(second["approved"], false);  // bo fills SECURITY_OFFICER, sam TECHNICAL_LEAD
  EXPECT_EQ(second["missing"], Json::array({"1 more approval by a COMPLIANCE_OFFICER"}));
  Json third = J(P({"--json", "approve", id, "--meaning", "compliance review"}, "carol"));
  EXPECT_EQ(third["approved"], true);
  EXPECT_EQ(J(P({"--json", "change", "show", id}))["state"], "approved");
  RunResult text = P({"approvals", id});
  EXPECT_NE(text.out.find("signed by Bo Lind (bo, TECHNICAL_LEAD, SECURITY_OFFICER) at "),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("meaning: \"reviewed the migration\""), std::string::npos);
}

TEST_F(ApprovalCliTest, ANewTargetCommitResetsApprovals) {
  Commit("docs/guide.md", "x = 1\n", "feature", "dana@bank.example");
  std::string id = Open("staging");
  Json status = J(P({"--json", "approvals", id}));
  ASSERT_EQ(status["route"], "automated");
  EXPECT_EQ(status["effective_route"], "single");  // no evidence: a technical lead signs
  ASSERT_EQ(P({"approve", id, "--meaning", "looks good"}, "sam").exit_code, 0);
  EXPECT_EQ(J(P({"--json", "change", "show", id}))["state"], "approved");
  Commit("docs/guide.md", "x = 2\n", "after review", "dana@bank.example");
  ASSERT_EQ(P({"change", "update", id, "--target", "HEAD"}, "dana").exit_code, 0);
  status = J(P({"--json", "approvals", id}));
  EXPECT_EQ(J(P({"--json", "change", "show", id}))["state"], "pending-approval");
  EXPECT_EQ(status["reset"], 1);
  EXPECT_EQ(status["approvals"].size(), 0u);
  EXPECT_EQ(status["satisfied"], false);
  EXPECT_EQ(Status(id, "CC-01"), "fail");  // the old signature no longer counts
  ASSERT_EQ(P({"approve", id, "--meaning", "re-reviewed"}, "sam").exit_code, 0);
  EXPECT_EQ(J(P({"--json", "change", "show", id}))["state"], "approved");
}

TEST_F(ApprovalCliTest, LowRiskChangeIsApprovedAutomaticallyOnlyWithEveryCheckGreen) {
  Commit("docs/guide.md", "x = 1\n", "feature", "dana@bank.example");
  std::string id = Open("staging");
  WriteText(dir_ / "tests.xml", "<testsuite><testcase classname=\"c\" name=\"t\"/></testsuite>\n");
  ASSERT_EQ(P({"attest", "junit", "--change", id, "tests.xml"}, "dana").exit_code, 0);
  RunResult partial = P({"approve", id, "--automated"}, "dana");
  EXPECT_EQ(partial.exit_code, 1);
  EXPECT_NE(partial.out.find("routed to 1 approver: 1 TECHNICAL_LEAD. Failing checks:"),
            std::string::npos)
      << partial.out;
  EXPECT_NE(partial.out.find("FAIL security-scan-passed"), std::string::npos);
  EXPECT_EQ(partial.out.find("FAIL tests-passed"), std::string::npos);
  WriteText(dir_ / "scan.sarif",
            R"({"version":"2.1.0","runs":[{"tool":{"driver":{"name":"semgrep"}},"results":[]}]})");
  WriteText(dir_ / "sbom.json", R"({"bomFormat":"CycloneDX","specVersion":"1.5","components":[]})");
  WriteText(dir_ / "controls.json",
            R"({"control_id":"SOX-AC-02","test_name":"access review","result":"pass"})");
  WriteText(dir_ / "schema.json", R"({"type":"object"})");
  WriteText(dir_ / "backup.json", R"({"verified":true,"restore_tested":"2026-11-25"})");
  WriteText(dir_ / "rollback.json", R"({"steps":["switch back to blue"]})");
  ASSERT_EQ(P({"attest", "sarif", "--change", id, "scan.sarif"}, "dana").exit_code, 0);
  ASSERT_EQ(P({"attest", "sbom", "--change", id, "sbom.json"}, "dana").exit_code, 0);
  ASSERT_EQ(P({"attest", "control-test", "--change", id, "controls.json"}, "dana").exit_code, 0);
  ASSERT_EQ(P({"attest", "generic", "--type", "backup-verification", "--schema", "schema.json",
               "--change", id, "backup.json"},
              "dana")
                .exit_code,
            0);
  RunResult still = P({"approve", id, "--automated"}, "dana");
  EXPECT_EQ(still.exit_code, 1);
  EXPECT_NE(still.out.find("FAIL rollback-plan-exists"), std::string::npos) << still.out;
  ASSERT_EQ(P({"attest", "generic", "--type", "rollback-plan", "--schema", "schema.json",
               "--change", id, "rollback.json"},
              "dana")
                .exit_code,
            0);
  RunResult green = P({"approve", id, "--automated"}, "dana");
  EXPECT_EQ(green.exit_code, 0) << green.out << green.err;
  EXPECT_EQ(J(P({"--json", "change", "show", id}))["state"], "approved");
  std::vector<Json> automated = Events(id, "approval.automated");
  ASSERT_EQ(automated.size(), 3u);
  EXPECT_EQ(automated[0]["data"]["passed"], false);
  EXPECT_EQ(automated[2]["data"]["passed"], true);
  EXPECT_EQ(automated[2]["data"]["checks"].size(), 6u);
}

TEST_F(ApprovalCliTest, OnlyAnIndependentComplianceOfficerApprovesAnException) {
  Commit("app.py", "x = 1\n", "feature", "dana@bank.example");
  std::string id = Open("staging");
  RunResult req = P({"exception", "request", "--control", "SOX-AC-02", "--change", id, "--until",
                     "2999-01-01T00:00:00Z", "--reason", "access review moved to Q3 (RISK-7)"},
                    "dana");
  ASSERT_EQ(req.exit_code, 0) << req.err;
  RunResult lead = P({"exception", "approve", "--control", "SOX-AC-02", "--change", id}, "sam");
  EXPECT_EQ(lead.exit_code, 1);
  EXPECT_EQ(lead.err,
            "proofline: error: sam is not a COMPLIANCE_OFFICER: only a compliance officer "
            "approves exceptions\n");
  ASSERT_EQ(Events(id, "policy.exception.refused").size(), 1u);
  EXPECT_EQ(P({"exception", "approve", "--control", "SOX-AC-02", "--change", id}, "dana").exit_code,
            1);  // a compliance officer could not approve their own request either
  EXPECT_EQ(P({"exception", "request", "--control", "SOX-AC-02", "--change", id, "--until",
               "2001-01-01T00:00:00Z", "--reason", "r"},
              "dana")
                .exit_code,
            2);
  EXPECT_NE(Status(id, "SOX-AC-02"), "excepted");
  RunResult ok = P({"exception", "approve", "--control", "SOX-AC-02", "--change", id}, "carol");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(Status(id, "SOX-AC-02"), "excepted");
  Json list = J(P({"--json", "exception", "list", "--change", id}));
  ASSERT_EQ(list["exceptions"].size(), 1u);
  EXPECT_EQ(list["exceptions"][0]["approved_by"], "carol");
  EXPECT_EQ(list["exceptions"][0]["requested_by"], "dana");
  RunResult text = P({"validate", "--change", id, "--framework", "sox"});
  EXPECT_NE(text.out.find("excepted: access review moved to Q3 (RISK-7) (exception #"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("approved by carol, until 2999-01-01T00:00:00Z"), std::string::npos);
}

}  // namespace
}  // namespace proofline::testing
