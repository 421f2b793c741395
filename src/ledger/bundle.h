// Auditor bundles: a directory that proves the ledger offline, with no store and no server.
//
// Layout (a contract, version "proofline-bundle/1"):
//   manifest.json        {"format","origin","events","checkpoints","sha256":{file: hex digest}}
//   events.jsonl         entry i on line i+1: the exact canonical JSON bytes that were hashed
//                        (canonical JSON has no raw newline, so lines are unambiguous)
//   checkpoints/NNNNNNNN.note   every signed checkpoint, numbered in the order it was made
//   signing.pub          the current verifier key, for information only: an auditor verifies
//                        with a copy of the key obtained independently (`--key`)
// Verification rebuilds the tree from events.jsonl, checks every checkpoint (verifier.h) and
// requires the newest checkpoint to cover every event, since an unsigned event proves nothing.
#pragma once

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

// Writes the bundle to `dir`, which must not exist; written beside it and renamed into place
// so a failed export leaves nothing behind.
Result<ExportSummary> ExportBundle(store::Store* store, const std::string& origin,
                                   const std::string& public_key, const std::string& dir);

// Reads a bundle directory. InvalidArgument names a missing or unreadable file.
Result<BundleContents> ReadBundle(const std::string& dir);

// Verifies bundle contents against trusted keys. Never fails on hostile input: problems land
// in the report.
VerifyReport VerifyBundle(const BundleContents& bundle, const std::vector<VerifierKey>& trusted);

}  // namespace proofline::ledger
