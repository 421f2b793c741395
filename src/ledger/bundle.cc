// Auditor bundle export and offline verification (see bundle.h for the layout).
#include "ledger/bundle.h"

#include <unistd.h>

#include <cstdio>

#include "base/files.h"
#include "base/json.h"
#include "ledger/witness.h"

namespace proofline::ledger {
namespace {

constexpr std::string_view kFormat = "proofline-bundle/1";

std::string NoteFileName(size_t n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08zu.note", n);
  return buf;
}

Status WriteBundleFiles(store::Store* store, const std::string& origin,
                        const std::string& public_key, const std::string& dir,
                        const BundleExtra& extra, ExportSummary* summary) {
  // Streamed: a ledger of millions of events is exported in bounded memory.
  ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> events,
                   AtomicFileWriter::Create(dir + "/events.jsonl"));
  Sha256Stream events_digest;
  RETURN_IF_ERROR(store->ScanEntries({}, [&](const store::LedgerEntry& e) -> Status {
    events_digest.Update(AsBytes(e.entry));
    events_digest.Update(AsBytes("\n"));
    ++summary->events;
    RETURN_IF_ERROR(events->Append(e.entry));
    return events->Append("\n");
  }));
  RETURN_IF_ERROR(events->Commit());
  ASSIGN_OR_RETURN(auto checkpoints, CosignedCheckpoints(store));  // with witness lines
  RETURN_IF_ERROR(MakeDir(dir + "/checkpoints"));
  Json digests = Json::object();
  for (size_t i = 0; i < checkpoints.size(); ++i) {
    std::string name = "checkpoints/" + NoteFileName(i + 1);
    RETURN_IF_ERROR(WriteFileAtomic(dir + "/" + name, checkpoints[i].note));
    digests[name] = ToHex(Sha256(AsBytes(checkpoints[i].note)));
  }
  summary->checkpoints = checkpoints.size();
  digests["events.jsonl"] = ToHex(events_digest.Finish());
  RETURN_IF_ERROR(WriteFileAtomic(dir + "/signing.pub", public_key + "\n"));
  Json manifest = {{"format", kFormat},
                   {"origin", origin},
                   {"events", summary->events},
                   {"checkpoints", summary->checkpoints},
                   {"sha256", digests}};
  if (extra) RETURN_IF_ERROR(extra(dir, &manifest));
  ASSIGN_OR_RETURN(std::string text, CanonicalJson(manifest));
  return WriteFileAtomic(dir + "/manifest.json", text + "\n");
}

VerifyReport Failed(std::string problem) {
  VerifyReport r;
  r.ok = false;
  r.problem = std::move(problem);
  return r;
}

Status CheckManifest(const BundleContents& b, uint64_t* events_expected) {
  ASSIGN_OR_RETURN(Json m, ParseJsonStrict(b.manifest, "manifest.json"));
  if (StringAt(m, "format") != kFormat) {
    return InvalidArgument("manifest.json is not a " + std::string(kFormat) + " manifest");
  }
  const Json& events = m["events"];
  const Json& checkpoints = m["checkpoints"];
  const Json& digests = ObjectAt(m, "sha256");
  if (!events.is_number_unsigned() || !checkpoints.is_number_unsigned() || !digests.is_object()) {
    return InvalidArgument("manifest.json lacks events, checkpoints or sha256");
  }
  if (checkpoints.get<uint64_t>() != b.checkpoints.size()) {
    return InvalidArgument("manifest.json lists " + checkpoints.dump() +
                           " checkpoints, the bundle has " + std::to_string(b.checkpoints.size()));
  }
  if (StringAt(digests, "events.jsonl") != ToHex(Sha256(AsBytes(b.events)))) {
    return InvalidArgument(
        "events.jsonl does not match its digest in manifest.json (altered or truncated)");
  }
  *events_expected = events.get<uint64_t>();
  return OkStatus();
}

}  // namespace

Result<ExportSummary> ExportBundle(store::Store* store, const std::string& origin,
                                   const std::string& public_key, const std::string& dir,
                                   const BundleExtra& extra) {
  if (PathExists(dir)) return AlreadyExists(dir + " already exists; choose a new directory");
  std::string tmp = dir + ".partial." + std::to_string(getpid());
  RETURN_IF_ERROR(MakeDir(tmp));
  ExportSummary summary;
  Status s = WriteBundleFiles(store, origin, public_key, tmp, extra, &summary);
  if (s.ok() && rename(tmp.c_str(), dir.c_str()) != 0)
    s = IoError("cannot rename bundle into " + dir);
  if (s.ok()) s = SyncDir(DirName(dir));
  if (!s.ok()) {
    RemoveTree(tmp);
    return s;
  }
  return summary;
}

Result<BundleContents> ReadBundle(const std::string& dir) {
  BundleContents b;
  Result<std::string> manifest = ReadFile(dir + "/manifest.json");
  if (!manifest.ok()) return InvalidArgument("not a bundle: " + manifest.status().message());
  b.manifest = std::move(*manifest);
  ASSIGN_OR_RETURN(b.events, ReadFile(dir + "/events.jsonl"));
  ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(dir + "/checkpoints"));
  for (const std::string& name : names) {
    if (name.size() < 5 || name.substr(name.size() - 5) != ".note") continue;
    ASSIGN_OR_RETURN(std::string note, ReadFile(dir + "/checkpoints/" + name, 1 << 20));
    b.checkpoints.push_back(std::move(note));
  }
  return b;
}

VerifyReport VerifyBundle(const BundleContents& bundle, const std::vector<VerifierKey>& trusted) {
  uint64_t expected = 0;
  if (Status s = CheckManifest(bundle, &expected); !s.ok()) return Failed(s.message());
  std::vector<store::StoredCheckpoint> checkpoints;
  for (size_t i = 0; i < bundle.checkpoints.size(); ++i) {
    uint64_t size = UINT64_MAX;  // an unparseable note fails in Finish with its own message
    Result<SignedNote> note = ParseSignedNote(bundle.checkpoints[i]);
    if (note.ok()) {
      if (Result<Checkpoint> cp = ParseCheckpointBody(note->body); cp.ok()) size = cp->size;
    }
    checkpoints.push_back({i + 1, size, bundle.checkpoints[i]});
  }
  LedgerVerifier v(trusted, std::move(checkpoints));
  std::string_view rest = bundle.events;
  uint64_t index = 0;
  while (!rest.empty()) {
    size_t eol = rest.find('\n');
    if (eol == std::string_view::npos)
      return Failed("events.jsonl does not end with a newline (truncated)");
    std::string_view line = rest.substr(0, eol);
    rest.remove_prefix(eol + 1);
    if (Result<ParsedEvent> e = ParseEntry(line); !e.ok()) {
      VerifyReport r =
          Failed("events.jsonl line " + std::to_string(index + 1) + ": " + e.status().message());
      r.first_bad_index = index;
      return r;
    }
    if (!v.AddEntry(index++, line, nullptr)) break;
  }
  VerifyReport report = v.Finish();
  if (report.ok && index != expected) {
    return Failed("events.jsonl holds " + std::to_string(index) + " events, manifest.json says " +
                  std::to_string(expected));
  }
  if (report.ok && report.signed_size != report.events) {
    report.ok = false;
    report.first_bad_index = report.signed_size;
    report.problem = "events from index " + std::to_string(report.signed_size) +
                     " are not covered by any signed checkpoint";
  }
  return report;
}

}  // namespace proofline::ledger
