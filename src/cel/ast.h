// The syntax tree of a CEL expression, as the parser builds it and the compiler annotates it.
//
// Operators are calls of CEL's internal function names ("_+_", "_&&_", "_[_]", "@in", "!_",
// "-_", "_?_:_"), as in the spec's abstract syntax. Macros (has, all, exists, exists_one, map,
// filter) are expanded by the parser: has(m.f) becomes a test-only selection and the others a
// Comprehension node naming its macro, its iteration variable, the range and the argument
// expressions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cel/value.h"

namespace re2 {
class RE2;
}

namespace proofline::cel {

class Args;
struct CallSite;

enum class ExprKind { kConst, kIdent, kSelect, kCall, kList, kMap, kComprehension };

enum class Macro {
  kAll,        // args: predicate
  kExists,     // args: predicate
  kExistsOne,  // args: predicate
  kMap,        // args: transform
  kMapFilter,  // args: filter, transform
  kFilter,     // args: predicate
};

struct Expr {
  ExprKind kind = ExprKind::kConst;
  int32_t offset = 0;  // byte offset of the token that names the node (operator, name, literal)
  int32_t depth = 1;   // height of this subtree

  Value constant;  // kConst
  // kIdent: the name ("." prefix: resolved in the root scope only); kSelect: the field;
  // kCall: the function; kComprehension: the iteration variable.
  std::string name;
  // kSelect: the operand; kCall: the receiver of a method call, else null;
  // kComprehension: the range.
  std::unique_ptr<Expr> operand;
  // kCall: the arguments; kList: the elements; kMap: key, value, key, value, ...;
  // kComprehension: see Macro.
  std::vector<std::unique_ptr<Expr>> args;
  bool test_only = false;  // kSelect: has(operand.name)
  Macro macro = Macro::kAll;

  // Filled in by Compile (eval.cc).
  int slot = -1;          // kIdent: index of the comprehension variable it names, else -1
  std::string qualified;  // kIdent/kSelect: dotted name ("a.b.c") a variable may be bound to
  // kIdent outside comprehension variables: its variable; kSelect with a qualified name: the
  // variable "a.b.c" that may shadow the selection. An index into the program's names, else -1.
  int global = -1;
  HashedName field;  // kSelect: the name, hashed once for the map lookup
  // kSelect at the top of a chain of selections (a.b.c): the chain's root operand (a), then each
  // selection innermost first (a.b, a.b.c), so that Eval walks the chain in a loop. Empty in
  // the selections inside a chain: they are evaluated only through the top one.
  std::vector<const Expr*> path;
  // kCall: index of the builtin, or one of the operators the evaluator implements itself
  // (eval.cc), -1 for an unknown function.
  int function = -1;
  // kCall of a builtin: its implementation.
  Value (*builtin)(const CallSite&, Args) = nullptr;
  std::shared_ptr<const re2::RE2> regex;  // kCall of matches() with a constant pattern
  // kCall of `in` or _[_] whose key is a constant string: the key, hashed once.
  std::optional<HashedName> constant_key;
};

using ExprPtr = std::unique_ptr<Expr>;

}  // namespace proofline::cel
