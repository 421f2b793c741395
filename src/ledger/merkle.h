// RFC 6962 / RFC 9162 Merkle tree hashing, proofs and their verification.
//
// Format (a contract: external auditors re-implement it):
//   leaf hash  = SHA-256(0x00 || entry bytes)
//   node hash  = SHA-256(0x01 || left || right)
//   empty tree = SHA-256("")
// Leaves are numbered from 0 (uint64). A tree of n leaves splits at k, the largest power of two
// below n (RFC 9162 section 2.1.1); proofs are the PATH and SUBPROOF lists of section 2.1.3/2.1.4,
// ordered from the leaf upwards, and verified with the algorithms of sections 2.1.3.2/2.1.4.2.
//
// Storage model: only *perfect* subtrees are ever stored (level L, index i covers leaves
// [i*2^L, (i+1)*2^L)). They never change once complete, so the tree is append-only on disk,
// appending writes amortised one node per leaf, and any subtree root needed by a proof is
// assembled from O(log n) perfect nodes.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/crypto.h"
#include "base/status.h"

namespace proofline::ledger {

Hash LeafHash(ByteView entry);
Hash NodeHash(const Hash& left, const Hash& right);
Hash EmptyRoot();

// Returns the hash of the perfect subtree (level, index). Level 0 is a leaf hash.
using PerfectNodeReader = std::function<Result<Hash>(uint32_t level, uint64_t index)>;

// Position of internal perfect node (level >= 1, index) in creation order: nodes are numbered
// 0, 1, 2... in the order appends complete them, so they can be stored densely under an integer
// key and scanned in the order a rebuild produces them.
uint64_t InternalNodeSeq(uint32_t level, uint64_t index);

// Root of leaves [begin, end) assembled from perfect nodes. REQUIRES: begin < end.
Result<Hash> SubtreeRoot(uint64_t begin, uint64_t end, const PerfectNodeReader& read);

// RFC 9162 inclusion proof of `index` in the tree of `size` leaves.
// InvalidArgument if index >= size.
Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                         const PerfectNodeReader& read);

// RFC 9162 consistency proof between sizes `size1` <= `size2`. Empty when size1 is 0 or equal.
Result<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2,
                                           const PerfectNodeReader& read);

// RFC 9162 section 2.1.3.2. True only when the proof is valid.
bool VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                     const std::vector<Hash>& proof, const Hash& root);

// RFC 9162 section 2.1.4.2, with size1 == 0 (any tree extends the empty one) and
// size1 == size2 (empty proof, equal roots) handled as in transparency-dev/merkle.
bool VerifyConsistency(uint64_t size1, uint64_t size2, const std::vector<Hash>& proof,
                       const Hash& root1, const Hash& root2);

// The right edge of a tree: the roots of its perfect subtrees, enough to append and to compute
// the root in O(log n). Not thread-safe.
class Frontier {
 public:
  struct Node {
    uint32_t level;
    uint64_t index;
    Hash hash;
  };

  Frontier() = default;
  // Loads the frontier of a tree of `size` leaves from stored perfect nodes.
  static Result<Frontier> Load(uint64_t size, const PerfectNodeReader& read);

  uint64_t size() const { return size_; }
  // Appends a leaf; `created` receives every internal perfect node (level >= 1) it completes.
  void Append(const Hash& leaf_hash, std::vector<Node>* created);
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<Hash> stack_;  // perfect subtree roots, left to right (largest first)
};

}  // namespace proofline::ledger
