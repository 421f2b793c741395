// Generic evidence: a walk of the schema that refuses what valijson cannot be trusted with (remote
// references, self-application cycles, oversized schemas, patterns RE2 cannot read), valijson's
// validation, and the specialisations that make valijson evaluate regular expressions with RE2.
//
// The specialisations replace five members of valijson::ValidationVisitor<NlohmannJsonAdapter>:
// the `pattern` and `format` visits and the patternProperties matcher (std::regex -> RE2); the
// `uniqueItems` visit (valijson compares every pair and records every equal pair: [1,1,1,...] of
// 100 KB would take minutes and gigabytes; here it is one hash set of canonical forms); and
// validateSchema (stops once enough violations are recorded, so a huge failing document cannot
// fill memory with them). They must be visible wherever that class is instantiated: valijson is
// used in this file only, and must stay so.
#include "evidence/generic.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "base/crypto.h"
#include "base/files.h"
#include "base/json.h"
#include "base/text.h"

// Without it valijson prints and aborts on a bad schema; with it, it throws and we report.
#define VALIJSON_USE_EXCEPTIONS 1
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace proofline::evidence {
namespace {

constexpr size_t kReadBytes = 64 * 1024;
constexpr size_t kMaxQuotedBytes = 64;
constexpr size_t kMaxReasonBytes = 200;
constexpr size_t kMaxPointerBytes = 120;
constexpr size_t kMaxIdBytes = 256;  // valijson matches nested ids against a std::regex
constexpr size_t kMaxSchemaIdBytes = 256;
// Recorded violations after which validation stops: enough to pick the first few useful ones.
constexpr size_t kMaxRecordedViolations = 100;

// Thrown by the validateSchema specialisation through valijson, caught by Validate().
struct ViolationCap {};

std::string Quoted(std::string_view s) { return "\"" + OneLine(s, kMaxQuotedBytes) + "\""; }

// ---------------------------------------------------------------------------------------------
// Regular expressions: ECMA-262 patterns evaluated by RE2

// The value of `digits` hex digits at `pos`, if they are there.
std::optional<uint32_t> Hex(std::string_view s, size_t pos, size_t digits) {
  if (pos + digits > s.size()) return std::nullopt;
  uint32_t v = 0;
  for (char c : s.substr(pos, digits)) {
    int digit = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
    if (digit < 0) return std::nullopt;
    v = v * 16 + static_cast<uint32_t>(digit);
  }
  return v;
}

// An ECMA-262 pattern in RE2 syntax: RE2 has no \uXXXX escape, so each becomes \x{XXXX} (a
// surrogate pair, one code point). What else RE2 lacks (lookaround, backreferences) stays, and
// fails to compile with RE2's own message.
std::string ToRe2Syntax(std::string_view ecma) {
  std::string out;
  for (size_t i = 0; i < ecma.size(); ++i) {
    std::optional<uint32_t> cp;
    if (ecma[i] == '\\' && i + 1 < ecma.size() && ecma[i + 1] == 'u') cp = Hex(ecma, i + 2, 4);
    if (!cp) {
      out += ecma[i];
      if (ecma[i] == '\\' && i + 1 < ecma.size()) out += ecma[++i];  // an escape, whole
      continue;
    }
    i += 5;
    std::optional<uint32_t> low;
    if (*cp >= 0xD800 && *cp < 0xDC00 && ecma.substr(i + 1, 2) == "\\u") low = Hex(ecma, i + 3, 4);
    if (low && *low >= 0xDC00 && *low < 0xE000) {
      cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
      i += 6;
    }
    char hex[16];
    snprintf(hex, sizeof hex, "\\x{%X}", *cp);
    out += hex;
  }
  return out;
}

// The compiled patterns of the schema in use on this thread (see Patterns()).
class PatternCache {
 public:
  // The RE2 for `pattern`, compiled once; InvalidArgument with RE2's reason if it cannot be.
  Result<const RE2*> Compile(const std::string& pattern) {
    auto it = compiled_.find(pattern);
    if (it == compiled_.end()) {
      RE2::Options options;
      options.set_log_errors(false);
      it = compiled_.emplace(pattern, std::make_unique<RE2>(ToRe2Syntax(pattern), options)).first;
    }
    if (!it->second->ok()) {
      return InvalidArgument("pattern " + Quoted(pattern) + " is not supported (" +
                             OneLine(it->second->error(), kMaxQuotedBytes) +
                             "; lookaround and backreferences are not)");
    }
    return it->second.get();
  }
  void Clear() { compiled_.clear(); }

 private:
  std::unordered_map<std::string, std::unique_ptr<RE2>> compiled_;
};

// valijson's visitors cannot carry our state; the cache is per thread and emptied per document.
PatternCache& Patterns() {
  thread_local PatternCache cache;
  return cache;
}

// For valijson's callbacks, which can only fail by throwing. The schema walk compiled every
// pattern valijson reads, so this finds them compiled.
const RE2& PatternOrThrow(const std::string& pattern) {
  Result<const RE2*> re = Patterns().Compile(pattern);
  if (!re.ok()) throw std::runtime_error(re.status().message());
  return **re;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Why `s` is not a valid value of `format`, or "" when it is. Checked, as valijson does: date,
// time and date-time (RFC 3339, with the calendar's day count); other formats are annotations.
std::string FormatProblem(const std::string& format, const std::string& s) {
  static const RE2 kDate("([0-9]{4})-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])");
  static const RE2 kTime(
      "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):"
      "[0-5][0-9])");
  static const RE2 kDateTime("([0-9]{4})-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])[Tt]" +
                             kTime.pattern());
  int year = 0, month = 0, day = 0;
  if (format == "date") {
    bool ok = RE2::FullMatch(s, kDate, &year, &month, &day) && day <= DaysInMonth(year, month);
    return ok ? "" : "String should be a valid date";
  }
  if (format == "time") return RE2::FullMatch(s, kTime) ? "" : "String should be a valid time";
  if (format == "date-time") {
    bool ok = RE2::FullMatch(s, kDateTime, &year, &month, &day) && day <= DaysInMonth(year, month);
    return ok ? "" : "String should be a valid date-time";
  }
  return "";
}

// The value an adapter of the document wraps, rebuilt (the adapter does not expose it).
Json FromAdapter(const valijson::adapters::NlohmannJsonAdapter& value) {
  if (value.isObject()) {
    Json object = Json::object();
    for (const auto member : value.getObject()) object[member.first] = FromAdapter(member.second);
    return object;
  }
  if (value.isArray()) {
    Json array = Json::array();
    for (const auto element : value.getArray()) array.push_back(FromAdapter(element));
    return array;
  }
  if (value.isString()) return value.getString();
  if (value.isBool()) return value.getBool();
  if (value.isInteger()) return value.getInteger();
  if (value.isDouble()) return value.getDouble();
  return nullptr;
}

// The index of the first element equal to an earlier one (JSON Schema equality: 1 equals 1.0,
// key order does not matter, which is equality of RFC 8785 canonical forms) and of that earlier
// one; nullopt when all differ. Throws for a value without canonical form, which ParseJsonStrict
// does not let through.
std::optional<std::pair<size_t, size_t>> FirstDuplicate(
    const valijson::adapters::NlohmannJsonAdapter& array) {
  std::unordered_map<std::string, size_t> seen;
  size_t index = 0;
  for (const auto element : array.getArray()) {
    Result<std::string> canonical = CanonicalJson(FromAdapter(element));
    if (!canonical.ok()) throw std::runtime_error(canonical.status().message());
    auto [it, fresh] = seen.emplace(std::move(*canonical), index);
    if (!fresh) return std::make_pair(it->second, index);
    ++index;
  }
  return std::nullopt;
}

}  // namespace
}  // namespace proofline::evidence

// ---------------------------------------------------------------------------------------------
// The valijson specialisations (see the top of the file). Each mirrors valijson's own member,
// with RE2 in place of std::regex.

using ProoflineVisitor = valijson::ValidationVisitor<valijson::adapters::NlohmannJsonAdapter>;

template <>
bool ProoflineVisitor::validateSchema(const valijson::Subschema& subschema) {
  if (m_results != nullptr &&
      m_results->numErrors() >= proofline::evidence::kMaxRecordedViolations) {
    throw proofline::evidence::ViolationCap();
  }
  if (subschema.getAlwaysInvalid()) return false;
  valijson::Subschema::ApplyFunction fn(
      std::bind(validationCallback, std::placeholders::_1, std::ref(*this)));
  return m_results == nullptr ? subschema.applyStrict(fn) : subschema.apply(fn);
}

template <>
bool ProoflineVisitor::visit(const valijson::constraints::PatternConstraint& constraint) {
  if ((m_strictTypes && !m_target.isString()) || !m_target.maybeString()) return true;
  std::string pattern = constraint.getPattern<std::string::allocator_type>();
  if (RE2::PartialMatch(m_target.asString(), proofline::evidence::PatternOrThrow(pattern))) {
    return true;
  }
  if (m_results) {
    m_results->pushError(m_context,
                         "String does not match pattern " + proofline::evidence::Quoted(pattern));
  }
  return false;
}

template <>
bool ProoflineVisitor::visit(const valijson::constraints::FormatConstraint& constraint) {
  if (!m_target.isString()) return true;  // formats constrain strings only
  std::string problem =
      proofline::evidence::FormatProblem(constraint.getFormat(), m_target.asString());
  if (problem.empty()) return true;
  if (m_results) m_results->pushError(m_context, problem);
  return false;
}

template <>
bool ProoflineVisitor::visit(const valijson::constraints::UniqueItemsConstraint& /*constraint*/) {
  if ((m_strictTypes && !m_target.isArray()) || !m_target.maybeArray()) return true;
  auto duplicate = proofline::evidence::FirstDuplicate(m_target);
  if (!duplicate) return true;
  if (m_results) {
    m_results->pushError(m_context, "Elements at indexes #" + std::to_string(duplicate->first) +
                                        " and #" + std::to_string(duplicate->second) +
                                        " violate uniqueness constraint.");
  }
  return false;
}

template <>
template <>
bool ProoflineVisitor::ValidatePatternPropertySubschemas::operator()(
    const valijson::constraints::BasicConstraint<
        valijson::constraints::PropertiesConstraint>::String& pattern_property,
    const valijson::Subschema* subschema) const {
  const std::string pattern(pattern_property.c_str());
  const RE2& re = proofline::evidence::PatternOrThrow(pattern);
  bool matched = false;
  for (const auto member : m_object) {
    if (!RE2::PartialMatch(member.first, re)) continue;
    matched = true;
    if (m_propertiesMatched) m_propertiesMatched->insert(member.first);
    std::vector<std::string> context = m_context;
    context.push_back("[" + member.first + "]");
    ValidationVisitor validator(member.second, context, m_strictTypes, m_results, m_regexesCache);
    if (validator.validateSchema(*subschema)) continue;
    if (m_results) {
      m_results->pushError(m_context, "Failed to validate against schema associated with pattern " +
                                          proofline::evidence::Quoted(pattern));
    }
    if (m_validated) *m_validated = false;
    if (!m_continueOnFailure) return false;
  }
  if (!matched && !m_continueIfUnmatched) return false;
  return m_continueOnSuccess;
}

namespace proofline::evidence {
namespace {

// ---------------------------------------------------------------------------------------------
// The schema walk

// A reference token of a $ref pointer, decoded as valijson decodes it: ~1 and ~0 (RFC 6901),
// then %XX (the pointer is a URI fragment).
std::optional<std::string> DecodeToken(std::string_view token) {
  std::string unescaped;
  for (size_t i = 0; i < token.size(); ++i) {
    char next = i + 1 < token.size() ? token[i + 1] : '\0';
    if (token[i] == '~' && (next == '0' || next == '1')) {
      unescaped += next == '0' ? '~' : '/';
      ++i;
    } else {
      unescaped += token[i];
    }
  }
  std::string decoded;
  for (size_t i = 0; i < unescaped.size(); ++i) {
    if (unescaped[i] != '%') {
      decoded += unescaped[i];
      continue;
    }
    std::optional<uint32_t> byte = Hex(unescaped, i + 1, 2);
    if (!byte) return std::nullopt;
    decoded += static_cast<char>(*byte);
    i += 2;
  }
  return decoded;
}

// Walks the schema as valijson will build it (from the root, through every subschema keyword, and
// into each local $ref target once per resolution scope and pointer, valijson's cache key) and
// refuses what valijson must not see. It records, per schema object, the subschemas applied to
// the same value, whose chains Height() measures.
class SchemaWalk {
 public:
  SchemaWalk(const Json& root, std::string name) : root_(root), name_(std::move(name)) {}

  Status Run();

 private:
  using Scope = std::optional<std::string>;  // the id that relative references resolve against

  Status Visit(const Json& node, const std::string& at, Scope scope);
  Status VisitRef(const Json& node, const std::string& ref, const std::string& at,
                  const Scope& scope);
  Status VisitKeywords(const Json& node, const std::string& at, const Scope& scope,
                       std::vector<const Json*>* same);
  Status EnterScope(const Json& node, const std::string& at, Scope* scope) const;
  Status CheckPatterns(const Json& node, const std::string& at) const;
  Result<const Json*> Resolve(const std::string& pointer, const std::string& at) const;
  Result<size_t> Height(const Json* node, size_t depth);
  Status Error(const std::string& problem) const { return InvalidArgument(name_ + ": " + problem); }
  std::string Where(const Json* node) const;

  const Json& root_;
  std::string name_;
  size_t nodes_ = 0;
  std::set<std::string> refs_;                            // followed, by scope + pointer
  std::map<const Json*, std::vector<const Json*>> same_;  // applied to the same value
  std::vector<const Json*> order_;                        // same_'s keys as first visited
  std::map<const Json*, std::string> where_;              // for messages
  std::map<const Json*, size_t> heights_;                 // of same_ chains; kInProgress
  static constexpr size_t kInProgress = ~size_t{0};
};

Status SchemaWalk::Run() {
  RETURN_IF_ERROR(Visit(root_, "", std::nullopt));
  // In visit order, not by address: which node a message names must not vary between runs.
  for (const Json* node : order_) {
    RETURN_IF_ERROR(Height(node, 0));
  }
  return OkStatus();
}

Status SchemaWalk::Visit(const Json& node, const std::string& at, Scope scope) {
  if (!node.is_object()) return OkStatus();  // true/false schemas; valijson refuses the rest
  if (++nodes_ > kMaxSchemaNodes) {
    return Error("more than " + std::to_string(kMaxSchemaNodes) + " subschemas to build");
  }
  where_.emplace(&node, at.empty() ? "#" : at);
  auto ref = node.find("$ref");
  if (ref != node.end() && ref->is_string()) {
    return VisitRef(node, *ref->get_ptr<const std::string*>(), at, scope);
  }
  RETURN_IF_ERROR(EnterScope(node, at, &scope));
  RETURN_IF_ERROR(CheckPatterns(node, at));
  std::vector<const Json*> same;
  RETURN_IF_ERROR(VisitKeywords(node, at, scope, &same));
  if (!same_.contains(&node)) order_.push_back(&node);
  same_[&node] = std::move(same);
  return OkStatus();
}

// valijson replaces a node holding $ref by its target, ignoring the node's other keywords, and
// builds the target in the scope of the reference.
Status SchemaWalk::VisitRef(const Json& node, const std::string& ref, const std::string& at,
                            const Scope& scope) {
  if (ref.empty() || ref[0] != '#') {
    return Error("$ref " + Quoted(ref) + " at " + (at.empty() ? "#" : at) +
                 " names another document; references to other documents are not fetched "
                 "(copy the definition into this schema)");
  }
  std::string pointer = ref.substr(1);
  pointer.erase(pointer.find_last_not_of('/') + 1);  // valijson drops trailing slashes
  ASSIGN_OR_RETURN(const Json* target, Resolve(pointer, at));
  if (!same_.contains(&node)) order_.push_back(&node);
  same_[&node] = {target};
  if (!refs_.insert(scope.value_or("") + pointer).second) return OkStatus();
  return Visit(*target, pointer, scope);
}

Status SchemaWalk::VisitKeywords(const Json& node, const std::string& at, const Scope& scope,
                                 std::vector<const Json*>* same) {
  auto visit = [&](const Json& child, const std::string& path, bool same_value) -> Status {
    if (same_value && child.is_object()) same->push_back(&child);
    return Visit(child, at + path, scope);
  };
  for (const auto& [key, value] : *node.get_ptr<const Json::object_t*>()) {
    std::string path = "/" + JsonPointerToken(key);
    bool same_value = key == "allOf" || key == "anyOf" || key == "oneOf" || key == "not" ||
                      key == "if" || key == "then" || key == "else" || key == "dependencies";
    if (key == "not" || key == "if" || key == "then" || key == "else" || key == "contains" ||
        key == "propertyNames" || key == "additionalProperties" || key == "additionalItems" ||
        (key == "items" && value.is_object())) {
      RETURN_IF_ERROR(visit(value, path, same_value));
    } else if ((key == "allOf" || key == "anyOf" || key == "oneOf" || key == "items") &&
               value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        RETURN_IF_ERROR(visit(value[i], path + "/" + std::to_string(i), same_value));
      }
    } else if ((key == "properties" || key == "patternProperties" || key == "dependencies") &&
               value.is_object()) {
      for (const auto& [name, child] : *value.get_ptr<const Json::object_t*>()) {
        RETURN_IF_ERROR(visit(child, path + "/" + JsonPointerToken(name), same_value));
      }
    }
  }
  return OkStatus();
}

// valijson reads `id` (the draft 4 keyword; it ignores $id) as the scope: absolute URIs and URNs
// replace it, other ids are appended to it. Appending is wrong (RFC 3986 resolves against the base
// instead), and through a $ref it yields a new scope, so a new cache key, at every pass: valijson
// never stops. Such ids are refused, and so are ids that are not strings (valijson reads numbers,
// booleans and empty containers as strings) or too long for its std::regex URN check.
Status SchemaWalk::EnterScope(const Json& node, const std::string& at, Scope* scope) const {
  auto id = node.find("id");
  if (id == node.end()) return OkStatus();
  bool read_as_string = id->is_string() || id->is_boolean() || id->is_number() ||
                        ((id->is_object() || id->is_array()) && id->empty());
  if (!read_as_string) return OkStatus();
  const auto* uri = id->get_ptr<const std::string*>();
  if (uri == nullptr) return Error("id at " + at + "/id is not a string");
  if (uri->size() > kMaxIdBytes) {
    return Error("id at " + at + "/id is longer than " + std::to_string(kMaxIdBytes) + " bytes");
  }
  if (*scope && uri->find("://") == std::string::npos && !valijson::internal::uri::isUrn(*uri)) {
    return Error("relative id " + Quoted(*uri) + " at " + at +
                 "/id inside the scope of another id is not supported (use an absolute URI)");
  }
  *scope = *uri;
  return OkStatus();
}

// Compiles the node's patterns, so an unsupported one is refused now, wherever it is used.
Status SchemaWalk::CheckPatterns(const Json& node, const std::string& at) const {
  auto pattern = node.find("pattern");
  if (pattern != node.end() && pattern->is_string()) {
    Status s = Patterns().Compile(*pattern->get_ptr<const std::string*>()).status();
    if (!s.ok()) return Error(s.message() + " at " + at + "/pattern");
  }
  auto properties = node.find("patternProperties");
  if (properties != node.end() && properties->is_object()) {
    for (const auto& entry : *properties->get_ptr<const Json::object_t*>()) {
      Status s = Patterns().Compile(entry.first).status();
      if (!s.ok()) return Error(s.message() + " at " + at + "/patternProperties");
    }
  }
  return OkStatus();
}

// The node `pointer` names in the schema, found as valijson finds it (empty tokens skipped).
Result<const Json*> SchemaWalk::Resolve(const std::string& pointer, const std::string& at) const {
  auto unresolved = [&] {
    return Error("$ref " + Quoted("#" + pointer) + " at " + (at.empty() ? "#" : at) +
                 " does not resolve in this schema");
  };
  if (!pointer.empty() && pointer[0] != '/') return unresolved();
  const Json* node = &root_;
  size_t start = 1;
  while (start <= pointer.size()) {
    size_t end = std::min(pointer.find('/', start), pointer.size());
    std::optional<std::string> token =
        DecodeToken(std::string_view(pointer).substr(start, end - start));
    start = end + 1;
    if (!token) return unresolved();
    if (token->empty()) continue;
    if (node->is_object()) {
      auto it = node->find(*token);
      if (it == node->end()) return unresolved();
      node = &*it;
    } else if (node->is_array()) {
      size_t index = 0;
      const char* end_of_token = token->data() + token->size();
      auto [parsed_to, ec] = std::from_chars(token->data(), end_of_token, index);
      if (ec != std::errc() || parsed_to != end_of_token || index >= node->size()) {
        return unresolved();
      }
      node = &(*node)[index];
    } else {
      return unresolved();
    }
  }
  return node;
}

std::string SchemaWalk::Where(const Json* node) const {
  auto it = where_.find(node);
  return it == where_.end() ? "#" : it->second;
}

// The longest chain of subschemas applied to the same value from `node`; a cycle is an error.
Result<size_t> SchemaWalk::Height(const Json* node, size_t depth) {
  if (depth > kMaxSchemaInPlaceDepth) {
    return Error("allOf/anyOf/oneOf/not/if/then/else/dependencies/$ref nest deeper than " +
                 std::to_string(kMaxSchemaInPlaceDepth) + " levels at " + Where(node));
  }
  auto [it, fresh] = heights_.try_emplace(node, kInProgress);
  if (!fresh) {
    if (it->second != kInProgress) {
      // Known from an earlier walk that started lower: the chain through here is depth + it.
      if (depth + it->second > kMaxSchemaInPlaceDepth) {
        return Error("allOf/anyOf/oneOf/not/if/then/else/dependencies/$ref nest deeper than " +
                     std::to_string(kMaxSchemaInPlaceDepth) + " levels at " + Where(node));
      }
      return it->second;
    }
    return Error("the subschema at " + Where(node) +
                 " applies itself to the same value (a $ref cycle through allOf/anyOf/oneOf/not/"
                 "if/then/else/dependencies/$ref), which never finishes");
  }
  size_t height = 0;
  auto next = same_.find(node);
  if (next != same_.end()) {
    for (const Json* child : next->second) {
      ASSIGN_OR_RETURN(size_t h, Height(child, depth + 1));
      height = std::max(height, h + 1);
    }
  }
  heights_[node] = height;
  return height;
}

// ---------------------------------------------------------------------------------------------
// Schema, document and validation

bool IsTypeName(std::string_view type) {
  if (type.empty() || type.size() > 64) return false;
  for (size_t i = 0; i < type.size(); ++i) {
    char c = type[i];
    bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) return false;
  }
  return true;
}

Result<valijson::SchemaParser::Version> DraftOf(const Json& schema, const std::string& name) {
  auto it = schema.find("$schema");
  if (it == schema.end()) return valijson::SchemaParser::kDraft7;
  const auto* uri = it->get_ptr<const std::string*>();
  if (uri == nullptr) return InvalidArgument(name + ": $schema is not a string");
  std::string_view u = *uri;
  for (std::string_view scheme : {"http://", "https://"}) {
    if (u.substr(0, scheme.size()) == scheme) u.remove_prefix(scheme.size());
  }
  if (!u.empty() && u.back() == '#') u.remove_suffix(1);
  if (u == "json-schema.org/draft-04/schema") return valijson::SchemaParser::kDraft4;
  if (u == "json-schema.org/draft-06/schema" || u == "json-schema.org/draft-07/schema") {
    return valijson::SchemaParser::kDraft7;
  }
  return InvalidArgument(name + ": $schema " + Quoted(*uri) +
                         " is not supported (JSON Schema drafts 4, 6 and 7 are)");
}

std::string SchemaId(const Json& schema) {
  std::string id = StringAt(schema, "$id");
  if (id.empty()) id = StringAt(schema, "id");
  return std::string(Utf8Prefix(id, kMaxSchemaIdBytes));
}

// Parses, checks and compiles the schema into `schema`.
Status CompileSchema(std::string_view text, const std::string& name, valijson::Schema* schema,
                     std::string* id) {
  ASSIGN_OR_RETURN(Json root, ParseJsonStrict(text, name));
  if (!root.is_object()) {
    return InvalidArgument(name + ": not a JSON Schema (a schema is a JSON object, not " +
                           root.type_name() + ")");
  }
  ASSIGN_OR_RETURN(valijson::SchemaParser::Version draft, DraftOf(root, name));
  RETURN_IF_ERROR(SchemaWalk(root, name).Run());
  try {
    valijson::SchemaParser parser(draft);
    parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(root), *schema);
  } catch (const std::exception& e) {
    return InvalidArgument(name +
                           ": not a usable JSON Schema: " + OneLine(e.what(), kMaxReasonBytes));
  }
  *id = SchemaId(root);
  return OkStatus();
}

// valijson's context ("<root>", "[key]", "[3]") as a JSON pointer.
std::string Pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (size_t i = 1; i < context.size(); ++i) {
    std::string_view part = context[i];
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
      part = part.substr(1, part.size() - 2);
    }
    pointer += "/" + JsonPointerToken(part);
  }
  return pointer.empty() ? "(root)" : OneLine(pointer, kMaxPointerBytes);
}

// valijson reports a failure again at each enclosing member, item and branch; these messages say
// only that, and the deeper message says more.
bool IsEnclosingFailure(const std::string& d) {
  return d.rfind("Failed to validate item #", 0) == 0 ||
         d.rfind("Failed to validate against schema associated with", 0) == 0 ||
         d.rfind("Failed to validate against child schema #", 0) == 0 ||
         d == "Failed to validate against additional properties schema" ||
         d == "Failed to validate against dependent schema.";
}

// The first kMaxListedViolations violations in valijson's order (depth first), leaving out the
// enclosing failures unless there is nothing else.
std::string Violations(const valijson::ValidationResults& results) {
  std::vector<const valijson::ValidationResults::Error*> chosen, enclosing;
  for (const auto& e : results) {
    (IsEnclosingFailure(e.description) ? enclosing : chosen).push_back(&e);
  }
  if (chosen.empty()) chosen = enclosing;
  if (chosen.empty()) return "violations not listed (validation stopped early)";
  std::string out;
  for (size_t i = 0; i < std::min(chosen.size(), kMaxListedViolations); ++i) {
    std::string reason = chosen[i]->description;
    if (!reason.empty() && reason.back() == '.') reason.pop_back();
    out += (i == 0 ? "" : "; ") + Pointer(chosen[i]->context) + ": " +
           OneLine(reason, kMaxReasonBytes);
  }
  return chosen.size() > kMaxListedViolations ? out + "; ..." : out;
}

Status Validate(const valijson::Schema& schema, const Json& document, const std::string& name,
                const std::string& schema_name) {
  valijson::Validator validator;
  valijson::ValidationResults results;
  bool valid = false;
  try {
    valid = validator.validate(schema, valijson::adapters::NlohmannJsonAdapter(document), &results);
  } catch (const ViolationCap&) {
    // Enough violations are recorded to report.
  } catch (const std::exception& e) {
    return InvalidArgument(schema_name + ": " + OneLine(e.what(), kMaxReasonBytes));
  }
  if (valid) return OkStatus();
  return InvalidArgument(name + ": does not match schema " + schema_name + ": " +
                         Violations(results));
}

Result<std::string> ReadDocument(HashingFileReader* file) {
  std::string text;
  std::string buf(kReadBytes, '\0');
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, file->Read(buf.data(), buf.size()));
    if (n == 0) return text;
    if (text.size() + n > kMaxGenericDocumentBytes) {
      return InvalidArgument(file->path() + ": larger than " +
                             std::to_string(kMaxGenericDocumentBytes >> 20) +
                             " MiB (generic evidence is held in memory whole)");
    }
    text.append(buf.data(), n);
  }
}

}  // namespace

Json GenericSummary::ToJson() const {
  Json j = {{"type", type}, {"schema_digest", schema_digest}};
  if (!schema_id.empty()) j["schema_id"] = schema_id;
  if (data) {
    j["data"] = *data;
  } else {
    j["data_bytes"] = data_bytes;
  }
  return j;
}

Result<GenericSummary> ParseGeneric(std::string_view text, const std::string& name,
                                    const std::string& type, std::string_view schema_text,
                                    const std::string& schema_name) {
  if (!IsTypeName(type)) {
    return InvalidArgument("evidence type " + Quoted(type) +
                           " is not a simple name ([a-z0-9][a-z0-9._-]{0,63}, e.g. "
                           "backup-verification)");
  }
  GenericSummary summary;
  summary.type = type;
  summary.schema_digest = "sha256:" + ToHex(Sha256(AsBytes(schema_text)));
  Patterns().Clear();
  valijson::Schema schema;
  RETURN_IF_ERROR(CompileSchema(schema_text, schema_name, &schema, &summary.schema_id));
  if (text.size() > kMaxGenericDocumentBytes) {
    return InvalidArgument(name + ": larger than " +
                           std::to_string(kMaxGenericDocumentBytes >> 20) + " MiB");
  }
  ASSIGN_OR_RETURN(Json document, ParseJsonStrict(text, name));
  RETURN_IF_ERROR(Validate(schema, document, name, schema_name));
  Result<std::string> canonical = CanonicalJson(document);
  if (!canonical.ok()) return canonical.status().WithContext(name);
  summary.data_bytes = canonical->size();
  if (canonical->size() <= kMaxGenericDataBytes) summary.data = std::move(document);
  return summary;
}

Result<GenericSummary> ParseGenericFile(const std::string& path, const std::string& type,
                                        const std::string& schema_path, StreamDigest* digest) {
  ASSIGN_OR_RETURN(std::string schema_text, ReadFile(schema_path, kMaxGenericSchemaBytes));
  ASSIGN_OR_RETURN(std::unique_ptr<HashingFileReader> file, HashingFileReader::Open(path));
  ASSIGN_OR_RETURN(std::string text, ReadDocument(file.get()));
  ASSIGN_OR_RETURN(GenericSummary summary,
                   ParseGeneric(text, path, type, schema_text, schema_path));
  if (digest != nullptr) *digest = {file->digest(), file->size()};
  return summary;
}

}  // namespace proofline::evidence
