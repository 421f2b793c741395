// End-to-end tests of `proofline pipeline check`: the shipped reference pipeline is sound, and a
// broken one gets every problem with its line and exit 2 before anything runs.
#include <gtest/gtest.h>

#include <filesystem>

#include "cli_runner.h"

namespace proofline::testing {
namespace {

TEST(PipelineCliTest, TheReferencePipelineIsSound) {
  TempDir dir;
  RunResult r = Proofline(
      {"pipeline", "check", std::string(PROOFLINE_SOURCE_DIR) + "/examples/pipeline.yaml"},
      dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("payments-release, 10 stages, 14 jobs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  deploy-production: production-gate (gate), deploy-production"),
            std::string::npos)
      << r.out;
}

TEST(PipelineCliTest, EveryProblemIsListedWithItsLineAndNothingRuns) {
  TempDir dir;
  WriteText(dir / "p.yaml",
            "stages: [build, test]\njobs:\n  a:\n    stage: build\n    script: touch ran\n"
            "    needs: [b]\n  b:\n    stage: test\n    scripts: make\n");
  RunResult r = Proofline({"pipeline", "check", "p.yaml"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "proofline: error: 3 problems in p.yaml:\n"
            "  p.yaml:3: job a (stage build) needs b, which runs later (stage test)\n"
            "  p.yaml:7: job b must have exactly one of `script`, `gate` and `approval`\n"
            "  p.yaml:9: unknown key 'scripts' in job b\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "ran"));
}

}  // namespace
}  // namespace proofline::testing
