// Tests of the secrets engine: secret extraction, entropy, allowlists as gitleaks applies them,
// keyword windows, rules without keywords, masking, and bounded work on adversarial input.
#include "scan/secrets.h"

#include <gtest/gtest.h>

#include "scan/fingerprint.h"
#include "scan/test_corpus.h"

namespace proofline::scan {
namespace {

std::unique_ptr<SecretsScanner> FromToml(const std::string& toml) {
  Result<SecretRuleSet> rules = ParseGitleaksConfig(toml, "test.toml");
  EXPECT_TRUE(rules.ok()) << rules.status().message();
  Result<std::unique_ptr<SecretsScanner>> s = SecretsScanner::Create(std::move(*rules));
  EXPECT_TRUE(s.ok()) << s.status().message();
  return std::move(*s);
}

std::unique_ptr<SecretsScanner> Defaults() {
  Result<SecretRuleSet> rules = DefaultSecretRules();
  EXPECT_TRUE(rules.ok()) << rules.status().message();
  return std::move(*SecretsScanner::Create(std::move(*rules)));
}

std::vector<Finding> ScanText(const SecretsScanner& s, std::string_view text,
                              std::string_view path = "f.txt") {
  std::vector<Finding> out;
  s.Scan(path, text, out);
  return out;
}

constexpr const char* kTokenRule = R"t(
[[rules]]
id = "tok"
description = "test token"
regex = '''tok_([a-z0-9]{12})'''
keywords = ["tok_"]
)t";

TEST(SecretsScanner, ReportsSecretGroupSpanMaskedAndHashed) {
  auto s = FromToml(kTokenRule);
  std::string text = "x = tok_abc123def456\n";
  std::vector<Finding> f = ScanText(*s, text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "tok");
  EXPECT_EQ(text.substr(f[0].begin, f[0].end - f[0].begin), "abc123def456");
  EXPECT_EQ(f[0].masked, "abc****");
  EXPECT_EQ(f[0].secret_sha256, ValueSha256("abc123def456"));
  EXPECT_EQ(f[0].message, "test token: abc****");
  EXPECT_EQ(f[0].severity, Severity::kHigh);
}

TEST(SecretsScanner, SecretGroupZeroTakesFirstNonEmptyGroup) {
  auto s = FromToml(R"t(
[[rules]]
id = "two"
regex = '''key=(?:"([a-z]{10})"|([0-9]{10}))'''
keywords = ["key="]
)t");
  std::string text = "key=0123456789";
  std::vector<Finding> f = ScanText(*s, text);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(text.substr(f[0].begin, f[0].end - f[0].begin), "0123456789");
}

TEST(SecretsScanner, EntropyAtOrBelowThresholdIsDropped) {
  auto s = FromToml(R"t(
[[rules]]
id = "e"
regex = '''val=([a-z]{8})'''
entropy = 2.0
keywords = ["val="]
)t");
  EXPECT_TRUE(ScanText(*s, "val=aaaabbbb").empty());   // entropy exactly 1.0
  EXPECT_EQ(ScanText(*s, "val=abcdefgh").size(), 1u);  // 3.0
  EXPECT_DOUBLE_EQ(ShannonEntropy("aabb"), 1.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcdefgh"), 3.0);
}

TEST(SecretsScanner, KeywordIsRequiredNearTheMatch) {
  auto s = FromToml(R"t(
[[rules]]
id = "near"
regex = '''[0-9]{16}'''
keywords = ["card"]
)t");
  EXPECT_EQ(ScanText(*s, "card: 1234567890123456").size(), 1u);
  EXPECT_TRUE(ScanText(*s, "1234567890123456").empty());
  // A keyword more than kWindowAfter bytes before the match opens no window over it.
  EXPECT_TRUE(
      ScanText(*s, "card" + std::string(kWindowAfter + 10, ' ') + "1234567890123456").empty());
  // Case-insensitive, as gitleaks lowercases the fragment.
  EXPECT_EQ(ScanText(*s, "CARD: 1234567890123456").size(), 1u);
}

TEST(SecretsScanner, RuleWithoutKeywordsScansWholeFile) {
  // `a*...` matches the empty string, which Vectorscan refuses as a prefilter: RE2 runs alone.
  auto s = FromToml(R"t(
[[rules]]
id = "nokw"
regex = '''z*secret[0-9]{4}'''
[[rules]]
id = "prefiltered"
regex = '''pin-[0-9]{6}'''
)t");
  std::vector<Finding> f = ScanText(*s, "a secret1234 and pin-123456\n");
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].rule_id, "nokw");
  EXPECT_EQ(f[1].rule_id, "prefiltered");
  EXPECT_TRUE(ScanText(*s, "nothing here").empty());
}

TEST(SecretsScanner, RuleAllowlistTargetsSecretMatchOrLine) {
  auto s = FromToml(R"t(
[[rules]]
id = "t"
regex = '''tok_[a-z0-9]{12}'''
keywords = ["tok_"]
[[rules.allowlists]]
regexTarget = "line"
regexes = ['''#\s*fake''']
[[rules.allowlists]]
regexTarget = "match"
regexes = ['''^tok_0''']
[[rules.allowlists]]
regexes = ['''999$''']
)t");
  EXPECT_EQ(ScanText(*s, "a = tok_abc123def456").size(), 1u);
  EXPECT_TRUE(ScanText(*s, "a = tok_abc123def456  # fake").empty());
  EXPECT_TRUE(ScanText(*s, "a = tok_0bc123def456").empty());
  EXPECT_TRUE(ScanText(*s, "a = tok_abc123def999").empty());
}

TEST(SecretsScanner, StopwordsAreCaseInsensitiveSubstringsOfTheSecret) {
  auto s = FromToml(R"t(
[[rules]]
id = "t"
regex = '''tok_([a-zA-Z0-9]{12})'''
keywords = ["tok_"]
[rules.allowlist]
stopwords = ["Dummy"]
)t");
  EXPECT_TRUE(ScanText(*s, "tok_abDUMMYdef456").empty());
  EXPECT_EQ(ScanText(*s, "tok_abc123def456").size(), 1u);
}

TEST(SecretsScanner, AndConditionNeedsEveryCheck) {
  auto s = FromToml(R"t(
[[rules]]
id = "t"
regex = '''tok_([a-z0-9]{12})'''
keywords = ["tok_"]
[[rules.allowlists]]
condition = "AND"
paths = ['''^test/''']
regexes = ['''^0''']
)t");
  EXPECT_TRUE(ScanText(*s, "tok_0bc123def456", "test/a.py").empty());
  EXPECT_EQ(ScanText(*s, "tok_0bc123def456", "src/a.py").size(), 1u);
  EXPECT_EQ(ScanText(*s, "tok_abc123def456", "test/a.py").size(), 1u);
}

TEST(SecretsScanner, GlobalAllowlistPathsSkipFilesAndTargetRulesApplyToNamedRules) {
  auto s = FromToml(std::string(kTokenRule) + R"t(
[[rules]]
id = "other"
regex = '''oth_([a-z0-9]{12})'''
keywords = ["oth_"]
[[allowlists]]
paths = ['''\.lock$''']
[[allowlists]]
targetRules = ["other"]
stopwords = ["abc"]
)t");
  EXPECT_TRUE(ScanText(*s, "tok_abc123def456", "yarn.lock").empty());
  std::vector<Finding> f = ScanText(*s, "tok_abc123def456 oth_abc123def456");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "tok");
}

TEST(SecretsScanner, PathRulesFilterOrDetectFiles) {
  auto s = FromToml(R"t(
[[rules]]
id = "pkcs12"
description = "PKCS#12 file"
path = '''\.p12$'''
[[rules]]
id = "envtok"
regex = '''tok_[a-z0-9]{12}'''
path = '''\.env$'''
keywords = ["tok_"]
)t");
  std::vector<Finding> f = ScanText(*s, "", "certs/prod.p12");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "pkcs12");
  EXPECT_TRUE(ScanText(*s, "tok_abc123def456", "a.txt").empty());
  EXPECT_EQ(ScanText(*s, "tok_abc123def456", "prod.env").size(), 1u);
}

TEST(SecretsScanner, GenericFindingInsideASpecificOneIsDropped) {
  auto s = Defaults();
  std::vector<Finding> f = ScanText(*s, "token = \"ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5\"\n");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule_id, "github-token");
}

TEST(SecretsScanner, NoOutputFieldHoldsTheSecret) {
  auto s = Defaults();
  for (const testing::Sample& sample : testing::TruePositives(5)) {
    std::vector<Finding> f = ScanText(*s, sample.text);
    ASSERT_FALSE(f.empty()) << sample.text;
    for (const Finding& x : f) {
      std::string secret = sample.text.substr(x.begin, x.end - x.begin);
      ASSERT_GE(secret.size(), 8u);
      EXPECT_EQ(x.masked.find(secret), std::string::npos);
      EXPECT_EQ(x.message.find(secret.substr(4)), std::string::npos) << x.message;
      EXPECT_LE(x.masked.size(), 8u);
    }
  }
}

TEST(SecretsScanner, DefaultRulesAreAnchoredByKeywords) {
  // Every shipped rule is tried only near a keyword: a file without any costs one Vectorscan
  // pass and no regex call.
  auto s = Defaults();
  std::vector<Finding> out;
  ScanStats stats;
  std::string plain(1 << 20, 'q');
  s->ScanCounted("a", plain, out, &stats);
  EXPECT_EQ(stats.regex_calls, 0u);
  EXPECT_EQ(stats.anchor_hits, 0u);
}

// Adversarial inputs: the work RE2 is given stays a small multiple of the input, whatever its
// shape (no timing assertion: the bound is on counted work).
TEST(SecretsScanner, AdversarialInputsStayLinear) {
  auto s = Defaults();
  const size_t kSize = size_t{10} << 20;
  std::vector<std::string> inputs;
  std::string akia;
  while (akia.size() < kSize) akia += "AKIA";
  inputs.push_back(akia);
  std::string long_line;
  while (long_line.size() < kSize) long_line += "password=\"" + std::string(200, 'x');
  inputs.push_back(long_line);
  std::string pem;
  while (pem.size() < kSize) pem += "-----BEGIN RSA PRIVATE KEY-----\n" + std::string(500, 'A');
  inputs.push_back(pem);
  std::string urls;
  while (urls.size() < kSize) urls += "postgres://u:" + std::string(300, 'p');
  inputs.push_back(urls);
  for (const std::string& in : inputs) {
    std::vector<Finding> out;
    ScanStats stats;
    s->ScanCounted("adv", in, out, &stats);
    // Dense keyword hits merge into one window per rule, and RE2 reads each byte of a window
    // once: the bytes given to RE2 stay within twice the input, whatever its shape.
    EXPECT_LE(stats.windows, s->Rules().size()) << in.substr(0, 20);
    EXPECT_LE(stats.regex_bytes, 2 * in.size()) << in.substr(0, 20);
    EXPECT_GT(stats.anchor_hits, in.size() / 1000) << in.substr(0, 20);
    EXPECT_LE(out.size(), in.size() / 8);
  }
}

TEST(SecretsScanner, NestedQuantifierBaitInAUserRuleIsLinear) {
  auto s = FromToml(R"t(
[[rules]]
id = "bait"
regex = '''(a+)+b'''
keywords = ["a"]
)t");
  std::string in(size_t{4} << 20, 'a');
  std::vector<Finding> out;
  ScanStats stats;
  s->ScanCounted("bait", in, out, &stats);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(stats.windows, 1u);  // every hit merges into one window
  EXPECT_EQ(stats.regex_calls, 1u);
  EXPECT_EQ(stats.regex_bytes, in.size());
}

}  // namespace
}  // namespace proofline::scan
