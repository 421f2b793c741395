// Context words around a PII candidate: "ssn", "patient", "dob" near a number make it more likely
// personal data; "example", "test", "dummy" less. The scanner turns these flags into confidence.
// Only a bounded window is read (kContextBefore/kContextAfter bytes), so the cost per candidate
// is constant and a scan stays linear.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace proofline::scan::pii {

enum ContextFlag : uint32_t {
  kCtxSsn = 1u << 0,       // ssn, social security
  kCtxCard = 1u << 1,      // card, cc, credit, pan, visa...
  kCtxDob = 1u << 2,       // dob, birth, born, birthdate...
  kCtxPatient = 1u << 3,   // patient, member, beneficiary, medical, health...
  kCtxNpi = 1u << 4,       // npi (also as a component: npiNumber, pcpnpi), provider, prescriber
  kCtxMedicare = 1u << 5,  // medicare, mbi, hicn...
  kCtxPhone = 1u << 6,     // phone, tel, mobile, fax...
  kCtxEmail = 1u << 7,     // email, mail, contact...
  kCtxMrn = 1u << 8,       // mrn, medical record
  kCtxNegative = 1u << 9,  // example, test, sample, dummy, fake, placeholder, mock...
  kCtxCredit = 1u << 10,   // author, written, copyright, maintainer, signed: published credits
};

// The window read before a candidate (this line and the one before it, at most this many bytes)
// and after it (the rest of this line, at most this many bytes).
inline constexpr size_t kContextBefore = 64;
inline constexpr size_t kContextAfter = 32;

// The flags of one lowercase word ("ssn" -> kCtxSsn), 0 for any other word. A word of 4 or more
// letters that starts or ends with "npi" is an NPI label written as one word ("npinumber",
// "renderingnpi": SQL and CSV column names); no English word does either.
uint32_t WordFlags(std::string_view lowercase_word);

// The flags of the words in `text`. Words are runs of ASCII letters (so '_', '-', '.' and digits
// split them: "rendering_npi"), split also at camelCase humps ("patientDob" is "patient" "dob")
// and after an acronym that a capitalised word follows ("NPINumber" is "NPI" "Number", while
// "SSNs" stays one word), matched case-insensitively; the bigrams "social security" and "medical
// record" count too. Adds the bytes read to `steps`.
uint32_t WordsIn(std::string_view text, uint64_t& steps);

// The flags of the words around content[begin, end): WordsIn over this line and the one before
// it (at most kContextBefore bytes) and the rest of this line (at most kContextAfter bytes).
// With this_line_only (a row of a delimited table, whose line before is another record or the
// header, whose names belong to their own columns), the line before is left out.
uint32_t ContextAround(std::string_view content, size_t begin, size_t end, uint64_t& steps,
                       bool this_line_only = false);

// Bytes read back from a value to find its key (KeyBefore): the glue, then the key itself.
inline constexpr size_t kKeyGlue = 8;
inline constexpr size_t kMaxKey = 48;

// The flags of the key a value at content[begin] is written after on its line: the identifier
// (letters, digits, '_', '-', '.') that ends where at most kKeyGlue bytes of spaces, quotes, ':',
// '=', '>' and '#' before `begin` end. These all name their value: `card_number = "4111...`,
// `"ccNumber": 4111...`, `<pan>4111...`, `pan=4111...`, `NPI # 1245319599`; `cards = [4111...`
// does not (a list's name is not its members' key). 0 when there is none. Adds the bytes read
// to `steps`.
uint32_t KeyBefore(std::string_view content, size_t begin, uint64_t& steps);

}  // namespace proofline::scan::pii
