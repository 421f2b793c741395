// The CEL policy engine: compile an expression once, evaluate it many times over variables.
//
// Proofline's control conditions are written in the Common Expression Language (cel-spec,
// the language of Kubernetes admission policies and Google IAM). No packaged C++ CEL exists
// for this build, so this is a hand-written interpreter of the subset below, with CEL's
// syntax and runtime semantics; the public CEL conformance suite measures it
// (cel_conformance_test).
//
// Supported: literals (int, uint, double, string, bytes in every quoting and escape form, bool,
// null, lists, maps); variables, including dotted names resolved longest-prefix first ("a.b.c"
// bound as one variable); field selection on maps (m.f, m.`f-g`) and indexing (l[i], m[k]);
// arithmetic + - * / % with CEL's overflow, division-by-zero and modulus-by-zero errors
// (doubles follow IEEE 754); comparisons with heterogeneous numeric equality and ordering
// (1 == 1u == 1.0; comparing other different kinds is false for ==, an error for <);
// && || with CEL's error absorption (false && error == false, error || true == true); !, unary -,
// ?:, in; has() on maps; the macros all, exists, exists_one, map (2 and 3 arguments) and
// filter; size; the string functions contains, startsWith, endsWith, matches (RE2 syntax,
// unanchored search); dyn(), type() and type values (int, string, ..., type); the conversions
// int(), uint(), double(), string(), bytes(), bool(), timestamp() (RFC 3339 text or Unix
// seconds) and duration() ("1h30m"); timestamps and durations with comparison, +, - and the
// accessors getFullYear, getMonth, getDate, getDayOfMonth, getDayOfWeek, getDayOfYear,
// getHours, getMinutes, getSeconds, getMilliseconds (optionally in a time zone: "UTC",
// "+05:30", IANA names from the system tz database).
//
// Not supported: protocol buffer messages and enums (Name{...} construction, message fields,
// wrappers, google.protobuf.Any/Value/Struct), containers and namespaces, the optional syntax
// (.?f, [?k], optional.of), extension libraries (strings.format, math, encoders, cel.bind,
// two-variable comprehensions), and a static type checker: typing is dynamic, so a type error
// (`1 + "a"`: no matching overload for '_+_' applied to (int, string)) appears when the
// operation is evaluated, pointing at the operator's column, and may be absorbed by || or &&
// as CEL's runtime would.
//
// Hostile expressions are bounded: expressions of at most 100 KiB, syntax trees at most 250
// levels deep, a cost budget on evaluation steps (every node evaluated, every element copied
// or compared, every 64 bytes of text scanned), a memory budget on the values an evaluation
// builds, and a size limit on each string or bytes value built by +. Regular expressions use RE2
// (linear time, bounded memory). No exception escapes this library.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/json.h"
#include "base/status.h"
#include "cel/ast.h"
#include "cel/hash_index.h"
#include "cel/source.h"
#include "cel/value.h"

namespace proofline::cel {

// The variables of one evaluation.
class Activation {
 public:
  // Binds `name` (an identifier, or dotted "a.b.c") to `value`, replacing an earlier binding.
  void Bind(std::string name, Value value);
  // The value bound to `name`, or nullptr. The pointer lives until the next Bind.
  const Value* Find(std::string_view name) const;
  // Find(name.text()) without hashing the name: what a compiled Program looks its variables up
  // with.
  const Value* Find(const HashedName& name) const;
  bool has_dotted_names() const { return dotted_; }

  // Each key of the JSON object `facts` becomes a variable (see ValueFromJson for the mapping).
  // InvalidArgument if `facts` is not an object or nests more than 128 levels.
  static Result<Activation> FromJson(const Json& facts);

 private:
  const Value* Find(std::string_view name, size_t hash) const;

  std::vector<std::pair<std::string, Value>> vars_;  // in binding order
  HashIndex index_;                                  // over vars_, by name
  bool dotted_ = false;
};

struct EvalOptions {
  uint64_t cost_limit = 10'000'000;     // evaluation steps
  uint64_t memory_limit = 64ull << 20;  // bytes of the strings, lists and maps it builds
  size_t max_string_bytes = 1 << 20;    // of one string or bytes value built by +
};

// A compiled expression: parsed, macros expanded, variables and functions resolved, constant
// regular expressions compiled. Immutable, so Eval may run concurrently from many threads;
// copies share the compiled tree.
class Program {
 public:
  // Evaluates against `activation`. An error value at the top becomes InvalidArgument
  // "evaluation error at column N: <message>" (e.g. "no such key: x", "division by zero",
  // "integer overflow") and, if `error_location` is given, its location; exceeding a limit of
  // `options` is InvalidArgument too (and leaves `error_location` alone). Never throws.
  Result<Value> Eval(const Activation& activation, const EvalOptions& options = EvalOptions(),
                     Location* error_location = nullptr) const;

  const std::string& source() const { return source_; }

  // The compiled form: the annotated tree and the variable names it reads (eval.cc).
  struct Compiled;

 private:
  friend Result<Program> Compile(std::string_view expression, Location* error_location);
  Program(std::string source, std::shared_ptr<const Compiled> compiled)
      : source_(std::move(source)), compiled_(std::move(compiled)) {}

  std::string source_;
  std::shared_ptr<const Compiled> compiled_;
};

// Compiles `expression`. InvalidArgument "syntax error at column N: ..." for a malformed
// expression, or naming the column of an invalid constant regular expression; if
// `error_location` is given it receives the location (none for an over-long expression).
// Never throws.
Result<Program> Compile(std::string_view expression, Location* error_location = nullptr);

}  // namespace proofline::cel
