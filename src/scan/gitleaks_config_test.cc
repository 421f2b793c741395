// Tests of the gitleaks TOML reader: fields, allowlists old and new, [extend], and errors that
// name FILE:LINE.
#include "scan/gitleaks_config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace proofline::scan {
namespace {

Status ErrorOf(const std::string& toml) { return ParseGitleaksConfig(toml, "cfg.toml").status(); }

TEST(GitleaksConfig, DefaultRulesParse) {
  Result<SecretRuleSet> set = DefaultSecretRules();
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->rules.size(), 18u);
  EXPECT_EQ(set->rules[0].id, "aws-access-key-id");
  EXPECT_EQ(set->rules[0].severity, Severity::kCritical);
  EXPECT_EQ(set->rules[0].keywords, (std::vector<std::string>{"akia", "asia", "abia", "acca"}));
  EXPECT_EQ(set->rules[0].allowlists.size(), 1u);
  for (const SecretRule& r : set->rules) {
    EXPECT_FALSE(r.keywords.empty()) << r.id;
    EXPECT_FALSE(r.regex.empty()) << r.id;
  }
  EXPECT_EQ(set->sources_sha256.size(), 64u);
}

TEST(GitleaksConfig, ReadsEveryRuleField) {
  Result<SecretRuleSet> set = ParseGitleaksConfig(R"t(title = "t"
[[rules]]
id = "x"
description = "X token"
regex = '''(?i)x_([a-z]{8})'''
secretGroup = 1
entropy = 3.5
keywords = ["X_"]
tags = ["a", "b"]
path = '''\.env$'''
severity = "low"
[rules.allowlist]
description = "old style"
regexTarget = "match"
regexes = ['''^x_test''']
stopWords = ["Fake"]
)t",
                                                  "cfg.toml");
  ASSERT_TRUE(set.ok()) << set.status().message();
  const SecretRule& r = set->rules[0];
  EXPECT_EQ(r.description, "X token");
  EXPECT_EQ(r.secret_group, 1);
  EXPECT_DOUBLE_EQ(r.entropy, 3.5);
  EXPECT_EQ(r.keywords, std::vector<std::string>{"x_"});
  EXPECT_EQ(r.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(r.path, "\\.env$");
  EXPECT_EQ(r.severity, Severity::kLow);
  EXPECT_EQ(r.origin, "cfg.toml:2");
  ASSERT_EQ(r.allowlists.size(), 1u);
  EXPECT_EQ(r.allowlists[0].target, RegexTarget::kMatch);
  EXPECT_EQ(r.allowlists[0].stopwords, std::vector<std::string>{"fake"});
}

TEST(GitleaksConfig, UnknownKeyNamesFileAndLine) {
  Status s = ErrorOf("[[rules]]\nid = \"a\"\nregex = 'a'\nregexx = 'b'\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "cfg.toml:4: unknown key 'regexx' in [[rules]]");
}

TEST(GitleaksConfig, ErrorsNameTheirLines) {
  EXPECT_EQ(ErrorOf("[[rules]]\nid = \"a\"\nregex = '''(unclosed'''\n").message(),
            "cfg.toml:3: invalid regex '(unclosed': missing ): (unclosed");
  EXPECT_EQ(ErrorOf("[[rules]]\nid = \"a\"\nregex = 'a'\nentropy = \"high\"\n").message(),
            "cfg.toml:4: entropy must be a number");
  EXPECT_EQ(ErrorOf("[[rules]]\nid = \"a\"\nregex = 'a'\n[[rules.allowlists]]\n"
                    "condition = \"XOR\"\nregexes = ['b']\n")
                .message(),
            "cfg.toml:5: unknown allowlist condition 'XOR' (OR, AND)");
  EXPECT_EQ(ErrorOf("[[rules]]\nid = \"a\"\nregex = '(b)'\nsecretGroup = 2\n").message(),
            "cfg.toml:1: rule 'a' secretGroup 2 but the regex has 1 groups");
  EXPECT_EQ(ErrorOf("[[rules]]\nid = \"a\"\nregex = 'a'\n[[rules.allowlists]]\n"
                    "description = \"nothing\"\n")
                .message(),
            "cfg.toml:4: allowlist must contain at least one of commits, paths, regexes, "
            "stopwords");
  EXPECT_EQ(ErrorOf("[[rules]]\nid = \"a\"\n").message(),
            "cfg.toml:1: rule 'a' has neither regex nor path");
  EXPECT_EQ(ErrorOf("[[rules]\nid = 1\n").message().substr(0, 11), "cfg.toml:1:");
  EXPECT_EQ(
      ErrorOf("[[rules]]\nid = \"a\"\nregex = 'a'\n[[rules.required]]\nid = \"b\"\n").message(),
      "cfg.toml:4: required (composite rules) is not supported");
}

TEST(GitleaksConfig, EveryProblemIsReported) {
  Status s = ErrorOf("bogus = 1\n[[rules]]\nid = \"a\"\nregex = 'a'\nfoo = 2\n");
  EXPECT_EQ(s.message(),
            "cfg.toml:1: unknown key 'bogus' in the top level; cfg.toml:5: unknown key 'foo' in "
            "[[rules]]");
}

TEST(GitleaksConfig, OldAndNewAllowlistsTogetherAreRefused) {
  Status s = ErrorOf(
      "[allowlist]\npaths = ['a']\n[[allowlists]]\npaths = ['b']\n[[rules]]\nid = \"a\"\n"
      "regex = 'a'\n");
  EXPECT_NE(s.message().find("[allowlist] cannot be used alongside [[allowlists]]"),
            std::string::npos)
      << s.message();
}

TEST(GitleaksConfig, CommitsAreKeptWithANote) {
  Result<SecretRuleSet> set = ParseGitleaksConfig(
      "[[rules]]\nid = \"a\"\nregex = 'a'\n[[allowlists]]\ncommits = ['abc123']\n", "cfg.toml");
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->notes.size(), 1u);
  EXPECT_EQ(set->notes[0],
            "cfg.toml:4: allowlist commits are ignored (files are scanned, not commits)");
}

TEST(GitleaksConfig, TargetRulesMoveAllowlistsToThoseRules) {
  Result<SecretRuleSet> set = ParseGitleaksConfig(
      "[[rules]]\nid = \"a\"\nregex = 'a'\n[[rules]]\nid = \"b\"\nregex = 'b'\n"
      "[[allowlists]]\ntargetRules = [\"b\"]\nstopwords = ['x']\n",
      "cfg.toml");
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_TRUE(set->allowlists.empty());
  EXPECT_TRUE(set->rules[0].allowlists.empty());
  EXPECT_EQ(set->rules[1].allowlists.size(), 1u);
  EXPECT_EQ(ErrorOf("[[rules]]\nid = \"a\"\nregex = 'a'\n[[allowlists]]\ntargetRules = "
                    "[\"zz\"]\nstopwords = ['x']\n")
                .message(),
            "allowlist targetRules names unknown rule 'zz'");
}

TEST(GitleaksConfig, ExtendDefaultMergesOverridesAndDisables) {
  Result<SecretRuleSet> set = ParseGitleaksConfig(R"t(
[extend]
useDefault = true
disabledRules = ["jwt"]
[[rules]]
id = "mine"
regex = '''mine_[0-9]{8}'''
[[rules]]
id = "aws-access-key-id"
severity = "low"
[[rules.allowlists]]
regexes = ['''TEST$''']
)t",
                                                  "cfg.toml");
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->rules.size(), 18u);  // 18 default - jwt + mine
  EXPECT_EQ(set->rules[0].id, "mine");
  const SecretRule& aws = set->rules[1];
  EXPECT_EQ(aws.id, "aws-access-key-id");
  EXPECT_EQ(aws.severity, Severity::kLow);
  EXPECT_FALSE(aws.regex.empty());  // the base's regex, kept
  EXPECT_EQ(aws.allowlists.size(), 2u);
  for (const SecretRule& r : set->rules) EXPECT_NE(r.id, "jwt");
}

TEST(GitleaksConfig, ExtendPathReadsTheBase) {
  std::string base = ::testing::TempDir() + "/gitleaks_base.toml";
  std::ofstream(base) << "[[rules]]\nid = \"base\"\nregex = 'b[0-9]+'\n";
  Result<SecretRuleSet> set = ParseGitleaksConfig(
      "[extend]\npath = \"" + base + "\"\n[[rules]]\nid = \"top\"\nregex = 't'\n", "cfg.toml");
  ASSERT_TRUE(set.ok()) << set.status().message();
  ASSERT_EQ(set->rules.size(), 2u);
  EXPECT_EQ(set->rules[1].id, "base");
  std::remove(base.c_str());
  EXPECT_EQ(ErrorOf("[extend]\npath = \"/nonexistent/base.toml\"\n").code(), StatusCode::kNotFound);
}

TEST(GitleaksConfig, SeverityNames) {
  EXPECT_EQ(*ParseSeverity("HIGH"), Severity::kHigh);
  EXPECT_EQ(ParseSeverity("severe").status().message(),
            "unknown severity 'severe' (note, low, medium, high, critical)");
}

}  // namespace
}  // namespace proofline::scan
