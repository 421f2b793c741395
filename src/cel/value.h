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

#include <cassert>
#include <compare>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "cel/hash_index.h"
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

// 24 bytes: the kind, then either a scalar held inline or a counted pointer to the shared
// payload of a string, bytes, list, map or error. A hand-made tagged union rather than a
// std::variant: copying, moving and destroying a scalar is a few plain stores, with no dispatch
// through a table, and the evaluator does these at every node. The operations on a payload are
// out of line (value.cc): they cost an atomic operation anyway.
class Value {
 public:
  Value() noexcept : scalar_{} {}  // null
  Value(const Value& other) noexcept : kind_(other.kind_), nanos_(other.nanos_), scalar_{} {
    if (other.counted()) {
      CopyPayload(other);
    } else {
      scalar_ = other.scalar_;
    }
  }
  Value(Value&& other) noexcept : scalar_{} { TakeFrom(other); }
  // Both assignments release the old payload last: `other` may live inside it.
  Value& operator=(const Value& other) noexcept { return *this = Value(other); }
  Value& operator=(Value&& other) noexcept {
    if (counted()) return AssignOverPayload(other);
    if (this != &other) TakeFrom(other);  // a scalar overwritten: nothing to release
    return *this;
  }
  ~Value() {
    if (counted()) ReleasePayload();
  }

  static Value Null() { return Value(); }
  static Value Bool(bool b) { return Value(Kind::kBool, Scalar{.b = b}); }
  static Value Int(int64_t i) { return Value(Kind::kInt, Scalar{.i = i}); }
  static Value Uint(uint64_t u) { return Value(Kind::kUint, Scalar{.u = u}); }
  static Value Double(double d) { return Value(Kind::kDouble, Scalar{.d = d}); }
  static Value String(std::string s);
  static Value Bytes(std::string b);
  static Value List(ValueList items);
  static Value Map(std::shared_ptr<const ValueMap> map);
  static Value FromTimestamp(Timestamp t) {
    return Value(Kind::kTimestamp, Scalar{.i = t.seconds}, t.nanos);
  }
  static Value FromDuration(Duration d) { return Value(Kind::kDuration, Scalar{.i = d.nanos}); }
  static Value Type(Kind kind) { return Value(Kind::kType, Scalar{.type = kind}); }
  static Value Error(std::string message, int32_t offset);

  Kind kind() const { return kind_; }
  bool is_error() const { return kind_ == Kind::kError; }

  // Accessors. REQUIRES: kind() is the matching kind.
  bool bool_value() const { return Check(Kind::kBool).scalar_.b; }
  int64_t int_value() const { return Check(Kind::kInt).scalar_.i; }
  uint64_t uint_value() const { return Check(Kind::kUint).scalar_.u; }
  double double_value() const { return Check(Kind::kDouble).scalar_.d; }
  const std::string& string_value() const { return Payload<std::string>(Kind::kString); }
  const std::string& bytes_value() const { return Payload<std::string>(Kind::kBytes); }
  const ValueList& list() const { return Payload<ValueList>(Kind::kList); }
  const ValueMap& map() const { return Payload<ValueMap>(Kind::kMap); }
  Timestamp timestamp() const { return {Check(Kind::kTimestamp).scalar_.i, nanos_}; }
  Duration duration() const { return {Check(Kind::kDuration).scalar_.i}; }
  Kind type_value() const { return Check(Kind::kType).scalar_.type; }
  const ErrorInfo& error() const { return Payload<ErrorInfo>(Kind::kError); }

 private:
  using Ptr = std::shared_ptr<const void>;  // the payload's own type is known from the kind
  union Scalar {
    bool b;
    int64_t i;  // int, timestamp seconds, duration nanoseconds
    uint64_t u;
    double d;
    Kind type;
  };

  Value(Kind kind, Scalar scalar, int32_t nanos = 0)
      : kind_(kind), nanos_(nanos), scalar_(scalar) {}
  Value(Kind kind, Ptr ptr);

  bool counted() const {
    constexpr uint32_t kCounted =
        1u << static_cast<int>(Kind::kString) | 1u << static_cast<int>(Kind::kBytes) |
        1u << static_cast<int>(Kind::kList) | 1u << static_cast<int>(Kind::kMap) |
        1u << static_cast<int>(Kind::kError);
    return (kCounted >> static_cast<int>(kind_)) & 1;
  }
  // Takes `other`'s value, leaving it null. REQUIRES: this value holds no payload.
  void TakeFrom(Value& other) noexcept {
    kind_ = other.kind_;
    nanos_ = other.nanos_;
    if (other.counted()) {
      MovePayload(other);
    } else {
      scalar_ = other.scalar_;
    }
  }
  // REQUIRES: other.counted(), and this value holds no payload (kind_ is other's). Never
  // inlined, also in value.cc: g++ cannot see that the kind says which member of the union
  // is alive, and would warn.
  [[gnu::noinline]] void CopyPayload(const Value& other) noexcept;
  // As CopyPayload; `other` becomes null.
  [[gnu::noinline]] void MovePayload(Value& other) noexcept;
  // Move assignment when this value holds a payload. REQUIRES: counted().
  [[gnu::noinline]] Value& AssignOverPayload(Value& other) noexcept;
  // REQUIRES: counted().
  [[gnu::noinline]] void ReleasePayload() noexcept;
  const Value& Check(Kind kind) const {
    assert(kind_ == kind && "Value accessor of another kind");
    (void)kind;
    return *this;
  }
  template <typename T>
  const T& Payload(Kind kind) const {
    return *static_cast<const T*>(Check(kind).ptr_.get());
  }

  Kind kind_ = Kind::kNull;
  int32_t nanos_ = 0;  // of a timestamp
  union {
    Scalar scalar_;  // when !counted()
    Ptr ptr_;        // when counted()
  };
};

// The hash ValueMap and Activation give a string key or name.
size_t HashText(std::string_view text);

// a == b, compared in line a word at a time: keys and names are short and almost always equal
// when compared (their hashes matched), and a call of memcmp costs more than the comparison.
inline bool SameText(std::string_view a, std::string_view b) {
  size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  auto same = [&](size_t at, auto word) {  // the `sizeof word` bytes at `at`
    decltype(word) u, v;
    std::memcpy(&u, x + at, sizeof u);
    std::memcpy(&v, y + at, sizeof v);
    return u == v;
  };
  if (n >= 8) {  // whole words, then the last word (overlapping the one before)
    for (size_t i = 0; i + 8 < n; i += 8) {
      if (!same(i, uint64_t{})) return false;
    }
    return same(n - 8, uint64_t{});
  }
  if (n >= 4) return same(0, uint32_t{}) && same(n - 4, uint32_t{});
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

// A name with its hash computed once: a field or variable name resolved at Compile, looked up at
// each evaluation without hashing it again.
class HashedName {
 public:
  HashedName() = default;
  explicit HashedName(std::string text) : text_(std::move(text)), hash_(HashText(text_)) {}
  const std::string& text() const { return text_; }
  size_t hash() const { return hash_; }

 private:
  std::string text_;
  size_t hash_ = HashText("");
};

// An insertion-ordered map with CEL's key semantics. Built once, then shared read-only.
class ValueMap {
 public:
  enum class Insert { kInserted, kDuplicate, kBadKeyType };
  // Adds `key` -> `value`. kBadKeyType unless the key is a bool, int, uint or string;
  // kDuplicate if an equal key is present (1 and 1u are equal keys).
  Insert Add(Value key, Value value);
  // The value of `key`, or nullptr. A double finds the int/uint key of the same value; keys of
  // other kinds find nothing. The pointer lives as long as the map.
  const Value* Find(const Value& key) const;
  // Find(Value::String(name.text())) without building the value or hashing the name: what field
  // selection (m.f) looks up.
  const Value* Find(const HashedName& name) const;
  size_t size() const { return entries_.size(); }
  const std::vector<std::pair<Value, Value>>& entries() const { return entries_; }

 private:
  struct KeyView;
  const Value* Find(const KeyView& key, size_t hash) const;

  std::vector<std::pair<Value, Value>> entries_;
  HashIndex index_;  // over entries_, by key
  // The text of each string key (else a null view), read by field selection in place of the
  // key itself: one memory access instead of three (entry, shared payload, string).
  std::vector<std::string_view> key_texts_;
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
