// Context-word lookup for the PII scanner (see pii_context.h): a sorted word table and a small
// camelCase-aware word splitter over a bounded window.
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
    {"cards", kCtxCard},
    {"cc", kCtxCard},
    {"ccn", kCtxCard},
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
    {"lorem", kCtxNegative},
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
    {"visa", kCtxCard},
    {"written", kCtxCredit},
};

static_assert(std::is_sorted(std::begin(kWords), std::end(kWords),
                             [](const Word& a, const Word& b) { return a.word < b.word; }));

constexpr size_t kMaxWord = 16;  // longer words are none of ours

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLetter(char c) { return IsLower(c) || IsUpper(c); }

// Flags of the words in `text`, with the two bigrams that matter.
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
    // A word: letters up to a non-letter or a lower->upper hump ("patientDob").
    size_t len = 0;
    size_t j = i;
    do {
      if (len < kMaxWord) buf[len] = static_cast<char>(text[j] | 0x20);
      ++len;
      ++j;
      ++steps;
    } while (j < text.size() && IsLetter(text[j]) && !(IsUpper(text[j]) && IsLower(text[j - 1])));
    i = j;
    if (len > kMaxWord) {
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

}  // namespace

uint32_t WordFlags(std::string_view lowercase_word) {
  auto it = std::lower_bound(std::begin(kWords), std::end(kWords), lowercase_word,
                             [](const Word& w, std::string_view s) { return w.word < s; });
  return it != std::end(kWords) && it->word == lowercase_word ? it->flags : 0;
}

uint32_t ContextAround(std::string_view content, size_t begin, size_t end, uint64_t& steps) {
  // Before: back to the start of the previous line, at most kContextBefore bytes, then back to
  // the start of the word the window cut.
  size_t from = begin;
  int newlines = 0;
  while (from > 0 && begin - from < kContextBefore) {
    ++steps;
    if (content[from - 1] == '\n' && ++newlines == 2) break;
    --from;
  }
  for (size_t k = 0; k < kMaxWord && from > 0 && IsLetter(content[from - 1]); ++k) --from;
  size_t to = end;
  while (to < content.size() && to - end < kContextAfter && content[to] != '\n') ++to;
  steps += to - end;
  return WordsIn(content.substr(from, begin - from), steps) |
         WordsIn(content.substr(end, to - end), steps);
}

}  // namespace proofline::scan::pii
