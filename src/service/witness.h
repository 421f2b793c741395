// Witnessing a store's log: `proofline log witness` (cosign the newest checkpoint once it is
// proven consistent with the last one this witness cosigned) and the witness part of
// verification (`--witness-key`, a quorum of cosignatures). The formats and the pure decision are
// in ledger/witness.h.
//
// A witness's state directory belongs to the witness, not to the log's operator: keep it where
// the people who run the store cannot write (another host, another account). Layout (a
// contract; one directory per log witnessed):
//   log.pub      the log's verifier keys this witness trusts: pinned at its first cosignature
//                (from --log-key, else signing.pub beside the store); --log-key later adds keys
//                (after a rotation), and says so
//   checkpoint   the newest checkpoint it cosigned: the log's signed note with this witness's
//                cosignature line, replaced atomically, written before the store hears of it
//   lock         held (flock) while a witness runs, so two runs never race on the state
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/note.h"
#include "ledger/witness.h"
#include "service/workspace.h"

namespace proofline::service {

struct WitnessOptions {
  std::string state_dir;     // created when missing
  std::string log_key_file;  // empty: signing.pub beside the store (first run only)
};

struct WitnessResult {
  uint64_t seq = 0, size = 0;  // the checkpoint cosigned (store sequence number, tree size)
  Hash root{};
  uint64_t previous_size = 0;           // the last one this witness had cosigned
  bool first = false;                   // no earlier state: trusted on first use
  bool already = false;                 // same tree as last time: nothing new signed
  uint64_t timestamp = 0;               // of the cosignature
  std::vector<std::string> keys_added;  // log keys pinned by this run
};

// Cosigns the store's newest checkpoint with `witness` (a witness key). It must be signed by a
// pinned log key and, after the first run, extend the one in the state (a consistency proof from
// the store's tree, checked by ledger::CheckAdvance). Corruption naming both sizes and roots
// when the log was cut back or forked, with nothing signed and the state unchanged;
// InvalidArgument when the store has no checkpoint; PermissionDenied for a checkpoint no pinned
// log key signed; Io for a state that cannot be written.
Result<WitnessResult> WitnessNewest(Workspace& ws, const ledger::SignerKey& witness,
                                    const WitnessOptions& options);

// `--witness-key FILE` (repeatable) and `--witness-quorum N` (0: every key given).
struct WitnessRequirement {
  std::vector<std::string> key_files;
  uint64_t quorum = 0;
  bool empty() const { return key_files.empty(); }
};

// Loads the keys and checks the quorum against them: InvalidArgument for a key file that is not
// witness keys, a key given twice, or a quorum above the number of keys.
Result<std::vector<ledger::VerifierKey>> LoadWitnessKeys(const WitnessRequirement& req,
                                                         uint64_t* quorum);

}  // namespace proofline::service
