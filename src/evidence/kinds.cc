// The evidence-kind registry (kinds.h): each kind's parser behind one signature.
#include "evidence/kinds.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "evidence/artifact.h"
#include "evidence/attestation.h"
#include "evidence/control_tests.h"
#include "evidence/coverage.h"
#include "evidence/generic.h"
#include "evidence/junit.h"
#include "evidence/sarif.h"
#include "evidence/sbom.h"

namespace proofline::evidence {
namespace {

constexpr size_t kMaxSchemaBytes = size_t{4} << 20;

std::string BaseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// The common shape: a parser result turned into a ParsedEvidence of the file (or bytes) read.
template <typename Summary>
Result<ParsedEvidence> Keep(Result<Summary> parsed, const std::string& path, std::string file,
                            const StreamDigest& digest) {
  RETURN_IF_ERROR(parsed.status());
  return ParsedEvidence{path, std::move(file), parsed->ToJson(), digest, std::nullopt};
}

StreamDigest DigestOf(std::string_view bytes) { return {Sha256(AsBytes(bytes)), bytes.size()}; }

// A parser of files and one of bytes per kind. The file parsers stream; the byte parsers exist
// for evidence Proofline itself produced in memory (a scan's SARIF).
template <auto FileFn, auto BytesFn>
struct Simple {
  static Result<ParsedEvidence> File(const std::string& path, const KindOptions&) {
    StreamDigest d;
    auto parsed = FileFn(path, &d);
    return Keep(std::move(parsed), path, BaseName(path), d);
  }
  static Result<ParsedEvidence> Bytes(std::string_view bytes, const std::string& name,
                                      const KindOptions&) {
    return Keep(BytesFn(bytes, name), name, BaseName(name), DigestOf(bytes));
  }
};

Result<ParsedEvidence> AttestationFile(const std::string& path, const KindOptions& o) {
  std::optional<AttestationKey> key;
  if (!o.key.empty()) {
    ASSIGN_OR_RETURN(key, LoadAttestationKey(o.key));
  }
  StreamDigest d;
  auto parsed = ParseAttestationFile(path, key ? &*key : nullptr, &d);
  return Keep(std::move(parsed), path, BaseName(path), d);
}

Result<ParsedEvidence> AttestationBytes(std::string_view bytes, const std::string& name,
                                        const KindOptions& o) {
  std::optional<AttestationKey> key;
  if (!o.key.empty()) {
    ASSIGN_OR_RETURN(key, LoadAttestationKey(o.key));
  }
  return Keep(ParseAttestation(bytes, name, key ? &*key : nullptr), name, BaseName(name),
              DigestOf(bytes));
}

Result<ParsedEvidence> GenericFile(const std::string& path, const KindOptions& o) {
  StreamDigest d;
  auto parsed = ParseGenericFile(path, o.type, o.schema, &d);
  return Keep(std::move(parsed), path, BaseName(path), d);
}

Result<ParsedEvidence> GenericBytes(std::string_view bytes, const std::string& name,
                                    const KindOptions& o) {
  ASSIGN_OR_RETURN(std::string schema, ReadFile(o.schema, kMaxSchemaBytes));
  return Keep(ParseGeneric(bytes, name, o.type, schema, o.schema), name, BaseName(name),
              DigestOf(bytes));
}

// An artifact is not copied (it may be a multi-gigabyte image): its manifest is stored instead.
Result<ParsedEvidence> ArtifactFile(const std::string& path, const KindOptions&) {
  ASSIGN_OR_RETURN(ArtifactFingerprint a, FingerprintArtifact(path));
  ParsedEvidence out{path, a.name, a.ToJson(), {}, a.ManifestJson()};
  out.digest = DigestOf(*out.stored);
  return out;
}

const std::vector<EvidenceKind>& Registry() {
  static const std::vector<EvidenceKind> kinds = {
      {"junit", "JUnit XML test reports (Surefire, pytest, jest, ...)", "tests", false, false, true,
       Simple<ParseJUnitFile, ParseJUnit>::File, Simple<ParseJUnitFile, ParseJUnit>::Bytes},
      {"sarif", "SARIF 2.1.0 static analysis and scan results", "scans", false, false, false,
       Simple<ParseSarifFile, ParseSarif>::File, Simple<ParseSarifFile, ParseSarif>::Bytes},
      {"coverage", "Cobertura XML or LCOV coverage", "coverage", false, false, false,
       Simple<ParseCoverageFile, ParseCoverage>::File,
       Simple<ParseCoverageFile, ParseCoverage>::Bytes},
      {"sbom", "CycloneDX 1.4+ (1.7 and later 1.x) or SPDX 2.3 JSON SBOMs", "sbom", false, false,
       false, Simple<ParseSbomFile, ParseSbom>::File, Simple<ParseSbomFile, ParseSbom>::Bytes},
      {"control-test", "control test records (JSON, array or JSON Lines)", "control_tests", false,
       false, false, Simple<ParseControlTestsFile, ParseControlTests>::File,
       Simple<ParseControlTestsFile, ParseControlTests>::Bytes},
      {"artifact", "build artifacts (files, directories) fingerprinted, not copied", "artifacts",
       false, false, false, ArtifactFile, nullptr},
      {"attestation",
       "in-toto statements, DSSE envelopes, Sigstore bundles, npm registry attestations",
       "attestations", true, false, false, AttestationFile, AttestationBytes},
      {"generic", "any JSON evidence validated against a JSON schema", "generic", false, true,
       false, GenericFile, GenericBytes},
  };
  return kinds;
}

}  // namespace

const std::vector<EvidenceKind>& Kinds() { return Registry(); }

const EvidenceKind* FindKind(std::string_view name) {
  for (const EvidenceKind& k : Registry()) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::string KindNames() {
  std::string names;
  for (const EvidenceKind& k : Registry()) {
    names += (names.empty() ? "" : ", ") + std::string(k.name);
  }
  return names;
}

Result<const EvidenceKind*> RequireKind(std::string_view name) {
  if (const EvidenceKind* k = FindKind(name)) return k;
  return InvalidArgument("unknown evidence kind '" + std::string(name) +
                         "' (kinds: " + KindNames() + ")");
}

Status CheckKindOptions(const EvidenceKind& kind, const KindOptions& o) {
  if (!o.key.empty() && !kind.takes_key) {
    return InvalidArgument("--key applies to attestation evidence only");
  }
  if (kind.needs_type_schema && (o.type.empty() || o.schema.empty())) {
    return InvalidArgument("generic evidence needs --type NAME and --schema SCHEMA.json");
  }
  if (!o.suite.empty() && !kind.takes_suite) {
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
  if (!kind.needs_type_schema && (!o.type.empty() || !o.schema.empty())) {
    return InvalidArgument("--type and --schema apply to generic evidence only");
  }
  return OkStatus();
}

Result<ParsedEvidence> ParseEvidenceFile(const EvidenceKind& kind, const std::string& path,
                                         const KindOptions& options) {
  RETURN_IF_ERROR(CheckKindOptions(kind, options));
  return kind.parse_file(path, options);
}

Result<ParsedEvidence> ParseEvidenceBytes(const EvidenceKind& kind, std::string_view bytes,
                                          const std::string& name, const KindOptions& options) {
  RETURN_IF_ERROR(CheckKindOptions(kind, options));
  if (kind.parse_bytes == nullptr) {
    return InvalidArgument(std::string(kind.name) + " evidence is read from a path, not bytes");
  }
  return kind.parse_bytes(bytes, name, options);
}

std::string DigestString(const StreamDigest& digest) { return "sha256:" + ToHex(digest.sha256); }

}  // namespace proofline::evidence
