// Verifying the ledger and the evidence it names (history.h).
#include "service/history.h"

#include <optional>
#include <set>

#include "base/files.h"
#include "events/catalogue.h"
#include "ledger/event.h"
#include "ledger/keys.h"

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

// The blob digest an entry names when it is an evidence.attached event recorded by its owner;
// nullopt for any other entry (another type, or forged under another authority).
std::optional<std::string> EvidenceDigest(std::string_view entry) {
  Result<ledger::ParsedEvent> p = ledger::ParseEntry(entry);
  if (!p.ok() || p->type != events::kEvidenceAttached || !p->FromOwner()) return std::nullopt;
  return StringAt(p->data, "digest");
}

}  // namespace

Result<BundleExport> ExportBundle(Workspace& ws, const std::string& out, bool with_blobs) {
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  ASSIGN_OR_RETURN(ledger::SignerKey key, ledger::LoadSigner(ws.Keys()));
  RETURN_IF_ERROR(ledger->MakeCheckpoint({&key}).status());  // cover every event
  BundleExport result;
  result.blobs_included = with_blobs;
  auto copy_blobs = [&](const std::string& dir, Json* manifest) -> Status {
    if (!with_blobs) {
      (*manifest)["blobs"] = {{"included", false}};
      return OkStatus();
    }
    blob::BlobStore target(dir + "/blobs");
    std::set<std::string> seen;
    store::EntryFilter filter;
    filter.type = std::string(events::kEvidenceAttached);
    RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
      std::optional<std::string> digest = EvidenceDigest(e.entry);
      if (!digest || !seen.insert(*digest).second) return OkStatus();
      uint64_t ignored = 0;
      std::string problem = CheckBlob(ws.Blobs(), *digest, &ignored);
      if (!problem.empty()) {
        return Corruption("cannot export: event " + std::to_string(e.index) + " " + problem);
      }
      ASSIGN_OR_RETURN(blob::BlobRef ref,
                       target.PutFile(ws.Blobs().PathOf(*HashFromHex(digest->substr(7)))));
      if (ref.DigestString() != *digest) {  // changed between the check and the copy
        return Corruption("cannot export: event " + std::to_string(e.index) + " names evidence " +
                          *digest + ", which changed while it was copied");
      }
      ++result.blobs;
      result.bytes += ref.size;
      return OkStatus();
    }));
    (*manifest)["blobs"] = {{"included", true}, {"count", result.blobs}, {"bytes", result.bytes}};
    return OkStatus();
  };
  ASSIGN_OR_RETURN(result.ledger, ledger::ExportBundle(store, ledger->origin(),
                                                       key.verifier.Encode(), out, copy_blobs));
  return result;
}

namespace {

// The bundle's evidence blobs, into check->evidence (and blobs_included from its manifest).
Status VerifyBundleBlobs(const std::string& dir, const ledger::BundleContents& bundle,
                         bool without_blobs, BundleCheck* check) {
  BundleCheck& out = *check;
  // The manifest parsed in VerifyBundle; only its "blobs" member is read here.
  Json manifest = Json::parse(bundle.manifest, nullptr, false);
  out.blobs_included = manifest.is_object() && manifest.contains("blobs") &&
                       manifest["blobs"].is_object() &&
                       manifest["blobs"].value("included", false) == true;
  if (without_blobs) return OkStatus();
  if (!out.blobs_included) {
    out.evidence.ok = false;
    out.evidence.problem =
        "the evidence blobs are not in this bundle (it was exported --without-blobs, or they "
        "were removed); pass --without-blobs to verify the ledger alone";
    return OkStatus();
  }
  blob::BlobStore blobs(dir + "/blobs");
  std::set<std::string> seen;
  std::string_view rest = bundle.events;
  for (uint64_t index = 0; !rest.empty(); ++index) {  // VerifyBundle checked the lines
    size_t eol = rest.find('\n');
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
    std::optional<std::string> digest = EvidenceDigest(line);
    if (!digest || !seen.insert(*digest).second) continue;
    std::string problem = CheckBlob(blobs, *digest, &out.evidence.bytes);
    if (!problem.empty()) {
      out.evidence.ok = false;
      out.evidence.index = index;
      out.evidence.problem = "event " + std::to_string(index) + " " + problem;
      return OkStatus();
    }
    ++out.evidence.blobs;
  }
  return OkStatus();
}

}  // namespace

Result<BundleCheck> VerifyBundleDir(const std::string& dir, const std::string& public_key_file,
                                    bool without_blobs, const WitnessRequirement& witnesses) {
  ASSIGN_OR_RETURN(std::vector<ledger::VerifierKey> trusted,
                   ledger::LoadVerifierKeys(public_key_file));
  uint64_t quorum = 0;
  ASSIGN_OR_RETURN(std::vector<ledger::VerifierKey> witness_keys,
                   LoadWitnessKeys(witnesses, &quorum));
  ASSIGN_OR_RETURN(ledger::BundleContents bundle, ledger::ReadBundle(dir));
  BundleCheck out;
  out.ledger = ledger::VerifyBundle(bundle, trusted);
  if (!out.ledger.ok) return out;
  Status evidence = VerifyBundleBlobs(dir, bundle, without_blobs, &out);
  if (!evidence.ok()) return evidence;
  if (out.evidence.ok && !witness_keys.empty()) {
    std::vector<store::StoredCheckpoint> checkpoints;
    for (size_t i = 0; i < bundle.checkpoints.size(); ++i) {
      Result<ledger::SignedNote> note = ledger::ParseSignedNote(bundle.checkpoints[i]);
      Result<ledger::Checkpoint> cp = note.ok() ? ledger::ParseCheckpointBody(note->body)
                                                : Result<ledger::Checkpoint>(note.status());
      checkpoints.push_back({i + 1, cp.ok() ? cp->size : 0, bundle.checkpoints[i]});
    }
    out.witnesses = ledger::CheckWitnessQuorum(checkpoints, witness_keys, quorum);
  }
  return out;
}

Result<LedgerCheck> VerifyLedger(Workspace& ws, const std::string& public_key_file,
                                 const std::string& published_dir,
                                 const WitnessRequirement& witnesses) {
  LedgerCheck out;
  ASSIGN_OR_RETURN(
      std::vector<ledger::VerifierKey> trusted,
      ledger::LoadVerifierKeys(public_key_file.empty() ? ws.Keys().public_key : public_key_file));
  uint64_t quorum = 0;
  ASSIGN_OR_RETURN(std::vector<ledger::VerifierKey> witness_keys,
                   LoadWitnessKeys(witnesses, &quorum));
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  out.ledger = ledger::VerifyStore(store, trusted);
  if (!out.ledger.ok) return out;
  std::set<std::string> seen;
  store::EntryFilter filter;
  filter.type = std::string(events::kEvidenceAttached);
  Status scanned = store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
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
  if (out.evidence.ok && !published_dir.empty()) {
    ASSIGN_OR_RETURN(out.published, CheckPublished(ws, trusted, published_dir));
  }
  if (out.evidence.ok && (!out.published || out.published->ok) && !witness_keys.empty()) {
    ASSIGN_OR_RETURN(std::vector<store::StoredCheckpoint> checkpoints,
                     ledger::CosignedCheckpoints(store));
    out.witnesses = ledger::CheckWitnessQuorum(checkpoints, witness_keys, quorum);
  }
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
