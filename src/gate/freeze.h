// Deployment freeze windows: while one is in force, the gate denies deployments to its
// environment. Two forms, as elements of an environment's `freeze:` list in proofline.yaml:
//
//   - {from: "2026-12-20T00:00:00Z", until: "2027-01-04T00:00:00Z", reason: year-end close}
//   - {start: "0 16 * * 5", end: "0 8 * * 1", reason: no weekend deployments}
//
// Absolute windows hold from `from` (included) to `until` (excluded). Recurring windows follow
// GitLab's deploy freezes, with 5-field cron expressions evaluated in UTC: a window is in force
// when the latest `start` firing at or before now is later than the latest `end` firing at or
// before now, so a window whose start and end fire at the same minute is never in force.
// The cron evaluator is written here: Debian packages no C++ cron library, and the syntax is
// small (fields, lists, ranges, steps, names).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace proofline::gate {

// One 5-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC.
// Immutable once parsed; safe to share between threads.
class CronSchedule {
 public:
  // The latest whole minute <= t (seconds since the epoch, UTC) at which the schedule fires, no
  // earlier than t - horizon_days days; nullopt when there is none. Next: the earliest whole
  // minute > t, no later than t + horizon_days days. Neither searches outside the years
  // 0001..9999 (cel::Timestamp's range). Cost: one calendar conversion per day searched and a
  // bit scan on the day found.
  std::optional<int64_t> Previous(int64_t t, int horizon_days) const;
  std::optional<int64_t> Next(int64_t t, int horizon_days) const;

 private:
  friend Result<CronSchedule> ParseCron(std::string_view text);

  bool DayMatches(int64_t day) const;                // day: days since 1970-01-01
  std::optional<int> LatestInDay(int limit) const;   // minute of the day, <= limit
  std::optional<int> EarliestInDay(int from) const;  // minute of the day, >= from

  // Bit v is set when value v matches. Sunday is bit 0 of days_of_week_ (7 is folded into 0).
  uint64_t minutes_ = 0, hours_ = 0, days_of_month_ = 0, months_ = 0, days_of_week_ = 0;
  // Vixie cron: a day field written starting with `*` is unrestricted; when neither is, a day
  // matches if either field does, otherwise it must match both.
  bool day_of_month_star_ = false, day_of_week_star_ = false;
};

// Parses "0 16 * * 5": `*`, numbers, lists `1,3,5`, ranges `1-5` (not wrapping around), steps
// `*/15` and `10-40/10` (a step needs `*` or a range), month names jan..dec and weekday names
// sun..sat (any case, also in ranges and lists), day-of-week 0-7 (0 and 7 are Sunday). As in
// Vixie cron, `*/2` in a day field counts as unrestricted for the either-day rule.
// InvalidArgument "cron 'TEXT': FIELD ..." naming the field and the bad text, e.g.
// "cron '0 25 * * *': hour 25 out of range 0-23"; also for macros (@daily), a field count other
// than 5, and a day-of-month that no selected month has (`0 0 30 2 *` would never fire).
Result<CronSchedule> ParseCron(std::string_view text);

// One window as configured. It holds the texts only: FreezeAt compiles them on each call
// (microseconds), so a window built or edited in code cannot disagree with a stale compiled copy.
struct FreezeWindow {
  std::string reason;
  std::string origin;  // "SOURCE:LINE" of the window in proofline.yaml
  // Absolute form: both set, RFC 3339 normalised to UTC ("...Z"), from < until.
  std::string from, until;
  // Recurring form: both set, cron texts as written.
  std::string start, end;
};

// One element of an environment's `freeze:` list: a mapping with exactly one of the forms
// {from, until} and {start, end}, and a non-empty `reason`. InvalidArgument "SOURCE:LINE: ..."
// (1-based, as base/yaml_check.h) naming the key, for: an unknown or repeated key, a value that
// is not a non-empty string, a missing or mixed form, a bad time or cron, from >= until.
Result<FreezeWindow> ParseFreezeWindow(const YAML::Node& node, const std::string& source);

struct FreezeState {
  bool in_force = false;
  // When in force, RFC 3339 UTC: when this occurrence began and when it ends (until is "" when a
  // recurring window's next `end` firing is beyond the 400-day horizon).
  std::string since, until;
};

// Whether `w` is in force at `now` (RFC 3339, any offset). Absolute: from <= now < until.
// Recurring (a window with `start` or `end` set): the rule in the file comment, looking back at
// most 400 days so that yearly schedules work (a `start` firing with no `end` firing since, within
// that horizon, counts as in force since that start) and ahead as far for `until`.
// InvalidArgument for a bad `now`, or for texts that do not parse in a window built in code.
Result<FreezeState> FreezeAt(const FreezeWindow& w, const std::string& now);

}  // namespace proofline::gate
