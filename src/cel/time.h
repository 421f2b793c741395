// CEL's timestamps and durations (google.protobuf.Timestamp and Duration semantics as cel-go
// implements them): text forms, checked arithmetic and calendar fields.
//
// A Timestamp is seconds since the Unix epoch plus nanoseconds, limited to the RFC 3339 range
// 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999999Z. A Duration is a signed count of
// nanoseconds in an int64 (about +-292 years), like Go's time.Duration: the conformance suite
// expects `timestamp('9999-...') - timestamp('0001-...')` to fail with a range error, which only
// this bound gives. Every operation that could leave a range returns nullopt instead.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace proofline::cel {

struct Timestamp {
  int64_t seconds = 0;
  int32_t nanos = 0;  // Invariant: 0 <= nanos < 1e9
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

struct Duration {
  int64_t nanos = 0;
  friend auto operator<=>(const Duration&, const Duration&) = default;
};

inline constexpr int64_t kMinTimestampSeconds = -62135596800;  // 0001-01-01T00:00:00Z
inline constexpr int64_t kMaxTimestampSeconds = 253402300799;  // 9999-12-31T23:59:59Z

// nullopt if outside the RFC 3339 range.
std::optional<Timestamp> MakeTimestamp(int64_t seconds, int64_t nanos = 0);

// RFC 3339: "2009-02-13T23:31:30Z", "2009-02-13T23:31:30.123456789+01:00" (T/Z in either case,
// at most nine fraction digits). InvalidArgument naming the problem, including years outside
// 0001..9999 once the offset is applied.
Result<Timestamp> ParseTimestamp(std::string_view text);
// RFC 3339 in UTC with the fraction trimmed of trailing zeros, as Go's RFC3339Nano.
std::string FormatTimestamp(Timestamp t);

// Go's time.ParseDuration syntax: "1h30m", "-1.5s", "100ms", "0"; units ns, us (µs, μs), ms,
// s, m, h. InvalidArgument for bad syntax or a value outside the int64 nanosecond range.
Result<Duration> ParseDuration(std::string_view text);
// Seconds with the shortest exact fraction and an "s" suffix: "1000000s", "1.5s", "-0.000000001s".
std::string FormatDuration(Duration d);

std::optional<Timestamp> Add(Timestamp t, Duration d);
std::optional<Timestamp> Subtract(Timestamp t, Duration d);
std::optional<Duration> Subtract(Timestamp a, Timestamp b);
std::optional<Duration> Add(Duration a, Duration b);
std::optional<Duration> Subtract(Duration a, Duration b);

// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
int64_t DaysFromCivil(int64_t year, int month, int day);

// The calendar fields of an instant seen at a fixed UTC offset.
struct CivilTime {
  int64_t year = 1970;
  int month = 1;        // 1..12
  int day = 1;          // 1..31
  int day_of_year = 0;  // 0..365
  int day_of_week = 4;  // 0 = Sunday
  int hour = 0, minute = 0, second = 0;
  int32_t nanos = 0;
};
CivilTime ToCivil(Timestamp t, int64_t utc_offset_seconds);

}  // namespace proofline::cel
