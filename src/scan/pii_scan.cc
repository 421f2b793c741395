// The single-pass PII tokenizer (see pii.h for the rules and scores). Every handler returns a
// position past the one it was given, and every re-read is bounded (5 digit groups of at most 19
// digits, 64-byte email local parts, 253-byte domains, context, key and MRN windows, a card's
// table neighbourhood); the CSV column and long-run cursors only move forward. So a scan is
// linear; steps_ counts the bytes visited so tests can check that.
#include "scan/pii_scan.h"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <string>

#include "base/crypto.h"
#include "scan/pii_context.h"
#include "scan/pii_validate.h"

namespace proofline::scan {
namespace {

using pii::kCtxNegative;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLetter(char c) { return IsLower(c) || IsUpper(c); }
bool IsAlnum(char c) { return IsDigit(c) || IsLetter(c); }
bool IsWordChar(char c) { return IsAlnum(c) || c == '_'; }
bool IsGlue(char c) { return c == '-' || c == '.' || c == '/'; }
bool IsLocalChar(char c) {
  return IsAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}
bool IsDomainChar(char c) { return IsAlnum(c) || c == '-' || c == '.'; }
char Lower(char c) { return IsUpper(c) ? static_cast<char>(c | 0x20) : c; }

// How context moves a rule's score: +strong_bonus when any `strong` word is near, +weak_bonus
// for `weak` words, -credit_penalty next to authorship credits ("Written by", "Signed-off-by":
// published on purpose, not patient data); negative words always take kNegativePenalty.
struct Scoring {
  uint32_t strong;
  int strong_bonus;
  uint32_t weak;
  int weak_bonus;
  int credit_penalty;
};
constexpr int kNegativePenalty = 40;
// A card's bonuses are its evidence, added in PiiFileScan::Card; here only negative words apply.
constexpr Scoring kScoring[PiiScanner::kRuleCount] = {
    {pii::kCtxSsn, 25, pii::kCtxPatient | pii::kCtxDob | pii::kCtxMedicare, 10, 0},  // ssn
    {0, 0, 0, 0, 0},                                                                 // card
    {pii::kCtxNpi, 50, pii::kCtxPatient | pii::kCtxMedicare, 10, 0},                 // npi
    {pii::kCtxMedicare, 20, pii::kCtxPatient, 10, 0},                                // mbi
    {0, 0, pii::kCtxPatient, 10, 0},                                                 // dob
    {pii::kCtxEmail, 20, pii::kCtxPatient, 20, 40},                                  // email
    {pii::kCtxPhone, 30, pii::kCtxPatient, 10, 0},                                   // phone
    {0, 0, 0, 0, 0},                                                                 // mrn
};

int Score(PiiRule rule, int base, uint32_t ctx) {
  const Scoring& s = kScoring[rule];
  int score = base;
  if (ctx & s.strong) score += s.strong_bonus;
  if (ctx & s.weak) score += s.weak_bonus;
  if (ctx & pii::kCtxCredit) score -= s.credit_penalty;
  if (ctx & kCtxNegative) score -= kNegativePenalty;
  return std::clamp(score, 0, 100);
}

// Files that hold records rather than code: a card-shaped number there is more likely data.
constexpr std::string_view kDataExtensions[] = {"csv", "dat",    "dump", "json", "jsonl",
                                                "log", "ndjson", "psv",  "sql",  "tsv",
                                                "txt", "xml",    "yaml", "yml"};

// The lowercase extension of the path's file name ("" for none or a dot file).
std::string Extension(std::string_view path) {
  const size_t slash = path.find_last_of("/\\");
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  std::string ext;
  for (char c : name.substr(dot + 1)) ext += Lower(c);
  return ext;
}

std::string Last(std::string_view s, size_t n) { return std::string(s.substr(s.size() - n)); }

// REQUIRES: at most 9 digits.
int Num(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

std::string TwoDigits(int n) {
  return std::string{static_cast<char>('0' + n / 10 % 10), static_cast<char>('0' + n % 10)};
}

// What a byte can start: the main loop stops only at these and skips the rest in a tight loop
// ('m' only matters for the MRN keywords; other letters are looked back at by StartsToken).
enum : uint8_t { kStartsDigit = 1, kStartsWord = 2, kStartsEmail = 4, kStartsParen = 8 };
constexpr std::array<uint8_t, 256> kStarts = [] {
  std::array<uint8_t, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = kStartsDigit;
  t['m'] = t['M'] = kStartsWord;
  t['@'] = kStartsEmail;
  t['('] = kStartsParen;
  return t;
}();

}  // namespace

PiiFileScan::PiiFileScan(const PiiScanner& scanner, std::string_view path, std::string_view content,
                         std::vector<Finding>& out)
    : s_(scanner), path_(path), text_(content), out_(out) {
  const std::string ext = Extension(path);
  data_file_ = std::find(std::begin(kDataExtensions), std::end(kDataExtensions), ext) !=
               std::end(kDataExtensions);
  if (ext == "csv") column_sep_ = ',';  // or what the header line uses most (ReadHeader)
  if (ext == "tsv") column_sep_ = '\t';
  if (ext == "psv") column_sep_ = '|';
}

void PiiFileScan::Run() {
  const uint8_t stop = kStartsDigit | kStartsEmail | kStartsParen | (s_.mrn_ ? kStartsWord : 0);
  const char* p = text_.data();
  const size_t n = text_.size();
  size_t i = 0;
  while (found_ < s_.max_findings_) {
    const size_t from = i;
    while (i < n && !(kStarts[static_cast<uint8_t>(p[i])] & stop)) ++i;
    steps_ += i - from;  // counted in bulk: a member written per byte would defeat the loop
    if (i == n) return;
    ++steps_;
    switch (kStarts[static_cast<uint8_t>(p[i])]) {
      case kStartsDigit:
        i = OnDigit(i);
        break;
      case kStartsWord:
        i = OnWord(i);
        break;
      case kStartsEmail:
        i = OnAt(i);
        break;
      default:
        i = OnParen(i);
        break;
    }
  }
}

// --- token boundaries ---------------------------------------------------------------------------

// A token starts after a non-word byte, but not inside a dashed or dotted identifier
// ("v1.4111...", "ORD-4111...").
bool PiiFileScan::StartsToken(size_t i) const {
  if (i == 0) return true;
  const char p = text_[i - 1];
  if (IsWordChar(p)) return false;
  return !((p == '-' || p == '.') && i >= 2 && IsAlnum(text_[i - 2]));
}

// True when text_[e] continues the token into a longer identifier ("...1120abc", "...1120-7").
bool PiiFileScan::GluedAt(size_t e) const {
  if (e >= text_.size()) return false;
  if (IsWordChar(text_[e])) return true;
  return IsGlue(text_[e]) && e + 1 < text_.size() && IsAlnum(text_[e + 1]);
}

// A minus sign right before the token ("= -2144206796"): a negative number, never an
// identifier (StartsToken already refused a dash inside a word).
bool PiiFileScan::Signed(size_t b) const { return b > 0 && text_[b - 1] == '-'; }

// True when the groups of t at [b, e) stand alone, as a card is printed: not part of a longer
// row of groups ("12 4539 1488 0343 6467 2025", hex code points "527D 5282 5281 5290 5293"),
// where the token across the separator on either side has a digit in its first 8 bytes.
bool PiiFileScan::PrintedGroups(size_t b, size_t e, const Token& t) {
  constexpr size_t kGroupBytes = 8;
  if (b >= 2 && text_[b - 1] == t.sep) {
    for (size_t p = b - 1; p > 0 && b - 1 - p < kGroupBytes && IsAlnum(text_[p - 1]); --p) {
      ++steps_;
      if (IsDigit(text_[p - 1])) return false;
    }
  }
  if (e + 1 < text_.size() && text_[e] == t.sep) {
    for (size_t p = e + 1; p < text_.size() && p - (e + 1) < kGroupBytes && IsAlnum(text_[p]);
         ++p) {
      ++steps_;
      if (IsDigit(text_[p])) return false;
    }
  }
  return true;
}

size_t PiiFileScan::SkipGlued(size_t i) {
  const size_t from = i++;
  while (i < text_.size()) {
    if (IsWordChar(text_[i])) {
      ++i;
    } else if (GluedAt(i)) {
      i += 2;
    } else {
      break;
    }
  }
  steps_ += i - from;
  return i;
}

// --- numbers ------------------------------------------------------------------------------------

size_t PiiFileScan::OnDigit(size_t i) {
  if (!StartsToken(i)) return SkipGlued(i);
  if (i + 1 < text_.size() && IsUpper(text_[i + 1])) {
    Mbi(i);
    return SkipGlued(i);
  }
  const Token t = ParseToken(i);
  if (t.overlong) return SkipGlued(i);
  if (t.sep != ' ') {
    Classify(t, t.count);
    return SkipGlued(i);
  }
  // Spaces also separate unrelated numbers ("12 4111 1111 1111 1111"): the longest prefix that
  // is something wins; otherwise the next group gets its own chance.
  for (int k = t.count; k >= 1; --k) {
    if (Classify(t, k)) return t.end[k - 1];
  }
  return t.end[0];
}

PiiFileScan::Token PiiFileScan::ParseToken(size_t i) {
  Token t;
  size_t j = i;
  while (true) {
    const size_t start = j;
    while (j < text_.size() && IsDigit(text_[j]) && j - start <= kMaxDigits) {
      ++j;
      ++steps_;
    }
    if (j - start > kMaxDigits) {
      t.overlong = t.count == 0;
      return t;
    }
    t.begin[t.count] = start;
    t.end[t.count] = j;
    ++t.count;
    if (t.count == kMaxGroups || j + 1 >= text_.size()) return t;
    const char c = text_[j];
    const bool sep = c == ' ' || c == '-' || c == '.' || c == '/';
    if (!sep || (t.sep != 0 && c != t.sep) || !IsDigit(text_[j + 1])) return t;
    t.sep = c;
    ++j;
  }
}

// Runs every numeric rule on the first k groups of t; true when one of them recognised the shape
// and check digits (whether or not its score was high enough to report).
bool PiiFileScan::Classify(const Token& t, int k) {
  size_t total = 0;
  for (int g = 0; g < k; ++g) total += t.end[g] - t.begin[g];
  if (total < 6 || total > kMaxDigits) return false;
  char buf[kMaxDigits];
  size_t n = 0;
  for (int g = 0; g < k; ++g) {
    for (size_t p = t.begin[g]; p < t.end[g]; ++p) buf[n++] = text_[p];
  }
  steps_ += n;
  const std::string_view d(buf, n);
  const size_t b = t.begin[0], e = t.end[k - 1];
  if (GluedAt(e)) {
    // An ISO timestamp's date ("1980-01-02T00:00") is the one token allowed to run on.
    const bool timestamp = text_[e] == 'T' && e + 1 < text_.size() && IsDigit(text_[e + 1]);
    return timestamp && Dob(b, e, t, k);
  }
  bool matched = Ssn(b, e, t, k, d);
  matched |= Card(b, e, t, k, d);
  matched |= Npi(b, e, k, d);
  matched |= Phone(b, e, t, k, d);
  matched |= Dob(b, e, t, k);
  return matched;
}

bool PiiFileScan::Ssn(size_t b, size_t e, const Token& t, int k, std::string_view d) {
  if (d.size() != 9) return false;
  const bool grouped = k == 3 && t.end[0] - t.begin[0] == 3 && t.end[1] - t.begin[1] == 2;
  if (!(k == 1 || (grouped && (t.sep == '-' || t.sep == ' ')))) return false;
  if (!pii::IsIssuableSsn(d) || pii::IsSampleSsn(d)) return false;
  Report(kSsn, b, e, grouped && t.sep == '-' ? 70 : 40, std::string(d), "***-**-" + Last(d, 4));
  return true;
}

bool PiiFileScan::Card(size_t b, size_t e, const Token& t, int k, std::string_view d) {
  if (d.size() < 13 || Signed(b)) return false;
  if (k > 1) {
    if (t.sep != ' ' && t.sep != '-') return false;
    auto len = [&](int g) { return t.end[g] - t.begin[g]; };
    bool fours = len(k - 1) <= 4;  // 4 4 4 4 [1-4]
    for (int g = 0; g + 1 < k; ++g) fours = fours && len(g) == 4;
    const bool amex_diners = k == 3 && len(0) == 4 && len(1) == 6 && (len(2) == 5 || len(2) == 4);
    if (!fours && !amex_diners) return false;
  }
  const std::string_view brand = pii::CardBrand(d);
  if (brand.empty() || !pii::LuhnValid(d)) return false;
  // The evidence that this card-shaped number is a card (pii.h): its key or column names a card,
  // else a card word is near it; it is grouped as cards are printed; the file holds data.
  int evidence = 0;
  if (KeyFlags(b) & pii::kCtxCard) {
    evidence += 45;
  } else if (CardWordFor(b, e, k == 1)) {
    evidence += 30;
  }
  if (k > 1 && PrintedGroups(b, e, t)) evidence += 20;
  if (data_file_) evidence += 10;
  if (evidence == 0) return true;  // the shape and check digit, and nothing else: a number
  // A published test PAN is still card-shaped data, but never near-certain: 25 less, at most 70
  // (so a negative word such as "test" always takes it below the default minimum).
  const bool test_card = pii::IsTestCard(d);
  const int score = test_card ? std::min(20 + evidence, 70) : std::min(45 + evidence, 100);
  Report(kCard, b, e, score, std::string(d), std::string(d.size() - 4, '*') + Last(d, 4),
         std::string(brand) + (test_card ? ", a published test number" : ""));
  return true;
}

// A card word in the context of the digit run (or groups) at [b, e). In source code a run with
// several other long runs around it is a member of a numeric table (test vectors, constants): a
// word near the table is not about this member, so only the words between it and its
// neighbours, on its own line and after any bracket opening the table, count.
bool PiiFileScan::CardWordFor(size_t b, size_t e, bool run) {
  if (!(Context(b, e) & pii::kCtxCard)) return false;
  if (data_file_ || !run) return true;
  const size_t lo = b > kTableWindow ? b - kTableWindow : 0;
  const size_t hi = std::min(text_.size(), e + kTableWindow);
  size_t p = run_pos_;
  while (p < hi) {  // stops only between runs, so no run is ever seen in part
    if (!IsDigit(text_[p])) {
      ++p;
      continue;
    }
    const size_t start = p;
    while (p < text_.size() && IsDigit(text_[p])) ++p;
    if (p - start >= kLongDigits) runs_.push_back({start, p});
  }
  steps_ += p - run_pos_;
  run_pos_ = p;
  while (!runs_.empty() && runs_.front().end <= lo) runs_.pop_front();
  int others = 0;
  size_t prev_end = 0, next_begin = text_.size();
  for (const DigitRun& r : runs_) {
    ++steps_;
    if (r.begin >= hi) break;
    if (r.begin == b) continue;  // this run itself
    ++others;
    if (r.end <= b) prev_end = std::max(prev_end, r.end);
    if (r.begin >= e) next_begin = std::min(next_begin, r.begin);
  }
  if (others < 2) return true;
  auto opens = [](char c) { return c == '[' || c == '{' || c == '(' || c == '\n'; };
  size_t from = b;
  while (from > prev_end && b - from < pii::kContextBefore && !opens(text_[from - 1])) --from;
  // As in pii::ContextAround, a cut alphanumeric run is read whole ("259CC" is no "CC").
  for (size_t k = 0; k < kMaxDigits && from > prev_end && IsAlnum(text_[from - 1]); ++k) --from;
  size_t to = e;
  while (to < next_begin && to - e < pii::kContextAfter && text_[to] != '\n') ++to;
  steps_ += (b - from) + (to - e);
  const uint32_t near = pii::WordsIn(text_.substr(from, b - from), steps_) |
                        pii::WordsIn(text_.substr(e, to - e), steps_);
  return (near & pii::kCtxCard) != 0;
}

bool PiiFileScan::Npi(size_t b, size_t e, int k, std::string_view d) {
  if (k != 1 || Signed(b) || !pii::IsValidNpi(d)) return false;
  Report(kNpi, b, e, pii::IsSampleNpi(d) ? 10 : 35, std::string(d), "******" + Last(d, 4));
  return true;
}

bool PiiFileScan::Phone(size_t b, size_t e, const Token& t, int k, std::string_view d) {
  auto len = [&](int g) { return t.end[g] - t.begin[g]; };
  const bool sep_ok = t.sep == '-' || t.sep == '.' || t.sep == ' ';
  std::string_view ten;
  int base = 60;
  if (k == 1 && d.size() == 10) {
    if (Signed(b)) return false;  // "-2414399115" is a negative number
    ten = d;
    base = 25;  // bare ten digits: a phone only if the words say so
  } else if (k == 3 && sep_ok && len(0) == 3 && len(1) == 3 && len(2) == 4) {
    ten = d;
  } else if (k == 4 && sep_ok && d[0] == '1' && len(0) == 1 && len(1) == 3 && len(2) == 3 &&
             len(3) == 4) {
    ten = d.substr(1);
  } else {
    return false;
  }
  if (!pii::IsNanpNumber(ten)) return false;
  if (pii::IsFictionalNanp(ten)) base -= 50;
  Report(kPhone, b, e, base, std::string(ten), "***-***-" + Last(ten, 4));
  return true;
}

bool PiiFileScan::Dob(size_t b, size_t e, const Token& t, int k) {
  if (k != 3 || (t.sep != '-' && t.sep != '/' && t.sep != '.')) return false;
  int part[3], len[3];
  for (int g = 0; g < 3; ++g) {
    const size_t n = t.end[g] - t.begin[g];
    if (n > 4) return false;  // no date part is longer (and Num must not overflow)
    len[g] = static_cast<int>(n);
    part[g] = Num(text_.substr(t.begin[g], n));
  }
  const bool short_parts = len[1] <= 2 && (len[0] == 4 ? len[2] <= 2 : len[0] <= 2);
  int year, month, day;
  if (len[0] == 4 && short_parts) {
    year = part[0], month = part[1], day = part[2];
  } else if (len[2] == 4 && short_parts) {
    // DD.MM.YYYY in dotted dates and when the first part cannot be a month; else US MM/DD/YYYY.
    const bool day_first = t.sep == '.' || part[0] > 12;
    year = part[2], month = day_first ? part[1] : part[0], day = day_first ? part[0] : part[1];
  } else {
    return false;
  }
  if (!pii::IsPlausibleDate(year, month, day)) return false;
  if (!(Context(b, e) & pii::kCtxDob)) return false;  // a bare date is not a finding
  const std::string y = std::to_string(year);
  Report(kDob, b, e, 85, y + "-" + TwoDigits(month) + "-" + TwoDigits(day), y + "-**-**");
  return true;
}

// "(212) 555-0134", "(212)555-0134"; the other phone shapes are digit tokens.
size_t PiiFileScan::OnParen(size_t i) {
  auto digits = [&](size_t p, size_t n) {
    if (p + n > text_.size()) return false;
    for (size_t q = p; q < p + n; ++q) {
      ++steps_;
      if (!IsDigit(text_[q])) return false;
    }
    return true;
  };
  if (!digits(i + 1, 3) || i + 4 >= text_.size() || text_[i + 4] != ')') return i + 1;
  size_t j = i + 5;
  if (j < text_.size() && text_[j] == ' ') ++j;
  if (!digits(j, 3)) return i + 1;
  size_t line = j + 3;
  if (line < text_.size() && (text_[line] == '-' || text_[line] == '.' || text_[line] == ' ')) {
    ++line;
  }
  if (!digits(line, 4) || GluedAt(line + 4)) return i + 1;
  const std::string ten = std::string(text_.substr(i + 1, 3)) + std::string(text_.substr(j, 3)) +
                          std::string(text_.substr(line, 4));
  if (!pii::IsNanpNumber(ten)) return i + 1;
  Report(kPhone, i, line + 4, pii::IsFictionalNanp(ten) ? 10 : 60, ten, "***-***-" + Last(ten, 4));
  return line + 4;
}

// "1EG4TE5MK73" or "1EG4-TE5-MK73".
void PiiFileScan::Mbi(size_t i) {
  const bool dashed = i + 4 < text_.size() && text_[i + 4] == '-';
  char buf[11];
  size_t j = i;
  for (size_t len = 0; len < 11; ++len) {
    if (dashed && (len == 4 || len == 7)) {
      if (j >= text_.size() || text_[j] != '-') return;
      ++j;
    }
    if (j >= text_.size() || !IsAlnum(text_[j])) return;
    buf[len] = text_[j++];
    ++steps_;
  }
  const std::string_view mbi(buf, 11);
  if (GluedAt(j) || !pii::IsValidMbi(mbi)) return;
  Report(kMbi, i, j, pii::IsSampleMbi(mbi) ? 45 : 70, std::string(mbi), "*******" + Last(mbi, 4));
}

// --- words: MRN keywords ------------------------------------------------------------------------

// At an 'm' or 'M', only when the MRN rule is on: a keyword must start a word ("mrn",
// "patientMrn", "MEDICAL_RECORD"), not end one ("Ohm", "program").
size_t PiiFileScan::OnWord(size_t i) {
  const bool word_start =
      i == 0 || !IsLetter(text_[i - 1]) || (IsUpper(text_[i]) && IsLower(text_[i - 1]));
  if (word_start) {
    const size_t keyword_end = MrnKeywordEnd(i);
    if (keyword_end != 0) MrnAfter(keyword_end);
  }
  return i + 1;
}

// The end of "mrn" or "medical record(s)" (any case, joined by nothing, ' ', '_' or '-') at p,
// or 0.
size_t PiiFileScan::MrnKeywordEnd(size_t p) {
  auto is = [&](size_t at, std::string_view word) {
    if (at + word.size() > text_.size()) return false;
    for (size_t q = 0; q < word.size(); ++q) {
      ++steps_;
      if (Lower(text_[at + q]) != word[q]) return false;
    }
    return true;
  };
  auto word_ends = [&](size_t at) { return at >= text_.size() || !IsLower(text_[at]); };
  if (is(p, "mrn")) return word_ends(p + 3) ? p + 3 : 0;
  if (!is(p, "medical")) return 0;
  size_t q = p + 7;
  if (q < text_.size() && (text_[q] == ' ' || text_[q] == '_' || text_[q] == '-')) ++q;
  if (!is(q, "record")) return 0;
  q += 6;
  if (q < text_.size() && Lower(text_[q]) == 's') ++q;
  return word_ends(q) ? q : 0;
}

// The first site-format value in the rest of the keyword's line (at most kMrnWindow bytes, cut
// back to a word boundary): one RE2 search, the boundaries being part of the compiled pattern.
void PiiFileScan::MrnAfter(size_t keyword_end) {
  constexpr size_t kMrnWindow = 48;
  size_t window_end = keyword_end;
  while (window_end < text_.size() && window_end - keyword_end < kMrnWindow &&
         text_[window_end] != '\n') {
    ++window_end;
  }
  if (window_end < text_.size() && IsAlnum(text_[window_end])) {
    while (window_end > keyword_end && IsAlnum(text_[window_end - 1])) --window_end;
  }
  steps_ += 2 * (window_end - keyword_end);
  const re2::StringPiece window(text_.data() + keyword_end, window_end - keyword_end);
  re2::StringPiece m[2];
  if (!s_.mrn_->Match(window, 0, window.size(), re2::RE2::UNANCHORED, m, 2)) return;
  const size_t b = keyword_end + static_cast<size_t>(m[1].data() - window.data());
  const size_t e = b + m[1].size();
  std::string value;
  for (char c : text_.substr(b, e - b)) {
    if (c != '-' && c != ' ') value += c;
  }
  const size_t keep = value.size() > 4 ? 2 : 0;
  Report(kMrn, b, e, 90, value, std::string(value.size() - keep, '*') + Last(value, keep));
}

// --- email --------------------------------------------------------------------------------------

size_t PiiFileScan::OnAt(size_t i) {
  constexpr size_t kMaxLocal = 64, kMaxDomain = 253;
  size_t ls = i;
  while (ls > 0 && i - ls <= kMaxLocal && IsLocalChar(text_[ls - 1])) {
    --ls;
    ++steps_;
  }
  if (i - ls > kMaxLocal) return i + 1;
  while (ls < i && !IsAlnum(text_[ls])) ++ls;  // "--user", ".user": punctuation, not address
  if (ls == i || text_[i - 1] == '.') return i + 1;
  // "https://user@host", "postgres://user:password@host": URL credentials, not a mailbox.
  if (ls > 0 && (text_[ls - 1] == '/' || text_[ls - 1] == ':')) return i + 1;
  size_t de = i + 1;
  while (de < text_.size() && de - (i + 1) <= kMaxDomain && IsDomainChar(text_[de])) {
    ++de;
    ++steps_;
  }
  if (de - (i + 1) > kMaxDomain) return i + 1;
  while (de > i + 1 && (text_[de - 1] == '.' || text_[de - 1] == '-')) --de;
  if (de < text_.size() && (IsWordChar(text_[de]) || text_[de] == '@')) return i + 1;

  std::string domain;
  for (char c : text_.substr(i + 1, de - i - 1)) domain += Lower(c);
  steps_ += domain.size();
  if (!pii::IsEmailDomain(domain)) return i + 1;
  std::string local;
  for (char c : text_.substr(ls, i - ls)) local += Lower(c);
  // "Name <addr>" is how credits are written (AUTHORS, changelogs, copyright headers, trailers).
  const bool display_form = ls > 0 && text_[ls - 1] == '<' && de < text_.size() && text_[de] == '>';
  int base = display_form ? 40 : 60;
  if (pii::IsReservedDomain(domain) || pii::IsRoleMailbox(local)) base = 20;
  Report(kEmail, ls, de, base, local + "@" + domain, std::string(1, text_[ls]) + "***@" + domain);
  return de;
}

// --- scoring and reporting ----------------------------------------------------------------------

// The words around [b, e), and the key or column it is the value of.
uint32_t PiiFileScan::Context(size_t b, size_t e) {
  if (b != ctx_begin_ || e != ctx_end_) {
    // In a delimited table a row's context is its own line; its column names it (KeyFlags).
    ctx_ = pii::ContextAround(text_, b, e, steps_, column_sep_ != 0) | KeyFlags(b);
    ctx_begin_ = b;
    ctx_end_ = e;
  }
  return ctx_;
}

// The flags of the key before text_[b] (pii::KeyBefore) and of its column's header.
uint32_t PiiFileScan::KeyFlags(size_t b) {
  if (b != key_at_) {
    key_ = pii::KeyBefore(text_, b, steps_) | ColumnFlags(b);
    key_at_ = b;
  }
  return key_;
}

// The header of the column text_[b] is in, in a delimited table: the cursor counts separators
// outside double quotes from where it last stopped; a newline starts a row (a quoted field
// spanning lines is rare in exports and would only shift that row's columns).
uint32_t PiiFileScan::ColumnFlags(size_t b) {
  if (column_sep_ == 0) return 0;
  if (!header_read_) ReadHeader();
  if (b < col_field_) return 0;  // in the header, or behind the cursor (an email's local part)
  const size_t from = col_pos_;
  for (; col_pos_ < b; ++col_pos_) {
    const char c = text_[col_pos_];
    if (c == '\n') {
      col_ = 0;
      col_quoted_ = false;
      col_field_ = col_pos_ + 1;
    } else if (c == '"') {
      col_quoted_ = !col_quoted_;
    } else if (c == column_sep_ && !col_quoted_) {
      ++col_;
      col_field_ = col_pos_ + 1;
    }
  }
  steps_ += col_pos_ - from;
  return col_ < header_.size() ? header_[col_] : 0;
}

// The first line (after a UTF-8 byte order mark), at most kMaxHeader bytes, split into column
// names; a .csv file's separator is the one of , ; TAB | its header uses most.
void PiiFileScan::ReadHeader() {
  constexpr size_t kMaxHeader = 4096, kMaxColumns = 512;
  header_read_ = true;
  const size_t start = text_.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  const size_t nl = text_.find('\n', start);
  const size_t end = nl == std::string_view::npos ? text_.size() : nl;
  col_pos_ = col_field_ = end;
  if (end - start > kMaxHeader) return;  // no header: every column is unnamed
  const std::string_view line = text_.substr(start, end - start);
  steps_ += line.size();
  if (column_sep_ == ',') {
    size_t best = std::count(line.begin(), line.end(), ',');
    for (char c : {';', '\t', '|'}) {
      const size_t n = std::count(line.begin(), line.end(), c);
      if (n > best) best = n, column_sep_ = c;
    }
    steps_ += 4 * line.size();
  }
  bool quoted = false;
  size_t field = 0;
  for (size_t i = 0; i <= line.size() && header_.size() < kMaxColumns; ++i) {
    if (i < line.size() && line[i] == '"') quoted = !quoted;
    if (i == line.size() || (line[i] == column_sep_ && !quoted)) {
      header_.push_back(pii::WordsIn(line.substr(field, i - field), steps_));
      field = i + 1;
    }
  }
}

void PiiFileScan::Report(PiiRule rule, size_t b, size_t e, int base, const std::string& normalised,
                         std::string masked, std::string_view detail) {
  const int score = Score(rule, base, Context(b, e));
  if (score < s_.min_percent_[rule] || found_ >= s_.max_findings_) return;
  const RuleInfo& info = s_.rules_[rule];
  Finding f;
  f.rule_id = info.id;
  f.path = std::string(path_);
  f.begin = b;
  f.end = e;
  f.severity = info.severity;
  f.confidence = score / 100.0;
  f.secret_sha256 = ToHex(Sha256(AsBytes(normalised)));
  f.message = info.name + " " + masked;
  if (!detail.empty()) f.message += " (" + std::string(detail) + ")";
  f.masked = std::move(masked);
  out_.push_back(std::move(f));
  ++found_;
}

}  // namespace proofline::scan
