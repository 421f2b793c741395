// `proofline attest KIND --change ID FILE...`: evidence ingestion. Every file is parsed before
// anything is stored, so one bad file leaves no blob and no event; then blobs, then one batch.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <optional>

#include "blob/blob_store.h"
#include "change/change.h"
#include "cli/attest.h"
#include "cli/context.h"
#include "evidence/artifact.h"
#include "evidence/attestation.h"
#include "evidence/control_tests.h"
#include "evidence/coverage.h"
#include "evidence/describe.h"
#include "evidence/generic.h"
#include "evidence/junit.h"
#include "evidence/sarif.h"
#include "evidence/sbom.h"

namespace proofline::cli {
namespace {

constexpr const char* kEvidenceAttached = "evidence.attached";

struct ParsedFile {
  std::string path;
  Json summary;                       // the kind's summary, as recorded in the event
  StreamDigest digest;                // of the bytes stored: the file, or `stored` when set
  std::optional<std::string> stored;  // bytes to store instead of the file (artifact manifest)
};

// Kinds parse one file into `f` (path set); `o` carries the kind's own options.
using ParseFn = Status (*)(const AttestOptions& o, ParsedFile* f);

template <typename Summary>
Status Keep(Result<Summary> s, ParsedFile* f) {
  RETURN_IF_ERROR(s.status());
  f->summary = s->ToJson();
  return OkStatus();
}

Status ParseJUnit(const AttestOptions&, ParsedFile* f) {
  return Keep(evidence::ParseJUnitFile(f->path, &f->digest), f);
}
Status ParseSarif(const AttestOptions&, ParsedFile* f) {
  return Keep(evidence::ParseSarifFile(f->path, &f->digest), f);
}
Status ParseCoverage(const AttestOptions&, ParsedFile* f) {
  return Keep(evidence::ParseCoverageFile(f->path, &f->digest), f);
}
Status ParseSbom(const AttestOptions&, ParsedFile* f) {
  return Keep(evidence::ParseSbomFile(f->path, &f->digest), f);
}
Status ParseControlTests(const AttestOptions&, ParsedFile* f) {
  return Keep(evidence::ParseControlTestsFile(f->path, &f->digest), f);
}
Status ParseGeneric(const AttestOptions& o, ParsedFile* f) {
  return Keep(evidence::ParseGenericFile(f->path, o.type, o.schema, &f->digest), f);
}

Status ParseAttestation(const AttestOptions& o, ParsedFile* f) {
  std::optional<evidence::AttestationKey> key;
  if (!o.key.empty()) {
    ASSIGN_OR_RETURN(key, evidence::LoadAttestationKey(o.key));
  }
  return Keep(evidence::ParseAttestationFile(f->path, key ? &*key : nullptr, &f->digest), f);
}

// An artifact is not copied (it may be a multi-gigabyte image): its manifest is stored instead.
Status FingerprintArtifact(const AttestOptions&, ParsedFile* f) {
  ASSIGN_OR_RETURN(evidence::ArtifactFingerprint a, evidence::FingerprintArtifact(f->path));
  f->summary = a.ToJson();
  f->stored = a.ManifestJson();
  f->digest = {Sha256(AsBytes(*f->stored)), f->stored->size()};
  return OkStatus();
}

struct Kind {
  const char* name;
  ParseFn parse;
};

constexpr Kind kKinds[] = {
    {"junit", ParseJUnit},
    {"sarif", ParseSarif},
    {"coverage", ParseCoverage},
    {"sbom", ParseSbom},
    {"control-test", ParseControlTests},
    {"artifact", FingerprintArtifact},
    {"attestation", ParseAttestation},
    {"generic", ParseGeneric},
};

std::string KindNames() {
  std::string names;
  for (const Kind& k : kKinds) names += (names.empty() ? "" : ", ") + std::string(k.name);
  return names;
}

Result<ParseFn> FindKind(const std::string& name) {
  for (const Kind& k : kKinds) {
    if (name == k.name) return k.parse;
  }
  return InvalidArgument("unknown evidence kind '" + name + "' (kinds: " + KindNames() + ")");
}

// Options that belong to one kind are refused elsewhere rather than silently ignored.
Status CheckKindOptions(const AttestOptions& o) {
  if (!o.key.empty() && o.kind != "attestation") {
    return InvalidArgument("--key applies to attestation evidence only");
  }
  if (o.kind == "generic" && (o.type.empty() || o.schema.empty())) {
    return InvalidArgument("generic evidence needs --type NAME and --schema SCHEMA.json");
  }
  if (!o.suite.empty() && o.kind != "junit") {
    return InvalidArgument("--suite applies to junit evidence only");
  }
  bool suite_ok =
      o.suite.size() <= 64 && std::all_of(o.suite.begin(), o.suite.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      });
  if (!suite_ok) {
    return InvalidArgument("--suite '" + o.suite +
                           "': use letters, digits, '_', '-' or '.' (64 at most)");
  }
  if (o.kind != "generic" && (!o.type.empty() || !o.schema.empty())) {
    return InvalidArgument("--type and --schema apply to generic evidence only");
  }
  return OkStatus();
}

Result<std::vector<ParsedFile>> ParseAll(const AttestOptions& o, ParseFn parse) {
  std::vector<ParsedFile> out;
  for (const std::string& path : o.files) {
    ParsedFile f{path, {}, {}, std::nullopt};
    RETURN_IF_ERROR(parse(o, &f));
    out.push_back(std::move(f));
  }
  return out;
}

std::string DigestString(const StreamDigest& d) { return "sha256:" + ToHex(d.sha256); }

Json EventData(const AttestOptions& o, const ParsedFile& f) {
  Json data = {{"kind", o.kind},
               {"file", std::filesystem::path(f.path).filename().string()},
               {"digest", DigestString(f.digest)},
               {"size", f.digest.size},
               {"summary", f.summary}};
  if (!o.pipeline.empty()) data["pipeline"] = o.pipeline;
  if (!o.suite.empty()) data["suite"] = o.suite;
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
    ASSIGN_OR_RETURN(blob::BlobRef ref,
                     f.stored ? blobs->PutBytes(*f.stored) : blobs->PutFile(f.path));
    if (ref.digest != f.digest.sha256 || ref.size != f.digest.size) {
      return Conflict(f.path + " changed while it was being attested; attest it again");
    }
  }
  return OkStatus();
}

AttestOutcome Describe(const AttestOptions& o, const std::vector<ParsedFile>& files,
                       const std::vector<ledger::Appended>& appended) {
  Json list = Json::array();
  std::string text;
  for (size_t i = 0; i < files.size(); ++i) {
    list.push_back({{"index", appended[i].index},
                    {"file", files[i].path},
                    {"digest", DigestString(files[i].digest)},
                    {"summary", files[i].summary}});
    text += "attested " + files[i].path + " to " + o.change + " (event " +
            std::to_string(appended[i].index) +
            "): " + evidence::DescribeSummary(o.kind, files[i].summary) + "\n";
  }
  text.pop_back();
  return {text, {{"change", o.change}, {"events", list}}};
}

}  // namespace

Result<AttestOutcome> AttestEvidence(const Context& ctx, AttestOptions o) {
  ASSIGN_OR_RETURN(ParseFn parse, FindKind(o.kind));
  RETURN_IF_ERROR(CheckKindOptions(o));
  ASSIGN_OR_RETURN(o.actor, ctx.ActorId("attest"));
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  RETURN_IF_ERROR(
      change::ChangeService(open.ledger.get(), open.store.get()).Get(o.change).status());
  ASSIGN_OR_RETURN(std::vector<ParsedFile> files, ParseAll(o, parse));
  ASSIGN_OR_RETURN(std::vector<ledger::EventInput> events, BuildEvents(o, files));
  blob::BlobStore blobs(blob::BlobStore::DirFor(ctx.store_path));
  RETURN_IF_ERROR(StoreAll(files, &blobs));
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, open.ledger->Append(events));
  return Describe(o, files, appended);
}

void AddAttestCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<AttestOptions>();
  CLI::App* a = app.add_subcommand(
      "attest", "Attach evidence files to a change: parse, store the raw bytes, record a summary");
  a->add_option("KIND", o->kind, "Evidence kind: " + KindNames())->required();
  a->add_option("FILE", o->files, "Evidence files (all are parsed before any is stored)")
      ->required();
  a->add_option("--change", o->change, "Change id the evidence belongs to")->required();
  a->add_option("--pipeline", o->pipeline, "Pipeline run that produced the evidence");
  a->add_option("--control", o->controls, "Control the evidence supports (repeatable)");
  a->add_option("--key", o->key,
                "attestation: PEM public key (Ed25519, ECDSA, RSA); a signature must verify");
  a->add_option("--type", o->type, "generic: the evidence type, e.g. backup-verification");
  a->add_option("--schema", o->schema, "generic: JSON schema the file must match");
  a->add_option("--suite", o->suite,
                "junit: the suite it reports (unit, integration, smoke, e2e, performance, "
                "full_regression...): what a risk class's required evidence names");
  a->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> Result<int> {
      ASSIGN_OR_RETURN(AttestOutcome outcome, AttestEvidence(ctx, *o));
      ctx.Print(outcome.text, outcome.json);
      return kExitOk;
    };
  });
}

}  // namespace proofline::cli
