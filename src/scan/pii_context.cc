// Context-word lookup for the PII scanner (see pii_context.h): a sorted word table, a small
// camelCase-aware word splitter over a bounded window, and the key a value is written after.
#include "scan/pii_context.h"

#include <algorithm>
#include <array>

namespace proofline::scan::pii {
namespace {

struct Word {
  std::string_view word;
  uint32_t flags;
};

// Sorted by word for binary search.
constexpr Word kWords[] = {
    {"acked", kCtxCredit},
    {"amex", kCtxCard},
    {"author", kCtxCredit},
    {"authors", kCtxCredit},
    {"bday", kCtxDob},
    {"beneficiary", kCtxPatient | kCtxMedicare},
    {"birth", kCtxDob},
    {"birthdate", kCtxDob},
    {"birthday", kCtxDob},
    {"born", kCtxDob},
    {"card", kCtxCard},
    {"cardholder", kCtxCard},
    {"cardno", kCtxCard},
    {"cardnum", kCtxCard},
    {"cardnumber", kCtxCard},
    {"cards", kCtxCard},
    {"cc", kCtxCard},
    {"ccn", kCtxCard},
    {"ccno", kCtxCard},
    {"ccnum", kCtxCard},
    {"ccnumber", kCtxCard},
    {"cell", kCtxPhone},
    {"clinical", kCtxPatient},
    {"contact", kCtxPhone | kCtxEmail},
    {"contributor", kCtxCredit},
    {"contributors", kCtxCredit},
    {"copyright", kCtxCredit},
    {"credit", kCtxCard},
    {"creditcard", kCtxCard},
    {"debit", kCtxCard},
    {"demo", kCtxNegative},
    {"diagnosis", kCtxPatient},
    {"dob", kCtxDob},
    {"dummy", kCtxNegative},
    {"email", kCtxEmail},
    {"emails", kCtxEmail},
    {"example", kCtxNegative},
    {"examples", kCtxNegative},
    {"fake", kCtxNegative},
    {"fax", kCtxPhone},
    {"fictional", kCtxNegative},
    {"fictitious", kCtxNegative},
    {"fixture", kCtxNegative},
    {"fixtures", kCtxNegative},
    {"health", kCtxPatient},
    {"hicn", kCtxMedicare},
    {"hipaa", kCtxPatient},
    {"insured", kCtxPatient},
    {"invalid", kCtxNegative},
    {"jcb", kCtxCard},
    {"lorem", kCtxNegative},
    {"maestro", kCtxCard},
    {"mail", kCtxEmail},
    {"mailto", kCtxEmail},
    {"maintainer", kCtxCredit},
    {"maintainers", kCtxCredit},
    {"mastercard", kCtxCard},
    {"mbi", kCtxMedicare},
    {"medicaid", kCtxPatient | kCtxMedicare},
    {"medical", kCtxPatient},
    {"medicare", kCtxMedicare},
    {"member", kCtxPatient},
    {"mobile", kCtxPhone},
    {"mock", kCtxNegative},
    {"mocks", kCtxNegative},
    {"mrn", kCtxMrn | kCtxPatient},
    {"npi", kCtxNpi},
    {"npis", kCtxNpi},
    {"pan", kCtxCard},
    {"patient", kCtxPatient},
    {"patients", kCtxPatient},
    {"phi", kCtxPatient},
    {"phone", kCtxPhone},
    {"phones", kCtxPhone},
    {"physician", kCtxNpi},
    {"placeholder", kCtxNegative},
    {"prescriber", kCtxNpi},
    {"provider", kCtxNpi},
    {"reported", kCtxCredit},
    {"reviewed", kCtxCredit},
    {"sample", kCtxNegative},
    {"samples", kCtxNegative},
    {"signed", kCtxCredit},
    {"sms", kCtxPhone},
    {"socialsecurity", kCtxSsn},
    {"specimen", kCtxNegative},
    {"ssn", kCtxSsn},
    {"ssns", kCtxSsn},
    {"subscriber", kCtxPatient},
    {"tel", kCtxPhone},
    {"telephone", kCtxPhone},
    {"test", kCtxNegative},
    {"tested", kCtxCredit},
    {"testing", kCtxNegative},
    {"tests", kCtxNegative},
    {"unionpay", kCtxCard},
    {"visa", kCtxCard},
    {"written", kCtxCredit},
};

static_assert(std::is_sorted(std::begin(kWords), std::end(kWords),
                             [](const Word& a, const Word& b) { return a.word < b.word; }));

constexpr size_t kMaxWord = 16;  // longer words are none of ours

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLetter(char c) { return IsLower(c) || IsUpper(c); }
bool IsAlnum(char c) { return IsLetter(c) || (c >= '0' && c <= '9'); }

// A word ends before text[j] at a lower->upper hump ("patient|Dob") and where an acronym meets
// a capitalised word of two or more lowercase letters ("NPI|Number"; "SSNs" is one word).
bool WordBreak(std::string_view text, size_t j) {
  if (!IsUpper(text[j])) return false;
  if (IsLower(text[j - 1])) return true;
  return IsUpper(text[j - 1]) && j + 2 < text.size() && IsLower(text[j + 1]) &&
         IsLower(text[j + 2]);
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsHexLetter(char c) { return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Letters that are no word: hex digits right after a digit belong to a number ("222CC",
// "0x1Fcc"; "es2example1" still says "example"), and letters right before a bit width name a
// fixed-width type (X11's CARD16, INT32).
bool NotAWord(std::string_view text, size_t begin, size_t end) {
  if (begin > 0 && IsDigit(text[begin - 1]) &&
      std::all_of(text.begin() + begin, text.begin() + end, IsHexLetter)) {
    return true;
  }
  for (std::string_view width : {"8", "16", "32", "64"}) {
    const size_t after = end + width.size();
    if (text.substr(end).starts_with(width) && (after == text.size() || !IsAlnum(text[after]))) {
      return true;
    }
  }
  return false;
}

}  // namespace

uint32_t WordFlags(std::string_view lowercase_word) {
  auto it = std::lower_bound(std::begin(kWords), std::end(kWords), lowercase_word,
                             [](const Word& w, std::string_view s) { return w.word < s; });
  if (it != std::end(kWords) && it->word == lowercase_word) return it->flags;
  const bool npi_part = lowercase_word.size() >= 4 &&
                        (lowercase_word.starts_with("npi") || lowercase_word.ends_with("npi"));
  return npi_part ? uint32_t{kCtxNpi} : 0;
}

uint32_t WordsIn(std::string_view text, uint64_t& steps) {
  uint32_t flags = 0;
  std::string_view previous;
  std::array<char, kMaxWord> prev_buf{}, buf{};
  size_t i = 0;
  while (i < text.size()) {
    ++steps;
    if (!IsLetter(text[i])) {
      ++i;
      continue;
    }
    const size_t begin = i;
    size_t len = 0;
    size_t j = i;
    do {
      if (len < kMaxWord) buf[len] = static_cast<char>(text[j] | 0x20);
      ++len;
      ++j;
      ++steps;
    } while (j < text.size() && IsLetter(text[j]) && !WordBreak(text, j));
    i = j;
    if (len > kMaxWord || NotAWord(text, begin, j)) {
      previous = {};
      continue;
    }
    std::string_view word(buf.data(), len);
    flags |= WordFlags(word);
    if (previous == "social" && word == "security") flags |= kCtxSsn;
    if (previous == "medical" && (word == "record" || word == "records")) flags |= kCtxMrn;
    prev_buf = buf;
    previous = std::string_view(prev_buf.data(), len);
  }
  return flags;
}

uint32_t ContextAround(std::string_view content, size_t begin, size_t end, uint64_t& steps,
                       bool this_line_only) {
  // Before: back to the start of the previous line (or of this one), at most kContextBefore
  // bytes, then back to the start of the alphanumeric run the window cut (so "259CC" cut to "CC"
  // is still a number).
  size_t from = begin;
  const int lines = this_line_only ? 1 : 2;
  int newlines = 0;
  while (from > 0 && begin - from < kContextBefore) {
    ++steps;
    if (content[from - 1] == '\n' && ++newlines == lines) break;
    --from;
  }
  for (size_t k = 0; k < kMaxWord && from > 0 && IsAlnum(content[from - 1]); ++k) --from;
  size_t to = end;
  while (to < content.size() && to - end < kContextAfter && content[to] != '\n') ++to;
  steps += to - end;
  return WordsIn(content.substr(from, begin - from), steps) |
         WordsIn(content.substr(end, to - end), steps);
}

uint32_t KeyBefore(std::string_view content, size_t begin, uint64_t& steps) {
  auto glue = [](char c) {
    return c == ' ' || c == '\t' || c == '"' || c == '\'' || c == ':' || c == '=' || c == '>' ||
           c == '#';
  };
  auto key_char = [](char c) { return IsAlnum(c) || c == '_' || c == '-' || c == '.'; };
  size_t key_end = begin;
  while (key_end > 0 && begin - key_end < kKeyGlue && glue(content[key_end - 1])) --key_end;
  size_t key_begin = key_end;
  while (key_begin > 0 && key_end - key_begin < kMaxKey && key_char(content[key_begin - 1])) {
    --key_begin;
  }
  steps += begin - key_begin;
  return WordsIn(content.substr(key_begin, key_end - key_begin), steps);
}

}  // namespace proofline::scan::pii
