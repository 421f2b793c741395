// Evidence attachment (attest.h).
#include "service/attest.h"

#include "events/catalogue.h"
#include "git/resolve.h"
#include "ledger/event.h"

namespace proofline::service {
namespace {

Json EventData(const AttestRequest& r, const evidence::ParsedEvidence& f,
               const std::string& commit) {
  Json data = {
      {"kind", r.kind},        {"file", f.file},   {"digest", evidence::DigestString(f.digest)},
      {"size", f.digest.size}, {"commit", commit}, {"summary", f.summary}};
  if (!r.pipeline.empty()) data["pipeline"] = r.pipeline;
  if (!r.options.suite.empty()) data["suite"] = r.options.suite;
  if (!r.controls.empty()) data["controls"] = r.controls;
  return data;
}

// Stores each file's bytes. Conflict if a file changed after it was parsed: the recorded summary
// must describe exactly the stored bytes.
Status StoreAll(const std::vector<evidence::ParsedEvidence>& files,
                const std::vector<const std::string*>& bytes, blob::BlobStore& blobs) {
  for (size_t i = 0; i < files.size(); ++i) {
    const evidence::ParsedEvidence& f = files[i];
    const std::string* held = f.stored ? &*f.stored : bytes[i];
    ASSIGN_OR_RETURN(blob::BlobRef ref,
                     held != nullptr ? blobs.PutBytes(*held) : blobs.PutFile(f.path));
    if (ref.digest != f.digest.sha256 || ref.size != f.digest.size) {
      return Conflict(f.path + " changed while it was being attested; attest it again");
    }
  }
  return OkStatus();
}

// The commit the evidence covers: `revision` resolved in the change's repository, or its target.
Result<std::string> CoveredCommit(const change::ChangeRecord& record, const std::string& revision) {
  if (revision.empty()) return record.target;
  ASSIGN_OR_RETURN(std::unique_ptr<git::Repository> repo, git::OpenRepositoryAt(record.repo));
  Result<git::ObjectId> id = git::ResolveRevision(*repo, revision, record.repo, false);
  if (!id.ok()) return id.status().WithContext("--commit");
  return id->Hex();
}

}  // namespace

Result<AttestResult> Attest(Workspace& ws, const Caller& caller, const AttestRequest& request,
                            const std::string& command) {
  ASSIGN_OR_RETURN(const evidence::EvidenceKind* kind, evidence::RequireKind(request.kind));
  RETURN_IF_ERROR(evidence::CheckKindOptions(*kind, request.options));
  ASSIGN_OR_RETURN(std::string actor, ws.ActorId(caller, command));
  ASSIGN_OR_RETURN(change::ChangeRecord record, ws.Change(request.change));
  ASSIGN_OR_RETURN(std::string commit, CoveredCommit(record, request.commit));
  std::vector<evidence::ParsedEvidence> files;
  std::vector<const std::string*> bytes;  // the in-memory bytes of each, or nullptr
  for (const std::string& path : request.files) {
    ASSIGN_OR_RETURN(evidence::ParsedEvidence f, kind->parse_file(path, request.options));
    files.push_back(std::move(f));
    bytes.push_back(nullptr);
  }
  for (const auto& [name, held] : request.in_memory) {
    ASSIGN_OR_RETURN(evidence::ParsedEvidence f,
                     evidence::ParseEvidenceBytes(*kind, held, name, request.options));
    files.push_back(std::move(f));
    bytes.push_back(&held);
  }
  if (files.empty()) return InvalidArgument("no evidence file given");
  // Every event is built and validated before any byte is stored.
  std::vector<ledger::EventInput> events;
  for (const evidence::ParsedEvidence& f : files) {
    events.push_back({std::string(events::kEvidenceAttached), request.change, actor,
                      EventData(request, f, commit)});
    RETURN_IF_ERROR(ledger::PrepareEvent(events.back()).status().WithContext(f.path));
  }
  RETURN_IF_ERROR(StoreAll(files, bytes, ws.Blobs()));
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, Record(ws, events));
  AttestResult out{request.change, request.kind, commit, commit == record.target, {}};
  for (size_t i = 0; i < files.size(); ++i) {
    out.attached.push_back({std::move(files[i]), appended[i].index});
  }
  return out;
}

}  // namespace proofline::service
