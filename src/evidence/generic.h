// Generic evidence: any JSON document with a declared type ("backup-verification",
// "rollback-plan", "dast.zap"), validated against a JSON Schema the team supplies, so evidence
// Proofline has no parser for can still be required, checked and read by later policies.
//
// Validation is valijson's (JSON Schema drafts 4, 6 and 7), with these choices:
// - The draft comes from the schema's $schema: draft-04 is validated as draft 4; draft-06,
//   draft-07 or no $schema as draft 7 (valijson has no draft 6 mode; draft 7 only adds keywords).
//   Other drafts (2019-09, 2020-12, draft-03) are refused rather than half-understood.
// - Only local references ("#/definitions/x") are followed. A $ref naming another document is
//   refused, never fetched: validation must not depend on the network or on what a URL serves
//   today.
// - valijson builds and walks schemas by recursion, so a schema that applies itself to the same
//   value ({"allOf": [{"$ref": "#"}]}) would never finish: such cycles are refused, and so are
//   schemas of more than kMaxSchemaNodes subschemas or whose allOf/anyOf/oneOf/not/if/then/else/
//   dependencies/$ref nest deeper than kMaxSchemaInPlaceDepth (the stack stays bounded). valijson
//   takes the draft 4 `id` (not $id) as the base of references and appends a relative id to the
//   enclosing one, which through a $ref makes a new base on every pass: a relative id inside
//   another is refused too.
// - `pattern`, `patternProperties` and the date, time and date-time formats are checked with RE2,
//   not with the std::regex valijson uses: libstdc++'s std::regex recurses per character (a string
//   of some 100 KB in the evidence overflows the stack) and backtracks exponentially; RE2 runs in
//   linear time without recursion. JSON Schema patterns are ECMA-262; RE2 reads the common subset
//   (\uXXXX escapes are translated) and a pattern it cannot read (lookaround, backreferences) is
//   refused when the schema is read. RE2 counts code points where ECMA-262 counts UTF-16 units,
//   and its `.` matches \r (ECMA-262's does not).
// - `uniqueItems` is checked with a hash set of the items' canonical forms (linear), not by
//   valijson's comparison of every pair, which records every equal pair: an array of 100 000 equal
//   items, 200 KB of evidence, would cost minutes and gigabytes.
// The document is parsed whole by ParseJsonStrict (I-JSON) and held as a DOM, roughly ten times
// its size in memory, hence kMaxGenericDocumentBytes. The summary keeps the document itself when
// its canonical JSON is small, so a policy can read e.g. {"verified": true} of a backup check.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/files.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kMaxGenericDocumentBytes = size_t{64} << 20;
inline constexpr size_t kMaxGenericSchemaBytes = size_t{4} << 20;
inline constexpr size_t kMaxGenericDataBytes = 16 * 1024;  // canonical JSON kept in the summary
inline constexpr size_t kMaxSchemaNodes = 1000;
inline constexpr size_t kMaxSchemaInPlaceDepth = 16;
inline constexpr size_t kMaxListedViolations = 3;

struct GenericSummary {
  std::string type;
  std::string schema_digest;  // "sha256:<hex>" of the schema file's bytes
  std::string schema_id;      // the schema's $id (draft 4: id), cut to 256 bytes; "" when absent
  std::optional<Json> data;   // the document, when its canonical JSON is <= kMaxGenericDataBytes
  uint64_t data_bytes = 0;    // the size of the document's canonical JSON

  // {type, schema_digest, schema_id (when present), data or else data_bytes}: the `summary` of
  // evidence events.
  Json ToJson() const;
};

// Validates the JSON document at `path` against the schema at `schema_path` and summarises it.
// Errors: NotFound for a missing document or schema; InvalidArgument for a `type` that is not a
// simple name ([a-z0-9][a-z0-9._-]{0,63}), a schema that is not JSON ("SCHEMA: ... at byte N"),
// not a usable schema or refused as above (the message names the schema file), a document that is
// not JSON ("PATH: ... at byte N") or larger than kMaxGenericDocumentBytes, and a document that
// does not match: "PATH: does not match schema SCHEMA: <json pointer>: <reason>; ..." with the
// first kMaxListedViolations violations. `digest`, when given, receives the SHA-256 and size of
// the document's bytes. Thread-safe.
Result<GenericSummary> ParseGenericFile(const std::string& path, const std::string& type,
                                        const std::string& schema_path,
                                        StreamDigest* digest = nullptr);
// The same for an in-memory document and schema; the names stand for the files in messages.
Result<GenericSummary> ParseGeneric(std::string_view text, const std::string& name,
                                    const std::string& type, std::string_view schema_text,
                                    const std::string& schema_name);

}  // namespace proofline::evidence
