// Attaching evidence files to a change, as `proofline attest` does; shared with `proofline scan
// --change`, which attaches its SARIF the same way.
#pragma once

#include <string>
#include <vector>

#include "cli/context.h"

namespace proofline::cli {

struct AttestOptions {
  std::string kind, change, pipeline, actor;
  std::vector<std::string> controls, files;
  std::string key;           // attestation: PEM public key the signature must verify with
  std::string type, schema;  // generic: the declared type and its JSON schema
  std::string suite;         // junit: the test suite it is (unit, integration, smoke, ...)
};

// What `attest` prints: one line per file, or the JSON of the recorded events.
struct AttestOutcome {
  std::string text;
  Json json;
};

// Parses every file of `o` as evidence of kind `o.kind`, stores the bytes in the blob store and
// appends one `evidence.attached` event per file to change `o.change` in one batch; nothing is
// stored when any file fails. The actor is the authenticated one (`o.actor` is replaced).
// Errors name the file: InvalidArgument for bad input or options, NotFound for an unknown change.
Result<AttestOutcome> AttestEvidence(const Context& ctx, AttestOptions o);

}  // namespace proofline::cli
