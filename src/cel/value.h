// The value model of the CEL engine: null, bool, int (int64), uint (uint64), double, string
// (UTF-8), bytes, list, map, timestamp, duration, type values, and error values.
//
// Values are immutable and cheap to copy: strings, bytes, lists and maps are shared. An error
// is a value too (CEL's evaluation errors travel through the expression until a function that
// absorbs them, such as `||`, or the top, see eval.h); it carries the byte offset in the
// expression where it arose.
//
// Equality is CEL's heterogeneous equality: numbers compare by mathematical value across int,
// uint and double (1 == 1u == 1.0; NaN equals nothing), values of different kinds are unequal,
// lists compare element-wise and maps by key set and values. Map keys are bool, int, uint or
// string; 1, 1u and 1.0 denote the same key.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "cel/time.h"

namespace proofline::cel {

// The order matches Value's internal variant.
enum class Kind : uint8_t {
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kList,
  kMap,
  kTimestamp,
  kDuration,
  kType,
  kError,
};

// CEL's name of a kind, as type() shows it and error messages use it: "int", "null_type",
// "google.protobuf.Timestamp", "type", ...
std::string_view KindName(Kind kind);

struct ErrorInfo {
  std::string message;
  int32_t offset = -1;  // byte offset in the expression, -1 when unknown
};

class Value;
class ValueMap;
using ValueList = std::vector<Value>;

class Value {
 public:
  Value() = default;  // null
  static Value Null() { return Value(); }
  static Value Bool(bool b) { return Value(Rep(b)); }
  static Value Int(int64_t i) { return Value(Rep(i)); }
  static Value Uint(uint64_t u) { return Value(Rep(u)); }
  static Value Double(double d) { return Value(Rep(d)); }
  static Value String(std::string s);
  static Value Bytes(std::string b);
  static Value List(ValueList items);
  static Value Map(std::shared_ptr<const ValueMap> map);
  static Value FromTimestamp(Timestamp t) { return Value(Rep(t)); }
  static Value FromDuration(Duration d) { return Value(Rep(d)); }
  static Value Type(Kind kind) { return Value(Rep(TypeTag{kind})); }
  static Value Error(std::string message, int32_t offset);

  Kind kind() const { return static_cast<Kind>(rep_.index()); }
  bool is_error() const { return kind() == Kind::kError; }

  // Accessors. REQUIRES: kind() is the matching kind.
  bool bool_value() const { return std::get<bool>(rep_); }
  int64_t int_value() const { return std::get<int64_t>(rep_); }
  uint64_t uint_value() const { return std::get<uint64_t>(rep_); }
  double double_value() const { return std::get<double>(rep_); }
  const std::string& string_value() const { return *std::get<Str>(rep_).s; }
  const std::string& bytes_value() const { return *std::get<Byt>(rep_).s; }
  const ValueList& list() const { return *std::get<ListPtr>(rep_); }
  const ValueMap& map() const { return *std::get<MapPtr>(rep_); }
  Timestamp timestamp() const { return std::get<Timestamp>(rep_); }
  Duration duration() const { return std::get<Duration>(rep_); }
  Kind type_value() const { return std::get<TypeTag>(rep_).kind; }
  const ErrorInfo& error() const { return *std::get<ErrPtr>(rep_); }

 private:
  struct Str {
    std::shared_ptr<const std::string> s;
  };
  struct Byt {
    std::shared_ptr<const std::string> s;
  };
  struct TypeTag {
    Kind kind;
  };
  using ListPtr = std::shared_ptr<const ValueList>;
  using MapPtr = std::shared_ptr<const ValueMap>;
  using ErrPtr = std::shared_ptr<const ErrorInfo>;
  using Rep = std::variant<std::monostate, bool, int64_t, uint64_t, double, Str, Byt, ListPtr,
                           MapPtr, Timestamp, Duration, TypeTag, ErrPtr>;
  explicit Value(Rep rep) : rep_(std::move(rep)) {}

  Rep rep_;
};

// An insertion-ordered map with CEL's key semantics. Built once, then shared read-only.
class ValueMap {
 public:
  enum class Insert { kInserted, kDuplicate, kBadKeyType };
  // Adds `key` -> `value`. kBadKeyType unless the key is a bool, int, uint or string;
  // kDuplicate if an equal key is present (1 and 1u are equal keys).
  Insert Add(Value key, Value value);
  // The value of `key`, or nullptr. A double finds the int/uint key of the same value; keys of
  // other kinds find nothing.
  const Value* Find(const Value& key) const;
  // Find(Value::String(key)) without building the value: what field selection (m.f) looks up.
  const Value* FindString(std::string_view key) const;
  size_t size() const { return entries_.size(); }
  const std::vector<std::pair<Value, Value>>& entries() const { return entries_; }

 private:
  // Hashes std::string and std::string_view alike, so lookups need not build a std::string.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  std::vector<std::pair<Value, Value>> entries_;
  // normalised key -> position
  std::unordered_map<std::string, size_t, KeyHash, std::equal_to<>> index_;
};

// CEL equality (see the file comment). REQUIRES: neither is an error. If `work` is given, the
// number of values compared is added to it (collections compare element by element).
bool Equal(const Value& a, const Value& b, uint64_t* work = nullptr);

// CEL ordering for <, <=, >, >=: bool, int/uint/double (across kinds, exactly), string (by code
// point), bytes, timestamp, duration. std::partial_ordering::unordered when a NaN is involved;
// nullopt when the kinds cannot be ordered (no matching overload).
std::optional<std::partial_ordering> Compare(const Value& a, const Value& b);

// The value in CEL literal syntax: true, 42, 42u, 1.5, "s", b"\x00", [1, 2], {"a": 1},
// timestamp("2009-02-13T23:31:30Z"), duration("1.5s"), int (a type), null.
std::string FormatValue(const Value& v);

// A double as Go's strconv 'g' with shortest precision formats it (cel-go's string(double)):
// shortest round-trip digits, exponent form below 1e-4 and from 1e6 on ("1e+06"), "NaN",
// "+Inf", "-Inf".
std::string FormatDouble(double d);

// The value as JSON: int/uint/double as numbers (NaN and infinities as the strings "NaN",
// "Infinity", "-Infinity"), bytes as base64, timestamps and durations in their text forms,
// types by name, maps as objects with their keys as text. InvalidArgument for an error value.
Result<Json> ValueToJson(const Value& v);

// A JSON document as a CEL value: integers that fit int64 become int, other numbers double,
// objects maps, arrays lists. InvalidArgument if it nests deeper than `max_depth`.
Result<Value> ValueFromJson(const Json& json, int max_depth = 128);

}  // namespace proofline::cel
