// The PII scanner's rule table (what SARIF shows), its options and the Scanner entry points; the
// per-file pass itself is pii_scan.cc.
#include "scan/pii.h"

#include <re2/re2.h>

#include <cmath>

#include "scan/pii_scan.h"

namespace proofline::scan {
namespace {

struct RuleSpec {
  std::string_view id, name, description;
  Severity severity;
  double security_severity;
  int min_percent;
  std::vector<std::string> controls;
};

// In PiiRule order. Controls use the catalog ids (catalogs/hipaa.yaml, pci-dss.yaml); the
// 164.514(b)(2)(i) letters are the Safe Harbor identifiers, and PHI in a repository is stored
// unencrypted (164.312(a)(2)(iv)).
const std::vector<RuleSpec>& Specs() {
  static const std::vector<RuleSpec> specs = {
      {kPiiSsn,
       "US Social Security number",
       "A valid-range US SSN (AAA-GG-SSSS, or 9 digits next to \"ssn\"/\"social security\").",
       Severity::kHigh,
       7.5,
       60,
       {"HIPAA-164.514(b)(2)(i)(G)", "HIPAA-164.312(a)(2)(iv)"}},
      {kPiiCard,
       "Payment card number",
       "A Luhn-valid primary account number in a known issuer range, 13-19 digits, with "
       "evidence it is a card: a card key, column or word, printed groups, or a data file.",
       Severity::kHigh,
       8.0,
       50,
       {"PCI-3.5.1", "PCI-3.4.1"}},
      {kPiiNpi,
       "National Provider Identifier",
       "A 10-digit NPI (Luhn check over the 80840 prefix) next to \"npi\"/\"provider\".",
       Severity::kLow,
       3.0,
       60,
       {"HIPAA-164.514(b)(2)(i)(R)"}},
      {kPiiMbi,
       "Medicare Beneficiary Identifier",
       "An 11-character MBI following the CMS position rules, with or without dashes.",
       Severity::kHigh,
       7.0,
       60,
       {"HIPAA-164.514(b)(2)(i)(I)", "HIPAA-164.312(a)(2)(iv)"}},
      {kPiiDob,
       "Date of birth",
       "A calendar date next to \"dob\", \"date of birth\", \"born\" or \"birth_date\".",
       Severity::kMedium,
       5.0,
       60,
       {"HIPAA-164.514(b)(2)(i)(C)", "HIPAA-164.312(a)(2)(iv)"}},
      {kPiiEmail,
       "Email address",
       "An email address of a person (not a reserved domain).",
       Severity::kLow,
       3.5,
       50,
       {"HIPAA-164.514(b)(2)(i)(F)"}},
      {kPiiPhone,
       "US phone number",
       "A NANP telephone number (area and exchange 2-9, not N11; 555-01xx is fiction).",
       Severity::kLow,
       3.5,
       50,
       {"HIPAA-164.514(b)(2)(i)(D)"}},
      {kPiiMrn,
       "Medical record number",
       "A value in the site's medical record number format after \"MRN\"/\"medical record\".",
       Severity::kHigh,
       7.0,
       60,
       {"HIPAA-164.514(b)(2)(i)(H)", "HIPAA-164.312(a)(2)(iv)"}},
  };
  return specs;
}

Status SetMinimums(const PiiOptions& options, std::array<int, PiiScanner::kRuleCount>& out) {
  const std::vector<RuleSpec>& specs = Specs();
  for (size_t r = 0; r < specs.size(); ++r) out[r] = specs[r].min_percent;
  for (const auto& [id, value] : options.min_confidence) {
    size_t r = 0;
    while (r < specs.size() && specs[r].id != id) ++r;
    if (r == specs.size()) return InvalidArgument("pii: unknown rule id '" + id + "'");
    if (!(value >= 0 && value <= 1)) {
      return InvalidArgument("pii: minimum confidence of " + id + " must be within 0..1");
    }
    out[r] = static_cast<int>(std::lround(value * 100));
  }
  return OkStatus();
}

// The format alone is checked (so errors quote the user's text), then compiled between word
// boundaries: a non-alphanumeric byte before it, one or the end of the window after it, the value
// being group 1.
Result<std::unique_ptr<re2::RE2>> CompileMrnFormat(const std::string& format) {
  re2::RE2::Options o;
  o.set_encoding(re2::RE2::Options::EncodingLatin1);  // bytes, like the rest of the scan
  o.set_log_errors(false);
  const re2::RE2 alone(format, o);
  if (!alone.ok()) return InvalidArgument("pii: mrn format '" + format + "': " + alone.error());
  if (re2::RE2::FullMatch("", alone)) {
    return InvalidArgument("pii: mrn format '" + format + "' matches the empty string");
  }
  auto re = std::make_unique<re2::RE2>("[^0-9A-Za-z](" + format + ")(?:[^0-9A-Za-z]|$)", o);
  if (!re->ok()) return InvalidArgument("pii: mrn format '" + format + "': " + re->error());
  return re;
}

}  // namespace

PiiScanner::~PiiScanner() = default;

Result<std::unique_ptr<PiiScanner>> PiiScanner::Create(const PiiOptions& options) {
  std::unique_ptr<PiiScanner> s(new PiiScanner());
  RETURN_IF_ERROR(SetMinimums(options, s->min_percent_));
  if (options.max_findings_per_file == 0) {
    return InvalidArgument("pii: max_findings_per_file must be at least 1");
  }
  s->max_findings_ = options.max_findings_per_file;
  if (!options.mrn_format.empty()) {
    ASSIGN_OR_RETURN(s->mrn_, CompileMrnFormat(options.mrn_format));
  }
  for (const RuleSpec& spec : Specs()) {
    RuleInfo info;
    info.id = spec.id;
    info.name = spec.name;
    info.description = spec.description;
    info.severity = spec.severity;
    info.security_severity = spec.security_severity;
    info.controls = spec.controls;
    info.tags = {"pii", spec.id == kPiiCard ? "pci-dss" : "hipaa"};
    s->rules_.push_back(std::move(info));
  }
  return s;
}

void PiiScanner::Scan(std::string_view path, std::string_view content,
                      std::vector<Finding>& out) const {
  PiiFileScan(*this, path, content, out).Run();
}

void PiiScanner::ScanWithStats(std::string_view path, std::string_view content,
                               std::vector<Finding>& out, PiiScanStats& stats) const {
  PiiFileScan scan(*this, path, content, out);
  scan.Run();
  stats.steps += scan.steps();
}

}  // namespace proofline::scan
