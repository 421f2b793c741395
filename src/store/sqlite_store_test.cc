// SqliteStore: creation, ownership checks, append-only triggers, conflicts, migrations.
#include "store/sqlite_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace proofline::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pl_store_XXXXXX";
    dir_ = mkdtemp(tmpl);
    path_ = dir_ + "/s.db";
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }
  static LedgerEntry Entry(uint64_t i) {
    return {i, Sha256(AsBytes(std::to_string(i))), "t", "s", "{\"i\":" + std::to_string(i) + "}"};
  }
  std::string dir_, path_;
};

TEST_F(SqliteStoreTest, CreateThenOpenKeepsData) {
  {
    auto s = *SqliteStore::Create(path_);
    ASSERT_TRUE(s->PutMeta("origin", "o").ok());
    std::vector<LedgerEntry> e = {Entry(0), Entry(1)};
    std::vector<LedgerNode> n = {{0, Sha256(AsBytes("n"))}};
    ASSERT_TRUE(s->AppendLedger(0, e, n, "").ok());
  }
  auto s = *SqliteStore::Open(path_);
  EXPECT_EQ(*s->GetMeta("origin"), "o");
  EXPECT_EQ(*s->LedgerSize(), 2u);
  EXPECT_EQ(*s->LeafHash(1), Entry(1).leaf_hash);
  EXPECT_EQ(*s->InternalNode(0), Sha256(AsBytes("n")));
  EXPECT_EQ(s->LeafHash(2).status().code(), StatusCode::kNotFound);
}

TEST_F(SqliteStoreTest, CreateRefusesAnExistingFile) {
  std::ofstream(path_) << "x";
  EXPECT_EQ(SqliteStore::Create(path_).status().code(), StatusCode::kAlreadyExists);
}

TEST_F(SqliteStoreTest, OpenMissingStoreIsNotFoundAndCreatesNothing) {
  EXPECT_EQ(SqliteStore::Open(path_).status().code(), StatusCode::kNotFound);
  EXPECT_NE(access(path_.c_str(), F_OK), 0);
}

TEST_F(SqliteStoreTest, OpenRejectsFilesThatAreNotOurs) {
  std::ofstream(path_)
      << "this is a text file, not a database, but long enough to have a header....."
         "................................................................";
  auto r = SqliteStore::Open(path_);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("not a Proofline store"), std::string::npos);
  std::string other = dir_ + "/other.db";
  ASSERT_EQ(std::system(("sqlite3 " + other + " 'CREATE TABLE t(x)'").c_str()), 0);
  EXPECT_EQ(SqliteStore::Open(other).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, AppendWithStaleSizeIsAConflictAndWritesNothing) {
  auto s = *SqliteStore::Create(path_);
  std::vector<LedgerEntry> e = {Entry(0)};
  ASSERT_TRUE(s->AppendLedger(0, e, {}, "").ok());
  EXPECT_EQ(s->AppendLedger(0, e, {}, "").code(), StatusCode::kConflict);
  EXPECT_EQ(*s->LedgerSize(), 1u);
}

TEST_F(SqliteStoreTest, LedgerRowsCannotBeUpdatedOrDeleted) {
  {
    auto s = *SqliteStore::Create(path_);
    std::vector<LedgerEntry> e = {Entry(0)};
    ASSERT_TRUE(s->AppendLedger(0, e, {}, "").ok());
  }
  EXPECT_NE(
      std::system(
          ("sqlite3 " + path_ + " \"UPDATE ledger_entries SET entry='x'\" 2>/dev/null").c_str()),
      0);
  EXPECT_NE(std::system(("sqlite3 " + path_ + " 'DELETE FROM ledger_entries' 2>/dev/null").c_str()),
            0);
  auto s = *SqliteStore::Open(path_);
  EXPECT_EQ(*s->LedgerSize(), 1u);
}

TEST_F(SqliteStoreTest, NewerSchemaIsRefused) {
  { auto s = *SqliteStore::Create(path_); }
  ASSERT_EQ(std::system(("sqlite3 " + path_ + " 'PRAGMA user_version=99'").c_str()), 0);
  auto r = SqliteStore::Open(path_);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("newer"), std::string::npos);
}

TEST_F(SqliteStoreTest, ScanFiltersBySubjectAndRange) {
  auto s = *SqliteStore::Create(path_);
  std::vector<LedgerEntry> e;
  for (uint64_t i = 0; i < 10; ++i) {
    e.push_back(Entry(i));
    e.back().subject = i % 2 == 0 ? "even" : "odd";
  }
  ASSERT_TRUE(s->AppendLedger(0, e, {}, "").ok());
  std::vector<uint64_t> seen;
  EntryFilter f;
  f.from = 2;
  f.to = 8;
  f.subject = "odd";
  ASSERT_TRUE(s->ScanEntries(f, [&](const LedgerEntry& x) {
                 seen.push_back(x.index);
                 return OkStatus();
               }).ok());
  EXPECT_EQ(seen, (std::vector<uint64_t>{3, 5, 7}));
}

}  // namespace
}  // namespace proofline::store
