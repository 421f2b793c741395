// Deployment freeze windows: while one is in force, the gate denies deployments to its
// environment. Two forms, as an environment's `freeze:` list in proofline.yaml:
//
//   - {from: "2026-12-20T00:00:00Z", until: "2027-01-04T00:00:00Z", reason: year-end close}
//   - {start: "0 16 * * 5", end: "0 8 * * 1", reason: no weekend deployments}
//
// Absolute windows hold from `from` (included) to `until` (excluded). Recurring windows use
// GitLab's deploy-freeze semantics with 5-field cron expressions in UTC: in force when the latest
// `start` firing at or before now is later than the latest `end` firing at or before now.
// Written by hand: no Debian package parses cron expressions as a library, and the subset is
// small (fields, lists, ranges, steps, names).
#pragma once

#include <yaml-cpp/yaml.h>

#include <bitset>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace proofline::gate {

// One 5-field cron expression (minute hour day-of-month month day-of-week), evaluated in UTC.
class CronSchedule {
 public:
  // The latest minute <= t (seconds since the epoch) at which it fires, looking back at most
  // `horizon_days`; nullopt when none. Next: the earliest minute > t, looking ahead as far.
  std::optional<int64_t> Previous(int64_t t, int horizon_days) const;
  std::optional<int64_t> Next(int64_t t, int horizon_days) const;

 private:
  friend Result<CronSchedule> ParseCron(std::string_view text);
  bool DayMatches(int64_t day) const;  // days since the epoch

  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1..31
  std::bitset<13> months_;   // 1..12
  std::bitset<7> weekdays_;  // 0 = Sunday
  bool any_day_ = true, any_weekday_ = true;
};

// Parses "0 16 * * 5": `*`, numbers, lists `1,3,5`, ranges `1-5`, steps `*/15` and `10-40/10`,
// month names jan..dec and weekday names sun..sat (any case); day-of-week 0-7 (0 and 7 are
// Sunday). When both day fields are restricted a day matches if either does (Vixie cron).
// InvalidArgument naming the field and the text, e.g. "cron '0 25 * * *': hour 25 out of range
// 0-23". Macros such as @daily are refused.
Result<CronSchedule> ParseCron(std::string_view text);

struct FreezeWindow {
  std::string reason;
  std::string origin;       // "SOURCE:LINE" of the window in proofline.yaml
  std::string from, until;  // absolute form: RFC 3339, normalised to UTC
  std::string start, end;   // recurring form: cron texts as written
  std::optional<CronSchedule> start_cron, end_cron;
};

// One element of an environment's `freeze:` list: exactly one of {from, until} and {start, end},
// and a non-empty `reason`. InvalidArgument "SOURCE:LINE: ..." naming the key.
Result<FreezeWindow> ParseFreezeWindow(const YAML::Node& node, const std::string& source);

struct FreezeState {
  bool in_force = false;
  std::string since, until;  // RFC 3339 UTC when in force; until "" when beyond the horizon
};

// Whether `w` is in force at `now` (RFC 3339), looking back and ahead at most 400 days (so
// yearly schedules work). InvalidArgument for a bad `now`.
Result<FreezeState> FreezeAt(const FreezeWindow& w, const std::string& now);

}  // namespace proofline::gate
