// Code coverage reports: Cobertura XML (coverage.py, gcovr, istanbul/nyc's cobertura reporter,
// .NET coverlet, JaCoCo-to-Cobertura converters) and LCOV tracefiles (lcov/geninfo over gcov,
// istanbul/nyc and jest, llvm-cov export, c8). The format is told from the content, not the file
// name: XML whose root is <coverage>, or LCOV record lines (TN:, SF:, DA:, ... end_of_record).
//
// Like JUnit, the summary is counted from the detail, never taken from a producer's totals:
//   lines      Cobertura: each <line> in a <class>'s own <lines> (the copies gcovr, istanbul and
//              coverlet write again under <methods> are skipped); LCOV: each DA line. A line is
//              covered when its hit count is > 0. A line listed again for the same file (two
//              <class> elements with one filename, as coverlet writes for compiler-generated
//              classes; a file recorded twice in a tracefile, as concatenated or per-test LCOV
//              is) counts once, covered when any listing hit it.
//   branches   Cobertura: the "(covered/total)" of a line's condition-coverage (a line listed
//              twice keeps the larger covered and the larger total); LCOV: one branch per BRDA
//              line, taken when its count is a number > 0 ("-": the branch's block never ran),
//              identified by line, block and branch so repeated records merge. BRDA marked
//              unreachable ('U' before the block number, lcov 2.3) is not counted, as lcov leaves
//              it out of BRF. A file with no BRDA in any record falls back to the largest BRF/BRH
//              of its records.
//   functions  LCOV only: FN/FNDA by name (a name repeated within a record, as istanbul writes
//              for two methods of one name, is one function per occurrence), or lcov 2.2's FNL
//              groups with their FNA aliases (a group is one function, hit when any alias ran).
//              A file with neither falls back to the largest FNF/FNH of its records.
// Rates are covered/valid rounded to 4 decimals, and null when nothing is valid: a report with
// no lines is neither 0% nor 100% covered.
//
// `declared_mismatch` says the producer's own totals disagree with the count. Cobertura: the
// line-rate or branch-rate attribute of the root <coverage> differs from the counted rate by more
// than 0.0005 (coverage.py rounds to 4 significant digits), or is not a number; each is compared
// only when its counted total is non-zero, since for 0/0 coverage.py writes "1", gcovr "1.0", and
// coverage.py without branch measurement writes branch-rate="0". The lines-valid/-covered and
// package or class rates are not compared. LCOV: a record's LF/LH differ from its DA lines, or
// its BRF/BRH (FNF/FNH) from its BRDA (function) lines when it has any.
//
// File names are shown with backslashes turned into '/' (a Windows drive prefix is kept as
// written: "C:/src/app.js"), so one file written both ways merges; bytes that are not UTF-8
// become '?', and names are cut at kMaxCoveragePathBytes (names equal up to there merge).
//
// Memory: both formats are streamed (Cobertura through expat, LCOV line by line in chunks), but
// what was seen per file must be kept to the end, since a file may come back later in the
// report: 8 bytes per distinct line, BRDA branch or function (12 per Cobertura branch line),
// with repeats merged whenever they would double that. A single LCOV line is bounded by
// kMaxLcovLineBytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kMaxLeastCoveredFiles = 10;
inline constexpr size_t kMaxCoveragePathBytes = 512;  // longer names are cut at a UTF-8 boundary
inline constexpr size_t kMaxLcovLineBytes = 1 << 20;

enum class CoverageFormat { kCobertura, kLcov };

// covered/valid rounded to 4 decimals; nullopt when valid is 0.
std::optional<double> CoverageRate(uint64_t covered, uint64_t valid);

struct FileLineCoverage {
  std::string file;
  uint64_t lines_valid = 0, lines_covered = 0;
};

struct CoverageSummary {
  CoverageFormat format = CoverageFormat::kCobertura;
  uint64_t files = 0;  // distinct file names, with or without lines
  uint64_t lines_valid = 0, lines_covered = 0;
  uint64_t branches_valid = 0, branches_covered = 0;
  uint64_t functions_valid = 0, functions_covered = 0;  // LCOV only
  bool declared_mismatch = false;
  // The kMaxLeastCoveredFiles files with the lowest line rate, lowest first, ties by name;
  // files without lines are not ranked.
  std::vector<FileLineCoverage> least_covered;
  uint64_t cut_strings = 0;  // XML values cut at kMaxXmlValueBytes (xml_cutter.h)

  std::optional<double> line_rate() const { return CoverageRate(lines_covered, lines_valid); }
  std::optional<double> branch_rate() const {
    return CoverageRate(branches_covered, branches_valid);
  }

  // {format: "cobertura"|"lcov", line_rate, branch_rate (null when 0 valid), lines_valid,
  //  lines_covered, branches_valid, branches_covered, files, declared_mismatch,
  //  least_covered [{file, line_rate}], and for LCOV functions_valid, functions_covered;
  //  cut_strings when any}:
  // the `summary` of evidence events.
  Json ToJson() const;
};

// Parses the coverage report at `path`, streaming it. NotFound for a missing file, Io for a read
// failure; InvalidArgument "PATH:LINE: message" for malformed or truncated XML or LCOV records
// (entity declarations included), and "PATH: not a Cobertura XML report or an LCOV tracefile
// (...)" for anything else, XML with another root (a JUnit report) among it.
// `digest`, when given, receives the SHA-256 and size of the bytes parsed.
Result<CoverageSummary> ParseCoverageFile(const std::string& path, StreamDigest* digest = nullptr);
// The same for an in-memory report; `name` stands for the file in messages.
Result<CoverageSummary> ParseCoverage(std::string_view text, const std::string& name);

}  // namespace proofline::evidence
