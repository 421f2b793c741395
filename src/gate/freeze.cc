// Cron schedules and freeze windows (freeze.h): the parser, the day-by-day search for the
// previous and next firing, and the in-force rule the gate applies to each window.
#include "gate/freeze.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <chrono>
#include <span>
#include <utility>
#include <vector>

#include "base/text.h"
#include "base/yaml_check.h"
#include "cel/time.h"

namespace proofline::gate {
namespace {

constexpr int kHorizonDays = 400;  // a yearly window's previous start is within it
constexpr int64_t kDay = 86400;
constexpr int kMinutesPerDay = 1440;

constexpr std::string_view kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::string_view kWeekdayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
constexpr int kDaysInMonth[] = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // at most

struct FieldSpec {
  std::string_view name;
  int min, max;
  std::span<const std::string_view> names;  // names[i] is the value min + i
  std::string_view name_hint;               // for errors: " or a name (jan..dec)"
};

constexpr FieldSpec kFields[] = {
    {"minute", 0, 59, {}, ""},
    {"hour", 0, 23, {}, ""},
    {"day-of-month", 1, 31, {}, ""},
    {"month", 1, 12, kMonthNames, " or a name (jan..dec)"},
    {"day-of-week", 0, 7, kWeekdayNames, " or a name (sun..sat)"},
};

uint64_t LowBits(int n) { return n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1; }
int Lowest(uint64_t bits) { return std::countr_zero(bits); }
int Highest(uint64_t bits) { return static_cast<int>(std::bit_width(bits)) - 1; }
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b < 0 ? 1 : 0); }  // b > 0

bool IsDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string Quote(std::string_view s) { return "'" + OneLine(s, 60) + "'"; }

// Parses one field of one cron text into a bit set of the values it selects.
class FieldParser {
 public:
  FieldParser(std::string_view cron, const FieldSpec& spec) : cron_(cron), spec_(spec) {}

  Result<uint64_t> Parse(std::string_view field) const {
    uint64_t bits = 0;
    for (size_t pos = 0;;) {
      const size_t comma = field.find(',', pos);
      const std::string_view element = field.substr(pos, comma - pos);
      if (element.empty()) return Err(Quote(field) + " has an empty list element");
      ASSIGN_OR_RETURN(uint64_t element_bits, Element(element));
      bits |= element_bits;
      if (comma == std::string_view::npos) return bits;
      pos = comma + 1;
    }
  }

 private:
  Status Err(const std::string& what) const {
    return InvalidArgument("cron " + Quote(cron_) + ": " + std::string(spec_.name) + " " + what);
  }

  // `*`, `N`, `A-B`, `*/S` or `A-B/S`.
  Result<uint64_t> Element(std::string_view element) const {
    const size_t slash = element.find('/');
    const std::string_view range = element.substr(0, slash);
    int step = 1;
    if (slash != std::string_view::npos) {
      ASSIGN_OR_RETURN(step, Step(element.substr(slash + 1)));
    }
    int lo = spec_.min, hi = spec_.max;
    if (range.empty() || range.front() == '-' || range.back() == '-') {
      return Err(Quote(element) + " is not a value, a range or *");
    }
    if (range != "*") {
      const size_t dash = range.find('-');
      ASSIGN_OR_RETURN(lo, Value(range.substr(0, dash)));
      if (dash == std::string_view::npos) {
        if (slash != std::string_view::npos) {
          return Err(Quote(element) + ": a step needs * or a range before it, e.g. 5-59/10");
        }
        hi = lo;
      } else {
        ASSIGN_OR_RETURN(hi, Value(range.substr(dash + 1)));
        if (hi < lo) return Err("range " + Quote(range) + " runs backwards");
      }
    }
    uint64_t bits = 0;
    for (int v = lo; v <= hi; v += step) bits |= uint64_t{1} << v;
    return bits;
  }

  Result<int> Value(std::string_view text) const {
    if (IsDigits(text)) {
      int v = 0;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (ec == std::errc() && v >= spec_.min && v <= spec_.max) return v;
      return Err(OneLine(text, 20) + " out of range " + std::to_string(spec_.min) + "-" +
                 std::to_string(spec_.max));
    }
    std::string lower(text);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto named = std::find(spec_.names.begin(), spec_.names.end(), lower);
    if (named != spec_.names.end())
      return spec_.min + static_cast<int>(named - spec_.names.begin());
    return Err(Quote(text) + " is not a number" + std::string(spec_.name_hint));
  }

  Result<int> Step(std::string_view text) const {
    int v = 0;
    if (!IsDigits(text)) return Err("step " + Quote(text) + " is not a number");
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || v < 1 || v > spec_.max) {
      return Err("step " + OneLine(text, 20) + " out of range 1-" + std::to_string(spec_.max));
    }
    return v;
  }

  std::string_view cron_;
  const FieldSpec& spec_;
};

std::vector<std::string_view> SplitFields(std::string_view text) {
  std::vector<std::string_view> fields;
  auto blank = [&](size_t i) { return std::isspace(static_cast<unsigned char>(text[i])) != 0; };
  for (size_t i = 0; i < text.size();) {
    while (i < text.size() && blank(i)) ++i;
    const size_t start = i;
    while (i < text.size() && !blank(i)) ++i;
    if (i > start) fields.push_back(text.substr(start, i - start));
  }
  return fields;
}

// Whether some selected month has some selected day of the month (February counting 29 days).
bool SomeDateExists(uint64_t days_of_month, uint64_t months) {
  for (int m = 1; m <= 12; ++m) {
    if ((months >> m & 1) != 0 && (days_of_month & LowBits(kDaysInMonth[m] + 1)) != 0) return true;
  }
  return false;
}

std::string* Slot(FreezeWindow& w, const std::string& key) {
  if (key == "from") return &w.from;
  if (key == "until") return &w.until;
  if (key == "start") return &w.start;
  if (key == "end") return &w.end;
  if (key == "reason") return &w.reason;
  return nullptr;
}

// Reads one element of a `freeze:` list; every error is "SOURCE:LINE: ..." at the node at fault.
class WindowReader : private YamlCheck {
 public:
  using YamlCheck::YamlCheck;

  Result<FreezeWindow> Read(const YAML::Node& node) const {
    if (!node.IsMap()) {
      return Err(node,
                 "a freeze window must be a mapping {from, until, reason} or {start, end, reason}");
    }
    RETURN_IF_ERROR(CheckKeys(node, {"from", "until", "start", "end", "reason"}));
    FreezeWindow w;
    w.origin = source() + ":" + std::to_string(node.Mark().line + 1);
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      std::string* slot = Slot(w, key);  // not null: CheckKeys passed
      if (!slot->empty()) return Err(kv.first, "key '" + key + "' appears twice");
      if (!kv.second.IsScalar() || TrimBlanks(kv.second.Scalar()).empty()) {
        return Err(kv.second, "`" + key + "` must be a non-empty string");
      }
      *slot = kv.second.Scalar();
    }
    if (w.reason.empty()) return Err(node, "a freeze window needs a `reason`");
    RETURN_IF_ERROR(CheckForm(node, w));
    if (!w.from.empty()) {
      RETURN_IF_ERROR(NormaliseAbsolute(node, w));
    } else {
      RETURN_IF_ERROR(CheckRecurring(node, w));
    }
    return w;
  }

 private:
  // Exactly one complete form, or the error naming the keys.
  Status CheckForm(const YAML::Node& node, const FreezeWindow& w) const {
    const bool absolute = !w.from.empty() || !w.until.empty();
    const bool recurring = !w.start.empty() || !w.end.empty();
    if (absolute && recurring) {
      return Err(node, "a freeze window has either {from, until} or {start, end}, not both");
    }
    if (!absolute && !recurring) {
      return Err(node, "a freeze window needs {from, until} or {start, end}");
    }
    RETURN_IF_ERROR(NeedsBoth(node, {"from", &w.from}, {"until", &w.until}));
    return NeedsBoth(node, {"start", &w.start}, {"end", &w.end});
  }

  Status NeedsBoth(const YAML::Node& node, std::pair<const char*, const std::string*> a,
                   std::pair<const char*, const std::string*> b) const {
    if (a.second->empty() == b.second->empty()) return OkStatus();
    const auto [have, missing] =
        a.second->empty() ? std::pair{b.first, a.first} : std::pair{a.first, b.first};
    return Err(node, std::string("`") + have + "` needs `" + missing + "`");
  }

  // Checks from/until and their order, and rewrites them in UTC.
  Status NormaliseAbsolute(const YAML::Node& node, FreezeWindow& w) const {
    Result<cel::Timestamp> from = cel::ParseTimestamp(w.from);
    if (!from.ok()) return Err(node["from"], "`from`: " + from.status().message());
    Result<cel::Timestamp> until = cel::ParseTimestamp(w.until);
    if (!until.ok()) return Err(node["until"], "`until`: " + until.status().message());
    w.from = cel::FormatTimestamp(*from);
    w.until = cel::FormatTimestamp(*until);
    if (!(*from < *until)) {
      return Err(node, "`from` " + w.from + " is not before `until` " + w.until);
    }
    return OkStatus();
  }

  Status CheckRecurring(const YAML::Node& node, const FreezeWindow& w) const {
    for (const auto& [key, text] : {std::pair{"start", &w.start}, {"end", &w.end}}) {
      Result<CronSchedule> cron = ParseCron(*text);
      if (!cron.ok()) {
        return Err(node[key], std::string("`") + key + "`: " + cron.status().message());
      }
    }
    return OkStatus();
  }
};

std::string Rfc3339(int64_t seconds) { return cel::FormatTimestamp(cel::Timestamp{seconds, 0}); }

Result<FreezeState> AbsoluteAt(const FreezeWindow& w, cel::Timestamp now) {
  Result<cel::Timestamp> from = cel::ParseTimestamp(w.from);
  if (!from.ok()) return from.status().WithContext("`from`");
  Result<cel::Timestamp> until = cel::ParseTimestamp(w.until);
  if (!until.ok()) return until.status().WithContext("`until`");
  if (now < *from || !(now < *until)) return FreezeState{};
  return FreezeState{true, cel::FormatTimestamp(*from), cel::FormatTimestamp(*until)};
}

Result<FreezeState> RecurringAt(const FreezeWindow& w, int64_t now) {
  Result<CronSchedule> start = ParseCron(w.start);
  if (!start.ok()) return start.status().WithContext("`start`");
  Result<CronSchedule> end = ParseCron(w.end);
  if (!end.ok()) return end.status().WithContext("`end`");
  const std::optional<int64_t> started = start->Previous(now, kHorizonDays);
  const std::optional<int64_t> ended = end->Previous(now, kHorizonDays);
  if (!started || (ended && *ended >= *started)) return FreezeState{};
  const std::optional<int64_t> ends = end->Next(now, kHorizonDays);
  return FreezeState{true, Rfc3339(*started), ends ? Rfc3339(*ends) : ""};
}

}  // namespace

Result<CronSchedule> ParseCron(std::string_view text) {
  const std::string_view trimmed = TrimBlanks(text, " \t\r\n\v\f");
  if (!trimmed.empty() && trimmed[0] == '@') {
    return InvalidArgument("cron " + Quote(text) +
                           ": macros such as @daily are not supported; write the 5 fields");
  }
  const std::vector<std::string_view> fields = SplitFields(text);
  if (fields.size() != 5) {
    return InvalidArgument("cron " + Quote(text) +
                           ": expected 5 fields (minute hour day-of-month month day-of-week), "
                           "found " +
                           std::to_string(fields.size()));
  }
  uint64_t bits[5];
  for (size_t i = 0; i < 5; ++i) {
    ASSIGN_OR_RETURN(bits[i], FieldParser(text, kFields[i]).Parse(fields[i]));
  }
  CronSchedule s;
  s.minutes_ = bits[0];
  s.hours_ = bits[1];
  s.days_of_month_ = bits[2];
  s.months_ = bits[3];
  s.days_of_week_ = (bits[4] | bits[4] >> 7) & LowBits(7);  // 7 is Sunday, as 0
  s.day_of_month_star_ = fields[2][0] == '*';
  s.day_of_week_star_ = fields[4][0] == '*';
  // Unless both day fields are restricted (then any matching weekday fires), a firing day must
  // match day-of-month: refuse a schedule that can never fire, such as `0 0 30 2 *`.
  if ((s.day_of_month_star_ || s.day_of_week_star_) &&
      !SomeDateExists(s.days_of_month_, s.months_)) {
    return InvalidArgument("cron " + Quote(text) + ": day-of-month " + Quote(fields[2]) +
                           " never occurs in month " + Quote(fields[3]));
  }
  return s;
}

bool CronSchedule::DayMatches(int64_t day) const {
  using namespace std::chrono;
  const sys_days date{days{day}};
  const year_month_day ymd{date};
  if ((months_ >> static_cast<unsigned>(ymd.month()) & 1) == 0) return false;
  const bool dom = (days_of_month_ >> static_cast<unsigned>(ymd.day()) & 1) != 0;
  const bool dow = (days_of_week_ >> weekday{date}.c_encoding() & 1) != 0;
  return day_of_month_star_ || day_of_week_star_ ? dom && dow : dom || dow;
}

std::optional<int> CronSchedule::LatestInDay(int limit) const {
  const int hour = limit / 60;
  if ((hours_ >> hour & 1) != 0) {
    const uint64_t minutes = minutes_ & LowBits(limit % 60 + 1);
    if (minutes != 0) return hour * 60 + Highest(minutes);
  }
  const uint64_t earlier = hours_ & LowBits(hour);
  if (earlier == 0) return std::nullopt;
  return Highest(earlier) * 60 + Highest(minutes_);
}

std::optional<int> CronSchedule::EarliestInDay(int from) const {
  const int hour = from / 60;
  if ((hours_ >> hour & 1) != 0) {
    const uint64_t minutes = minutes_ & ~LowBits(from % 60);
    if (minutes != 0) return hour * 60 + Lowest(minutes);
  }
  const uint64_t later = hours_ & ~LowBits(hour + 1);
  if (later == 0) return std::nullopt;
  return Lowest(later) * 60 + Lowest(minutes_);
}

std::optional<int64_t> CronSchedule::Previous(int64_t t, int horizon_days) const {
  if (horizon_days < 0 || t < cel::kMinTimestampSeconds) return std::nullopt;
  const int64_t lowest = std::max(t - horizon_days * kDay, cel::kMinTimestampSeconds);
  t = std::min(t, cel::kMaxTimestampSeconds);
  int64_t day = FloorDiv(t, kDay);
  int limit = static_cast<int>((t - day * kDay) / 60);
  for (; (day + 1) * kDay > lowest; --day, limit = kMinutesPerDay - 1) {
    if (!DayMatches(day)) continue;
    const std::optional<int> minute = LatestInDay(limit);
    if (!minute) continue;
    const int64_t at = day * kDay + int64_t{*minute} * 60;
    return at >= lowest ? std::optional(at) : std::nullopt;
  }
  return std::nullopt;
}

std::optional<int64_t> CronSchedule::Next(int64_t t, int horizon_days) const {
  if (horizon_days < 0 || t >= cel::kMaxTimestampSeconds) return std::nullopt;
  const int64_t highest = std::min(t + horizon_days * kDay, cel::kMaxTimestampSeconds);
  t = std::max(t, cel::kMinTimestampSeconds - 1);
  const int64_t first = (FloorDiv(t, 60) + 1) * 60;  // the first whole minute after t
  int64_t day = FloorDiv(first, kDay);
  int from = static_cast<int>((first - day * kDay) / 60);
  for (; day * kDay <= highest; ++day, from = 0) {
    if (!DayMatches(day)) continue;
    const std::optional<int> minute = EarliestInDay(from);
    if (!minute) continue;
    const int64_t at = day * kDay + int64_t{*minute} * 60;
    return at <= highest ? std::optional(at) : std::nullopt;
  }
  return std::nullopt;
}

Result<FreezeWindow> ParseFreezeWindow(const YAML::Node& node, const std::string& source) {
  try {
    return WindowReader(source).Read(node);
  } catch (const YAML::Exception& e) {  // an invalid node handed in
    return InvalidArgument(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<FreezeState> FreezeAt(const FreezeWindow& w, const std::string& now) {
  Result<cel::Timestamp> at = cel::ParseTimestamp(now);
  if (!at.ok()) return at.status().WithContext("now");
  if (!w.start.empty() || !w.end.empty()) return RecurringAt(w, at->seconds);
  return AbsoluteAt(w, *at);
}

}  // namespace proofline::gate
