// The PII/PHI scanner (HIPAA, PCI DSS): finds US SSNs, payment card numbers, NPIs, Medicare
// Beneficiary Identifiers, dates of birth, email addresses, US phone numbers and (in a site
// format) medical record numbers in file contents, so patient and card data committed to a
// repository is caught before a regulated deployment.
//
// How: one pass over the bytes with a hand-written tokenizer. Every numeric rule starts at a digit
// run at a token boundary ("4111 1111 1111 1111", "078-05-1120", "(212) 555-0134"); emails are
// anchored at '@'; MBIs at a digit followed by an uppercase letter; MRNs after the words "MRN" or
// "medical record". Each candidate is validated (Luhn, IIN ranges, SSN areas, NANP, calendar),
// then scored in whole percent from its context (pii_context.h) and reported when the score
// reaches the rule's minimum. Its context is the words in a bounded window around it (this line
// and the one before, the rest of this line; in a delimited table, its own row only: the line
// before is another record or the header), the key it is the value of (`card_number = `,
// `"billingNPI": `, `<pan>`, `NPI # `) and, in a .csv/.tsv/.psv file, the name of its column in
// the header line (so a `birth_date` column makes its dates dates of birth):
//
//   rule                       base                        +context             min  severity
//   pii-us-ssn                 70 AAA-GG-SSSS, 40 bare or  +25 ssn, +10 patient  60  high
//                              spaced (so needs "ssn")     /dob/medicare
//   pii-payment-card           45 (20 published test PAN,  evidence, below;      50  high
//                              at most 70), only with      at most 100
//                              evidence it is a card
//   pii-npi                    35 (10 CMS sample)          +50 npi, +10 patient  60  low
//   pii-medicare-mbi           70 (45 CMS sample)          +20 medicare, +10 p.  60  high
//   pii-date-of-birth          85, only with dob words     +10 patient           60  medium
//   pii-email                  60; 40 as "Name <addr>";    +20 email, +20 p.     50  low
//                              20 reserved domain or role
//                              mailbox such as git@
//   pii-us-phone               60 formatted, 25 bare 10    +30 phone, +10 p.     50  low
//                              digits; 50 less for 555-01xx
//                              and 555-1212
//   pii-medical-record-number  90, only after mrn words                          60  high
//
// Payment cards: a Luhn-valid run in an issuer range is only card-shaped. It is a candidate only
// with at least one piece of evidence, each adding to the score:
//   +45  its key, or its CSV column's name, names a card (card, cc, pan, ccNumber, card_no...);
//   +30  otherwise, a card word (card, credit, cc, pan, visa, mastercard, amex...) in its window;
//   +20  grouped as cards are printed: 4-4-4-4[-1..4] or 4-6-5/4-6-4, one separator (space or
//        dash) throughout, and not one part of a longer row of digit groups;
//   +10  a data file, by extension (any case): .csv .tsv .psv .json .jsonl .ndjson .sql .xml .yaml
//        .yml .txt .log .dat .dump. Anything else (no extension included) is treated as code.
// So a bare run scores 0.55 in a data file and is nothing in code; 0.65 printed in groups in code,
// 0.75 near a card word, 0.90 under a card key. In code, a run with two or more other runs of 10+
// digits within 128 bytes is a member of a numeric table (test vectors, constants): there a card
// word counts only between it and its neighbouring runs, on its own line and after any bracket
// opening the table (a word naming the table names no member).
//
// NPI labels: "npi" as a word or as a part of an identifier: `rendering_npi`, `prescriberNPI`,
// `NPINumber`, `npi_number`, `NPI #`, one-word column names starting or ending with it (`pcpnpi`,
// `npinumber`); and provider, prescriber, physician. A bare NPI-valid number (35) is no finding.
//
// Negative words ("example", "test", "sample", "dummy", "fake", "placeholder", "mock"...) take 40
// off any rule; authorship credits ("Written by", "Copyright", "Signed-off-by") 40 off an email.
// Never findings: SSNs the SSA does not issue (area 000, 666, 900-999, group 00, serial 0000) and
// the published sample SSNs (078-05-1120, 219-09-9999, 123-45-6789, 111-22-3333, same-digit runs);
// bare dates; card-shaped runs without evidence; a card, NPI or bare 10-digit phone right after a
// minus sign (a negative number: "= -2144206796"). Test PANs stay findings (a card-shaped number is
// still one), with 25 less and at most 70, so a negative word always takes them below the default
// minimum.
//
// Masking: Finding.masked and .message never hold the value: numbers keep their last 4 digits
// (SSN "***-**-6789", card "************1111", phone "***-***-0134", NPI "******7893", MBI
// "*******MK73"), a date of birth its year ("1980-**-**"), an email the first letter of its
// local part and its domain ("j***@example.org"), an MRN its last 2 characters. secret_sha256 is
// the SHA-256 of the normalised value: digits only for numbers (phones without the country code
// 1), YYYY-MM-DD for dates, lowercase emails, MBIs and MRNs as matched without dashes.
//
// Cost: linear in the content; PiiScanStats counts the bytes visited (a small constant times the
// size: tokens are at most 5 digit groups; context, key and table windows and email parts are
// bounded; the CSV column and long-digit-run cursors only move forward, each byte once).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "scan/finding.h"

namespace re2 {
class RE2;
}

namespace proofline::scan {

inline constexpr std::string_view kPiiSsn = "pii-us-ssn";
inline constexpr std::string_view kPiiCard = "pii-payment-card";
inline constexpr std::string_view kPiiNpi = "pii-npi";
inline constexpr std::string_view kPiiMbi = "pii-medicare-mbi";
inline constexpr std::string_view kPiiDob = "pii-date-of-birth";
inline constexpr std::string_view kPiiEmail = "pii-email";
inline constexpr std::string_view kPiiPhone = "pii-us-phone";
inline constexpr std::string_view kPiiMrn = "pii-medical-record-number";

struct PiiOptions {
  // Minimum confidence (0..1) by rule id, replacing the defaults of the table above.
  std::map<std::string, double, std::less<>> min_confidence;
  // The site's medical record number, RE2 syntax (e.g. "[A-Z]{2}\\d{6}"), looked for in the 48
  // bytes after "MRN" / "medical record" on the same line, standing alone (a byte other than a
  // letter or digit before and after it: "MRN: AB123456", not "MRN XAB123456"). Empty: the MRN
  // rule is off.
  std::string mrn_format;
  // A file stops being scanned after this many findings (a dump of card numbers fails the gate
  // either way; this bounds memory).
  size_t max_findings_per_file = 1000;
};

struct PiiScanStats {
  uint64_t steps = 0;  // bytes visited, re-visits included
};

class PiiScanner final : public Scanner {
 public:
  // InvalidArgument for an unknown rule id or a confidence outside 0..1 in min_confidence, an
  // mrn_format RE2 rejects or that matches the empty string, or max_findings_per_file 0.
  static Result<std::unique_ptr<PiiScanner>> Create(const PiiOptions& options);
  ~PiiScanner() override;

  std::string_view Name() const override { return "pii"; }
  // Every rule above, the MRN rule included when it is off (no format).
  const std::vector<RuleInfo>& Rules() const override { return rules_; }
  // Thread-safe; linear in content.size(). `path` decides data file or code by its extension;
  // `content` is taken to start at the file's start (its first line is a CSV file's header).
  void Scan(std::string_view path, std::string_view content,
            std::vector<Finding>& out) const override;
  // Scan, adding to `stats` the work done.
  void ScanWithStats(std::string_view path, std::string_view content, std::vector<Finding>& out,
                     PiiScanStats& stats) const;

  static constexpr size_t kRuleCount = 8;  // kPiiSsn .. kPiiMrn

 private:
  friend class PiiFileScan;
  PiiScanner() = default;

  std::vector<RuleInfo> rules_;
  std::array<int, kRuleCount> min_percent_{};
  std::unique_ptr<re2::RE2> mrn_;
  size_t max_findings_ = 0;
};

}  // namespace proofline::scan
