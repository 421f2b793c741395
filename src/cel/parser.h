// The CEL parser: recursive descent over the grammar of the CEL language definition
// (cel-spec doc/langdef.md), precedence from loosest to tightest:
//   ?:  <  ||  <  &&  <  relations (< <= >= > == != in)  <  + -  <  * / %  <  unary ! -
//   <  member selection, calls and indexing.
// A '-' directly before an int or double literal is folded into it, so -9223372036854775808
// is a literal. Macros are expanded here (see ast.h). Message construction (Name{...}) and the
// optional syntax (.?f, [?k]) are outside the supported subset and are reported as such.
#pragma once

#include <string_view>

#include "base/status.h"
#include "cel/ast.h"
#include "cel/source.h"

namespace proofline::cel {

// Limits that keep hostile expressions from exhausting the stack or memory.
inline constexpr size_t kMaxExpressionBytes = 100 * 1024;
inline constexpr int kMaxNesting = 250;  // the height of the syntax tree

// Parses `source`. On failure returns InvalidArgument "syntax error at column N: ..." (every
// lexical error is listed; parsing stops at the first grammar error) and, if `error_location`
// is not null, sets it to the location of the first error (left alone for an expression over
// kMaxExpressionBytes, which has none).
Result<ExprPtr> Parse(std::string_view source, Location* error_location = nullptr);

}  // namespace proofline::cel
