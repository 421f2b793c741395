// Ledger over a real SQLite store: group commit, proofs, rotation, verification, bundles.
#include "ledger/ledger.h"

#include <gtest/gtest.h>

#include <thread>

#include "ledger/bundle.h"
#include "ledger/verifier.h"
#include "store/sqlite_store.h"

namespace proofline::ledger {
namespace {

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pl_ledger_XXXXXX";
    dir_ = mkdtemp(tmpl);
    store_ = *store::SqliteStore::Create(dir_ + "/l.db");
    key_ = *SignerKey::Generate("test.local/log");
    ledger_ = *Ledger::Initialize(store_.get(), "test.local/log", "tester", key_);
  }
  void TearDown() override {
    ledger_.reset();
    store_.reset();
    std::system(("rm -rf " + dir_).c_str());
  }
  static EventInput Event(int i) {
    return {"test.event", "change-" + std::to_string(i % 3), "alice", Json{{"n", i}}};
  }
  std::string dir_;
  std::unique_ptr<store::SqliteStore> store_;
  SignerKey key_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerTest, InitializeWritesInitEventAndFirstCheckpoint) {
  EXPECT_EQ(*ledger_->Size(), 1u);
  auto cps = *store_->Checkpoints();
  ASSERT_EQ(cps.size(), 1u);
  EXPECT_EQ(cps[0].tree_size, 1u);
  EXPECT_TRUE(VerifyStore(store_.get(), {key_.verifier}).ok);
}

TEST_F(LedgerTest, AppendAssignsConsecutiveIndicesAndCanonicalEntries) {
  auto a = *ledger_->Append({Event(1), Event(2)});
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].index, 1u);
  EXPECT_EQ(a[1].index, 2u);
  std::string entry;
  ASSERT_TRUE(store_
                  ->ScanEntries({1, 2, {}, {}},
                                [&](const store::LedgerEntry& e) {
                                  entry = e.entry;
                                  return OkStatus();
                                })
                  .ok());
  EXPECT_EQ(entry,
            "{\"actor\":\"alice\",\"authority\":\"proofline\",\"data\":{\"n\":1},\"subject\":"
            "\"change-1\",\"time\":\"" +
                a[0].time + "\",\"type\":\"test.event\"}");
  EXPECT_EQ(LeafHash(AsBytes(entry)), a[0].leaf_hash);
}

TEST_F(LedgerTest, BatchWithOneBadEventWritesNothing) {
  EventInput bad = Event(3);
  bad.type = "has space";
  auto r = ledger_->Append({Event(1), bad});
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("event 2"), std::string::npos);
  EXPECT_EQ(*ledger_->Size(), 1u);
}

TEST_F(LedgerTest, ConcurrentAppendersAreGroupCommittedWithoutLoss) {
  constexpr int kThreads = 8, kPerThread = 200;
  std::vector<std::thread> threads;
  std::vector<std::vector<uint64_t>> indices(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = ledger_->Append({Event(t * 1000 + i)});
        ASSERT_TRUE(r.ok()) << r.status().message();
        indices[t].push_back((*r)[0].index);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<bool> seen(kThreads * kPerThread + 1, false);
  for (const auto& v : indices) {
    for (uint64_t i : v) {
      ASSERT_LT(i, seen.size());
      EXPECT_FALSE(seen[i]) << "index handed out twice: " << i;
      seen[i] = true;
    }
  }
  EXPECT_EQ(*ledger_->Size(), uint64_t{kThreads * kPerThread + 1});
  ASSERT_TRUE(ledger_->MakeCheckpoint({&key_}).ok());
  EXPECT_TRUE(VerifyStore(store_.get(), {key_.verifier}).ok);
}

TEST_F(LedgerTest, ProofsFromStoreVerifyAgainstRoots) {
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(ledger_->Append({Event(i)}).ok());
  Hash root = *ledger_->RootAt(101);
  for (uint64_t i : {0, 1, 50, 99, 100}) {
    auto proof = *ledger_->ProveInclusion(i, 101);
    EXPECT_TRUE(VerifyInclusion(*store_->LeafHash(i), i, 101, proof, root));
  }
  auto c = *ledger_->ProveConsistency(37, 101);
  EXPECT_TRUE(VerifyConsistency(37, 101, c, *ledger_->RootAt(37), root));
  EXPECT_EQ(ledger_->ProveInclusion(5, 500).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(LedgerTest, SecondWriterThroughAnotherConnectionIsSequencedAfterReload) {
  auto other_store = *store::SqliteStore::Open(dir_ + "/l.db");
  auto other = *Ledger::Open(other_store.get());
  ASSERT_TRUE(ledger_->Append({Event(1)}).ok());
  auto r = other->Append({Event(2)});  // its cached edge is stale: must reload, not fork
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].index, 2u);
  ASSERT_TRUE(ledger_->Append({Event(3)}).ok());
  ASSERT_TRUE(ledger_->MakeCheckpoint({&key_}).ok());
  EXPECT_TRUE(VerifyStore(store_.get(), {key_.verifier}).ok);
}

TEST_F(LedgerTest, RotatedKeyKeepsOldCheckpointsVerifiable) {
  ASSERT_TRUE(ledger_->Append({Event(1)}).ok());
  ASSERT_TRUE(ledger_->MakeCheckpoint({&key_}).ok());
  SignerKey next = *SignerKey::Generate("test.local/log");
  ASSERT_TRUE(ledger_->RotateKey(key_, next, "admin").ok());
  ASSERT_TRUE(ledger_->Append({Event(2)}).ok());
  ASSERT_TRUE(ledger_->MakeCheckpoint({&next}).ok());
  VerifyReport with_new = VerifyStore(store_.get(), {next.verifier});
  EXPECT_TRUE(with_new.ok) << with_new.problem;
  EXPECT_EQ(with_new.checkpoints, 4u);
  EXPECT_TRUE(VerifyStore(store_.get(), {key_.verifier}).ok);
  // A checkpoint signed by the retired key after the hand-over is refused.
  ASSERT_TRUE(ledger_->Append({Event(3)}).ok());
  ASSERT_TRUE(ledger_->MakeCheckpoint({&key_}).ok());
  VerifyReport stale = VerifyStore(store_.get(), {next.verifier});
  EXPECT_FALSE(stale.ok);
  EXPECT_NE(stale.problem.find("lacks a valid signature"), std::string::npos);
}

TEST_F(LedgerTest, HostileManifestsAndKeyEventsFailWithoutThrowing) {
  ASSERT_TRUE(
      ExportBundle(store_.get(), ledger_->origin(), key_.verifier.Encode(), dir_ + "/b").ok());
  BundleContents good = *ReadBundle(dir_ + "/b");
  for (const char* manifest :
       {R"({"format":{}})", R"({"format":"proofline-bundle/1","sha256":"x"})", R"([1,2])",
        R"({"format":"proofline-bundle/1","events":-1})"}) {
    BundleContents b = good;
    b.manifest = manifest;
    EXPECT_FALSE(VerifyBundle(b, {key_.verifier}).ok) << manifest;
  }
  // A rotation event whose key is not a string: a verification failure, not a crash.
  ASSERT_TRUE(
      ledger_->Append({{"ledger.key.rotated", "x", "mallory", Json{{"key", Json::object()}}}})
          .ok());
  VerifyReport r = VerifyStore(store_.get(), {key_.verifier});
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_index, 1u);
}

TEST(EventAuthorityTest, TheLedgerStampsTheOwnerAndRefusesReservedIntegrationEvents) {
  Result<PreparedEvent> owned = PrepareEvent({"approval.granted", "CHG-1", "sam", Json::object()});
  ASSERT_TRUE(owned.ok());
  std::string entry = owned->EntryAt("2026-12-07T12:00:00.000000Z");
  EXPECT_EQ(ReadEntryHeader(entry)->authority, "approval");
  EXPECT_TRUE(ParseEntry(entry)->FromOwner());

  EventInput forged{"approval.granted", "CHG-1", "sam", Json::object()};
  Result<PreparedEvent> refused = PrepareEvent(forged, kAuthorityIntegration);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(refused.status().message().find("reserved: only proofline approve"), std::string::npos)
      << refused.status().message();
  forged.type = "Approval.Granted";  // case does not make it an integration's type
  EXPECT_FALSE(PrepareEvent(forged, kAuthorityIntegration).ok());
  forged.type = "approval.granted";  // only the ledger stamps an owner
  EXPECT_EQ(PrepareEvent(forged, "approval").status().code(), StatusCode::kInvalidArgument);

  EventInput ticket{"ticket.linked", "CHG-1", "sam", Json::object()};
  std::string t =
      PrepareEvent(ticket, kAuthorityIntegration)->EntryAt("2026-12-07T12:00:00.000000Z");
  EXPECT_EQ(ReadEntryHeader(t)->authority, "integration");
  EXPECT_EQ(ReadEntryHeader(t)->type, "ticket.linked");
}

TEST(EventAuthorityTest, TheHeaderIsReadPastAnActorThatImitatesIt) {
  // An actor holding the text of an authority key cannot pass for one: its quotes are escaped.
  EventInput e{"ticket.linked", "S", "x\",\"authority\":\"approval",
               Json{{"type", "gate.decided"}}};
  std::string entry =
      PrepareEvent(e, kAuthorityIntegration)->EntryAt("2026-12-07T12:00:00.000000Z");
  ASSERT_TRUE(ReadEntryHeader(entry).has_value()) << entry;
  EXPECT_EQ(ReadEntryHeader(entry)->authority, "integration");
  EXPECT_EQ(ReadEntryHeader(entry)->type, "ticket.linked");
  EXPECT_FALSE(ReadEntryHeader("{\"actor\":\"a\",\"data\":{},\"type\":\"x\"}").has_value());
  EXPECT_FALSE(ReadEntryHeader("{\"actor\":\"a\\").has_value());
}

TEST_F(LedgerTest, AReservedEventOutsideItsOwnersAuthorityFailsVerification) {
  // Whoever could write the store (and sign) would have to put such an entry in: the verifier
  // names it, and the folds would not read it.
  std::vector<std::string> entries;
  ASSERT_TRUE(store_
                  ->ScanEntries({},
                                [&](const store::LedgerEntry& e) {
                                  entries.push_back(e.entry);
                                  return OkStatus();
                                })
                  .ok());
  LedgerVerifier v({key_.verifier}, {});
  ASSERT_TRUE(v.AddEntry(0, entries[0], nullptr));
  std::string forged =
      "{\"actor\":\"tom\",\"authority\":\"integration\",\"data\":{},\"subject\":\"CHG-1\","
      "\"time\":\"2026-12-07T12:00:00.000000Z\",\"type\":\"approval.granted\"}";
  EXPECT_FALSE(ParseEntry(forged)->FromOwner());
  EXPECT_FALSE(v.AddEntry(1, forged, nullptr));
  VerifyReport r = v.Finish();
  EXPECT_EQ(r.first_bad_index, 1u);
  EXPECT_NE(r.problem.find("approval.granted) was recorded under authority 'integration'"),
            std::string::npos)
      << r.problem;
  // A five-key entry (the format before the authority) is not in the leaf format.
  LedgerVerifier old({key_.verifier}, {});
  ASSERT_TRUE(old.AddEntry(0, entries[0], nullptr));
  EXPECT_FALSE(old.AddEntry(1,
                            "{\"actor\":\"tom\",\"data\":{},\"subject\":\"S\",\"time\":\"2026-12-"
                            "07T12:00:00.000000Z\",\"type\":\"ticket.linked\"}",
                            nullptr));
}

// The commands that fail closed before acting check the decisive signatures only: the newest
// checkpoint's (it signs the whole tree) and hand-overs. An intermediate checkpoint signed by
// someone else is caught by the audit (kEvery) and passed over by kDecisive, but no checkpoint
// can misstate the tree either way, and a forged newest one is caught by both.
TEST_F(LedgerTest, DecisiveScopeChecksTheNewestSignatureAndEveryRoot) {
  SignerKey intruder = *SignerKey::Generate("test.local/log");
  ASSERT_TRUE(ledger_->Append({Event(1), Event(2)}).ok());
  auto forged = [&](uint64_t size, const Hash& root) {
    Checkpoint cp{"test.local/log", size, root, {}};
    return *store_->AddCheckpoint(size, *SignNote(cp.Body(), {&intruder}));
  };
  forged(3, *ledger_->RootAt(3));  // true root, wrong signer
  ASSERT_TRUE(ledger_->Append({Event(3)}).ok());
  ASSERT_TRUE(ledger_->MakeCheckpoint({&key_}).ok());
  VerifyReport every = VerifyStore(store_.get(), {key_.verifier}, SignatureScope::kEvery);
  EXPECT_FALSE(every.ok);
  EXPECT_NE(every.problem.find("checkpoint 2 (size 3) lacks a valid signature"), std::string::npos)
      << every.problem;
  VerifyReport decisive = VerifyStore(store_.get(), {key_.verifier}, SignatureScope::kDecisive);
  EXPECT_TRUE(decisive.ok) << decisive.problem;
  EXPECT_EQ(decisive.checkpoints, 3u);
  EXPECT_EQ(decisive.signed_size, 4u);

  // A forged newest checkpoint, even with the true root: caught.
  ASSERT_TRUE(ledger_->Append({Event(4)}).ok());
  forged(5, *ledger_->RootAt(5));
  VerifyReport newest = VerifyStore(store_.get(), {key_.verifier}, SignatureScope::kDecisive);
  EXPECT_FALSE(newest.ok);
  EXPECT_NE(newest.problem.find("checkpoint 4 (size 5) lacks a valid signature"), std::string::npos)
      << newest.problem;
  // An intermediate one with a false root: caught by its root, whatever its signature.
  ASSERT_TRUE(store_
                  ->AddCheckpoint(
                      5, *SignNote(Checkpoint{"test.local/log", 5, *ledger_->RootAt(5), {}}.Body(),
                                   {&key_}))
                  .ok());
  ASSERT_TRUE(ledger_->Append({Event(5)}).ok());
  forged(6, *ledger_->RootAt(5));
  ASSERT_TRUE(store_
                  ->AddCheckpoint(
                      6, *SignNote(Checkpoint{"test.local/log", 6, *ledger_->RootAt(6), {}}.Body(),
                                   {&key_}))
                  .ok());
  VerifyReport lying = VerifyStore(store_.get(), {key_.verifier}, SignatureScope::kDecisive);
  EXPECT_FALSE(lying.ok);
  EXPECT_NE(lying.problem.find("do not match its signed root"), std::string::npos) << lying.problem;
}

TEST_F(LedgerTest, UnknownTrustedKeyFailsVerification) {
  SignerKey stranger = *SignerKey::Generate("test.local/log");
  VerifyReport r = VerifyStore(store_.get(), {stranger.verifier});
  EXPECT_FALSE(r.ok);
}

TEST_F(LedgerTest, ExportedBundleVerifiesAndDetectsAlteredEvents) {
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(ledger_->Append({Event(i)}).ok());
  ASSERT_TRUE(ledger_->MakeCheckpoint({&key_}).ok());
  ASSERT_TRUE(
      ExportBundle(store_.get(), ledger_->origin(), key_.verifier.Encode(), dir_ + "/b").ok());
  BundleContents b = *ReadBundle(dir_ + "/b");
  VerifyReport ok = VerifyBundle(b, {key_.verifier});
  EXPECT_TRUE(ok.ok) << ok.problem;
  EXPECT_EQ(ok.events, 21u);
  BundleContents altered = b;
  altered.events[altered.events.find("\"n\":7") + 4] = '8';
  EXPECT_FALSE(VerifyBundle(altered, {key_.verifier}).ok);
  Json manifest = *ParseJsonStrict(altered.manifest);
  manifest["sha256"]["events.jsonl"] = ToHex(Sha256(AsBytes(altered.events)));
  altered.manifest =
      manifest.dump();  // the forger fixes the digest: the signed root still catches it
  VerifyReport forged = VerifyBundle(altered, {key_.verifier});
  EXPECT_FALSE(forged.ok);
  EXPECT_NE(forged.problem.find("do not match its signed root"), std::string::npos)
      << forged.problem;
  BundleContents truncated = b;
  truncated.events.resize(truncated.events.size() / 2);
  EXPECT_FALSE(VerifyBundle(truncated, {key_.verifier}).ok);
  BundleContents no_cps = b;
  no_cps.checkpoints.pop_back();
  EXPECT_FALSE(VerifyBundle(no_cps, {key_.verifier}).ok);
}

}  // namespace
}  // namespace proofline::ledger
