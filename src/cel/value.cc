// CEL values: construction, map keys, heterogeneous equality and ordering, and the literal and
// JSON forms (see value.h).
#include "cel/value.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <new>

#include "base/crypto.h"

namespace proofline::cel {
namespace {

constexpr double kTwo63 = 9223372036854775808.0;
constexpr double kTwo64 = 18446744073709551616.0;

bool IsNumber(Kind k) { return k == Kind::kInt || k == Kind::kUint || k == Kind::kDouble; }

template <typename T>
std::partial_ordering Order(T a, T b) {
  return a <=> b;
}

std::partial_ordering Reverse(std::partial_ordering o) { return 0 <=> o; }

// int against double and uint against double the way cel-go compares them: the integer is
// rounded to a double unless the double lies beyond the integer type's range. The conformance
// suite pins this (9223372036854775807 < 9223372036854775808.0 is false).
std::partial_ordering CompareIntDouble(int64_t i, double d) {
  if (std::isnan(d)) return std::partial_ordering::unordered;
  if (d < -kTwo63) return std::partial_ordering::greater;
  if (d > kTwo63) return std::partial_ordering::less;
  return static_cast<double>(i) <=> d;
}

std::partial_ordering CompareUintDouble(uint64_t u, double d) {
  if (std::isnan(d)) return std::partial_ordering::unordered;
  if (d < 0) return std::partial_ordering::greater;
  if (d > kTwo64) return std::partial_ordering::less;
  return static_cast<double>(u) <=> d;
}

std::partial_ordering CompareIntUint(int64_t i, uint64_t u) {
  if (i < 0) return std::partial_ordering::less;
  return Order<uint64_t>(static_cast<uint64_t>(i), u);
}

// REQUIRES: both are numbers.
std::partial_ordering CompareNumbers(const Value& a, const Value& b) {
  switch (a.kind()) {
    case Kind::kInt:
      if (b.kind() == Kind::kInt) return Order(a.int_value(), b.int_value());
      if (b.kind() == Kind::kUint) return CompareIntUint(a.int_value(), b.uint_value());
      return CompareIntDouble(a.int_value(), b.double_value());
    case Kind::kUint:
      if (b.kind() == Kind::kUint) return Order(a.uint_value(), b.uint_value());
      if (b.kind() == Kind::kInt) return Reverse(CompareIntUint(b.int_value(), a.uint_value()));
      return CompareUintDouble(a.uint_value(), b.double_value());
    default:
      if (b.kind() == Kind::kDouble) return a.double_value() <=> b.double_value();
      if (b.kind() == Kind::kInt) return Reverse(CompareIntDouble(b.int_value(), a.double_value()));
      return Reverse(CompareUintDouble(b.uint_value(), a.double_value()));
  }
}

void AppendHex(std::string* out, unsigned char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  *out += "\\x";
  *out += kHex[c >> 4];
  *out += kHex[c & 15];
}

// A CEL string or bytes literal body: printable text kept, quotes, backslashes and control
// bytes escaped. For strings, bytes >= 0x80 are UTF-8 and kept; for bytes they are escaped.
std::string Quote(std::string_view s, bool bytes) {
  std::string out = bytes ? "b\"" : "\"";
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) {
          AppendHex(&out, c);
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string FormatDoubleLiteral(double d) {
  if (std::isnan(d)) return "double(\"NaN\")";
  if (std::isinf(d)) return d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")";
  std::string s = FormatDouble(d);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string MapKeyText(const Value& k) {
  switch (k.kind()) {
    case Kind::kString:
      return k.string_value();
    case Kind::kBool:
      return k.bool_value() ? "true" : "false";
    case Kind::kInt:
      return std::to_string(k.int_value());
    default:
      return std::to_string(k.uint_value());
  }
}

}  // namespace

std::string_view KindName(Kind kind) {
  switch (kind) {
    case Kind::kNull:
      return "null_type";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return "int";
    case Kind::kUint:
      return "uint";
    case Kind::kDouble:
      return "double";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "bytes";
    case Kind::kList:
      return "list";
    case Kind::kMap:
      return "map";
    case Kind::kTimestamp:
      return "google.protobuf.Timestamp";
    case Kind::kDuration:
      return "google.protobuf.Duration";
    case Kind::kType:
      return "type";
    case Kind::kError:
      return "error";
  }
  return "error";
}

Value::Value(Kind kind, Ptr ptr) : kind_(kind) { new (&ptr_) Ptr(std::move(ptr)); }

void Value::CopyPayload(const Value& other) noexcept { new (&ptr_) Ptr(other.ptr_); }

void Value::MovePayload(Value& other) noexcept {
  new (&ptr_) Ptr(std::move(other.ptr_));
  other.ptr_.~Ptr();  // empty once moved from: releases nothing
  other.kind_ = Kind::kNull;
  other.scalar_ = Scalar{};
}

void Value::ReleasePayload() noexcept { ptr_.~Ptr(); }

Value& Value::AssignOverPayload(Value& other) noexcept {
  if (this != &other) {
    Value old(std::move(*this));  // released last: `other` may live inside it
    TakeFrom(other);
  }
  return *this;
}

Value Value::String(std::string s) {
  return Value(Kind::kString, std::make_shared<const std::string>(std::move(s)));
}
Value Value::Bytes(std::string b) {
  return Value(Kind::kBytes, std::make_shared<const std::string>(std::move(b)));
}
Value Value::List(ValueList items) {
  return Value(Kind::kList, std::make_shared<const ValueList>(std::move(items)));
}
Value Value::Map(std::shared_ptr<const ValueMap> map) { return Value(Kind::kMap, std::move(map)); }
Value Value::Error(std::string message, int32_t offset) {
  return Value(Kind::kError,
               std::make_shared<const ErrorInfo>(ErrorInfo{std::move(message), offset}));
}

// A map key reduced to what key equality looks at, so that 1, 1u and 1.0 meet: ints, uints up
// to INT64_MAX and integral doubles in that range are kInt; larger uints (and integral doubles
// that equal one) kUint.
struct ValueMap::KeyView {
  enum class Class : uint8_t { kBool, kInt, kUint, kString };
  Class cls = Class::kBool;
  uint64_t bits = 0;      // kBool, kInt, kUint
  std::string_view text;  // kString

  // nullopt for a value no key can equal.
  static std::optional<KeyView> Of(const Value& k) {
    switch (k.kind()) {
      case Kind::kBool:
        return KeyView{Class::kBool, k.bool_value(), {}};
      case Kind::kInt:
        return KeyView{Class::kInt, static_cast<uint64_t>(k.int_value()), {}};
      case Kind::kUint:
        return KeyView{
            k.uint_value() <= uint64_t{INT64_MAX} ? Class::kInt : Class::kUint, k.uint_value(), {}};
      case Kind::kDouble: {
        double d = k.double_value();
        if (std::trunc(d) != d) return std::nullopt;  // also NaN and infinities
        if (d >= -kTwo63 && d < kTwo63) {
          return KeyView{Class::kInt, static_cast<uint64_t>(static_cast<int64_t>(d)), {}};
        }
        if (d >= 0 && d < kTwo64) return KeyView{Class::kUint, static_cast<uint64_t>(d), {}};
        return std::nullopt;
      }
      case Kind::kString:
        return KeyView{Class::kString, 0, k.string_value()};
      default:
        return std::nullopt;
    }
  }

  size_t Hash() const {
    if (cls == Class::kString) return HashText(text);
    // splitmix64's finaliser: the index uses the low bits, which must depend on all of them.
    uint64_t h = bits + static_cast<uint64_t>(cls) * 0x9e3779b97f4a7c15ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return static_cast<size_t>(h ^ (h >> 31));
  }

  bool operator==(const KeyView& o) const {
    return cls == o.cls && bits == o.bits && SameText(text, o.text);
  }
};

size_t HashText(std::string_view text) { return std::hash<std::string_view>()(text); }

ValueMap::Insert ValueMap::Add(Value key, Value value) {
  Kind k = key.kind();
  if (k != Kind::kBool && k != Kind::kInt && k != Kind::kUint && k != Kind::kString) {
    return Insert::kBadKeyType;
  }
  KeyView view = *KeyView::Of(key);
  size_t hash = view.Hash();
  if (Find(view, hash) != nullptr) return Insert::kDuplicate;
  entries_.emplace_back(std::move(key), std::move(value));
  index_.Add(hash);
  // Stable: the string is the key's shared payload, which neither moves nor changes.
  key_texts_.push_back(k == Kind::kString ? std::string_view(entries_.back().first.string_value())
                                          : std::string_view());
  return Insert::kInserted;
}

const Value* ValueMap::Find(const KeyView& key, size_t hash) const {
  size_t i = index_.Find(hash, [&](size_t position) {
    // Every stored key has a view: Add refuses the others.
    return *KeyView::Of(entries_[position].first) == key;
  });
  return i == HashIndex::kNone ? nullptr : &entries_[i].second;
}

const Value* ValueMap::Find(const HashedName& name) const {
  // The hot path of field selection: only string keys can match, compared inline.
  size_t i = index_.Find(name.hash(), [&](size_t position) {
    std::string_view key = key_texts_[position];
    return key.data() != nullptr && SameText(key, name.text());
  });
  return i == HashIndex::kNone ? nullptr : &entries_[i].second;
}

const Value* ValueMap::Find(const Value& key) const {
  std::optional<KeyView> view = KeyView::Of(key);
  return view ? Find(*view, view->Hash()) : nullptr;
}

bool Equal(const Value& a, const Value& b, uint64_t* work) {
  if (work != nullptr) ++*work;
  if (IsNumber(a.kind()) && IsNumber(b.kind())) {
    return CompareNumbers(a, b) == std::partial_ordering::equivalent;
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kNull:
      return true;
    case Kind::kBool:
      return a.bool_value() == b.bool_value();
    case Kind::kString:
    case Kind::kBytes: {
      const std::string& x = a.kind() == Kind::kString ? a.string_value() : a.bytes_value();
      const std::string& y = b.kind() == Kind::kString ? b.string_value() : b.bytes_value();
      if (work != nullptr) *work += std::min(x.size(), y.size()) / 64;
      return x == y;
    }
    case Kind::kList: {
      const ValueList &x = a.list(), &y = b.list();
      if (x.size() != y.size()) return false;
      for (size_t i = 0; i < x.size(); ++i) {
        if (!Equal(x[i], y[i], work)) return false;
      }
      return true;
    }
    case Kind::kMap: {
      const ValueMap &x = a.map(), &y = b.map();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x.entries()) {
        const Value* other = y.Find(k);
        if (other == nullptr || !Equal(v, *other, work)) return false;
      }
      return true;
    }
    case Kind::kTimestamp:
      return a.timestamp() == b.timestamp();
    case Kind::kDuration:
      return a.duration() == b.duration();
    case Kind::kType:
      return a.type_value() == b.type_value();
    default:
      return false;
  }
}

std::optional<std::partial_ordering> Compare(const Value& a, const Value& b) {
  if (IsNumber(a.kind()) && IsNumber(b.kind())) return CompareNumbers(a, b);
  if (a.kind() != b.kind()) return std::nullopt;
  switch (a.kind()) {
    case Kind::kBool:
      return Order(a.bool_value(), b.bool_value());
    case Kind::kString:  // byte order of UTF-8 is code point order
      return Order(a.string_value().compare(b.string_value()), 0);
    case Kind::kBytes:
      return Order(a.bytes_value().compare(b.bytes_value()), 0);
    case Kind::kTimestamp:
      return a.timestamp() <=> b.timestamp();
    case Kind::kDuration:
      return a.duration() <=> b.duration();
    default:
      return std::nullopt;
  }
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto sci = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string scientific(buf, sci.ptr);
  int exp = std::atoi(scientific.c_str() + scientific.find('e') + 1);
  if (exp < -4 || exp >= 6) return scientific;
  auto fixed = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

std::string FormatValue(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return "null";
    case Kind::kBool:
      return v.bool_value() ? "true" : "false";
    case Kind::kInt:
      return std::to_string(v.int_value());
    case Kind::kUint:
      return std::to_string(v.uint_value()) + "u";
    case Kind::kDouble:
      return FormatDoubleLiteral(v.double_value());
    case Kind::kString:
      return Quote(v.string_value(), false);
    case Kind::kBytes:
      return Quote(v.bytes_value(), true);
    case Kind::kList: {
      std::string out = "[";
      for (const Value& item : v.list()) {
        if (out.size() > 1) out += ", ";
        out += FormatValue(item);
      }
      return out + "]";
    }
    case Kind::kMap: {
      std::string out = "{";
      for (const auto& [key, value] : v.map().entries()) {
        if (out.size() > 1) out += ", ";
        out += FormatValue(key) + ": " + FormatValue(value);
      }
      return out + "}";
    }
    case Kind::kTimestamp:
      return "timestamp(\"" + FormatTimestamp(v.timestamp()) + "\")";
    case Kind::kDuration:
      return "duration(\"" + FormatDuration(v.duration()) + "\")";
    case Kind::kType:
      return std::string(KindName(v.type_value()));
    case Kind::kError:
      return "error(" + Quote(v.error().message, false) + ")";
  }
  return "";
}

Result<Json> ValueToJson(const Value& v) {
  switch (v.kind()) {
    case Kind::kNull:
      return Json(nullptr);
    case Kind::kBool:
      return Json(v.bool_value());
    case Kind::kInt:
      return Json(v.int_value());
    case Kind::kUint:
      return Json(v.uint_value());
    case Kind::kDouble: {
      double d = v.double_value();
      if (std::isnan(d)) return Json("NaN");
      if (std::isinf(d)) return Json(d > 0 ? "Infinity" : "-Infinity");
      return Json(d);
    }
    case Kind::kString:
      return Json(v.string_value());
    case Kind::kBytes:
      return Json(Base64Encode(AsBytes(v.bytes_value())));
    case Kind::kList: {
      Json out = Json::array();
      for (const Value& item : v.list()) {
        ASSIGN_OR_RETURN(Json j, ValueToJson(item));
        out.push_back(std::move(j));
      }
      return out;
    }
    case Kind::kMap: {
      Json out = Json::object();
      for (const auto& [key, value] : v.map().entries()) {
        std::string name = MapKeyText(key);
        if (out.contains(name)) {
          return InvalidArgument("map keys of different kinds both print as \"" + name +
                                 "\" in JSON");
        }
        ASSIGN_OR_RETURN(out[name], ValueToJson(value));
      }
      return out;
    }
    case Kind::kTimestamp:
      return Json(FormatTimestamp(v.timestamp()));
    case Kind::kDuration:
      return Json(FormatDuration(v.duration()));
    case Kind::kType:
      return Json(std::string(KindName(v.type_value())));
    case Kind::kError:
      return InvalidArgument(v.error().message);
  }
  return Internal("unknown value kind");
}

Result<Value> ValueFromJson(const Json& json, int max_depth) {
  if (max_depth < 0) return InvalidArgument("JSON nests too deeply");
  switch (json.type()) {
    case Json::value_t::null:
      return Value::Null();
    case Json::value_t::boolean:
      return Value::Bool(json.get<bool>());
    case Json::value_t::number_integer:
      return Value::Int(json.get<int64_t>());
    case Json::value_t::number_unsigned: {
      uint64_t u = json.get<uint64_t>();
      if (u <= uint64_t{INT64_MAX}) return Value::Int(static_cast<int64_t>(u));
      return Value::Double(static_cast<double>(u));
    }
    case Json::value_t::number_float:
      return Value::Double(json.get<double>());
    case Json::value_t::string:
      return Value::String(json.get_ref<const std::string&>());
    case Json::value_t::array: {
      ValueList items;
      items.reserve(json.size());
      for (const Json& item : json) {
        ASSIGN_OR_RETURN(Value v, ValueFromJson(item, max_depth - 1));
        items.push_back(std::move(v));
      }
      return Value::List(std::move(items));
    }
    case Json::value_t::object: {
      auto map = std::make_shared<ValueMap>();
      for (const auto& [key, item] : json.items()) {
        ASSIGN_OR_RETURN(Value v, ValueFromJson(item, max_depth - 1));
        map->Add(Value::String(key), std::move(v));
      }
      return Value::Map(std::move(map));
    }
    default:
      return InvalidArgument("JSON value of type " + std::string(json.type_name()) +
                             " has no CEL equivalent");
  }
}

}  // namespace proofline::cel
