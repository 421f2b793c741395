// C2SP tlog-cosignature: signing, checking and the witness's consistency decision (witness.h).
#include "ledger/witness.h"

#include <map>

#include "ledger/merkle.h"

namespace proofline::ledger {
namespace {

constexpr uint64_t kMaxTimestamp = (uint64_t{1} << 63) - 1;
constexpr size_t kEd25519SigBytes = 64;

std::string Describe(const Checkpoint& cp) {
  return "size " + std::to_string(cp.size) + " root " + Base64Encode(cp.root);
}

}  // namespace

std::string CosignedMessage(std::string_view checkpoint_body, uint64_t timestamp) {
  std::string msg = "cosignature/v1\ntime " + std::to_string(timestamp) + "\n";
  msg += checkpoint_body;
  return msg;
}

Result<std::string> Cosign(const SignerKey& witness, std::string_view checkpoint_body,
                           uint64_t timestamp) {
  if (witness.verifier.kind != KeyKind::kWitness) {
    return InvalidArgument("key " + witness.verifier.name +
                           " is a log key; cosignatures are made with a witness key");
  }
  if (timestamp > kMaxTimestamp) return InvalidArgument("cosignature timestamp out of range");
  std::string msg = CosignedMessage(checkpoint_body, timestamp);
  ASSIGN_OR_RETURN(auto sig, Ed25519Sign(witness.seed, AsBytes(msg)));
  Bytes timestamped;
  for (int shift = 56; shift >= 0; shift -= 8)
    timestamped.push_back(static_cast<uint8_t>(timestamp >> shift));
  timestamped.insert(timestamped.end(), sig.begin(), sig.end());
  return SignatureLine(witness.verifier, timestamped);
}

CosignatureCheck CheckCosignatures(const SignedNote& note,
                                   const std::vector<VerifierKey>& witnesses) {
  CosignatureCheck out;
  for (const VerifierKey& key : witnesses) {
    if (key.kind != KeyKind::kWitness) continue;
    bool seen = false, valid = false;
    for (const NoteSignature& sig : note.signatures) {
      if (sig.name != key.name || sig.key_id != key.key_id) continue;
      seen = true;
      if (sig.signature.size() != 8 + kEd25519SigBytes) continue;
      uint64_t timestamp = 0;
      for (size_t i = 0; i < 8; ++i) timestamp = (timestamp << 8) | sig.signature[i];
      if (timestamp > kMaxTimestamp) continue;
      std::string msg = CosignedMessage(note.body, timestamp);
      if (Ed25519Verify(key.public_key, AsBytes(msg),
                        ByteView(sig.signature.data() + 8, kEd25519SigBytes))) {
        out.valid.push_back({&key, timestamp});
        valid = true;
        break;
      }
    }
    if (seen && !valid) out.invalid.push_back(&key);
  }
  return out;
}

Status CheckAdvance(const Checkpoint& last, const Checkpoint& next,
                    const std::vector<Hash>& proof) {
  if (next.origin != last.origin) {
    return Corruption("this witness follows log " + last.origin + ", not " + next.origin);
  }
  const std::string sizes =
      ": witnessed " + Describe(last) + ", the log now offers " + Describe(next);
  if (next.size < last.size) return Corruption("the log was cut back" + sizes);
  if (next.size == last.size) {
    if (next.root != last.root) return Corruption("the log forked" + sizes);
    return OkStatus();
  }
  if (last.size == 0) return OkStatus();  // every tree extends the empty one
  if (!VerifyConsistency(last.size, next.size, proof, last.root, next.root)) {
    return Corruption("the log forked (no valid consistency proof)" + sizes);
  }
  return OkStatus();
}

WitnessReport CheckWitnessQuorum(const std::vector<store::StoredCheckpoint>& checkpoints,
                                 const std::vector<VerifierKey>& witnesses, uint64_t quorum) {
  WitnessReport r;
  r.quorum = quorum;
  r.keys = witnesses.size();
  uint64_t best = 0, best_seq = 0;
  for (size_t i = 0; i < checkpoints.size(); ++i) {
    const uint64_t seq = checkpoints[i].seq != 0 ? checkpoints[i].seq : i + 1;
    Result<SignedNote> note = ParseSignedNote(checkpoints[i].note);
    if (!note.ok()) {
      r.ok = false;
      r.problem = "checkpoint " + std::to_string(seq) + ": " + note.status().message();
      return r;
    }
    CosignatureCheck c = CheckCosignatures(*note, witnesses);
    if (!c.invalid.empty()) {
      r.ok = false;
      r.problem = "checkpoint " + std::to_string(seq) + " (size " +
                  std::to_string(checkpoints[i].tree_size) + "): the cosignature of witness " +
                  c.invalid[0]->name + " does not verify; the checkpoint was changed after it " +
                  "was cosigned";
      return r;
    }
    if (c.valid.size() > best) {
      best = c.valid.size();
      best_seq = seq;
    }
    if (c.valid.size() >= quorum) {
      r.witnessed_seq = seq;
      r.witnessed_size = checkpoints[i].tree_size;
      r.cosigners = c.valid.size();
    }
  }
  if (r.witnessed_seq == 0) {
    r.ok = false;
    r.problem = "no checkpoint carries cosignatures of " + std::to_string(quorum) + " of the " +
                std::to_string(witnesses.size()) + " witness keys given" +
                (best == 0 ? " (none carries any: the log was never witnessed, or its "
                             "cosigned history was replaced)"
                           : " (at most " + std::to_string(best) + ", on checkpoint " +
                                 std::to_string(best_seq) + ")");
  }
  return r;
}

Result<std::vector<store::StoredCheckpoint>> CosignedCheckpoints(store::Store* store) {
  std::vector<store::StoredCheckpoint> checkpoints;
  std::vector<std::pair<uint64_t, std::string>> lines;
  // One read transaction: a cosignature added in between would name a checkpoint not yet read.
  RETURN_IF_ERROR(store->WithReadSnapshot([&]() -> Status {
    ASSIGN_OR_RETURN(checkpoints, store->Checkpoints());
    ASSIGN_OR_RETURN(lines, store->Cosignatures());
    return OkStatus();
  }));
  std::map<uint64_t, size_t> by_seq;
  for (size_t i = 0; i < checkpoints.size(); ++i) by_seq[checkpoints[i].seq] = i;
  for (const auto& [seq, line] : lines) {
    auto it = by_seq.find(seq);
    if (it == by_seq.end()) {
      return Corruption("a cosignature names checkpoint " + std::to_string(seq) +
                        ", which the store does not hold");
    }
    checkpoints[it->second].note += line;
  }
  return checkpoints;
}

}  // namespace proofline::ledger
