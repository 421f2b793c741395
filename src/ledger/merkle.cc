// RFC 6962/9162 Merkle tree: hashing, proof generation from stored perfect subtrees, and the
// RFC 9162 verification algorithms.
#include "ledger/merkle.h"

#include <bit>

namespace proofline::ledger {
namespace {

constexpr uint8_t kLeafPrefix = 0x00;
constexpr uint8_t kNodePrefix = 0x01;

// Largest power of two strictly below n. REQUIRES: n >= 2.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

Status AppendPath(uint64_t index, uint64_t begin, uint64_t end, const PerfectNodeReader& read,
                  std::vector<Hash>* out) {
  if (end - begin == 1) return OkStatus();
  uint64_t k = SplitPoint(end - begin);
  if (index < begin + k) {
    RETURN_IF_ERROR(AppendPath(index, begin, begin + k, read, out));
    ASSIGN_OR_RETURN(Hash right, SubtreeRoot(begin + k, end, read));
    out->push_back(right);
  } else {
    RETURN_IF_ERROR(AppendPath(index, begin + k, end, read, out));
    ASSIGN_OR_RETURN(Hash left, SubtreeRoot(begin, begin + k, read));
    out->push_back(left);
  }
  return OkStatus();
}

// SUBPROOF(m, D[begin:end], whole) of RFC 9162 section 2.1.4.1, m counted from `begin`.
Status AppendSubproof(uint64_t m, uint64_t begin, uint64_t end, bool whole,
                      const PerfectNodeReader& read, std::vector<Hash>* out) {
  uint64_t n = end - begin;
  if (m == n) {
    if (whole) return OkStatus();
    ASSIGN_OR_RETURN(Hash h, SubtreeRoot(begin, end, read));
    out->push_back(h);
    return OkStatus();
  }
  uint64_t k = SplitPoint(n);
  if (m <= k) {
    RETURN_IF_ERROR(AppendSubproof(m, begin, begin + k, whole, read, out));
    ASSIGN_OR_RETURN(Hash right, SubtreeRoot(begin + k, end, read));
    out->push_back(right);
  } else {
    RETURN_IF_ERROR(AppendSubproof(m - k, begin + k, end, false, read, out));
    ASSIGN_OR_RETURN(Hash left, SubtreeRoot(begin, begin + k, read));
    out->push_back(left);
  }
  return OkStatus();
}

bool Lsb(uint64_t x) { return (x & 1) != 0; }

}  // namespace

Hash LeafHash(ByteView entry) {
  const uint8_t prefix = kLeafPrefix;
  return Sha256({ByteView(&prefix, 1), entry});
}

Hash NodeHash(const Hash& left, const Hash& right) {
  const uint8_t prefix = kNodePrefix;
  return Sha256({ByteView(&prefix, 1), left, right});
}

Hash EmptyRoot() { return Sha256(ByteView()); }

uint64_t InternalNodeSeq(uint32_t level, uint64_t index) {
  // The node completes when leaf m = (index+1)*2^level - 1 is appended. Before that append the
  // tree has m leaves and m - popcount(m) internal perfect nodes; the append then creates its
  // nodes bottom-up, level 1 first.
  uint64_t m = ((index + 1) << level) - 1;
  return m - static_cast<uint64_t>(std::popcount(m)) + (level - 1);
}

Result<Hash> SubtreeRoot(uint64_t begin, uint64_t end, const PerfectNodeReader& read) {
  uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) {
    return read(static_cast<uint32_t>(std::countr_zero(n)), begin / n);
  }
  uint64_t k = SplitPoint(n);
  ASSIGN_OR_RETURN(Hash left, SubtreeRoot(begin, begin + k, read));
  ASSIGN_OR_RETURN(Hash right, SubtreeRoot(begin + k, end, read));
  return NodeHash(left, right);
}

Result<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                         const PerfectNodeReader& read) {
  if (index >= size) {
    return InvalidArgument("index " + std::to_string(index) + " is not below tree size " +
                           std::to_string(size));
  }
  std::vector<Hash> proof;
  RETURN_IF_ERROR(AppendPath(index, 0, size, read, &proof));
  return proof;
}

Result<std::vector<Hash>> ConsistencyProof(uint64_t size1, uint64_t size2,
                                           const PerfectNodeReader& read) {
  if (size1 > size2) {
    return InvalidArgument("consistency proof from size " + std::to_string(size1) +
                           " to smaller size " + std::to_string(size2));
  }
  std::vector<Hash> proof;
  if (size1 == 0 || size1 == size2) return proof;
  RETURN_IF_ERROR(AppendSubproof(size1, 0, size2, true, read, &proof));
  return proof;
}

bool VerifyInclusion(const Hash& leaf_hash, uint64_t index, uint64_t size,
                     const std::vector<Hash>& proof, const Hash& root) {
  if (index >= size) return false;
  uint64_t fn = index;
  uint64_t sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) return false;
    if (Lsb(fn) || fn == sn) {
      r = NodeHash(p, r);
      while (!Lsb(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn == 0 && r == root;
}

bool VerifyConsistency(uint64_t size1, uint64_t size2, const std::vector<Hash>& proof,
                       const Hash& root1, const Hash& root2) {
  if (size1 > size2) return false;
  if (size1 == size2) return proof.empty() && root1 == root2;
  if (size1 == 0) return proof.empty();
  if (proof.empty()) return false;
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(size1)) path.push_back(root1);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = size1 - 1;
  uint64_t sn = size2 - 1;
  while (Lsb(fn)) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0];
  Hash sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) return false;
    if (Lsb(fn) || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      while (!Lsb(fn) && fn != 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return fr == root1 && sr == root2 && sn == 0;
}

Result<Frontier> Frontier::Load(uint64_t size, const PerfectNodeReader& read) {
  Frontier f;
  f.size_ = size;
  uint64_t begin = 0;
  for (int level = 63; level >= 0; --level) {
    uint64_t width = uint64_t{1} << level;
    if ((size & width) == 0) continue;
    ASSIGN_OR_RETURN(Hash h, read(static_cast<uint32_t>(level), begin >> level));
    f.stack_.push_back(h);
    begin += width;
  }
  return f;
}

void Frontier::Append(const Hash& leaf_hash, std::vector<Node>* created) {
  Hash h = leaf_hash;
  uint32_t level = 0;
  while ((size_ >> level) & 1) {
    h = NodeHash(stack_.back(), h);
    stack_.pop_back();
    ++level;
    if (created != nullptr) created->push_back({level, ((size_ + 1) >> level) - 1, h});
  }
  stack_.push_back(h);
  ++size_;
}

Hash Frontier::Root() const {
  if (stack_.empty()) return EmptyRoot();
  Hash r = stack_.back();
  for (size_t i = stack_.size() - 1; i-- > 0;) r = NodeHash(stack_[i], r);
  return r;
}

}  // namespace proofline::ledger
