// Fuzzes the proof and checkpoint verifiers with hostile input: RFC 9162 inclusion/consistency
// verification over arbitrary sizes and paths, and the signed-note/checkpoint/key parsers.
#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "ledger/merkle.h"
#include "ledger/note.h"

namespace {

uint64_t TakeU64(const uint8_t** data, size_t* size) {
  uint64_t v = 0;
  size_t n = *size < 8 ? *size : 8;
  std::memcpy(&v, *data, n);
  *data += n;
  *size -= n;
  return v;
}

proofline::Hash TakeHash(const uint8_t** data, size_t* size) {
  proofline::Hash h{};
  size_t n = *size < 32 ? *size : 32;
  std::memcpy(h.data(), *data, n);
  *data += n;
  *size -= n;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline::ledger;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto note = ParseSignedNote(text); note.ok()) {
    (void)ParseCheckpointBody(note->body);
    (void)ValidSigners(*note, {});
  }
  (void)ParseVerifierKey(text);
  (void)ParseSignerKey(text);

  // Small sizes are the interesting ones: keep them within a few levels of a real tree.
  uint64_t a = TakeU64(&data, &size) % 4096;
  uint64_t b = TakeU64(&data, &size);
  b = (b & 1) != 0 ? b : b % 8192;
  proofline::Hash r1 = TakeHash(&data, &size);
  proofline::Hash r2 = TakeHash(&data, &size);
  std::vector<proofline::Hash> proof;
  while (size > 0 && proof.size() < 80) proof.push_back(TakeHash(&data, &size));
  (void)VerifyInclusion(r1, a, b, proof, r2);
  (void)VerifyConsistency(a, b, proof, r1, r2);
  return 0;
}
