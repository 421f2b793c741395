// Control test results: what a compliance test suite records when it exercises a control of SOX,
// HIPAA, PCI DSS or SOC 2, one JSON record per test. The `control-test` evidence kind; JUnit test
// cases that carry a "control" property (junit.h) yield the same ControlTest shape.
//
// A file holds one record (a JSON object, pretty-printed or not), a JSON array of records, or JSON
// Lines (one record per line; blank lines and CRLF line ends are fine). A record's fields:
//   control_id   string, required, non-empty: "SOX-IT-03", "HIPAA-164.312(b)", "CC8.1"
//   test_name    string, required, non-empty
//   result       string, required, any case: pass|passed -> passed, fail|failed -> failed,
//                error -> failed (and counted in `errors`), skip|skipped -> skipped,
//                not_applicable -> not_applicable
//   evidence     object, optional, any content (not kept in the summary)
//   timestamp    RFC 3339 date-time with a Z or +hh:mm offset, optional
//   tester, executed_by, framework, notes: strings, optional
// An optional field holding null is absent (Python writes None as null). Any other field is
// refused: an auditor must not believe that a field such as "approved" was read.
//
// A file is streamed in 64 KiB reads and cut into records by a scanner that only follows strings
// and bracket depth; each record (at most kMaxControlRecordBytes) is then parsed by
// ParseJsonStrict (I-JSON: duplicate keys, invalid UTF-8 and lone surrogates are errors). Memory
// is one record plus the bounded summary, whatever the file size, so no file-size cap applies.
// Records that simply follow one another without newlines are accepted like JSON Lines. A UTF-8
// byte order mark is skipped (PowerShell writes one); UTF-16 is refused.
//
// Errors say where: "PATH:LINE: ..." for a record outside an array (LINE is where it starts) and
// "PATH: record N: ..." in an array (N counts from 1). The byte offset in a JSON syntax error
// counts from the record's first byte.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kMaxListedControlTests = 500;
inline constexpr size_t kMaxControlIds = 500;
inline constexpr size_t kMaxControlTextBytes = 256;  // longer ids and names are cut (UTF-8 safe)
inline constexpr size_t kMaxControlRecordBytes = size_t{16} << 20;

// One control test, from a control-test file or a JUnit test case with a control property.
struct ControlTest {
  std::string control_id;
  std::string test_name;  // JUnit: "classname.name"
  std::string result;     // passed | failed | skipped | not_applicable; an error counts as failed
};

struct ControlCounts {
  uint64_t passed = 0, failed = 0, skipped = 0, not_applicable = 0;
};

struct ControlTestsSummary {
  // Invariant: passed + failed + skipped + not_applicable == tests; errors <= failed.
  uint64_t tests = 0, passed = 0, failed = 0, errors = 0, skipped = 0, not_applicable = 0;
  std::vector<ControlTest> controls;  // the first kMaxListedControlTests records, in file order
  // Counts per control id, for the first kMaxControlIds distinct ids (ids cut like `controls`).
  std::map<std::string, ControlCounts> by_control;
  bool by_control_capped = false;  // records of later ids are counted above but not here

  // {tests, passed, failed, errors, skipped, not_applicable, controls [{control_id, test_name,
  //  result}], controls_total (only when capped), by_control {ID: {passed, failed, skipped,
  //  not_applicable}}, by_control_capped (only when true)}: the `summary` of evidence events.
  Json ToJson() const;
};

// Parses the control test results at `path`, streaming it. NotFound for a missing file, Io for a
// read failure, InvalidArgument (with the location prefixes above) for malformed or truncated
// JSON, a file that is not control test records (a JUnit report, a CSV...), an empty file or one
// without records, and any record with a missing, mistyped or unknown field. `digest`, when
// given, receives the SHA-256 and size of the bytes parsed.
Result<ControlTestsSummary> ParseControlTestsFile(const std::string& path,
                                                  StreamDigest* digest = nullptr);
// The same for in-memory records; `name` stands for the file in messages.
Result<ControlTestsSummary> ParseControlTests(std::string_view text, const std::string& name);

}  // namespace proofline::evidence
