// Atomic file writes: nothing visible before Commit, nothing left behind without it.
#include "base/files.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"

namespace proofline {
namespace {

class FilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pl_files_XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { RemoveTree(dir_); }
  std::string dir_;
};

TEST_F(FilesTest, StreamedWriteAppearsOnlyOnCommit) {
  std::string path = dir_ + "/out.txt";
  auto w = *AtomicFileWriter::Create(path);
  std::string big(3 << 20, 'x');  // crosses the internal buffer flush
  ASSERT_TRUE(w->Append("head\n").ok());
  ASSERT_TRUE(w->Append(big).ok());
  EXPECT_FALSE(PathExists(path));
  ASSERT_TRUE(w->Commit().ok());
  EXPECT_EQ(ReadFile(path)->size(), 5 + big.size());
  EXPECT_EQ(ListDir(dir_)->size(), 1u);  // no temporary left
}

TEST_F(FilesTest, AbandonedWriterLeavesNothing) {
  {
    auto w = *AtomicFileWriter::Create(dir_ + "/never.txt");
    ASSERT_TRUE(w->Append("partial").ok());
  }
  EXPECT_TRUE(ListDir(dir_)->empty());
}

TEST_F(FilesTest, WriteFileAtomicAppliesModeFromCreation) {
  ASSERT_TRUE(WriteFileAtomic(dir_ + "/secret", "k", 0600).ok());
  struct stat st {};
  ASSERT_EQ(stat((dir_ + "/secret").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(ReadFile(dir_ + "/missing").status().code(), StatusCode::kNotFound);
}

TEST_F(FilesTest, WriteFileOnceNeverReplacesAndLeavesNoTemporaryFile) {
  std::string path = dir_ + "/00000001.note";
  ASSERT_TRUE(WriteFileOnce(path, "first").ok());
  Status again = WriteFileOnce(path, "second");
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*ReadFile(path), "first");
  struct stat st {};
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
  EXPECT_EQ(ListDir(dir_)->size(), 1u);
}

TEST(Text, TrimBlanksTakesTheBlanksItIsGiven) {
  EXPECT_EQ(TrimBlanks(" \t a b \r\n"), "a b");
  EXPECT_EQ(TrimBlanks(" a\r", " "), "a\r");
  EXPECT_EQ(TrimBlanks(" \t "), "");
}

TEST(Text, OneLineKeepsUtf8AndAsciiExcerptDoesNot) {
  EXPECT_EQ(OneLine("caf\xc3\xa9\nx", 64), "caf\xc3\xa9?x");
  EXPECT_EQ(OneLine("caf\xc3\xa9", 4), "caf...");  // never half a character
  EXPECT_EQ(AsciiExcerpt("caf\xc3\xa9\nx", 64), "caf???x");
  EXPECT_EQ(AsciiExcerpt("abcdef", 3), "abc...");
}

TEST(Text, Utf8PrefixNeverSplitsACharacter) {
  EXPECT_EQ(Utf8Prefix("abc", 5), "abc");
  EXPECT_EQ(Utf8Prefix("abcdef", 3), "abc");
  EXPECT_EQ(Utf8Prefix("a\xc3\xa9"
                       "b",
                       2),
            "a");  // é is two bytes
  EXPECT_EQ(Utf8Prefix("a\xc3\xa9"
                       "b",
                       3),
            "a\xc3\xa9");
  EXPECT_EQ(Utf8Prefix("\xe2\x82\xac\xe2\x82\xac", 4), "\xe2\x82\xac");  // euro signs
}

}  // namespace
}  // namespace proofline
