// Verifying what the record rests on: `proofline log verify` (the ledger, then every evidence
// blob an event names), the gate's check of the blobs of the change it decides, and the auditor
// bundle that carries both out of the store (`log export`, `verify-bundle`). A blob that is
// missing or no longer hashes to the digest its event recorded means the evidence an auditor
// would be shown is not what was attested: verification fails, and the gate fails closed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "change/change.h"
#include "ledger/bundle.h"
#include "ledger/verifier.h"
#include "ledger/witness.h"
#include "service/publish.h"
#include "service/witness.h"
#include "service/workspace.h"

namespace proofline::service {

struct EvidenceCheck {
  uint64_t blobs = 0, bytes = 0;  // distinct blobs re-hashed
  bool ok = true;
  std::optional<uint64_t> index;  // the first evidence.attached event whose blob failed
  std::string problem;            // one line, empty when ok
};

struct LedgerCheck {
  ledger::VerifyReport ledger;              // the store, the entries, the tree, the checkpoints
  EvidenceCheck evidence;                   // run only when the ledger verified
  std::optional<PublishedCheck> published;  // with a published directory, when the rest passed
  std::optional<ledger::WitnessReport> witnesses;  // with witness keys, when the rest passed
  bool ok() const {
    return ledger.ok && evidence.ok && (!published || published->ok) &&
           (!witnesses || witnesses->ok);
  }
};

// `log verify`: VerifyStore against the keys in `public_key_file` (the store's own public key
// file when empty), then every blob of every evidence.attached event (each distinct digest
// re-hashed once), then, when `published_dir` is given, the store against the newest checkpoint
// published there (publish.h), then, with witness keys, that a quorum of them cosigned a
// checkpoint and that no cosignature by them fails (ledger::CheckWitnessQuorum). Errors only for
// a key file, store or directory that cannot be read.
Result<LedgerCheck> VerifyLedger(Workspace& ws, const std::string& public_key_file,
                                 const std::string& published_dir = "",
                                 const WitnessRequirement& witnesses = {});

// The blobs of `record`'s evidence for its current target: each must exist and hash to its
// digest. Corruption naming the event and the digest otherwise (the gate: a deny with exit 3).
Status VerifyChangeEvidence(Workspace& ws, const change::ChangeRecord& record);

struct BundleExport {
  ledger::ExportSummary ledger;
  bool blobs_included = true;
  uint64_t blobs = 0, bytes = 0;  // distinct evidence blobs copied
};

// `log export`: signs a checkpoint covering every event, then writes the bundle (ledger/bundle.h)
// to `out` with every evidence blob an evidence.attached event names, each copied once, streamed
// and re-hashed: a blob missing from the store or no longer matching its digest fails the export
// naming the event, and nothing is left at `out`. `with_blobs` false writes a metadata-only bundle
// whose manifest says so.
Result<BundleExport> ExportBundle(Workspace& ws, const std::string& out, bool with_blobs);

struct BundleCheck {
  ledger::VerifyReport ledger;
  bool blobs_included = false;  // what the manifest says
  EvidenceCheck evidence;       // run when the ledger verified and the blobs are checked
  std::optional<ledger::WitnessReport> witnesses;  // with witness keys, when the rest passed
  bool ok() const { return ledger.ok && evidence.ok && (!witnesses || witnesses->ok); }
};

// `verify-bundle DIR --key PUB`: the ledger (ledger::VerifyBundle), then every blob an
// evidence.attached event of the bundle names must be in its blobs/ and hash to its digest. A
// bundle without blobs fails ("... not in this bundle ...") unless `without_blobs` accepts a
// metadata-only check, which the report then states; then the witnesses, as for VerifyLedger,
// over the cosignatures inside the bundle's checkpoint files. Errors for a key or bundle that
// cannot be read.
Result<BundleCheck> VerifyBundleDir(const std::string& dir, const std::string& public_key_file,
                                    bool without_blobs, const WitnessRequirement& witnesses = {});

}  // namespace proofline::service
