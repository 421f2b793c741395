// The PII/PHI scanner (HIPAA, PCI DSS): finds US SSNs, payment card numbers, NPIs, Medicare
// Beneficiary Identifiers, dates of birth, email addresses, US phone numbers and (in a site
// format) medical record numbers in file contents, so patient and card data committed to a
// repository is caught before a regulated deployment.
//
// How: one pass over the bytes with a hand-written tokenizer. Every numeric rule starts at a digit
// run at a token boundary ("4111 1111 1111 1111", "078-05-1120", "(212) 555-0134"); emails are
// anchored at '@'; MBIs at a digit followed by an uppercase letter; MRNs after the words "MRN" or
// "medical record". Each candidate is validated (Luhn, IIN ranges, SSN areas, NANP, calendar),
// then scored in whole percent from context words in a bounded window around it
// (pii_context.h) and reported when the score reaches the rule's minimum:
//
//   rule                       base                        +context             min  severity
//   pii-us-ssn                 70 AAA-GG-SSSS, 40 bare or  +25 ssn, +10 patient  60  high
//                              spaced (so needs "ssn")     /dob/medicare
//   pii-payment-card           75 (50 published test PAN)  +20 card              50  high
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
// Negative words ("example", "test", "sample", "dummy", "fake", "placeholder", "mock"...) take 40
// off any rule; authorship credits ("Written by", "Copyright", "Signed-off-by") 40 off an email.
// Never findings: SSNs the SSA does not issue (area 000, 666, 900-999, group 00, serial 0000) and
// the published sample SSNs (078-05-1120, 219-09-9999, 123-45-6789, 111-22-3333, same-digit runs);
// bare dates. Test PANs stay findings (a card-shaped number is still one), with 25 less.
//
// Masking: Finding.masked and .message never hold the value: numbers keep their last 4 digits
// (SSN "***-**-6789", card "************1111", phone "***-***-0134", NPI "******7893", MBI
// "*******MK73"), a date of birth its year ("1980-**-**"), an email the first letter of its
// local part and its domain ("j***@example.org"), an MRN its last 2 characters. secret_sha256 is
// the SHA-256 of the normalised value: digits only for numbers (phones without the country code
// 1), YYYY-MM-DD for dates, lowercase emails, MBIs and MRNs as matched without dashes.
//
// Cost: linear in the content; PiiScanStats counts the bytes visited (a small constant times the
// size: tokens are at most 5 digit groups, context windows and email parts are bounded).
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
  // Thread-safe; linear in content.size().
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
