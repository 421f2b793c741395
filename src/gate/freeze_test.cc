// Tests of cron schedules and freeze windows: every cron syntax and error, firings across month,
// year and leap-day boundaries and at the search horizon, the day-of-month/day-of-week rule,
// absolute windows at their edges, the weekend and year-end windows GitLab users write, and
// malformed windows reported with their key and line.
#include "gate/freeze.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "cel/time.h"

namespace proofline::gate {
namespace {

int64_t Seconds(const std::string& rfc3339) {
  Result<cel::Timestamp> t = cel::ParseTimestamp(rfc3339);
  EXPECT_TRUE(t.ok()) << rfc3339;
  return t.ok() ? t->seconds : 0;
}

std::string Text(std::optional<int64_t> t) {
  return t ? cel::FormatTimestamp(cel::Timestamp{*t, 0}) : "none";
}

CronSchedule Cron(const std::string& text) {
  Result<CronSchedule> c = ParseCron(text);
  EXPECT_TRUE(c.ok()) << text << ": " << c.status().message();
  return c.ok() ? *c : CronSchedule();
}

// The latest firing of `cron` at or before `at`, looking back `days` days, as RFC 3339.
std::string Prev(const std::string& cron, const std::string& at, int days) {
  return Text(Cron(cron).Previous(Seconds(at), days));
}
// The earliest firing after `at`, looking ahead `days` days.
std::string Next(const std::string& cron, const std::string& at, int days) {
  return Text(Cron(cron).Next(Seconds(at), days));
}

TEST(CronTest, StepsListsRangesAndNames) {
  EXPECT_EQ(Prev("*/15 * * * *", "2026-11-26T12:07:30Z", 1), "2026-11-26T12:00:00Z");
  EXPECT_EQ(Next("*/15 * * * *", "2026-11-26T12:07:30Z", 1), "2026-11-26T12:15:00Z");
  EXPECT_EQ(Next("10-40/10 * * * *", "2026-11-26T12:40:00Z", 1), "2026-11-26T13:10:00Z");
  EXPECT_EQ(Prev("10-40/10 * * * *", "2026-11-26T12:09:59Z", 1), "2026-11-26T11:40:00Z");
  EXPECT_EQ(Prev("0 0-23/6 * * *", "2026-11-26T17:59:00Z", 1), "2026-11-26T12:00:00Z");
  // Lists of numbers and of names in any case.
  EXPECT_EQ(Next("5,35 9 1 jan,JUL *", "2026-06-15T00:00:00Z", 400), "2026-07-01T09:05:00Z");
  EXPECT_EQ(Next("5,35 9 1 jan,JUL *", "2026-07-01T09:05:00Z", 400), "2026-07-01T09:35:00Z");
  EXPECT_EQ(Next("5,35 9 1 jan,JUL *", "2026-07-01T09:35:00Z", 400), "2027-01-01T09:05:00Z");
  EXPECT_EQ(Prev("5,35 9 1 jan,JUL *", "2026-06-15T00:00:00Z", 400), "2026-01-01T09:35:00Z");
  // Ranges of names; 2026-11-27 is a Friday.
  EXPECT_EQ(Next("0 9 * * MON-fri", "2026-11-27T09:00:00Z", 7), "2026-11-30T09:00:00Z");
  EXPECT_EQ(Next("0 0 * Feb-Apr sun", "2026-11-26T00:00:00Z", 400), "2027-02-07T00:00:00Z");
  // Any blanks separate the fields.
  EXPECT_EQ(Next(" 0\t16  * * 5 ", "2026-11-26T00:00:00Z", 7), "2026-11-27T16:00:00Z");
}

TEST(CronTest, PreviousAndNextCrossMonthsAndYears) {
  // Next is strictly after; Previous is at or before (seconds within the minute ignored).
  EXPECT_EQ(Next("30 23 31 12 *", "2026-12-31T23:30:00Z", 400), "2027-12-31T23:30:00Z");
  EXPECT_EQ(Prev("30 23 31 12 *", "2026-12-31T23:30:59Z", 400), "2026-12-31T23:30:00Z");
  EXPECT_EQ(Prev("30 23 31 12 *", "2027-06-01T00:00:00Z", 400), "2026-12-31T23:30:00Z");
  EXPECT_EQ(Next("0 0 1 * *", "2026-12-31T23:59:59Z", 1), "2027-01-01T00:00:00Z");
  EXPECT_EQ(Prev("0 0 1 * *", "2027-01-01T00:00:00Z", 1), "2027-01-01T00:00:00Z");
  // Months without a 31st are skipped.
  EXPECT_EQ(Next("0 0 31 * *", "2026-11-26T00:00:00Z", 400), "2026-12-31T00:00:00Z");
  EXPECT_EQ(Prev("0 0 31 * *", "2026-12-30T00:00:00Z", 400), "2026-10-31T00:00:00Z");
  // Before 1970 (negative seconds).
  EXPECT_EQ(Prev("59 23 * * *", "1969-12-31T23:59:30Z", 1), "1969-12-31T23:59:00Z");
  EXPECT_EQ(Next("59 23 * * *", "1969-12-31T23:59:00Z", 1), "1970-01-01T23:59:00Z");
}

TEST(CronTest, LeapDayFiresOnlyInLeapYears) {
  EXPECT_EQ(Next("0 0 29 2 *", "2026-03-01T00:00:00Z", 400), "none");  // 2028 is 730 days on
  EXPECT_EQ(Next("0 0 29 2 *", "2027-03-01T00:00:00Z", 400), "2028-02-29T00:00:00Z");
  EXPECT_EQ(Prev("0 0 29 2 *", "2026-03-01T00:00:00Z", 1000), "2024-02-29T00:00:00Z");
  EXPECT_EQ(Next("0 0 29 2 *", "2096-03-01T00:00:00Z", 3000), "2104-02-29T00:00:00Z");  // not 2100
}

TEST(CronTest, HorizonBoundsTheSearchInclusively) {
  // 2026-01-01T12:00 is exactly 151 days before 2026-06-01T12:00.
  EXPECT_EQ(Prev("0 12 1 1 *", "2026-06-01T12:00:00Z", 151), "2026-01-01T12:00:00Z");
  EXPECT_EQ(Prev("0 12 1 1 *", "2026-06-01T12:01:00Z", 151), "none");
  EXPECT_EQ(Next("0 12 1 1 *", "2025-12-31T12:00:00Z", 1), "2026-01-01T12:00:00Z");
  EXPECT_EQ(Next("0 12 1 1 *", "2025-12-31T11:59:00Z", 1), "none");
  EXPECT_EQ(Prev("* * * * *", "2026-11-26T12:00:00Z", 0), "2026-11-26T12:00:00Z");
  EXPECT_EQ(Text(Cron("* * * * *").Previous(Seconds("2026-11-26T12:00:00Z"), -1)), "none");
  // The search stays within years 0001..9999.
  EXPECT_EQ(Text(Cron("0 0 1 1 *").Previous(cel::kMinTimestampSeconds, 400)),
            "0001-01-01T00:00:00Z");
  EXPECT_EQ(Text(Cron("0 0 1 1 *").Previous(cel::kMinTimestampSeconds - 1, 400)), "none");
  EXPECT_EQ(Text(Cron("59 23 31 12 *").Next(cel::kMaxTimestampSeconds - 60, 400)),
            "9999-12-31T23:59:00Z");
  EXPECT_EQ(Text(Cron("59 23 31 12 *").Next(cel::kMaxTimestampSeconds, 400)), "none");
  EXPECT_EQ(Text(Cron("0 0 1 1 *").Next(cel::kMinTimestampSeconds - 1, 1)), "0001-01-01T00:00:00Z");
  EXPECT_EQ(Text(Cron("59 23 31 12 *").Previous(cel::kMaxTimestampSeconds + 60, 1)),
            "9999-12-31T23:59:00Z");
  EXPECT_EQ(Text(Cron("* * * * *").Previous(INT64_MAX, 400)), "none");
  EXPECT_EQ(Text(Cron("* * * * *").Next(INT64_MIN, 400)), "none");
}

TEST(CronTest, BothDayFieldsRestrictedMatchEither) {
  // The 13th or any Friday (Vixie cron). 2026-11-13 is a Friday, 2026-12-13 a Sunday.
  EXPECT_EQ(Next("0 0 13 * 5", "2026-11-10T00:00:00Z", 40), "2026-11-13T00:00:00Z");
  EXPECT_EQ(Next("0 0 13 * 5", "2026-11-13T00:00:00Z", 40), "2026-11-20T00:00:00Z");
  EXPECT_EQ(Next("0 0 13 * 5", "2026-12-05T00:00:00Z", 40), "2026-12-11T00:00:00Z");
  EXPECT_EQ(Next("0 0 13 * 5", "2026-12-12T00:00:00Z", 40), "2026-12-13T00:00:00Z");
  // One restricted: that one alone.
  EXPECT_EQ(Next("0 0 13 * *", "2026-11-13T00:00:00Z", 40), "2026-12-13T00:00:00Z");
  EXPECT_EQ(Next("0 0 * * 5", "2026-11-13T00:00:00Z", 40), "2026-11-20T00:00:00Z");
  // A field written from `*` counts as unrestricted, so both must match: odd days that are
  // Mondays (2026-12-07); written as a range it is restricted: odd days or Mondays (11-27).
  EXPECT_EQ(Next("0 0 */2 * 1", "2026-11-26T00:00:00Z", 40), "2026-12-07T00:00:00Z");
  EXPECT_EQ(Next("0 0 1-31/2 * 1", "2026-11-26T00:00:00Z", 40), "2026-11-27T00:00:00Z");
}

TEST(CronTest, SundayIsZeroAndSeven) {
  EXPECT_EQ(Next("0 12 * * 0", "2026-11-26T00:00:00Z", 7), "2026-11-29T12:00:00Z");
  EXPECT_EQ(Next("0 12 * * 7", "2026-11-26T00:00:00Z", 7), "2026-11-29T12:00:00Z");
  EXPECT_EQ(Next("0 12 * * SUN", "2026-11-26T00:00:00Z", 7), "2026-11-29T12:00:00Z");
  EXPECT_EQ(Next("0 12 * * 5-7", "2026-11-28T13:00:00Z", 7), "2026-11-29T12:00:00Z");
  EXPECT_EQ(Next("0 12 * * 5-7", "2026-11-29T13:00:00Z", 7), "2026-12-04T12:00:00Z");
  EXPECT_EQ(Prev("0 12 * * 7", "2026-11-29T11:59:00Z", 7), "2026-11-22T12:00:00Z");
}

TEST(CronTest, ErrorsNameTheFieldAndTheText) {
  const std::pair<const char*, const char*> cases[] = {
      {"0 25 * * *", "cron '0 25 * * *': hour 25 out of range 0-23"},
      {"60 * * * *", "cron '60 * * * *': minute 60 out of range 0-59"},
      {"0 0 0 * *", "cron '0 0 0 * *': day-of-month 0 out of range 1-31"},
      {"0 0 * 13 *", "cron '0 0 * 13 *': month 13 out of range 1-12"},
      {"0 0 * * 8", "cron '0 0 * * 8': day-of-week 8 out of range 0-7"},
      {"99999999999 * * * *", "cron '99999999999 * * * *': minute 99999999999 out of range 0-59"},
      {"0 0 * foo *", "cron '0 0 * foo *': month 'foo' is not a number or a name (jan..dec)"},
      {"0 0 * * monday",
       "cron '0 0 * * monday': day-of-week 'monday' is not a number or a name "
       "(sun..sat)"},
      {"x * * * *", "cron 'x * * * *': minute 'x' is not a number"},
      {"0 0 ? * *", "cron '0 0 ? * *': day-of-month '?' is not a number"},
      {"0 0 * * fri-mon", "cron '0 0 * * fri-mon': day-of-week range 'fri-mon' runs backwards"},
      {"0 0 * * 1-", "cron '0 0 * * 1-': day-of-week '1-' is not a value, a range or *"},
      {"-5 * * * *", "cron '-5 * * * *': minute '-5' is not a value, a range or *"},
      {"1-2-3 * * * *", "cron '1-2-3 * * * *': minute '2-3' is not a number"},
      {"*/0 * * * *", "cron '*/0 * * * *': minute step 0 out of range 1-59"},
      {"0 */24 * * *", "cron '0 */24 * * *': hour step 24 out of range 1-23"},
      {"*/x * * * *", "cron '*/x * * * *': minute step 'x' is not a number"},
      {"5/10 * * * *",
       "cron '5/10 * * * *': minute '5/10': a step needs * or a range before it, e.g. 5-59/10"},
      {"1,,2 * * * *", "cron '1,,2 * * * *': minute '1,,2' has an empty list element"},
      {"0 0 30 2 *", "cron '0 0 30 2 *': day-of-month '30' never occurs in month '2'"},
      {"0 0 31 apr,jun *",
       "cron '0 0 31 apr,jun *': day-of-month '31' never occurs in month "
       "'apr,jun'"},
      {"0 0 * *",
       "cron '0 0 * *': expected 5 fields (minute hour day-of-month month "
       "day-of-week), found 4"},
      {"0 0 0 * * *",
       "cron '0 0 0 * * *': expected 5 fields (minute hour day-of-month month "
       "day-of-week), found 6"},
      {"", "cron '': expected 5 fields (minute hour day-of-month month day-of-week), found 0"},
      {"@daily", "cron '@daily': macros such as @daily are not supported; write the 5 fields"},
      {" @reboot", "cron ' @reboot': macros such as @daily are not supported; write the 5 fields"},
  };
  for (const auto& [text, error] : cases) {
    Result<CronSchedule> r = ParseCron(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << text;
    EXPECT_EQ(r.status().message(), error);
  }
  // Both day fields restricted: a Friday the 30th of February never comes, but Fridays do.
  EXPECT_TRUE(ParseCron("0 0 30 2 5").ok());
}

FreezeWindow Window(const std::string& yaml) {
  Result<FreezeWindow> w = ParseFreezeWindow(YAML::Load(yaml), "proofline.yaml");
  EXPECT_TRUE(w.ok()) << w.status().message();
  return w.ok() ? *w : FreezeWindow();
}

std::string At(const FreezeWindow& w, const std::string& now) {
  Result<FreezeState> s = FreezeAt(w, now);
  if (!s.ok()) return "error: " + s.status().message();
  if (!s->in_force) return "not in force";
  return "since " + s->since + " until " + (s->until.empty() ? "(beyond the horizon)" : s->until);
}

TEST(FreezeTest, ParsesBothFormsWithTheirOrigin) {
  const YAML::Node root = YAML::Load(R"(environments:
  production:
    freeze:
      - from: "2026-12-20T01:00:00+01:00"
        until: 2027-01-04T00:00:00.500Z
        reason: year-end close
      - {start: "0 16 * * 5", end: "0 8 * * 1", reason: no weekend deployments}
)");
  const YAML::Node list = root["environments"]["production"]["freeze"];
  Result<FreezeWindow> year_end = ParseFreezeWindow(list[0], "proofline.yaml");
  ASSERT_TRUE(year_end.ok()) << year_end.status().message();
  EXPECT_EQ(year_end->origin, "proofline.yaml:4");
  EXPECT_EQ(year_end->reason, "year-end close");
  EXPECT_EQ(year_end->from, "2026-12-20T00:00:00Z");  // normalised to UTC
  EXPECT_EQ(year_end->until, "2027-01-04T00:00:00.5Z");
  EXPECT_EQ(year_end->start, "");
  Result<FreezeWindow> weekend = ParseFreezeWindow(list[1], "proofline.yaml");
  ASSERT_TRUE(weekend.ok()) << weekend.status().message();
  EXPECT_EQ(weekend->origin, "proofline.yaml:7");
  EXPECT_EQ(weekend->reason, "no weekend deployments");
  EXPECT_EQ(weekend->start, "0 16 * * 5");
  EXPECT_EQ(weekend->end, "0 8 * * 1");
  EXPECT_EQ(weekend->from, "");
}

TEST(FreezeTest, AbsoluteWindowIncludesFromAndExcludesUntil) {
  FreezeWindow w = Window(
      "{from: '2026-12-20T01:00:00+01:00', until: '2027-01-04T00:00:00Z', reason: year end}");
  const std::string in_force = "since 2026-12-20T00:00:00Z until 2027-01-04T00:00:00Z";
  EXPECT_EQ(At(w, "2026-12-19T23:59:59.999999999Z"), "not in force");
  EXPECT_EQ(At(w, "2026-12-20T00:00:00Z"), in_force);
  EXPECT_EQ(At(w, "2026-12-25T12:00:00-05:00"), in_force);
  EXPECT_EQ(At(w, "2027-01-03T23:59:59.999Z"), in_force);
  EXPECT_EQ(At(w, "2027-01-04T00:00:00Z"), "not in force");
  EXPECT_EQ(At(w, "2027-03-01T00:00:00Z"), "not in force");
}

TEST(FreezeTest, WeekendWindowRunsFromFridayToMonday) {
  FreezeWindow w = Window("{start: '0 16 * * 5', end: '0 8 * * 1', reason: no weekend}");
  const std::string weekend = "since 2026-11-27T16:00:00Z until 2026-11-30T08:00:00Z";
  EXPECT_EQ(At(w, "2026-11-27T15:59:00Z"), "not in force");  // Friday
  EXPECT_EQ(At(w, "2026-11-27T15:59:59.999Z"), "not in force");
  EXPECT_EQ(At(w, "2026-11-27T16:00:00Z"), weekend);
  EXPECT_EQ(At(w, "2026-11-27T17:00:00+01:00"), weekend);  // 16:00 UTC
  EXPECT_EQ(At(w, "2026-11-29T12:00:00Z"), weekend);       // Sunday
  EXPECT_EQ(At(w, "2026-11-30T07:59:00Z"), weekend);       // Monday
  EXPECT_EQ(At(w, "2026-11-30T07:59:59.999Z"), weekend);
  EXPECT_EQ(At(w, "2026-11-30T08:00:00Z"), "not in force");
  EXPECT_EQ(At(w, "2026-12-02T12:00:00Z"), "not in force");  // Wednesday
}

TEST(FreezeTest, StartAndEndAtTheSameMinuteIsNeverInForce) {
  FreezeWindow w = Window("{start: '0 8 * * *', end: '0 8 * * *', reason: r}");
  EXPECT_EQ(At(w, "2026-11-26T07:59:00Z"), "not in force");
  EXPECT_EQ(At(w, "2026-11-26T08:00:00Z"), "not in force");
  EXPECT_EQ(At(w, "2026-11-26T08:30:00Z"), "not in force");
}

TEST(FreezeTest, YearlyWindowLooksBackAcrossTheYearEnd) {
  FreezeWindow w = Window("{start: '0 0 20 dec *', end: '0 0 4 jan *', reason: year-end close}");
  EXPECT_EQ(At(w, "2026-12-19T23:59:00Z"), "not in force");
  EXPECT_EQ(At(w, "2027-01-01T00:00:00Z"), "since 2026-12-20T00:00:00Z until 2027-01-04T00:00:00Z");
  EXPECT_EQ(At(w, "2027-01-04T00:00:00Z"), "not in force");
  EXPECT_EQ(At(w, "2027-11-30T00:00:00Z"), "not in force");
}

TEST(FreezeTest, FiringsBeyondTheHorizonDoNotCount) {
  // Started today; the last end (2024-02-29) and the next (2028-02-29) are beyond 400 days.
  FreezeWindow open_ended = Window("{start: '0 0 * * *', end: '0 0 29 2 *', reason: r}");
  EXPECT_EQ(At(open_ended, "2026-11-26T12:00:00Z"),
            "since 2026-11-26T00:00:00Z until (beyond the horizon)");
  // The last start (2024-02-29) is beyond 400 days: not in force.
  FreezeWindow stale = Window("{start: '0 0 29 2 *', end: '0 0 1 3 *', reason: r}");
  EXPECT_EQ(At(stale, "2026-11-26T12:00:00Z"), "not in force");
}

TEST(FreezeTest, BadNowAndUnreadableHandBuiltWindowsAreErrors) {
  FreezeWindow w = Window("{start: '0 16 * * 5', end: '0 8 * * 1', reason: r}");
  EXPECT_EQ(At(w, "yesterday"),
            "error: now: 'yesterday' is not an RFC 3339 timestamp (expected YYYY-)");
  EXPECT_EQ(FreezeAt(w, "").status().code(), StatusCode::kInvalidArgument);
  FreezeWindow bad_cron;
  bad_cron.start = "0 25 * * *";
  bad_cron.end = "0 8 * * 1";
  EXPECT_EQ(At(bad_cron, "2026-11-26T00:00:00Z"),
            "error: `start`: cron '0 25 * * *': hour 25 out of range 0-23");
  FreezeWindow bad_time;
  bad_time.from = "2026-11-26";
  bad_time.until = "2026-11-27T00:00:00Z";
  EXPECT_EQ(At(bad_time, "2026-11-26T00:00:00Z"),
            "error: `from`: '2026-11-26' is not an RFC 3339 timestamp (expected DDT)");
}

TEST(FreezeTest, MalformedWindowsNameTheKeyAndLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"reason: r\nfrom: 2026-01-01T00:00:00Z\nuntil: 2026-02-01T00:00:00Z\nwhy: x\n",
       "proofline.yaml:4: unknown key 'why'"},
      {"from: 2026-01-01T00:00:00Z\nuntil: 2026-02-01T00:00:00Z\n",
       "proofline.yaml:1: a freeze window needs a `reason`"},
      {"from: 2026-01-01T00:00:00Z\nuntil: 2026-02-01T00:00:00Z\nreason: ' '\n",
       "proofline.yaml:3: `reason` must be a non-empty string"},
      {"from: 2026-01-01T00:00:00Z\nuntil: [2026-02-01T00:00:00Z]\nreason: r\n",
       "proofline.yaml:2: `until` must be a non-empty string"},
      {"reason: a\nreason: b\n", "proofline.yaml:2: key 'reason' appears twice"},
      {"reason: r\nfrom: 2026-01-01T00:00:00Z\nuntil: 2026-02-01T00:00:00Z\nstart: 0 0 * * *\n"
       "end: 0 1 * * *\n",
       "proofline.yaml:1: a freeze window has either {from, until} or {start, end}, not both"},
      {"reason: r\n", "proofline.yaml:1: a freeze window needs {from, until} or {start, end}"},
      {"reason: r\nfrom: 2026-01-01T00:00:00Z\n", "proofline.yaml:1: `from` needs `until`"},
      {"reason: r\nuntil: 2026-01-01T00:00:00Z\n", "proofline.yaml:1: `until` needs `from`"},
      {"reason: r\nend: 0 8 * * 1\n", "proofline.yaml:1: `end` needs `start`"},
      {"reason: r\nfrom: 2026-01-01T00:00:00Z\nuntil: next week\n",
       "proofline.yaml:3: `until`: 'next week' is not an RFC 3339 timestamp (expected YYYY-)"},
      {"reason: r\nfrom: 2026-01-01T00:00:00Z\nuntil: 2026-01-01T00:00:00Z\n",
       "proofline.yaml:1: `from` 2026-01-01T00:00:00Z is not before `until` "
       "2026-01-01T00:00:00Z"},
      {"reason: r\nfrom: 2026-01-01T01:00:00+02:00\nuntil: 2025-12-31T22:00:00Z\n",
       "proofline.yaml:1: `from` 2025-12-31T23:00:00Z is not before `until` "
       "2025-12-31T22:00:00Z"},
      {"reason: r\nstart: 0 25 * * *\nend: 0 8 * * 1\n",
       "proofline.yaml:2: `start`: cron '0 25 * * *': hour 25 out of range 0-23"},
      {"reason: r\nstart: 0 16 * * 5\nend: '@weekly'\n",
       "proofline.yaml:3: `end`: cron '@weekly': macros such as @daily are not supported; write "
       "the 5 fields"},
      {"\n- a\n- b\n",
       "proofline.yaml:2: a freeze window must be a mapping {from, until, reason} or {start, "
       "end, reason}"},
  };
  for (const auto& [yaml, error] : cases) {
    Result<FreezeWindow> r = ParseFreezeWindow(YAML::Load(yaml), "proofline.yaml");
    ASSERT_FALSE(r.ok()) << yaml;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << yaml;
    EXPECT_EQ(r.status().message(), error);
  }
}

}  // namespace
}  // namespace proofline::gate
