// The CEL lexer: turns an expression into tokens per the lexical grammar of the CEL language
// definition (cel-spec doc/langdef.md): identifiers and reserved words, int/uint/double
// literals (decimal and 0x hex, 1u, 1e3, .5), string and bytes literals in every quoting form
// ('..', "..", '''..''', """..""", raw r"..", bytes b"..", br"..") with all escapes, quoted
// field names `a.b-c`, operators, whitespace and // comments.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace proofline::cel {

enum class TokenKind {
  kEnd,
  kIdent,
  kQuotedIdent,  // `name with .-/ characters`, only valid as a field name
  kInt,
  kUint,
  kDouble,
  kString,
  kBytes,
  kTrue,
  kFalse,
  kNull,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kDot,
  kComma,
  kColon,
  kQuestion,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kNot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnd,
  kOr,
};

// How a token reads in a message: "')'", "identifier 'x'", "end of input".
std::string DescribeToken(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEnd;
  int32_t offset = 0;      // byte offset of the token's first character
  std::string text;        // identifier name, or the decoded value of a string or bytes literal
  uint64_t magnitude = 0;  // int and uint literals (the parser applies a leading '-')
  double double_value = 0;
  bool reserved = false;  // an identifier that is a reserved word: only usable after '.'
};

struct LexError {
  std::string message;
  int32_t offset = 0;
};

struct LexResult {
  std::vector<Token> tokens;  // ends with one kEnd token
  std::vector<LexError> errors;
};

// Length of the valid UTF-8 sequence starting at s[i] (RFC 3629: no overlong forms, surrogates
// or code points above U+10FFFF), or 0 if there is none. REQUIRES: i < s.size().
size_t Utf8Length(std::string_view s, size_t i);

// Tokenises all of `source`, collecting every lexical error (invalid UTF-8, bad escapes,
// unterminated strings, stray characters, out-of-range literals) rather than stopping at the
// first. REQUIRES: source.size() < 2^31.
LexResult Lex(std::string_view source);

}  // namespace proofline::cel
