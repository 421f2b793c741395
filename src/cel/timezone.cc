// Time-zone offsets for the CEL timestamp accessors: fixed "+HH:MM" offsets, and IANA zones
// read from compiled TZif files (RFC 8536): the transition table, then the POSIX TZ rule of
// the footer for instants after the last transition.
#include "cel/timezone.h"

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/files.h"
#include "base/text.h"

namespace proofline::cel {
namespace {

// A date rule of a POSIX TZ string: "Mm.w.d", "Jn" (1..365, never counting Feb 29) or "n"
// (0..365), with the local time of day of the change.
struct RuleDate {
  enum class Form { kMonthWeekDay, kJulianNoLeap, kJulian } form = Form::kMonthWeekDay;
  int month = 0, week = 0, weekday = 0, day = 0;
  int64_t time = 7200;
};

struct PosixRule {
  int64_t std_offset = 0;  // seconds east of UTC
  bool has_dst = false;
  int64_t dst_offset = 0;
  RuleDate start, end;
};

struct Zone {
  std::vector<int64_t> transitions;  // UTC seconds, ascending
  std::vector<uint8_t> type_of;      // the local time type from each transition on
  std::vector<int64_t> offsets;      // UTC offset of each local time type
  std::optional<PosixRule> rule;     // for instants after the last transition
};

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// Seconds since the epoch of the rule's date and local time in `year`, as if local were UTC.
int64_t RuleLocalSeconds(int64_t year, const RuleDate& d) {
  int64_t days = DaysFromCivil(year, 1, 1);
  switch (d.form) {
    case RuleDate::Form::kJulianNoLeap:
      days += d.day - 1 + (IsLeap(year) && d.day >= 60 ? 1 : 0);
      break;
    case RuleDate::Form::kJulian:
      days += d.day;
      break;
    case RuleDate::Form::kMonthWeekDay: {
      static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
      int month_days = kDays[d.month - 1] + (d.month == 2 && IsLeap(year) ? 1 : 0);
      int64_t first = DaysFromCivil(year, d.month, 1);
      int first_weekday = static_cast<int>(((first % 7) + 11) % 7);
      int day = 1 + (d.weekday - first_weekday + 7) % 7 + (d.week - 1) * 7;
      while (day > month_days) day -= 7;
      days = first + day - 1;
      break;
    }
  }
  return days * 86400 + d.time;
}

int64_t RuleOffset(const PosixRule& r, int64_t t) {
  if (!r.has_dst) return r.std_offset;
  int64_t year = ToCivil(Timestamp{t, 0}, r.std_offset).year;
  int64_t start = RuleLocalSeconds(year, r.start) - r.std_offset;
  int64_t end = RuleLocalSeconds(year, r.end) - r.dst_offset;
  bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? r.dst_offset : r.std_offset;
}

// A small cursor over the POSIX TZ string.
class TzParser {
 public:
  explicit TzParser(std::string_view s) : s_(s) {}

  std::optional<PosixRule> Parse() {
    PosixRule r;
    if (!Name()) return std::nullopt;
    std::optional<int64_t> std_off = Offset();
    if (!std_off) return std::nullopt;
    r.std_offset = -*std_off;  // POSIX counts west of UTC as positive
    if (Done()) return r;
    if (!Name()) return std::nullopt;
    r.has_dst = true;
    r.dst_offset = r.std_offset + 3600;
    if (!Done() && Peek() != ',') {
      std::optional<int64_t> dst_off = Offset();
      if (!dst_off) return std::nullopt;
      r.dst_offset = -*dst_off;
    }
    if (Done()) {  // no rule: the POSIX default is US rules
      r.start = {RuleDate::Form::kMonthWeekDay, 3, 2, 0, 0, 7200};
      r.end = {RuleDate::Form::kMonthWeekDay, 11, 1, 0, 0, 7200};
      return r;
    }
    std::optional<RuleDate> start, end;
    if (!Eat(',') || !(start = Date()) || !Eat(',') || !(end = Date()) || !Done()) {
      return std::nullopt;
    }
    r.start = *start;
    r.end = *end;
    return r;
  }

 private:
  bool Done() const { return i_ >= s_.size(); }
  char Peek() const { return Done() ? '\0' : s_[i_]; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  std::optional<int64_t> Number(int max_digits) {
    size_t start = i_;
    int64_t v = 0;
    while (!Done() && Peek() >= '0' && Peek() <= '9' && i_ - start < size_t(max_digits)) {
      v = v * 10 + (s_[i_++] - '0');
    }
    if (i_ == start) return std::nullopt;
    return v;
  }
  bool Name() {
    if (Eat('<')) {
      while (!Done() && Peek() != '>') ++i_;
      return Eat('>');
    }
    size_t start = i_;
    while (!Done() && ((Peek() >= 'A' && Peek() <= 'Z') || (Peek() >= 'a' && Peek() <= 'z'))) ++i_;
    return i_ - start >= 3;
  }
  // [+-]hh[:mm[:ss]] in seconds; hours up to 167 (RFC 8536 extension).
  std::optional<int64_t> Offset() {
    int64_t sign = 1;
    if (Eat('-')) {
      sign = -1;
    } else {
      Eat('+');
    }
    std::optional<int64_t> h = Number(3);
    if (!h || *h > 167) return std::nullopt;
    int64_t secs = *h * 3600;
    for (int64_t unit : {60, 1}) {
      if (!Eat(':')) break;
      std::optional<int64_t> part = Number(2);
      if (!part || *part > 59) return std::nullopt;
      secs += *part * unit;
    }
    return sign * secs;
  }
  std::optional<RuleDate> Date() {
    RuleDate d;
    if (Eat('M')) {
      std::optional<int64_t> m, w, wd;
      if (!(m = Number(2)) || !Eat('.') || !(w = Number(1)) || !Eat('.') || !(wd = Number(1))) {
        return std::nullopt;
      }
      if (*m < 1 || *m > 12 || *w < 1 || *w > 5 || *wd > 6) return std::nullopt;
      d = {RuleDate::Form::kMonthWeekDay, int(*m), int(*w), int(*wd), 0, 7200};
    } else {
      bool julian = Eat('J');
      std::optional<int64_t> n = Number(3);
      if (!n || (julian && (*n < 1 || *n > 365)) || *n > 365) return std::nullopt;
      d.form = julian ? RuleDate::Form::kJulianNoLeap : RuleDate::Form::kJulian;
      d.day = static_cast<int>(*n);
    }
    if (Eat('/')) {
      std::optional<int64_t> t = Offset();
      if (!t) return std::nullopt;
      d.time = *t;
    }
    return d;
  }

  std::string_view s_;
  size_t i_ = 0;
};

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool Has(size_t n) const { return pos_ <= data_.size() && data_.size() - pos_ >= n; }
  int64_t Int(int width) {
    uint64_t v = 0;
    for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<uint8_t>(data_[pos_++]);
    if (width == 4) return static_cast<int32_t>(static_cast<uint32_t>(v));
    return static_cast<int64_t>(v);
  }
  uint8_t Byte() { return static_cast<uint8_t>(data_[pos_++]); }
  void Skip(size_t n) { pos_ += n; }
  size_t pos() const { return pos_; }
  std::string_view Rest() const { return data_.substr(pos_); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

struct Counts {
  uint64_t isut, isstd, leap, time, type, chars;
};

std::optional<Counts> Header(Reader* r, char* version) {
  if (!r->Has(44) || r->Rest().substr(0, 4) != "TZif") return std::nullopt;
  r->Skip(4);
  *version = static_cast<char>(r->Byte());
  r->Skip(15);
  Counts c;
  c.isut = uint32_t(r->Int(4));
  c.isstd = uint32_t(r->Int(4));
  c.leap = uint32_t(r->Int(4));
  c.time = uint32_t(r->Int(4));
  c.type = uint32_t(r->Int(4));
  c.chars = uint32_t(r->Int(4));
  if (c.type == 0 || c.type > 256) return std::nullopt;
  return c;
}

uint64_t BlockSize(const Counts& c, int time_width) {
  return c.time * (time_width + 1) + c.type * 6 + c.chars + c.leap * (time_width + 4) + c.isstd +
         c.isut;
}

std::optional<Zone> ParseTzif(std::string_view data) {
  Reader r(data);
  char version;
  std::optional<Counts> c = Header(&r, &version);
  if (!c) return std::nullopt;
  int width = 4;
  if (version >= '2') {  // skip the 32-bit block; the 64-bit one follows with its own header
    if (!r.Has(BlockSize(*c, 4))) return std::nullopt;
    r.Skip(BlockSize(*c, 4));
    c = Header(&r, &version);
    if (!c) return std::nullopt;
    width = 8;
  }
  if (!r.Has(BlockSize(*c, width))) return std::nullopt;
  Zone z;
  for (uint64_t i = 0; i < c->time; ++i) z.transitions.push_back(r.Int(width));
  for (uint64_t i = 0; i < c->time; ++i) {
    z.type_of.push_back(r.Byte());
    if (z.type_of.back() >= c->type) return std::nullopt;
  }
  for (uint64_t i = 0; i < c->type; ++i) {
    z.offsets.push_back(r.Int(4));
    r.Skip(2);  // isdst, designation index
  }
  r.Skip(c->chars + c->leap * (width + 4) + c->isstd + c->isut);
  if (width == 8) {
    std::string_view footer = r.Rest();
    if (footer.size() >= 2 && footer[0] == '\n') {
      size_t end = footer.find('\n', 1);
      if (end != std::string_view::npos) {
        std::string_view tz = footer.substr(1, end - 1);
        if (!tz.empty()) z.rule = TzParser(tz).Parse();
      }
    }
  }
  return z;
}

int64_t ZoneOffset(const Zone& z, int64_t t) {
  if (z.transitions.empty() || t < z.transitions.front()) {
    if (z.transitions.empty() && z.rule) return RuleOffset(*z.rule, t);
    return z.offsets[0];
  }
  if (t >= z.transitions.back() && z.rule) return RuleOffset(*z.rule, t);
  size_t lo = 0, hi = z.transitions.size();  // last transition <= t
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (z.transitions[mid] <= t) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return z.offsets[z.type_of[lo]];
}

bool ValidZoneName(std::string_view name) {
  if (name.empty() || name.size() > 128 || name.front() == '/' ||
      name.find("..") != std::string_view::npos) {
    return false;
  }
  for (char ch : name) {
    bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
              ch == '/' || ch == '_' || ch == '-' || ch == '+';
    if (!ok) return false;
  }
  return true;
}

// "[+-]HH:MM" (sign optional) in seconds east of UTC.
std::optional<int64_t> FixedOffset(std::string_view s) {
  int64_t sign = 1;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    sign = s[0] == '-' ? -1 : 1;
    s.remove_prefix(1);
  }
  auto digit = [&](size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 5 || !digit(0) || !digit(1) || s[2] != ':' || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  int64_t h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h > 23 || m > 59) return std::nullopt;
  return sign * (h * 3600 + m * 60);
}

// Process-wide cache of parsed zones (a null entry remembers an unknown name). Bounded, so a
// stream of distinct hostile names cannot grow it without limit.
Result<std::shared_ptr<const Zone>> LoadZone(std::string_view name) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Zone>, std::less<>> cache;
  constexpr size_t kMaxCached = 512;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(name); it != cache.end()) {
      if (it->second == nullptr) return InvalidArgument("unknown time zone '" + it->first + "'");
      return it->second;
    }
  }
  const char* dir = std::getenv("TZDIR");
  std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/usr/share/zoneinfo") +
                     "/" + std::string(name);
  std::shared_ptr<const Zone> zone;
  if (Result<std::string> data = ReadFile(path, 1 << 20); data.ok()) {
    if (std::optional<Zone> z = ParseTzif(*data)) zone = std::make_shared<const Zone>(*z);
  }
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() < kMaxCached) cache.emplace(std::string(name), zone);
  if (zone == nullptr) return InvalidArgument("unknown time zone '" + std::string(name) + "'");
  return zone;
}

}  // namespace

Result<int64_t> UtcOffset(std::string_view zone, Timestamp at) {
  if (zone == "UTC" || zone == "Z" || zone == "Etc/UTC") return int64_t{0};
  if (std::optional<int64_t> fixed = FixedOffset(zone)) return *fixed;
  if (!ValidZoneName(zone)) {
    return InvalidArgument("malformed time zone '" + std::string(Utf8Prefix(zone, 64)) +
                           (zone.size() > 64 ? "...'" : "'"));
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const Zone> z, LoadZone(zone));
  return ZoneOffset(*z, at.seconds);
}

}  // namespace proofline::cel
