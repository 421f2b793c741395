// Verifying what the record rests on: `proofline log verify` (the ledger, then every evidence
// blob an event names) and the gate's check of the blobs of the change it decides. A blob that is
// missing or no longer hashes to the digest its event recorded means the evidence an auditor
// would be shown is not what was attested: verification fails, and the gate fails closed.
#pragma once

#include <cstdint>
#include <string>

#include "change/change.h"
#include "ledger/verifier.h"
#include "service/workspace.h"

namespace proofline::service {

struct EvidenceCheck {
  uint64_t blobs = 0, bytes = 0;  // distinct blobs re-hashed
  bool ok = true;
  uint64_t index = 0;   // the first evidence.attached event whose blob failed
  std::string problem;  // one line, empty when ok
};

struct LedgerCheck {
  ledger::VerifyReport ledger;  // the store, the entries, the tree, the checkpoints
  EvidenceCheck evidence;       // run only when the ledger verified
  bool ok() const { return ledger.ok && evidence.ok; }
};

// `log verify`: VerifyStore against the keys in `public_key_file` (the store's own public key
// file when empty), then every blob of every evidence.attached event (each distinct digest
// re-hashed once). Errors only for a key file or store that cannot be read.
Result<LedgerCheck> VerifyLedger(Workspace& ws, const std::string& public_key_file);

// The blobs of `record`'s evidence for its current target: each must exist and hash to its
// digest. Corruption naming the event and the digest otherwise (the gate: a deny with exit 3).
Status VerifyChangeEvidence(Workspace& ws, const change::ChangeRecord& record);

}  // namespace proofline::service
