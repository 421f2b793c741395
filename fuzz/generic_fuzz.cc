// Fuzzes generic evidence (a schema walk, valijson with RE2 for its regular expressions, strict
// JSON). An input without a NUL byte is a document checked against a built-in schema that uses
// the risky keywords (pattern, patternProperties, format, local $ref, recursion, anyOf/not); an
// input "SCHEMA\0DOCUMENT" fuzzes the schema too. Either a summary that serialises canonically
// comes out, or InvalidArgument: never a crash, a hang in std::regex, or another error.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/json.h"
#include "evidence/generic.h"

namespace {

constexpr std::string_view kSchema = R"({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "$id": "urn:proofline:fuzz",
  "type": "object",
  "required": ["id"],
  "properties": {
    "id": {"type": "string", "pattern": "^[a-z]+(-[a-z0-9]+)*$"},
    "when": {"type": "string", "format": "date-time"},
    "day": {"format": "date"},
    "at": {"format": "time"},
    "tags": {"type": "array", "uniqueItems": true, "items": {"$ref": "#/definitions/tag"}},
    "tree": {"$ref": "#/definitions/node"},
    "either": {"anyOf": [{"type": "integer", "minimum": 0}, {"not": {"type": "number"}}]},
    "when_set": {"if": {"const": true}, "then": {"required": ["when"]}}
  },
  "patternProperties": {"^x-(a|b)*$": {"type": ["string", "null"]}},
  "additionalProperties": false,
  "definitions": {
    "tag": {"type": "string", "pattern": "^\\u0041?[\\w.-]{1,20}$"},
    "node": {"type": "object", "properties": {"children": {"type": "array",
      "items": {"$ref": "#/definitions/node"}}, "name": {"$ref": "#/definitions/tag"}}}
  }
})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view schema = kSchema, document = in;
  if (size_t nul = in.find('\0'); nul != std::string_view::npos) {
    schema = in.substr(0, nul);
    document = in.substr(nul + 1);
  }
  Result<evidence::GenericSummary> s =
      evidence::ParseGeneric(document, "fuzz.json", "fuzz.kind", schema, "fuzz.schema.json");
  if (!s.ok()) {
    if (s.status().code() != StatusCode::kInvalidArgument) std::abort();
    return 0;
  }
  if (s->type != "fuzz.kind" || s->schema_digest.size() != 7 + 64) std::abort();
  if (s->data.has_value() != (s->data_bytes <= evidence::kMaxGenericDataBytes)) std::abort();
  if (s->data) {
    Result<std::string> canonical = CanonicalJson(*s->data);
    if (!canonical.ok() || canonical->size() != s->data_bytes) std::abort();
  }
  // The summary goes into a ledger event, which must have a canonical form.
  if (!CanonicalJson(s->ToJson()).ok()) std::abort();
  return 0;
}
