// End-to-end tests of `proofline policy eval`: values in CEL syntax and as JSON, facts from a
// file or stdin, and errors that name the column, show a caret and exit 2.
#include <gtest/gtest.h>

#include "base/json.h"
#include "cli_runner.h"

namespace proofline::testing {
namespace {

class PolicyCliTest : public ::testing::Test {
 protected:
  RunResult Eval(const std::vector<std::string>& args, const std::string& stdin_text = "") {
    std::vector<std::string> full = {"policy", "eval"};
    full.insert(full.end(), args.begin(), args.end());
    return Proofline(full, dir_.path(), stdin_text);
  }
  RunResult EvalJson(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"--json", "policy", "eval"};
    full.insert(full.end(), args.begin(), args.end());
    return Proofline(full, dir_.path());
  }
  std::string Facts(const std::string& json) {
    WriteText(dir_ / "facts.json", json);
    return dir_ / "facts.json";
  }

  TempDir dir_;
};

TEST_F(PolicyCliTest, PrintsTheValueInCelSyntax) {
  RunResult r = Eval({"--expr", "[1, 2].map(x, x * 2)"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "[2, 4]\n");
  EXPECT_EQ(Eval({"--expr", "{'a': 1u}"}).out, "{\"a\": 1u}\n");
  EXPECT_EQ(Eval({"--expr", "timestamp('2009-02-13T23:31:30Z')"}).out,
            "timestamp(\"2009-02-13T23:31:30Z\")\n");
}

TEST_F(PolicyCliTest, FactsBecomeVariables) {
  std::string facts = Facts(R"({"change": {"risk": {"score": 7.5}, "labels": ["db"]},
                                "evidence": [{"kind": "junit", "failures": 0}]})");
  RunResult r = Eval({"--expr",
                      "change.risk.score > 5.0 && 'db' in change.labels && "
                      "evidence.all(e, e.failures == 0)",
                      "--input", facts});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "true\n");
  RunResult piped = Eval({"--expr", "x + 1", "--input", "-"}, R"({"x": 41})");
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out, "42\n");
}

TEST_F(PolicyCliTest, JsonOutputCarriesValueAndType) {
  std::string facts = Facts(R"({"n": 3})");
  RunResult r =
      EvalJson({"--expr", "{'n': n, 'b': b'\\x01', 'd': duration('90s')}", "--input", facts});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Result<Json> j = ParseJsonStrict(r.out);
  ASSERT_TRUE(j.ok()) << r.out;
  EXPECT_EQ((*j)["type"], "map");
  EXPECT_EQ((*j)["value"]["n"], 3);
  EXPECT_EQ((*j)["value"]["b"], "AQ==");
  EXPECT_EQ((*j)["value"]["d"], "90s");
  EXPECT_EQ(ParseJsonStrict(EvalJson({"--expr", "2u"}).out).value()["type"], "uint");
}

TEST_F(PolicyCliTest, SyntaxErrorNamesTheColumnWithACaret) {
  RunResult r = Eval({"--expr", "size(x) +"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "proofline: error: syntax error at column 10: expected an expression but found end "
            "of input\n  size(x) +\n           ^\n");
}

TEST_F(PolicyCliTest, EvaluationErrorNamesTheColumnAndExitsTwo) {
  std::string facts = Facts(R"({"m": {}})");
  RunResult r = Eval({"--expr", "1 + m.missing", "--input", facts});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "proofline: error: evaluation error at column 7: no such key: missing\n"
            "  1 + m.missing\n        ^\n");
  RunResult typed = EvalJson({"--expr", "1 + 'a'"});
  EXPECT_EQ(typed.exit_code, 2);
  Result<Json> j = ParseJsonStrict(typed.out);
  ASSERT_TRUE(j.ok()) << typed.out;
  EXPECT_EQ((*j)["ok"], false);
  EXPECT_NE((*j)["error"]["message"].get<std::string>().find("column 3: no matching overload"),
            std::string::npos);
}

TEST_F(PolicyCliTest, MissingOrMalformedFactsExitTwo) {
  RunResult missing = Eval({"--expr", "true", "--input", dir_ / "nope.json"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.json"), std::string::npos) << missing.err;
  RunResult not_json = Eval({"--expr", "true", "--input", Facts("{not json")});
  EXPECT_EQ(not_json.exit_code, 2);
  EXPECT_NE(not_json.err.find("facts.json"), std::string::npos) << not_json.err;
  RunResult not_object = Eval({"--expr", "true", "--input", Facts("[1]")});
  EXPECT_EQ(not_object.exit_code, 2);
  EXPECT_NE(not_object.err.find("must be a JSON object"), std::string::npos) << not_object.err;
  EXPECT_EQ(Eval({"--input", Facts("{}")}).exit_code, 2);  // --expr is required
}

}  // namespace
}  // namespace proofline::testing
