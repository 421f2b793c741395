// The CEL standard library: operators, size, string functions, conversions, timestamp and
// duration accessors (see functions.h). Integer arithmetic is checked: overflow, division and
// modulus by zero are errors; double arithmetic is IEEE 754.
#include "cel/functions.h"

#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "base/text.h"
#include "cel/lexer.h"
#include "cel/timezone.h"

namespace proofline::cel {
namespace {

constexpr double kTwo63 = 9223372036854775808.0;
constexpr double kTwo64 = 18446744073709551616.0;
constexpr int64_t kNanosPerSecond = 1'000'000'000;

Value Fail(const CallSite& s, std::string message) {
  return Value::Error(std::move(message), s.offset);
}

bool Kinds(Args a, Kind x) { return a.size() == 1 && a[0].kind() == x; }
bool Kinds(Args a, Kind x, Kind y) { return a.size() == 2 && a[0].kind() == x && a[1].kind() == y; }

Value Overflow(const CallSite& s) { return Fail(s, "integer overflow"); }

// Charges the steps of a pass over `n` bytes of text.
void ChargeText(const CallSite& s, size_t n) { s.budget->Step(n / 64 + 1); }

Value Concat(const CallSite& s, const std::string& x, const std::string& y, bool bytes) {
  size_t n = x.size() + y.size();
  if (n > s.budget->max_string_bytes) {
    return Fail(s, std::string(bytes ? "bytes" : "string") + " of " + std::to_string(n) +
                       " bytes exceeds the limit of " + std::to_string(s.budget->max_string_bytes));
  }
  ChargeText(s, n);
  s.budget->Allocate(n);
  std::string out;
  out.reserve(n);
  out += x;
  out += y;
  return bytes ? Value::Bytes(std::move(out)) : Value::String(std::move(out));
}

Value ConcatLists(const CallSite& s, const ValueList& x, const ValueList& y) {
  s.budget->Step(x.size() + y.size());
  if (!s.budget->Allocate((x.size() + y.size()) * sizeof(Value))) {
    return Fail(s, "memory limit exceeded");
  }
  ValueList out;
  out.reserve(x.size() + y.size());
  out.insert(out.end(), x.begin(), x.end());
  out.insert(out.end(), y.begin(), y.end());
  return Value::List(std::move(out));
}

// timestamp + duration, duration + timestamp.
Value AddToTimestamp(const CallSite& s, Args a) {
  std::optional<Timestamp> t;
  if (Kinds(a, Kind::kTimestamp, Kind::kDuration)) {
    t = cel::Add(a[0].timestamp(), a[1].duration());
  } else if (Kinds(a, Kind::kDuration, Kind::kTimestamp)) {
    t = cel::Add(a[1].timestamp(), a[0].duration());
  } else {
    return NoMatchingOverload(s, a);
  }
  return t ? Value::FromTimestamp(*t) : Fail(s, "timestamp out of range");
}

Value Add(const CallSite& s, Args a) {
  if (a.size() != 2 || a[0].kind() != a[1].kind()) return AddToTimestamp(s, a);
  switch (a[0].kind()) {
    case Kind::kInt: {
      int64_t r;
      if (__builtin_add_overflow(a[0].int_value(), a[1].int_value(), &r)) return Overflow(s);
      return Value::Int(r);
    }
    case Kind::kUint: {
      uint64_t r;
      if (__builtin_add_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return Overflow(s);
      return Value::Uint(r);
    }
    case Kind::kDouble:
      return Value::Double(a[0].double_value() + a[1].double_value());
    case Kind::kString:
      return Concat(s, a[0].string_value(), a[1].string_value(), false);
    case Kind::kBytes:
      return Concat(s, a[0].bytes_value(), a[1].bytes_value(), true);
    case Kind::kList:
      return ConcatLists(s, a[0].list(), a[1].list());
    case Kind::kDuration: {
      std::optional<Duration> d = cel::Add(a[0].duration(), a[1].duration());
      return d ? Value::FromDuration(*d) : Fail(s, "duration out of range");
    }
    default:
      return NoMatchingOverload(s, a);
  }
}

Value Subtract(const CallSite& s, Args a) {
  if (Kinds(a, Kind::kInt, Kind::kInt)) {
    int64_t r;
    if (__builtin_sub_overflow(a[0].int_value(), a[1].int_value(), &r)) return Overflow(s);
    return Value::Int(r);
  }
  if (Kinds(a, Kind::kUint, Kind::kUint)) {
    uint64_t r;
    if (__builtin_sub_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return Overflow(s);
    return Value::Uint(r);
  }
  if (Kinds(a, Kind::kDouble, Kind::kDouble)) {
    return Value::Double(a[0].double_value() - a[1].double_value());
  }
  if (Kinds(a, Kind::kTimestamp, Kind::kDuration)) {
    std::optional<Timestamp> t = cel::Subtract(a[0].timestamp(), a[1].duration());
    return t ? Value::FromTimestamp(*t) : Fail(s, "timestamp out of range");
  }
  std::optional<Duration> d;
  if (Kinds(a, Kind::kTimestamp, Kind::kTimestamp)) {
    d = cel::Subtract(a[0].timestamp(), a[1].timestamp());
  } else if (Kinds(a, Kind::kDuration, Kind::kDuration)) {
    d = cel::Subtract(a[0].duration(), a[1].duration());
  } else {
    return NoMatchingOverload(s, a);
  }
  return d ? Value::FromDuration(*d) : Fail(s, "duration out of range");
}

Value Multiply(const CallSite& s, Args a) {
  if (Kinds(a, Kind::kInt, Kind::kInt)) {
    int64_t r;
    if (__builtin_mul_overflow(a[0].int_value(), a[1].int_value(), &r)) return Overflow(s);
    return Value::Int(r);
  }
  if (Kinds(a, Kind::kUint, Kind::kUint)) {
    uint64_t r;
    if (__builtin_mul_overflow(a[0].uint_value(), a[1].uint_value(), &r)) return Overflow(s);
    return Value::Uint(r);
  }
  if (Kinds(a, Kind::kDouble, Kind::kDouble)) {
    return Value::Double(a[0].double_value() * a[1].double_value());
  }
  return NoMatchingOverload(s, a);
}

Value Divide(const CallSite& s, Args a) {
  if (Kinds(a, Kind::kInt, Kind::kInt)) {
    int64_t x = a[0].int_value(), y = a[1].int_value();
    if (y == 0) return Fail(s, "division by zero");
    if (x == std::numeric_limits<int64_t>::min() && y == -1) return Overflow(s);
    return Value::Int(x / y);
  }
  if (Kinds(a, Kind::kUint, Kind::kUint)) {
    if (a[1].uint_value() == 0) return Fail(s, "division by zero");
    return Value::Uint(a[0].uint_value() / a[1].uint_value());
  }
  if (Kinds(a, Kind::kDouble, Kind::kDouble)) {
    return Value::Double(a[0].double_value() / a[1].double_value());
  }
  return NoMatchingOverload(s, a);
}

Value Modulo(const CallSite& s, Args a) {
  if (Kinds(a, Kind::kInt, Kind::kInt)) {
    int64_t x = a[0].int_value(), y = a[1].int_value();
    if (y == 0) return Fail(s, "modulus by zero");
    if (x == std::numeric_limits<int64_t>::min() && y == -1) return Overflow(s);
    return Value::Int(x % y);
  }
  if (Kinds(a, Kind::kUint, Kind::kUint)) {
    if (a[1].uint_value() == 0) return Fail(s, "modulus by zero");
    return Value::Uint(a[0].uint_value() % a[1].uint_value());
  }
  return NoMatchingOverload(s, a);
}

Value Negate(const CallSite& s, Args a) {
  if (Kinds(a, Kind::kInt)) {
    if (a[0].int_value() == std::numeric_limits<int64_t>::min()) return Overflow(s);
    return Value::Int(-a[0].int_value());
  }
  if (Kinds(a, Kind::kDouble)) return Value::Double(-a[0].double_value());
  if (Kinds(a, Kind::kDuration)) {
    if (a[0].duration().nanos == std::numeric_limits<int64_t>::min()) {
      return Fail(s, "duration out of range");
    }
    return Value::FromDuration(Duration{-a[0].duration().nanos});
  }
  return NoMatchingOverload(s, a);
}

Value Not(const CallSite& s, Args a) {
  if (Kinds(a, Kind::kBool)) return Value::Bool(!a[0].bool_value());
  return NoMatchingOverload(s, a);
}

// Equality, charged by the number of values compared.
bool ChargedEqual(const CallSite& s, const Value& a, const Value& b) {
  // The common cases in line, charged as Equal charges them.
  if (a.kind() == Kind::kInt && b.kind() == Kind::kInt) {
    s.budget->Step(1);
    return a.int_value() == b.int_value();
  }
  if (a.kind() == Kind::kString && b.kind() == Kind::kString) {
    const std::string& x = a.string_value();
    const std::string& y = b.string_value();
    s.budget->Step(1 + std::min(x.size(), y.size()) / 64);
    return SameText(x, y);
  }
  uint64_t work = 0;
  bool equal = Equal(a, b, &work);
  s.budget->Step(work);
  return equal;
}

Value Eq(const CallSite& s, Args a) {
  if (a.size() != 2) return NoMatchingOverload(s, a);
  return Value::Bool(ChargedEqual(s, a[0], a[1]));
}

Value Ne(const CallSite& s, Args a) {
  if (a.size() != 2) return NoMatchingOverload(s, a);
  return Value::Bool(!ChargedEqual(s, a[0], a[1]));
}

// Charges a pass over a string or bytes value (comparisons, hashing as a map key, parsing).
void ChargeText(const CallSite& s, const Value& v) {
  if (v.kind() == Kind::kString) ChargeText(s, v.string_value().size());
  if (v.kind() == Kind::kBytes) ChargeText(s, v.bytes_value().size());
}

Value Ordered(const CallSite& s, Args a, bool (*holds)(std::partial_ordering)) {
  if (a.size() != 2) return NoMatchingOverload(s, a);
  ChargeText(s, a[0]);
  std::optional<std::partial_ordering> o = Compare(a[0], a[1]);
  if (!o) return NoMatchingOverload(s, a);
  return Value::Bool(holds(*o));
}
Value Lt(const CallSite& s, Args a) {
  return Ordered(s, a, [](std::partial_ordering o) { return o < 0; });
}
Value Le(const CallSite& s, Args a) {
  return Ordered(s, a, [](std::partial_ordering o) { return o <= 0; });
}
Value Gt(const CallSite& s, Args a) {
  return Ordered(s, a, [](std::partial_ordering o) { return o > 0; });
}
Value Ge(const CallSite& s, Args a) {
  return Ordered(s, a, [](std::partial_ordering o) { return o >= 0; });
}

Value In(const CallSite& s, Args a) {
  if (a.size() == 2 && a[1].kind() == Kind::kList) {
    for (const Value& item : a[1].list()) {
      if (ChargedEqual(s, a[0], item)) return Value::Bool(true);
      if (s.budget->exhausted()) break;
    }
    return Value::Bool(false);
  }
  if (a.size() == 2 && a[1].kind() == Kind::kMap) {
    ChargeText(s, a[0]);
    const ValueMap& map = a[1].map();
    return Value::Bool((s.key != nullptr ? map.Find(*s.key) : map.Find(a[0])) != nullptr);
  }
  return NoMatchingOverload(s, a);
}

int64_t CodePoints(const std::string& s) {
  int64_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

Value Size(const CallSite& s, Args a) {
  if (a.size() == 1) {
    switch (a[0].kind()) {
      case Kind::kString:
        ChargeText(s, a[0].string_value().size());
        return Value::Int(CodePoints(a[0].string_value()));
      case Kind::kBytes:
        return Value::Int(static_cast<int64_t>(a[0].bytes_value().size()));
      case Kind::kList:
        return Value::Int(static_cast<int64_t>(a[0].list().size()));
      case Kind::kMap:
        return Value::Int(static_cast<int64_t>(a[0].map().size()));
      default:
        break;
    }
  }
  return NoMatchingOverload(s, a);
}

Value StringTest(const CallSite& s, Args a, bool (*test)(std::string_view, std::string_view)) {
  if (!Kinds(a, Kind::kString, Kind::kString)) return NoMatchingOverload(s, a);
  ChargeText(s, a[0].string_value().size());
  return Value::Bool(test(a[0].string_value(), a[1].string_value()));
}
Value Contains(const CallSite& s, Args a) {
  return StringTest(s, a, [](std::string_view x, std::string_view y) {
    return x.find(y) != std::string_view::npos;
  });
}
Value StartsWith(const CallSite& s, Args a) {
  return StringTest(s, a, [](std::string_view x, std::string_view y) { return x.starts_with(y); });
}
Value EndsWith(const CallSite& s, Args a) {
  return StringTest(s, a, [](std::string_view x, std::string_view y) { return x.ends_with(y); });
}

Value Matches(const CallSite& s, Args a) {
  if (!Kinds(a, Kind::kString, Kind::kString)) return NoMatchingOverload(s, a);
  std::shared_ptr<const re2::RE2> compiled;
  const re2::RE2* re = s.regex;
  if (re == nullptr) {
    ChargeText(s, a[1].string_value().size() * 16);  // compiling costs more than matching
    std::string error;
    compiled = CompileRegex(a[1].string_value(), &error);
    if (compiled == nullptr) return Fail(s, error);
    re = compiled.get();
  }
  ChargeText(s, a[0].string_value().size());
  return Value::Bool(re2::RE2::PartialMatch(a[0].string_value(), *re));
}

Value ConversionError(const CallSite& s, const Value& v, std::string_view to) {
  return Fail(s, "cannot convert " + Describe(v) + " to " + std::string(to));
}

// Go's strconv.ParseInt(s, 10, 64) / ParseUint: an optional sign (int only) and decimal digits.
template <typename T>
std::optional<T> ParseInteger(std::string_view text) {
  bool plus = std::is_signed_v<T> && !text.empty() && text[0] == '+';
  if (plus) text.remove_prefix(1);
  if (text.empty() || (plus && text[0] == '-')) return std::nullopt;
  T v;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

Value ToInt(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  ChargeText(s, a[0]);
  const Value& v = a[0];
  switch (v.kind()) {
    case Kind::kInt:
      return v;
    case Kind::kUint:
      if (v.uint_value() > uint64_t{INT64_MAX}) return Fail(s, "int out of range");
      return Value::Int(static_cast<int64_t>(v.uint_value()));
    case Kind::kDouble: {
      // cel-go's bounds: both -2^63 and 2^63 are out of range.
      double d = v.double_value();
      if (std::isnan(d) || d <= -kTwo63 || d >= kTwo63) return Fail(s, "int out of range");
      return Value::Int(static_cast<int64_t>(d));
    }
    case Kind::kString:
      if (auto i = ParseInteger<int64_t>(v.string_value())) return Value::Int(*i);
      return ConversionError(s, v, "int");
    case Kind::kTimestamp:
      return Value::Int(v.timestamp().seconds);
    default:
      return NoMatchingOverload(s, a);
  }
}

Value ToUint(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  ChargeText(s, a[0]);
  const Value& v = a[0];
  switch (v.kind()) {
    case Kind::kUint:
      return v;
    case Kind::kInt:
      if (v.int_value() < 0) return Fail(s, "uint out of range");
      return Value::Uint(static_cast<uint64_t>(v.int_value()));
    case Kind::kDouble: {
      double d = v.double_value();
      if (std::isnan(d) || d < 0 || d >= kTwo64) return Fail(s, "uint out of range");
      return Value::Uint(static_cast<uint64_t>(d));
    }
    case Kind::kString:
      if (auto u = ParseInteger<uint64_t>(v.string_value())) return Value::Uint(*u);
      return ConversionError(s, v, "uint");
    default:
      return NoMatchingOverload(s, a);
  }
}

// Go's strconv.ParseFloat: decimal or hex, optional sign, "inf", "infinity", "nan" in any case.
std::optional<double> ParseDouble(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  std::string lower;
  for (char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  double v;
  if (lower == "inf" || lower == "infinity") {
    v = std::numeric_limits<double>::infinity();
  } else if (lower == "nan") {
    v = std::numeric_limits<double>::quiet_NaN();
  } else {
    std::chars_format format = std::chars_format::general;
    if (lower.starts_with("0x")) {
      format = std::chars_format::hex;
      lower.erase(0, 2);
    }
    if (lower.empty() || lower[0] == '+' || lower[0] == '-') return std::nullopt;
    auto [end, ec] = std::from_chars(lower.data(), lower.data() + lower.size(), v, format);
    if (ec != std::errc() || end != lower.data() + lower.size()) return std::nullopt;
  }
  return negative ? -v : v;
}

Value ToDouble(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  ChargeText(s, a[0]);
  const Value& v = a[0];
  switch (v.kind()) {
    case Kind::kDouble:
      return v;
    case Kind::kInt:
      return Value::Double(static_cast<double>(v.int_value()));
    case Kind::kUint:
      return Value::Double(static_cast<double>(v.uint_value()));
    case Kind::kString:
      if (auto d = ParseDouble(v.string_value())) return Value::Double(*d);
      return ConversionError(s, v, "double");
    default:
      return NoMatchingOverload(s, a);
  }
}

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8Length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

Value ToString(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  const Value& v = a[0];
  switch (v.kind()) {
    case Kind::kString:
      return v;
    case Kind::kInt:
      return Value::String(std::to_string(v.int_value()));
    case Kind::kUint:
      return Value::String(std::to_string(v.uint_value()));
    case Kind::kDouble:
      return Value::String(FormatDouble(v.double_value()));
    case Kind::kBool:
      return Value::String(v.bool_value() ? "true" : "false");
    case Kind::kBytes:
      ChargeText(s, v.bytes_value().size());
      s.budget->Allocate(v.bytes_value().size());
      if (!ValidUtf8(v.bytes_value())) return Fail(s, "bytes are not valid UTF-8");
      return Value::String(v.bytes_value());
    case Kind::kTimestamp:
      return Value::String(FormatTimestamp(v.timestamp()));
    case Kind::kDuration:
      return Value::String(FormatDuration(v.duration()));
    default:
      return NoMatchingOverload(s, a);
  }
}

Value ToBytes(const CallSite& s, Args a) {
  if (Kinds(a, Kind::kBytes)) return a[0];
  if (Kinds(a, Kind::kString)) {
    s.budget->Allocate(a[0].string_value().size());
    return Value::Bytes(a[0].string_value());
  }
  return NoMatchingOverload(s, a);
}

Value ToBool(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  if (Kinds(a, Kind::kBool)) return a[0];
  ChargeText(s, a[0]);
  if (!Kinds(a, Kind::kString)) return NoMatchingOverload(s, a);
  static constexpr std::string_view kTrue[] = {"1", "t", "T", "true", "TRUE", "True"};
  static constexpr std::string_view kFalse[] = {"0", "f", "F", "false", "FALSE", "False"};
  for (std::string_view t : kTrue) {
    if (a[0].string_value() == t) return Value::Bool(true);
  }
  for (std::string_view f : kFalse) {
    if (a[0].string_value() == f) return Value::Bool(false);
  }
  return ConversionError(s, a[0], "bool");
}

Value Dyn(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  return a[0];
}

Value TypeOf(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  return Value::Type(a[0].kind());
}

Value ToTimestamp(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  if (Kinds(a, Kind::kTimestamp)) return a[0];
  ChargeText(s, a[0]);
  if (Kinds(a, Kind::kString)) {
    Result<Timestamp> t = ParseTimestamp(a[0].string_value());
    return t.ok() ? Value::FromTimestamp(*t) : Fail(s, t.status().message());
  }
  if (Kinds(a, Kind::kInt)) {
    std::optional<Timestamp> t = MakeTimestamp(a[0].int_value());
    return t ? Value::FromTimestamp(*t) : Fail(s, "timestamp out of range");
  }
  return NoMatchingOverload(s, a);
}

Value ToDuration(const CallSite& s, Args a) {
  if (a.size() != 1) return NoMatchingOverload(s, a);
  if (Kinds(a, Kind::kDuration)) return a[0];
  ChargeText(s, a[0]);
  if (Kinds(a, Kind::kString)) {
    Result<Duration> d = ParseDuration(a[0].string_value());
    return d.ok() ? Value::FromDuration(*d) : Fail(s, d.status().message());
  }
  return NoMatchingOverload(s, a);
}

enum class Field {
  kYear,
  kMonth,
  kDate,
  kDayOfMonth,
  kDayOfWeek,
  kDayOfYear,
  kHours,
  kMinutes,
  kSeconds,
  kMilliseconds
};

Value DurationField(const CallSite& s, Args a, Field f) {
  int64_t n = a[0].duration().nanos;
  switch (f) {
    case Field::kHours:
      return Value::Int(n / (3600 * kNanosPerSecond));
    case Field::kMinutes:
      return Value::Int(n / (60 * kNanosPerSecond));
    case Field::kSeconds:
      return Value::Int(n / kNanosPerSecond);
    case Field::kMilliseconds:
      return Value::Int(n % kNanosPerSecond / 1'000'000);
    default:
      return NoMatchingOverload(s, a);
  }
}

// t.getX() in UTC or t.getX(zone); d.getHours() etc. for durations.
Value TimeField(const CallSite& s, Args a, Field f) {
  if (Kinds(a, Kind::kDuration)) return DurationField(s, a, f);
  bool zoned = Kinds(a, Kind::kTimestamp, Kind::kString);
  if (!Kinds(a, Kind::kTimestamp) && !zoned) return NoMatchingOverload(s, a);
  int64_t offset = 0;
  if (zoned) {
    Result<int64_t> o = UtcOffset(a[1].string_value(), a[0].timestamp());
    if (!o.ok()) return Fail(s, o.status().message());
    offset = *o;
  }
  CivilTime c = ToCivil(a[0].timestamp(), offset);
  switch (f) {
    case Field::kYear:
      return Value::Int(c.year);
    case Field::kMonth:
      return Value::Int(c.month - 1);
    case Field::kDate:
      return Value::Int(c.day);
    case Field::kDayOfMonth:
      return Value::Int(c.day - 1);
    case Field::kDayOfWeek:
      return Value::Int(c.day_of_week);
    case Field::kDayOfYear:
      return Value::Int(c.day_of_year);
    case Field::kHours:
      return Value::Int(c.hour);
    case Field::kMinutes:
      return Value::Int(c.minute);
    case Field::kSeconds:
      return Value::Int(c.second);
    case Field::kMilliseconds:
      return Value::Int(c.nanos / 1'000'000);
  }
  return NoMatchingOverload(s, a);
}

template <Field F>
Value Get(const CallSite& s, Args a) {
  return TimeField(s, a, F);
}

struct Entry {
  std::string_view name;
  bool method;
  BuiltinFunction fn;
};

constexpr Entry kBuiltins[] = {
    {"_+_", false, Add},
    {"_-_", false, Subtract},
    {"_*_", false, Multiply},
    {"_/_", false, Divide},
    {"_%_", false, Modulo},
    {"-_", false, Negate},
    {"!_", false, Not},
    {"_==_", false, Eq},
    {"_!=_", false, Ne},
    {"_<_", false, Lt},
    {"_<=_", false, Le},
    {"_>_", false, Gt},
    {"_>=_", false, Ge},
    {"@in", false, In},
    {"size", false, Size},
    {"size", true, Size},
    {"contains", true, Contains},
    {"startsWith", true, StartsWith},
    {"endsWith", true, EndsWith},
    {"matches", true, Matches},
    {"matches", false, Matches},
    {"int", false, ToInt},
    {"uint", false, ToUint},
    {"double", false, ToDouble},
    {"string", false, ToString},
    {"bytes", false, ToBytes},
    {"bool", false, ToBool},
    {"dyn", false, Dyn},
    {"type", false, TypeOf},
    {"timestamp", false, ToTimestamp},
    {"duration", false, ToDuration},
    {"getFullYear", true, Get<Field::kYear>},
    {"getMonth", true, Get<Field::kMonth>},
    {"getDate", true, Get<Field::kDate>},
    {"getDayOfMonth", true, Get<Field::kDayOfMonth>},
    {"getDayOfWeek", true, Get<Field::kDayOfWeek>},
    {"getDayOfYear", true, Get<Field::kDayOfYear>},
    {"getHours", true, Get<Field::kHours>},
    {"getMinutes", true, Get<Field::kMinutes>},
    {"getSeconds", true, Get<Field::kSeconds>},
    {"getMilliseconds", true, Get<Field::kMilliseconds>},
};

}  // namespace

int FindBuiltin(std::string_view name, bool method) {
  for (size_t i = 0; i < std::size(kBuiltins); ++i) {
    if (kBuiltins[i].name == name && kBuiltins[i].method == method) return static_cast<int>(i);
  }
  return -1;
}

BuiltinFunction GetBuiltin(int index) { return kBuiltins[index].fn; }

Value NoMatchingOverload(const CallSite& site, Args args) {
  std::string kinds;
  for (size_t i = 0; i < args.size(); ++i) {
    if (!kinds.empty()) kinds += ", ";
    kinds += KindName(args[i].kind());
  }
  return Fail(
      site, "no matching overload for '" + std::string(site.name) + "' applied to (" + kinds + ")");
}

const Value* Element(const CallSite& s, Args a, Value* error) {
  if (a.size() == 2 && a[0].kind() == Kind::kList) {
    const ValueList& list = a[0].list();
    const Value& i = a[1];
    int64_t index;
    if (i.kind() == Kind::kInt) {
      index = i.int_value();
    } else if (i.kind() == Kind::kUint) {
      index = i.uint_value() > uint64_t{INT64_MAX} ? -1 : static_cast<int64_t>(i.uint_value());
    } else if (i.kind() == Kind::kDouble && std::trunc(i.double_value()) == i.double_value() &&
               std::abs(i.double_value()) < kTwo63) {
      index = static_cast<int64_t>(i.double_value());
    } else if (i.kind() == Kind::kDouble) {
      *error = Fail(s, "list index " + FormatValue(i) + " is not an integer");
      return nullptr;
    } else {
      *error = NoMatchingOverload(s, a);
      return nullptr;
    }
    if (index < 0 || static_cast<uint64_t>(index) >= list.size()) {
      *error = Fail(s, "index " + FormatValue(i) + " out of range for a list of " +
                           std::to_string(list.size()) + " elements");
      return nullptr;
    }
    return &list[static_cast<size_t>(index)];
  }
  if (a.size() == 2 && a[0].kind() == Kind::kMap) {
    ChargeText(s, a[1]);
    const ValueMap& map = a[0].map();
    const Value* v = s.key != nullptr ? map.Find(*s.key) : map.Find(a[1]);
    if (v == nullptr) *error = Fail(s, "no such key: " + Describe(a[1]));
    return v;
  }
  *error = NoMatchingOverload(s, a);
  return nullptr;
}

std::string Describe(const Value& v) {
  constexpr size_t kMaxBytes = 64;
  switch (v.kind()) {
    case Kind::kString:
    case Kind::kBytes: {
      const std::string& text = v.kind() == Kind::kString ? v.string_value() : v.bytes_value();
      if (text.size() <= kMaxBytes) return FormatValue(v);
      std::string cut(Utf8Prefix(text, kMaxBytes));
      std::string shown = FormatValue(v.kind() == Kind::kString ? Value::String(std::move(cut))
                                                                : Value::Bytes(std::move(cut)));
      return shown.substr(0, shown.size() - 1) + "...\"";
    }
    case Kind::kList:
    case Kind::kMap:
      return "a value of type " + std::string(KindName(v.kind()));
    default:
      return FormatValue(v);
  }
}

std::optional<Kind> TypeNamed(std::string_view name) {
  static constexpr std::pair<std::string_view, Kind> kTypes[] = {
      {"int", Kind::kInt},
      {"uint", Kind::kUint},
      {"double", Kind::kDouble},
      {"bool", Kind::kBool},
      {"string", Kind::kString},
      {"bytes", Kind::kBytes},
      {"list", Kind::kList},
      {"map", Kind::kMap},
      {"null_type", Kind::kNull},
      {"type", Kind::kType},
      {"google.protobuf.Timestamp", Kind::kTimestamp},
      {"google.protobuf.Duration", Kind::kDuration},
  };
  for (const auto& [n, k] : kTypes) {
    if (n == name) return k;
  }
  return std::nullopt;
}

std::shared_ptr<const re2::RE2> CompileRegex(std::string_view pattern, std::string* error) {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  auto re =
      std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!re->ok()) {
    *error = "invalid regular expression: " + re->error();
    return nullptr;
  }
  return re;
}

}  // namespace proofline::cel
