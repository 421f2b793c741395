// Tests of the compiled-database cache: a second compile loads the file, damaged or foreign files
// are recompiled and replaced, an unusable directory never fails the compile, compile errors are
// not cached, the cache stays bounded, and the secrets scanner finds the same with a cached
// database.
#include "scan/db_cache.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/files.h"
#include "scan/secrets.h"

namespace proofline::scan {
namespace {

namespace fs = std::filesystem;

class DbCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/proofline-dbcache-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    root_ = tmpl;
  }
  void TearDown() override { fs::remove_all(root_); }

  static std::vector<HsPattern> Patterns(const std::string& extra = "") {
    std::vector<HsPattern> p = {{HsLiteral("ghp_"), kHsCaseless}, {"key=[0-9]{4}", 0}};
    if (!extra.empty()) p.push_back({HsLiteral(extra), 0});
    return p;
  }

  // End offsets of every match of `db` in `text`, as "id@end".
  static std::vector<std::string> Matches(const HsDatabase& db, std::string_view text) {
    std::vector<std::string> out;
    Status s = db.Scan(text, [&](unsigned id, uint64_t end) {
      out.push_back(std::to_string(id) + "@" + std::to_string(end));
    });
    EXPECT_TRUE(s.ok()) << s.message();
    return out;
  }

  static size_t Files(const std::string& dir) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ".hsdb";
    return n;
  }

  std::string root_;
};

TEST_F(DbCacheTest, SecondCompileLoadsTheStoredDatabase) {
  HsDatabaseCache cache(root_);
  CacheOutcome outcome{};
  auto first = cache.Compile(Patterns(), nullptr, &outcome);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(outcome, CacheOutcome::kMiss);
  std::string path = cache.PathFor(Patterns());
  ASSERT_TRUE(PathExists(path));
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat((root_ + "/vectorscan").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  auto second = cache.Compile(Patterns(), nullptr, &outcome);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(outcome, CacheOutcome::kHit);
  std::string text = "GHP_x key=1234 ghp_";
  EXPECT_EQ(Matches(**second, text), Matches(**first, text));
  EXPECT_EQ(Matches(**second, text), (std::vector<std::string>{"0@4", "1@14", "0@19"}));
}

TEST_F(DbCacheTest, KeyDependsOnEveryPatternAndFlag) {
  HsDatabaseCache cache(root_);
  std::vector<HsPattern> caseless = Patterns();
  std::vector<HsPattern> exact = Patterns();
  exact[0].flags = 0;
  EXPECT_NE(cache.PathFor(caseless), cache.PathFor(exact));
  EXPECT_NE(cache.PathFor(Patterns()), cache.PathFor(Patterns("x")));
  // Length-prefixed: moving bytes between two expressions changes the key.
  EXPECT_NE(cache.PathFor({{"ab", 0}, {"c", 0}}), cache.PathFor({{"a", 0}, {"bc", 0}}));
  EXPECT_EQ(HsDatabaseCache("").PathFor(Patterns()), "");
}

TEST_F(DbCacheTest, DamagedFilesAreRecompiledAndReplaced) {
  HsDatabaseCache cache(root_);
  ASSERT_TRUE(cache.Compile(Patterns()).ok());
  std::string path = cache.PathFor(Patterns());
  Result<std::string> good = ReadFile(path);
  ASSERT_TRUE(good.ok());

  std::string flipped = *good;
  flipped[flipped.size() / 2] ^= 0x5a;  // a payload byte: the digest no longer matches
  std::string bad_payload = good->substr(0, 49) + std::string(good->size() - 49, '\x07');
  // A digest that matches its payload, but the payload is not a Vectorscan database.
  std::string garbage = "not a database";
  Hash h = Sha256(AsBytes(garbage));
  std::string forged = "proofline-hsdb 1\n" + std::string(h.begin(), h.end()) + garbage;
  for (const std::string& damaged :
       {std::string(), good->substr(0, 20), good->substr(0, good->size() - 1), flipped, bad_payload,
        forged, "proofline-hsdb 2\n" + good->substr(17)}) {
    ASSERT_TRUE(WriteFileAtomic(path, damaged).ok());
    CacheOutcome outcome{};
    auto db = cache.Compile(Patterns(), nullptr, &outcome);
    ASSERT_TRUE(db.ok()) << db.status().message();
    EXPECT_EQ(outcome, CacheOutcome::kMiss) << damaged.size();
    EXPECT_EQ(Matches(**db, "key=9999"), (std::vector<std::string>{"1@8"}));
    EXPECT_EQ(*ReadFile(path), *good) << "rewritten";
  }
}

TEST_F(DbCacheTest, UnusableDirectoryOnlyCostsTheCompile) {
  std::ofstream(root_ + "/file") << "x";  // a file where the cache root should be
  HsDatabaseCache cache(root_ + "/file");
  CacheOutcome outcome{};
  auto db = cache.Compile(Patterns(), nullptr, &outcome);
  ASSERT_TRUE(db.ok()) << db.status().message();
  EXPECT_EQ(outcome, CacheOutcome::kMiss);
  EXPECT_EQ(Matches(**db, "ghp_"), (std::vector<std::string>{"0@4"}));

  HsDatabaseCache disabled("");
  ASSERT_TRUE(disabled.Compile(Patterns(), nullptr, &outcome).ok());
  EXPECT_EQ(outcome, CacheOutcome::kDisabled);
}

TEST_F(DbCacheTest, CompileErrorsAreReturnedAndNotCached) {
  HsDatabaseCache cache(root_);
  std::vector<HsPattern> patterns = {{"ok", 0}, {"a*", 0}};  // matches the empty string
  size_t bad = 99;
  auto db = cache.Compile(patterns, &bad);
  EXPECT_FALSE(db.ok());
  EXPECT_EQ(bad, 1u);
  EXPECT_FALSE(PathExists(cache.PathFor(patterns)));
}

TEST_F(DbCacheTest, KeepsAtMostMaxEntriesDroppingTheLeastRecentlyUsed) {
  HsDatabaseCache cache(root_);
  ASSERT_TRUE(cache.Compile(Patterns("first")).ok());
  for (size_t i = 0; i < HsDatabaseCache::kMaxEntries + 3; ++i) {
    ASSERT_TRUE(cache.Compile(Patterns("p" + std::to_string(i))).ok());
    // Using "first" again keeps it the most recent: it survives the pruning.
    CacheOutcome outcome{};
    ASSERT_TRUE(cache.Compile(Patterns("first"), nullptr, &outcome).ok());
    EXPECT_EQ(outcome, CacheOutcome::kHit) << i;
  }
  EXPECT_EQ(Files(root_ + "/vectorscan"), HsDatabaseCache::kMaxEntries);
  // (Which p-files went depends on file times the kernel rounds to its tick: not asserted.)
  EXPECT_TRUE(PathExists(cache.PathFor(Patterns("first"))));
}

TEST_F(DbCacheTest, SecretsScannerFindsTheSameWithACachedDatabase) {
  std::string text = "token = \"ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\"\nAKIAIOSFODNN7EXAMPLX\n";
  std::vector<std::string> found[2];
  for (CacheOutcome expected : {CacheOutcome::kMiss, CacheOutcome::kHit}) {
    Result<SecretRuleSet> rules = DefaultSecretRules();
    ASSERT_TRUE(rules.ok());
    auto s = SecretsScanner::Create(std::move(*rules), HsDatabaseCache(root_));
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ((*s)->cache_outcome(), expected);
    std::vector<Finding> out;
    (*s)->Scan("a.env", text, out);
    for (const Finding& f : out) {
      found[expected == CacheOutcome::kHit].push_back(f.rule_id + "@" + std::to_string(f.begin));
    }
  }
  EXPECT_FALSE(found[0].empty());
  EXPECT_EQ(found[0], found[1]);
}

}  // namespace
}  // namespace proofline::scan
