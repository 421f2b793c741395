// Verifying the ledger and the evidence it names (history.h).
#include "service/history.h"

#include <set>

#include "events/catalogue.h"
#include "ledger/event.h"

namespace proofline::service {
namespace {

// Re-hashes the blob named by `digest` ("sha256:<hex>"); the problem, or "" when it is sound.
std::string CheckBlob(const blob::BlobStore& blobs, const std::string& digest, uint64_t* bytes) {
  Result<Hash> hash = digest.rfind("sha256:", 0) == 0 ? HashFromHex(digest.substr(7))
                                                      : Result<Hash>(InvalidArgument(""));
  if (!hash.ok()) return "names evidence digest '" + digest + "', not sha256:<64 hex>";
  Result<uint64_t> size = blobs.Verify(*hash);
  if (size.ok()) {
    *bytes += *size;
    return "";
  }
  if (size.status().code() == StatusCode::kNotFound) {
    return "names evidence " + digest + ", which is missing from " + blobs.root();
  }
  return "names evidence " + digest +
         ", which does not hash to its digest (altered): " + size.status().message();
}

}  // namespace

Result<LedgerCheck> VerifyLedger(Workspace& ws, const std::string& public_key_file) {
  LedgerCheck out;
  ASSIGN_OR_RETURN(
      std::vector<ledger::VerifierKey> trusted,
      ledger::LoadVerifierKeys(public_key_file.empty() ? ws.Keys().public_key : public_key_file));
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  out.ledger = ledger::VerifyStore(store, trusted);
  if (!out.ledger.ok) return out;
  std::set<std::string> seen;
  store::EntryFilter filter;
  filter.type = std::string(events::kEvidenceAttached);
  Status scanned = store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseEntry(e.entry));
    const std::string digest = StringAt(p.data, "digest");
    if (!seen.insert(digest).second) return OkStatus();
    std::string problem = CheckBlob(ws.Blobs(), digest, &out.evidence.bytes);
    if (!problem.empty()) {
      out.evidence.ok = false;
      out.evidence.index = e.index;
      out.evidence.problem = "event " + std::to_string(e.index) + " " + problem;
      return Corruption("stop");
    }
    ++out.evidence.blobs;
    return OkStatus();
  });
  if (!scanned.ok() && out.evidence.ok) return scanned;
  return out;
}

Status VerifyChangeEvidence(Workspace& ws, const change::ChangeRecord& record) {
  uint64_t bytes = 0;
  for (const change::EvidenceEntry& e : record.evidence) {
    if (!record.Current(e)) continue;
    std::string problem = CheckBlob(ws.Blobs(), e.digest, &bytes);
    if (!problem.empty()) {
      return Corruption("evidence event " + std::to_string(e.index) + " of " + record.id + " " +
                        problem);
    }
  }
  return OkStatus();
}

}  // namespace proofline::service
