// Tests of the blob store: streaming puts, deduplication, and verification on read.
#include "blob/blob_store.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "base/files.h"

namespace proofline::blob {
namespace {

class BlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/proofline_blob_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { RemoveTree(dir_); }

  std::string WriteInput(const std::string& name, const std::string& data) {
    std::string path = dir_ + "/" + name;
    EXPECT_TRUE(WriteFileAtomic(path, data).ok());
    return path;
  }
  std::string ReadBlob(const BlobStore& store, const Hash& digest, Status* status) {
    std::string out;
    *status = store.Read(digest, [&out](ByteView chunk) {
      out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size());
      return OkStatus();
    });
    return out;
  }

  std::string dir_;
};

TEST_F(BlobStoreTest, PutBytesStoresMemoryLargerThanAChunkAndDeduplicatesWithAFile) {
  BlobStore store(BlobStore::DirFor(dir_ + "/proofline.db"));
  std::string data(kChunkBytes * 2 + 17, 'x');
  data[kChunkBytes] = 'y';
  Result<BlobRef> ref = store.PutBytes(data);
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  EXPECT_EQ(ref->digest, Sha256(AsBytes(data)));
  EXPECT_EQ(ref->size, data.size());
  Status s;
  EXPECT_EQ(ReadBlob(store, ref->digest, &s), data);
  EXPECT_TRUE(s.ok());
  Result<BlobRef> again = store.PutFile(WriteInput("same.bin", data));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->digest, ref->digest);
}

TEST_F(BlobStoreTest, PutStoresTheBytesUnderTheirDigest) {
  BlobStore store(BlobStore::DirFor(dir_ + "/proofline.db"));
  Result<BlobRef> ref = store.PutFile(WriteInput("a.xml", "hello"));
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  EXPECT_EQ(ref->size, 5u);
  EXPECT_EQ(ref->DigestString(),
            "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(store.PathOf(ref->digest),
            dir_ +
                "/proofline.db.blobs/sha256/2c/"
                "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_TRUE(store.Has(ref->digest));
  Status s;
  EXPECT_EQ(ReadBlob(store, ref->digest, &s), "hello");
  EXPECT_TRUE(s.ok()) << s.message();
  struct stat st {};
  ASSERT_EQ(stat(store.PathOf(ref->digest).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0444u);
}

TEST_F(BlobStoreTest, LargeInputsStreamAcrossManyChunks) {
  std::string big;
  for (int i = 0; big.size() < 3 * kChunkBytes + 17; ++i) big += std::to_string(i) + ",";
  BlobStore store(dir_ + "/blobs");
  Result<BlobRef> ref = store.PutFile(WriteInput("big", big));
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  EXPECT_EQ(ref->size, big.size());
  EXPECT_EQ(ref->digest, Sha256(AsBytes(big)));
  Status s;
  EXPECT_EQ(ReadBlob(store, ref->digest, &s), big);
  EXPECT_TRUE(s.ok());
}

TEST_F(BlobStoreTest, SameContentIsStoredOnceAndNoTemporaryFileRemains) {
  BlobStore store(dir_ + "/blobs");
  Result<BlobRef> a = store.PutFile(WriteInput("a", "same bytes"));
  Result<BlobRef> b = store.PutFile(WriteInput("b", "same bytes"));
  Result<BlobRef> c = store.PutFile(WriteInput("c", "other bytes"));
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->digest, b->digest);
  EXPECT_NE(a->digest, c->digest);
  Result<std::vector<std::string>> top = ListDir(dir_ + "/blobs");
  ASSERT_TRUE(top.ok());
  EXPECT_TRUE(top->empty()) << (*top)[0];  // only directories, no .tmp-* left behind
  Result<std::vector<std::string>> fanout = ListDir(DirName(store.PathOf(a->digest)));
  ASSERT_TRUE(fanout.ok());
  EXPECT_EQ(fanout->size(), a->digest[0] == c->digest[0] ? 2u : 1u);
}

TEST_F(BlobStoreTest, ReadDetectsACorruptedBlobAndNamesItsDigest) {
  BlobStore store(dir_ + "/blobs");
  Result<BlobRef> ref = store.PutFile(WriteInput("a", "<testsuite tests=\"1\"/>"));
  ASSERT_TRUE(ref.ok());
  std::string path = store.PathOf(ref->digest);
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  ASSERT_TRUE(WriteFileAtomic(path, "<testsuite tests=\"9\"/>").ok());
  Status s;
  ReadBlob(store, ref->digest, &s);
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find(ref->DigestString()), std::string::npos) << s.message();
  EXPECT_EQ(store.Verify(ref->digest).status().code(), StatusCode::kCorruption);
}

TEST_F(BlobStoreTest, ATruncatedBlobIsReplacedByTheNextPutOfTheSameContent) {
  BlobStore store(dir_ + "/blobs");
  Result<BlobRef> ref = store.PutFile(WriteInput("a", "complete content"));
  ASSERT_TRUE(ref.ok());
  std::string path = store.PathOf(ref->digest);
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  ASSERT_TRUE(WriteFileAtomic(path, "compl").ok());
  ASSERT_TRUE(store.PutFile(WriteInput("b", "complete content")).ok());
  Result<uint64_t> size = store.Verify(ref->digest);
  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(*size, 16u);
}

TEST_F(BlobStoreTest, MissingInputsAndBlobsAreNotFound) {
  BlobStore store(dir_ + "/blobs");
  EXPECT_EQ(store.PutFile(dir_ + "/nope").status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(PathExists(dir_ + "/blobs"));
  Hash h = Sha256(AsBytes("absent"));
  EXPECT_FALSE(store.Has(h));
  EXPECT_EQ(store.Verify(h).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace proofline::blob
