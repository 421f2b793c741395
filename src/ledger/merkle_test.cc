// RFC 6962 reference vectors (the eight leaves of the certificate-transparency test suite) and
// property checks of proof generation against verification.
#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <map>

namespace proofline::ledger {
namespace {

const char* const kLeaves[] = {"",
                               "00",
                               "10",
                               "2021",
                               "3031",
                               "40414243",
                               "5051525354555657",
                               "606162636465666768696a6b6c6d6e6f"};

const char* const kRoots[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

Hash H(const char* hex) { return *HashFromHex(hex); }

std::vector<Hash> Hashes(std::initializer_list<const char*> hexes) {
  std::vector<Hash> out;
  for (const char* h : hexes) out.push_back(H(h));
  return out;
}

// An in-memory tree holding perfect nodes exactly as the store does.
class MemTree {
 public:
  void Append(const Hash& leaf) {
    nodes_[{0, frontier_.size()}] = leaf;
    std::vector<Frontier::Node> created;
    frontier_.Append(leaf, &created);
    for (const auto& n : created) nodes_[{n.level, n.index}] = n.hash;
  }
  PerfectNodeReader Reader() {
    return [this](uint32_t level, uint64_t index) -> Result<Hash> {
      ++reads_;
      auto it = nodes_.find({level, index});
      if (it == nodes_.end()) return NotFound("node");
      return it->second;
    };
  }
  const Frontier& frontier() const { return frontier_; }
  int reads_ = 0;

 private:
  Frontier frontier_;
  std::map<std::pair<uint32_t, uint64_t>, Hash> nodes_;
};

MemTree ReferenceTree(size_t n) {
  MemTree t;
  for (size_t i = 0; i < n; ++i) t.Append(LeafHash(*FromHex(kLeaves[i])));
  return t;
}

TEST(MerkleTree, EmptyTreeRootIsHashOfEmptyString) {
  EXPECT_EQ(ToHex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Frontier().Root(), EmptyRoot());
}

TEST(MerkleTree, RootsMatchRfc6962ReferenceVectors) {
  MemTree t;
  for (size_t i = 0; i < 8; ++i) {
    t.Append(LeafHash(*FromHex(kLeaves[i])));
    EXPECT_EQ(ToHex(t.frontier().Root()), kRoots[i]) << "size " << i + 1;
    EXPECT_EQ(ToHex(*SubtreeRoot(0, i + 1, t.Reader())), kRoots[i]) << "size " << i + 1;
  }
}

TEST(MerkleTree, InclusionProofsMatchReferenceVectors) {
  MemTree t = ReferenceTree(8);
  struct Case {
    uint64_t index, size;
    std::vector<Hash> proof;
  };
  std::vector<Case> cases = {
      {0, 1, {}},
      {0, 8,
       Hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {5, 8,
       Hashes({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
               "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 3, Hashes({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})},
      {1, 5,
       Hashes({"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
  };
  for (const Case& c : cases) {
    Result<std::vector<Hash>> proof = InclusionProof(c.index, c.size, t.Reader());
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(*proof, c.proof) << c.index << "/" << c.size;
    Hash leaf = LeafHash(*FromHex(kLeaves[c.index]));
    EXPECT_TRUE(VerifyInclusion(leaf, c.index, c.size, c.proof, H(kRoots[c.size - 1])));
  }
}

TEST(MerkleTree, ConsistencyProofsMatchReferenceVectors) {
  MemTree t = ReferenceTree(8);
  struct Case {
    uint64_t size1, size2;
    std::vector<Hash> proof;
  };
  std::vector<Case> cases = {
      {1, 1, {}},
      {1, 8,
       Hashes({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
               "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {6, 8,
       Hashes({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
               "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
               "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 5,
       Hashes({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
               "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
  };
  for (const Case& c : cases) {
    Result<std::vector<Hash>> proof = ConsistencyProof(c.size1, c.size2, t.Reader());
    ASSERT_TRUE(proof.ok());
    EXPECT_EQ(*proof, c.proof) << c.size1 << "->" << c.size2;
    EXPECT_TRUE(VerifyConsistency(c.size1, c.size2, c.proof, H(kRoots[c.size1 - 1]),
                                  H(kRoots[c.size2 - 1])));
  }
}

TEST(MerkleTree, EveryProofOfEverySmallTreeVerifiesAndTamperedOnesDoNot) {
  MemTree t;
  std::vector<Hash> roots;
  std::vector<Hash> leaves;
  for (int i = 0; i < 40; ++i) {
    leaves.push_back(LeafHash(AsBytes("leaf " + std::to_string(i))));
    t.Append(leaves.back());
    roots.push_back(t.frontier().Root());
  }
  for (uint64_t size = 1; size <= 40; ++size) {
    for (uint64_t i = 0; i < size; ++i) {
      std::vector<Hash> p = *InclusionProof(i, size, t.Reader());
      ASSERT_TRUE(VerifyInclusion(leaves[i], i, size, p, roots[size - 1])) << i << "/" << size;
      EXPECT_FALSE(VerifyInclusion(leaves[i], i, size, p, roots[(size) % 40]));
      if (!p.empty()) {
        p[0][0] ^= 1;
        EXPECT_FALSE(VerifyInclusion(leaves[i], i, size, p, roots[size - 1]));
      }
    }
    for (uint64_t old = 1; old <= size; ++old) {
      std::vector<Hash> p = *ConsistencyProof(old, size, t.Reader());
      ASSERT_TRUE(VerifyConsistency(old, size, p, roots[old - 1], roots[size - 1]))
          << old << "->" << size;
      if (old < size) {
        Hash wrong = roots[old - 1];
        wrong[31] ^= 1;
        EXPECT_FALSE(VerifyConsistency(old, size, p, wrong, roots[size - 1]));
        p.pop_back();
        EXPECT_FALSE(VerifyConsistency(old, size, p, roots[old - 1], roots[size - 1]));
      }
    }
  }
}

TEST(MerkleTree, ProofsNeedLogarithmicReads) {
  MemTree t;
  for (int i = 0; i < 5000; ++i) t.Append(LeafHash(AsBytes(std::to_string(i))));
  t.reads_ = 0;
  ASSERT_TRUE(InclusionProof(1234, 4999, t.Reader()).ok());
  EXPECT_LE(t.reads_, 2 * 13);
  t.reads_ = 0;
  ASSERT_TRUE(ConsistencyProof(1234, 4999, t.Reader()).ok());
  EXPECT_LE(t.reads_, 3 * 13);
}

TEST(MerkleTree, InternalNodeSeqIsDenseCreationOrder) {
  Frontier f;
  uint64_t expected = 0;
  for (int i = 0; i < 1000; ++i) {
    std::vector<Frontier::Node> created;
    f.Append(LeafHash(AsBytes(std::to_string(i))), &created);
    for (const auto& n : created) EXPECT_EQ(InternalNodeSeq(n.level, n.index), expected++);
  }
}

TEST(MerkleTree, VerifiersRejectMalformedParameters) {
  Hash h = H(kRoots[0]);
  EXPECT_FALSE(VerifyInclusion(h, 1, 1, {}, h));
  EXPECT_FALSE(VerifyInclusion(h, 0, 0, {}, h));
  EXPECT_FALSE(VerifyConsistency(2, 1, {}, h, h));
  EXPECT_FALSE(VerifyConsistency(1, 2, {}, h, h));
  EXPECT_TRUE(VerifyConsistency(0, 5, {}, h, h));
  EXPECT_FALSE(VerifyConsistency(0, 5, {h}, h, h));
}

}  // namespace
}  // namespace proofline::ledger
