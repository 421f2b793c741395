// The control-test summariser: a scanner cuts the byte stream into records (it follows only
// strings and bracket depth), ParseJsonStrict parses each record, and only counts and the bounded
// lists of the summary outlive it.
#include "evidence/control_tests.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>

#include "base/files.h"
#include "base/text.h"

namespace proofline::evidence {
namespace {

constexpr size_t kReadBytes = 64 * 1024;
constexpr size_t kMaxQuotedBytes = 64;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

constexpr std::string_view kFields[] = {"control_id",  "test_name", "result",
                                        "evidence",    "timestamp", "tester",
                                        "executed_by", "framework", "notes"};

// `s` in quotes for a one-line message: cut short, anything but printable ASCII replaced.
std::string Quoted(std::string_view s) { return "\"" + AsciiExcerpt(s, kMaxQuotedBytes) + "\""; }

enum class Verdict { kPassed, kFailed, kSkipped, kNotApplicable };

struct Outcome {
  Verdict verdict;
  bool error;  // written as "error": counted as failed, and in `errors`
};

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPassed:
      return "passed";
    case Verdict::kFailed:
      return "failed";
    case Verdict::kSkipped:
      return "skipped";
    case Verdict::kNotApplicable:
      return "not_applicable";
  }
  return "failed";
}

std::optional<Outcome> NormaliseResult(std::string_view raw) {
  if (raw.size() > 16) return std::nullopt;
  std::string r;
  for (char c : raw) r += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (r == "pass" || r == "passed") return Outcome{Verdict::kPassed, false};
  if (r == "fail" || r == "failed") return Outcome{Verdict::kFailed, false};
  if (r == "error") return Outcome{Verdict::kFailed, true};
  if (r == "skip" || r == "skipped") return Outcome{Verdict::kSkipped, false};
  if (r == "not_applicable") return Outcome{Verdict::kNotApplicable, false};
  return std::nullopt;
}

// Reads `n` decimal digits at `pos`; false if any is missing or not a digit.
bool Digits(std::string_view s, size_t pos, size_t n, int* value) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *value = v;
  return true;
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// RFC 3339 5.6 date-time, "2024-05-01T10:00:00.25+02:00". The offset is required: a local time
// (Python's naive isoformat()) cannot be placed on a timeline. A space may stand for the T, as
// RFC 3339 allows and Python's str(datetime) writes.
bool IsRfc3339DateTime(std::string_view s) {
  int year, month, day, hour, minute, second;
  if (!Digits(s, 0, 4, &year) || !Digits(s, 5, 2, &month) || !Digits(s, 8, 2, &day) ||
      !Digits(s, 11, 2, &hour) || !Digits(s, 14, 2, &minute) || !Digits(s, 17, 2, &second)) {
    return false;
  }
  if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      s[13] != ':' || s[16] != ':') {
    return false;
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return false;
  }
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    size_t first_digit = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == first_digit) return false;
  }
  std::string_view offset = s.substr(pos);
  if (offset == "Z" || offset == "z") return true;
  int offset_hours, offset_minutes;
  return offset.size() == 6 && (offset[0] == '+' || offset[0] == '-') &&
         Digits(offset, 1, 2, &offset_hours) && offset[3] == ':' &&
         Digits(offset, 4, 2, &offset_minutes) && offset_hours <= 23 && offset_minutes <= 59;
}

// The string member `key`: nullptr when an optional one is absent or null.
Result<const std::string*> StringField(const Json& record, const char* key, bool required) {
  auto it = record.find(key);
  if (it == record.end() || (!required && it->is_null())) {
    if (required) return InvalidArgument(std::string("missing required field \"") + key + "\"");
    return static_cast<const std::string*>(nullptr);
  }
  const auto* s = it->get_ptr<const std::string*>();
  if (s == nullptr) {
    return InvalidArgument(std::string("field \"") + key + "\" must be a string, not " +
                           it->type_name());
  }
  if (required && s->empty()) return InvalidArgument(std::string("field \"") + key + "\" is empty");
  return s;
}

Status CheckFieldNames(const Json& record) {
  for (const auto& member : *record.get_ptr<const Json::object_t*>()) {
    if (std::find(std::begin(kFields), std::end(kFields), member.first) != std::end(kFields)) {
      continue;
    }
    std::string fields;
    for (std::string_view field : kFields) {
      fields += (fields.empty() ? "" : ", ") + std::string(field);
    }
    return InvalidArgument("unknown field " + Quoted(member.first) +
                           " (a control test record has " + fields + ")");
  }
  return OkStatus();
}

// The optional fields are not kept, but a mistyped one is an error like any other.
Status CheckOptionalFields(const Json& record) {
  for (const char* key : {"tester", "executed_by", "framework", "notes"}) {
    RETURN_IF_ERROR(StringField(record, key, false));
  }
  ASSIGN_OR_RETURN(const std::string* timestamp, StringField(record, "timestamp", false));
  if (timestamp != nullptr && !IsRfc3339DateTime(*timestamp)) {
    return InvalidArgument("timestamp " + Quoted(*timestamp) +
                           " is not an RFC 3339 date-time with an offset (2024-05-01T10:00:00Z)");
  }
  auto evidence = record.find("evidence");
  if (evidence != record.end() && !evidence->is_null() && !evidence->is_object()) {
    return InvalidArgument(std::string("field \"evidence\" must be an object, not ") +
                           evidence->type_name());
  }
  return OkStatus();
}

// The control test `record` describes, with the names cut to kMaxControlTextBytes.
// REQUIRES: `record` is an object (the scanner starts records at a '{' only).
Status ReadRecord(const Json& record, ControlTest* test, Outcome* outcome) {
  RETURN_IF_ERROR(CheckFieldNames(record));
  ASSIGN_OR_RETURN(const std::string* control_id, StringField(record, "control_id", true));
  ASSIGN_OR_RETURN(const std::string* test_name, StringField(record, "test_name", true));
  ASSIGN_OR_RETURN(const std::string* result, StringField(record, "result", true));
  std::optional<Outcome> o = NormaliseResult(*result);
  if (!o) {
    return InvalidArgument("result " + Quoted(*result) +
                           " is not one of pass, passed, fail, failed, error, skip, skipped, "
                           "not_applicable");
  }
  RETURN_IF_ERROR(CheckOptionalFields(record));
  *test = {std::string(Utf8Prefix(*control_id, kMaxControlTextBytes)),
           std::string(Utf8Prefix(*test_name, kMaxControlTextBytes)), VerdictName(o->verdict)};
  *outcome = *o;
  return OkStatus();
}

// Works on the summary and on ControlCounts, which name their counters alike.
template <typename Counts>
void Bump(Counts* c, Verdict v) {
  switch (v) {
    case Verdict::kPassed:
      ++c->passed;
      break;
    case Verdict::kFailed:
      ++c->failed;
      break;
    case Verdict::kSkipped:
      ++c->skipped;
      break;
    case Verdict::kNotApplicable:
      ++c->not_applicable;
      break;
  }
}

void Count(ControlTest test, Outcome o, ControlTestsSummary* s) {
  ++s->tests;
  Bump(s, o.verdict);
  if (o.error) ++s->errors;
  auto it = s->by_control.find(test.control_id);
  if (it == s->by_control.end() && s->by_control.size() < kMaxControlIds) {
    it = s->by_control.emplace(test.control_id, ControlCounts{}).first;
  }
  if (it != s->by_control.end()) {
    Bump(&it->second, o.verdict);
  } else {
    s->by_control_capped = true;
  }
  if (s->controls.size() < kMaxListedControlTests) s->controls.push_back(std::move(test));
}

// Cuts the stream into records and counts each as soon as it is complete. The bytes between
// records are checked here (the layout: one object after another, or one array of objects); the
// bytes of a record are only followed far enough to find where it ends.
class RecordScanner {
 public:
  explicit RecordScanner(std::string name) : name_(std::move(name)) {}

  Status Feed(std::string_view chunk);
  // The summary, once every byte has been fed.
  Result<ControlTestsSummary> Finish();

 private:
  enum class Layout { kUnknown, kObjects, kArray };
  enum class Expect { kFirst, kElement, kSeparator, kClosed };  // where an array is

  Status CheckEncoding(std::string_view* chunk);
  Status Between(char c, uint64_t at);
  Status StartLayout(char c, uint64_t at);
  Status InArray(char c, uint64_t at);
  void StartRecord();
  bool EndsRecord(char c);
  Status Append(std::string_view bytes);
  Status EndRecord();
  Status Truncated();
  std::string Where() const;

  std::string name_;
  Layout layout_ = Layout::kUnknown;
  Expect expect_ = Expect::kFirst;
  bool in_record_ = false, in_string_ = false, escaped_ = false;
  size_t depth_ = 0;
  std::string record_;   // the bytes of the record being read
  uint64_t offset_ = 0;  // bytes fed before the current chunk
  uint64_t line_ = 1;    // of the byte being scanned
  uint64_t record_line_ = 0, records_ = 0;
  ControlTestsSummary summary_;
};

Status RecordScanner::Feed(std::string_view chunk) {
  if (offset_ == 0) {
    RETURN_IF_ERROR(CheckEncoding(&chunk));
  }
  size_t start = 0;  // of the current record in `chunk`
  for (size_t i = 0; i < chunk.size(); ++i) {
    char c = chunk[i];
    if (c == '\n') ++line_;
    if (!in_record_) {
      RETURN_IF_ERROR(Between(c, offset_ + i));
      if (!in_record_) continue;
      start = i;
    }
    if (EndsRecord(c)) {
      RETURN_IF_ERROR(Append(chunk.substr(start, i + 1 - start)));
      RETURN_IF_ERROR(EndRecord());
    }
  }
  if (in_record_) {
    RETURN_IF_ERROR(Append(chunk.substr(start)));
  }
  offset_ += chunk.size();
  return OkStatus();
}

// Skips a UTF-8 byte order mark; refuses UTF-16, whose every other byte is NUL.
Status RecordScanner::CheckEncoding(std::string_view* chunk) {
  if (chunk->substr(0, 2) == "\xFF\xFE" || chunk->substr(0, 2) == "\xFE\xFF") {
    return InvalidArgument(name_ + ": UTF-16 text; control test records must be UTF-8");
  }
  if (chunk->substr(0, kUtf8Bom.size()) == kUtf8Bom) {
    chunk->remove_prefix(kUtf8Bom.size());
    offset_ = kUtf8Bom.size();
  }
  return OkStatus();
}

Status RecordScanner::Between(char c, uint64_t at) {
  if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return OkStatus();
  switch (layout_) {
    case Layout::kUnknown:
      return StartLayout(c, at);
    case Layout::kObjects:
      if (c == '{') {
        StartRecord();
        return OkStatus();
      }
      return InvalidArgument(name_ + ":" + std::to_string(line_) +
                             ": expected a record (a JSON object) at byte " + std::to_string(at));
    case Layout::kArray:
      return InArray(c, at);
  }
  return OkStatus();
}

Status RecordScanner::StartLayout(char c, uint64_t at) {
  if (c == '{') {
    layout_ = Layout::kObjects;
    StartRecord();
    return OkStatus();
  }
  if (c == '[') {
    layout_ = Layout::kArray;
    return OkStatus();
  }
  if (c == '<') {
    return InvalidArgument(name_ + ": XML (a JUnit report?), not control test records");
  }
  return InvalidArgument(name_ +
                         ": not control test records (expected a JSON object, an array of "
                         "objects or JSON Lines) at byte " +
                         std::to_string(at));
}

Status RecordScanner::InArray(char c, uint64_t at) {
  std::string where = " at byte " + std::to_string(at);
  switch (expect_) {
    case Expect::kFirst:
      if (c == ']') {
        expect_ = Expect::kClosed;
        return OkStatus();
      }
      [[fallthrough]];
    case Expect::kElement:
      if (c == '{') {
        StartRecord();
        return OkStatus();
      }
      if (c == ']') return InvalidArgument(name_ + ": trailing ',' before ']'" + where);
      return InvalidArgument(name_ + ": record " + std::to_string(records_ + 1) +
                             ": not a JSON object" + where);
    case Expect::kSeparator:
      if (c == ',' || c == ']') {
        expect_ = c == ',' ? Expect::kElement : Expect::kClosed;
        return OkStatus();
      }
      return InvalidArgument(name_ + ": expected ',' or ']' after record " +
                             std::to_string(records_) + where);
    case Expect::kClosed:
      return InvalidArgument(name_ + ": content after the closing ']'" + where);
  }
  return OkStatus();
}

void RecordScanner::StartRecord() {
  in_record_ = true;
  in_string_ = escaped_ = false;
  depth_ = 0;
  record_line_ = line_;
  ++records_;
}

// Follows the record's strings and brackets; true at the bracket that closes it.
bool RecordScanner::EndsRecord(char c) {
  if (in_string_) {
    if (escaped_) {
      escaped_ = false;
    } else if (c == '\\') {
      escaped_ = true;
    } else if (c == '"') {
      in_string_ = false;
    }
    return false;
  }
  if (c == '"') in_string_ = true;
  if (c == '{' || c == '[') ++depth_;
  return (c == '}' || c == ']') && --depth_ == 0;
}

Status RecordScanner::Append(std::string_view bytes) {
  if (record_.size() + bytes.size() > kMaxControlRecordBytes) {
    return InvalidArgument(Where() + ": record larger than " +
                           std::to_string(kMaxControlRecordBytes >> 20) + " MiB");
  }
  record_.append(bytes);
  return OkStatus();
}

Status RecordScanner::EndRecord() {
  in_record_ = false;
  if (layout_ == Layout::kArray) expect_ = Expect::kSeparator;
  ASSIGN_OR_RETURN(Json record, ParseJsonStrict(record_, Where()));
  record_.clear();
  ControlTest test;
  Outcome outcome{};
  Status s = ReadRecord(record, &test, &outcome);
  if (!s.ok()) return s.WithContext(Where());
  Count(std::move(test), outcome, &summary_);
  return OkStatus();
}

// The file ends inside a record: ParseJsonStrict says what is missing, and where.
Status RecordScanner::Truncated() {
  Status s = ParseJsonStrict(record_, Where()).status();
  return s.ok() ? InvalidArgument(Where() + ": truncated record") : s;
}

std::string RecordScanner::Where() const {
  if (layout_ == Layout::kArray) return name_ + ": record " + std::to_string(records_);
  return name_ + ":" + std::to_string(record_line_);
}

Result<ControlTestsSummary> RecordScanner::Finish() {
  if (in_record_) return Truncated();
  if (layout_ == Layout::kUnknown) {
    return InvalidArgument(name_ + ": empty file (no control test records)");
  }
  if (layout_ == Layout::kArray && expect_ != Expect::kClosed) {
    return InvalidArgument(name_ + ": truncated: the array of records is not closed at byte " +
                           std::to_string(offset_));
  }
  if (records_ == 0) return InvalidArgument(name_ + ": no control test records");
  return std::move(summary_);
}

}  // namespace

Json ControlTestsSummary::ToJson() const {
  Json list = Json::array();
  for (const ControlTest& c : controls) {
    list.push_back(
        {{"control_id", c.control_id}, {"test_name", c.test_name}, {"result", c.result}});
  }
  Json per_control = Json::object();
  for (const auto& [id, n] : by_control) {
    per_control[id] = {{"passed", n.passed},
                       {"failed", n.failed},
                       {"skipped", n.skipped},
                       {"not_applicable", n.not_applicable}};
  }
  Json j = {{"tests", tests},   {"passed", passed},         {"failed", failed},
            {"errors", errors}, {"skipped", skipped},       {"not_applicable", not_applicable},
            {"controls", list}, {"by_control", per_control}};
  if (tests > controls.size()) j["controls_total"] = tests;
  if (by_control_capped) j["by_control_capped"] = true;
  return j;
}

Result<ControlTestsSummary> ParseControlTests(std::string_view text, const std::string& name) {
  RecordScanner scanner(name);
  RETURN_IF_ERROR(scanner.Feed(text));
  return scanner.Finish();
}

Result<ControlTestsSummary> ParseControlTestsFile(const std::string& path, StreamDigest* digest) {
  ASSIGN_OR_RETURN(std::unique_ptr<HashingFileReader> file, HashingFileReader::Open(path));
  RecordScanner scanner(path);
  std::string buf(kReadBytes, '\0');
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, file->Read(buf.data(), buf.size()));
    if (n == 0) break;
    RETURN_IF_ERROR(scanner.Feed(std::string_view(buf.data(), n)));
  }
  ASSIGN_OR_RETURN(ControlTestsSummary summary, scanner.Finish());
  if (digest != nullptr) *digest = {file->digest(), file->size()};
  return summary;
}

}  // namespace proofline::evidence
