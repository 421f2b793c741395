// The CEL standard library as the evaluator calls it: one entry per function name and call
// style (global `size(x)` or method `x.size()`), each resolving its overloads on the kinds of
// its (already evaluated, error-free) arguments. The logical operators &&, || and ?: are not
// here: they are not strict in their arguments, so the evaluator implements them. Indexing
// (`_[_]`) is Element, which the evaluator calls itself to borrow the element it finds.
//
// Functions never throw and never fail outside their result: a failure is an error value that
// points at the call (no matching overload, overflow, division by zero, bad conversion, ...).
#pragma once

#include <cassert>
#include <cstdint>
#include <string_view>

#include "cel/value.h"

namespace re2 {
class RE2;
}

namespace proofline::cel {

// What one evaluation may still spend. Not thread-safe: one per Eval.
struct Budget {
  uint64_t steps = 0;  // evaluation steps left
  uint64_t bytes = 0;  // bytes left for the values the evaluation builds
  size_t max_string_bytes = 0;
  enum class Exceeded { kNone, kSteps, kBytes } exceeded = Exceeded::kNone;

  bool exhausted() const { return exceeded != Exceeded::kNone; }
  // Spend `n` steps (resp. bytes); false, and exhausted from then on, when they are not left.
  bool Step(uint64_t n) { return Spend(&steps, n, Exceeded::kSteps); }
  bool Allocate(uint64_t n) { return Spend(&bytes, n, Exceeded::kBytes); }

 private:
  bool Spend(uint64_t* left, uint64_t n, Exceeded what) {
    if (exhausted()) return false;
    if (n > *left) {
      exceeded = what;
      return false;
    }
    *left -= n;
    return true;
  }
};

// One call site being evaluated.
struct CallSite {
  int32_t offset = 0;               // where its errors point
  std::string_view name;            // as written: "_+_", "size", "startsWith"
  Budget* budget = nullptr;         // never null
  const re2::RE2* regex = nullptr;  // the compiled constant pattern of a matches() call
  const HashedName* key = nullptr;  // `in` and _[_]: the key when it is a constant string
};

// The arguments of one call, the receiver first for a method call. Borrowed: the evaluator
// passes pointers to values it keeps alive for the call (variables, constants, elements of
// them, or its temporaries) instead of copying each into an array.
class Args {
 public:
  Args(const Value* const* items, size_t size) : items_(items), size_(size) {}
  size_t size() const { return size_; }
  const Value& operator[](size_t i) const {
    assert(i < size_ && "argument index out of range");
    return *items_[i];
  }

 private:
  const Value* const* items_;
  size_t size_;
};

using BuiltinFunction = Value (*)(const CallSite& site, Args args);

// The builtin for `name` called as a method (`method`) or as a global function / operator, as an
// index for GetBuiltin, or -1 if there is none.
int FindBuiltin(std::string_view name, bool method);
BuiltinFunction GetBuiltin(int index);

// The standard error for arguments no overload accepts:
// "no matching overload for '_+_' applied to (int, string)".
Value NoMatchingOverload(const CallSite& site, Args args);

// args[0][args[1]] for a list or a map (what `_[_]` computes): a pointer to the element inside
// args[0], or nullptr with the error value (no such key, index out of range, no matching
// overload) in `*error`. Lets the evaluator borrow the element instead of copying it.
const Value* Element(const CallSite& site, Args args, Value* error);

// A short description of a value for an error message: scalars in CEL syntax, strings cut to
// 64 bytes, collections by their type.
std::string Describe(const Value& v);

// A type denoted by a bare identifier (int, uint, double, bool, string, bytes, list, map,
// null_type, type, google.protobuf.Timestamp, google.protobuf.Duration), or nullopt.
std::optional<Kind> TypeNamed(std::string_view name);

// RE2 options for CEL's matches(): UTF-8, bounded memory, no logging.
std::shared_ptr<const re2::RE2> CompileRegex(std::string_view pattern, std::string* error);

}  // namespace proofline::cel
