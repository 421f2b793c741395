// Witness cosignatures: the C2SP layout byte by byte, the witness's advance rule, the quorum.
#include "ledger/witness.h"

#include <gtest/gtest.h>

#include "ledger/merkle.h"

namespace proofline::ledger {
namespace {

Checkpoint Cp(uint64_t size, const Hash& root) { return {"example.com/log", size, root, {}}; }

Hash RootOf(const std::vector<Hash>& leaves) {
  Frontier f;
  std::vector<Frontier::Node> created;
  for (const Hash& l : leaves) f.Append(l, &created);
  return f.Root();
}

// The perfect subtree (level, index) of `leaves`, computed directly.
PerfectNodeReader ReaderOver(const std::vector<Hash>& leaves) {
  return [&leaves](uint32_t level, uint64_t index) -> Result<Hash> {
    const uint64_t begin = index << level, end = begin + (uint64_t{1} << level);
    if (end > leaves.size()) return NotFound("beyond the tree");
    return RootOf(std::vector<Hash>(leaves.begin() + static_cast<long>(begin),
                                    leaves.begin() + static_cast<long>(end)));
  };
}

std::vector<Hash> Leaves(int n, char tag) {
  std::vector<Hash> out;
  for (int i = 0; i < n; ++i) {
    std::string entry = std::string(1, tag) + std::to_string(i);
    out.push_back(LeafHash(AsBytes(entry)));
  }
  return out;
}

TEST(Witness, CosignatureLineFollowsTheC2spLayout) {
  SignerKey w = *SignerKey::Generate("witness.example.com/w1", KeyKind::kWitness);
  // id = SHA-256(name || "\n" || 0x04 || public key)[0:4]
  Bytes material = {'\n', 0x04};
  material.insert(material.begin(), w.verifier.name.begin(), w.verifier.name.end());
  material.insert(material.end(), w.verifier.public_key.begin(), w.verifier.public_key.end());
  EXPECT_EQ(w.verifier.KeyIdHex(), ToHex(ByteView(Sha256(material).data(), 4)));
  const std::string vkey = w.verifier.Encode();  // name+id+base64(0x04 || public key)
  EXPECT_EQ((*Base64Decode(vkey.substr(vkey.find('+', vkey.find('+') + 1) + 1)))[0], 0x04);

  const std::string body = "example.com/log\n5\n" + Base64Encode(Hash{}) + "\n";
  std::string line = *Cosign(w, body, 1679315147);
  const std::string prefix = "\xe2\x80\x94 witness.example.com/w1 ";
  ASSERT_EQ(line.substr(0, prefix.size()), prefix);
  ASSERT_EQ(line.back(), '\n');
  Bytes blob = *Base64Decode(line.substr(prefix.size(), line.size() - prefix.size() - 1));
  ASSERT_EQ(blob.size(), 4u + 8u + 64u);
  EXPECT_EQ(ToHex(ByteView(blob.data(), 4)), w.verifier.KeyIdHex());
  uint64_t t = 0;
  for (int i = 4; i < 12; ++i) t = (t << 8) | blob[i];
  EXPECT_EQ(t, 1679315147u);
  const std::string msg = "cosignature/v1\ntime 1679315147\n" + body;
  EXPECT_EQ(CosignedMessage(body, 1679315147), msg);
  EXPECT_TRUE(Ed25519Verify(w.verifier.public_key, AsBytes(msg), ByteView(blob.data() + 12, 64)));
}

TEST(Witness, KeysOfOneKindNeverPassForTheOther) {
  SignerKey log = *SignerKey::Generate("example.com/log");
  SignerKey w = *SignerKey::Generate("example.com/log", KeyKind::kWitness);  // same name
  EXPECT_NE(log.verifier.key_id, w.verifier.key_id);
  EXPECT_FALSE(Cosign(log, "b\n1\n" + Base64Encode(Hash{}) + "\n", 1).ok());
  EXPECT_FALSE(SignNote("body\n", {&w}).ok());
  VerifierKey parsed = *ParseVerifierKey(w.verifier.Encode());
  EXPECT_EQ(parsed.kind, KeyKind::kWitness);
  // A note signed by the log: the witness key (same public key bytes would not help either)
  // is not accepted as a log signer.
  std::string note = *SignNote("example.com/log\n1\n" + Base64Encode(Hash{}) + "\n", {&log});
  EXPECT_TRUE(ValidSigners(*ParseSignedNote(note), {w.verifier}).empty());
  EXPECT_EQ(ValidSigners(*ParseSignedNote(note), {log.verifier}).size(), 1u);
}

TEST(Witness, AdvanceAcceptsOnlyProvenExtensions) {
  std::vector<Hash> a = Leaves(7, 'a');
  std::vector<Hash> a10 = a;
  for (const Hash& h : Leaves(3, 'z')) a10.push_back(h);
  const Hash r7 = RootOf(a), r10 = RootOf(a10);
  const std::vector<Hash> p = *ConsistencyProof(7, 10, ReaderOver(a10));
  ASSERT_FALSE(p.empty());
  EXPECT_TRUE(CheckAdvance(Cp(7, r7), Cp(10, r10), p).ok());
  EXPECT_TRUE(CheckAdvance(Cp(10, r10), Cp(10, r10), {}).ok());
  EXPECT_TRUE(CheckAdvance(Cp(0, RootOf({})), Cp(10, r10), {}).ok());

  Status cut = CheckAdvance(Cp(10, r10), Cp(7, r7), {});
  EXPECT_EQ(cut.code(), StatusCode::kCorruption);
  EXPECT_NE(cut.message().find("cut back: witnessed size 10 root " + Base64Encode(r10) +
                               ", the log now offers size 7 root " + Base64Encode(r7)),
            std::string::npos)
      << cut.message();

  std::vector<Hash> b10 = a10;
  b10[3] = LeafHash(AsBytes(std::string("rewritten")));
  Status fork = CheckAdvance(Cp(10, r10), Cp(10, RootOf(b10)), {});
  EXPECT_NE(fork.message().find("forked"), std::string::npos);
  // A history rewritten below the witnessed size: no proof from 7 can reach it.
  Status rewritten = CheckAdvance(Cp(7, r7), Cp(10, RootOf(b10)), p);
  EXPECT_EQ(rewritten.code(), StatusCode::kCorruption);
  EXPECT_NE(rewritten.message().find("no valid consistency proof"), std::string::npos);
  Checkpoint other = Cp(10, r10);
  other.origin = "example.com/other";
  EXPECT_NE(CheckAdvance(Cp(7, r7), other, p).message().find("follows log example.com/log"),
            std::string::npos);
}

TEST(Witness, QuorumFindsTheNewestCosignedCheckpointAndCatchesChangedOnes) {
  SignerKey log = *SignerKey::Generate("example.com/log");
  SignerKey w1 = *SignerKey::Generate("w1", KeyKind::kWitness);
  SignerKey w2 = *SignerKey::Generate("w2", KeyKind::kWitness);
  SignerKey w3 = *SignerKey::Generate("w3", KeyKind::kWitness);
  std::vector<VerifierKey> keys = {w1.verifier, w2.verifier, w3.verifier};
  auto make = [&](uint64_t seq, uint64_t size, std::vector<const SignerKey*> cosigners) {
    const std::string body = Cp(size, RootOf(Leaves(static_cast<int>(size), 'a'))).Body();
    std::string note = *SignNote(body, {&log});
    for (const SignerKey* w : cosigners) note += *Cosign(*w, body, 1700000000 + seq);
    return store::StoredCheckpoint{seq, size, note};
  };
  std::vector<store::StoredCheckpoint> cps = {make(1, 1, {&w1, &w2}), make(2, 3, {&w1}),
                                              make(3, 5, {&w1, &w2, &w3}), make(4, 6, {})};
  WitnessReport two = CheckWitnessQuorum(cps, keys, 2);
  EXPECT_TRUE(two.ok) << two.problem;
  EXPECT_EQ(two.witnessed_seq, 3u);
  EXPECT_EQ(two.witnessed_size, 5u);
  EXPECT_EQ(two.cosigners, 3u);

  WitnessReport none = CheckWitnessQuorum({make(1, 1, {&w1}), make(2, 2, {})}, keys, 2);
  EXPECT_FALSE(none.ok);
  EXPECT_NE(none.problem.find("no checkpoint carries cosignatures of 2 of the 3 witness keys "
                              "given (at most 1, on checkpoint 1)"),
            std::string::npos)
      << none.problem;

  // Re-signed with the log's key after a rewrite, the old cosignature lines kept: caught.
  store::StoredCheckpoint changed = cps[2];
  const std::string body = Cp(5, RootOf(Leaves(5, 'b'))).Body();
  std::string resigned = *SignNote(body, {&log});
  SignedNote old = *ParseSignedNote(changed.note);
  for (size_t i = 1; i < old.signatures.size(); ++i) {  // [0] is the log's
    VerifierKey k;
    k.name = old.signatures[i].name;
    k.key_id = old.signatures[i].key_id;
    resigned += SignatureLine(k, old.signatures[i].signature);
  }
  cps[2].note = resigned;
  WitnessReport bad = CheckWitnessQuorum(cps, keys, 1);
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.problem.find("checkpoint 3 (size 5): the cosignature of witness w1 does not "
                             "verify"),
            std::string::npos)
      << bad.problem;
}

}  // namespace
}  // namespace proofline::ledger
