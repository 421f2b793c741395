// Tests for strict JSON parsing and RFC 8785 canonical serialisation (base/json.h), including
// the RFC's own examples (sections 3.2.2 and 3.2.3, Appendix B).
#include "base/json.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace proofline {
namespace {

constexpr std::int64_t kTwoTo53 = std::int64_t{1} << 53;

std::string Canonical(const Json& value) {
  Result<std::string> result = CanonicalJson(value);
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? *result : "<error>";
}

Json Parse(std::string_view text) {
  Result<Json> result = ParseJsonStrict(text);
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? *result : Json();
}

std::string CanonicalOfText(std::string_view text) { return Canonical(Parse(text)); }

// The message of the InvalidArgument that parsing `text` must fail with.
std::string ParseError(std::string_view text, std::string_view what = "JSON") {
  Result<Json> result = ParseJsonStrict(text, what);
  EXPECT_FALSE(result.ok()) << "accepted: " << text;
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  return result.status().message();
}

void ExpectCanonicalError(const Json& value, std::string_view message_part) {
  Result<std::string> result = CanonicalJson(value);
  ASSERT_FALSE(result.ok()) << "serialised as " << *result;
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find(message_part), std::string::npos)
      << result.status().message();
}

Json NestedArrays(int depth) {
  Json value = Json::array();
  for (int i = 1; i < depth; ++i) {
    Json outer = Json::array();
    outer.push_back(std::move(value));
    value = std::move(outer);
  }
  return value;
}

std::string NestedArrayText(int depth) {
  return std::string(static_cast<std::size_t>(depth), '[') +
         std::string(static_cast<std::size_t>(depth), ']');
}

// ---------------------------------------------------------------------------------------------
// CanonicalJson

TEST(CanonicalJson, SortsKeysByUtf16CodeUnits) {
  // RFC 8785 section 3.2.3.
  const std::string input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  const std::string expected =
      std::string(R"({"\r":"Carriage Return","1":"One",")") + "\u0080" + R"(":"Control",")" +
      "\u00f6" + R"(":"Latin Small Letter O With Diaeresis",")" + "\u20ac" + R"(":"Euro Sign",")" +
      "\U0001F600" + R"(":"Emoji: Grinning Face",")" + "\ufb33" +
      R"(":"Hebrew Letter Dalet With Dagesh"})";
  EXPECT_EQ(CanonicalOfText(input), expected);
}

TEST(CanonicalJson, SortsSupplementaryCharactersBeforeUpperBmpUnlikeUtf8ByteOrder) {
  Json value = Json::object();
  value["\uffff"] = 1;      // UTF-16 FFFF; UTF-8 EF BF BF
  value["\U00010000"] = 2;  // UTF-16 D800 DC00; UTF-8 F0 90 80 80
  value["\ue000"] = 3;      // UTF-16 E000; UTF-8 EE 80 80
  value["\ud7ff"] = 4;      // UTF-16 D7FF; UTF-8 ED 9F BF
  EXPECT_EQ(Canonical(value),
            std::string("{\"\ud7ff\":4,\"\U00010000\":2,\"\ue000\":3,") + "\"\uffff\":1}");
}

TEST(CanonicalJson, SortsPrefixesFirstAndKeepsNonAsciiLiteral) {
  // The json-canonicalization reference test "weird.json", with its "</script>" key.
  const std::string input = R"({
    "\u20ac": "Euro Sign",
    "1": "One",
    "\u0080": "Control\u007f",
    "\ud83d\ude02": "Smiley",
    "\u00f6": "Latin Small Letter O With Diaeresis",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "</script>": "Browser Challenge"
  })";
  const std::string expected = std::string(R"({"1":"One","</script>":"Browser Challenge",")") +
                               "\u0080" + R"(":"Control)" + "\x7f" + R"(",")" + "\u00f6" +
                               R"(":"Latin Small Letter O With Diaeresis",")" + "\u20ac" +
                               R"(":"Euro Sign",")" + "\U0001F602" + R"(":"Smiley",")" + "\ufb33" +
                               R"(":"Hebrew Letter Dalet With Dagesh"})";
  EXPECT_EQ(CanonicalOfText(input), expected);
  EXPECT_EQ(CanonicalOfText(R"({"ab":1,"a":2,"":3,"b":4})"), R"({"":3,"a":2,"ab":1,"b":4})");
}

TEST(CanonicalJson, MatchesRfc8785WholeDocumentExample) {
  // RFC 8785 section 3.2.2.
  const std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50,
                2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  const std::string expected = std::string(R"({"literals":[null,true,false],)") +
                               R"("numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":")" +
                               "\u20ac" + R"($\u000f\nA'B\"\\\\\"/"})";
  EXPECT_EQ(CanonicalOfText(input), expected);
}

TEST(CanonicalJson, FormatsRfc8785AppendixBNumbers) {
  struct Vector {
    std::uint64_t ieee_bits;
    std::string_view expected;
  };
  const Vector vectors[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},  // minus zero
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},  // round to even
  };
  for (const Vector& v : vectors) {
    const double d = std::bit_cast<double>(v.ieee_bits);
    if (std::abs(d) > 0x1p53 && std::abs(d) < 1e21) {
      // Integer notation beyond 2^53 would not re-parse: refused (see ParseJsonStrict tests).
      EXPECT_FALSE(CanonicalJson(Json(d)).ok()) << v.expected;
      continue;
    }
    EXPECT_EQ(Canonical(Json(d)), v.expected) << std::hex << v.ieee_bits;
  }
}

TEST(CanonicalJson, FormatsDoublesLikeEcmaScriptNumberToString) {
  EXPECT_EQ(Canonical(Json(1.0)), "1");
  EXPECT_EQ(Canonical(Json(-0.0)), "0");
  EXPECT_EQ(Canonical(Json(-1.5)), "-1.5");
  EXPECT_EQ(Canonical(Json(4.5)), "4.5");
  EXPECT_EQ(Canonical(Json(0.1)), "0.1");
  EXPECT_EQ(Canonical(Json(100.0)), "100");
  EXPECT_EQ(Canonical(Json(123.456)), "123.456");
  EXPECT_FALSE(CanonicalJson(Json(1e20)).ok());  // integer notation beyond 2^53
  EXPECT_EQ(Canonical(Json(1e21)), "1e+21");
  EXPECT_EQ(Canonical(Json(1.5e21)), "1.5e+21");
  EXPECT_EQ(Canonical(Json(9007199254740992.0)), "9007199254740992");  // 2^53, the last one
  EXPECT_EQ(Canonical(Json(0.000001)), "0.000001");
  EXPECT_EQ(Canonical(Json(0.0000015)), "0.0000015");
  EXPECT_EQ(Canonical(Json(1e-7)), "1e-7");
  EXPECT_EQ(Canonical(Json(1.5e-7)), "1.5e-7");
  EXPECT_EQ(Canonical(Json(-1.5e-7)), "-1.5e-7");
  EXPECT_EQ(Canonical(Json(1e300)), "1e+300");
  EXPECT_EQ(Canonical(Json(5e-324)), "5e-324");
}

TEST(CanonicalJson, RejectsNanAndInfinity) {
  ExpectCanonicalError(Json(std::numeric_limits<double>::quiet_NaN()), "NaN");
  ExpectCanonicalError(Json(std::numeric_limits<double>::infinity()), "Infinity");
  ExpectCanonicalError(Json(-std::numeric_limits<double>::infinity()), "Infinity");
  ExpectCanonicalError(Json::array({1, std::numeric_limits<double>::infinity()}), "Infinity");
}

TEST(CanonicalJson, PrintsStoredIntegersUpTo2Pow53) {
  EXPECT_EQ(Canonical(Json(0)), "0");
  EXPECT_EQ(Canonical(Json(-5)), "-5");
  EXPECT_EQ(Canonical(Json(std::uint64_t{42})), "42");
  EXPECT_EQ(Canonical(Json(kTwoTo53)), "9007199254740992");
  EXPECT_EQ(Canonical(Json(-kTwoTo53)), "-9007199254740992");
  EXPECT_EQ(Canonical(Json(static_cast<std::uint64_t>(kTwoTo53))), "9007199254740992");
}

TEST(CanonicalJson, RejectsStoredIntegersBeyond2Pow53) {
  ExpectCanonicalError(Json(kTwoTo53 + 1), "integer 9007199254740993 exceeds 2^53");
  ExpectCanonicalError(Json(-kTwoTo53 - 1), "integer -9007199254740993 exceeds 2^53");
  ExpectCanonicalError(Json(static_cast<std::uint64_t>(kTwoTo53) + 1), "exceeds 2^53");
  ExpectCanonicalError(Json(std::numeric_limits<std::int64_t>::min()), "exceeds 2^53");
  ExpectCanonicalError(Json(std::numeric_limits<std::uint64_t>::max()), "exceeds 2^53");
}

TEST(CanonicalJson, EscapesOnlyQuoteBackslashAndControlCharacters) {
  std::string controls;
  for (char c = 0; c < 0x20; ++c) controls.push_back(c);
  EXPECT_EQ(Canonical(Json(controls)),
            R"("\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f)"
            R"(\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c)"
            R"(\u001d\u001e\u001f")");
  EXPECT_EQ(Canonical(Json(R"(say "hi" \ bye)")), R"("say \"hi\" \\ bye")");
  // '/', DEL, U+2028 and non-ASCII stay literal.
  const std::string literal = std::string("</script>\x7f") + "\u2028\u00e9\U0001F600";
  EXPECT_EQ(Canonical(Json(literal)), '"' + literal + '"');
}

TEST(CanonicalJson, RejectsInvalidUtf8InStringsAndKeys) {
  for (const std::string bad :
       {"\xff", "a\x80", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82", "\xe2\x82x"}) {
    ExpectCanonicalError(Json(bad), "not valid UTF-8");
    Json object = Json::object();
    object[bad] = 1;
    ExpectCanonicalError(object, "not valid UTF-8");
  }
}

TEST(CanonicalJson, SerialisesLiteralsAndContainersWithoutWhitespace) {
  EXPECT_EQ(Canonical(Json()), "null");
  EXPECT_EQ(Canonical(Json(true)), "true");
  EXPECT_EQ(Canonical(Json(false)), "false");
  EXPECT_EQ(Canonical(Json::array()), "[]");
  EXPECT_EQ(Canonical(Json::object()), "{}");
  EXPECT_EQ(CanonicalOfText(R"( { "b" : [ 1 , { } , [ ] ] , "a" : { "y" : null , "x" : "" } } )"),
            R"({"a":{"x":"","y":null},"b":[1,{},[]]})");
}

TEST(CanonicalJson, RejectsBinaryValues) {
  ExpectCanonicalError(Json::binary({1, 2, 3}), "binary");
  ExpectCanonicalError(Json::array({Json::binary({1})}), "binary");
}

TEST(CanonicalJson, RejectsNestingDeeperThan128) {
  EXPECT_EQ(Canonical(NestedArrays(128)), NestedArrayText(128));
  ExpectCanonicalError(NestedArrays(129), "nesting deeper than 128");
  ExpectCanonicalError(NestedArrays(100000), "nesting deeper than 128");
}

TEST(CanonicalJson, IsIdempotentThroughParsing) {
  for (const std::string_view text :
       {R"({"z":[1.5e300,-0.0,1e-7,"\u0001"],"a":{"\ud83d\ude00":1,"\ue000":2}})",
        R"([0.1,2.5e-5,123456789.125,-9007199254740992])", R"("plain")"}) {
    const std::string once = CanonicalOfText(text);
    EXPECT_EQ(CanonicalOfText(once), once) << text;
  }
}

TEST(CanonicalJson, DoublesRoundTripThroughParsing) {
  std::mt19937_64 random(8785);
  int checked = 0;
  while (checked < 20000) {
    const double value = std::bit_cast<double>(random());
    if (!std::isfinite(value)) continue;
    ++checked;
    Result<std::string> canonical = CanonicalJson(Json(value));
    if (!canonical.ok()) {  // only whole numbers in (2^53, 1e21) have no re-parseable form
      EXPECT_TRUE(std::abs(value) > 0x1p53 && std::abs(value) < 1e21 && std::floor(value) == value);
      continue;
    }
    const std::string& text = *canonical;
    Result<Json> parsed = ParseJsonStrict(text);
    ASSERT_TRUE(parsed.ok()) << text;
    EXPECT_EQ(std::bit_cast<std::uint64_t>(parsed->get<double>()),
              std::bit_cast<std::uint64_t>(value == 0 ? 0.0 : value))
        << text;
  }
}

// ---------------------------------------------------------------------------------------------
// ParseJsonStrict

TEST(ParseJsonStrict, ParsesOneDocumentIntoTheDom) {
  const Json value = Parse(R"( {"a":[1,-2,3.5,"x\n\u00e9",true,false,null],"b":{}} )");
  ASSERT_TRUE(value.is_object());
  EXPECT_EQ(value["a"][0].get<int>(), 1);
  EXPECT_EQ(value["a"][1].get<int>(), -2);
  EXPECT_EQ(value["a"][2].get<double>(), 3.5);
  EXPECT_EQ(value["a"][3].get<std::string>(), "x\n\u00e9");
  EXPECT_EQ(value["a"][4], true);
  EXPECT_EQ(value["a"][5], false);
  EXPECT_TRUE(value["a"][6].is_null());
  EXPECT_EQ(value["b"], Json::object());
  EXPECT_EQ(Parse("42"), 42);
  EXPECT_EQ(Parse("\"s\""), "s");
  EXPECT_TRUE(Parse(" \t\r\nnull\n").is_null());
}

TEST(ParseJsonStrict, RejectsDuplicateKeysNamingKeyAndOffset) {
  EXPECT_EQ(ParseError(R"({"type":1,"type":2})", "events.jsonl line 3"),
            R"(events.jsonl line 3: duplicate key "type" at byte 10)");
  EXPECT_EQ(ParseError(R"({"x":{"k":1, "k":2}})"), R"(JSON: duplicate key "k" at byte 13)");
  EXPECT_EQ(ParseError(R"({"a":1,"\u0061":2})"), R"(JSON: duplicate key "a" at byte 7)");
  EXPECT_EQ(ParseError(R"({"q\"":{}, "q\"":[]})"), R"(JSON: duplicate key "q\"" at byte 11)");
}

TEST(ParseJsonStrict, AllowsTheSameKeyInDifferentObjects) {
  EXPECT_EQ(CanonicalOfText(R"([{"k":1},{"k":2}])"), R"([{"k":1},{"k":2}])");
  EXPECT_EQ(CanonicalOfText(R"({"k":{"k":{"k":1}}})"), R"({"k":{"k":{"k":1}}})");
}

TEST(ParseJsonStrict, RejectsTrailingContent) {
  EXPECT_EQ(ParseError("{} x"),
            "JSON: syntax error while parsing value - invalid literal; last read: '{} x'; "
            "expected end of input at byte 3");
  EXPECT_NE(ParseError("1 2").find("expected end of input at byte 2"), std::string::npos);
  EXPECT_NE(ParseError("[1]]").find("expected end of input at byte 3"), std::string::npos);
  EXPECT_NE(ParseError("{}{}").find("expected end of input at byte 2"), std::string::npos);
  // nlohmann reports where its lexer stopped: the last byte of a multi-byte token.
  EXPECT_NE(ParseError(R"("a" "b")").find("expected end of input at byte 6"), std::string::npos);
}

TEST(ParseJsonStrict, RejectsNulBytesThatNlohmannTakesForEndOfInput) {
  using namespace std::string_view_literals;
  EXPECT_EQ(ParseError("1\0"sv), "JSON: unexpected NUL byte; expected end of input at byte 1");
  EXPECT_EQ(ParseError("{}\0{\"evil\":1}"sv),
            "JSON: unexpected NUL byte; expected end of input at byte 2");
  EXPECT_NE(ParseError("[1,\0]"sv).find("at byte 3"), std::string::npos);
  EXPECT_NE(ParseError("\"a\0\""sv).find("at byte 2"), std::string::npos);
  EXPECT_NE(ParseError("\0"sv).find("at byte 0"), std::string::npos);
}

TEST(ParseJsonStrict, RejectsInvalidUtf8) {
  for (const std::string bad :
       {"\"\xff\"", "\"a\x80\"", "\"\xc0\xaf\"", "\"\xed\xa0\x80\"", "\"\xf4\x90\x80\x80\"",
        "\"\xe2\x82\"", "\xff", "[\"ok\",\"\xfe\"]", "{\"\xc3\":1}"}) {
    const std::string message = ParseError(bad);
    EXPECT_NE(message.find("at byte"), std::string::npos);
    for (const char c : message) {
      EXPECT_LT(static_cast<unsigned char>(c), 0x80) << "raw input byte in: " << message;
    }
  }
  EXPECT_EQ(ParseError("\"ab\xff\""),
            "JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; "
            "last read: '\"ab\\xff' at byte 3");
}

TEST(ParseJsonStrict, RejectsLoneAndMisorderedSurrogateEscapes) {
  EXPECT_NE(ParseError(R"("\ud800")").find("surrogate"), std::string::npos);
  EXPECT_NE(ParseError(R"("\udc00")").find("surrogate"), std::string::npos);
  EXPECT_NE(ParseError(R"("\ud800\u0041")").find("surrogate"), std::string::npos);
  EXPECT_NE(ParseError(R"("\ude00\ud83d")").find("surrogate"), std::string::npos);
  EXPECT_NE(ParseError(R"({"\ud800":1})").find("surrogate"), std::string::npos);
  EXPECT_EQ(Parse(R"("\ud83d\ude00")"), "\U0001F600");
}

TEST(ParseJsonStrict, RejectsIntegersBeyond2Pow53) {
  EXPECT_EQ(Parse("9007199254740992"), kTwoTo53);
  EXPECT_EQ(Parse("-9007199254740992"), -kTwoTo53);
  EXPECT_EQ(ParseError("9007199254740993"),
            "JSON: integer 9007199254740993 exceeds 2^53 in magnitude at byte 0");
  EXPECT_EQ(ParseError("[1, -9007199254740993]"),
            "JSON: integer -9007199254740993 exceeds 2^53 in magnitude at byte 4");
  EXPECT_EQ(ParseError(R"({"n": 18446744073709551616})"),  // 2^64: beyond uint64_t
            "JSON: integer 18446744073709551616 exceeds 2^53 in magnitude at byte 6");
  EXPECT_NE(ParseError("-123456789012345678901234567890").find("exceeds 2^53"), std::string::npos);
}

TEST(ParseJsonStrict, RejectsWholeNumbersBeyond2To53InAnySpelling) {
  // ECMAScript prints integral doubles below 1e21 in integer notation (RFC 8785 Appendix B:
  // 2^68 -> "295147905179352830000"), which cannot re-parse exactly; both halves refuse them so
  // every canonical text round-trips.
  EXPECT_FALSE(CanonicalJson(Json(0x1p68)).ok());
  EXPECT_NE(ParseError("295147905179352830000").find("exceeds 2^53"), std::string::npos);
  EXPECT_NE(ParseError("2.9514790517935283e20").find("beyond 2^53"), std::string::npos);
  EXPECT_NE(ParseError("1e17").find("beyond 2^53"), std::string::npos);
  EXPECT_EQ(Parse("1e21").get<double>(), 1e21);
  EXPECT_EQ(Canonical(Json(1e21)), "1e+21");
}

TEST(ParseJsonStrict, RejectsNumbersThatOverflowADouble) {
  EXPECT_EQ(ParseError("1e400"), "JSON: number overflow parsing '1e400' at byte 0");
  EXPECT_EQ(ParseError("[0, -1.5e999]"), "JSON: number overflow parsing '-1.5e999' at byte 4");
  EXPECT_EQ(Parse("1e-400").get<double>(), 0.0);  // underflow rounds, as any decimal may
  EXPECT_EQ(Parse("1.7976931348623157e308").get<double>(), std::numeric_limits<double>::max());
}

TEST(ParseJsonStrict, RejectsDeepNestingWithoutCrashing) {
  EXPECT_EQ(ParseError(std::string(10000, '[')),
            "JSON: nesting deeper than 128 levels at byte 128");
  EXPECT_NE(ParseError(NestedArrayText(100000)).find("nesting deeper than 128"), std::string::npos);
  std::string objects;
  for (int i = 0; i < 200; ++i) objects += R"({"a":)";
  EXPECT_EQ(ParseError(objects), "JSON: nesting deeper than 128 levels at byte 640");
  EXPECT_EQ(ParseError(NestedArrayText(129)), "JSON: nesting deeper than 128 levels at byte 128");
  EXPECT_EQ(CanonicalOfText(NestedArrayText(128)), NestedArrayText(128));
}

TEST(ParseJsonStrict, ErrorMessageNamesTheByteOffset) {
  EXPECT_EQ(ParseError("[1,]", "ledger.json"),
            "ledger.json: syntax error while parsing value - unexpected ']'; expected '[', '{', "
            "or a literal at byte 3");
  EXPECT_NE(ParseError("").find("at byte 0"), std::string::npos);
  EXPECT_NE(ParseError("[1,").find("at byte 3"), std::string::npos);  // end of input
  EXPECT_NE(ParseError(R"({"a" 1})").find("at byte 5"), std::string::npos);
  EXPECT_NE(ParseError("[\n  tru\n]").find("at byte 7"), std::string::npos);
}

TEST(ParseJsonStrict, ErrorMessagesAreOneLine) {
  for (const std::string_view bad :
       {"\"a\nb\"", "[1,\n\n]", "{\"a\":\n1,\n\"a\":2}", "\"\\ud800\n\"", "[\n\ttrue\n\tx"}) {
    EXPECT_EQ(ParseError(bad).find('\n'), std::string::npos) << bad;
  }
}

TEST(ParseJsonStrict, RejectsWhatJsonDoesNotAllow) {
  for (const std::string_view bad : {"NaN",
                                     "Infinity",
                                     "-Infinity",
                                     "'a'",
                                     "[1,]",
                                     R"({"a":1,})",
                                     "01",
                                     "-01",
                                     "1.",
                                     ".5",
                                     "+1",
                                     "0x10",
                                     "1e",
                                     "// c\n1",
                                     "/* c */1",
                                     "[1 2]",
                                     R"({"a" "b"})",
                                     R"({a:1})",
                                     R"("\x41")",
                                     "\"\t\"",
                                     "True",
                                     "nul",
                                     "[",
                                     "{",
                                     "\"abc",
                                     ""}) {
    EXPECT_NE(ParseError(bad).find("at byte"), std::string::npos) << bad;
  }
}

TEST(ParseJsonStrict, RoundTripsTheRfc8785Example) {
  const std::string input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  const Json value = Parse(input);
  EXPECT_EQ(value["numbers"][0].get<double>(), 333333333.33333329);
  EXPECT_EQ(value["numbers"][1].get<double>(), 1e30);
  EXPECT_EQ(value["string"].get<std::string>(), "\u20ac$\x0f\nA'B\"\\\\\"/");
  const std::string canonical = Canonical(value);
  EXPECT_EQ(Parse(canonical), value);
  EXPECT_EQ(Canonical(Parse(canonical)), canonical);
}

}  // namespace
}  // namespace proofline
