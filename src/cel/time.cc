// Timestamp and duration text forms and checked arithmetic for the CEL engine (see time.h).
#include "cel/time.h"

#include <cstdio>
#include <limits>

#include "base/text.h"

namespace proofline::cel {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The input quoted for an error message, cut so that hostile input cannot bloat the message.
std::string Quoted(std::string_view text) {
  constexpr size_t kMax = 64;
  std::string_view shown = Utf8Prefix(text, kMax);
  return "'" + std::string(shown) + (shown.size() < text.size() ? "...'" : "'");
}

// Reads exactly `n` digits at text[*pos]; advances *pos.
std::optional<int> Digits(std::string_view text, size_t* pos, int n) {
  if (*pos + n > text.size()) return std::nullopt;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = text[*pos + i];
    if (!IsDigit(c)) return std::nullopt;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  return v;
}

bool Expect(std::string_view text, size_t* pos, std::string_view chars) {
  if (*pos >= text.size() || chars.find(text[*pos]) == std::string_view::npos) return false;
  ++*pos;
  return true;
}

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Floor division and modulo for negative instants.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

struct DurationUnit {
  std::string_view name;
  int64_t nanos;
};
constexpr DurationUnit kUnits[] = {{"ns", 1},
                                   {"us", 1'000},
                                   {"\xC2\xB5s", 1'000},  // U+00B5 micro sign
                                   {"\xCE\xBCs", 1'000},  // U+03BC Greek mu
                                   {"ms", 1'000'000},
                                   {"s", kNanosPerSecond},
                                   {"m", 60 * kNanosPerSecond},
                                   {"h", 3600 * kNanosPerSecond}};

// One "<number><unit>" element of a duration; adds its magnitude in nanoseconds to *total.
Status ParseDurationElement(std::string_view text, size_t* pos, uint64_t* total) {
  size_t start = *pos;
  uint64_t whole = 0;
  bool overflow = false;
  while (*pos < text.size() && IsDigit(text[*pos])) {
    overflow |= __builtin_mul_overflow(whole, 10, &whole) ||
                __builtin_add_overflow(whole, uint64_t(text[*pos] - '0'), &whole);
    ++*pos;
  }
  bool had_whole = *pos > start;
  uint64_t frac = 0, scale = 1;
  bool had_frac = false;
  if (*pos < text.size() && text[*pos] == '.') {
    ++*pos;
    while (*pos < text.size() && IsDigit(text[*pos])) {
      if (scale < 1'000'000'000'000'000'000ULL / 10) {  // further digits cannot matter
        frac = frac * 10 + uint64_t(text[*pos] - '0');
        scale *= 10;
      }
      had_frac = true;
      ++*pos;
    }
  }
  if (!had_whole && !had_frac) return InvalidArgument("expected a number");
  size_t unit_start = *pos;
  while (*pos < text.size() && !IsDigit(text[*pos]) && text[*pos] != '.') ++*pos;
  std::string_view unit = text.substr(unit_start, *pos - unit_start);
  if (unit.empty()) return InvalidArgument("missing unit");
  const DurationUnit* found = nullptr;
  for (const DurationUnit& u : kUnits) {
    if (u.name == unit) found = &u;
  }
  if (found == nullptr) return InvalidArgument("unknown unit " + Quoted(unit));
  uint64_t nanos = 0;
  overflow |= __builtin_mul_overflow(whole, uint64_t(found->nanos), &nanos);
  // The fraction times the unit, rounded down; exact whenever the unit is a multiple of the
  // fraction's scale (every case with at most nine fraction digits of seconds).
  uint64_t frac_nanos = 0;
  if (uint64_t(found->nanos) % scale == 0) {
    overflow |= __builtin_mul_overflow(frac, uint64_t(found->nanos) / scale, &frac_nanos);
  } else {
    frac_nanos = static_cast<uint64_t>(static_cast<long double>(frac) *
                                       (static_cast<long double>(found->nanos) / scale));
  }
  overflow |= __builtin_add_overflow(nanos, frac_nanos, &nanos);
  overflow |= __builtin_add_overflow(*total, nanos, total);
  if (overflow) return InvalidArgument("out of range");
  return OkStatus();
}

}  // namespace

std::optional<Timestamp> MakeTimestamp(int64_t seconds, int64_t nanos) {
  if (nanos < 0 || nanos >= kNanosPerSecond) {
    int64_t carry = FloorDiv(nanos, kNanosPerSecond);
    if (__builtin_add_overflow(seconds, carry, &seconds)) return std::nullopt;
    nanos -= carry * kNanosPerSecond;
  }
  if (seconds < kMinTimestampSeconds || seconds > kMaxTimestampSeconds) return std::nullopt;
  return Timestamp{seconds, static_cast<int32_t>(nanos)};
}

int64_t DaysFromCivil(int64_t year, int month, int day) {
  // Howard Hinnant's days_from_civil.
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilTime ToCivil(Timestamp t, int64_t utc_offset_seconds) {
  int64_t local = t.seconds + utc_offset_seconds;
  int64_t days = FloorDiv(local, 86400);
  int64_t secs = local - days * 86400;
  CivilTime c;
  // Howard Hinnant's civil_from_days.
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  c.day_of_year = static_cast<int>(days - DaysFromCivil(c.year, 1, 1));
  c.day_of_week = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  c.nanos = t.nanos;
  return c;
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  size_t pos = 0;
  auto bad = [&](const char* what) {
    return InvalidArgument(Quoted(text) + " is not an RFC 3339 timestamp (" + what + ")");
  };
  std::optional<int> year = Digits(text, &pos, 4);
  if (!year || !Expect(text, &pos, "-")) return bad("expected YYYY-");
  std::optional<int> month = Digits(text, &pos, 2);
  if (!month || !Expect(text, &pos, "-")) return bad("expected MM-");
  std::optional<int> day = Digits(text, &pos, 2);
  if (!day || !Expect(text, &pos, "Tt")) return bad("expected DDT");
  std::optional<int> hour = Digits(text, &pos, 2);
  if (!hour || !Expect(text, &pos, ":")) return bad("expected hh:");
  std::optional<int> minute = Digits(text, &pos, 2);
  if (!minute || !Expect(text, &pos, ":")) return bad("expected mm:");
  std::optional<int> second = Digits(text, &pos, 2);
  if (!second) return bad("expected ss");
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < text.size() && IsDigit(text[pos])) {
      if (++n > 9) return bad("more than nine fraction digits");
      nanos = nanos * 10 + (text[pos++] - '0');
    }
    if (n == 0) return bad("empty fraction");
    for (; n < 9; ++n) nanos *= 10;
  }
  int64_t offset = 0;
  if (Expect(text, &pos, "Zz")) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos++] == '-' ? -1 : 1;
    std::optional<int> oh = Digits(text, &pos, 2);
    if (!oh || !Expect(text, &pos, ":")) return bad("bad offset");
    std::optional<int> om = Digits(text, &pos, 2);
    if (!om || *oh > 23 || *om > 59) return bad("bad offset");
    offset = sign * (*oh * 3600 + *om * 60);
  } else {
    return bad("expected Z or an offset");
  }
  if (pos != text.size()) return bad("trailing characters");
  if (*month < 1 || *month > 12 || *day < 1 || *day > DaysInMonth(*year, *month) || *hour > 23 ||
      *minute > 59 || *second > 59) {
    return bad("field out of range");
  }
  int64_t seconds =
      DaysFromCivil(*year, *month, *day) * 86400 + *hour * 3600 + *minute * 60 + *second - offset;
  std::optional<Timestamp> t = MakeTimestamp(seconds, nanos);
  if (!t) return InvalidArgument("timestamp " + Quoted(text) + " is out of range");
  return *t;
}

std::string FormatTimestamp(Timestamp t) {
  CivilTime c = ToCivil(t, 0);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02dT%02d:%02d:%02d", static_cast<long long>(c.year),
                c.month, c.day, c.hour, c.minute, c.second);
  std::string out = buf;
  if (t.nanos != 0) {
    std::snprintf(buf, sizeof buf, ".%09d", t.nanos);
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  return out + "Z";
}

Result<Duration> ParseDuration(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return InvalidArgument(Quoted(text) + " is not a duration (" + why + ")");
  };
  size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) negative = text[pos++] == '-';
  if (text.substr(pos) == "0") return Duration{0};
  if (pos == text.size()) return bad("empty");
  uint64_t total = 0;
  while (pos < text.size()) {
    Status s = ParseDurationElement(text, &pos, &total);
    if (!s.ok()) return bad(s.message());
  }
  constexpr uint64_t kMax = std::numeric_limits<int64_t>::max();
  if (total > kMax + (negative ? 1 : 0)) return bad("out of range");
  if (negative)
    return Duration{total == kMax + 1 ? std::numeric_limits<int64_t>::min()
                                      : -static_cast<int64_t>(total)};
  return Duration{static_cast<int64_t>(total)};
}

std::string FormatDuration(Duration d) {
  bool negative = d.nanos < 0;
  // Magnitude as unsigned so that INT64_MIN is representable.
  uint64_t mag = negative ? 0 - static_cast<uint64_t>(d.nanos) : static_cast<uint64_t>(d.nanos);
  std::string out = negative ? "-" : "";
  out += std::to_string(mag / kNanosPerSecond);
  if (uint64_t frac = mag % kNanosPerSecond; frac != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%09llu", static_cast<unsigned long long>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "s";
}

std::optional<Timestamp> Add(Timestamp t, Duration d) {
  int64_t secs = d.nanos / kNanosPerSecond;
  int64_t nanos = d.nanos % kNanosPerSecond;
  int64_t sum;
  if (__builtin_add_overflow(t.seconds, secs, &sum)) return std::nullopt;
  return MakeTimestamp(sum, t.nanos + nanos);
}

std::optional<Timestamp> Subtract(Timestamp t, Duration d) {
  if (d.nanos == std::numeric_limits<int64_t>::min()) {
    std::optional<Timestamp> half = Add(t, Duration{std::numeric_limits<int64_t>::max()});
    return half ? Add(*half, Duration{1}) : std::nullopt;
  }
  return Add(t, Duration{-d.nanos});
}

std::optional<Duration> Subtract(Timestamp a, Timestamp b) {
  int64_t secs, nanos;
  // Timestamps span less than 2^39 seconds, so the difference of seconds cannot overflow.
  secs = a.seconds - b.seconds;
  if (__builtin_mul_overflow(secs, kNanosPerSecond, &nanos)) return std::nullopt;
  if (__builtin_add_overflow(nanos, int64_t{a.nanos} - b.nanos, &nanos)) return std::nullopt;
  return Duration{nanos};
}

std::optional<Duration> Add(Duration a, Duration b) {
  int64_t r;
  if (__builtin_add_overflow(a.nanos, b.nanos, &r)) return std::nullopt;
  return Duration{r};
}

std::optional<Duration> Subtract(Duration a, Duration b) {
  int64_t r;
  if (__builtin_sub_overflow(a.nanos, b.nanos, &r)) return std::nullopt;
  return Duration{r};
}

}  // namespace proofline::cel
