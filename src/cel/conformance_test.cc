// Runs the public CEL conformance suite (cel-spec test data, from the npm package
// @bufbuild/cel-spec; scripts/fetch-cel-spec.sh converts it to JSON) against the engine, and
// prints per file how many tests passed, failed, are known gaps and were skipped. Tests outside
// the supported subset are skipped by the rules in Classify and the suite list in
// conformance_exclusions.txt, never because they fail. Every other test must pass.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/crypto.h"
#include "base/json.h"
#include "cel/eval.h"
#include "cel/functions.h"
#include "cel/lexer.h"

namespace proofline::cel {
namespace {

std::string SpecPath() {
  const char* env = std::getenv("PROOFLINE_CEL_SPEC");
  return env != nullptr && *env != '\0' ? env : PROOFLINE_CEL_SPEC;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Exclusions {
  std::map<std::string, std::string> suites;          // file -> reason
  std::map<std::string, std::string> known_failures;  // test path -> reason
};

Exclusions LoadExclusions() {
  Exclusions ex;
  std::istringstream in(ReadAll(PROOFLINE_CEL_EXCLUSIONS));
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string kind, name, reason;
    fields >> kind >> name;
    std::getline(fields >> std::ws, reason);
    (kind == "suite" ? ex.suites : ex.known_failures)[name] = reason;
  }
  return ex;
}

// A cel.expr.Value in proto3 JSON form as an engine value; nullopt for kinds outside the
// subset (objectValue, enumValue).
std::optional<Value> FromExprValue(const Json& j) {
  if (!j.is_object() || j.size() != 1) return std::nullopt;
  const std::string& kind = j.begin().key();
  const Json& v = j.begin().value();
  if (kind == "nullValue") return Value::Null();
  if (kind == "boolValue") return Value::Bool(v.get<bool>());
  if (kind == "int64Value") {
    return Value::Int(v.is_string() ? std::stoll(v.get<std::string>()) : v.get<int64_t>());
  }
  if (kind == "uint64Value") {
    return Value::Uint(v.is_string() ? std::stoull(v.get<std::string>()) : v.get<uint64_t>());
  }
  if (kind == "doubleValue") {
    if (v.is_number()) return Value::Double(v.get<double>());
    std::string s = v.get<std::string>();
    if (s == "NaN") return Value::Double(NAN);
    return Value::Double(s == "-Infinity" ? -INFINITY : INFINITY);
  }
  if (kind == "stringValue") return Value::String(v.get<std::string>());
  if (kind == "bytesValue") {
    Result<Bytes> b = Base64Decode(v.get<std::string>());
    if (!b.ok()) return std::nullopt;
    return Value::Bytes(std::string(b->begin(), b->end()));
  }
  if (kind == "typeValue") {
    std::optional<Kind> k = TypeNamed(v.get<std::string>());
    if (!k) return std::nullopt;
    return Value::Type(*k);
  }
  if (kind == "listValue") {
    ValueList items;
    Json values = v.value("values", Json::array());
    for (const Json& item : values) {
      std::optional<Value> e = FromExprValue(item);
      if (!e) return std::nullopt;
      items.push_back(*e);
    }
    return Value::List(std::move(items));
  }
  if (kind == "mapValue") {
    auto map = std::make_shared<ValueMap>();
    Json entries = v.value("entries", Json::array());
    for (const Json& entry : entries) {
      std::optional<Value> k = FromExprValue(entry["key"]), val = FromExprValue(entry["value"]);
      if (!k || !val) return std::nullopt;
      map->Add(*k, *val);
    }
    return Value::Map(std::move(map));
  }
  return std::nullopt;
}

// Equality for test results: same kinds all the way down (1 and 1u differ), NaN equals NaN.
bool SameValue(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Kind::kDouble:
      return (std::isnan(a.double_value()) && std::isnan(b.double_value())) ||
             a.double_value() == b.double_value();
    case Kind::kList: {
      if (a.list().size() != b.list().size()) return false;
      for (size_t i = 0; i < a.list().size(); ++i) {
        if (!SameValue(a.list()[i], b.list()[i])) return false;
      }
      return true;
    }
    case Kind::kMap: {
      if (a.map().size() != b.map().size()) return false;
      for (const auto& [k, v] : a.map().entries()) {
        bool found = false;
        for (const auto& [k2, v2] : b.map().entries()) {
          if (SameValue(k, k2)) {
            found = SameValue(v, v2);
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    }
    default:
      return Equal(a, b);
  }
}

// Why a test is outside the supported subset, or "" to run it.
std::string Classify(const Json& t) {
  if (!t.value("container", std::string()).empty()) return "containers (namespaces)";
  if (t.value("checkOnly", false) || t.contains("typedResult")) return "needs a type checker";
  std::string dump = t.dump();
  for (const char* proto :
       {"\"objectValue\"", "\"enumValue\"", "\"messageType\"", "\"enumType\""}) {
    if (dump.find(proto) != std::string::npos) return "protobuf messages or enums";
  }
  LexResult lexed = Lex(t.value("expr", std::string()));
  for (size_t i = 0; i + 1 < lexed.tokens.size(); ++i) {
    if (lexed.tokens[i].kind == TokenKind::kIdent &&
        lexed.tokens[i + 1].kind == TokenKind::kLBrace) {
      return "protobuf message construction";
    }
  }
  if (!t.contains("value") && !t.contains("evalError")) return "unknown results";
  return "";
}

// Runs one test; "" when it passes, else what went wrong.
std::string Run(const Json& t) {
  Activation activation;
  Json bindings = t.value("bindings", Json::object());
  for (const auto& [name, binding] : bindings.items()) {
    std::optional<Value> v = FromExprValue(binding.value("value", Json()));
    if (!v) return "unsupported binding " + binding.dump();
    activation.Bind(name, *v);
  }
  std::string expr = t["expr"].get<std::string>();
  Result<Program> program = Compile(expr);
  bool want_error = t.contains("evalError");
  if (!program.ok()) return want_error ? "" : program.status().message();
  Result<Value> got = program->Eval(activation);
  if (want_error) return got.ok() ? "expected an error, got " + FormatValue(*got) : "";
  if (!got.ok()) return got.status().message();
  std::optional<Value> want = FromExprValue(t["value"]);
  if (!want) return "unsupported expected value " + t["value"].dump();
  if (!SameValue(*got, *want)) return "got " + FormatValue(*got) + ", want " + FormatValue(*want);
  return "";
}

struct Counts {
  int passed = 0, failed = 0, known = 0, skipped = 0;
};

struct Report {
  std::map<std::string, Counts> files;
  std::map<std::string, int> skip_reasons;
  std::vector<std::string> failures;
  std::set<std::string> tests;  // every test path in the suite
};

void Walk(const Json& suite, const std::string& file, const std::string& path, const Exclusions& ex,
          Report* report) {
  Json suites = suite.value("suites", Json::array()), tests = suite.value("tests", Json::array());
  for (const Json& s : suites) {
    std::string name = s["name"].get<std::string>();
    Walk(s, file.empty() ? name : file, path.empty() ? name : path + "/" + name, ex, report);
  }
  for (const Json& test : tests) {
    const Json& t = test["original"];
    std::string id = path + "/" + t["name"].get<std::string>();
    report->tests.insert(id);
    Counts& c = report->files[file];
    std::string skip = ex.suites.count(file) ? "file: " + ex.suites.at(file) : Classify(t);
    if (!skip.empty()) {
      ++c.skipped;
      ++report->skip_reasons[skip];
      continue;
    }
    std::string problem = Run(t);
    bool known = ex.known_failures.count(id) != 0;
    if (problem.empty() && !known) {
      ++c.passed;
    } else if (!problem.empty() && known) {
      ++c.known;
    } else {
      ++c.failed;
      report->failures.push_back(
          id + ": " + t["expr"].get<std::string>() + "\n    " +
          (known ? "passes but is listed as a known failure: remove it from the list" : problem));
    }
  }
}

void Print(const Report& r) {
  std::printf("CEL conformance (%s)\n  %-16s %7s %7s %7s %7s\n", SpecPath().c_str(), "file",
              "passed", "failed", "known", "skipped");
  Counts total;
  for (const auto& [file, c] : r.files) {
    std::printf("  %-16s %7d %7d %7d %7d\n", file.c_str(), c.passed, c.failed, c.known, c.skipped);
    total.passed += c.passed;
    total.failed += c.failed;
    total.known += c.known;
    total.skipped += c.skipped;
  }
  std::printf("  %-16s %7d %7d %7d %7d\nskipped because:\n", "total", total.passed, total.failed,
              total.known, total.skipped);
  for (const auto& [reason, n] : r.skip_reasons) std::printf("  %5d  %s\n", n, reason.c_str());
}

TEST(CelConformance, EverySupportedTestPasses) {
  std::string text = ReadAll(SpecPath());
  ASSERT_FALSE(text.empty()) << "no CEL conformance data at " << SpecPath()
                             << ": run scripts/fetch-cel-spec.sh (or set PROOFLINE_CEL_SPEC)";
  Json spec = Json::parse(text);
  Exclusions ex = LoadExclusions();
  ASSERT_FALSE(ex.suites.empty()) << "cannot read " << PROOFLINE_CEL_EXCLUSIONS;
  Report report;
  Walk(spec, "", "", ex, &report);
  Print(report);
  for (const auto& [file, reason] : ex.suites) {
    EXPECT_TRUE(report.files.count(file)) << "excluded file " << file << " is not in the suite";
  }
  for (const auto& [id, reason] : ex.known_failures) {
    EXPECT_TRUE(report.tests.count(id)) << "known failure " << id << " is not in the suite";
  }
  for (const std::string& f : report.failures) ADD_FAILURE() << f;
  EXPECT_GT(report.files["basic"].passed, 0);
}

}  // namespace
}  // namespace proofline::cel
