// Tests of the HCL2 parser: the tree it builds for each construct (printed as an S-expression
// so every node is checked), heredocs and templates, and every error with its exact message;
// the bare templates and JSON trees of Terraform's JSON syntax likewise.
#include "iac/hcl.h"

#include <gtest/gtest.h>

#include <string>

namespace proofline::iac::hcl {
namespace {

std::string Sexp(const Expression& e);

std::string Join(const std::vector<Expression>& items, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < items.size(); ++i) out += " " + Sexp(items[i]);
  return out;
}

std::string Sexp(const Expression& e) {
  switch (e.kind) {
    case ExprKind::kNull:
      return "null";
    case ExprKind::kBool:
    case ExprKind::kNumber:
    case ExprKind::kVariable:
      return e.text;
    case ExprKind::kString:
      return "\"" + e.text + "\"";
    case ExprKind::kTemplate:
      return "(tmpl" + Join(e.items) + ")";
    case ExprKind::kTemplateIf:
      return "(%if" + Join(e.items) + ")";
    case ExprKind::kTemplateFor:
      return "(%for " + e.key_var + "," + e.text + Join(e.items) + ")";
    case ExprKind::kTuple:
      return "[" + Join(e.items) + "]";
    case ExprKind::kObject:
      return "{" + Join(e.items) + "}";
    case ExprKind::kGetAttr:
      return "(. " + Sexp(e.items[0]) + " " + e.text + ")";
    case ExprKind::kIndex:
      return "([]" + Join(e.items) + ")";
    case ExprKind::kSplat:
      return std::string(e.flag ? "([*]" : "(.*") + Join(e.items) + ")";
    case ExprKind::kSplatItem:
      return "@";
    case ExprKind::kCall:
      return "(" + e.text + Join(e.items) + (e.flag ? " ...)" : ")");
    case ExprKind::kUnary:
    case ExprKind::kBinary:
      return "(" + e.text + Join(e.items) + ")";
    case ExprKind::kConditional:
      return "(?" + Join(e.items) + ")";
    case ExprKind::kForTuple:
      return "[for " + e.key_var + "," + e.text + Join(e.items) + "]";
    case ExprKind::kForObject:
      return "{for " + e.key_var + "," + e.text + Join(e.items) + (e.flag ? " ...}" : "}");
    case ExprKind::kParens:
      return "(()" + Join(e.items) + ")";
  }
  return "?";
}

Body ParseOk(const std::string& text) {
  Result<Body> body = Parse(text, "t.tf");
  EXPECT_TRUE(body.ok()) << body.status().message();
  return body.ok() ? std::move(*body) : Body{};
}

// The value of the only attribute of `text`, as an S-expression.
std::string Value(const std::string& text) {
  Body body = ParseOk(text);
  if (body.attributes.size() != 1) return "<" + std::to_string(body.attributes.size()) + ">";
  return Sexp(body.attributes[0].value);
}

std::string Error(const std::string& text) {
  SyntaxError error;
  Result<Body> body = Parse(text, "main.tf", &error);
  if (body.ok()) return "<parsed>";
  EXPECT_EQ(body.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(body.status().message(), "main.tf:" + std::to_string(error.line) + ": " + error.what);
  return body.status().message();
}

TEST(HclParse, AttributesAndBlocksInSourceOrderWithLines) {
  Body body = ParseOk(
      "region = \"eu-west-1\"\n"
      "\n"
      "resource \"aws_s3_bucket\" logs {\n"
      "  bucket = \"logs\"\n"
      "  versioning {\n"
      "    enabled = true\n"
      "  }\n"
      "  rule { sse = \"aws:kms\" }\n"
      "}\n"
      "count = 2");
  ASSERT_EQ(body.attributes.size(), 2u);
  EXPECT_EQ(body.attributes[0].name, "region");
  EXPECT_EQ(body.attributes[0].line, 1u);
  EXPECT_EQ(body.attributes[1].name, "count");
  EXPECT_EQ(body.attributes[1].line, 10u);
  ASSERT_EQ(body.blocks.size(), 1u);
  const Block& r = body.blocks[0];
  EXPECT_EQ(r.type, "resource");
  EXPECT_EQ(r.labels, (std::vector<std::string>{"aws_s3_bucket", "logs"}));
  EXPECT_EQ(r.line, 3u);
  ASSERT_EQ(r.body.attributes.size(), 1u);
  EXPECT_EQ(r.body.attributes[0].line, 4u);
  ASSERT_EQ(r.body.blocks.size(), 2u);
  EXPECT_EQ(r.body.blocks[0].type, "versioning");
  EXPECT_EQ(r.body.blocks[0].line, 5u);
  EXPECT_EQ(Sexp(r.body.blocks[0].body.attributes[0].value), "true");
  EXPECT_EQ(r.body.blocks[0].body.attributes[0].line, 6u);
  EXPECT_EQ(r.body.blocks[1].line, 8u);
  EXPECT_EQ(Sexp(r.body.blocks[1].body.attributes[0].value), "\"aws:kms\"");
}

TEST(HclParse, OneLineBlocksHoldAtMostOneAttribute) {
  Body body = ParseOk("a {}\nb { c = 1 }\nd \"x\" { tags = { k = \"v\" } }\n");
  ASSERT_EQ(body.blocks.size(), 3u);
  EXPECT_TRUE(body.blocks[0].body.attributes.empty());
  EXPECT_EQ(Sexp(body.blocks[1].body.attributes[0].value), "1");
  EXPECT_EQ(body.blocks[2].labels, std::vector<std::string>{"x"});
  EXPECT_EQ(Sexp(body.blocks[2].body.attributes[0].value), "{ \"k\" \"v\"}");
  EXPECT_EQ(Error("rule { apply { sse = 1 } }\n"),
            "main.tf:1: a single-line block holds at most one attribute, then \"}\"");
  EXPECT_EQ(Error("b { c = 1, d = 2 }\n"),
            "main.tf:1: a single-line block holds at most one attribute, then \"}\"");
}

TEST(HclParse, CommentsOfAllKinds) {
  Body body = ParseOk(
      "# hash\n"
      "// slashes\n"
      "/* block\n   over lines */\n"
      "r \"t\" { # after the brace\n"
      "  a = 1 # after an attribute\n"
      "  b = [1, /* inside */ 2] // trailing\n"
      "  /* before */ c = 3\n"
      "}\n");
  const Body& r = body.blocks.at(0).body;
  ASSERT_EQ(r.attributes.size(), 3u);
  EXPECT_EQ(body.blocks[0].line, 5u);
  EXPECT_EQ(Sexp(r.attributes[0].value), "1");
  EXPECT_EQ(Sexp(r.attributes[1].value), "[ 1 2]");
  EXPECT_EQ(r.attributes[2].name, "c");
  EXPECT_EQ(r.attributes[2].line, 8u);
}

TEST(HclParse, LiteralsAndNumbers) {
  EXPECT_EQ(Value("a = [1, 1.5, 1e3, 2.5E-2, true, false, null, \"s\"]"),
            "[ 1 1.5 1e3 2.5E-2 true false null \"s\"]");
  EXPECT_EQ(Value("a = -1"), "(- 1)");
}

TEST(HclParse, OperatorPrecedence) {
  EXPECT_EQ(Value("a = 1 + 2 * 3 == 7 || x && !y"), "(|| (== (+ 1 (* 2 3)) 7) (&& x (! y)))");
  EXPECT_EQ(Value("a = 1 - 2 - 3"), "(- (- 1 2) 3)");
  EXPECT_EQ(Value("a = a < b != c >= d"), "(!= (< a b) (>= c d))");
  EXPECT_EQ(Value("a = 10 % 3 / 2 + -x.y"), "(+ (/ (% 10 3) 2) (- (. x y)))");
  EXPECT_EQ(Value("a = (1 + 2) * 3"), "(* (() (+ 1 2)) 3)");
}

TEST(HclParse, Conditionals) {
  EXPECT_EQ(Value("a = x ? 1 : y ? 2 : 3"), "(? x 1 (? y 2 3))");
  EXPECT_EQ(Value("a = var.n > 0 ? \"on\" : \"off\""), "(? (> (. var n) 0) \"on\" \"off\")");
}

TEST(HclParse, TraversalsAndSplats) {
  EXPECT_EQ(Value("a = a.b[0].c"), "(. ([] (. a b) 0) c)");
  EXPECT_EQ(Value("a = a.0.b"), "(. ([] a 0) b)");
  EXPECT_EQ(Value("a = a.0.1"), "([] ([] a 0) 1)");
  EXPECT_EQ(Value("a = m[\"k\"]"), "([] m \"k\")");
  EXPECT_EQ(Value("a = a[*].b[0].c"), "([*] a (. ([] (. @ b) 0) c))");
  EXPECT_EQ(Value("a = a.*.b.c"), "(.* a (. (. @ b) c))");
  EXPECT_EQ(Value("a = a.*.b[0]"), "([] (.* a (. @ b)) 0)");
  EXPECT_EQ(Value("a = aws_instance.web[*].id"), "([*] (. aws_instance web) (. @ id))");
}

TEST(HclParse, FunctionCalls) {
  EXPECT_EQ(Value("a = merge(local.t, { n = 1 })"), "(merge (. local t) { \"n\" 1})");
  EXPECT_EQ(Value("a = concat(x...)"), "(concat x ...)");
  EXPECT_EQ(Value("a = f(\n  1,\n  2,\n)"), "(f 1 2)");
  EXPECT_EQ(Value("a = provider::aws::arn_parse(x)"), "(provider::aws::arn_parse x)");
  EXPECT_EQ(Value("a = timestamp()"), "(timestamp)");
}

TEST(HclParse, TuplesAndObjects) {
  EXPECT_EQ(Value("a = [\n  1,\n  2\n]"), "[ 1 2]");
  EXPECT_EQ(Value("a = {\n  k = 1\n  \"q\" = 2, c: 3\n  (v.x) = 4\n}"),
            "{ \"k\" 1 \"q\" 2 \"c\" 3 (() (. v x)) 4}");
  EXPECT_EQ(Value("a = {}"), "{}");
  EXPECT_EQ(Value("a = { for = 1 }"), "{ \"for\" 1}");
}

TEST(HclParse, ForExpressions) {
  EXPECT_EQ(Value("a = [for v in var.l : upper(v)]"), "[for ,v (. var l) (upper v)]");
  EXPECT_EQ(Value("a = [for i, v in l : v if i > 0]"), "[for i,v l v (> i 0)]");
  EXPECT_EQ(Value("a = {\n  for k, v in m :\n  k => v...\n  if v != null\n}"),
            "{for k,v m k v (!= v null) ...}");
}

TEST(HclParse, QuotedStringEscapes) {
  EXPECT_EQ(Value(R"(a = "tab\there \"q\" back\\ nl\n cr\r")"),
            "\"tab\there \"q\" back\\ nl\n cr\r\"");
  EXPECT_EQ(Value(R"(a = "\u00e9\u20AC\U0001F600")"), "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
  EXPECT_EQ(Value(R"(a = "$${x} %%{y} $ % 100%")"), "\"${x} %{y} $ % 100%\"");
  EXPECT_EQ(Value("a = \"\""), "\"\"");
}

TEST(HclParse, InterpolationsAndStripMarkers) {
  EXPECT_EQ(Value(R"(a = "${x}")"), "(tmpl x)");
  EXPECT_EQ(Value(R"(a = "pre-${var.env}-${count.index + 1}")"),
            "(tmpl \"pre-\" (. var env) \"-\" (+ (. count index) 1))");
  EXPECT_EQ(Value(R"(a = "x ${~ y ~} z")"), "(tmpl \"x\" y \"z\")");
  EXPECT_EQ(Value(R"(a = "${lookup(m, "k")}")"), "(tmpl (lookup m \"k\"))");
  EXPECT_EQ(Value(R"(a = "%{ if c }yes%{ else }no%{ endif }")"),
            "(tmpl (%if c (tmpl \"yes\") (tmpl \"no\")))");
  EXPECT_EQ(Value(R"(a = "%{ for k, v in m }${k}=${v};%{ endfor }")"),
            "(tmpl (%for k,v m (tmpl k \"=\" v \";\")))");
}

TEST(HclParse, HeredocPlainKeepsEverything) {
  EXPECT_EQ(Value("a = <<EOT\n  Foo\n    Bar\n  EOT\n"), "\"  Foo\n    Bar\n\"");
  EXPECT_EQ(Value("a = <<EOT\nNOT EOT\n\\n stays\nEOT"), "\"NOT EOT\n\\n stays\n\"");
  EXPECT_EQ(Value("a = <<EOT\nEOT\n"), "\"\"");
}

TEST(HclParse, HeredocIndentedTrimsTheCommonIndent) {
  EXPECT_EQ(Value("a = <<-EOT\n    Foo\n      Bar\n\n    Baz\n    EOT\n"),
            "\"Foo\n  Bar\n\nBaz\n\"");
  EXPECT_EQ(Value("a = <<-EOT\n\tFoo\n\t\t Bar\n\tEOT\n"), "\"Foo\n\t Bar\n\"");
}

TEST(HclParse, HeredocWithInterpolationAndDirectives) {
  EXPECT_EQ(Value("a = <<-EOT\n    Hello ${var.name}\n      $${literal}\n    EOT\n"),
            "(tmpl \"Hello \" (. var name) \"\n  ${literal}\n\")");
  // A line starting with an interpolation has no indent to trim, as in hashicorp/hcl.
  EXPECT_EQ(Value("a = <<-EOT\n  x\n${y}\nEOT\n"), "(tmpl \"  x\n\" y \"\n\")");
  EXPECT_EQ(Value("a = <<EOT\n%{ for i in l ~}\n  - ${i}\n%{ endfor ~}\nEOT\n"),
            "(tmpl (%for ,i l (tmpl \"  - \" i \"\n\")) \"\")");
  // The heredoc ends the attribute; the next line is the next attribute.
  Body body = ParseOk("a = <<EOT\nx\nEOT\nb = 2\n");
  ASSERT_EQ(body.attributes.size(), 2u);
  EXPECT_EQ(body.attributes[1].line, 4u);
}

TEST(HclParse, SourceIsTheExpressionAsWritten) {
  const std::string text = "a = jsonencode({\n  A = 1 # c\n})   \nb = x[*].y  # z\nc = \"q${1}\"\n";
  Body body = ParseOk(text);  // the tree views `text`
  EXPECT_EQ(body.attributes[0].value.source, "jsonencode({\n  A = 1 # c\n})");
  EXPECT_EQ(body.attributes[1].value.source, "x[*].y");
  EXPECT_EQ(body.attributes[2].value.source, "\"q${1}\"");
  EXPECT_EQ(body.attributes[2].value.items[1].source, "1");
}

TEST(HclParse, EveryErrorNamesFileAndLine) {
  EXPECT_EQ(Error("a = <<EOT\nx\n"), "main.tf:1: unterminated heredoc EOT");
  EXPECT_EQ(Error("\na = \"abc\n\""), "main.tf:2: unterminated string");
  EXPECT_EQ(Error("a = 1\n/* never closed"), "main.tf:2: unterminated comment");
  EXPECT_EQ(Error("r {\n  a = 1\n"), "main.tf:1: unclosed block \"r\"");
  EXPECT_EQ(Error("a = 1 2"),
            "main.tf:1: expected a newline after the attribute \"a\", found \"2\"");
  EXPECT_EQ(Error("a = \n"), "main.tf:1: expected an expression, found newline");
  EXPECT_EQ(Error("a"), "main.tf:1: expected \"=\" or \"{\" after \"a\", found end of file");
  EXPECT_EQ(Error("= 1"), "main.tf:1: expected an attribute or a block, found \"=\"");
  EXPECT_EQ(Error("a = @"), "main.tf:1: unexpected character \"@\"");
  EXPECT_EQ(Error("a = \x01"), "main.tf:1: unexpected character 0x01");
  EXPECT_EQ(Error("a = [1 2]"), "main.tf:1: expected \",\" or \"]\" in a tuple, found \"2\"");
  EXPECT_EQ(Error("a = f(1 2)"),
            "main.tf:1: expected \",\" or \")\" in the arguments of \"f\", found \"2\"");
  EXPECT_EQ(Error("a = {\n b 1 }"),
            "main.tf:2: expected \"=\" or \":\" after an object key, found \"1\"");
  EXPECT_EQ(Error("a = { b = 1 c = 2 }"),
            "main.tf:1: expected \",\", a newline or \"}\" after an object item, found \"c\"");
  EXPECT_EQ(Error("a = x ? 1"), "main.tf:1: expected \":\", found end of file");
  EXPECT_EQ(Error("a = (1"), "main.tf:1: expected \")\", found end of file");
  EXPECT_EQ(Error("a = x.\"y\""),
            "main.tf:1: expected an attribute name after \".\", found a quoted string");
  EXPECT_EQ(Error("a = [for v x : v]"),
            "main.tf:1: expected \"in\" in a for expression, found \"x\"");
  EXPECT_EQ(Error("a = {for k, v in m : v}"), "main.tf:1: expected \"=>\", found \"}\"");
  EXPECT_EQ(Error("a = p::1()"), "main.tf:1: expected a function name after \"::\", found \"1\"");
  EXPECT_EQ(Error(R"(a = "\q")"), "main.tf:1: invalid escape \"\\q\"");
  EXPECT_EQ(Error(R"(a = "\u12")"), "main.tf:1: invalid escape \"\\u\": expected 4 hex digits");
  EXPECT_EQ(Error(R"(a = "\uD800")"),
            "main.tf:1: invalid escape \"\\uD800\": not a Unicode character");
  EXPECT_EQ(Error("a = \"${x\""),
            "main.tf:1: expected \"}\" to end the \"${\" sequence, found a quoted string");
  EXPECT_EQ(Error("a = \"${x"), "main.tf:1: unterminated \"${\" sequence");
  EXPECT_EQ(Error("a = \"${x ~ }\""), "main.tf:1: expected \"}\" right after \"~\", found \"}\"");
  EXPECT_EQ(Error("a = \"%{ while x }\""), "main.tf:1: unknown template directive \"while\"");
  EXPECT_EQ(Error("a = \"%{ 1 }\""),
            "main.tf:1: expected if, for, else, endif or endfor after \"%{\", found \"1\"");
  EXPECT_EQ(Error("a = \"%{ if x }y\""), "main.tf:1: %{if} without %{endif}");
  EXPECT_EQ(Error("a = \"%{ for x in y }z\""), "main.tf:1: %{for} without %{endfor}");
  EXPECT_EQ(Error("a = <<EOT\n%{ if x }\n%{ endfor }\nEOT\n"), "main.tf:3: unexpected %{endfor}");
  EXPECT_EQ(Error("a = \"%{ endif }\""), "main.tf:1: unexpected %{endif}");
  EXPECT_EQ(Error("a = \"%{ for x in y }%{ else }%{ endfor }\""), "main.tf:1: unexpected %{else}");
  EXPECT_EQ(Error("a = \"%{ for x y }%{ endfor }\""),
            "main.tf:1: expected \"in\" in a for directive, found \"y\"");
  EXPECT_EQ(Error("a = <<EOT x\n"),
            "main.tf:1: a heredoc needs a marker name and a newline after \"<<\"");
  EXPECT_EQ(Error("b \"${x}\" {\n}\n"), "main.tf:1: block labels must be plain strings");
  EXPECT_EQ(Error("b x = 1"), "main.tf:1: expected \"{\", found \"=\"");
  EXPECT_EQ(Error("b {\n}\nx"),
            "main.tf:3: expected \"=\" or \"{\" after \"x\", found end of file");
  EXPECT_EQ(Error("b {\n} c = 1\n"),
            "main.tf:2: expected a newline after the block \"b\", found \"c\"");
  EXPECT_EQ(Error("a = 1\nb = 2\na = 3\n"),
            "main.tf:3: attribute \"a\" defined twice (first at line 1)");
  EXPECT_EQ(Error("a = 1\n\xC3\x28"), "main.tf:2: invalid UTF-8");
  EXPECT_EQ(Error("a = 1 & 2"), "main.tf:1: unexpected character \"&\"");
}

TEST(HclParse, NestingIsBounded) {
  std::string parens = "a = " + std::string(300, '(') + "1" + std::string(300, ')');
  EXPECT_EQ(Error(parens), "main.tf:1: nesting deeper than 200 levels");
  std::string chain = "a = x";
  for (int i = 0; i < 300; ++i) chain += ".y";
  EXPECT_EQ(Error(chain), "main.tf:1: nesting deeper than 200 levels");
  std::string sum = "a = 1";
  for (int i = 0; i < 300; ++i) sum += " + 1";
  EXPECT_EQ(Error(sum), "main.tf:1: nesting deeper than 200 levels");
  std::string blocks;
  for (int i = 0; i < 300; ++i) blocks += "b {\n";
  EXPECT_EQ(Error(blocks), "main.tf:201: nesting deeper than 200 levels");
  // 150 levels are fine.
  EXPECT_TRUE(Parse("a = " + std::string(150, '[') + std::string(150, ']'), "t.tf").ok());
}

TEST(HclParse, ByteOrderMarkAndCrLf) {
  Body body = ParseOk("\xEF\xBB\xBFr \"t\" {\r\n  a = <<EOT\r\nx\r\nEOT\r\n}\r\n");
  ASSERT_EQ(body.blocks.size(), 1u);
  EXPECT_EQ(Sexp(body.blocks[0].body.attributes[0].value), "\"x\r\n\"");
}

std::string Template(const std::string& text, uint32_t line = 1) {
  Result<Expression> e = ParseTemplate(text, "t.tf.json", line);
  return e.ok() ? Sexp(*e) : e.status().message();
}

TEST(HclParseTemplate, BareTemplatesKeepQuotesBackslashesAndNewlines) {
  EXPECT_EQ(Template(""), "\"\"");
  EXPECT_EQ(Template("say \"hi\" \\n"), "\"say \"hi\" \\n\"");
  EXPECT_EQ(Template("${x}"), "(tmpl x)");
  EXPECT_EQ(Template("a-${var.env}\n${lookup(m, \"k\")}"),
            "(tmpl \"a-\" (. var env) \"\n\" (lookup m \"k\"))");
  EXPECT_EQ(Template("$${x} %%{y}"), "\"${x} %{y}\"");
  EXPECT_EQ(Template("%{ if c }y%{ endif }"), "(tmpl (%if c (tmpl \"y\")))");
  const std::string text = "x\n${a.b}";
  Result<Expression> e = ParseTemplate(text, "t.tf.json", 7);
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->line, 7u);
  EXPECT_EQ(e->source, text);
  EXPECT_EQ(e->items[1].line, 8u);
  EXPECT_EQ(e->items[1].source, "a.b");
  EXPECT_EQ(Template("a\n${x", 3), "t.tf.json:4: unterminated \"${\" sequence");
  EXPECT_EQ(Template("${1 +}"), "t.tf.json:1: expected an expression, found \"}\"");
}

std::string Json(const std::string& text) {
  Result<Expression> e = ParseJson(text, "x.tf.json");
  return e.ok() ? Sexp(*e) : e.status().message();
}

TEST(HclParseJson, ValuesBecomeALiteralTreeWithLines) {
  EXPECT_EQ(Json(R"({"a": [1, -2.5e3, true, null, "s\"\\\/\b\f\n\r\t"], "b": {}, "a": []})"),
            "{ \"a\" [ 1 -2.5e3 true null \"s\"\\/\b\f\n\r\t\"] \"b\" {} \"a\" []}");
  EXPECT_EQ(Json(R"("\u00e9\ud83d\ude00")"), "\"\xC3\xA9\xF0\x9F\x98\x80\"");
  EXPECT_EQ(Json("\xEF\xBB\xBF  0 \r\n"), "0");
  const std::string text = "{\n  \"k\":\n    \"${v}\",\n  \"l\": [\n1]}";
  Result<Expression> e = ParseJson(text, "x.tf.json");
  ASSERT_TRUE(e.ok());
  ASSERT_EQ(e->items.size(), 4u);
  EXPECT_EQ(e->items[0].line, 2u);
  EXPECT_EQ(e->items[1].line, 3u);
  EXPECT_EQ(e->items[1].text, "${v}");  // not a template: ParseTemplate decides
  EXPECT_EQ(e->items[1].source, "\"${v}\"");
  EXPECT_EQ(e->items[3].items[0].line, 5u);
  EXPECT_EQ(e->source, text);
}

TEST(HclParseJson, EveryErrorNamesFileAndLine) {
  EXPECT_EQ(Json(""), "x.tf.json:1: expected a JSON value, found end of file");
  EXPECT_EQ(Json("{\n\"a\" 1}"), "x.tf.json:2: expected \":\" after an object key, found \"1\"");
  EXPECT_EQ(Json("{\"a\": 1\n\"b\": 2}"), "x.tf.json:2: expected \",\" or \"}\", found \"\"\"");
  EXPECT_EQ(Json("[01]"), "x.tf.json:1: invalid number \"01\"");
  EXPECT_EQ(Json("[1.]"), "x.tf.json:1: invalid number \"1.\"");
  EXPECT_EQ(Json("-"), "x.tf.json:1: invalid number \"-\"");
  EXPECT_EQ(Json("\"a\nb\""), "x.tf.json:1: unterminated string");
  EXPECT_EQ(Json("\"a\tb\""), "x.tf.json:1: a control character in a string must be escaped");
  EXPECT_EQ(Json(R"("\x")"), "x.tf.json:1: invalid escape \"\\x\"");
  EXPECT_EQ(Json(R"("\u12")"), "x.tf.json:1: invalid escape \"\\u\": expected 4 hex digits");
  EXPECT_EQ(Json(R"("\udc00")"), "x.tf.json:1: invalid escape: a lone surrogate");
  EXPECT_EQ(Json(R"("\ud800\u0041")"),
            "x.tf.json:1: invalid escape: a high surrogate not followed by a low one");
  EXPECT_EQ(Json("[\n\xC3\x28]"), "x.tf.json:2: invalid UTF-8");
  EXPECT_EQ(Json("{} {}"), "x.tf.json:1: unexpected \"{\" after the value");
  EXPECT_EQ(Json("nul"), "x.tf.json:1: expected a JSON value, found \"n\"");
  EXPECT_EQ(Json(std::string(300, '[') + std::string(300, ']')),
            "x.tf.json:1: nesting deeper than 200 levels");
  EXPECT_EQ(Json(std::string(200, '[') + std::string(200, ']')).substr(0, 3), "[ [");
}

}  // namespace
}  // namespace proofline::iac::hcl
