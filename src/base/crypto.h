// The one place Proofline calls OpenSSL: SHA-256, Ed25519, randomness and base64.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace proofline {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;
using Hash = std::array<uint8_t, 32>;  // a SHA-256 digest

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// SHA-256 of the concatenation of `parts`. Thread-safe.
Hash Sha256(std::initializer_list<ByteView> parts);
inline Hash Sha256(ByteView data) { return Sha256({data}); }

// Incremental SHA-256 for large inputs. Not thread-safe; one per thread.
class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;
  void Update(ByteView data);
  Hash Finish();  // resets the stream for reuse

 private:
  void* ctx_;  // EVP_MD_CTX
};

std::string ToHex(ByteView data);
Result<Bytes> FromHex(std::string_view hex);
Result<Hash> HashFromHex(std::string_view hex);  // exactly 64 hex digits

std::string Base64Encode(ByteView data);
// Strict standard base64 with padding; whitespace or stray characters are errors.
Result<Bytes> Base64Decode(std::string_view text);

Bytes RandomBytes(size_t n);

// Ed25519 (RFC 8032) via OpenSSL. A private key is its 32-byte seed.
struct Ed25519KeyPair {
  std::array<uint8_t, 32> seed;
  std::array<uint8_t, 32> public_key;
};
Result<Ed25519KeyPair> GenerateEd25519();
Result<std::array<uint8_t, 32>> Ed25519PublicFromSeed(ByteView seed);
Result<std::array<uint8_t, 64>> Ed25519Sign(ByteView seed, ByteView message);
// True only for a valid signature; malformed keys or signatures are simply invalid.
bool Ed25519Verify(ByteView public_key, ByteView message, ByteView signature);

}  // namespace proofline
