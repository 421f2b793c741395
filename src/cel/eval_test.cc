// Tests of CEL evaluation: operators and their errors (with columns), error absorption, macros,
// has(), in, the string functions, conversions, timestamps and durations, variables from JSON,
// compile-once-evaluate-many, and the limits that bound hostile expressions.
#include "cel/eval.h"

#include <gtest/gtest.h>

#include <thread>

namespace proofline::cel {
namespace {

// The value of `expr` in CEL syntax, or "error: <message>" (compile errors included).
std::string Show(std::string_view expr, const Activation& vars = Activation(),
                 const EvalOptions& options = EvalOptions()) {
  Result<Program> p = Compile(expr);
  if (!p.ok()) return "error: " + p.status().message();
  Result<Value> v = p->Eval(vars, options);
  if (!v.ok()) return "error: " + v.status().message();
  return FormatValue(*v);
}

bool IsError(std::string_view expr, const Activation& vars = Activation()) {
  return Show(expr, vars).starts_with("error: ");
}

// The location of the evaluation error of `expr`, which must compile.
Location ErrorAt(std::string_view expr, const Activation& vars = Activation()) {
  Result<Program> p = Compile(expr);
  EXPECT_TRUE(p.ok()) << expr << ": " << p.status().message();
  Location loc{0, 0};
  if (p.ok()) {
    EXPECT_FALSE(p->Eval(vars, EvalOptions(), &loc).ok()) << expr;
  }
  return loc;
}

Activation Facts(std::string_view json) {
  Result<Activation> a = Activation::FromJson(Json::parse(json));
  EXPECT_TRUE(a.ok()) << a.status().message();
  return a.ok() ? std::move(*a) : Activation();
}

TEST(CelEval, IntegerArithmeticIsChecked) {
  EXPECT_EQ(Show("7 / 2"), "3");
  EXPECT_EQ(Show("-7 / 2"), "-3");
  EXPECT_EQ(Show("-7 % 3"), "-1");
  EXPECT_EQ(Show("9223372036854775807 + 1"),
            "error: evaluation error at column 21: integer overflow");
  EXPECT_TRUE(IsError("-9223372036854775808 - 1"));
  EXPECT_TRUE(IsError("-(-9223372036854775808)"));
  EXPECT_TRUE(IsError("-9223372036854775808 * -1"));
  EXPECT_TRUE(IsError("-9223372036854775808 / -1"));
  EXPECT_TRUE(IsError("-9223372036854775808 % -1"));
  EXPECT_TRUE(IsError("3037000500 * 3037000500"));
  EXPECT_EQ(Show("-9223372036854775807 - 1"), "-9223372036854775808");
  EXPECT_EQ(Show("1 / 0"), "error: evaluation error at column 3: division by zero");
  EXPECT_EQ(Show("1 % 0"), "error: evaluation error at column 3: modulus by zero");
}

TEST(CelEval, UnsignedArithmeticIsChecked) {
  EXPECT_EQ(Show("18446744073709551614u + 1u"), "18446744073709551615u");
  EXPECT_TRUE(IsError("18446744073709551615u + 1u"));
  EXPECT_TRUE(IsError("0u - 1u"));
  EXPECT_TRUE(IsError("4294967296u * 4294967296u"));
  EXPECT_TRUE(IsError("1u / 0u"));
  EXPECT_TRUE(IsError("1u % 0u"));
  EXPECT_TRUE(IsError("-(1u)"));
  EXPECT_TRUE(IsError("1u + 1"));  // no implicit conversion between int and uint
}

TEST(CelEval, DoubleArithmeticIsIeee) {
  EXPECT_EQ(Show("1.0 / 0.0"), "double(\"Infinity\")");
  EXPECT_EQ(Show("-1.0 / 0.0"), "double(\"-Infinity\")");
  EXPECT_EQ(Show("0.0 / 0.0 == 0.0 / 0.0"), "false");
  EXPECT_EQ(Show("0.1 + 0.2"), "0.30000000000000004");
  EXPECT_EQ(Show("2.0 * 8.988466e+307"), "double(\"Infinity\")");
  EXPECT_TRUE(IsError("5.5 % 2.0"));
  EXPECT_TRUE(IsError("1.0 + 1"));
}

TEST(CelEval, TypeErrorsNameTheOverloadAndColumn) {
  EXPECT_EQ(Show("1 + 'a'"),
            "error: evaluation error at column 3: no matching overload for '_+_' applied to "
            "(int, string)");
  EXPECT_EQ(Show("x.contains(1)", Facts(R"({"x": "abc"})")),
            "error: evaluation error at column 3: no matching overload for 'contains' applied to "
            "(string, int)");
  EXPECT_EQ(ErrorAt("[1, 2]\n  < [3]").line, 2);
  EXPECT_EQ(ErrorAt("[1, 2]\n  < [3]").column, 3);
  EXPECT_EQ(ErrorAt("'x' < 1").column, 5);
  EXPECT_EQ(ErrorAt("!1").column, 1);
  EXPECT_EQ(ErrorAt("size(1)").column, 1);
  EXPECT_EQ(ErrorAt("false ? 1 : 2 + 'a'").column, 15);
}

TEST(CelEval, LookupErrorsNameWhatIsMissing) {
  Activation vars = Facts(R"({"m": {"a": 1}, "l": [1, 2, 3]})");
  EXPECT_EQ(Show("m.b", vars), "error: evaluation error at column 3: no such key: b");
  EXPECT_EQ(Show("m['b']", vars), "error: evaluation error at column 2: no such key: \"b\"");
  EXPECT_EQ(Show("l[3]", vars),
            "error: evaluation error at column 2: index 3 out of range for a list of 3 elements");
  EXPECT_TRUE(IsError("l[-1]", vars));
  EXPECT_TRUE(IsError("l['0']", vars));
  EXPECT_TRUE(IsError("l[0.5]", vars));
  EXPECT_EQ(Show("l[1u] + l[2.0]", vars), "5");
  EXPECT_EQ(Show("y", vars), "error: evaluation error at column 1: undeclared reference to 'y'");
  EXPECT_EQ(Show("nosuch(1)"), "error: evaluation error at column 1: unknown function 'nosuch'");
  EXPECT_EQ(Show("1.nosuch()"), "error: evaluation error at column 3: unknown method 'nosuch'");
  EXPECT_EQ(Show("l.a", vars),
            "error: evaluation error at column 3: type 'list' does not support field selection");
}

// The full truth tables of && and ||, with E an error and S a non-bool (also an error).
TEST(CelEval, LogicalOperatorsAbsorbErrors) {
  struct Row {
    const char* lhs;
    const char* rhs;
    const char* and_result;
    const char* or_result;
  };
  const Row rows[] = {
      {"true", "true", "true", "true"},
      {"true", "false", "false", "true"},
      {"false", "true", "false", "true"},
      {"false", "false", "false", "false"},
      {"true", "E", "E", "true"},
      {"E", "true", "E", "true"},
      {"false", "E", "false", "E"},
      {"E", "false", "false", "E"},
      {"E", "E", "E", "E"},
      {"'s'", "false", "false", "E"},
      {"'s'", "true", "E", "true"},
      {"'s'", "'s'", "E", "E"},
  };
  auto expr = [](const char* operand) {
    return std::string(operand) == "E" ? "1/0 == 1" : operand;
  };
  for (const Row& r : rows) {
    for (bool is_and : {true, false}) {
      std::string e = std::string(expr(r.lhs)) + (is_and ? " && " : " || ") + expr(r.rhs);
      std::string want = is_and ? r.and_result : r.or_result;
      std::string got = Show(e);
      if (want == "E") {
        EXPECT_TRUE(got.starts_with("error: ")) << e << " gave " << got;
      } else {
        EXPECT_EQ(got, want) << e;
      }
    }
  }
  // The absorbed side is not evaluated at all when the left side decides.
  EXPECT_EQ(Show("false && undefined_var"), "false");
  EXPECT_EQ(Show("undefined_var || true"), "true");
  EXPECT_EQ(Show("nosuch() || true"), "true");
}

TEST(CelEval, ConditionalAndNot) {
  EXPECT_EQ(Show("true ? 1 : 1/0"), "1");
  EXPECT_EQ(Show("false ? 1/0 : 'b'"), "\"b\"");
  EXPECT_TRUE(IsError("1/0 == 0 ? 1 : 2"));
  EXPECT_EQ(Show("'x' ? 1 : 2"),
            "error: evaluation error at column 5: no matching overload for '_?_:_' applied to "
            "(string)");
  EXPECT_EQ(Show("!false"), "true");
}

TEST(CelEval, HeterogeneousEqualityAndOrdering) {
  EXPECT_EQ(Show("1 == 1u && 1u == 1.0 && 1 == 1.0"), "true");
  EXPECT_EQ(Show("1 == '1'"), "false");
  EXPECT_EQ(Show("null == false"), "false");
  EXPECT_EQ(Show("[1, 'a'] == [1.0, 'a']"), "true");
  EXPECT_EQ(Show("{1: 'a'} == {1u: 'a'}"), "true");
  EXPECT_EQ(Show("1 < 1.5 && 2u > 1 && -1 < 0u"), "true");
  EXPECT_EQ(Show("'a' < 'b' && b'a' < b'b' && false < true"), "true");
  EXPECT_TRUE(IsError("1 < 'a'"));
  EXPECT_TRUE(IsError("null < null"));
  EXPECT_TRUE(IsError("[1] < [2]"));
}

TEST(CelEval, InOnListsAndMaps) {
  EXPECT_EQ(Show("2 in [1, 2, 3]"), "true");
  EXPECT_EQ(Show("2.0 in [1, 2, 3]"), "true");
  EXPECT_EQ(Show("'2' in [1, 2, 3]"), "false");
  EXPECT_EQ(Show("'a' in {'a': 1}"), "true");
  EXPECT_EQ(Show("1u in {1: 'x'}"), "true");
  EXPECT_EQ(Show("1.5 in {1: 'x'}"), "false");
  EXPECT_EQ(Show("'v' in {'k': 'v'}"), "false");  // keys, not values
  EXPECT_TRUE(IsError("1 in 'abc'"));
}

TEST(CelEval, HasTestsMapKeys) {
  Activation vars = Facts(R"({"m": {"a": {"b": null}}, "n": 1})");
  EXPECT_EQ(Show("has(m.a)", vars), "true");
  EXPECT_EQ(Show("has(m.z)", vars), "false");
  EXPECT_EQ(Show("has(m.a.b)", vars), "true");
  EXPECT_EQ(Show("has(m.z.b)", vars), "error: evaluation error at column 7: no such key: z");
  EXPECT_TRUE(IsError("has(n.a)", vars));
  EXPECT_EQ(Show("has({'content-type': 1}.`content-type`)"), "true");
}

TEST(CelEval, Macros) {
  EXPECT_EQ(Show("[1, 2, 3].all(x, x > 0)"), "true");
  EXPECT_EQ(Show("[1, 2, 3].exists(x, x == 2)"), "true");
  EXPECT_EQ(Show("[1, 2, 3].exists_one(x, x > 1)"), "false");
  EXPECT_EQ(Show("[1, 2, 3].map(x, x * x)"), "[1, 4, 9]");
  EXPECT_EQ(Show("[1, 2, 3].map(x, x > 1, x * 10)"), "[20, 30]");
  EXPECT_EQ(Show("[1, 2, 3].filter(x, x % 2 == 1)"), "[1, 3]");
  EXPECT_EQ(Show("{'a': 1, 'b': 2}.map(k, k)"), "[\"a\", \"b\"]");
  EXPECT_EQ(Show("[].all(x, false)"), "true");
  EXPECT_EQ(Show("[].exists(x, true)"), "false");
  // Nested macros and shadowing: the inner x is the inner element.
  EXPECT_EQ(Show("[[1, 2], [3]].map(x, x.map(x, x + 1))"), "[[2, 3], [4]]");
  EXPECT_EQ(Show("[1, 2].all(x, [3, 4].exists(y, y > x))"), "true");
  EXPECT_TRUE(IsError("1.all(x, true)"));
}

TEST(CelEval, MacrosAbsorbOrPropagateErrorsAsCelSpecifies) {
  EXPECT_EQ(Show("[1, 2, 3].all(e, 6 / (2 - e) == 6)"), "false");  // error absorbed by false
  EXPECT_TRUE(IsError("[1, 2, 3].all(e, e / 0 != 17)"));
  EXPECT_EQ(Show("[0, 1].exists(e, 1 / e == 1)"), "true");
  EXPECT_TRUE(IsError("[3, 2, 1, 0].exists_one(n, 12 / n > 1)"));
  EXPECT_TRUE(IsError("[2, 1, 0].map(n, 4 / n)"));
  EXPECT_TRUE(IsError("[1].filter(x, 'yes')"));
  EXPECT_EQ(Show("[1, 'foo', 3].exists(e, e != '1')"), "true");
}

TEST(CelEval, StringFunctions) {
  EXPECT_EQ(Show("'hello'.contains('ell') && 'hello'.startsWith('he') && 'hello'.endsWith('lo')"),
            "true");
  EXPECT_EQ(Show("size('πέντε') == 5 && 'πέντε'.size() == 5 && size(b'ab') == 2"), "true");
  EXPECT_EQ(Show("'hubba'.matches('ubb') && matches('abc', '^a')"), "true");
  EXPECT_EQ(Show("'mañana'.matches('a+ñ+a+')"), "true");
  EXPECT_EQ(Show("'a' + 'b' + 'c'"), "\"abc\"");
  EXPECT_EQ(Show("b'a' + b'\\x00'"), "b\"a\\x00\"");
}

TEST(CelEval, RegularExpressionErrors) {
  Location loc;
  Result<Program> p = Compile("'abc'.matches('(')", &loc);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.status().message().find("column 15: invalid regular expression"), std::string::npos)
      << p.status().message();
  EXPECT_EQ(loc.column, 15);
  Activation vars = Facts(R"({"re": "("})");
  EXPECT_EQ(ErrorAt("'abc'.matches(re)", vars).column, 7);
  EXPECT_EQ(Show("'abc'.matches(re + ')')", vars), "true");
}

TEST(CelEval, Conversions) {
  EXPECT_EQ(Show("int('-42') + int(3.9) + int(-3.9) + int(7u)"), "-35");
  EXPECT_EQ(Show("int(timestamp('2009-02-13T23:31:30Z'))"), "1234567890");
  EXPECT_TRUE(IsError("int('4x')"));
  EXPECT_TRUE(IsError("int(18446744073709551615u)"));
  EXPECT_TRUE(IsError("int(9223372036854775807.0)"));
  EXPECT_TRUE(IsError("int(-9223372036854775808.0)"));
  EXPECT_TRUE(IsError("int(0.0 / 0.0)"));
  EXPECT_EQ(Show("uint(42) + uint('7') + uint(2.9)"), "51u");
  EXPECT_TRUE(IsError("uint(-1)"));
  EXPECT_TRUE(IsError("uint(-0.5)"));
  EXPECT_TRUE(IsError("uint('+1')"));
  EXPECT_EQ(Show("double('1e3') + double(1) + double(2u)"), "1003.0");
  EXPECT_EQ(Show("double('-Inf')"), "double(\"-Infinity\")");
  EXPECT_TRUE(IsError("double('1e')"));
  EXPECT_EQ(Show("string(1) + string(2u) + string(1.5) + string(true) + string(b'\\xc3\\xbf')"),
            "\"121.5trueÿ\"");
  EXPECT_EQ(Show("string(-4.5e-3)"), "\"-0.0045\"");
  EXPECT_TRUE(IsError("string(b'\\xff')"));
  EXPECT_EQ(Show("bytes('ÿ')"), "b\"\\xc3\\xbf\"");
  EXPECT_EQ(Show("bool('true') && !bool('F') && bool(true)"), "true");
  EXPECT_TRUE(IsError("bool('yes')"));
  EXPECT_EQ(Show("dyn([1, 'a'])"), "[1, \"a\"]");
}

TEST(CelEval, ConversionsWithoutArgumentsHaveNoOverload) {
  for (std::string fn : {"bool", "timestamp", "duration", "int", "string"}) {
    EXPECT_EQ(Show(fn + "()"), "error: evaluation error at column 1: no matching overload for '" +
                                   fn + "' applied to ()");
  }
  EXPECT_EQ(Show("duration('600s') + duration()"),
            "error: evaluation error at column 20: no matching overload for 'duration' applied "
            "to ()");
}

TEST(CelEval, TypesAreValues) {
  EXPECT_EQ(Show("type(1)"), "int");
  EXPECT_EQ(Show("type(1u) == uint && type('') == string && type(null) == null_type"), "true");
  EXPECT_EQ(Show("type(type(1))"), "type");
  EXPECT_EQ(Show("type([]) == list && type({}) == map"), "true");
  EXPECT_EQ(Show("type(duration('1s')) == google.protobuf.Duration"), "true");
  EXPECT_EQ(Show("type(1) == type(1u)"), "false");
  EXPECT_TRUE(IsError("dyn"));
}

TEST(CelEval, TimestampsAndDurations) {
  EXPECT_EQ(Show("timestamp('2009-02-13T23:00:00Z') + duration('240s')"),
            "timestamp(\"2009-02-13T23:04:00Z\")");
  EXPECT_EQ(Show("duration('1h') + timestamp('2009-02-13T23:00:00Z')"),
            "timestamp(\"2009-02-14T00:00:00Z\")");
  EXPECT_EQ(Show("timestamp('2009-02-13T23:31:00Z') - timestamp('2009-02-13T23:29:00Z')"),
            "duration(\"120s\")");
  EXPECT_EQ(Show("timestamp('2009-02-13T23:10:00Z') - duration('10m')"),
            "timestamp(\"2009-02-13T23:00:00Z\")");
  EXPECT_EQ(Show("duration('1h30m') - duration('30m') == duration('3600s')"), "true");
  EXPECT_EQ(Show("timestamp('2009-02-13T23:00:00Z') < timestamp('2009-02-13T23:00:01Z')"), "true");
  EXPECT_EQ(Show("duration('1m') > duration('59s')"), "true");
  EXPECT_EQ(Show("timestamp(1234567890) == timestamp('2009-02-13T23:31:30Z')"), "true");
  EXPECT_EQ(Show("string(timestamp('2009-02-13T23:31:30.5+01:00'))"), "\"2009-02-13T22:31:30.5Z\"");
  EXPECT_EQ(Show("string(duration('-1.5s'))"), "\"-1.5s\"");
  EXPECT_TRUE(IsError("timestamp('9999-12-31T23:59:59Z') + duration('1s')"));
  EXPECT_TRUE(IsError("timestamp('yesterday')"));
  EXPECT_TRUE(IsError("duration('1 day')"));
  EXPECT_TRUE(IsError("timestamp('2009-02-13T23:31:30Z') < duration('1s')"));
}

TEST(CelEval, TimeAccessors) {
  const char* t = "timestamp('2009-02-13T23:31:30.123Z')";
  auto get = [&](const std::string& call) { return Show(std::string(t) + "." + call); };
  EXPECT_EQ(get("getFullYear()"), "2009");
  EXPECT_EQ(get("getMonth()"), "1");
  EXPECT_EQ(get("getDate()"), "13");
  EXPECT_EQ(get("getDayOfMonth()"), "12");
  EXPECT_EQ(get("getDayOfWeek()"), "5");
  EXPECT_EQ(get("getDayOfYear()"), "43");
  EXPECT_EQ(get("getHours()"), "23");
  EXPECT_EQ(get("getMinutes()"), "31");
  EXPECT_EQ(get("getSeconds()"), "30");
  EXPECT_EQ(get("getMilliseconds()"), "123");
  EXPECT_EQ(get("getDate('Australia/Sydney')"), "14");
  EXPECT_EQ(get("getHours('-02:30')"), "21");
  EXPECT_EQ(get("getMinutes('Asia/Kathmandu')"), "16");
  EXPECT_TRUE(get("getHours('Nowhere/Land')").starts_with("error: "));
  EXPECT_EQ(Show("duration('3730.5s').getHours()"), "1");
  EXPECT_EQ(Show("duration('3730.5s').getMinutes()"), "62");
  EXPECT_EQ(Show("duration('3730.5s').getSeconds()"), "3730");
  EXPECT_EQ(Show("duration('3730.5s').getMilliseconds()"), "500");
}

TEST(CelEval, MapLiteralsRejectBadAndRepeatedKeys) {
  EXPECT_EQ(Show("{1.5: 'x'}"),
            "error: evaluation error at column 2: unsupported map key type 'double'");
  EXPECT_EQ(Show("{'a': 1, 'a': 2}"),
            "error: evaluation error at column 10: repeated map key \"a\"");
  EXPECT_TRUE(IsError("{0: 1, 0u: 2}"));
  EXPECT_EQ(Show("{true: 1, 1: 2, 'x': 3}[true]"), "1");
}

TEST(CelEval, VariablesFromJsonFacts) {
  Activation vars = Facts(R"({"change": {"risk": {"score": 7.5}, "files": 12,
                              "labels": ["db"], "ticket": null}, "a.b": {"c": true}})");
  EXPECT_EQ(Show("change.risk.score > 5.0 && change.files + 1 == 13", vars), "true");
  EXPECT_EQ(Show("'db' in change.labels && change.ticket == null", vars), "true");
  EXPECT_EQ(Show("type(change.files) == int && type(change.risk.score) == double", vars), "true");
  EXPECT_EQ(Show("a.b.c", vars), "true");  // a dotted fact name is found as a qualified name
  EXPECT_EQ(Show("[1].all(change, change == 1)", vars), "true");  // macro variables shadow
  EXPECT_FALSE(Activation::FromJson(Json::array()).ok());
}

TEST(CelEval, CompileOnceEvaluateMany) {
  Result<Program> p = Compile("evidence.filter(e, e.failures > 0).map(e, e.name)");
  ASSERT_TRUE(p.ok());
  Activation a = Facts(R"({"evidence": [{"name": "unit", "failures": 0}]})");
  Activation b = Facts(R"({"evidence": [{"name": "it", "failures": 2}, {"name": "e2e",
                                                                      "failures": 1}]})");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(FormatValue(*p->Eval(a)), "[]");
    EXPECT_EQ(FormatValue(*p->Eval(b)), "[\"it\", \"e2e\"]");
  }
  EXPECT_FALSE(p->Eval(Activation()).ok());
  Program copy = *p;  // copies share the compiled tree
  EXPECT_EQ(FormatValue(*copy.Eval(b)), "[\"it\", \"e2e\"]");
  EXPECT_EQ(copy.source(), p->source());
  std::vector<std::thread> threads;
  std::atomic<int> good = 0;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) good += p->Eval(b).ok() && p->Eval(b)->list().size() == 2;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(good, 800);
}

TEST(CelEval, ValuesTakenFromComputedValuesOutliveThem) {
  Activation vars = Facts(R"({"x": 5, "m": {"k": [1, 2]}})");
  EXPECT_EQ(Show("{'a': {'b': [x]}}.a.b", vars), "[5]");
  EXPECT_EQ(Show("[[x, 1]][0]", vars), "[5, 1]");
  EXPECT_EQ(Show("{'k': [x]}['k']", vars), "[5]");
  EXPECT_EQ(Show("[{'a': [x]}].map(v, v.a)", vars), "[[5]]");
  EXPECT_EQ(Show("[[x]].map(l, l[0])", vars), "[5]");
  EXPECT_EQ(Show("{'k': m}.k.k", vars), "[1, 2]");
  EXPECT_EQ(Show("(x > 1 ? m : {}).k[1]", vars), "2");
  EXPECT_EQ(Show("m.k.filter(i, i > 1)", vars), "[2]");
  EXPECT_EQ(Show("{'a': x}.a.b", vars),
            "error: evaluation error at column 12: type 'int' does not support field selection");
  EXPECT_EQ(Show("{'a': x}.b", vars), "error: evaluation error at column 10: no such key: b");
  EXPECT_EQ(Show("has({'a': {'b': x}}.a.b) && !has({'a': {}}.a.b)", vars), "true");
}

TEST(CelEval, ConstantKeysFindWhatComputedKeysFind) {
  Activation vars = Facts(R"({"m": {"k": 1, "": 2}, "key": "k"})");
  EXPECT_EQ(Show("'k' in m && key in m && '' in m && !('z' in m)", vars), "true");
  EXPECT_EQ(Show("m['k'] + m[key] + m['']", vars), "4");
  EXPECT_EQ(Show("m['z']", vars), "error: evaluation error at column 2: no such key: \"z\"");
  EXPECT_EQ(Show("1 in {1: 'a'} && {1: 'a'}[1.0] == 'a'"), "true");
}

// Every node evaluated costs one step; selection chains are walked in a loop but charged the
// same, and a dotted variable ends the walk where the recursion would have stopped.
TEST(CelEval, SelectionChainsChargeOneStepPerNode) {
  Activation vars = Facts(R"({"m": {"a": {"b": {"c": 1}}}})");
  auto cost = [](std::string_view expr, const Activation& a, uint64_t limit) {
    EvalOptions options;
    options.cost_limit = limit;
    Result<Program> p = Compile(expr);
    EXPECT_TRUE(p.ok());
    Result<Value> v = p->Eval(a, options);
    return v.ok() ? FormatValue(*v) : v.status().message();
  };
  EXPECT_EQ(cost("m.a.b.c", vars, 4), "1");
  EXPECT_EQ(cost("m.a.b.c", vars, 3), "evaluation exceeded the cost limit of 3 steps");
  auto bound = std::make_shared<ValueMap>();
  ASSERT_EQ(bound->Add(Value::String("c"), Value::Int(2)), ValueMap::Insert::kInserted);
  vars.Bind("m.a.b", Value::Map(bound));
  // Longer names are tried first: "m.a" is not reached. Two steps: m.a.b.c, then "m.a.b".
  vars.Bind("m.a", Value::Map(std::make_shared<ValueMap>()));
  EXPECT_EQ(cost("m.a.b.c", vars, 2), "2");
  EXPECT_EQ(cost("m.a.b.c", vars, 1), "evaluation exceeded the cost limit of 1 steps");
}

TEST(CelEval, ActivationRebindsNames) {
  Activation vars;
  for (int i = 0; i < 100; ++i) vars.Bind("v" + std::to_string(i), Value::Int(i));
  vars.Bind("v7", Value::String("again"));
  ASSERT_NE(vars.Find("v7"), nullptr);
  EXPECT_EQ(vars.Find("v7")->string_value(), "again");
  EXPECT_EQ(vars.Find(HashedName("v99"))->int_value(), 99);
  EXPECT_EQ(vars.Find("v100"), nullptr);
  EXPECT_FALSE(vars.has_dotted_names());
  EXPECT_EQ(Show("v7 + string(v99)", vars), "\"again99\"");
}

TEST(CelEval, CostLimitStopsRunawayEvaluation) {
  Activation vars;
  ValueList big(1000, Value::Int(1));
  vars.Bind("l", Value::List(big));
  EvalOptions small;
  small.cost_limit = 100'000;
  Result<Program> p = Compile("l.all(x, l.all(y, x == y)) || true");
  ASSERT_TRUE(p.ok());
  Result<Value> v = p->Eval(vars, small);
  ASSERT_FALSE(v.ok());  // the limit is not an error value || could absorb
  EXPECT_NE(v.status().message().find("cost limit of 100000"), std::string::npos)
      << v.status().message();
  EXPECT_TRUE(p->Eval(vars).ok());  // within the default budget
}

TEST(CelEval, MemoryAndStringLimits) {
  EvalOptions options;
  options.max_string_bytes = 1000;
  Activation vars = Facts(R"({"s": "0123456789"})");
  EXPECT_EQ(Show("s + s", vars, options), "\"01234567890123456789\"");
  std::string grow = "s";
  for (int i = 0; i < 7; ++i) grow = "(" + grow + " + " + grow + ")";
  EXPECT_NE(Show(grow, vars, options).find("exceeds the limit of 1000"), std::string::npos);
  options.memory_limit = 100'000;
  std::string lists = "[1, 2, 3, 4, 5, 6, 7, 8]";
  for (int i = 0; i < 4; ++i) lists = lists + ".map(x, " + lists + ")";
  EXPECT_NE(Show(lists, vars, options).find("memory limit of 100000"), std::string::npos);
}

TEST(CelEval, LongErrorValuesAreCut) {
  Activation vars;
  vars.Bind("m", Value::Map(std::make_shared<ValueMap>()));
  vars.Bind("k", Value::String(std::string(10000, 'k')));
  std::string error = Show("m[k]", vars);
  EXPECT_LT(error.size(), 200u) << error;
  EXPECT_NE(error.find("kkk...\""), std::string::npos) << error;
}

}  // namespace
}  // namespace proofline::cel
