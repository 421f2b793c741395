// Tests of cron schedules and freeze windows: every cron syntax and error, firings across month,
// year and leap-day boundaries, the day-of-month/day-of-week rule, absolute windows at their
// edges, the weekend window GitLab users write, and malformed windows naming their line.
#include "gate/freeze.h"

#include <gtest/gtest.h>

#include "cel/time.h"

namespace proofline::gate {
namespace {

int64_t T(const std::string& rfc3339) { return cel::ParseTimestamp(rfc3339)->seconds; }
std::string S(std::optional<int64_t> t) {
  return t ? cel::FormatTimestamp(*cel::MakeTimestamp(*t)) : "none";
}
CronSchedule Cron(const std::string& text) {
  Result<CronSchedule> c = ParseCron(text);
  EXPECT_TRUE(c.ok()) << text << ": " << c.status().message();
  return *c;
}

TEST(CronTest, SyntaxFiresWhereExpected) {
  // Every 15 minutes between 9 and 17 on weekdays.
  CronSchedule c = Cron("*/15 9-17 * * mon-fri");
  EXPECT_EQ(S(c.Previous(T("2026-11-26T12:07:30Z"), 10)), "2026-11-26T12:00:00Z");
  EXPECT_EQ(S(c.Next(T("2026-11-26T17:45:00Z"), 10)), "2026-11-27T09:00:00Z");  // Thu -> Fri
  EXPECT_EQ(S(c.Next(T("2026-11-27T17:45:00Z"), 10)), "2026-11-30T09:00:00Z");  // Fri -> Mon
  // Lists, ranges with steps, names in any case.
  CronSchedule l = Cron("10-40/10 5,17 1 JAN,Jul *");
  EXPECT_EQ(S(l.Next(T("2026-06-15T00:00:00Z"), 400)), "2026-07-01T05:10:00Z");
  EXPECT_EQ(S(l.Next(T("2026-07-01T05:40:00Z"), 400)), "2026-07-01T17:10:00Z");
  EXPECT_EQ(S(l.Next(T("2026-07-01T17:40:00Z"), 400)), "2027-01-01T05:10:00Z");
  EXPECT_EQ(S(l.Previous(T("2026-06-15T00:00:00Z"), 400)), "2026-01-01T17:40:00Z");
  EXPECT_EQ(S(l.Previous(T("2026-06-15T00:00:00Z"), 100)), "none");  // beyond the horizon
}

TEST(CronTest, CrossesMonthYearAndLeapDay) {
  CronSchedule leap = Cron("0 0 29 2 *");
  EXPECT_EQ(S(leap.Next(T("2026-03-01T00:00:00Z"), 400)), "none");  // 2028 is beyond 400 days
  EXPECT_EQ(S(leap.Next(T("2027-03-01T00:00:00Z"), 400)), "2028-02-29T00:00:00Z");
  EXPECT_EQ(S(leap.Previous(T("2026-03-01T00:00:00Z"), 1000)), "2024-02-29T00:00:00Z");
  CronSchedule ny = Cron("30 23 31 12 *");
  EXPECT_EQ(S(ny.Next(T("2026-12-31T23:30:00Z"), 400)), "2027-12-31T23:30:00Z");  // strictly after
  EXPECT_EQ(S(ny.Previous(T("2026-12-31T23:30:59Z"), 400)),
            "2026-12-31T23:30:00Z");  // at or before
  EXPECT_EQ(S(Cron("0 0 31 * *").Next(T("2026-11-26T00:00:00Z"), 400)), "2026-12-31T00:00:00Z");
}

TEST(CronTest, DayFieldsCombineAsVixieCron) {
  // Both restricted: the 13th OR any Friday.
  CronSchedule either = Cron("0 0 13 * 5");
  EXPECT_EQ(S(either.Next(T("2026-11-10T00:00:00Z"), 40)), "2026-11-13T00:00:00Z");  // a Friday
  EXPECT_EQ(S(either.Next(T("2026-11-13T00:00:00Z"), 40)), "2026-11-20T00:00:00Z");
  EXPECT_EQ(S(either.Next(T("2027-01-08T00:00:00Z"), 40)), "2027-01-13T00:00:00Z");  // a Wed
  // Only one restricted: that one alone.
  EXPECT_EQ(S(Cron("0 0 13 * *").Next(T("2026-11-13T00:00:00Z"), 40)), "2026-12-13T00:00:00Z");
  // Sunday is 0 and 7.
  EXPECT_EQ(S(Cron("0 12 * * 0").Next(T("2026-11-26T00:00:00Z"), 10)), "2026-11-29T12:00:00Z");
  EXPECT_EQ(S(Cron("0 12 * * 7").Next(T("2026-11-26T00:00:00Z"), 10)), "2026-11-29T12:00:00Z");
  EXPECT_EQ(S(Cron("0 12 * * 5/7").Next(T("2026-11-26T00:00:00Z"), 10)), "2026-11-27T12:00:00Z");
}

TEST(CronTest, ErrorsNameTheFieldAndText) {
  struct Case {
    const char* text;
    const char* error;
  };
  for (const Case& c : {
           Case{"0 25 * * *", "cron '0 25 * * *': hour 25 out of range 0-23"},
           Case{"60 * * * *", "cron '60 * * * *': minute 60 out of range 0-59"},
           Case{"0 0 0 * *", "cron '0 0 0 * *': day-of-month 0 out of range 1-31"},
           Case{"0 0 * 13 *", "cron '0 0 * 13 *': month 13 out of range 1-12"},
           Case{"0 0 * * 8", "cron '0 0 * * 8': day-of-week 8 out of range 0-7"},
           Case{"0 0 * foo *", "cron '0 0 * foo *': month name 'foo' is unknown"},
           Case{"0 0 * * 5-1", "cron '0 0 * * 5-1': day-of-week range 5-1 runs backwards"},
           Case{"*/0 * * * *", "cron '*/0 * * * *': minute step 0 must be >= 1"},
           Case{"x * * * *", "cron 'x * * * *': minute 'x' is not a number"},
           Case{"1,,2 * * * *", "cron '1,,2 * * * *': minute '' is not a number"},
           Case{"0 0 * *",
                "cron '0 0 * *': expected 5 fields (minute hour day-of-month month "
                "day-of-week), found 4"},
           Case{"@daily",
                "cron '@daily': macros such as @daily are not supported; write the 5 "
                "fields"},
       }) {
    Result<CronSchedule> r = ParseCron(c.text);
    ASSERT_FALSE(r.ok()) << c.text;
    EXPECT_EQ(r.status().message(), c.error);
  }
}

FreezeWindow Window(const std::string& yaml) {
  Result<FreezeWindow> w = ParseFreezeWindow(YAML::Load(yaml), "proofline.yaml");
  EXPECT_TRUE(w.ok()) << w.status().message();
  return *w;
}

std::string At(const FreezeWindow& w, const std::string& now) {
  Result<FreezeState> s = FreezeAt(w, now);
  if (!s.ok()) return s.status().message();
  return s->in_force ? "in force since " + s->since + " until " + s->until : "not in force";
}

TEST(FreezeTest, AbsoluteWindowIncludesFromExcludesUntil) {
  FreezeWindow w = Window(
      "{from: '2026-12-20T01:00:00+01:00', until: '2027-01-04T00:00:00Z', reason: year end}");
  EXPECT_EQ(w.from, "2026-12-20T00:00:00Z");  // normalised to UTC
  EXPECT_EQ(At(w, "2026-12-19T23:59:59Z"), "not in force");
  EXPECT_EQ(At(w, "2026-12-20T00:00:00Z"),
            "in force since 2026-12-20T00:00:00Z until 2027-01-04T00:00:00Z");
  EXPECT_EQ(At(w, "2027-01-03T23:59:59.999Z"),
            "in force since 2026-12-20T00:00:00Z until 2027-01-04T00:00:00Z");
  EXPECT_EQ(At(w, "2027-01-04T00:00:00Z"), "not in force");
  EXPECT_EQ(At(w, "yesterday"), At(w, "yesterday"));
  EXPECT_FALSE(FreezeAt(w, "yesterday").ok());
}

TEST(FreezeTest, WeekendWindowFollowsGitLabSemantics) {
  FreezeWindow w = Window("{start: '0 16 * * 5', end: '0 8 * * 1', reason: weekend}");
  EXPECT_EQ(At(w, "2026-11-27T15:59:00Z"), "not in force");  // Friday
  EXPECT_EQ(At(w, "2026-11-27T16:00:00Z"),
            "in force since 2026-11-27T16:00:00Z until 2026-11-30T08:00:00Z");
  EXPECT_EQ(At(w, "2026-11-29T12:00:00Z"),
            "in force since 2026-11-27T16:00:00Z until 2026-11-30T08:00:00Z");  // Sunday
  EXPECT_EQ(At(w, "2026-11-30T07:59:59Z"),
            "in force since 2026-11-27T16:00:00Z until 2026-11-30T08:00:00Z");
  EXPECT_EQ(At(w, "2026-11-30T08:00:00Z"), "not in force");  // Monday
  EXPECT_EQ(At(w, "2026-12-02T12:00:00Z"), "not in force");
  // Start and end at the same minute: never in force.
  EXPECT_EQ(At(Window("{start: '0 8 * * *', end: '0 8 * * *', reason: r}"), "2026-11-26T08:30:00Z"),
            "not in force");
}

TEST(FreezeTest, MalformedWindowsNameTheLine) {
  struct Case {
    const char* yaml;
    const char* error;
  };
  for (const Case& c : {
           Case{"\n{from: '2026-01-01T00:00:00Z', until: '2026-02-01T00:00:00Z', why: x}",
                "proofline.yaml:2: unknown key 'why' in a freeze window"},
           Case{"{from: '2026-01-01T00:00:00Z', until: '2026-02-01T00:00:00Z'}",
                "proofline.yaml:1: a freeze window needs a `reason`"},
           Case{
               "{from: '2026-01-01T00:00:00Z', until: '2026-02-01T00:00:00Z', start: '0 0 * * *', "
               "end: '0 1 * * *', reason: r}",
               "proofline.yaml:1: a freeze window has either {from, until} or {start, end} (cron)"},
           Case{"{from: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z', reason: r}",
                "proofline.yaml:1: from 2026-02-01T00:00:00Z is not before until "
                "2026-01-01T00:00:00Z"},
           Case{"{from: '2026-02-01T00:00:00Z', reason: r}",
                "proofline.yaml:1: a window needs both from and until"},
           Case{"{start: '0 25 * * *', end: '0 1 * * *', reason: r}",
                "proofline.yaml:1: start: cron '0 25 * * *': hour 25 out of range 0-23"},
           Case{"[1, 2]",
                "proofline.yaml:1: a freeze window must be {from, until, reason} or {start, end, "
                "reason}"},
       }) {
    Result<FreezeWindow> r = ParseFreezeWindow(YAML::Load(c.yaml), "proofline.yaml");
    ASSERT_FALSE(r.ok()) << c.yaml;
    EXPECT_EQ(r.status().message(), c.error);
  }
}

}  // namespace
}  // namespace proofline::gate
