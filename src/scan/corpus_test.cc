// The labelled corpus (test_corpus.h) through the default rules: per-rule precision and recall,
// printed and asserted (recall 1.0 on generated true positives, precision >= 0.9 counting any
// finding on a look-alike or on another rule's sample as a false positive).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "scan/secrets.h"
#include "scan/test_corpus.h"

namespace proofline::scan {
namespace {

struct Tally {
  size_t samples = 0, found = 0, false_positives = 0;
};

TEST(SecretsCorpus, PerRulePrecisionAndRecall) {
  auto scanner = std::move(*SecretsScanner::Create(*DefaultSecretRules()));
  std::vector<testing::Sample> corpus = testing::TruePositives(25);
  for (testing::Sample& s : testing::FalsePositives()) corpus.push_back(std::move(s));
  std::map<std::string, Tally> tally;
  for (const RuleInfo& r : scanner->Rules()) tally[r.id];
  for (const testing::Sample& s : corpus) {
    std::vector<Finding> out;
    scanner->Scan("sample.txt", s.text, out);
    if (!s.rule.empty()) ++tally[s.rule].samples;
    bool found = false;
    for (const Finding& f : out) {
      if (f.rule_id == s.rule) {
        found = true;
      } else {
        ++tally[f.rule_id].false_positives;
        ADD_FAILURE() << f.rule_id << " on a sample of '" << s.rule << "': " << s.text;
      }
    }
    if (found) ++tally[s.rule].found;
    if (!s.rule.empty() && !found) ADD_FAILURE() << s.rule << " missed: " << s.text;
  }
  std::printf("%-28s %8s %8s %6s %9s %6s\n", "rule", "samples", "found", "fp", "precision",
              "recall");
  for (const auto& [rule, t] : tally) {
    double recall = t.samples == 0 ? 1.0 : static_cast<double>(t.found) / t.samples;
    double precision = t.found + t.false_positives == 0
                           ? 1.0
                           : static_cast<double>(t.found) / (t.found + t.false_positives);
    std::printf("%-28s %8zu %8zu %6zu %9.3f %6.3f\n", rule.c_str(), t.samples, t.found,
                t.false_positives, precision, recall);
    EXPECT_EQ(t.samples, 25u) << rule;
    EXPECT_DOUBLE_EQ(recall, 1.0) << rule;
    EXPECT_GE(precision, 0.9) << rule;
  }
}

}  // namespace
}  // namespace proofline::scan
