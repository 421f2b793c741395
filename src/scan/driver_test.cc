// Tests of the scan driver: what the walk includes and skips, positions, ordering whatever the
// thread count, and added-line filtering of git ranges.
#include "scan/driver.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "scan/secrets.h"

namespace proofline::scan {
namespace {

namespace fs = std::filesystem;

class DriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "/driver_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_);
    scanner_ = std::move(*SecretsScanner::Create(*DefaultSecretRules()));
  }
  void TearDown() override { fs::remove_all(root_); }

  void Write(const std::string& rel, const std::string& text) {
    fs::create_directories(fs::path(root_ + "/" + rel).parent_path());
    std::ofstream(root_ + "/" + rel, std::ios::binary) << text;
  }

  Result<ScanResult> Scan(ScanOptions o) {
    if (o.paths.empty()) o.paths = {root_};
    return RunScan(o, {scanner_.get()});
  }

  std::string root_;
  std::unique_ptr<SecretsScanner> scanner_;
};

constexpr const char* kToken = "ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5";

TEST_F(DriverTest, ScansHiddenVendorAndTestFoldersButNotGit) {
  for (const char* dir : {".hidden", "vendor/lib", "test/fixtures", "node_modules/x", ".git"}) {
    Write(std::string(dir) + "/conf", std::string("t: ") + kToken + "\n");
  }
  Result<ScanResult> r = Scan({});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->findings.size(), 4u);
  EXPECT_EQ(r->findings[0].path, root_ + "/.hidden/conf");
  EXPECT_EQ(r->findings[1].path, root_ + "/node_modules/x/conf");
  EXPECT_EQ(r->findings[2].path, root_ + "/test/fixtures/conf");
  EXPECT_EQ(r->findings[3].path, root_ + "/vendor/lib/conf");
  EXPECT_EQ(r->files_scanned, 4u);
}

TEST_F(DriverTest, SkipsAndListsBinaryLargeSymlinkAndExcluded) {
  Write("bin.dat", std::string(64, '\0') + kToken);  // padded with NULs: binary, not scanned
  Write("big.txt", std::string(2000, 'a') + kToken);
  Write("docs/a.md", kToken);
  Write("nul.txt", std::string("\0", 1) + "key: " + kToken);  // one leading NUL: still text
  Write("ok.txt", kToken);
  fs::create_symlink(root_ + "/ok.txt", root_ + "/link.txt");
  ScanOptions o;
  o.max_file_size = 1000;
  o.excludes = {"docs/**"};
  Result<ScanResult> r = Scan(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->skipped.size(), 4u);
  EXPECT_EQ(r->skipped[0].reason, "too large");
  EXPECT_EQ(r->skipped[0].size, 2000u + std::strlen(kToken));
  EXPECT_TRUE(r->skipped[0].Unscanned());
  EXPECT_EQ(r->skipped[1].reason, "binary");
  EXPECT_TRUE(r->skipped[1].Unscanned());
  EXPECT_EQ(r->skipped[2].reason, "excluded");
  EXPECT_FALSE(r->skipped[2].Unscanned());
  EXPECT_EQ(r->skipped[3].reason, "symlink");
  ASSERT_EQ(r->findings.size(), 2u);
  EXPECT_EQ(r->findings[0].path, root_ + "/nul.txt");
  EXPECT_EQ(r->findings[1].path, root_ + "/ok.txt");
}

// Without a size limit nothing is skipped for its size: a file of several windows is scanned
// window by window, a secret across a window boundary is found once, and every finding carries
// the file's own offsets and lines.
TEST_F(DriverTest, LargeFilesAreScannedInOverlappingWindows) {
  const std::string line(99, 'x');  // 100-byte lines
  std::string text;
  std::vector<uint32_t> lines;
  auto add_secret = [&] {
    text += "k: " + std::string(kToken) + "\n";
    lines.push_back(static_cast<uint32_t>(std::count(text.begin(), text.end(), '\n')));
  };
  add_secret();
  // Up to just before the first window's end, so the next secret straddles it.
  while (text.size() + 100 < (size_t{8} << 20) - 20) text += line + "\n";
  text += std::string((size_t{8} << 20) - 20 - text.size(), 'y') + "\n";
  add_secret();
  while (text.size() < (size_t{20} << 20)) text += line + "\n";
  add_secret();
  Write("huge.log", text);
  Result<ScanResult> r = Scan({});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->skipped.empty());
  EXPECT_EQ(r->bytes_scanned, text.size());
  ASSERT_EQ(r->findings.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r->findings[i].line, lines[i]) << i;
    EXPECT_EQ(r->findings[i].column, 4u) << i;
    EXPECT_EQ(text.substr(r->findings[i].begin, std::strlen(kToken)), kToken) << i;
  }
}

TEST_F(DriverTest, MissingPathIsAnError) {
  ScanOptions o;
  o.paths = {root_ + "/nope"};
  EXPECT_EQ(Scan(o).status().message(), root_ + "/nope: no such file or directory");
}

TEST_F(DriverTest, PositionsAreOneBasedLinesAndByteColumns) {
  Write("a.txt", std::string("first\n\n  key: ") + kToken + "\n");
  Result<ScanResult> r = Scan({});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->findings.size(), 1u);
  const Finding& f = r->findings[0];
  EXPECT_EQ(f.line, 3u);
  EXPECT_EQ(f.column, 8u);
  EXPECT_EQ(f.end_line, 3u);
  EXPECT_EQ(f.end_column, 8u + std::strlen(kToken));
}

TEST_F(DriverTest, OrderIsTheSameWithOneOrManyThreads) {
  for (int i = 0; i < 40; ++i) {
    Write("d" + std::to_string(i % 7) + "/f" + std::to_string(i),
          std::string(kToken) + "\n" + kToken + "\n");
  }
  ScanOptions one, many;
  one.jobs = 1;
  many.jobs = 4;
  Result<ScanResult> a = Scan(one), b = Scan(many);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->findings.size(), 80u);
  ASSERT_EQ(b->findings.size(), 80u);
  for (size_t i = 0; i < a->findings.size(); ++i) {
    EXPECT_EQ(a->findings[i].path, b->findings[i].path);
    EXPECT_EQ(a->findings[i].line, b->findings[i].line);
  }
}

TEST(FillPositions, HandlesFindingsInAnyOrder) {
  std::string content = "ab\ncd\nef";
  std::vector<Finding> f(2);
  f[0].begin = 6;
  f[0].end = 8;
  f[1].begin = 0;
  f[1].end = 5;
  FillPositions(content, f);
  EXPECT_EQ(f[0].line, 3u);
  EXPECT_EQ(f[0].column, 1u);
  EXPECT_EQ(f[0].end_column, 3u);
  EXPECT_EQ(f[1].line, 1u);
  EXPECT_EQ(f[1].end_line, 2u);
  EXPECT_EQ(f[1].end_column, 3u);
}

TEST(AddedLines, CountsLinesTheDiffAdds) {
  Result<std::vector<uint32_t>> added = AddedLines("a\nb\nc\n", "a\nx\nb\nc\ny\nz\n");
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, (std::vector<uint32_t>{2, 5, 6}));
  EXPECT_EQ(*AddedLines("", "one\ntwo"), (std::vector<uint32_t>{1, 2}));
  EXPECT_TRUE(AddedLines("same\n", "same\n")->empty());
}

TEST(ParseGitRange, WantsBaseDotDotTarget) {
  EXPECT_EQ(ParseGitRange("HEAD~1..HEAD")->first, "HEAD~1");
  EXPECT_EQ(ParseGitRange("main..feature")->second, "feature");
  EXPECT_FALSE(ParseGitRange("HEAD").ok());
  EXPECT_FALSE(ParseGitRange("a...b").ok());
  EXPECT_FALSE(ParseGitRange("..b").ok());
}

}  // namespace
}  // namespace proofline::scan
