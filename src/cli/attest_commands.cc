// `proofline attest KIND --change ID FILE...`: evidence ingestion. Every file is parsed before
// anything is stored, so one bad file leaves no blob and no event; then blobs, then one batch.
#include <filesystem>

#include "blob/blob_store.h"
#include "change/change.h"
#include "cli/context.h"
#include "evidence/junit.h"
#include "evidence/sarif.h"

namespace proofline::cli {
namespace {

constexpr const char* kEvidenceAttached = "evidence.attached";
constexpr const char* kSupportedKinds = "junit, sarif";

struct AttestOptions {
  std::string kind, change, pipeline, actor;
  std::vector<std::string> controls, files;
};

struct ParsedFile {
  std::string path;
  Json summary;                   // the kind's summary, as recorded in the event
  std::string counts;             // the same, one line for people
  evidence::StreamDigest digest;  // of the bytes the summary describes
};

std::string Count(uint64_t n, const char* what) { return std::to_string(n) + " " + what; }

Status ParseJUnit(ParsedFile* f) {
  ASSIGN_OR_RETURN(evidence::JUnitSummary s, evidence::ParseJUnitFile(f->path, &f->digest));
  f->summary = s.ToJson();
  f->counts = Count(s.tests, "tests") + ", " + Count(s.failures, "failures") + ", " +
              Count(s.errors, "errors") + ", " + Count(s.skipped, "skipped");
  return OkStatus();
}

Status ParseSarif(ParsedFile* f) {
  ASSIGN_OR_RETURN(evidence::SarifSummary s, evidence::ParseSarifFile(f->path, &f->digest));
  f->summary = s.ToJson();
  f->counts = Count(s.results, "results") + " (" + Count(s.error, "error") + ", " +
              Count(s.warning, "warning") + ", " + Count(s.note, "note") + "), " +
              Count(s.critical, "critical") + ", " + Count(s.high, "high") + ", " +
              Count(s.suppressed, "suppressed");
  return OkStatus();
}

// REQUIRES: `kind` is one of kSupportedKinds.
Result<std::vector<ParsedFile>> ParseAll(const std::string& kind,
                                         const std::vector<std::string>& paths) {
  std::vector<ParsedFile> out;
  for (const std::string& path : paths) {
    ParsedFile f{path, {}, {}, {}};
    RETURN_IF_ERROR(kind == "sarif" ? ParseSarif(&f) : ParseJUnit(&f));
    out.push_back(std::move(f));
  }
  return out;
}

std::string DigestString(const evidence::StreamDigest& d) { return "sha256:" + ToHex(d.sha256); }

Json EventData(const AttestOptions& o, const ParsedFile& f) {
  Json data = {{"kind", o.kind},
               {"file", std::filesystem::path(f.path).filename().string()},
               {"digest", DigestString(f.digest)},
               {"size", f.digest.size},
               {"summary", f.summary}};
  if (!o.pipeline.empty()) data["pipeline"] = o.pipeline;
  if (!o.controls.empty()) data["controls"] = o.controls;
  return data;
}

// Builds one event per file and validates them all, so nothing is stored for an event the
// ledger would refuse.
Result<std::vector<ledger::EventInput>> BuildEvents(const AttestOptions& o,
                                                    const std::vector<ParsedFile>& files) {
  std::vector<ledger::EventInput> events;
  for (const ParsedFile& f : files) {
    events.push_back({kEvidenceAttached, o.change, o.actor, EventData(o, f)});
    RETURN_IF_ERROR(ledger::PrepareEvent(events.back()).status().WithContext(f.path));
  }
  return events;
}

// Stores each file's bytes. Conflict if a file changed after it was parsed: the recorded summary
// must describe exactly the stored bytes.
Status StoreAll(const std::vector<ParsedFile>& files, blob::BlobStore* blobs) {
  for (const ParsedFile& f : files) {
    ASSIGN_OR_RETURN(blob::BlobRef ref, blobs->PutFile(f.path));
    if (ref.digest != f.digest.sha256 || ref.size != f.digest.size) {
      return Conflict(f.path + " changed while it was being attested; attest it again");
    }
  }
  return OkStatus();
}

void PrintResult(const Context& ctx, const AttestOptions& o, const std::vector<ParsedFile>& files,
                 const std::vector<ledger::Appended>& appended) {
  Json list = Json::array();
  std::string text;
  for (size_t i = 0; i < files.size(); ++i) {
    list.push_back({{"index", appended[i].index},
                    {"file", files[i].path},
                    {"digest", DigestString(files[i].digest)},
                    {"summary", files[i].summary}});
    text += "attested " + files[i].path + " to " + o.change + " (event " +
            std::to_string(appended[i].index) + "): " + files[i].counts + "\n";
  }
  text.pop_back();
  ctx.Print(text, {{"change", o.change}, {"events", list}});
}

Result<int> RunAttest(const Context& ctx, const AttestOptions& o) {
  if (o.kind != "junit" && o.kind != "sarif") {
    return InvalidArgument("evidence kind '" + o.kind +
                           "' is not supported yet (supported: " + kSupportedKinds + ")");
  }
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  RETURN_IF_ERROR(
      change::ChangeService(open.ledger.get(), open.store.get()).Get(o.change).status());
  ASSIGN_OR_RETURN(std::vector<ParsedFile> files, ParseAll(o.kind, o.files));
  ASSIGN_OR_RETURN(std::vector<ledger::EventInput> events, BuildEvents(o, files));
  blob::BlobStore blobs(blob::BlobStore::DirFor(ctx.store_path));
  RETURN_IF_ERROR(StoreAll(files, &blobs));
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, open.ledger->Append(events));
  PrintResult(ctx, o, files, appended);
  return kExitOk;
}

}  // namespace

void AddAttestCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AttestOptions>();
  o->actor = DefaultUser();
  CLI::App* a = app.add_subcommand(
      "attest", "Attach evidence files to a change: parse, store the raw bytes, record a summary");
  a->add_option("KIND", o->kind, std::string("Evidence kind (supported: ") + kSupportedKinds + ")")
      ->required();
  a->add_option("FILE", o->files, "Evidence files (all are parsed before any is stored)")
      ->required();
  a->add_option("--change", o->change, "Change id the evidence belongs to")->required();
  a->add_option("--pipeline", o->pipeline, "Pipeline run that produced the evidence");
  a->add_option("--control", o->controls, "Control the evidence supports (repeatable)");
  a->add_option("--actor", o->actor, "Who attests")->capture_default_str();
  a->callback([&ctx, o] { ctx.action = [&ctx, o] { return RunAttest(ctx, *o); }; });
}

}  // namespace proofline::cli
