// Strict JSON parsing and RFC 8785 (JCS) canonical serialisation.
//
// Ledger entries are hashed over their canonical form, so any tool in any language can re-hash
// an exported event: RFC 8785 fixes the bytes (object keys sorted by UTF-16 code units, no
// whitespace, ECMAScript number formatting, minimal string escaping, UTF-8 output).
// Parsing is strict in the I-JSON sense (RFC 7493) because a canonical form only exists for
// I-JSON: duplicate object keys, invalid UTF-8, lone surrogates and numbers that an IEEE 754
// double cannot hold exactly (integers beyond 2^53) are errors, not silently rewritten.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/status.h"

namespace proofline {

using Json = nlohmann::json;

// Parses `text` as one JSON value. Rejects duplicate keys, trailing content and invalid UTF-8.
// Errors are InvalidArgument and name the byte offset of the problem; `what` (e.g. a file
// name) prefixes the message.
Result<Json> ParseJsonStrict(std::string_view text, std::string_view what = "JSON");

// Field readers that never throw, for data anyone may have written (ledger payloads appended
// with `log append`, bundle manifests): they return the fallback when `object` is not an object,
// lacks `key`, or holds another type there. nlohmann's value() throws on a type mismatch.
std::string StringAt(const Json& object, const char* key, const std::string& fallback = "");
double NumberAt(const Json& object, const char* key, double fallback = 0);
uint64_t UintAt(const Json& object, const char* key, uint64_t fallback = 0);
// The member if it is an object (resp. array), else a shared empty one.
const Json& ObjectAt(const Json& object, const char* key);
const Json& ArrayAt(const Json& object, const char* key);

// Serialises `value` per RFC 8785. Fails with InvalidArgument for values that have no
// canonical form: NaN/Infinity, integers with magnitude above 2^53, binary values,
// strings that are not valid UTF-8.
Result<std::string> CanonicalJson(const Json& value);

// `key` as one reference token of a JSON pointer: '~' -> "~0", '/' -> "~1" (RFC 6901).
std::string JsonPointerToken(std::string_view key);

}  // namespace proofline
