// Time zones for CEL's timestamp accessors (`t.getHours('Europe/Paris')`): fixed offsets and
// IANA names read from the system's compiled tz database (TZif files, RFC 8536).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"
#include "cel/time.h"

namespace proofline::cel {

// The UTC offset in seconds of `zone` at instant `at`. `zone` is "UTC", a fixed offset
// "[+-]HH:MM" (no sign means +), or an IANA name such as "America/New_York" looked up under
// $TZDIR or /usr/share/zoneinfo. InvalidArgument for an unknown or malformed zone. Zone files are
// parsed once and cached for the process; thread-safe.
Result<int64_t> UtcOffset(std::string_view zone, Timestamp at);

}  // namespace proofline::cel
