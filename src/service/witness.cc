// Witnessing a store's log and loading witness keys (witness.h).
#include "service/witness.h"

#include <ctime>
#include <set>

#include "base/files.h"
#include "ledger/keys.h"

namespace proofline::service {
namespace {

struct Parsed {
  ledger::SignedNote note;
  ledger::Checkpoint checkpoint;
};

Result<Parsed> ParseCheckpointNote(const std::string& text, const std::string& what) {
  Result<ledger::SignedNote> note = ledger::ParseSignedNote(text);
  if (!note.ok()) return Corruption(what + " is not a signed note: " + note.status().message());
  Result<ledger::Checkpoint> cp = ledger::ParseCheckpointBody(note->body);
  if (!cp.ok()) return Corruption(what + " is not a checkpoint: " + cp.status().message());
  return Parsed{std::move(*note), std::move(*cp)};
}

// The pinned log keys, plus those of `key_file`; when that adds keys, `pinned_text` receives the
// new DIR/log.pub, written only once the cosignature is made.
Result<std::vector<ledger::VerifierKey>> PinLogKeys(Workspace& ws, const std::string& dir,
                                                    const std::string& key_file,
                                                    std::vector<std::string>* added,
                                                    std::string* pinned_text) {
  const std::string pinned_path = dir + "/log.pub";
  std::vector<ledger::VerifierKey> pinned;
  if (PathExists(pinned_path)) {
    ASSIGN_OR_RETURN(pinned, ledger::LoadVerifierKeys(pinned_path));
  }
  std::string offered = key_file;
  if (offered.empty() && pinned.empty()) offered = ws.Keys().public_key;  // first use
  if (offered.empty()) return pinned;
  ASSIGN_OR_RETURN(std::vector<ledger::VerifierKey> keys, ledger::LoadVerifierKeys(offered));
  std::string text;
  for (const ledger::VerifierKey& k : pinned) text += k.Encode() + "\n";
  for (const ledger::VerifierKey& k : keys) {
    bool known = false;
    for (const ledger::VerifierKey& p : pinned) known = known || p.Encode() == k.Encode();
    if (known) continue;
    pinned.push_back(k);
    text += k.Encode() + "\n";
    added->push_back(k.Encode());
  }
  if (!added->empty()) *pinned_text = text;
  return pinned;
}

// This witness's own signature line on `note`, re-encoded; empty when it has none.
std::string OwnLine(const ledger::SignedNote& note, const ledger::VerifierKey& self) {
  for (const ledger::NoteSignature& sig : note.signatures) {
    if (sig.name == self.name && sig.key_id == self.key_id)
      return ledger::SignatureLine(self, sig.signature);
  }
  return "";
}

}  // namespace

Result<WitnessResult> WitnessNewest(Workspace& ws, const ledger::SignerKey& witness,
                                    const WitnessOptions& options) {
  if (witness.verifier.kind != ledger::KeyKind::kWitness) {
    return InvalidArgument("a log key cannot cosign; make a witness key with witness keygen");
  }
  const std::string& dir = options.state_dir;
  if (!PathExists(dir)) RETURN_IF_ERROR(MakeDir(dir));
  ASSIGN_OR_RETURN(FileLock lock, FileLock::Acquire(dir + "/lock", /*wait=*/true));
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  ASSIGN_OR_RETURN(std::optional<store::StoredCheckpoint> newest, store->LatestCheckpoint());
  if (!newest) return InvalidArgument("the log has no checkpoint to cosign");
  ASSIGN_OR_RETURN(Parsed next,
                   ParseCheckpointNote(newest->note, "checkpoint " + std::to_string(newest->seq)));
  if (next.checkpoint.origin != ledger->origin()) {
    return Corruption("the store's newest checkpoint is of log " + next.checkpoint.origin +
                      ", not " + ledger->origin());
  }

  const std::string state_path = dir + "/checkpoint";
  std::optional<Parsed> last;
  if (PathExists(state_path)) {
    ASSIGN_OR_RETURN(std::string text, ReadFile(state_path, 1 << 20));
    ASSIGN_OR_RETURN(last, ParseCheckpointNote(text, state_path));
  }

  WitnessResult out;
  std::string pinned_text;
  ASSIGN_OR_RETURN(std::vector<ledger::VerifierKey> log_keys,
                   PinLogKeys(ws, dir, options.log_key_file, &out.keys_added, &pinned_text));
  if (ledger::ValidSigners(next.note, log_keys).empty()) {
    return PermissionDenied("checkpoint " + std::to_string(newest->seq) +
                            " is not signed by a log key this witness trusts (" + dir +
                            "/log.pub); after a key rotation, give the new key with --log-key");
  }

  out.seq = newest->seq;
  out.size = next.checkpoint.size;
  out.root = next.checkpoint.root;
  out.first = !last.has_value();
  if (last) {
    out.previous_size = last->checkpoint.size;
    std::vector<Hash> proof;
    if (last->checkpoint.size != 0 && next.checkpoint.size > last->checkpoint.size) {
      Result<std::vector<Hash>> p =
          ledger->ProveConsistency(last->checkpoint.size, next.checkpoint.size);
      if (p.ok()) proof = std::move(*p);  // no proof: CheckAdvance reports the fork
    }
    RETURN_IF_ERROR(ledger::CheckAdvance(last->checkpoint, next.checkpoint, proof));
    if (last->checkpoint.size == next.checkpoint.size) {
      // Already cosigned: make sure the store has the line (a run may have stopped between
      // writing the state and the store).
      out.already = true;
      if (!pinned_text.empty()) {
        RETURN_IF_ERROR(WriteFileAtomic(dir + "/log.pub", pinned_text, 0644));
      }
      std::string line = OwnLine(last->note, witness.verifier);
      if (!line.empty()) RETURN_IF_ERROR(store->AddCosignature(newest->seq, line));
      return out;
    }
  } else {
    // Trusted on first use, but only for a tree the store really holds.
    ASSIGN_OR_RETURN(Hash root, ledger->RootAt(next.checkpoint.size));
    if (root != next.checkpoint.root) {
      return Corruption("checkpoint " + std::to_string(newest->seq) + " (size " +
                        std::to_string(out.size) + ") does not match the store's tree");
    }
  }

  out.timestamp = static_cast<uint64_t>(std::time(nullptr));
  ASSIGN_OR_RETURN(std::string line, ledger::Cosign(witness, next.note.body, out.timestamp));
  // The state first: a witness never hands out a cosignature it would not remember.
  if (!pinned_text.empty()) RETURN_IF_ERROR(WriteFileAtomic(dir + "/log.pub", pinned_text, 0644));
  RETURN_IF_ERROR(WriteFileAtomic(state_path, newest->note + line, 0644));
  RETURN_IF_ERROR(store->AddCosignature(newest->seq, line));
  return out;
}

Result<std::vector<ledger::VerifierKey>> LoadWitnessKeys(const WitnessRequirement& req,
                                                         uint64_t* quorum) {
  std::vector<ledger::VerifierKey> keys;
  std::set<std::string> seen;
  for (const std::string& file : req.key_files) {
    ASSIGN_OR_RETURN(std::vector<ledger::VerifierKey> some,
                     ledger::LoadVerifierKeys(file, ledger::KeyKind::kWitness));
    for (ledger::VerifierKey& k : some) {
      if (!seen.insert(k.Encode()).second) {
        return InvalidArgument("witness key " + k.name + " (" + file + ") is given twice");
      }
      keys.push_back(std::move(k));
    }
  }
  *quorum = req.quorum == 0 ? keys.size() : req.quorum;
  if (*quorum > keys.size()) {
    return InvalidArgument("--witness-quorum " + std::to_string(*quorum) + " is more than the " +
                           std::to_string(keys.size()) + " witness keys given");
  }
  return keys;
}

}  // namespace proofline::service
