// Strict I-JSON parsing (a DOM-building nlohmann SAX handler with duplicate-key, number-range
// and depth checks) and a hand-written RFC 8785 (JCS) canonical serialiser.
#include "base/json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <iterator>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace proofline {
namespace {

// Deeper documents are refused by the parser and the serialiser alike, so hostile input cannot
// exhaust the stack (the serialiser recurses) and every parsed value can be canonicalised.
constexpr std::size_t kMaxDepth = 128;
// Integers of larger magnitude have no exact IEEE 754 double, so no canonical form (I-JSON).
constexpr std::uint64_t kMaxExactInteger = std::uint64_t{1} << 53;
// nlohmann's out_of_range error for a number that overflows a double.
constexpr int kNumberOverflowErrorId = 406;
// Longest input excerpt (a key, nlohmann's "last read" token) quoted in an error message.
constexpr std::size_t kMaxQuotedBytes = 120;

// ---------------------------------------------------------------------------------------------
// UTF-8

struct Utf8Lead {
  int continuation_bytes;
  char32_t payload;
  char32_t min_code_point;  // smaller values are overlong encodings
};

bool DecodeUtf8Lead(unsigned char byte, Utf8Lead* lead) {
  if (byte < 0x80) {
    *lead = {0, byte, 0};
  } else if ((byte & 0xE0) == 0xC0) {
    *lead = {1, char32_t{byte} & 0x1F, 0x80};
  } else if ((byte & 0xF0) == 0xE0) {
    *lead = {2, char32_t{byte} & 0x0F, 0x800};
  } else if ((byte & 0xF8) == 0xF0) {
    *lead = {3, char32_t{byte} & 0x07, 0x10000};
  } else {
    return false;
  }
  return true;
}

// Decodes the well-formed UTF-8 sequence at s[*pos] and advances *pos past it. Returns false,
// leaving *pos alone, for bad lead or continuation bytes, truncation, overlong forms, surrogates
// and values above U+10FFFF.
bool DecodeUtf8(std::string_view s, std::size_t* pos, char32_t* code_point) {
  Utf8Lead lead;
  if (!DecodeUtf8Lead(static_cast<unsigned char>(s[*pos]), &lead)) return false;
  const auto length = static_cast<std::size_t>(lead.continuation_bytes) + 1;
  if (s.size() - *pos < length) return false;
  char32_t cp = lead.payload;
  for (std::size_t i = 1; i < length; ++i) {
    const auto byte = static_cast<unsigned char>(s[*pos + i]);
    if ((byte & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (byte & 0x3F);
  }
  if (cp < lead.min_code_point || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  *code_point = cp;
  *pos += length;
  return true;
}

// UTF-16 form of a UTF-8 string, for RFC 8785 key ordering; false if `s` is not valid UTF-8.
bool ToUtf16(std::string_view s, std::u16string* out) {
  out->clear();
  for (std::size_t pos = 0; pos < s.size();) {
    char32_t cp;
    if (!DecodeUtf8(s, &pos, &cp)) return false;
    if (cp < 0x10000) {
      out->push_back(static_cast<char16_t>(cp));
    } else {
      cp -= 0x10000;
      out->push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out->push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    }
  }
  return true;
}

void AppendHexByte(unsigned char byte, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back(kHex[byte >> 4]);
  out->push_back(kHex[byte & 0xF]);
}

// Input text made safe for a one-line, valid UTF-8 error message: control characters and bytes
// that are not UTF-8 become \xNN, and long text is cut short.
std::string Printable(std::string_view s) {
  std::string out;
  for (std::size_t pos = 0; pos < s.size();) {
    if (out.size() >= kMaxQuotedBytes) return out + "...";
    const std::size_t start = pos;
    char32_t cp;
    if (!DecodeUtf8(s, &pos, &cp) || cp < 0x20 || cp == 0x7F) {
      out += "\\x";
      AppendHexByte(static_cast<unsigned char>(s[start]), &out);
      pos = start + 1;
      continue;
    }
    out.append(s.substr(start, pos - start));
  }
  return out;
}

// `s` in double quotes for an error message, with its own quotes and backslashes escaped.
std::string Quoted(std::string_view s) {
  std::string escaped;
  for (const char c : s.substr(0, kMaxQuotedBytes + 1)) {
    if (c == '"' || c == '\\') escaped.push_back('\\');
    escaped.push_back(c);
  }
  return '"' + Printable(escaped) + '"';
}

// ---------------------------------------------------------------------------------------------
// Parsing

// nlohmann's exception text minus its "[json.exception.parse_error.101] parse error at line 1,
// column 4: " preamble (the caller reports a byte offset instead).
std::string DescribeParserError(std::string_view what) {
  if (what.substr(0, 1) == "[") {
    const std::size_t close = what.find("] ");
    if (close != std::string_view::npos) what.remove_prefix(close + 2);
  }
  if (what.substr(0, 11) == "parse error") {
    const std::size_t colon = what.find(": ");
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  return std::string(what);
}

// Input iterator over the text that records in *read_end how many bytes the lexer has pulled.
// nlohmann's SAX events carry no position; this is how the handler learns one.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(std::string_view text, std::size_t pos, std::size_t* read_end)
      : text_(text), pos_(pos), read_end_(read_end) {}

  reference operator*() const { return text_[pos_]; }
  TrackingIterator& operator++() {
    *read_end_ = ++pos_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackingIterator& other) const { return pos_ == other.pos_; }

 private:
  std::string_view text_;
  std::size_t pos_;
  std::size_t* read_end_;
};

// Builds the DOM on an explicit stack (nlohmann's own parser is iterative too, so input depth
// never turns into recursion) and stops at the first duplicate key, out-of-range number or
// nesting deeper than kMaxDepth.
class StrictDomBuilder final : public nlohmann::json_sax<Json> {
 public:
  StrictDomBuilder(std::string_view text, const std::size_t* read_end)
      : text_(text), read_end_(read_end) {}

  bool null() override { return Add(nullptr); }
  bool boolean(bool value) override { return Add(value); }
  bool number_integer(number_integer_t value) override;
  bool number_unsigned(number_unsigned_t value) override;
  bool number_float(number_float_t value, const string_t& token) override;
  bool string(string_t& value) override { return Add(std::move(value)); }
  bool binary(binary_t& /*value*/) override;
  bool start_object(std::size_t /*elements*/) override { return Open(Json::object()); }
  bool key(string_t& key) override;
  bool end_object() override { return Close(); }
  bool start_array(std::size_t /*elements*/) override { return Open(Json::array()); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const Json::exception& error) override;

  Json TakeRoot() { return std::move(root_); }
  // "<problem> at byte <offset>" for the failure that stopped the parse.
  std::string ErrorMessage() const {
    return problem_ + " at byte " + std::to_string(error_offset_);
  }

 private:
  void Mark();
  std::size_t TokenStart() const;
  bool Fail(std::string problem, std::size_t offset);
  Json* Insert(Json value);
  bool Add(Json value);
  bool Open(Json empty_container);
  bool Close();

  std::string_view text_;
  const std::size_t* read_end_;  // bytes the lexer has read so far
  std::size_t read_at_last_event_ = 0;
  std::size_t token_search_from_ = 0;  // the current event's token starts at or after this
  Json root_;
  std::vector<Json*> open_containers_;
  Json* pending_member_ = nullptr;  // the member slot key() made, for the next value
  std::string problem_;
  std::size_t error_offset_ = 0;
};

// Every event calls this first. Structural tokens, strings and literals end exactly where the
// lexer stopped; a number also swallowed one lookahead byte, which can only be whitespace, `,`,
// `]` or `}` if parsing continues. So the current token starts after the previous event's read
// position, past whitespace and separators.
void StrictDomBuilder::Mark() {
  if (read_end_ == nullptr) return;  // the fast pass: no positions (see ParseJsonStrict)
  token_search_from_ = read_at_last_event_;
  read_at_last_event_ = *read_end_;
}

std::size_t StrictDomBuilder::TokenStart() const {
  const std::size_t start = text_.find_first_not_of(" \t\n\r,:", token_search_from_);
  return start == std::string_view::npos ? text_.size() : start;
}

bool StrictDomBuilder::Fail(std::string problem, std::size_t offset) {
  problem_ = std::move(problem);
  error_offset_ = offset;
  return false;
}

// Puts `value` where the document's grammar says it goes and returns its address, which stays
// valid while it is open: only the last array element can be open and nothing is appended after
// it meanwhile; object members live in std::map nodes.
Json* StrictDomBuilder::Insert(Json value) {
  if (open_containers_.empty()) {
    root_ = std::move(value);
    return &root_;
  }
  auto* array = open_containers_.back()->get_ptr<Json::array_t*>();
  if (array == nullptr) {
    *pending_member_ = std::move(value);
    return pending_member_;
  }
  array->push_back(std::move(value));
  return &array->back();
}

bool StrictDomBuilder::Add(Json value) {
  Mark();
  Insert(std::move(value));
  return true;
}

bool StrictDomBuilder::Open(Json empty_container) {
  Mark();
  if (open_containers_.size() >= kMaxDepth) {
    return Fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels", TokenStart());
  }
  open_containers_.push_back(Insert(std::move(empty_container)));
  return true;
}

bool StrictDomBuilder::Close() {
  Mark();
  open_containers_.pop_back();
  return true;
}

bool StrictDomBuilder::key(string_t& key) {
  Mark();
  auto& members = *open_containers_.back()->get_ptr<Json::object_t*>();
  const auto [member, inserted] = members.try_emplace(std::move(key));
  if (!inserted) return Fail("duplicate key " + Quoted(member->first), TokenStart());
  pending_member_ = &member->second;
  return true;
}

bool StrictDomBuilder::number_integer(number_integer_t value) {
  Mark();
  if (value < -static_cast<number_integer_t>(kMaxExactInteger) ||
      value > static_cast<number_integer_t>(kMaxExactInteger)) {
    return Fail("integer " + std::to_string(value) + " exceeds 2^53 in magnitude", TokenStart());
  }
  Insert(value);
  return true;
}

bool StrictDomBuilder::number_unsigned(number_unsigned_t value) {
  Mark();
  if (value > kMaxExactInteger) {
    return Fail("integer " + std::to_string(value) + " exceeds 2^53 in magnitude", TokenStart());
  }
  Insert(value);
  return true;
}

// Whole doubles in (2^53, 1e21) print in integer notation under RFC 8785 (ECMAScript), which
// ParseJsonStrict must refuse as beyond 2^53; refusing them on both sides keeps every canonical
// text re-parseable to the same value.
bool IsUnsafeIntegralDouble(double v) {
  double a = std::fabs(v);
  return a > 0x1p53 && a < 1e21 && std::floor(a) == a;
}

// nlohmann hands integers too large for 64 bits to number_float, rounded; they are beyond 2^53.
// (Its lexer puts the locale's decimal point in `token`, so test for "only digits and sign".)
bool StrictDomBuilder::number_float(number_float_t value, const string_t& token) {
  Mark();
  if (token.find_first_not_of("-0123456789") == string_t::npos) {
    return Fail("integer " + Printable(token) + " exceeds 2^53 in magnitude", TokenStart());
  }
  if (IsUnsafeIntegralDouble(value)) {
    return Fail("number " + Printable(token) + " is a whole number beyond 2^53", TokenStart());
  }
  Insert(value);
  return true;
}

bool StrictDomBuilder::binary(binary_t& /*value*/) {
  Mark();
  return Fail("binary values are not JSON", TokenStart());
}

// `position` counts the bytes read including the offending one (or end of input), except for
// number overflow, reported once the whole number has been read.
bool StrictDomBuilder::parse_error(std::size_t position, const std::string& /*last_token*/,
                                   const Json::exception& error) {
  Mark();
  std::size_t offset = position == 0 ? 0 : std::min(position - 1, text_.size());
  if (error.id == kNumberOverflowErrorId) offset = TokenStart();
  return Fail(Printable(DescribeParserError(error.what())), offset);
}

// ---------------------------------------------------------------------------------------------
// Canonical serialisation (RFC 8785)

Status AppendValue(const Json& value, std::size_t depth, std::string* out);

// RFC 8785 3.2.2.2: only `"`, `\` and C0 controls are escaped, with ECMAScript's short forms.
void AppendAsciiEscaped(char c, std::string* out) {
  constexpr std::string_view kShortEscaped = "\"\\\b\f\n\r\t";
  constexpr std::string_view kShortForm = "\"\\bfnrt";
  if (const std::size_t i = kShortEscaped.find(c); i != std::string_view::npos) {
    out->push_back('\\');
    out->push_back(kShortForm[i]);
  } else if (static_cast<unsigned char>(c) < 0x20) {
    *out += "\\u00";
    AppendHexByte(static_cast<unsigned char>(c), out);
  } else {
    out->push_back(c);
  }
}

// Copies runs of plain printable ASCII in bulk (the hot path: most event text is ASCII) and
// decodes, validates and escapes everything else one code point at a time.
Status AppendString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t run = pos;
    while (run < s.size()) {
      const auto c = static_cast<unsigned char>(s[run]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++run;
    }
    out->append(s.data() + pos, run - pos);
    pos = run;
    if (pos == s.size()) break;
    const std::size_t start = pos;
    char32_t cp;
    if (!DecodeUtf8(s, &pos, &cp)) {
      return InvalidArgument("string " + Quoted(s) + " is not valid UTF-8 at byte " +
                             std::to_string(start));
    }
    if (cp < 0x80) {
      AppendAsciiEscaped(static_cast<char>(cp), out);
    } else {
      out->append(s.substr(start, pos - start));
    }
  }
  out->push_back('"');
  return OkStatus();
}

Status AppendInteger(bool negative, std::uint64_t magnitude, std::string* out) {
  if (magnitude > kMaxExactInteger) {
    return InvalidArgument("integer " + std::string(negative ? "-" : "") +
                           std::to_string(magnitude) + " exceeds 2^53 in magnitude");
  }
  if (negative && magnitude != 0) out->push_back('-');
  *out += std::to_string(magnitude);
  return OkStatus();
}

// ECMAScript Number::toString for a positive value written as digits × 10^(n − k), where
// k = digits.size() is minimal (ECMA-262, Number::toString steps 6-10).
void AppendEcmaScriptNumber(std::string_view digits, int n, std::string* out) {
  const int k = static_cast<int>(digits.size());
  if (k <= n && n <= 21) {
    out->append(digits);
    out->append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out->append(digits.substr(0, static_cast<std::size_t>(n)));
    out->push_back('.');
    out->append(digits.substr(static_cast<std::size_t>(n)));
  } else if (-6 < n && n <= 0) {
    *out += "0.";
    out->append(static_cast<std::size_t>(-n), '0');
    out->append(digits);
  } else {
    out->push_back(digits[0]);
    if (k > 1) {
      out->push_back('.');
      out->append(digits.substr(1));
    }
    *out += n - 1 < 0 ? "e-" : "e+";
    *out += std::to_string(std::abs(n - 1));
  }
}

// Finite, non-zero doubles. std::to_chars without a precision yields the shortest digits that
// round-trip (the closest such when several exist), as "d[.ddd]e±xx".
Status AppendDouble(double value, std::string* out) {
  if (!std::isfinite(value)) return InvalidArgument("NaN and Infinity have no JSON form");
  if (IsUnsafeIntegralDouble(value)) {
    return InvalidArgument("number " + std::to_string(value) +
                           " is a whole number beyond 2^53: its canonical form would not re-parse");
  }
  if (value == 0) {  // includes -0, which ECMAScript prints as "0"
    out->push_back('0');
    return OkStatus();
  }
  if (value < 0) out->push_back('-');
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                          std::chars_format::scientific);
  if (error != std::errc()) return Internal("std::to_chars failed on a double");
  const std::string_view scientific(buffer, static_cast<std::size_t>(end - buffer));
  const std::size_t e = scientific.find('e');
  std::string digits(1, scientific[0]);
  if (e > 1) digits.append(scientific.substr(2, e - 2));  // skip the '.'
  int exponent = 0;
  const char* exponent_begin = buffer + e + (scientific[e + 1] == '+' ? 2 : 1);
  std::from_chars(exponent_begin, end, exponent);
  AppendEcmaScriptNumber(digits, exponent + 1, out);
  return OkStatus();
}

Status AppendArray(const Json::array_t& elements, std::size_t depth, std::string* out) {
  out->push_back('[');
  for (std::size_t i = 0; i < elements.size(); ++i) {
    if (i != 0) out->push_back(',');
    RETURN_IF_ERROR(AppendValue(elements[i], depth + 1, out));
  }
  out->push_back(']');
  return OkStatus();
}

// RFC 8785 3.2.3: members sorted by their keys' UTF-16 code units, which differs from UTF-8
// byte (code point) order when characters above U+FFFF meet U+E000..U+FFFF.
Status AppendObject(const Json::object_t& members, std::size_t depth, std::string* out) {
  std::vector<std::pair<std::u16string, const Json::object_t::value_type*>> sorted;
  sorted.reserve(members.size());
  for (const auto& member : members) {
    std::u16string utf16_key;
    if (!ToUtf16(member.first, &utf16_key)) {
      return InvalidArgument("object key " + Quoted(member.first) + " is not valid UTF-8");
    }
    sorted.emplace_back(std::move(utf16_key), &member);
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  out->push_back('{');
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    if (i != 0) out->push_back(',');
    RETURN_IF_ERROR(AppendString(sorted[i].second->first, out));
    out->push_back(':');
    RETURN_IF_ERROR(AppendValue(sorted[i].second->second, depth + 1, out));
  }
  out->push_back('}');
  return OkStatus();
}

Status AppendContainer(const Json& value, std::size_t depth, std::string* out) {
  if (depth >= kMaxDepth) {
    return InvalidArgument("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  if (value.is_array()) return AppendArray(*value.get_ptr<const Json::array_t*>(), depth, out);
  return AppendObject(*value.get_ptr<const Json::object_t*>(), depth, out);
}

// `depth` counts the arrays and objects enclosing `value`.
Status AppendValue(const Json& value, std::size_t depth, std::string* out) {
  using Type = Json::value_t;
  switch (value.type()) {
    case Type::null:
      *out += "null";
      return OkStatus();
    case Type::boolean:
      *out += *value.get_ptr<const bool*>() ? "true" : "false";
      return OkStatus();
    case Type::string:
      return AppendString(*value.get_ptr<const std::string*>(), out);
    case Type::array:
    case Type::object:
      return AppendContainer(value, depth, out);
    case Type::number_float:
      return AppendDouble(*value.get_ptr<const double*>(), out);
    case Type::number_unsigned:
      return AppendInteger(false, *value.get_ptr<const std::uint64_t*>(), out);
    case Type::number_integer: {
      const std::int64_t integer = *value.get_ptr<const std::int64_t*>();
      // Negating in unsigned arithmetic is defined even for INT64_MIN.
      const auto magnitude = static_cast<std::uint64_t>(integer);
      return AppendInteger(integer < 0, integer < 0 ? 0 - magnitude : magnitude, out);
    }
    case Type::binary:
      return InvalidArgument("binary values have no JSON form");
    case Type::discarded:
      return InvalidArgument("a discarded value has no JSON form");
  }
  return Internal("unknown JSON value type");
}

}  // namespace

Result<Json> ParseJsonStrict(std::string_view text, std::string_view what) {
  const std::string prefix = std::string(what) + ": ";
  // First over plain pointers, which the lexer reads fastest, keeping no positions: nearly every
  // document is valid. Only a refused one is parsed again, tracking where the lexer is, for the
  // same error with its byte offset. (The same lexer and builder decide both times.)
  if (text.find('\0') == std::string_view::npos) {
    StrictDomBuilder fast(text, nullptr);
    try {
      if (Json::sax_parse(text.data(), text.data() + text.size(), &fast)) return fast.TakeRoot();
    } catch (const std::exception&) {  // not expected; the tracked pass below reports it
    }
  }
  std::size_t read_end = 0;
  StrictDomBuilder builder(text, &read_end);
  try {
    if (Json::sax_parse(TrackingIterator(text, 0, &read_end),
                        TrackingIterator(text, text.size(), &read_end), &builder)) {
      // nlohmann's lexer takes a NUL byte for the end of input, so a document followed by
      // "\0garbage" gets here; JSON has no place for a raw NUL.
      const std::size_t nul = text.find('\0');
      if (nul == std::string_view::npos) return builder.TakeRoot();
      return InvalidArgument(prefix + "unexpected NUL byte; expected end of input at byte " +
                             std::to_string(nul));
    }
  } catch (const std::exception& e) {  // not expected: the handler turns errors into `false`
    return InvalidArgument(prefix + Printable(e.what()));
  }
  return InvalidArgument(prefix + builder.ErrorMessage());
}

Result<std::string> CanonicalJson(const Json& value) {
  std::string out;
  try {
    RETURN_IF_ERROR(AppendValue(value, 0, &out));
  } catch (const std::exception& e) {  // not expected: only allocation can throw here
    return Internal(std::string("canonicalising JSON: ") + e.what());
  }
  return out;
}

namespace {
const Json* Member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}
}  // namespace

std::string StringAt(const Json& object, const char* key, const std::string& fallback) {
  const Json* m = Member(object, key);
  return m != nullptr && m->is_string() ? m->get<std::string>() : fallback;
}

double NumberAt(const Json& object, const char* key, double fallback) {
  const Json* m = Member(object, key);
  return m != nullptr && m->is_number() ? m->get<double>() : fallback;
}

uint64_t UintAt(const Json& object, const char* key, uint64_t fallback) {
  const Json* m = Member(object, key);
  return m != nullptr && m->is_number_unsigned() ? m->get<uint64_t>() : fallback;
}

const Json& ObjectAt(const Json& object, const char* key) {
  static const Json* const kEmpty = new Json(Json::object());
  const Json* m = Member(object, key);
  return m != nullptr && m->is_object() ? *m : *kEmpty;
}

const Json& ArrayAt(const Json& object, const char* key) {
  static const Json* const kEmpty = new Json(Json::array());
  const Json* m = Member(object, key);
  return m != nullptr && m->is_array() ? *m : *kEmpty;
}

std::string JsonPointerToken(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace proofline
