// Checkpoints kept where the store cannot reach them. `log publish --to DIR` copies every
// checkpoint the store has not yet published into DIR, write-once (one file per checkpoint, never
// replaced), and `log verify --published DIR` checks that the store still holds the history the
// newest published checkpoint signed. An insider who cuts the history back, or rewrites it and
// re-signs with the log's own key, must then also rewrite DIR: put it where they cannot (another
// host, write-once storage, the auditors' share).
//
// DIR layout (a contract): NNNNNNNN.note, the store's checkpoint of sequence number N (8 digits
// or more), byte for byte as stored: a C2SP signed note. Other names are ignored.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/note.h"
#include "service/workspace.h"

namespace proofline::service {

struct PublishResult {
  uint64_t published = 0;                    // checkpoints written by this call
  uint64_t newest_seq = 0, newest_size = 0;  // DIR's newest afterwards (0 when the store has none)
};

// Creates DIR when missing. Before writing, DIR's newest checkpoint must be, byte for byte, the
// store's checkpoint of the same number, and the store's tree must still have its root at its
// size; otherwise Corruption naming it ("... the log was cut back or rewritten") and nothing is
// written. Io when a file cannot be written; a file that appeared meanwhile is AlreadyExists.
Result<PublishResult> PublishCheckpoints(Workspace& ws, const std::string& dir);

struct PublishedCheck {
  bool found = false;  // DIR held a checkpoint
  bool ok = true;
  uint64_t seq = 0, size = 0;
  std::string problem;  // one line, empty when ok
};

// `log verify --published DIR`, after the store itself verified: DIR's newest checkpoint must be
// signed by one of `trusted`, and the store's tree must have its root at its size. NotFound when
// DIR does not exist; a DIR without checkpoints is found=false.
Result<PublishedCheck> CheckPublished(Workspace& ws,
                                      const std::vector<ledger::VerifierKey>& trusted,
                                      const std::string& dir);

}  // namespace proofline::service
