// Tests of the PII scanner: the validators alone, exact findings (offsets, masks, fingerprints,
// confidence), options, a generated labelled corpus with per-rule precision and recall, and
// adversarial inputs whose work must stay linear (counted, never timed).
#include "scan/pii.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <functional>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "scan/pii_context.h"
#include "scan/pii_validate.h"

namespace proofline::scan {
namespace {

std::unique_ptr<PiiScanner> Make(const PiiOptions& options = {}) {
  auto s = PiiScanner::Create(options);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(s).value();
}

std::vector<Finding> ScanText(const PiiScanner& s, std::string_view text,
                              std::string_view path = "f.txt") {
  std::vector<Finding> out;
  s.Scan(path, text, out);
  return out;
}

constexpr double kNone = -1;

// The confidence of the one finding in `text` scanned as the file `path`, which must be of
// `rule`; kNone when there is no finding.
double Confidence(const PiiScanner& s, std::string_view path, std::string_view text,
                  std::string_view rule) {
  const std::vector<Finding> out = ScanText(s, text, path);
  if (out.empty()) return kNone;
  EXPECT_EQ(out.size(), 1u) << path << ": " << text;
  EXPECT_EQ(out[0].rule_id, rule) << path << ": " << text;
  return out[0].confidence;
}

// --- validators ---------------------------------------------------------------------------------

TEST(PiiValidate, SsnExcludesUnissuedRangesAndSamples) {
  EXPECT_TRUE(pii::IsIssuableSsn("536226789"));
  EXPECT_TRUE(pii::IsIssuableSsn("001010001"));
  EXPECT_TRUE(pii::IsIssuableSsn("665010001"));
  EXPECT_TRUE(pii::IsIssuableSsn("667010001"));
  EXPECT_TRUE(pii::IsIssuableSsn("899990001"));
  EXPECT_FALSE(pii::IsIssuableSsn("000226789"));
  EXPECT_FALSE(pii::IsIssuableSsn("666226789"));
  EXPECT_FALSE(pii::IsIssuableSsn("900226789"));
  EXPECT_FALSE(pii::IsIssuableSsn("999226789"));
  EXPECT_FALSE(pii::IsIssuableSsn("536006789"));
  EXPECT_FALSE(pii::IsIssuableSsn("536220000"));
  EXPECT_TRUE(pii::IsSampleSsn("078051120"));
  EXPECT_TRUE(pii::IsSampleSsn("219099999"));
  EXPECT_TRUE(pii::IsSampleSsn("123456789"));
  EXPECT_TRUE(pii::IsSampleSsn("111111111"));
  EXPECT_TRUE(pii::IsSampleSsn("111223333"));
  EXPECT_FALSE(pii::IsSampleSsn("536226789"));
}

TEST(PiiValidate, CardBrandsByIinAndLength) {
  EXPECT_EQ(pii::CardBrand("4539148803436467"), "visa");
  EXPECT_EQ(pii::CardBrand("4222222222222"), "visa");
  EXPECT_EQ(pii::CardBrand("45391488034364"), "");  // 14-digit Visa does not exist
  EXPECT_EQ(pii::CardBrand("5555555555554444"), "mastercard");
  EXPECT_EQ(pii::CardBrand("2223003122003222"), "mastercard");
  EXPECT_EQ(pii::CardBrand("2721000000000000"), "");
  EXPECT_EQ(pii::CardBrand("378282246310005"), "amex");
  EXPECT_EQ(pii::CardBrand("3782822463100050"), "");
  EXPECT_EQ(pii::CardBrand("6011111111111117"), "discover");
  EXPECT_EQ(pii::CardBrand("6445000000000000"), "discover");
  EXPECT_EQ(pii::CardBrand("6221260000000000"), "discover");
  EXPECT_EQ(pii::CardBrand("6200000000000005"), "unionpay");
  EXPECT_EQ(pii::CardBrand("3530111333300000"), "jcb");
  EXPECT_EQ(pii::CardBrand("30569309025904"), "diners");
  EXPECT_EQ(pii::CardBrand("36227206271667"), "diners");
  EXPECT_EQ(pii::CardBrand("1234567812345670"), "");
  EXPECT_TRUE(pii::LuhnValid("4539148803436467"));
  EXPECT_FALSE(pii::LuhnValid("4539148803436468"));
  EXPECT_TRUE(pii::IsTestCard("4111111111111111"));
  EXPECT_TRUE(pii::IsTestCard("30569309025904"));
  EXPECT_FALSE(pii::IsTestCard("4539148803436467"));
}

TEST(PiiValidate, NpiMbiPhoneAndDates) {
  EXPECT_TRUE(pii::IsValidNpi("1234567893"));
  EXPECT_FALSE(pii::IsValidNpi("1234567890"));
  EXPECT_FALSE(pii::IsValidNpi("3234567893"));
  EXPECT_TRUE(pii::IsValidMbi("1EG4TE5MK73"));
  EXPECT_TRUE(pii::IsValidMbi("9AA0A00AA00"));
  for (char bad : std::string("SLOIBZ")) {
    std::string mbi = "1EG4TE5MK73";
    mbi[1] = bad;
    EXPECT_FALSE(pii::IsValidMbi(mbi)) << mbi;
  }
  EXPECT_FALSE(pii::IsValidMbi("0EG4TE5MK73"));  // position 1 is 1-9
  EXPECT_TRUE(pii::IsValidMbi("1E04TE5MK73"));   // position 3 may be a digit
  EXPECT_FALSE(pii::IsValidMbi("1EGATE5MK73"));  // position 4 is a digit
  EXPECT_FALSE(pii::IsValidMbi("1eg4te5mk73"));
  EXPECT_TRUE(pii::IsNanpNumber("2125550134"));
  EXPECT_FALSE(pii::IsNanpNumber("1125550134"));
  EXPECT_FALSE(pii::IsNanpNumber("2121550134"));
  EXPECT_FALSE(pii::IsNanpNumber("9115550134"));
  EXPECT_FALSE(pii::IsNanpNumber("2124110134"));
  EXPECT_TRUE(pii::IsFictionalNanp("2125550134"));
  EXPECT_TRUE(pii::IsFictionalNanp("8165551212"));
  EXPECT_FALSE(pii::IsFictionalNanp("2125550234"));
  EXPECT_TRUE(pii::IsPlausibleDate(2000, 2, 29));
  EXPECT_FALSE(pii::IsPlausibleDate(1900, 2, 29));
  EXPECT_FALSE(pii::IsPlausibleDate(1980, 4, 31));
  EXPECT_FALSE(pii::IsPlausibleDate(1899, 1, 1));
  EXPECT_TRUE(pii::IsReservedDomain("example.org"));
  EXPECT_TRUE(pii::IsReservedDomain("mail.example.com"));
  EXPECT_TRUE(pii::IsReservedDomain("host.test"));
  EXPECT_FALSE(pii::IsReservedDomain("mercy-health.org"));
  EXPECT_TRUE(pii::IsReservedDomain("example.xz"));
  EXPECT_TRUE(pii::IsReservedDomain("mail.example.co.uk"));
  EXPECT_FALSE(pii::IsReservedDomain("example-bank.com"));
  EXPECT_FALSE(pii::IsReservedDomain("myexample.org"));
  EXPECT_TRUE(pii::IsEmailDomain("mercy-health.org"));
  EXPECT_TRUE(pii::IsEmailDomain("clinic.co.uk"));
  EXPECT_FALSE(pii::IsEmailDomain("localhost"));
  EXPECT_FALSE(pii::IsEmailDomain("2x.png"));
  EXPECT_FALSE(pii::IsEmailDomain("-bad.org"));
  EXPECT_FALSE(pii::IsEmailDomain("a..org"));
  EXPECT_FALSE(pii::IsEmailDomain("host.c0m"));
  EXPECT_FALSE(pii::IsEmailDomain(std::string(64, 'a') + ".org"));
}

// --- exact findings -----------------------------------------------------------------------------

TEST(PiiScanner, ReportsExactOffsetsMasksAndFingerprints) {
  auto s = Make();
  //                       0123456789012345678901234567
  const std::string text = "id,name,ssn\n7,Jane Roe,536-22-6789\n";
  auto f = ScanText(*s, text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "pii-us-ssn");
  EXPECT_EQ(f[0].path, "f.txt");
  EXPECT_EQ(f[0].begin, 23u);
  EXPECT_EQ(f[0].end, 34u);
  EXPECT_EQ(text.substr(23, 11), "536-22-6789");
  EXPECT_EQ(f[0].masked, "***-**-6789");
  EXPECT_EQ(f[0].message, "US Social Security number ***-**-6789");
  EXPECT_EQ(f[0].secret_sha256, "4074796231f5ec59f53cdbb36a4e3da232a4055abca5cb3c6d527e61182b57bf");
  EXPECT_EQ(f[0].severity, Severity::kHigh);
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.95);  // 70 + 25 for "ssn" on the line before
}

TEST(PiiScanner, BareSsnNeedsStrongContext) {
  auto s = Make();
  EXPECT_TRUE(ScanText(*s, "order 536226789 shipped").empty());
  EXPECT_TRUE(ScanText(*s, "patient 536226789").empty());
  auto f = ScanText(*s, "social security number 536226789");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.65);
  EXPECT_EQ(f[0].masked, "***-**-6789");
  EXPECT_EQ(f[0].secret_sha256, "4074796231f5ec59f53cdbb36a4e3da232a4055abca5cb3c6d527e61182b57bf");
}

TEST(PiiScanner, CardKeepsLastFourAndLowersTestNumbers) {
  auto s = Make();
  auto f = ScanText(*s, "card: 4111 1111 1111 1111\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "pii-payment-card");
  EXPECT_EQ(f[0].begin, 6u);
  EXPECT_EQ(f[0].end, 25u);
  EXPECT_EQ(f[0].masked, "************1111");
  EXPECT_EQ(f[0].message, "Payment card number ************1111 (visa, a published test number)");
  EXPECT_EQ(f[0].secret_sha256, "9bbef19476623ca56c17da75fd57734dbf82530686043a6e491c6d71befe8f6e");
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.70);  // 50 for a test PAN + 20 for "card"

  f = ScanText(*s, "4539-1488-0343-6467");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.75);
  EXPECT_EQ(f[0].message, "Payment card number ************6467 (visa)");
  // In a test's own words a published test PAN drops below the minimum...
  EXPECT_TRUE(ScanText(*s, "use test card 4111111111111111").empty());
  // ...and shows again when the team lowers the minimum.
  PiiOptions low;
  low.min_confidence["pii-payment-card"] = 0.3;
  f = ScanText(*Make(low), "use test card 4111111111111111");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.30);
}

TEST(PiiScanner, SpacedNumbersTakeTheLongestShapeThatFits) {
  auto s = Make();
  //                       0123456789012345678901234567890
  const std::string text = "12 4539 1488 0343 6467 2025 and 212 555 0199 0134";
  auto f = ScanText(*s, text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "pii-payment-card");
  EXPECT_EQ(f[0].begin, 3u);
  EXPECT_EQ(f[0].end, 22u);
  // "212 555 0199" is fictional (10 + 0 context < 50); with the words it still is not reported.
  EXPECT_TRUE(ScanText(*s, "phone 212 555 0199").empty());
  f = ScanText(*s, "phone 212 555 0299 ext 12");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].begin, 6u);
  EXPECT_EQ(f[0].end, 18u);
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.90);
}

TEST(PiiScanner, ConcurrentScansAgree) {
  PiiOptions o;
  o.mrn_format = "[A-Z]{2}\\d{6}";
  auto s = Make(o);
  std::string text;
  for (int i = 0; i < 300; ++i) {
    text += "ssn 536-22-" + std::to_string(1000 + i) + " mrn AB" + std::to_string(100000 + i) +
            " card 4539 1488 0343 6467\n";
  }
  const std::vector<Finding> expected = ScanText(*s, text);
  ASSERT_EQ(expected.size(), 900u);
  std::vector<Finding> a, b;
  std::thread ta([&] { s->Scan("f.txt", text, a); });
  std::thread tb([&] { s->Scan("f.txt", text, b); });
  ta.join();
  tb.join();
  ASSERT_EQ(a.size(), expected.size());
  ASSERT_EQ(b.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(a[i].begin, expected[i].begin);
    EXPECT_EQ(b[i].secret_sha256, expected[i].secret_sha256);
  }
}

TEST(PiiScanner, EmailPhoneDobNpiMbiMasks) {
  auto s = Make();
  const std::string text =
      "{\"patient\": {\"email\": \"Jane.Roe@Mercy-Health.org\", \"phone\": \"(312) 555-2368\",\n"
      " \"dob\": \"01/02/1980\", \"pcp_npi\": \"1245319599\", \"mbi\": \"5KF3-XY7-MN21\"}}\n";
  auto f = ScanText(*s, text);
  ASSERT_EQ(f.size(), 5u);
  EXPECT_EQ(f[0].rule_id, "pii-email");
  EXPECT_EQ(text.substr(f[0].begin, f[0].end - f[0].begin), "Jane.Roe@Mercy-Health.org");
  EXPECT_EQ(f[0].masked, "J***@mercy-health.org");
  EXPECT_EQ(f[0].secret_sha256, "dd65f287f83aaf2667d87ba79b35dd6f5656ab4b845af308660a7966ab5c3d27");
  EXPECT_DOUBLE_EQ(f[0].confidence, 1.0);  // 60 + 20 email + 20 patient
  EXPECT_EQ(f[1].rule_id, "pii-us-phone");
  EXPECT_EQ(text.substr(f[1].begin, f[1].end - f[1].begin), "(312) 555-2368");
  EXPECT_EQ(f[1].masked, "***-***-2368");
  EXPECT_EQ(f[2].rule_id, "pii-date-of-birth");
  EXPECT_EQ(text.substr(f[2].begin, f[2].end - f[2].begin), "01/02/1980");
  EXPECT_EQ(f[2].masked, "1980-**-**");
  EXPECT_EQ(f[2].secret_sha256, "6a38630e3c85fa0e6aadbf8608bf3609745f32a7a6dbb7bf367fc710b3f23f57");
  EXPECT_EQ(f[3].rule_id, "pii-npi");
  EXPECT_EQ(f[3].masked, "******9599");
  EXPECT_DOUBLE_EQ(f[3].confidence, 0.95);  // 35 + 50 "npi" + 10 "mbi" just after it
  EXPECT_EQ(f[4].rule_id, "pii-medicare-mbi");
  EXPECT_EQ(text.substr(f[4].begin, f[4].end - f[4].begin), "5KF3-XY7-MN21");
  EXPECT_EQ(f[4].masked, "*******MN21");
  EXPECT_DOUBLE_EQ(f[4].confidence, 0.90);
}

// Bare ten digits are a phone only with a phone word, and never as a negative number.
TEST(PiiScanner, BarePhoneNeedsAWordAndNoSign) {
  auto s = Make();
  EXPECT_DOUBLE_EQ(Confidence(*s, "a.py", "mobile_phone = 3125552368\n", kPiiPhone), 0.55);
  EXPECT_DOUBLE_EQ(Confidence(*s, "a.py", "limit = 3125552368\n", kPiiPhone), kNone);
  EXPECT_DOUBLE_EQ(Confidence(*s, "a.py", "mobile_phone = -3125552368\n", kPiiPhone), kNone);
  EXPECT_DOUBLE_EQ(Confidence(*s, "a.py", "phone = \"312-555-2368\"\n", kPiiPhone), 0.90);
}

TEST(PiiScanner, DatesNeedBirthWords) {
  auto s = Make();
  EXPECT_TRUE(ScanText(*s, "released 1980-01-02, see CHANGELOG").empty());
  EXPECT_TRUE(ScanText(*s, "created_at: 2024-03-05T10:00:00Z").empty());
  EXPECT_TRUE(ScanText(*s, "dob: 1980-02-30").empty());
  EXPECT_TRUE(ScanText(*s, "birth_date: 1981-02-29T00:00:00Z").empty());  // not a leap year
  auto f = ScanText(*s, "birthDate: 1984-02-29T00:00:00Z");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].masked, "1984-**-**");
  EXPECT_EQ(f[0].end - f[0].begin, 10u);
  f = ScanText(*s, "Born 25.12.1975 in Ohio");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].masked, "1975-**-**");
  // A "part" of ten digits is no date (it overflowed an int while read, found by the fuzzer).
  EXPECT_TRUE(ScanText(*s, "dob: 2321909999-2-2").empty());
}

TEST(PiiScanner, MedicalRecordNumbersInTheSiteFormat) {
  PiiOptions o;
  o.mrn_format = "[A-Z]{2}\\d{6}";
  auto s = Make(o);
  const std::string text = "patientMrn=AB123456; other AB654321\nMedical Record No: CD-1\n";
  auto f = ScanText(*s, text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "pii-medical-record-number");
  EXPECT_EQ(f[0].begin, 11u);
  EXPECT_EQ(f[0].end, 19u);
  EXPECT_EQ(f[0].masked, "******56");
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.90);
  f = ScanText(*s, "medical_record: XAB123456 then ZZ999999");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].masked, "******99");
  EXPECT_TRUE(ScanText(*Make(), "MRN: AB123456").empty());  // the rule is off without a format
}

TEST(PiiScanner, RejectsBadOptions) {
  PiiOptions o;
  o.mrn_format = "[A-Z";
  auto r = PiiScanner::Create(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message().rfind("pii: mrn format '[A-Z': missing ]", 0), 0u)
      << r.status().message();
  o.mrn_format = "\\d*";
  r = PiiScanner::Create(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "pii: mrn format '\\d*' matches the empty string");
  o = {};
  o.min_confidence["pii-ssn"] = 0.5;
  r = PiiScanner::Create(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "pii: unknown rule id 'pii-ssn'");
  o = {};
  o.min_confidence["pii-email"] = 1.5;
  r = PiiScanner::Create(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "pii: minimum confidence of pii-email must be within 0..1");
}

TEST(PiiScanner, ListsEveryRuleWithControls) {
  auto s = Make();
  EXPECT_EQ(s->Name(), "pii");
  ASSERT_EQ(s->Rules().size(), 8u);
  EXPECT_EQ(s->Rules()[0].id, "pii-us-ssn");
  EXPECT_EQ(s->Rules()[0].controls,
            (std::vector<std::string>{"HIPAA-164.514(b)(2)(i)(G)", "HIPAA-164.312(a)(2)(iv)"}));
  EXPECT_EQ(s->Rules()[1].id, "pii-payment-card");
  EXPECT_EQ(s->Rules()[1].controls, (std::vector<std::string>{"PCI-3.5.1", "PCI-3.4.1"}));
  EXPECT_DOUBLE_EQ(s->Rules()[1].security_severity, 8.0);
  EXPECT_EQ(s->Rules()[7].id, "pii-medical-record-number");
}

TEST(PiiScanner, StopsAtTheFindingLimit) {
  PiiOptions o;
  o.max_findings_per_file = 3;
  std::string text;
  for (int i = 0; i < 10; ++i) text += "ssn 536-22-678" + std::to_string(i) + "\n";
  EXPECT_EQ(ScanText(*Make(o), text).size(), 3u);
  EXPECT_EQ(ScanText(*Make(), text).size(), 10u);
}

// --- payment cards: the evidence that a card-shaped number is one -------------------------------

TEST(PiiCard, BareLuhnRunInSourceIsNoCard) {
  auto s = Make();
  // Luhn-valid and in an issuer range, and nothing else says card: a number.
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "src/main.c", "static const uint64_t seed = 4539148803436467;\n", kPiiCard),
      kNone);
  EXPECT_DOUBLE_EQ(Confidence(*s, "lib/util.py", "MAGIC = 5425233430109903\n", kPiiCard), kNone);
  EXPECT_DOUBLE_EQ(Confidence(*s, "Makefile", "SEED=4539148803436467\n", kPiiCard), kNone);
  // Not a candidate at all: a minimum of 0 does not bring it back.
  PiiOptions zero;
  zero.min_confidence["pii-payment-card"] = 0;
  EXPECT_DOUBLE_EQ(Confidence(*Make(zero), "src/main.c", "x = 4539148803436467;", kPiiCard), kNone);
}

TEST(PiiCard, KeyNamingACardMakesItOne) {
  auto s = Make();
  // 45 + 45 for the key it is the value of.
  EXPECT_DOUBLE_EQ(Confidence(*s, "src/main.c", "card_number = 4539148803436467;\n", kPiiCard),
                   0.90);
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "web/pay.js", "const o = {\"ccNumber\": \"5425233430109903\"};", kPiiCard),
      0.90);
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "app/pay.rb", "redirect_to \"/pay?pan=4539148803436467\"\n", kPiiCard), 0.90);
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "web/pay.html", "<cardNumber>4916338506082832</cardNumber>", kPiiCard), 0.90);
  // Near misses: a key that names something else, a wrong check digit, a negative number.
  EXPECT_DOUBLE_EQ(Confidence(*s, "src/main.c", "order_number = 4539148803436467;\n", kPiiCard),
                   kNone);
  EXPECT_DOUBLE_EQ(Confidence(*s, "src/main.c", "card_number = 4539148803436468;\n", kPiiCard),
                   kNone);
  EXPECT_DOUBLE_EQ(Confidence(*s, "src/main.c", "card_delta = -4539148803436467;\n", kPiiCard),
                   kNone);
}

TEST(PiiCard, CardWordNearTheNumber) {
  auto s = Make();
  // 45 + 30 for a card word on its line or the line before.
  EXPECT_DOUBLE_EQ(Confidence(*s, "src/billing.py",
                              "# the customer's credit card\nvalue = 4539148803436467\n", kPiiCard),
                   0.75);
  EXPECT_DOUBLE_EQ(Confidence(*s, "src/billing.py", "value = 4539148803436467  # visa\n", kPiiCard),
                   0.75);
  // Near miss: three lines up is outside the window.
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "src/billing.py", "# credit card\n\n\nvalue = 4539148803436467\n", kPiiCard),
      kNone);
}

TEST(PiiCard, GroupedAsPrintedInSource) {
  auto s = Make();
  // 45 + 20 for 4-4-4-4 or 4-6-5 groups with one separator, standing alone.
  EXPECT_DOUBLE_EQ(Confidence(*s, "pay/pay.go", "s := \"4539-1488-0343-6467\"\n", kPiiCard), 0.65);
  EXPECT_DOUBLE_EQ(Confidence(*s, "pay/pay.go", "s := \"5425 2334 3010 9903\"\n", kPiiCard), 0.65);
  EXPECT_DOUBLE_EQ(Confidence(*s, "pay/pay.go", "s := \"3742 454554 00126\"\n", kPiiCard), 0.65);
  // A published test PAN is 25 less: 0.40, below the default minimum.
  EXPECT_DOUBLE_EQ(Confidence(*s, "pay/pay.go", "s := \"4111-1111-1111-1111\"\n", kPiiCard), kNone);
  PiiOptions low;
  low.min_confidence["pii-payment-card"] = 0.4;
  EXPECT_DOUBLE_EQ(Confidence(*Make(low), "pay/pay.go", "s := \"4111-1111-1111-1111\"\n", kPiiCard),
                   0.40);
  // Near misses: mixed separators, a row of digit groups, groups of other sizes.
  EXPECT_DOUBLE_EQ(Confidence(*s, "pay/pay.go", "s := \"4539-1488 0343-6467\"\n", kPiiCard), kNone);
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "pay/pay.go", "row := \"1200 4539 1488 0343 6467 2025\"\n", kPiiCard), kNone);
  EXPECT_DOUBLE_EQ(Confidence(*s, "pay/pay.go", "s := \"45391 48803 436467\"\n", kPiiCard), kNone);
  // A row of hex code points (Perl's Unicode::Collate tables): the group before has a digit.
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "CJK/GB2312.pm", "524C 84AF 527D 5282 5281 5290 5293\n", kPiiCard), kNone);
  // Words after it are no row: "card 5425 2334 3010 9903 exp 12/27" is 45 + 45 + 20.
  EXPECT_DOUBLE_EQ(Confidence(*s, "pay/pay.go", "card 5425 2334 3010 9903 exp 12/27\n", kPiiCard),
                   1.0);
}

TEST(PiiCard, BareInADataFile) {
  auto s = Make();
  // 45 + 10 in a file of records, by its extension in any case.
  for (const char* path : {"export.csv", "dump/cards.TSV", "t.psv", "api/fixture.json",
                           "events.jsonl", "e.ndjson", "backup.sql", "feed.xml", "values.yaml",
                           "ci.yml", "notes.txt", "app.log", "table.dat", "db.dump"}) {
    EXPECT_DOUBLE_EQ(Confidence(*s, path, "1042,4539148803436467,12/27\n", kPiiCard), 0.55) << path;
  }
  for (const char* path : {"main.c", "util.py", "pay.go", "csv.h", "README.md", "Makefile", ".csv",
                           "export.csv.bak", "json/parse.cc"}) {
    EXPECT_DOUBLE_EQ(Confidence(*s, path, "1042,4539148803436467,12/27\n", kPiiCard), kNone)
        << path;
  }
}

TEST(PiiCard, CsvHeaderNamesTheColumn) {
  auto s = Make();
  std::string csv = "id,name,\"amount, usd\",card_number,ref\n";
  for (int i = 0; i < 40; ++i) csv += std::to_string(i) + ",Jane Roe,\"1,200\",,\n";
  csv += "41,\"Roe, Jane\",\"2,400\",4539148803436467,5425233430109903\n";
  auto f = ScanText(*s, csv, "payments.csv");
  ASSERT_EQ(f.size(), 2u);
  // In the card_number column: 45 + 45 for the column's name + 10 for the data file, at most 1.
  EXPECT_EQ(f[0].begin, csv.find("4539148803436467"));
  EXPECT_DOUBLE_EQ(f[0].confidence, 1.0);
  // In the ref column: the data file alone.
  EXPECT_EQ(f[1].begin, csv.find("5425233430109903"));
  EXPECT_DOUBLE_EQ(f[1].confidence, 0.55);
  // The separator a .csv header uses most, and a .tsv's tab.
  std::string semi = "id;cc;amount\n";
  for (int i = 0; i < 40; ++i) semi += std::to_string(i) + ";;12,50\n";
  EXPECT_DOUBLE_EQ(Confidence(*s, "eu.csv", semi + "41;4539148803436467;12,50\n", kPiiCard), 1.0);
  EXPECT_DOUBLE_EQ(Confidence(*s, "eu.csv", semi + "41;12,50;4539148803436467\n", kPiiCard), 0.55);
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "t.tsv", "id\tpan\n1\t\n2\t\n3\t\n4\t4539148803436467\n", kPiiCard), 1.0);
}

TEST(PiiCard, NumericTablesInSourceNeedAWordForEachMember) {
  auto s = Make();
  // Alone, the number has the card word of the line before...
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "tests/vectors.py", "LUHN_CARDS = [\n    4539148803436467,\n]\n", kPiiCard),
      0.75);
  // ...among other long numbers, that word is about the table, not about any member.
  EXPECT_TRUE(ScanText(*s,
                       "LUHN_CARDS = [\n    4539148803436467,\n    5425233430109903,\n"
                       "    374245455400126,\n    4916338506082832,\n]\n",
                       "tests/vectors.py")
                  .empty());
  EXPECT_TRUE(ScanText(*s,
                       "/* visa and mastercard */\nstatic const uint64_t v[] = {4539148803436467, "
                       "5425233430109903, 4916338506082832};\n",
                       "luhn.c")
                  .empty());
  // A member's own word or key still makes it a card; its neighbours stay numbers.
  std::string cases =
      "CASES = [\n    (5425233430109903, \"ok\"),\n    (4539148803436467, \"visa\"),\n"
      "    (4916338506082832, \"ok\"),\n]\n";
  auto f = ScanText(*s, cases, "tests/vectors.py");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].begin, cases.find("4539148803436467"));
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.75);
  cases =
      "ROWS = [\n  {\"id\": 5425233430109903},\n  {\"card\": 4539148803436467},\n"
      "  {\"id\": 4916338506082832},\n]\n";
  f = ScanText(*s, cases, "tests/vectors.py");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].begin, cases.find("4539148803436467"));
  EXPECT_DOUBLE_EQ(f[0].confidence, 0.90);
  // In a data file a table of numbers is a table of records: every member counts.
  EXPECT_EQ(ScanText(*s,
                     "LUHN_CARDS = [\n    4539148803436467,\n    5425233430109903,\n"
                     "    374245455400126,\n    4916338506082832,\n]\n",
                     "vectors.txt")
                .size(),
            4u);
}

TEST(PiiCard, TableAndColumnCursorsCostLinearWork) {
  PiiOptions o;
  o.max_findings_per_file = size_t{1} << 30;
  auto s = Make(o);
  constexpr size_t kUnits = 20000;
  struct Case {
    std::string path, head, unit;
    size_t found_per_unit;
  };
  // Every number is a candidate that reads its table neighbourhood or its column.
  for (const Case& c : {
           Case{"t.py", "CARDS = [\n", "4539148803436467, 5425233430109903 # card\n", 1},
           Case{"t.csv", "card_number,npi\n", "4539148803436467,1245319599\n", 2},
           Case{"t.csv", "\"card,npi\n", "4539148803436467,\n", 1},  // the quote never closes
           Case{"t.csv", std::string(5000, 'c') + "\n", "4539148803436467,", 1},  // no header
       }) {
    std::string text = c.head;
    for (size_t i = 0; i < kUnits; ++i) text += c.unit;
    std::vector<Finding> out;
    PiiScanStats stats;
    s->ScanWithStats(c.path, text, out, stats);
    EXPECT_EQ(out.size(), c.found_per_unit * kUnits) << c.path << " " << c.unit;
    EXPECT_GE(stats.steps, text.size()) << c.unit;
    EXPECT_LE(stats.steps, 32 * text.size()) << c.unit;
    std::printf("%-44s %5.2f steps/byte\n", c.unit.substr(0, c.unit.size() - 1).c_str(),
                double(stats.steps) / double(text.size()));
  }
}

// --- NPI labels ---------------------------------------------------------------------------------

TEST(PiiNpi, CommonLabelsCount) {
  auto s = Make();
  // 35 + 50 for a label naming an NPI, however the identifier is written.
  for (const char* label :
       {"provider npi ", "NPI ",
        "npi: ", "NPI: ", "rendering_npi: ", "billing_npi = ", "referring_npi=", "pcp_npi,",
        "npi_number: ", "NPI # ", "NPI#", "prescriberNPI=", "\"renderingProviderNpi\": \"",
        "NPINumber: ", "<BillingNPI>", "renderingnpi|", "npi1: ", "NPIs: ", "RENDERING-NPI "}) {
    EXPECT_DOUBLE_EQ(Confidence(*s, "claims/x837.c", std::string(label) + "1245319599\n", kPiiNpi),
                     0.85)
        << label;
  }
  // Near misses: no label, a look-alike word, a wrong check digit, a negative number.
  for (const char* line :
       {"1245319599\n", "id = 1245319599\n", "timeout_ms = 1245319599\n", "unpin 1245319599\n",
        "SNPIndex: 1245319599\n", "rendering_npi: 1245319598\n", "npi_offset = -1245319599\n"}) {
    EXPECT_DOUBLE_EQ(Confidence(*s, "claims/x837.c", line, kPiiNpi), kNone) << line;
  }
  // A table's header names the column far from the value.
  std::string csv = "claim,patient_name,rendering_npi\n";
  for (int i = 0; i < 40; ++i) csv += std::to_string(i) + ",Jane Roe,\n";
  EXPECT_DOUBLE_EQ(Confidence(*s, "claims.csv", csv + "41,Jane Roe,1245319599\n", kPiiNpi), 0.85);
  EXPECT_DOUBLE_EQ(Confidence(*s, "claims.csv", csv + "41,1245319599,\n", kPiiNpi), kNone);
}

// In a table, the header line is not the first row's "line before": only its own column names a
// value (a release table given a birth_date column does not make its release dates births).
TEST(PiiScanner, TableRowsTakeTheirColumnNotTheHeaderAsContext) {
  auto s = Make();
  const std::string header = "version,released,eol,birth_date,npi\n";
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "releases.csv", header + "1.1,1996-06-17,1997-06-05,,\n", kPiiDob), kNone);
  EXPECT_DOUBLE_EQ(Confidence(*s, "releases.csv", header + "1.1,,,1996-06-17,\n", kPiiDob), 0.85);
  EXPECT_DOUBLE_EQ(Confidence(*s, "releases.tsv", "a\tb\tdob\n1996-06-17\t\t\n", kPiiDob), kNone);
  // Words on the row itself still count, and outside tables the line before does.
  EXPECT_DOUBLE_EQ(
      Confidence(*s, "people.csv", "id,note,when\n7,patient dob,1980-05-01\n", kPiiDob), 0.95);
  EXPECT_DOUBLE_EQ(Confidence(*s, "people.yaml", "# date of birth\nwhen: 1980-05-01\n", kPiiDob),
                   0.85);
}

TEST(PiiContext, WordsSplitAtUnderscoresHumpsAndAcronyms) {
  uint64_t steps = 0;
  auto flags = [&](std::string_view text) { return pii::WordsIn(text, steps); };
  EXPECT_EQ(flags("rendering_npi"), pii::kCtxNpi);
  EXPECT_EQ(flags("prescriberNPI"), pii::kCtxNpi);
  EXPECT_EQ(flags("NPINumber"), pii::kCtxNpi);
  EXPECT_EQ(flags("pcpnpi"), pii::kCtxNpi);
  EXPECT_EQ(flags("npinumber"), pii::kCtxNpi);
  EXPECT_EQ(flags("NPIs"), pii::kCtxNpi);
  EXPECT_EQ(flags("SSNs"), pii::kCtxSsn);  // a plural, not "SS" + "Ns"
  EXPECT_EQ(flags("CCNumber"), pii::kCtxCard);
  EXPECT_EQ(flags("patientDob"), pii::kCtxPatient | pii::kCtxDob);
  EXPECT_EQ(flags("unpin snippet SNPIndex npi_"), pii::kCtxNpi);  // only the last word
  EXPECT_EQ(flags("unpin snippet SNPIndex"), 0u);
  // Hex letters after a digit are part of a number, letters before a bit width of a type name.
  EXPECT_EQ(flags("<U000222CC> 0x1Fcc"), 0u);
  EXPECT_EQ(flags("es2example1"), pii::kCtxNegative);
  EXPECT_EQ(flags("CARD16 alpha; CARD32 x;"), 0u);
  EXPECT_EQ(flags("card1"), pii::kCtxCard);
  EXPECT_GT(steps, 0u);
}

TEST(PiiContext, WindowCutsNoNumberIntoAWord) {
  uint64_t steps = 0;
  // The window's first byte is inside "259CC": the run is read whole, a number, not "CC".
  std::string text = "259CC" + std::string(62, ' ') + "4539148803436467";
  ASSERT_EQ(text.size() - 16 - pii::kContextBefore, 3u);
  EXPECT_EQ(pii::ContextAround(text, text.size() - 16, text.size(), steps), 0u);
  text[2] = ' ';  // "25 CC": now a word
  EXPECT_EQ(pii::ContextAround(text, text.size() - 16, text.size(), steps), pii::kCtxCard);
}

TEST(PiiContext, KeyBeforeAValue) {
  uint64_t steps = 0;
  auto key = [&](std::string_view line) { return pii::KeyBefore(line, line.find('4'), steps); };
  EXPECT_EQ(key("card_number = \"4111\""), pii::kCtxCard);
  EXPECT_EQ(key("\"ccNumber\": 4111"), pii::kCtxCard);
  EXPECT_EQ(key("<pan>4111"), pii::kCtxCard);
  EXPECT_EQ(key("x.card_no => '4111'"), pii::kCtxCard);
  EXPECT_EQ(key("NPI # 4111"), pii::kCtxNpi);
  EXPECT_EQ(key("cards = [4111"), 0u);  // a list's name
  EXPECT_EQ(key("card(4111"), 0u);
  EXPECT_EQ(key("card:          4111"), 0u);  // more than kKeyGlue bytes between
  EXPECT_EQ(key("card\n4111"), 0u);           // another line
  EXPECT_EQ(key("4111"), 0u);
}

// --- the labelled corpus ------------------------------------------------------------------------

// Generates PII values the way real records hold them, from a fixed seed (reproducible).
class Generator {
 public:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Uniform(0, static_cast<int>(v.size()) - 1)];
  }
  std::string Digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Uniform(0, 9));
    return s;
  }
  // `prefix` plus random digits plus a Luhn check digit, `length` digits in all (an oracle
  // written independently of the scanner's).
  std::string Luhn(const std::string& prefix, int length) {
    std::string s = prefix + Digits(length - 1 - static_cast<int>(prefix.size()));
    int sum = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      int d = s[s.size() - 1 - i] - '0';
      if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    return s + static_cast<char>('0' + (10 - sum % 10) % 10);
  }
  std::string Ssn() {  // issuable and not a sample
    int area;
    do area = Uniform(1, 899);
    while (area == 666 || area == 78 || area == 219 || area == 123 || area % 111 == 0);
    return Pad(area, 3) + "-" + Pad(Uniform(1, 99), 2) + "-" + Pad(Uniform(1, 9999), 4);
  }
  std::string Card() {
    static const std::vector<std::pair<std::string, int>> kIins = {
        {"4", 16},   {"51", 16},   {"55", 16}, {"2221", 16}, {"2720", 16}, {"34", 15},
        {"37", 15},  {"6011", 16}, {"65", 16}, {"3528", 16}, {"3589", 19}, {"36", 14},
        {"300", 14}, {"62", 16},   {"4", 13},  {"4", 19}};
    const auto& [iin, len] = Pick(kIins);
    return Luhn(iin, len);
  }
  std::string Npi() { return Luhn("80840" + std::to_string(Uniform(1, 2)), 15).substr(5); }
  std::string Mbi() {
    const std::string letters = "ACDEFGHJKMNPQRTUVWXY", digits = "0123456789";
    auto l = [&] { return letters[Uniform(0, 19)]; };
    auto d = [&] { return digits[Uniform(0, 9)]; };
    auto a = [&] { return Uniform(0, 1) ? l() : d(); };
    return std::string{digits[Uniform(1, 9)], l(), a(), d(), l(), a(), d(), l(), l(), d(), d()};
  }
  std::string Area() {  // NXX, not N11, not 555
    std::string s;
    do s = std::to_string(Uniform(2, 9)) + Digits(2);
    while ((s[1] == '1' && s[2] == '1') || s == "555");
    return s;
  }
  std::string Date(int year) {
    return std::to_string(year) + "-" + Pad(Uniform(1, 12), 2) + "-" + Pad(Uniform(1, 28), 2);
  }
  static std::string Pad(int n, int width) {
    std::string s = std::to_string(n);
    return std::string(width - s.size(), '0') + s;
  }

 private:
  std::mt19937 rng_{20261126};
};

struct Labelled {
  std::string text;
  std::string rule;            // "" for a line with no PII
  std::string path = "f.txt";  // the file it is scanned as
};

std::string Dashed(const std::string& s, std::initializer_list<int> groups, char sep) {
  std::string out;
  size_t at = 0;
  for (int g : groups) {
    if (!out.empty()) out += sep;
    out += s.substr(at, g);
    at += g;
  }
  return out;
}

std::vector<Labelled> TruePositives(Generator& g) {
  std::vector<Labelled> c;
  auto add = [&](const std::string& rule, std::function<std::string()> make, int n) {
    for (int i = 0; i < n; ++i) c.push_back({make(), rule});
  };
  add(
      "pii-us-ssn", [&] { return "patient ssn: " + g.Ssn(); }, 40);
  add(
      "pii-us-ssn", [&] { return "\"social_security\": \"" + g.Ssn() + "\","; }, 30);
  add(
      "pii-us-ssn", [&] { return "1042,Roe,Jane," + g.Ssn() + ",F"; }, 30);
  add(
      "pii-us-ssn",
      [&] {
        std::string s = g.Ssn();
        return "SSN " + s.substr(0, 3) + s.substr(4, 2) + s.substr(7);
      },
      30);
  add(
      "pii-payment-card", [&] { return "card_number = \"" + g.Card() + "\""; }, 40);
  add(
      "pii-payment-card",
      [&] {
        std::string n = g.Luhn("4", 16);
        return "cc: " + Dashed(n, {4, 4, 4, 4}, ' ') + " exp 12/27";
      },
      30);
  add(
      "pii-payment-card",
      [&] {
        return Dashed(g.Luhn("5" + std::to_string(g.Uniform(1, 5)), 16), {4, 4, 4, 4}, '-');
      },
      30);
  add(
      "pii-payment-card",
      [&] {
        return "amex " + Dashed(g.Luhn("37", 15), {4, 6, 5}, ' ');
      },
      20);
  add(
      "pii-npi", [&] { return "npi: " + g.Npi(); }, 40);
  add(
      "pii-npi", [&] { return "<Provider NPI=\"" + g.Npi() + "\"/>"; }, 40);
  add(
      "pii-npi", [&] { return "prescriber_npi," + g.Npi(); }, 40);
  const std::vector<std::string> npi_labels = {"rendering_npi: ", "\"billingNPI\": \"", "NPI # ",
                                               "npi_number = ", "referringNpi="};
  auto in_file = [&](const std::string& rule, const std::string& path,
                     std::function<std::string()> make, int n) {
    for (int i = 0; i < n; ++i) c.push_back({make(), rule, path});
  };
  in_file(
      "pii-npi", "claims.c", [&] { return g.Pick(npi_labels) + g.Npi(); }, 40);
  // Cards by each kind of evidence alone: a data file, printed groups in code.
  in_file(
      "pii-payment-card", "export.csv", [&] { return "1042,Jane Roe," + g.Card() + ",12/27"; }, 40);
  in_file(
      "pii-payment-card", "pay.go",
      [&] {
        return "s := \"" + Dashed(g.Luhn("4", 16), {4, 4, 4, 4}, g.Uniform(0, 1) ? '-' : ' ') +
               "\"";
      },
      40);
  add(
      "pii-medicare-mbi", [&] { return "medicare id " + g.Mbi(); }, 40);
  add(
      "pii-medicare-mbi",
      [&] {
        return Dashed(g.Mbi(), {4, 3, 4}, '-') + " on file";
      },
      40);
  add(
      "pii-medicare-mbi", [&] { return "\"beneficiary\": \"" + g.Mbi() + "\""; }, 40);
  add(
      "pii-date-of-birth", [&] { return "dob: " + g.Date(g.Uniform(1930, 2010)); }, 40);
  add(
      "pii-date-of-birth",
      [&] {
        std::string d = g.Date(g.Uniform(1930, 2010));
        return "Date of birth " + d.substr(5, 2) + "/" + d.substr(8, 2) + "/" + d.substr(0, 4);
      },
      40);
  add(
      "pii-date-of-birth",
      [&] { return "\"birthDate\": \"" + g.Date(g.Uniform(1930, 2010)) + "T00:00:00Z\""; }, 40);
  const std::vector<std::string> names = {"jane", "john", "maria", "wei", "fatima", "olu"};
  const std::vector<std::string> domains = {"mercy-health.org", "gmail.com", "stjude.net", "kp.org",
                                            "clinic.co.uk"};
  add(
      "pii-email",
      [&] { return "email: " + g.Pick(names) + "." + g.Digits(2) + "@" + g.Pick(domains); }, 40);
  add(
      "pii-email", [&] { return "\"contact\": \"" + g.Pick(names) + "@" + g.Pick(domains) + "\""; },
      40);
  add(
      "pii-email", [&] { return g.Pick(names) + "_r@" + g.Pick(domains) + ",admitted"; }, 40);
  add(
      "pii-us-phone", [&] { return "phone: " + g.Area() + "-" + g.Area() + "-" + g.Digits(4); },
      40);
  add(
      "pii-us-phone", [&] { return "call (" + g.Area() + ") " + g.Area() + "-" + g.Digits(4); },
      40);
  add(
      "pii-us-phone", [&] { return "mobile +1 " + g.Area() + " " + g.Area() + " " + g.Digits(4); },
      40);
  add(
      "pii-medical-record-number", [&] { return "MRN: AB" + g.Digits(6); }, 40);
  add(
      "pii-medical-record-number", [&] { return "Medical Record No. QX" + g.Digits(6); }, 40);
  add(
      "pii-medical-record-number", [&] { return "patientMrn=ZZ" + g.Digits(6) + ";"; }, 40);
  return c;
}

std::vector<Labelled> FalsePositives(Generator& g) {
  std::vector<Labelled> c;
  auto add = [&](std::function<std::string()> make, int n) {
    for (int i = 0; i < n; ++i) c.push_back({make(), ""});
  };
  auto ssn_tail = [&] { return "-" + g.Pad(g.Uniform(1, 99), 2) + "-" + g.Digits(3) + "1"; };
  add([&] { return "ssn: 000" + ssn_tail(); }, 10);
  add([&] { return "ssn: 666" + ssn_tail(); }, 10);
  add([&] { return "ssn: " + std::to_string(g.Uniform(900, 999)) + ssn_tail(); }, 10);
  add([&] { return "ssn: " + g.Ssn().substr(0, 4) + "00-" + g.Digits(3) + "1"; }, 10);
  add([&] { return "ssn: " + g.Ssn().substr(0, 7) + "0000"; }, 10);
  for (const char* sample : {"078-05-1120", "219-09-9999", "123-45-6789", "111-11-1111"}) {
    add([&] { return std::string("ssn: ") + sample; }, 3);
  }
  add([&] { return "order " + g.Ssn().substr(0, 3) + g.Digits(6) + " shipped"; }, 10);
  add([&] { return "example ssn " + g.Ssn(); }, 10);
  auto in_file = [&](const std::string& path, std::function<std::string()> make, int n) {
    for (int i = 0; i < n; ++i) c.push_back({make(), "", path});
  };
  // Card-shaped numbers in code: alone, and in a table whose name says card.
  in_file(
      "main.c", [&] { return "static const uint64_t seed = " + g.Card() + ";"; }, 30);
  in_file(
      "vectors.py",
      [&] { return "card_vectors = [" + g.Card() + ", " + g.Card() + ", " + g.Card() + "]"; }, 20);
  // NPI-valid numbers without a label, and a labelled one that is a negative number.
  in_file(
      "main.c", [&] { return "timeout_ms = " + g.Npi() + ";"; }, 20);
  in_file(
      "main.c", [&] { return "npi_delta = -" + g.Npi() + ";"; }, 10);
  auto bad_check = [](std::string s) {
    s.back() = static_cast<char>('0' + (s.back() - '0' + 1) % 10);
    return s;
  };
  add([&] { return "card: " + bad_check(g.Card()); }, 30);
  add([&] { return "card: " + g.Luhn(std::to_string(g.Uniform(7, 9)), 16); }, 10);
  add([&] { return "ref ORD-" + g.Card(); }, 10);
  add([&] { return "txn " + g.Luhn("4", 17); }, 10);
  add(
      [&] {
        return "test card " +
               std::string(g.Uniform(0, 1) ? "4242424242424242" : "5555 5555 5555 4444");
      },
      10);
  add([&] { return "npi: " + bad_check(g.Npi()); }, 20);
  add([&] { return "npi: " + g.Luhn("808403", 15).substr(5); }, 10);
  add([&] { return "id=" + g.Npi(); }, 20);
  add(
      [&] {
        std::string m = g.Mbi();
        m[g.Pick(std::vector<int>{1, 4, 7, 8})] = "SLOIBZ"[g.Uniform(0, 5)];
        return "medicare id " + m;
      },
      20);
  add(
      [&] {
        std::string m = g.Mbi();
        for (char& ch : m) ch = static_cast<char>(std::tolower(ch));
        return "mbi " + m;
      },
      10);
  add([&] { return "medicare " + g.Mbi() + "X"; }, 10);
  add([&] { return "released " + g.Date(g.Uniform(1990, 2030)); }, 20);
  add([&] { return "created_at: " + g.Date(g.Uniform(2000, 2030)) + "T10:00:00Z"; }, 20);
  add([&] { return "dob: 1981-02-29"; }, 2);
  add([&] { return "dob: 13/45/1980"; }, 2);
  for (const char* s :
       {"user@localhost", "write to jane@example.com", "icon@2x.png", "git@github.com:org/repo.git",
        "npm i lodash@4.17.21", "@Override", "postgres://app:s3cret@db.internal.net:5432/x",
        "noreply@github.com", "a@b", "x@@y.com", "support@mercy-health.org",
        " -- Jane Roe <jane.roe@gmail.com>  Mon, 01 Jan 2024 10:00:00 +0100",
        "// Written by Wei Li (wei.li@stjude.net)"}) {
    add([&] { return std::string(s); }, 2);
  }
  add(
      [&] {
        return "phone: " + std::to_string(g.Uniform(0, 1)) + g.Digits(2) + "-" + g.Area() + "-" +
               g.Digits(4);
      },
      15);
  add([&] { return "phone: " + g.Area() + "-1" + g.Digits(2) + "-" + g.Digits(4); }, 15);
  add([&] { return "phone: " + g.Area() + "-555-01" + g.Digits(2); }, 15);
  add([&] { return "phone: 911-" + g.Area() + "-" + g.Digits(4); }, 5);
  add([&] { return "id " + g.Area() + g.Area() + g.Digits(4); }, 15);
  add([&] { return "ref AB" + g.Digits(6); }, 10);
  add([&] { return "MRN: 12"; }, 2);
  // Near misses found in any source tree.
  add(
      [&] {
        return "version " + std::to_string(g.Uniform(0, 30)) + "." + g.Digits(1) + "." +
               g.Digits(4);
      },
      20);
  add(
      [&] {
        std::string hex = "0123456789abcdef", u;
        for (int i = 0; i < 32; ++i) u += hex[g.Uniform(0, 15)];
        return "\"id\": \"" + Dashed(u, {8, 4, 4, 4, 12}, '-') + "\"";
      },
      20);
  add([&] { return "ts=" + std::to_string(g.Uniform(1, 1)) + g.Digits(9); }, 20);
  add([&] { return "ts_ms=17" + g.Digits(11); }, 20);
  add([&] { return "host 192.168." + g.Digits(2) + "." + g.Digits(2); }, 20);
  add([&] { return "ORD-2024-" + g.Digits(6); }, 20);
  add([&] { return "pi = 3." + g.Digits(15); }, 20);
  add([&] { return "mask 0x" + g.Card(); }, 10);
  add([&] { return "commit " + g.Digits(12) + "abcdef" + g.Digits(22); }, 10);
  return c;
}

struct Tally {
  int tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp == 0 ? 1.0 : double(tp) / (tp + fp); }
  double Recall() const { return tp + fn == 0 ? 1.0 : double(tp) / (tp + fn); }
};

TEST(PiiScanner, LabelledCorpusPrecisionAndRecallPerRule) {
  PiiOptions o;
  o.mrn_format = "[A-Z]{2}\\d{6}";
  auto s = Make(o);
  Generator g;
  std::vector<Labelled> corpus = TruePositives(g);
  for (Labelled& l : FalsePositives(g)) corpus.push_back(std::move(l));
  std::map<std::string, Tally> tally;
  for (const RuleInfo& r : s->Rules()) tally[r.id];
  for (const Labelled& l : corpus) {
    bool found = false;
    for (const Finding& f : ScanText(*s, l.text, l.path)) {
      const std::string slice = l.text.substr(f.begin, f.end - f.begin);
      EXPECT_EQ(f.message.find(slice), std::string::npos) << l.text;
      EXPECT_NE(f.masked, slice) << l.text;
      if (f.rule_id == l.rule) {
        found = true;
      } else {
        ++tally[f.rule_id].fp;
        ADD_FAILURE() << "false positive " << f.rule_id << ": " << l.text;
      }
    }
    if (l.rule.empty()) continue;
    ++(found ? tally[l.rule].tp : tally[l.rule].fn);
    if (!found) ADD_FAILURE() << "missed " << l.rule << ": " << l.text;
  }
  std::printf("%-28s %5s %5s %5s %9s %7s\n", "rule", "tp", "fp", "fn", "precision", "recall");
  for (const auto& [rule, t] : tally) {
    std::printf("%-28s %5d %5d %5d %9.3f %7.3f\n", rule.c_str(), t.tp, t.fp, t.fn, t.Precision(),
                t.Recall());
    EXPECT_GE(t.tp, 100) << rule;
    EXPECT_GE(t.Recall(), 0.95) << rule;
    EXPECT_GE(t.Precision(), 0.9) << rule;
  }
}

// --- adversarial inputs -------------------------------------------------------------------------

TEST(PiiScanner, AdversarialInputsCostLinearWork) {
  PiiOptions o;
  o.mrn_format = "[A-Z]{2}\\d{6}";
  auto s = Make(o);
  constexpr size_t kSize = size_t{10} << 20;
  auto repeat = [](const std::string& unit) {
    std::string t;
    t.reserve(kSize + unit.size());
    while (t.size() < kSize) t += unit;
    return t;
  };
  // Each visits every byte at least once and at most kFactor times (a file of nothing but dates
  // is the worst: ~20, each date reads its context window); quadratic behaviour on any of them
  // would be ~10^6 times over.
  constexpr uint64_t kFactor = 32;
  for (const std::string unit : {"1",
                                 "0123456789",
                                 "@",
                                 "a@",
                                 "a.",
                                 "1 ",
                                 "1-",
                                 "1.",
                                 "1/",
                                 "4111 ",
                                 "(212) ",
                                 "(",
                                 "1EG4-",
                                 "1E",
                                 "mrn ",
                                 "MRN: AB",
                                 "medical record ",
                                 "2020-01-02 ",
                                 "a",
                                 "aB",
                                 "\n",
                                 "ssn 1 ",
                                 "x@a.",
                                 "-1"}) {
    const std::string text = unit == "a." ? "x@" + repeat(unit) : repeat(unit);
    std::vector<Finding> out;
    PiiScanStats stats;
    s->ScanWithStats("adversarial", text, out, stats);
    EXPECT_GE(stats.steps, text.size()) << unit;
    EXPECT_LE(stats.steps, kFactor * text.size()) << unit;
    EXPECT_TRUE(out.empty()) << unit << ": " << out.size();
    std::printf("%-18s %5.2f steps/byte\n", unit == "\n" ? "newline" : unit.c_str(),
                double(stats.steps) / double(text.size()));
  }
}

}  // namespace
}  // namespace proofline::scan
