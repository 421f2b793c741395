// The one RE2 configuration for secret rules, so a regex the config parser accepts is exactly the
// one the scanner runs: Latin-1 (byte semantics: every byte is a character, invalid UTF-8 cannot
// stop a scan), errors returned rather than logged.
#pragma once

#include <re2/re2.h>

namespace proofline::scan {

inline re2::RE2::Options SecretRegexOptions() {
  re2::RE2::Options o;
  o.set_encoding(re2::RE2::Options::EncodingLatin1);
  o.set_log_errors(false);
  o.set_max_mem(int64_t{32} << 20);  // DFA cache; past it RE2 falls back to its linear NFA
  return o;
}

}  // namespace proofline::scan
