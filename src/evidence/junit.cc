// The JUnit XML summariser: an XmlHandler that counts outcomes per <testcase> (never trusting the
// header attributes), records control tests, and keeps only bounded state while streaming.
#include "evidence/junit.h"

#include <charconv>
#include <cmath>
#include <optional>

#include "base/text.h"
#include "evidence/xml.h"

namespace proofline::evidence {
namespace {

enum class Outcome { kPassed, kFailed, kError, kSkipped };

struct Counts {
  uint64_t tests = 0, failures = 0, errors = 0, skipped = 0;
  void Add(const Counts& o) {
    tests += o.tests;
    failures += o.failures;
    errors += o.errors;
    skipped += o.skipped;
  }
};

// An open <testsuite> or <testsuites>: what its header declares and what its cases add up to.
struct SuiteFrame {
  std::optional<uint64_t> tests, failures, errors, skipped;
  bool unreadable = false;  // a count attribute that is not a number
  Counts counted;
};

struct CaseState {
  size_t depth = 0;
  std::string name;
  bool failure = false, error = false, skipped = false, flaky = false;
  std::vector<std::string> controls;
  bool in_control_property = false;  // a control <property> whose value is its text
  std::string property_text;
};

std::optional<uint64_t> ParseCount(std::string_view text, bool* unreadable) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) {
    *unreadable = true;
    return std::nullopt;
  }
  return v;
}

// Seconds from a time attribute; Surefire in some locales writes "1,234.5". Junk counts as 0,
// and so does anything over kMaxCaseSeconds (keeps the sum an exact, canonical JSON number).
constexpr double kMaxCaseSeconds = 1e7;
double ParseSeconds(std::string_view text) {
  std::string digits;
  for (char c : text.substr(0, 64)) {
    if (c != ',') digits += c;
  }
  double v = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || !std::isfinite(v) || v < 0 || v > kMaxCaseSeconds) return 0;
  return v;
}

Outcome Decide(const CaseState& c, std::string_view status, std::string_view result) {
  if (c.failure || status == "fail" || status == "failed") return Outcome::kFailed;
  if (c.error) return Outcome::kError;
  if (c.skipped || status == "notrun" || status == "disabled" || status == "skipped" ||
      result == "skipped" || result == "suppressed") {
    return Outcome::kSkipped;
  }
  return Outcome::kPassed;
}

const char* ControlResult(Outcome o) {
  switch (o) {
    case Outcome::kPassed:
      return "passed";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kFailed:
    case Outcome::kError:
      return "failed";
  }
  return "failed";
}

class JUnitHandler : public XmlHandler {
 public:
  Status OnStart(std::string_view name, const XmlAttrs& attrs, size_t depth) override;
  Status OnEnd(std::string_view name, size_t depth) override;
  void OnText(std::string_view text) override;

  JUnitSummary TakeSummary() {
    summary_.cut_strings = values_cut();
    return std::move(summary_);
  }

 private:
  void StartSuite(std::string_view name, const XmlAttrs& attrs);
  void EndSuite();
  void StartCase(const XmlAttrs& attrs, size_t depth);
  void StartCaseChild(std::string_view name, const XmlAttrs& attrs, size_t depth);
  void EndCase();
  void Record(Outcome o);

  JUnitSummary summary_;
  std::vector<SuiteFrame> suites_;
  std::optional<CaseState> case_;
  std::string case_status_, case_result_;
  double case_seconds_ = 0;
};

Status JUnitHandler::OnStart(std::string_view name, const XmlAttrs& attrs, size_t depth) {
  if (depth == 0 && name != "testsuites" && name != "testsuite") {
    return InvalidArgument("root element <" + std::string(name) +
                           "> is not JUnit XML (expected <testsuites> or <testsuite>)");
  }
  if (case_) {
    if (name == "testcase") return InvalidArgument("<testcase> inside another <testcase>");
    StartCaseChild(name, attrs, depth);
    return OkStatus();
  }
  if (name == "testsuites" || name == "testsuite") StartSuite(name, attrs);
  if (name == "testcase") StartCase(attrs, depth);
  return OkStatus();
}

Status JUnitHandler::OnEnd(std::string_view name, size_t depth) {
  if (case_) {
    if (depth == case_->depth) {
      EndCase();
    } else if (name == "property" && case_->in_control_property) {
      case_->controls.push_back(CutUtf8(TrimBlanks(case_->property_text), kMaxNameBytes));
      case_->in_control_property = false;
    }
    return OkStatus();
  }
  if (name == "testsuites" || name == "testsuite") EndSuite();
  return OkStatus();
}

void JUnitHandler::OnText(std::string_view text) {
  if (!case_ || !case_->in_control_property) return;
  if (case_->property_text.size() < kMaxNameBytes + 4) case_->property_text.append(text);
}

void JUnitHandler::StartSuite(std::string_view name, const XmlAttrs& attrs) {
  if (name == "testsuite") ++summary_.suites;
  SuiteFrame f;
  if (auto v = attrs.Get("tests")) f.tests = ParseCount(*v, &f.unreadable);
  if (auto v = attrs.Get("failures")) f.failures = ParseCount(*v, &f.unreadable);
  if (auto v = attrs.Get("errors")) f.errors = ParseCount(*v, &f.unreadable);
  std::optional<uint64_t> skipped, disabled;  // GoogleTest and ctest declare disabled apart
  if (auto v = attrs.Get("skipped")) skipped = ParseCount(*v, &f.unreadable);
  if (auto v = attrs.Get("disabled")) disabled = ParseCount(*v, &f.unreadable);
  // A root that declares only disabled= (GoogleTest) leaves its skipped tests undeclared.
  if (skipped) f.skipped = *skipped + disabled.value_or(0);
  suites_.push_back(f);
}

void JUnitHandler::EndSuite() {
  if (suites_.empty()) return;
  SuiteFrame f = suites_.back();
  suites_.pop_back();
  const Counts& c = f.counted;
  if (f.unreadable || (f.tests && *f.tests != c.tests) ||
      (f.failures && *f.failures != c.failures) || (f.errors && *f.errors != c.errors) ||
      (f.skipped && *f.skipped != c.skipped)) {
    summary_.declared_mismatch = true;
  }
  if (!suites_.empty()) suites_.back().counted.Add(c);
}

void JUnitHandler::StartCase(const XmlAttrs& attrs, size_t depth) {
  case_.emplace();
  case_->depth = depth;
  std::string name(attrs.Get("name").value_or(""));
  std::string classname(attrs.Get("classname").value_or(""));
  if (name.empty()) name = "(unnamed)";
  case_->name = CutUtf8(classname.empty() ? name : classname + "." + name, kMaxNameBytes);
  case_status_ = attrs.Get("status").value_or("");
  case_result_ = attrs.Get("result").value_or("");
  case_seconds_ = ParseSeconds(attrs.Get("time").value_or(""));
}

void JUnitHandler::StartCaseChild(std::string_view name, const XmlAttrs& attrs, size_t depth) {
  if (depth == case_->depth + 1) {
    if (name == "failure" || name == "rerunFailure") case_->failure = true;
    if (name == "error" || name == "rerunError") case_->error = true;
    if (name == "skipped") case_->skipped = true;
    if (name == "flakyFailure" || name == "flakyError") case_->flaky = true;
    return;
  }
  if (name != "property" || depth != case_->depth + 2 || attrs.Get("name") != "control" ||
      case_->controls.size() >= kMaxControlTests) {
    return;
  }
  if (auto value = attrs.Get("value")) {
    case_->controls.push_back(CutUtf8(std::string(*value), kMaxNameBytes));
  } else {
    case_->in_control_property = true;
    case_->property_text.clear();
  }
}

void JUnitHandler::EndCase() {
  Outcome o = Decide(*case_, case_status_, case_result_);
  Record(o);
  summary_.time_seconds += case_seconds_;
  for (const std::string& control : case_->controls) {
    if (control.empty()) continue;
    ++summary_.controls_total;
    if (summary_.controls.size() < kMaxControlTests) {
      summary_.controls.push_back({control, case_->name, ControlResult(o)});
    }
  }
  case_.reset();
}

void JUnitHandler::Record(Outcome o) {
  Counts one;
  one.tests = 1;
  ++summary_.tests;
  switch (o) {
    case Outcome::kPassed:
      ++summary_.passed;
      if (case_->flaky) ++summary_.flaky;
      break;
    case Outcome::kFailed:
      ++summary_.failures;
      one.failures = 1;
      break;
    case Outcome::kError:
      ++summary_.errors;
      one.errors = 1;
      break;
    case Outcome::kSkipped:
      ++summary_.skipped;
      one.skipped = 1;
      break;
  }
  bool failed = o == Outcome::kFailed || o == Outcome::kError;
  if (failed && summary_.failed_tests.size() < kMaxFailedTestNames) {
    summary_.failed_tests.push_back(case_->name);
  }
  if (!suites_.empty()) suites_.back().counted.Add(one);
}

}  // namespace

Json JUnitSummary::ToJson() const {
  Json controls_json = Json::array();
  for (const ControlTest& c : controls) {
    controls_json.push_back(
        {{"control_id", c.control_id}, {"test_name", c.test_name}, {"result", c.result}});
  }
  Json j = {{"tests", tests},
            {"passed", passed},
            {"failures", failures},
            {"errors", errors},
            {"skipped", skipped},
            {"flaky", flaky},
            {"time_seconds", std::round(time_seconds * 1000) / 1000},
            {"suites", suites},
            {"declared_mismatch", declared_mismatch},
            {"failed_tests", failed_tests},
            {"controls", controls_json}};
  if (controls_total > controls.size()) j["controls_total"] = controls_total;
  if (cut_strings > 0) j["cut_strings"] = cut_strings;
  return j;
}

Result<JUnitSummary> ParseJUnitFile(const std::string& path, StreamDigest* digest) {
  JUnitHandler handler;
  RETURN_IF_ERROR(ParseXmlFile(path, &handler, digest));
  return handler.TakeSummary();
}

Result<JUnitSummary> ParseJUnit(std::string_view text, const std::string& name) {
  JUnitHandler handler;
  RETURN_IF_ERROR(ParseXmlText(text, name, &handler));
  return handler.TakeSummary();
}

}  // namespace proofline::evidence
