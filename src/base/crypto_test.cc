// OpenSSL wrapper tests: known SHA-256 digests, strict hex/base64, RFC 8032 Ed25519 vectors.
#include "base/crypto.h"

#include <gtest/gtest.h>

namespace proofline {
namespace {

TEST(Crypto, Sha256MatchesKnownDigests) {
  EXPECT_EQ(ToHex(Sha256(AsBytes(""))),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256({AsBytes("a"), AsBytes("bc")}), Sha256(AsBytes("abc")));
}

TEST(Crypto, HexRoundTripsAndRejectsBadDigits) {
  Bytes b = {0x00, 0xff, 0x10};
  EXPECT_EQ(ToHex(b), "00ff10");
  EXPECT_EQ(*FromHex("00FF10"), b);
  EXPECT_FALSE(FromHex("0g").ok());
  EXPECT_FALSE(FromHex("abc").ok());
  EXPECT_FALSE(HashFromHex("00").ok());
}

TEST(Crypto, Base64IsStrict) {
  EXPECT_EQ(Base64Encode(AsBytes("hello")), "aGVsbG8=");
  Bytes hello(AsBytes("hello").begin(), AsBytes("hello").end());
  EXPECT_EQ(*Base64Decode("aGVsbG8="), hello);
  EXPECT_EQ(Base64Decode("")->size(), 0u);
  EXPECT_FALSE(Base64Decode("aGVsbG8").ok());
  EXPECT_FALSE(Base64Decode("aGV sbG8=").ok());
  EXPECT_FALSE(Base64Decode("a=VsbG8=").ok());
}

// RFC 8032 section 7.1, TEST 1 (empty message).
TEST(Crypto, Ed25519MatchesRfc8032Vector) {
  Bytes seed = *FromHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto pub = *Ed25519PublicFromSeed(seed);
  EXPECT_EQ(ToHex(pub), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = *Ed25519Sign(seed, ByteView());
  EXPECT_EQ(ToHex(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39"
            "701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(Ed25519Verify(pub, ByteView(), sig));
  sig[0] ^= 1;
  EXPECT_FALSE(Ed25519Verify(pub, ByteView(), sig));
  EXPECT_FALSE(Ed25519Verify(Bytes(31), ByteView(), sig));
}

}  // namespace
}  // namespace proofline
