// An open-addressing hash index over the positions of a vector, for the CEL engine's two lookup
// tables: map keys (ValueMap) and variable names (Activation).
//
// The owner keeps the elements in insertion order and asks for a position by hash plus an
// equality test. Lookups take a hash computed beforehand, so a field or variable name hashed
// once at Compile is never hashed again during evaluation (std::unordered_map cannot take a
// precomputed hash, and it chases a pointer per node). Linear probing in a power-of-two table
// kept at most half full; each slot stores the position + 1 (0 marks an empty slot) and the
// upper half of its hash (the table index comes from the lower bits), so that a probe reads
// one slot, not the element, to skip a different key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace proofline::cel {

class HashIndex {
 public:
  static constexpr size_t kNone = SIZE_MAX;

  // The position with hash `hash` for which `matches(position)` holds, or kNone.
  template <typename Matches>
  size_t Find(size_t hash, const Matches& matches) const {
    if (slots_.empty()) return kNone;
    size_t mask = slots_.size() - 1;
    uint32_t tag = Tag(hash);
    for (size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot slot = slots_[i];
      if (slot.position == 0) return kNone;
      if (slot.tag == tag && matches(slot.position - 1)) return slot.position - 1;
    }
  }

  // Indexes the next position, size(), under `hash`. REQUIRES: no equal element is indexed;
  // fewer than 2^31 positions (the values of one evaluation are far below that).
  void Add(size_t hash) {
    hashes_.push_back(hash);
    if (2 * hashes_.size() > slots_.size()) {
      Rebuild(slots_.empty() ? 8 : 2 * slots_.size());
    } else {
      Place(hashes_.size() - 1);
    }
  }

  size_t size() const { return hashes_.size(); }

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t position = 0;  // + 1; 0: empty
  };

  static uint32_t Tag(size_t hash) { return static_cast<uint32_t>(uint64_t{hash} >> 32); }

  void Place(size_t position) {
    size_t mask = slots_.size() - 1;
    size_t i = hashes_[position] & mask;
    while (slots_[i].position != 0) i = (i + 1) & mask;
    slots_[i] = Slot{Tag(hashes_[position]), static_cast<uint32_t>(position + 1)};
  }

  void Rebuild(size_t slots) {
    slots_.assign(slots, Slot{});
    for (size_t p = 0; p < hashes_.size(); ++p) Place(p);
  }

  std::vector<size_t> hashes_;  // by position, to rebuild the table as it grows
  std::vector<Slot> slots_;
};

}  // namespace proofline::cel
