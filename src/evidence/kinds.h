// The evidence kinds: one registry that every user of kinds reads (`attest`, `validate
// --evidence`, `scan --change`, pipelines' `evidence:` entries, the policy facts, the catalogs'
// needs, help texts). A kind is its name, what it is, the key its facts take under `evidence`
// (policy/facts.h), the options it accepts, and its parser; `DescribeSummary` (describe.h) gives
// the one line people see for a recorded summary.
//
// Whatever parses a kind goes through Parse*, so the recorded fields are the same wherever
// evidence comes from: `file` is the name of what was parsed (for an artifact, the last component
// of the path as resolved, so `build/` is "build", not ""), `digest` the SHA-256 of the bytes
// stored in the blob store, `summary` the kind's ToJson() (documented in evidence/<kind>.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

// The options a kind may take; a kind refuses those it does not (CheckKindOptions).
struct KindOptions {
  std::string key;           // attestation: PEM public key a signature must verify with
  std::string type, schema;  // generic: the declared type and the JSON schema file
  std::string suite;         // junit: the suite it reports (unit, integration, smoke, ...)
};

// One parsed evidence file, ready to be stored and recorded.
struct ParsedEvidence {
  std::string path;                   // as given
  std::string file;                   // the name recorded in the event
  Json summary;                       // the kind's summary
  StreamDigest digest;                // of the bytes stored: the file, or `stored` when set
  std::optional<std::string> stored;  // bytes to store instead of the file (artifact manifest)
};

struct EvidenceKind {
  std::string_view name;
  std::string_view description;
  std::string_view facts_key;      // under `evidence` in the policy facts ("junit" -> "tests")
  bool takes_key = false;          // --key (attestation)
  bool needs_type_schema = false;  // --type and --schema (generic)
  bool takes_suite = false;        // --suite (junit)
  // Parses the file at `path`, streaming it. Errors name the file.
  Result<ParsedEvidence> (*parse_file)(const std::string& path, const KindOptions& options);
  // Parses bytes held in memory (named `name` in errors and in the event); nullptr for a kind
  // that fingerprints paths (artifact).
  Result<ParsedEvidence> (*parse_bytes)(std::string_view bytes, const std::string& name,
                                        const KindOptions& options);
};

// Every kind, in the order `proofline attest --help` lists them.
const std::vector<EvidenceKind>& Kinds();
// nullptr for an unknown name.
const EvidenceKind* FindKind(std::string_view name);
// InvalidArgument "unknown evidence kind 'x' (kinds: junit, ...)" for an unknown name.
Result<const EvidenceKind*> RequireKind(std::string_view name);
// "junit, sarif, ...".
std::string KindNames();

// Options that belong to another kind are refused rather than silently ignored; a generic kind
// needs its type and schema; a suite name is letters, digits, '_', '-' or '.' (64 at most).
Status CheckKindOptions(const EvidenceKind& kind, const KindOptions& options);

// Parses `path` (or `bytes`) as `kind` after checking the options.
Result<ParsedEvidence> ParseEvidenceFile(const EvidenceKind& kind, const std::string& path,
                                         const KindOptions& options);
Result<ParsedEvidence> ParseEvidenceBytes(const EvidenceKind& kind, std::string_view bytes,
                                          const std::string& name, const KindOptions& options);

// "sha256:<hex>" of a digest, as events record it.
std::string DigestString(const StreamDigest& digest);

}  // namespace proofline::evidence
