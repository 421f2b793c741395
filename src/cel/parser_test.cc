// Tests of the CEL parser: precedence and associativity, literal folding, macro expansion,
// unsupported syntax and syntax errors with their columns, nesting limits.
#include "cel/parser.h"

#include <gtest/gtest.h>

namespace proofline::cel {
namespace {

// The tree as a compact S-expression: _+_(1, x), m.f, has(m.f), all(x, range, pred).
std::string Render(const Expr& e) {
  auto list = [](const std::vector<ExprPtr>& args) {
    std::string out;
    for (const ExprPtr& a : args) out += (out.empty() ? "" : ", ") + Render(*a);
    return out;
  };
  switch (e.kind) {
    case ExprKind::kConst:
      return FormatValue(e.constant);
    case ExprKind::kIdent:
      return e.name;
    case ExprKind::kSelect:
      return e.test_only ? "has(" + Render(*e.operand) + "." + e.name + ")"
                         : Render(*e.operand) + "." + e.name;
    case ExprKind::kCall:
      return (e.operand ? Render(*e.operand) + "." : "") + e.name + "(" + list(e.args) + ")";
    case ExprKind::kList:
      return "[" + list(e.args) + "]";
    case ExprKind::kMap:
      return "{" + list(e.args) + "}";
    case ExprKind::kComprehension: {
      static const char* kNames[] = {"all", "exists", "exists_one", "map", "map", "filter"};
      return std::string(kNames[static_cast<int>(e.macro)]) + "(" + e.name + " in " +
             Render(*e.operand) + ": " + list(e.args) + ")";
    }
  }
  return "?";
}

std::string P(std::string_view src) {
  Result<ExprPtr> e = Parse(src);
  EXPECT_TRUE(e.ok()) << src << ": " << e.status().message();
  return e.ok() ? Render(**e) : "";
}

// The error message and location of a source that must not parse.
std::pair<std::string, Location> Error(std::string_view src) {
  Location loc{0, 0};
  Result<ExprPtr> e = Parse(src, &loc);
  EXPECT_FALSE(e.ok()) << src;
  return {e.ok() ? "" : e.status().message(), loc};
}

TEST(CelParser, PrecedenceFromLoosestToTightest) {
  EXPECT_EQ(P("a || b && c"), "_||_(a, _&&_(b, c))");
  EXPECT_EQ(P("a && b == c"), "_&&_(a, _==_(b, c))");
  EXPECT_EQ(P("a < b + c"), "_<_(a, _+_(b, c))");
  EXPECT_EQ(P("a + b * c"), "_+_(a, _*_(b, c))");
  EXPECT_EQ(P("-a * b"), "_*_(-_(a), b)");
  EXPECT_EQ(P("!a.b"), "!_(a.b)");
  EXPECT_EQ(P("a ? b : c || d"), "_?_:_(a, b, _||_(c, d))");
  EXPECT_EQ(P("x in [1] && y"), "_&&_(@in(x, [1]), y)");
  EXPECT_EQ(P("a[0].b(c)[1]"), "_[_](_[_](a, 0).b(c), 1)");
}

TEST(CelParser, AssociativityAndGrouping) {
  EXPECT_EQ(P("a - b - c"), "_-_(_-_(a, b), c)");
  EXPECT_EQ(P("a / b % c"), "_%_(_/_(a, b), c)");
  EXPECT_EQ(P("a < b == c"), "_==_(_<_(a, b), c)");
  EXPECT_EQ(P("a ? b : c ? d : e"), "_?_:_(a, b, _?_:_(c, d, e))");
  EXPECT_EQ(P("(a + b) * c"), "_*_(_+_(a, b), c)");
  EXPECT_EQ(P("!!a"), "!_(!_(a))");
}

TEST(CelParser, NegativeLiteralsFold) {
  EXPECT_EQ(P("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(P("-1.5"), "-1.5");
  EXPECT_EQ(P("--1"), "-_(-1)");
  EXPECT_EQ(P("-(1)"), "-_(1)");
  EXPECT_EQ(P("-x"), "-_(x)");
  EXPECT_EQ(P("-1u"), "-_(1u)");  // uint literals do not take a sign
  EXPECT_EQ(Error("9223372036854775808").second.column, 1);
  EXPECT_EQ(Error("1 + -9223372036854775809").second.column, 6);
}

TEST(CelParser, Literals) {
  EXPECT_EQ(P("[1, 2u, 3.0, 'a', b'b', true, null]"), "[1, 2u, 3.0, \"a\", b\"b\", true, null]");
  EXPECT_EQ(P("{'a': 1, 2: [],}"), "{\"a\", 1, 2, []}");
  EXPECT_EQ(P("[1, 2,]"), "[1, 2]");
  EXPECT_EQ(P("[]"), "[]");
  EXPECT_EQ(P("{}"), "{}");
}

TEST(CelParser, SelectionCallsAndReservedWordsAsFields) {
  EXPECT_EQ(P("a.b.c"), "a.b.c");
  EXPECT_EQ(P(".a.b"), ".a.b");
  EXPECT_EQ(P("m.if"), "m.if");
  EXPECT_EQ(P("m.`content-type`"), "m.content-type");
  EXPECT_EQ(P("s.startsWith('a')"), "s.startsWith(\"a\")");
  EXPECT_EQ(P("size(x)"), "size(x)");
  EXPECT_EQ(P("x.while()"), "x.while()");
}

TEST(CelParser, MacrosExpand) {
  EXPECT_EQ(P("has(m.f)"), "has(m.f)");
  EXPECT_EQ(P("has(a.b.c)"), "has(a.b.c)");
  EXPECT_EQ(P("l.all(x, x > 0)"), "all(x in l: _>_(x, 0))");
  EXPECT_EQ(P("l.exists(x, p)"), "exists(x in l: p)");
  EXPECT_EQ(P("l.exists_one(x, p)"), "exists_one(x in l: p)");
  EXPECT_EQ(P("l.map(x, x * 2)"), "map(x in l: _*_(x, 2))");
  EXPECT_EQ(P("l.map(x, x > 1, x * 2)"), "map(x in l: _>_(x, 1), _*_(x, 2))");
  EXPECT_EQ(P("l.filter(x, x > 1)"), "filter(x in l: _>_(x, 1))");
  // Other arities are ordinary calls, left for evaluation to reject.
  EXPECT_EQ(P("l.all(x)"), "l.all(x)");
}

TEST(CelParser, MacroErrors) {
  auto [msg, loc] = Error("has(m)");
  EXPECT_NE(msg.find("has() takes one field selection"), std::string::npos) << msg;
  EXPECT_EQ(loc.column, 1);
  EXPECT_EQ(Error("has(m[0])").second.column, 1);
  auto [msg2, loc2] = Error("l.all(x.y, true)");
  EXPECT_NE(msg2.find("must be a variable name"), std::string::npos) << msg2;
  EXPECT_EQ(loc2.column, 3);
}

TEST(CelParser, SyntaxErrorsNameTheColumn) {
  auto [msg, loc] = Error("1 + )");
  EXPECT_EQ(msg, "syntax error at column 5: expected an expression but found ')'");
  EXPECT_EQ(loc.column, 5);
  EXPECT_EQ(Error("(1 + 2").second.column, 7);
  EXPECT_EQ(Error("a b").second.column, 3);
  EXPECT_EQ(Error("[1, 2").second.column, 6);
  EXPECT_EQ(Error("{1 2}").second.column, 4);
  EXPECT_EQ(Error("a ? b").second.column, 6);
  EXPECT_EQ(Error("a.1").second.column, 2);  // ".1" is a double literal
  auto [msg2, loc2] = Error("x &&\n  if");
  EXPECT_EQ(loc2.line, 2);
  EXPECT_EQ(loc2.column, 3);
  EXPECT_NE(msg2.find("line 2, column 3"), std::string::npos) << msg2;
  EXPECT_NE(msg2.find("reserved word"), std::string::npos) << msg2;
}

TEST(CelParser, ColumnsCountCodePoints) { EXPECT_EQ(Error("'πέντε' + )").second.column, 11); }

TEST(CelParser, LexicalErrorsAreAllListed) {
  auto [msg, loc] = Error("'\\q' + '\\z'");
  EXPECT_NE(msg.find("column 2: invalid escape sequence"), std::string::npos) << msg;
  EXPECT_NE(msg.find("column 9: invalid escape sequence"), std::string::npos) << msg;
  EXPECT_EQ(loc.column, 2);
}

TEST(CelParser, UnsupportedSyntaxIsNamed) {
  EXPECT_NE(Error("Msg{f: 1}").first.find("message construction"), std::string::npos);
  EXPECT_NE(Error("a.b.Msg{}").first.find("message construction"), std::string::npos);
  EXPECT_NE(Error("m.?f").first.find("optional"), std::string::npos);
  EXPECT_NE(Error("l[?0]").first.find("optional"), std::string::npos);
  EXPECT_NE(Error("[?x]").first.find("optional"), std::string::npos);
  EXPECT_NE(Error("{?'k': v}").first.find("optional"), std::string::npos);
  EXPECT_NE(Error("`a`").first.find("quoted field name"), std::string::npos);
}

TEST(CelParser, NestingIsBounded) {
  std::string deep(kMaxNesting + 5, '(');
  deep += "1" + std::string(kMaxNesting + 5, ')');
  EXPECT_NE(Error(deep).first.find("nests deeper"), std::string::npos);
  std::string chain = "1";
  for (int i = 0; i < kMaxNesting + 5; ++i) chain += " + 1";
  EXPECT_NE(Error(chain).first.find("nests deeper"), std::string::npos);
  std::string nots(kMaxNesting + 5, '!');
  EXPECT_NE(Error(nots + "true").first.find("nests deeper"), std::string::npos);
  std::string ok(100, '(');
  EXPECT_EQ(P(ok + "7" + std::string(100, ')')), "7");
}

TEST(CelParser, LongExpressionsAreRefused) {
  std::string huge(kMaxExpressionBytes + 1, ' ');
  EXPECT_NE(Error(huge).first.find("the limit is"), std::string::npos);
}

}  // namespace
}  // namespace proofline::cel
