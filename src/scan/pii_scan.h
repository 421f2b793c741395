// One PII scan of one file's bytes (internal to pii.cc): the single-pass tokenizer, the rules'
// shape checks and the scoring. Separate from pii.cc so each file stays small; see pii.h for the
// behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "scan/finding.h"
#include "scan/pii.h"

namespace proofline::scan {

// Indices into PiiScanner's rule table, in the order of the kPii* ids.
enum PiiRule : int { kSsn, kCard, kNpi, kMbi, kDob, kEmail, kPhone, kMrn };

// Not thread-safe; one per Scan call.
class PiiFileScan {
 public:
  PiiFileScan(const PiiScanner& scanner, std::string_view path, std::string_view content,
              std::vector<Finding>& out);

  void Run();
  uint64_t steps() const { return steps_; }

 private:
  static constexpr int kMaxGroups = 5;  // "4111 1111 1111 1111 123" is the longest
  static constexpr size_t kMaxDigits = 19;

  // Digit groups joined by one separator character (' ', '-', '.' or '/').
  struct Token {
    size_t begin[kMaxGroups], end[kMaxGroups];
    int count = 0;
    char sep = 0;
    bool overlong = false;  // the first run has more than kMaxDigits digits
  };

  size_t OnDigit(size_t i);
  size_t OnWord(size_t i);
  size_t OnAt(size_t i);
  size_t OnParen(size_t i);

  Token ParseToken(size_t i);
  bool Classify(const Token& t, int k);
  bool Ssn(size_t b, size_t e, const Token& t, int k, std::string_view d);
  bool Card(size_t b, size_t e, const Token& t, int k, std::string_view d);
  bool Npi(size_t b, size_t e, int k, std::string_view d);
  bool Phone(size_t b, size_t e, const Token& t, int k, std::string_view d);
  bool Dob(size_t b, size_t e, const Token& t, int k);
  void Mbi(size_t i);
  void MrnAfter(size_t keyword_end);
  size_t MrnKeywordEnd(size_t p);

  bool StartsToken(size_t i) const;
  bool GluedAt(size_t e) const;
  bool Signed(size_t b) const;
  bool PrintedGroups(size_t b, size_t e, const Token& t);
  size_t SkipGlued(size_t i);
  uint32_t Context(size_t b, size_t e);
  uint32_t KeyFlags(size_t b);
  uint32_t ColumnFlags(size_t b);
  void ReadHeader();
  bool CardWordFor(size_t b, size_t e, bool run);
  void Report(PiiRule rule, size_t b, size_t e, int base, const std::string& normalised,
              std::string masked, std::string_view detail = {});

  const PiiScanner& s_;
  std::string_view path_, text_;
  std::vector<Finding>& out_;
  uint64_t steps_ = 0;
  size_t found_ = 0;
  // The last context computed (the rules of one token share it), and the last key.
  size_t ctx_begin_ = 1, ctx_end_ = 0;
  uint32_t ctx_ = 0;
  size_t key_at_ = SIZE_MAX;
  uint32_t key_ = 0;

  // From the path: a data file (pii.h lists the extensions) and, for a delimited table (.csv,
  // .tsv, .psv), its column separator (0 otherwise).
  bool data_file_ = false;
  char column_sep_ = 0;
  // The table's header: each column name's context flags (read on first use), then a cursor that
  // only moves forward, counting separators to know the column (col_, which began at
  // col_field_) at col_pos_.
  bool header_read_ = false;
  std::vector<uint32_t> header_;
  size_t col_pos_ = 0, col_field_ = 0, col_ = 0;
  bool col_quoted_ = false;

  // Runs of at least kLongDigits digits within kTableWindow of the last card candidate, found by a
  // cursor that only moves forward (the neighbours that make a numeric table).
  static constexpr size_t kLongDigits = 10;
  static constexpr size_t kTableWindow = 128;
  struct DigitRun {
    size_t begin, end;
  };
  std::deque<DigitRun> runs_;
  size_t run_pos_ = 0;
};

}  // namespace proofline::scan
