// A parser for HCL2's native syntax (the language of Terraform's .tf files) into a syntax tree.
//
// Hand-written: Debian 12 packages no HCL library for C++ (HashiCorp's reference parser is Go).
// It follows the hclsyntax specification (hashicorp/hcl, hclsyntax/spec.md): one pass of a lazy
// lexer under a recursive-descent parser, no regular expressions, no per-character allocation.
//   - Bodies: attributes `name = expr` ended by a newline, blocks `type "label" ident { ... }`,
//     single-line blocks `a { b = 1 }` (at most one attribute), comments `#`, `//`, `/* */`.
//   - Expressions: numbers (1, 1.5, 1e3), true/false/null, quoted templates with escapes
//     (\n \r \t \" \\ \uNNNN \UNNNNNNNN), `${...}` interpolations and `%{if}/%{for}` directives
//     (with `~` strip markers, `$${`/`%%{` escapes), heredocs `<<EOT` and `<<-EOT` (the latter
//     trimmed of the common leading whitespace, as hashicorp/hcl does), tuples, objects
//     (`k = v`, `k: v`, `"k" = v`, `(expr) = v`; items separated by commas or newlines),
//     variables and traversals (a.b[0].c, legacy a.0, splats a[*].b and a.*.b), function calls
//     (f(a, b...), provider::ns::f()), unary and binary operators with HCL's precedence,
//     conditionals, for expressions ([for k, v in x : v if c], {for ... : k => v...}), parens.
// Errors: the first one ends the parse, InvalidArgument "FILE:LINE: what". The tree is at most
// kMaxDepth levels deep (expressions and blocks alike), so hostile input cannot overflow the
// stack while parsing, converting or destroying it. Input must be UTF-8.
//
// For Terraform's JSON configuration syntax (.tf.json) there are two more entry points, as in
// hashicorp/hcl: ParseJson reads the JSON text into a literal tree with lines, and ParseTemplate
// reads one JSON string's value as the template it is in that syntax.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace proofline::iac::hcl {

inline constexpr int kMaxDepth = 200;

enum class ExprKind : uint8_t {
  kNull,
  kBool,         // text: "true" or "false"
  kNumber,       // text: the literal as written ("1e3")
  kString,       // text: the decoded value (a template without interpolations or directives)
  kTemplate,     // items: the parts, each a kString or an interpolated expression or a directive
  kTemplateIf,   // items: condition, then (kTemplate)[, else (kTemplate)]
  kTemplateFor,  // key_var ("" if none), text: value variable; items: collection, body (kTemplate)
  kTuple,        // items: the elements
  kObject,       // items: key, value, key, value, ...; a bare identifier key is a kString
  kVariable,     // text: the root name ("var", "local", "aws_s3_bucket", ...)
  kGetAttr,      // items[0]: the object; text: the attribute name
  kIndex,        // items[0]: the collection; items[1]: the key (legacy `a.0` included)
  kSplat,        // items[0]: the source; items[1]: what applies to each element, rooted at
                 // kSplatItem; flag: a full splat `[*]` (else an attribute splat `.*`)
  kSplatItem,    // the element inside a splat's per-element expression
  kCall,         // text: the function ("merge", "provider::aws::arn_parse"); items: arguments;
                 // flag: the last argument is expanded (`...`)
  kUnary,        // text: "-" or "!"; items[0]: the operand
  kBinary,       // text: the operator ("+", "==", "&&", ...); items[0], items[1]: the operands
  kConditional,  // items: condition, true result, false result
  kForTuple,     // key_var ("" if none), text: value variable; items: collection, value[, cond]
  kForObject,    // key_var, text: value variable; items: collection, key, value[, condition];
                 // flag: grouping (`...`)
  kParens,       // items[0]: the parenthesised expression
};

struct Expression {
  ExprKind kind = ExprKind::kNull;
  bool flag = false;
  uint16_t height = 1;  // levels of the tree below and including this node
  uint32_t line = 0;    // of the first token
  // The expression as written, a view into the parsed text (without surrounding blanks).
  std::string_view source;
  std::string text;
  std::string key_var;
  std::vector<Expression> items;
};

struct Attribute {
  std::string name;
  Expression value;
  uint32_t line = 0;
};

struct Block;

struct Body {
  std::vector<Attribute> attributes;  // in source order; names are unique within a body
  std::vector<Block> blocks;          // in source order
};

struct Block {
  std::string type;
  std::vector<std::string> labels;  // quoted or identifier labels, as values
  Body body;
  uint32_t line = 0;  // of the block's type
};

// Where a parse failed, for callers that report problems as data.
struct SyntaxError {
  uint32_t line = 0;
  std::string what;
};

// Parses `text` as a bare template: the decoded value of a string in Terraform's JSON syntax,
// where `${...}` interpolations and `%{...}` directives (with strip markers) are parsed as in a
// quoted template, `$${` and `%%{` are their escapes, and every other character is literal: no
// backslash escapes (JSON decoding did them), newlines allowed. `line` is the line the string is
// on, for Expression::line (a newline in the value counts on). The result is a kString when there
// is no sequence, else a kTemplate ("${x}" alone: a kTemplate of one item, as when quoted).
// Errors as Parse's. REQUIRES `text` to outlive the tree.
Result<Expression> ParseTemplate(std::string_view text, std::string_view file, uint32_t line,
                                 SyntaxError* error = nullptr);

// Parses `text` as one JSON value (RFC 8259: no comments, no trailing commas; a UTF-8 byte order
// mark is skipped) into a literal tree: an object is a kObject whose keys are kString (line: the
// key's), duplicate keys kept in order; an array is a kTuple; a string is a kString of its
// decoded value (not a template: ParseTemplate reads it as one where the syntax says so); a
// number is a kNumber of its text; true/false a kBool; null a kNull. `source` is the value as
// written. Errors, InvalidArgument "FILE:LINE: what" (and `error` filled as Parse fills it):
// invalid JSON, invalid UTF-8, an escape of a lone surrogate, nesting deeper than kMaxDepth,
// anything but blanks after the value.
Result<Expression> ParseJson(std::string_view text, std::string_view file,
                             SyntaxError* error = nullptr);

// Parses `text` (the contents of `file`, which only names it in messages) as an HCL2 body.
// Returns InvalidArgument "FILE:LINE: what" at the first error and, if `error` is not null,
// fills it with the line and the message without the "FILE:LINE: " prefix.
// The returned tree holds views into `text` (Expression::source): REQUIRES `text` to outlive it.
Result<Body> Parse(std::string_view text, std::string_view file, SyntaxError* error = nullptr);

}  // namespace proofline::iac::hcl
