// Cron parsing and freeze windows (freeze.h).
#include "gate/freeze.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <vector>

#include "cel/time.h"

namespace proofline::gate {
namespace {

constexpr int kHorizonDays = 400;
constexpr int64_t kDay = 86400;

struct Field {
  const char* name;
  int min, max;
  const char* const* names;  // names[i] is value min + i; nullptr when none
};

constexpr const char* kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",  "jul",
                                       "aug", "sep", "oct", "nov", "dec", nullptr};
constexpr const char* kWeekdayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", nullptr};

constexpr Field kFields[] = {{"minute", 0, 59, nullptr},
                             {"hour", 0, 23, nullptr},
                             {"day-of-month", 1, 31, nullptr},
                             {"month", 1, 12, kMonthNames},
                             {"day-of-week", 0, 7, kWeekdayNames}};

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

class FieldParser {
 public:
  FieldParser(std::string_view text, const Field& field) : text_(text), field_(field) {}

  // The values `item` (one comma-separated element) selects, or an error message.
  Result<std::vector<int>> Item(std::string_view item) const {
    int step = 1;
    if (size_t slash = item.find('/'); slash != std::string_view::npos) {
      ASSIGN_OR_RETURN(step, Number(item.substr(slash + 1), false));
      if (step < 1) return Err("step " + std::string(item.substr(slash + 1)) + " must be >= 1");
      item = item.substr(0, slash);
    }
    int lo = field_.min, hi = field_.max;
    if (item != "*") {
      size_t dash = item.find('-');
      ASSIGN_OR_RETURN(lo, Value(item.substr(0, dash)));
      if (dash != std::string_view::npos) {
        ASSIGN_OR_RETURN(hi, Value(item.substr(dash + 1)));
        if (hi < lo) return Err("range " + std::string(item) + " runs backwards");
      } else if (step == 1) {
        hi = lo;  // a single value; "5/10" means 5 to the maximum in steps of 10
      }
    }
    std::vector<int> out;
    for (int v = lo; v <= hi; v += step) out.push_back(v);
    return out;
  }

 private:
  Status Err(const std::string& what) const {
    return InvalidArgument("cron '" + std::string(text_) + "': " + field_.name + " " + what);
  }

  Result<int> Number(std::string_view s, bool check_range) const {
    int v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
      return Err("'" + std::string(s) + "' is not a number");
    }
    if (check_range && (v < field_.min || v > field_.max)) {
      return Err(std::string(s) + " out of range " + std::to_string(field_.min) + "-" +
                 std::to_string(field_.max));
    }
    return v;
  }

  Result<int> Value(std::string_view s) const {
    if (field_.names != nullptr && !s.empty() && std::isalpha(static_cast<unsigned char>(s[0]))) {
      std::string lower(s);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      for (int i = 0; field_.names[i] != nullptr; ++i) {
        if (lower == field_.names[i]) return field_.min + i;
      }
      return Err("name '" + std::string(s) + "' is unknown");
    }
    return Number(s, true);
  }

  std::string_view text_;
  const Field& field_;
};

Result<std::vector<int>> ParseField(std::string_view text, std::string_view field_text,
                                    const Field& field) {
  FieldParser parser(text, field);
  std::vector<int> values;
  size_t pos = 0;
  while (true) {
    size_t comma = field_text.find(',', pos);
    ASSIGN_OR_RETURN(std::vector<int> item, parser.Item(field_text.substr(pos, comma - pos)));
    values.insert(values.end(), item.begin(), item.end());
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return values;
}

std::string Rfc3339(int64_t seconds) {
  std::optional<cel::Timestamp> t = cel::MakeTimestamp(seconds);
  return t ? cel::FormatTimestamp(*t) : "";
}

}  // namespace

Result<CronSchedule> ParseCron(std::string_view text) {
  if (!text.empty() && text[0] == '@') {
    return InvalidArgument("cron '" + std::string(text) +
                           "': macros such as @daily are not supported; write the 5 fields");
  }
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  if (fields.size() != 5) {
    return InvalidArgument("cron '" + std::string(text) + "': expected 5 fields (minute hour " +
                           "day-of-month month day-of-week), found " +
                           std::to_string(fields.size()));
  }
  CronSchedule s;
  std::array<std::vector<int>, 5> values;
  for (size_t f = 0; f < 5; ++f) {
    ASSIGN_OR_RETURN(values[f], ParseField(text, fields[f], kFields[f]));
  }
  for (int v : values[0]) s.minutes_.set(static_cast<size_t>(v));
  for (int v : values[1]) s.hours_.set(static_cast<size_t>(v));
  for (int v : values[2]) s.days_.set(static_cast<size_t>(v));
  for (int v : values[3]) s.months_.set(static_cast<size_t>(v));
  for (int v : values[4]) s.weekdays_.set(static_cast<size_t>(v % 7));
  s.any_day_ = fields[2] == "*";
  s.any_weekday_ = fields[4] == "*";
  return s;
}

bool CronSchedule::DayMatches(int64_t day) const {
  using namespace std::chrono;
  sys_days date{days{day}};
  year_month_day ymd{date};
  if (!months_.test(static_cast<unsigned>(ymd.month()))) return false;
  bool dom = days_.test(static_cast<unsigned>(ymd.day()));
  bool dow = weekdays_.test(weekday{date}.c_encoding());
  if (any_day_ && any_weekday_) return true;
  if (any_day_) return dow;
  if (any_weekday_) return dom;
  return dom || dow;  // both restricted: either (Vixie cron)
}

std::optional<int64_t> CronSchedule::Previous(int64_t t, int horizon_days) const {
  const int64_t day0 = FloorDiv(t, kDay);
  const int64_t in_day = t - day0 * kDay;
  for (int64_t d = day0; d >= day0 - horizon_days; --d) {
    if (!DayMatches(d)) continue;
    int hmax = d == day0 ? static_cast<int>(in_day / 3600) : 23;
    for (int h = hmax; h >= 0; --h) {
      if (!hours_.test(static_cast<size_t>(h))) continue;
      int mmax = d == day0 && h == hmax ? static_cast<int>(in_day % 3600 / 60) : 59;
      for (int m = mmax; m >= 0; --m) {
        if (minutes_.test(static_cast<size_t>(m))) return d * kDay + h * 3600 + m * 60;
      }
    }
  }
  return std::nullopt;
}

std::optional<int64_t> CronSchedule::Next(int64_t t, int horizon_days) const {
  const int64_t after = FloorDiv(t, 60) * 60 + 60;  // the first whole minute > t
  const int64_t day0 = FloorDiv(after, kDay);
  const int64_t in_day = after - day0 * kDay;
  for (int64_t d = day0; d <= day0 + horizon_days; ++d) {
    if (!DayMatches(d)) continue;
    int hmin = d == day0 ? static_cast<int>(in_day / 3600) : 0;
    for (int h = hmin; h < 24; ++h) {
      if (!hours_.test(static_cast<size_t>(h))) continue;
      int mmin = d == day0 && h == hmin ? static_cast<int>(in_day % 3600 / 60) : 0;
      for (int m = mmin; m < 60; ++m) {
        if (minutes_.test(static_cast<size_t>(m))) return d * kDay + h * 3600 + m * 60;
      }
    }
  }
  return std::nullopt;
}

Result<FreezeWindow> ParseFreezeWindow(const YAML::Node& node, const std::string& source) {
  const std::string where = source + ":" + std::to_string(node.Mark().line + 1);
  auto err = [&](const YAML::Node& at, const std::string& what) {
    return InvalidArgument(source + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  };
  if (!node.IsMap()) {
    return err(node, "a freeze window must be {from, until, reason} or {start, end, reason}");
  }
  FreezeWindow w;
  w.origin = where;
  for (const auto& kv : node) {
    const std::string key = kv.first.Scalar();
    std::string* slot = key == "from"     ? &w.from
                        : key == "until"  ? &w.until
                        : key == "start"  ? &w.start
                        : key == "end"    ? &w.end
                        : key == "reason" ? &w.reason
                                          : nullptr;
    if (slot == nullptr) return err(kv.first, "unknown key '" + key + "' in a freeze window");
    if (!kv.second.IsScalar() || kv.second.Scalar().empty()) {
      return err(kv.second, "`" + key + "` must be a non-empty string");
    }
    *slot = kv.second.Scalar();
  }
  if (w.reason.empty()) return err(node, "a freeze window needs a `reason`");
  const bool absolute = !w.from.empty() || !w.until.empty();
  const bool recurring = !w.start.empty() || !w.end.empty();
  if (absolute == recurring) {
    return err(node, "a freeze window has either {from, until} or {start, end} (cron)");
  }
  if (absolute) {
    if (w.from.empty() || w.until.empty()) return err(node, "a window needs both from and until");
    Result<cel::Timestamp> from = cel::ParseTimestamp(w.from);
    if (!from.ok()) return err(node["from"], "from: " + from.status().message());
    Result<cel::Timestamp> until = cel::ParseTimestamp(w.until);
    if (!until.ok()) return err(node["until"], "until: " + until.status().message());
    if (!(*from < *until)) return err(node, "from " + w.from + " is not before until " + w.until);
    w.from = cel::FormatTimestamp(*from);
    w.until = cel::FormatTimestamp(*until);
    return w;
  }
  if (w.start.empty() || w.end.empty()) return err(node, "a window needs both start and end");
  Result<CronSchedule> start = ParseCron(w.start);
  if (!start.ok()) return err(node["start"], "start: " + start.status().message());
  Result<CronSchedule> end = ParseCron(w.end);
  if (!end.ok()) return err(node["end"], "end: " + end.status().message());
  w.start_cron = *start;
  w.end_cron = *end;
  return w;
}

Result<FreezeState> FreezeAt(const FreezeWindow& w, const std::string& now) {
  ASSIGN_OR_RETURN(cel::Timestamp at, cel::ParseTimestamp(now));
  FreezeState s;
  if (w.start_cron && w.end_cron) {
    std::optional<int64_t> started = w.start_cron->Previous(at.seconds, kHorizonDays);
    std::optional<int64_t> ended = w.end_cron->Previous(at.seconds, kHorizonDays);
    if (started && (!ended || *started > *ended)) {
      s.in_force = true;
      s.since = Rfc3339(*started);
      std::optional<int64_t> ends = w.end_cron->Next(at.seconds, kHorizonDays);
      s.until = ends ? Rfc3339(*ends) : "";
    }
    return s;
  }
  ASSIGN_OR_RETURN(cel::Timestamp from, cel::ParseTimestamp(w.from));
  ASSIGN_OR_RETURN(cel::Timestamp until, cel::ParseTimestamp(w.until));
  if (from <= at && at < until) {
    s.in_force = true;
    s.since = w.from;
    s.until = w.until;
  }
  return s;
}

}  // namespace proofline::gate
