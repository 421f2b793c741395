// Auditor bundles: a directory that proves the ledger offline, with no store and no server.
//
// Layout (a contract, version "proofline-bundle/1"):
//   manifest.json        {"format","origin","events","checkpoints","sha256":{file: hex digest}}
//   events.jsonl         entry i on line i+1: the exact canonical JSON bytes that were hashed
//                        (canonical JSON has no raw newline, so lines are unambiguous)
//   checkpoints/NNNNNNNN.note   every signed checkpoint, numbered in the order it was made
//   signing.pub          the current verifier key, for information only: an auditor verifies
//                        with a copy of the key obtained independently (`--key`)
//   blobs/sha256/<h0h1>/<hex>   the evidence blobs the events name, in the blob store's layout
//                        (blob/blob_store.h), written by the service layer through the export's
//                        `extra` hook, which also adds "blobs" to the manifest:
//                        {"included": true, "count", "bytes"} or {"included": false} (a
//                        metadata-only bundle); a manifest without it is from before blobs were
//                        exported, and has none.
// Verification rebuilds the tree from events.jsonl, checks every checkpoint (verifier.h) and
// requires the newest checkpoint to cover every event, since an unsigned event proves nothing.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/verifier.h"

namespace proofline::ledger {

struct BundleContents {
  std::string manifest;
  std::string events;                    // events.jsonl
  std::vector<std::string> checkpoints;  // in order
};

struct ExportSummary {
  uint64_t events = 0;
  uint64_t checkpoints = 0;
};

// Writes more files into the bundle being built (its temporary directory) and members into its
// manifest, before the manifest is written.
using BundleExtra = std::function<Status(const std::string& dir, Json* manifest)>;

// Writes the bundle to `dir`, which must not exist; written beside it and renamed into place
// so a failed export (`extra`'s error included) leaves nothing behind.
Result<ExportSummary> ExportBundle(store::Store* store, const std::string& origin,
                                   const std::string& public_key, const std::string& dir,
                                   const BundleExtra& extra = nullptr);

// Reads a bundle directory. InvalidArgument names a missing or unreadable file.
Result<BundleContents> ReadBundle(const std::string& dir);

// Verifies bundle contents against trusted keys. Never fails on hostile input: problems land
// in the report.
VerifyReport VerifyBundle(const BundleContents& bundle, const std::vector<VerifierKey>& trusted);

}  // namespace proofline::ledger
