// Tests of CEL timestamps, durations and time zones: text forms, ranges, checked arithmetic,
// calendar fields, fixed offsets and IANA zones (transition table and POSIX rule).
#include "cel/time.h"

#include <gtest/gtest.h>

#include "cel/timezone.h"

namespace proofline::cel {
namespace {

Timestamp T(std::string_view text) {
  Result<Timestamp> t = ParseTimestamp(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.status().message();
  return t.ok() ? *t : Timestamp{};
}

int64_t Nanos(std::string_view text) {
  Result<Duration> d = ParseDuration(text);
  EXPECT_TRUE(d.ok()) << text << ": " << d.status().message();
  return d.ok() ? d->nanos : 0;
}

TEST(CelTime, ParsesAndFormatsRfc3339) {
  EXPECT_EQ(T("2009-02-13T23:31:30Z").seconds, 1234567890);
  EXPECT_EQ(T("2009-02-14T00:31:30+01:00").seconds, 1234567890);
  EXPECT_EQ(T("2009-02-13t23:31:30.5z").nanos, 500000000);
  EXPECT_EQ(FormatTimestamp(T("2009-02-13T23:31:30.120Z")), "2009-02-13T23:31:30.12Z");
  EXPECT_EQ(FormatTimestamp(T("9999-12-31T23:59:59.999999999Z")), "9999-12-31T23:59:59.999999999Z");
  EXPECT_EQ(FormatTimestamp(T("0001-01-01T00:00:00Z")), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(T("1969-12-31T23:59:59.5Z")), "1969-12-31T23:59:59.5Z");
}

TEST(CelTime, RejectsMalformedAndOutOfRangeTimestamps) {
  for (const char* bad :
       {"2009-02-13", "2009-02-13T23:31:30", "2009-02-30T00:00:00Z", "2009-02-13T24:00:00Z",
        "2009-02-13T23:31:60Z", "2009-02-13 23:31:30Z", "2009-02-13T23:31:30.Z",
        "2009-02-13T23:31:30.1234567891Z", "0000-01-01T00:00:00Z", "10000-01-01T00:00:00Z",
        "0001-01-01T00:00:00+01:00", "2009-02-13T23:31:30Zjunk"}) {
    EXPECT_FALSE(ParseTimestamp(bad).ok()) << bad;
  }
  EXPECT_TRUE(ParseTimestamp("2008-02-29T00:00:00Z").ok());
  EXPECT_FALSE(ParseTimestamp("2100-02-29T00:00:00Z").ok());
}

TEST(CelTime, ParsesGoDurations) {
  EXPECT_EQ(Nanos("1h30m"), 5400'000'000'000);
  EXPECT_EQ(Nanos("-1.5s"), -1'500'000'000);
  EXPECT_EQ(Nanos("0.1s"), 100'000'000);
  EXPECT_EQ(Nanos("1ms2us3ns"), 1'002'003);
  EXPECT_EQ(Nanos("1\xc2\xb5s"), 1000);
  EXPECT_EQ(Nanos("0"), 0);
  EXPECT_EQ(Nanos("+5m"), 300'000'000'000);
  EXPECT_EQ(Nanos(".5h"), 1800'000'000'000);
  EXPECT_EQ(Nanos("-9223372036.854775808s"), INT64_MIN);
  for (const char* bad : {"", "1", "s", "1x", "1.s.", "--1s", "9223372036.854775808s", "1h-1m"}) {
    EXPECT_FALSE(ParseDuration(bad).ok()) << bad;
  }
}

TEST(CelTime, FormatsDurationsAsSeconds) {
  EXPECT_EQ(FormatDuration({1000000'000'000'000}), "1000000s");
  EXPECT_EQ(FormatDuration({1'500'000'000}), "1.5s");
  EXPECT_EQ(FormatDuration({-1}), "-0.000000001s");
  EXPECT_EQ(FormatDuration({0}), "0s");
  EXPECT_EQ(FormatDuration({INT64_MIN}), "-9223372036.854775808s");
}

TEST(CelTime, ArithmeticStaysInRange) {
  Timestamp t = T("2009-02-13T23:00:00Z");
  EXPECT_EQ(Add(t, Duration{240'000'000'000})->seconds, t.seconds + 240);
  Timestamp low = T("0001-01-01T00:00:01.000000001Z");
  EXPECT_EQ(*Add(low, Duration{-999'999'999}), T("0001-01-01T00:00:00.000000002Z"));
  EXPECT_FALSE(Add(T("9999-12-31T23:59:59.999999999Z"), Duration{1}).has_value());
  EXPECT_FALSE(Subtract(T("0001-01-01T00:00:00Z"), Duration{1}).has_value());
  EXPECT_EQ(Subtract(T("2009-02-13T23:31:00Z"), T("2009-02-13T23:29:00Z"))->nanos, 120'000'000'000);
  // Durations are int64 nanoseconds (about 292 years), so this difference does not fit.
  EXPECT_FALSE(Subtract(T("9999-12-31T23:59:59Z"), T("0001-01-01T00:00:00Z")).has_value());
  EXPECT_FALSE(Add(Duration{INT64_MAX}, Duration{1}).has_value());
  EXPECT_FALSE(Subtract(Duration{INT64_MIN}, Duration{1}).has_value());
  EXPECT_TRUE(Subtract(T("2000-01-01T00:00:00Z"), Duration{INT64_MIN}).has_value());
}

TEST(CelTime, CalendarFields) {
  CivilTime c = ToCivil(T("2009-02-13T23:31:30.123Z"), 0);
  EXPECT_EQ(c.year, 2009);
  EXPECT_EQ(c.month, 2);
  EXPECT_EQ(c.day, 13);
  EXPECT_EQ(c.day_of_year, 43);
  EXPECT_EQ(c.day_of_week, 5);  // a Friday
  EXPECT_EQ(c.hour, 23);
  EXPECT_EQ(c.minute, 31);
  EXPECT_EQ(c.second, 30);
  EXPECT_EQ(ToCivil(T("2009-02-13T23:31:30Z"), 3600).day, 14);
  CivilTime early = ToCivil(T("0001-01-01T00:00:00Z"), 0);
  EXPECT_EQ(early.year, 1);
  EXPECT_EQ(early.day_of_week, 1);  // a Monday in the proleptic Gregorian calendar
  EXPECT_EQ(ToCivil(T("1969-12-31T23:59:59Z"), 0).day_of_week, 3);
}

TEST(CelTimeZone, FixedOffsets) {
  Timestamp t = T("2009-02-13T23:31:30Z");
  EXPECT_EQ(*UtcOffset("UTC", t), 0);
  EXPECT_EQ(*UtcOffset("+11:00", t), 11 * 3600);
  EXPECT_EQ(*UtcOffset("-02:30", t), -9000);
  EXPECT_EQ(*UtcOffset("02:00", t), 7200);
  EXPECT_FALSE(UtcOffset("+25:00", t).ok());
  EXPECT_FALSE(UtcOffset("1:00", t).ok());
}

TEST(CelTimeZone, IanaZonesFromTheTzDatabase) {
  // Winter and summer in both hemispheres, from the transition tables.
  EXPECT_EQ(*UtcOffset("America/New_York", T("2009-02-13T23:31:30Z")), -5 * 3600);
  EXPECT_EQ(*UtcOffset("America/New_York", T("2009-07-01T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(*UtcOffset("Australia/Sydney", T("2009-02-13T23:31:30Z")), 11 * 3600);
  EXPECT_EQ(*UtcOffset("Australia/Sydney", T("2009-07-01T12:00:00Z")), 10 * 3600);
  EXPECT_EQ(*UtcOffset("Asia/Kathmandu", T("2009-02-13T23:31:30Z")), 5 * 3600 + 45 * 60);
  // Far beyond the last transition: the zone's POSIX rule decides.
  EXPECT_EQ(*UtcOffset("America/New_York", T("2400-07-01T12:00:00Z")), -4 * 3600);
  EXPECT_EQ(*UtcOffset("America/New_York", T("2400-01-01T12:00:00Z")), -5 * 3600);
  EXPECT_EQ(*UtcOffset("Australia/Sydney", T("2400-01-01T12:00:00Z")), 11 * 3600);
  EXPECT_EQ(*UtcOffset("Australia/Sydney", T("2400-07-01T12:00:00Z")), 10 * 3600);
}

TEST(CelTimeZone, UnknownAndHostileNames) {
  Timestamp t{};
  EXPECT_FALSE(UtcOffset("Mars/Olympus_Mons", t).ok());
  EXPECT_FALSE(UtcOffset("../../etc/passwd", t).ok());
  EXPECT_FALSE(UtcOffset("/etc/localtime", t).ok());
  EXPECT_FALSE(UtcOffset("Europe/Paris\n", t).ok());
  EXPECT_FALSE(UtcOffset(std::string(1000, 'A'), t).ok());
  EXPECT_FALSE(UtcOffset("", t).ok());
}

}  // namespace
}  // namespace proofline::cel
