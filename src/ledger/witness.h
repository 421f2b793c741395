// Witness cosignatures: C2SP tlog-cosignature (cosignature/v1, Ed25519), the pure parts.
//
// A witness is a party outside the log's operator that remembers the newest checkpoint it has
// cosigned and cosigns a newer one only once it has checked a consistency proof from the old to
// the new (CheckAdvance). A history the log's operator rebuilds, or cuts back, even re-signed
// with the log's own key, then lacks the witnesses' cosignatures: verifiers that require a
// quorum of them (CheckWitnessQuorum) catch it.
//
// Formats (contracts, from c2sp.org/tlog-cosignature):
//   witness key:      a signed-note key with algorithm byte 0x04 (note.h, KeyKind::kWitness)
//   signed message:   "cosignature/v1\n" "time <T, decimal>\n" <the checkpoint body, whole>
//   signature line:   "— <witness name> base64(key id || u64 big-endian T || Ed25519 sig)\n",
//                     appended to the checkpoint's signed note after the log's own signatures
// The cosignature states that, as of time T, this is the largest tree consistent with every
// earlier one the witness has seen. The store keeps the lines beside the checkpoint
// (store.h AddCosignature); bundles carry them inside each checkpoint file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/note.h"
#include "store/store.h"

namespace proofline::ledger {

// The exact bytes a cosignature/v1 signs.
std::string CosignedMessage(std::string_view checkpoint_body, uint64_t timestamp);

// The signature line `witness` (a kWitness key) makes on `checkpoint_body` at `timestamp`
// (seconds since the epoch). InvalidArgument for a log key or a timestamp beyond 2^63-1.
Result<std::string> Cosign(const SignerKey& witness, std::string_view checkpoint_body,
                           uint64_t timestamp);

struct Cosigner {
  const VerifierKey* key = nullptr;
  uint64_t timestamp = 0;
};

struct CosignatureCheck {
  std::vector<Cosigner> valid;              // each witness key at most once
  std::vector<const VerifierKey*> invalid;  // a line under the key's name and id that fails
};

// The cosignatures on `note` by the witness keys among `witnesses` (log keys and lines of
// unknown keys are ignored, as signed notes require).
CosignatureCheck CheckCosignatures(const SignedNote& note,
                                   const std::vector<VerifierKey>& witnesses);

// The decision a witness makes before cosigning `next`, having cosigned `last`: OK when `next`
// is `last` (same size and root) or extends it and `proof` is a valid RFC 9162 consistency
// proof between them. Corruption naming both sizes and roots otherwise: an origin that differs,
// a smaller tree ("cut back"), the same size with another root or a proof that fails ("forked").
Status CheckAdvance(const Checkpoint& last, const Checkpoint& next, const std::vector<Hash>& proof);

struct WitnessReport {
  bool ok = true;
  std::string problem;            // one line, empty when ok
  uint64_t quorum = 0, keys = 0;  // required cosigners, witness keys given
  uint64_t witnessed_seq = 0;     // newest checkpoint (1-based, store order) with a quorum
  uint64_t witnessed_size = 0;    // its tree size
  uint64_t cosigners = 0;         // valid cosignatures it carries
};

// Verification with witnesses (`log verify` and `verify-bundle --witness-key`): `checkpoints`
// are the signed notes, in order, with their cosignature lines. A cosignature line under a
// witness key's name and id that does not verify fails (the checkpoint changed after it was
// cosigned); so does a history in which no checkpoint carries `quorum` valid cosignatures.
// REQUIRES: 1 <= quorum <= witnesses.size(), every key of kind kWitness.
WitnessReport CheckWitnessQuorum(const std::vector<store::StoredCheckpoint>& checkpoints,
                                 const std::vector<VerifierKey>& witnesses, uint64_t quorum);

// The store's checkpoints with the cosignature lines it keeps appended to each note: what a
// bundle exports and what CheckWitnessQuorum reads.
Result<std::vector<store::StoredCheckpoint>> CosignedCheckpoints(store::Store* store);

}  // namespace proofline::ledger
