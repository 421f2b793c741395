// Fuzzes the cron parser behind recurring freeze windows (gate/freeze.h): any text must either
// parse or fail with InvalidArgument "cron '...': ...". A parsed schedule's Previous and Next,
// two separate searches (backwards and forwards), must agree with each other at several instants
// including both ends of the supported range, and a window built from it must evaluate.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "cel/time.h"
#include "gate/freeze.h"

namespace {

using proofline::gate::CronSchedule;

constexpr int kHorizon = 400;
constexpr int64_t kDay = 86400;

void Require(bool ok) {
  if (!ok) std::abort();
}

bool WholeMinute(int64_t t) { return t % 60 == 0; }  // t % 60 is 0 for negative multiples too

// The latest firing <= t and the earliest > t bracket t with no firing between them.
void CheckAround(const CronSchedule& cron, int64_t t) {
  const std::optional<int64_t> p = cron.Previous(t, kHorizon);
  const std::optional<int64_t> n = cron.Next(t, kHorizon);
  if (p) {
    Require(*p <= t && *p >= t - kHorizon * kDay && WholeMinute(*p));
    Require(cron.Previous(*p, 0) == p && cron.Next(*p - 1, 1) == p);
  }
  if (n) {
    Require(*n > t && *n <= t + kHorizon * kDay && WholeMinute(*n));
    Require(cron.Previous(*n, 0) == n);
  }
  if (p) {
    const std::optional<int64_t> after_p = cron.Next(*p, 2 * kHorizon);
    Require(n ? after_p == n : !after_p || *after_p > t + kHorizon * kDay);
  }
  if (n) {
    const std::optional<int64_t> before_n = cron.Previous(*n - 1, 2 * kHorizon);
    Require(p ? before_n == p : !before_n || *before_n < t - kHorizon * kDay);
  }
}

void CheckWindow(const std::string& text) {
  proofline::gate::FreezeWindow same;  // start and end at the same minute: never in force
  same.start = same.end = text;
  proofline::Result<proofline::gate::FreezeState> s = FreezeAt(same, "2026-11-27T16:00:00Z");
  Require(s.ok() && !s->in_force);
  proofline::gate::FreezeWindow weekly;
  weekly.start = text;
  weekly.end = "0 8 * * 1";
  s = FreezeAt(weekly, "2026-11-27T16:00:00Z");
  Require(s.ok());
  if (s->in_force) Require(s->since <= "2026-11-27T16:00:00Z" && s->until != s->since);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Result<CronSchedule> cron = gate::ParseCron(text);
  if (!cron.ok()) {
    Require(cron.status().code() == StatusCode::kInvalidArgument);
    Require(cron.status().message().rfind("cron '", 0) == 0);
    return 0;
  }
  for (int64_t t : {int64_t{-1}, int64_t{0}, int64_t{1795795170} /* 2026-11-27T15:59:30Z */,
                    cel::kMinTimestampSeconds, cel::kMaxTimestampSeconds - 30}) {
    CheckAround(*cron, t);
  }
  CheckWindow(text);
  return 0;
}
