// Signed notes, checkpoints and key strings: round trips, the key id rule, forgeries refused.
#include "ledger/note.h"

#include <gtest/gtest.h>

namespace proofline::ledger {
namespace {

TEST(SignedNote, KeysRoundTripThroughTheirTextForms) {
  SignerKey key = *SignerKey::Generate("example.com/log");
  SignerKey parsed = *ParseSignerKey(key.Encode());
  EXPECT_EQ(parsed.seed, key.seed);
  EXPECT_EQ(parsed.verifier.key_id, key.verifier.key_id);
  VerifierKey v = *ParseVerifierKey(key.verifier.Encode() + "\n");
  EXPECT_EQ(v.public_key, key.verifier.public_key);
  EXPECT_EQ(v.name, "example.com/log");
}

TEST(SignedNote, KeyMaterialContainingPlusSignsParses) {
  for (int i = 0; i < 64; ++i) {  // about half of random keys have a '+' in their base64
    SignerKey key = *SignerKey::Generate("log");
    ASSERT_TRUE(ParseVerifierKey(key.verifier.Encode()).ok()) << key.verifier.Encode();
    ASSERT_TRUE(ParseSignerKey(key.Encode()).ok());
  }
}

TEST(SignedNote, KeyIdFollowsTheSignedNoteSpec) {
  // id = SHA-256(name || "\n" || 0x01 || public key)[0:4]
  SignerKey key = *SignerKey::Generate("a");
  Bytes material = {'a', '\n', 0x01};
  material.insert(material.end(), key.verifier.public_key.begin(), key.verifier.public_key.end());
  Hash h = Sha256(material);
  EXPECT_EQ(key.verifier.KeyIdHex(), ToHex(ByteView(h.data(), 4)));
}

TEST(SignedNote, RejectsKeysWithWrongIdOrMaterial) {
  SignerKey key = *SignerKey::Generate("log");
  std::string v = key.verifier.Encode();
  std::string wrong_id = v;
  wrong_id[4] = wrong_id[4] == '0' ? '1' : '0';
  EXPECT_FALSE(ParseVerifierKey(wrong_id).ok());
  EXPECT_FALSE(ParseVerifierKey("log+1234").ok());
  EXPECT_FALSE(ParseVerifierKey("log+12345678+AAAA").ok());
  EXPECT_FALSE(ParseSignerKey(v).ok());
}

TEST(SignedNote, CheckpointSignsAndVerifies) {
  SignerKey key = *SignerKey::Generate("example.com/log");
  Checkpoint cp{"example.com/log", 42, Sha256(AsBytes("root")), {"ext line"}};
  std::string note = *SignNote(cp.Body(), {&key});
  EXPECT_NE(note.find("\n\n\xe2\x80\x94 example.com/log "), std::string::npos);
  SignedNote parsed = *ParseSignedNote(note);
  EXPECT_EQ(parsed.body, cp.Body());
  EXPECT_EQ(ValidSigners(parsed, {key.verifier}).size(), 1u);
  Checkpoint back = *ParseCheckpointBody(parsed.body);
  EXPECT_EQ(back.size, 42u);
  EXPECT_EQ(back.root, cp.root);
  EXPECT_EQ(back.extensions, std::vector<std::string>{"ext line"});
}

TEST(SignedNote, AlteredBodyOrForeignKeyDoesNotVerify) {
  SignerKey key = *SignerKey::Generate("log");
  SignerKey other = *SignerKey::Generate("log");
  Checkpoint cp{"log", 7, Sha256(AsBytes("r")), {}};
  std::string note = *SignNote(cp.Body(), {&key});
  std::string altered = note;
  altered[4] = '8';  // the size line
  EXPECT_TRUE(ValidSigners(*ParseSignedNote(altered), {key.verifier}).empty());
  EXPECT_TRUE(ValidSigners(*ParseSignedNote(note), {other.verifier}).empty());
}

TEST(SignedNote, MalformedCheckpointsAreRejected) {
  EXPECT_FALSE(ParseCheckpointBody("log\n12\n").ok());
  EXPECT_FALSE(ParseCheckpointBody("log\n012\nAAAA\n").ok());
  EXPECT_FALSE(ParseCheckpointBody("log\nx\nAAAA\n").ok());
  EXPECT_FALSE(ParseCheckpointBody("log\n1\nAAAA\n").ok());  // root too short
  EXPECT_FALSE(ParseSignedNote("no signatures\n").ok());
  EXPECT_FALSE(ParseSignedNote("body\n\n- log abc\n").ok());
}

}  // namespace
}  // namespace proofline::ledger
