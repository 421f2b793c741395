// Tests of the CEL lexer: every literal form and escape, reserved words, and lexical errors with
// their offsets.
#include "cel/lexer.h"

#include <gtest/gtest.h>

namespace proofline::cel {
namespace {

// The only token of `src` (besides the end), which must lex cleanly.
Token One(std::string_view src) {
  LexResult r = Lex(src);
  EXPECT_TRUE(r.errors.empty()) << src << ": " << (r.errors.empty() ? "" : r.errors[0].message);
  EXPECT_EQ(r.tokens.size(), 2u) << src;
  return r.tokens.empty() ? Token() : r.tokens[0];
}

std::string Str(std::string_view src) {
  Token t = One(src);
  EXPECT_TRUE(t.kind == TokenKind::kString || t.kind == TokenKind::kBytes) << src;
  return t.text;
}

std::vector<TokenKind> Kinds(std::string_view src) {
  std::vector<TokenKind> kinds;
  for (const Token& t : Lex(src).tokens) kinds.push_back(t.kind);
  return kinds;
}

// The first error of `src`: its offset and message.
LexError FirstError(std::string_view src) {
  LexResult r = Lex(src);
  EXPECT_FALSE(r.errors.empty()) << src;
  return r.errors.empty() ? LexError() : r.errors[0];
}

TEST(CelLexer, IntegerForms) {
  EXPECT_EQ(One("42").kind, TokenKind::kInt);
  EXPECT_EQ(One("42").magnitude, 42u);
  EXPECT_EQ(One("0x55555555").magnitude, 0x55555555u);
  EXPECT_EQ(One("0XfF").magnitude, 255u);
  EXPECT_EQ(One("42u").kind, TokenKind::kUint);
  EXPECT_EQ(One("42U").kind, TokenKind::kUint);
  EXPECT_EQ(One("0x1u").kind, TokenKind::kUint);
  EXPECT_EQ(One("18446744073709551615u").magnitude, UINT64_MAX);
  // The magnitude of INT64_MIN lexes; the parser decides whether a '-' precedes it.
  EXPECT_EQ(One("9223372036854775808").magnitude, uint64_t{1} << 63);
}

TEST(CelLexer, DoubleForms) {
  EXPECT_EQ(One("1.5").double_value, 1.5);
  EXPECT_EQ(One(".5").double_value, 0.5);
  EXPECT_EQ(One("1e3").double_value, 1000);
  EXPECT_EQ(One("2.5E-1").double_value, 0.25);
  EXPECT_EQ(One("1e+2").kind, TokenKind::kDouble);
  EXPECT_EQ(One("1e-400").double_value, 0);  // underflow rounds to zero, as in Go
  // "1." is an int followed by a dot (member access), not a double.
  EXPECT_EQ(Kinds("1.size"), (std::vector<TokenKind>{TokenKind::kInt, TokenKind::kDot,
                                                     TokenKind::kIdent, TokenKind::kEnd}));
}

TEST(CelLexer, QuotingForms) {
  EXPECT_EQ(Str("'a'"), "a");
  EXPECT_EQ(Str("\"a\""), "a");
  EXPECT_EQ(Str("'''a'b''c'''"), "a'b''c");
  EXPECT_EQ(Str("\"\"\"a\nb\"\"\""), "a\nb");
  EXPECT_EQ(Str("r'\\n'"), "\\n");
  EXPECT_EQ(Str("R\"\\d+\""), "\\d+");
  EXPECT_EQ(Str("r'''\\'''"), "\\");
  EXPECT_EQ(One("b'a'").kind, TokenKind::kBytes);
  EXPECT_EQ(One("B\"a\"").kind, TokenKind::kBytes);
  EXPECT_EQ(Str("br'\\x00'"), "\\x00");
  EXPECT_EQ(Str("Rb'\\x00'"), "\\x00");
  EXPECT_EQ(Str("''"), "");
  EXPECT_EQ(Str("''''''"), "");
}

TEST(CelLexer, EveryEscape) {
  EXPECT_EQ(Str(R"('\a\b\f\n\r\t\v\\\?\"\'\`')"), "\a\b\f\n\r\t\v\\?\"'`");
  EXPECT_EQ(Str(R"('\x41\X42')"), "AB");
  EXPECT_EQ(Str(R"('\101')"), "A");
  EXPECT_EQ(Str(R"('\u270c')"), "\u270c");
  EXPECT_EQ(Str(R"('\U0001f431')"), "\U0001f431");
  // In strings \xFF and \377 are the code point U+00FF; in bytes they are one byte.
  EXPECT_EQ(Str(R"('\xff')"), "\xc3\xbf");
  EXPECT_EQ(Str(R"('\377')"), "\xc3\xbf");
  EXPECT_EQ(Str(R"(b'\xff')"), "\xff");
  EXPECT_EQ(Str(R"(b'\377\000')"), std::string("\xff\0", 2));
  EXPECT_EQ(Str("b'\xc3\xbf'"), "\xc3\xbf");  // UTF-8 text in bytes stays UTF-8
}

TEST(CelLexer, EscapeErrorsPointAtTheEscape) {
  EXPECT_EQ(FirstError(R"('ab\q')").offset, 3);
  EXPECT_EQ(FirstError(R"('\x4')").offset, 1);
  EXPECT_EQ(FirstError(R"('\ud800')").offset, 1);  // a surrogate is not a code point
  EXPECT_EQ(FirstError(R"('\U00110000')").offset, 1);
  EXPECT_EQ(FirstError(R"(b'\u0041')").offset, 2);
  EXPECT_EQ(FirstError(R"('\400')").offset, 1);  // octal escapes stop at \377
}

TEST(CelLexer, UnterminatedStrings) {
  EXPECT_EQ(FirstError("x + 'abc").offset, 4);
  EXPECT_EQ(FirstError("'a\nb'").offset, 0);  // single-quoted strings end on their line
  EXPECT_EQ(FirstError("'''abc''").offset, 0);
  EXPECT_EQ(FirstError("'abc\\").offset, 0);
}

TEST(CelLexer, IdentifiersKeywordsAndReservedWords) {
  EXPECT_EQ(Kinds("true false null in"),
            (std::vector<TokenKind>{TokenKind::kTrue, TokenKind::kFalse, TokenKind::kNull,
                                    TokenKind::kIn, TokenKind::kEnd}));
  EXPECT_FALSE(One("_a1").reserved);
  EXPECT_TRUE(One("if").reserved);
  EXPECT_TRUE(One("namespace").reserved);
  EXPECT_FALSE(One("inx").reserved);
  EXPECT_EQ(One("inx").kind, TokenKind::kIdent);
  Token q = One("`a.b-c/d e`");
  EXPECT_EQ(q.kind, TokenKind::kQuotedIdent);
  EXPECT_EQ(q.text, "a.b-c/d e");
}

TEST(CelLexer, OperatorsWhitespaceAndComments) {
  EXPECT_EQ(
      Kinds("a<=b // compare\n&&!c"),
      (std::vector<TokenKind>{TokenKind::kIdent, TokenKind::kLe, TokenKind::kIdent, TokenKind::kAnd,
                              TokenKind::kNot, TokenKind::kIdent, TokenKind::kEnd}));
  EXPECT_EQ(Kinds("\t\r\f\n1").front(), TokenKind::kInt);
}

TEST(CelLexer, StrayCharactersAreAllReported) {
  LexResult r = Lex("a = b # c");
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].offset, 2);
  EXPECT_NE(r.errors[0].message.find("'=='"), std::string::npos);
  EXPECT_EQ(r.errors[1].offset, 6);
}

TEST(CelLexer, InvalidUtf8IsAnError) {
  EXPECT_EQ(FirstError("'\xff'").offset, 1);
  EXPECT_EQ(FirstError("'\xc0\xaf'").offset, 1);  // overlong '/'
  EXPECT_EQ(FirstError("1 \xe2\x82").offset, 2);
}

TEST(CelLexer, LiteralsOutOfRange) {
  EXPECT_EQ(FirstError("18446744073709551616").offset, 0);
  EXPECT_EQ(FirstError("0x10000000000000000").offset, 0);
  EXPECT_EQ(FirstError("1 + 1e999").offset, 4);
}

}  // namespace
}  // namespace proofline::cel
