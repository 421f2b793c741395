// Tampering with a real store file through the sqlite3 shell, as an insider with database access
// would: `log verify` must fail (exit 1) and name the first bad index.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {
namespace {

class TamperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Proofline({"init", "--origin", "tamper.example/log"}, dir_.path()).exit_code, 0);
    for (int i = 1; i <= 12; ++i) {
      std::string data = "{\"n\":" + std::to_string(i) + "}";
      ASSERT_EQ(Proofline({"log", "append", "--type", "step", "--subject",
                           "CHG-" + std::to_string(i % 3), "--actor", "ci", "--data", data},
                          dir_.path())
                    .exit_code,
                0);
      if (i == 6 || i == 12) {
        ASSERT_EQ(Proofline({"log", "checkpoint"}, dir_.path()).exit_code, 0);
      }
    }
    RunResult clean = Verify();
    ASSERT_EQ(clean.exit_code, 0) << clean.err;
    db_ = dir_ / "proofline.db";
  }
  RunResult Verify() { return Proofline({"log", "verify"}, dir_.path()); }
  // Runs `sql` as an insider would, then puts back the append-only triggers it dropped exactly as
  // they were, so that only the ledger's own checks are left to catch the change.
  void Tamper(const std::string& sql) {
    RunResult triggers =
        Sql(db_,
            "SELECT replace(sql, 'CREATE TRIGGER ', 'CREATE TRIGGER IF NOT EXISTS ')"
            " || ';' FROM sqlite_schema WHERE type = 'trigger';");
    ASSERT_EQ(triggers.exit_code, 0) << triggers.err;
    RunResult r = Sql(db_, sql + "\n" + triggers.out);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void ExpectFailureAt(uint64_t index) {
    RunResult r = Verify();
    EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
    EXPECT_NE(r.err.find("FAILED at index " + std::to_string(index)), std::string::npos) << r.err;
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(TamperTest, ChangingOneByteOfAnEventIsCaughtAtItsIndex) {
  Tamper(
      "DROP TRIGGER ledger_entries_no_update;"
      "UPDATE ledger_entries SET entry = CAST(replace(CAST(entry AS TEXT), '\"n\":7', '\"n\":8') "
      "AS BLOB)"
      " WHERE idx = 7;");
  ExpectFailureAt(7);
}

// The drift check reads what deployments installed from the ledger: from a tampered one it gives
// no answer (exit 3) rather than one resting on a rewritten history.
TEST_F(TamperTest, EnvCheckRefusesToAnswerFromATamperedLedger) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  RunResult clean =
      Proofline({"env", "check", "--env", "production", "--artifact", digest}, dir_.path());
  EXPECT_EQ(clean.exit_code, 1) << clean.err;  // nothing deployed: a violation, recorded
  Tamper(
      "DROP TRIGGER ledger_entries_no_update;"
      "UPDATE ledger_entries SET entry = CAST(replace(CAST(entry AS TEXT), '\"n\":7', '\"n\":8') "
      "AS BLOB)"
      " WHERE idx = 7;");
  RunResult r =
      Proofline({"env", "check", "--env", "production", "--artifact", digest}, dir_.path());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("the ledger fails verification"), std::string::npos) << r.err;
}

// Hiding an event from the folds without touching a hash: a partial index over the type column
// (what change records query through), plain or with its schema text rewritten to look like the
// original; or an extra trigger or view. Verification checks the store itself first.
TEST_F(TamperTest, APartialIndexOrAnExtraSchemaObjectFailsVerification) {
  const std::string partial =
      "DROP INDEX ledger_entries_by_type; CREATE INDEX ledger_entries_by_type ON ledger_entries "
      "(type, idx) WHERE subject <> 'CHG-1';";
  Tamper(partial);
  RunResult altered = Verify();
  EXPECT_EQ(altered.exit_code, 1) << altered.err;
  EXPECT_NE(altered.err.find("schema object 'ledger_entries_by_type' was altered"),
            std::string::npos)
      << altered.err;
  // The same index with its schema text put back: SQLite's integrity check finds the rows the
  // index lacks.
  Tamper(
      "PRAGMA writable_schema=ON; UPDATE sqlite_schema SET sql = 'CREATE INDEX "
      "ledger_entries_by_type ON ledger_entries (type, idx)' WHERE name = "
      "'ledger_entries_by_type';");
  RunResult disguised = Verify();
  EXPECT_EQ(disguised.exit_code, 1) << disguised.err;
  EXPECT_NE(disguised.err.find("fails SQLite's integrity check"), std::string::npos)
      << disguised.err;
}

TEST_F(TamperTest, AnExtraTriggerOrViewOrAMissingOneFailsVerification) {
  RunResult saved =
      Sql(db_, "SELECT sql || ';' FROM sqlite_schema WHERE name = 'ledger_entries_no_delete';");
  ASSERT_EQ(Sql(db_, "DROP TRIGGER ledger_entries_no_delete;").exit_code, 0);
  RunResult dropped = Verify();
  EXPECT_EQ(dropped.exit_code, 1);
  EXPECT_NE(dropped.err.find("schema object 'ledger_entries_no_delete' is missing"),
            std::string::npos)
      << dropped.err;
  ASSERT_EQ(Sql(db_, saved.out).exit_code, 0);  // put back as it was: verifies again
  EXPECT_EQ(Verify().exit_code, 0);
  Tamper("CREATE VIEW approvals AS SELECT * FROM ledger_entries;");
  RunResult view = Verify();
  EXPECT_EQ(view.exit_code, 1);
  EXPECT_NE(view.err.find("schema object 'approvals' (view on approvals"), std::string::npos)
      << view.err;
  EXPECT_NE(view.err.find("was not made by Proofline"), std::string::npos) << view.err;
}

TEST_F(TamperTest, AlteringAnEventAndItsLeafHashIsCaughtByTheTree) {
  // A careful insider re-hashes the altered entry too: the stored tree and checkpoints still
  // disagree. sha256 is not in the sqlite3 shell, so copy another row's consistent pair.
  Tamper(
      "DROP TRIGGER ledger_entries_no_update;"
      "UPDATE ledger_entries SET entry = (SELECT entry FROM ledger_entries WHERE idx = 9),"
      " leaf_hash = (SELECT leaf_hash FROM ledger_entries WHERE idx = 9),"
      " subject = (SELECT subject FROM ledger_entries WHERE idx = 9) WHERE idx = 8;");
  ExpectFailureAt(8);
}

TEST_F(TamperTest, DeletingAnEventIsCaughtAtItsIndex) {
  Tamper("DROP TRIGGER ledger_entries_no_delete; DELETE FROM ledger_entries WHERE idx = 5;");
  ExpectFailureAt(5);
}

TEST_F(TamperTest, DeletingTheNewestEventsIsCaughtByTheCheckpoint) {
  Tamper("DROP TRIGGER ledger_entries_no_delete; DELETE FROM ledger_entries WHERE idx >= 11;");
  ExpectFailureAt(11);
}

TEST_F(TamperTest, SwappingTwoEventsIsCaughtAtTheFirst) {
  Tamper(
      "DROP TRIGGER ledger_entries_no_update;"
      "CREATE TEMP TABLE s AS SELECT * FROM ledger_entries WHERE idx IN (3, 10);"
      "UPDATE ledger_entries SET entry = (SELECT entry FROM s WHERE s.idx = 13 - "
      "ledger_entries.idx)"
      " WHERE idx IN (3, 10);");
  ExpectFailureAt(3);
}

TEST_F(TamperTest, SwappingWholeRowsIsCaughtAtTheFirst) {
  Tamper(
      "DROP TRIGGER ledger_entries_no_update;"
      "CREATE TEMP TABLE s AS SELECT * FROM ledger_entries WHERE idx IN (2, 3);"
      "UPDATE ledger_entries SET entry = (SELECT entry FROM s WHERE s.idx = 5 - "
      "ledger_entries.idx),"
      " leaf_hash = (SELECT leaf_hash FROM s WHERE s.idx = 5 - ledger_entries.idx),"
      " type = (SELECT type FROM s WHERE s.idx = 5 - ledger_entries.idx),"
      " subject = (SELECT subject FROM s WHERE s.idx = 5 - ledger_entries.idx)"
      " WHERE idx IN (2, 3);");
  ExpectFailureAt(2);
}

TEST_F(TamperTest, ReplacingACheckpointIsCaught) {
  // Every append is sealed by a checkpoint, so checkpoint 7 is of size 7: it gets checkpoint 8's
  // root under its own signature line.
  std::string note2 = Sql(db_, "SELECT note FROM ledger_checkpoints WHERE seq = 7").out;
  std::string note3 = Sql(db_, "SELECT note FROM ledger_checkpoints WHERE seq = 8").out;
  auto root_line = [](const std::string& note) {
    size_t a = note.find('\n', note.find('\n') + 1) + 1;
    return std::make_pair(a, note.find('\n', a) - a);
  };
  auto [pos2, len2] = root_line(note2);
  auto [pos3, len3] = root_line(note3);
  std::string forged = note2.substr(0, note2.size() - 1);  // the shell adds a newline
  forged.replace(pos2, len2, note3.substr(pos3, len3));
  Tamper("DROP TRIGGER ledger_checkpoints_no_update; UPDATE ledger_checkpoints SET note = '" +
         forged + "' WHERE seq = 7;");
  RunResult r = Verify();
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("checkpoint 7 (size 7) lacks a valid signature"), std::string::npos)
      << r.err;
}

// Every append is sealed in its own transaction by a checkpoint of the tree it leaves (one per
// command, one for a whole batch), so no event is ever unsigned; and an append onto a stored
// tree that no longer matches the latest checkpoint is refused rather than signed.
TEST_F(TamperTest, EveryAppendIsSealedAndATamperedTreeIsNeverSigned) {
  EXPECT_EQ(Sql(db_, "SELECT count(*) FROM ledger_checkpoints;").out, "13\n");
  RunResult batch = Proofline({"log", "append", "--batch", "-"}, dir_.path(),
                              "{\"type\":\"a\",\"subject\":\"S\",\"actor\":\"ci\"}\n"
                              "{\"type\":\"b\",\"subject\":\"S\",\"actor\":\"ci\"}\n");
  ASSERT_EQ(batch.exit_code, 0) << batch.err;
  EXPECT_EQ(Sql(db_, "SELECT max(tree_size) FROM ledger_checkpoints;").out, "15\n");
  Result<Json> report = ParseJsonStrict(Proofline({"--json", "log", "verify"}, dir_.path()).out);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ((*report)["signed_size"], 15);
  EXPECT_EQ((*report)["events"], 15);

  // The newest stored node is on the right edge of the tree: the frontier's root changes.
  Tamper(
      "DROP TRIGGER ledger_nodes_no_update; UPDATE ledger_nodes SET hash = zeroblob(32) WHERE seq "
      "= (SELECT max(seq) FROM ledger_nodes);");
  RunResult r =
      Proofline({"log", "append", "--type", "t", "--subject", "s", "--actor", "ci"}, dir_.path());
  EXPECT_EQ(r.exit_code, 3) << r.err;  // corruption: nothing is recorded onto it
  EXPECT_NE(r.err.find("not consistent with its latest checkpoint (size 15)"), std::string::npos)
      << r.err;
  EXPECT_EQ(Sql(db_, "SELECT count(*) FROM ledger_entries;").out, "15\n");
}

// Checkpoints published outside the store catch what the store alone cannot: a history cut back
// to an older copy (a restored backup), and one rewritten and re-signed with the log's own key.
TEST_F(TamperTest, PublishedCheckpointsCatchACutBackAndARewrite) {
  const std::string pub = dir_ / "published";
  ASSERT_EQ(Sql(db_, "VACUUM INTO '" + (dir_ / "backup.db") + "';").exit_code, 0);
  ASSERT_EQ(Sql(dir_ / "backup.db", "PRAGMA journal_mode=WAL;").exit_code, 0);
  for (const char* type : {"deploy.note", "deploy.note"}) {
    ASSERT_EQ(
        Proofline({"log", "append", "--type", type, "--subject", "s", "--actor", "ci"}, dir_.path())
            .exit_code,
        0);
  }
  RunResult first = Proofline({"--json", "log", "publish", "--to", pub}, dir_.path());
  ASSERT_EQ(first.exit_code, 0) << first.err;
  Result<Json> published = ParseJsonStrict(first.out);
  ASSERT_TRUE(published.ok()) << first.out;
  EXPECT_EQ((*published)["published"], 15);
  EXPECT_EQ((*published)["newest_size"], 15);
  EXPECT_EQ(ReadText(pub + "/00000015.note") + "\n",  // the shell adds a newline
            Sql(db_, "SELECT note FROM ledger_checkpoints WHERE seq = 15;").out);
  EXPECT_EQ(std::filesystem::status(pub + "/00000015.note").permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::group_read |
                std::filesystem::perms::others_read);
  EXPECT_EQ(Proofline({"log", "publish", "--to", pub}, dir_.path()).out,
            "nothing new to publish to " + pub + " (newest: checkpoint 15, size 15)\n");
  RunResult ok = Proofline({"log", "verify", "--published", pub}, dir_.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("extends checkpoint 15 (size 15) published in " + pub), std::string::npos)
      << ok.out;

  // The insider restores the older copy: the store is sound on its own, 13 events.
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(db_ + suffix);
  std::filesystem::copy_file(dir_ / "backup.db", db_,
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_EQ(Proofline({"log", "verify"}, dir_.path()).exit_code, 0);
  RunResult cut = Proofline({"log", "verify", "--published", pub}, dir_.path());
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_NE(cut.err.find("checkpoint 15 published in " + pub + " (size 15, root "),
            std::string::npos)
      << cut.err;
  EXPECT_NE(cut.err.find("the store holds 13 events, fewer than it signed"), std::string::npos)
      << cut.err;
  RunResult refused = Proofline({"log", "publish", "--to", pub}, dir_.path());
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("the log was cut back or rewritten, nothing published"),
            std::string::npos)
      << refused.err;

  // ... and re-grows it differently, signing with the log's own key: still caught.
  for (const char* type : {"other.note", "other.note"}) {
    ASSERT_EQ(
        Proofline({"log", "append", "--type", type, "--subject", "s", "--actor", "ci"}, dir_.path())
            .exit_code,
        0);
  }
  EXPECT_EQ(Proofline({"log", "verify"}, dir_.path()).exit_code, 0);
  RunResult rewritten = Proofline({"log", "verify", "--published", pub}, dir_.path());
  EXPECT_EQ(rewritten.exit_code, 1);
  EXPECT_NE(rewritten.err.find("the store's first 15 events now have root"), std::string::npos)
      << rewritten.err;
  EXPECT_NE(Proofline({"log", "publish", "--to", pub}, dir_.path())
                .err.find("the store's checkpoint 15 differs from it"),
            std::string::npos);
}

// An event no signed checkpoint covers proves nothing: the commands that fail closed refuse to act
// on a ledger holding one (written without the signing key, or forged), until the key holder
// has looked at it and signed.
TEST_F(TamperTest, CommandsThatFailClosedRefuseEventsNoCheckpointSigned) {
  const std::string digest = "sha256:" + std::string(64, 'a');
  const std::vector<std::string> check = {"env",        "check",      "--env",
                                          "production", "--artifact", digest};
  EXPECT_EQ(Proofline(check, dir_.path()).exit_code, 1);  // a violation, recorded and sealed
  std::filesystem::rename(dir_ / "signing.key", dir_ / "elsewhere.key");
  ASSERT_EQ(
      Proofline({"log", "append", "--type", "ci.note", "--subject", "s"}, dir_.path()).exit_code,
      0);
  std::filesystem::rename(dir_ / "elsewhere.key", dir_ / "signing.key");
  RunResult verify = Verify();  // the audit reports it; it is not an alteration
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_NE(verify.out.find("1 newest events not yet in a checkpoint"), std::string::npos)
      << verify.out;
  RunResult refused = Proofline(check, dir_.path());
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("events [14, 15) are in no signed checkpoint"), std::string::npos)
      << refused.err;
  ASSERT_EQ(Proofline({"log", "checkpoint"}, dir_.path()).exit_code, 0);
  EXPECT_EQ(Proofline(check, dir_.path()).exit_code, 1);
}

// Damage below SQLite's level: 512 random bytes written over a random place of the database file,
// 40 times on fresh copies. Whatever `log verify` passes must read back exactly as before (the
// damage hit unused space); whatever it fails, the commands that fail closed refuse too (exit 3),
// never acting on a damaged store.
TEST_F(TamperTest, RandomPageOverwritesAreCaughtOrHarmless) {
  ASSERT_EQ(Sql(db_, "PRAGMA wal_checkpoint(TRUNCATE);").exit_code, 0);
  const std::string original = ReadText(db_);
  const std::string events = Proofline({"log", "show"}, dir_.path()).out;
  std::mt19937_64 rng(18);
  int caught = 0, harmless = 0;
  for (int trial = 0; trial < 40; ++trial) {
    std::string damaged = original;
    const size_t at = std::uniform_int_distribution<size_t>(0, damaged.size() - 512)(rng);
    for (size_t i = 0; i < 512; ++i) damaged[at + i] = static_cast<char>(rng());
    const std::string copy = dir_ / "damaged.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(copy + suffix);
    WriteText(copy, damaged);
    RunResult verify = Proofline({"--store", copy, "log", "verify"}, dir_.path());
    const bool reads_the_same =
        Proofline({"--store", copy, "log", "show"}, dir_.path()).out == events;
    RunResult acts = Proofline({"--store", copy, "env", "check", "--env", "production",
                                "--artifact", "sha256:" + std::string(64, 'a')},
                               dir_.path());
    if (verify.exit_code == 0) {
      ++harmless;
      EXPECT_TRUE(reads_the_same) << "verify passed a store that reads differently, damage at "
                                  << at;
      EXPECT_EQ(acts.exit_code, 1) << acts.err;  // as on the sound store: a violation
    } else {
      ++caught;
      EXPECT_NE(verify.exit_code, 0);
      EXPECT_FALSE(verify.err.empty());
      EXPECT_NE(acts.exit_code, 0) << "acted on a store verify fails, damage at byte " << at;
      EXPECT_NE(acts.exit_code, 1) << acts.out;  // refused (2 or 3), not a decision
    }
  }
  EXPECT_GT(caught, 0);
  std::printf("page overwrites: %d caught, %d in unused space\n", caught, harmless);
}

TEST_F(TamperTest, HidingAnEventFromSubjectQueriesIsCaught) {
  Tamper(
      "DROP TRIGGER ledger_entries_no_update; UPDATE ledger_entries SET subject = 'CHG-X' WHERE "
      "idx = 4;");
  ExpectFailureAt(4);
}

// Folds read rows through ledger::ParseStoredEntry: a command that does not verify the whole
// ledger first (`change show`) still refuses a row whose type column no longer matches its entry
// (an approval.rejected the fold would skip by its column) or whose entry was edited.
TEST_F(TamperTest, FoldsRefuseARowThatDiffersFromItsEntry) {
  Tamper(
      "DROP TRIGGER ledger_entries_no_update; UPDATE ledger_entries SET type = 'note' WHERE "
      "idx = 4;");
  RunResult r = Proofline({"change", "show", "CHG-1"}, dir_.path());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("event 4: its stored type or subject (note, CHG-1) differs from its "
                       "entry's (step, CHG-1)"),
            std::string::npos)
      << r.err;
  Tamper(
      "DROP TRIGGER ledger_entries_no_update; UPDATE ledger_entries SET type = 'step' WHERE idx "
      "= 4; UPDATE ledger_entries SET entry = CAST(replace(CAST(entry AS TEXT), '\"n\":7', "
      "'\"n\":8') AS BLOB) WHERE idx = 7;");
  r = Proofline({"change", "show", "CHG-1"}, dir_.path());
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  EXPECT_NE(r.err.find("event 7: its entry does not hash to its stored leaf hash"),
            std::string::npos)
      << r.err;
}

TEST_F(TamperTest, AlteringAStoredTreeNodeIsCaught) {
  Tamper(
      "DROP TRIGGER ledger_nodes_no_update; UPDATE ledger_nodes SET hash = zeroblob(32) WHERE seq "
      "= 3;");
  RunResult r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("stored tree node"), std::string::npos) << r.err;
}

// An insider who holds the log's signing key rebuilds or cuts back a witnessed history: the log
// verifies on its own, but it lacks the witnesses' cosignatures, and each witness refuses to
// cosign it, naming the size and root it had seen and the ones now offered.
TEST_F(TamperTest, WitnessesCatchAHistoryRebuiltWithTheLogKey) {
  TempDir witness_home;  // the witnesses' own keys and state, outside the store's directory
  const std::string w1 = witness_home / "w1", w2 = witness_home / "w2";
  ASSERT_EQ(Proofline({"witness", "keygen", "--out", w1}, dir_.path()).exit_code, 0);
  ASSERT_EQ(
      Proofline({"witness", "keygen", "--out", w2, "--name", "witness.example/w2"}, dir_.path())
          .exit_code,
      0);
  EXPECT_EQ(Proofline({"witness", "keygen", "--out", w1}, dir_.path()).exit_code, 2);  // no reuse
  ASSERT_EQ(Sql(db_, "VACUUM INTO '" + (dir_ / "backup.db") + "';").exit_code, 0);
  ASSERT_EQ(Sql(dir_ / "backup.db", "PRAGMA journal_mode=WAL;").exit_code, 0);
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(Proofline({"log", "append", "--type", "deploy.note", "--subject", "s"}, dir_.path())
                  .exit_code,
              0);
  }
  auto witness = [&](const std::string& who) {
    return Proofline({"log", "witness", "--key", who + ".key", "--state", who + ".state"},
                     dir_.path());
  };
  RunResult first = witness(w1);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("witness w1 cosigned checkpoint 15 (size 15, root "), std::string::npos)
      << first.out;
  ASSERT_EQ(witness(w2).exit_code, 0);
  const std::vector<std::string> both = {"log",       "verify",        "--witness-key",
                                         w1 + ".pub", "--witness-key", w2 + ".pub"};
  RunResult ok = Proofline(both, dir_.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("witnessed by 2 of 2 witnesses up to checkpoint 15 (size 15)"),
            std::string::npos)
      << ok.out;
  // The bundle carries the cosignatures inside its checkpoint files.
  ASSERT_EQ(Proofline({"log", "export", "--out", dir_ / "bundle"}, dir_.path()).exit_code, 0);
  RunResult bundle = Proofline({"verify-bundle", dir_ / "bundle", "--key", dir_ / "signing.pub",
                                "--witness-key", w1 + ".pub", "--witness-key", w2 + ".pub"},
                               dir_.path());
  EXPECT_EQ(bundle.exit_code, 0) << bundle.err;
  EXPECT_NE(bundle.out.find("witnessed by 2 of 2 witnesses"), std::string::npos) << bundle.out;

  // Cut back to the older copy: sound on its own, but no witness has seen it.
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(db_ + suffix);
  std::filesystem::copy_file(dir_ / "backup.db", db_,
                             std::filesystem::copy_options::overwrite_existing);
  EXPECT_EQ(Verify().exit_code, 0);
  RunResult cut = Proofline(both, dir_.path());
  EXPECT_EQ(cut.exit_code, 1);
  EXPECT_NE(cut.err.find("witness verification FAILED: no checkpoint carries cosignatures of 2 "
                         "of the 2 witness keys given"),
            std::string::npos)
      << cut.err;
  RunResult refused = witness(w1);
  EXPECT_EQ(refused.exit_code, 3);
  EXPECT_NE(refused.err.find("the log was cut back: witnessed size 15 root "), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find(", the log now offers size 13 root "), std::string::npos)
      << refused.err;
  // A refused run pins no new log key, even when it was offered one.
  TempDir other;
  ASSERT_EQ(Proofline({"init", "--origin", "other.example/log"}, other.path()).exit_code, 0);
  const std::string pinned = ReadText(w1 + ".state/log.pub");
  EXPECT_EQ(Proofline({"log", "witness", "--key", w1 + ".key", "--state", w1 + ".state",
                       "--log-key", other / "signing.pub"},
                      dir_.path())
                .exit_code,
            3);
  EXPECT_EQ(ReadText(w1 + ".state/log.pub"), pinned);

  // Re-grown to the same size with other events, signed with the log's own key.
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(Proofline({"log", "append", "--type", "other.note", "--subject", "s"}, dir_.path())
                  .exit_code,
              0);
  }
  EXPECT_EQ(Verify().exit_code, 0);
  EXPECT_EQ(Proofline(both, dir_.path()).exit_code, 1);
  RunResult forked = witness(w2);
  EXPECT_EQ(forked.exit_code, 3);
  EXPECT_NE(forked.err.find("the log forked: witnessed size 15 root "), std::string::npos)
      << forked.err;
  // ... and grown past it: no consistency proof from the witnessed tree exists.
  ASSERT_EQ(
      Proofline({"log", "append", "--type", "other.note", "--subject", "s"}, dir_.path()).exit_code,
      0);
  RunResult past = witness(w1);
  EXPECT_EQ(past.exit_code, 3);
  EXPECT_NE(past.err.find("the log forked (no valid consistency proof): witnessed size 15"),
            std::string::npos)
      << past.err;
}

// The keys keep to their roles: a witness key is no log key and the reverse, and a witness key
// readable by others is refused.
TEST_F(TamperTest, WitnessAndLogKeysAreNotInterchangeable) {
  TempDir home;
  ASSERT_EQ(Proofline({"witness", "keygen", "--out", home / "w"}, dir_.path()).exit_code, 0);
  RunResult as_log = Proofline({"log", "verify", "--key", home / "w.pub"}, dir_.path());
  EXPECT_EQ(as_log.exit_code, 2);
  EXPECT_NE(as_log.err.find("a witness key, not the log's public key"), std::string::npos)
      << as_log.err;
  RunResult as_witness =
      Proofline({"log", "verify", "--witness-key", dir_ / "signing.pub"}, dir_.path());
  EXPECT_EQ(as_witness.exit_code, 2);
  EXPECT_NE(as_witness.err.find("the log's public key, not a witness key"), std::string::npos);
  RunResult log_key_cosigns = Proofline(
      {"log", "witness", "--key", dir_ / "signing.key", "--state", home / "st"}, dir_.path());
  EXPECT_EQ(log_key_cosigns.exit_code, 2);
  EXPECT_NE(log_key_cosigns.err.find("is a log signing key, not a witness key"), std::string::npos)
      << log_key_cosigns.err;
  std::filesystem::permissions(home / "w.key", std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  RunResult open_key =
      Proofline({"log", "witness", "--key", home / "w.key", "--state", home / "st"}, dir_.path());
  EXPECT_EQ(open_key.exit_code, 1);
  EXPECT_NE(open_key.err.find("is readable by others"), std::string::npos) << open_key.err;
  RunResult quorum = Proofline(
      {"log", "verify", "--witness-key", home / "w.pub", "--witness-quorum", "2"}, dir_.path());
  EXPECT_EQ(quorum.exit_code, 2);
  EXPECT_NE(quorum.err.find("--witness-quorum 2 is more than the 1 witness keys given"),
            std::string::npos)
      << quorum.err;
}

}  // namespace
}  // namespace proofline::testing
