// AnalyzeRange and ReadFileAt against real repositories built with the git CLI: file changes and
// line counts (checked against `git diff --numstat`), renames, binaries, modes, submodules,
// merges, trailers, bare clones, linked worktrees, shallow clones, and the errors users see.
#include "git/impact.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>
#include <utility>

#include "base/files.h"
#include "git/read_file.h"

namespace proofline::git {
namespace {

constexpr uint32_t kRegular = 0100644;
constexpr uint32_t kExecutable = 0100755;
constexpr uint32_t kSymlink = 0120000;
constexpr uint32_t kGitlink = 0160000;

// Runs a shell command and returns its standard output; a non-zero exit fails the test.
std::string Shell(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    ADD_FAILURE() << "cannot run " << command;
    return "";
  }
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  int status = pclose(pipe);
  EXPECT_EQ(status, 0) << command << "\n" << output;
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

class ImpactTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
    setenv("GIT_AUTHOR_NAME", "Alice Author", 1);
    setenv("GIT_AUTHOR_EMAIL", "alice@example.com", 1);
    setenv("GIT_COMMITTER_NAME", "Carol Committer", 1);
    setenv("GIT_COMMITTER_EMAIL", "carol@example.com", 1);
  }

  void SetUp() override {
    char tmpl[] = "/tmp/pl_git_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    repo_ = dir_ + "/repo";
    Init(repo_);
  }
  void TearDown() override { RemoveTree(dir_); }

  static void Init(const std::string& path) {
    Shell("git -c init.defaultBranch=main init -q " + Quote(path));
  }
  std::string Git(const std::string& args) { return GitIn(repo_, args); }
  static std::string GitIn(const std::string& repo, const std::string& args) {
    return Shell("cd " + Quote(repo) + " && git " + args);
  }

  void Write(const std::string& path, const std::string& content) { WriteIn(repo_, path, content); }
  static void WriteIn(const std::string& repo, const std::string& path,
                      const std::string& content) {
    std::filesystem::path full = std::filesystem::path(repo) / path;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << content;
  }

  // Commits everything in `repo` at the next fixed time; returns the new commit's id.
  std::string CommitAll(const std::string& message) { return CommitAllIn(repo_, message); }
  std::string CommitAllIn(const std::string& repo, const std::string& message) {
    std::string message_file = dir_ + "/message";
    std::ofstream(message_file) << message;
    std::string date = Quote("@" + std::to_string(TimeOfCommit(++clock_)) + " +0000");
    Shell("cd " + Quote(repo) + " && git add -A && GIT_AUTHOR_DATE=" + date +
          " GIT_COMMITTER_DATE=" + date + " git commit -q --allow-empty -F " + message_file);
    return GitIn(repo, "rev-parse HEAD");
  }
  int64_t TimeOfCommit(int64_t n) const { return kEpoch + 60 * n; }

  // `git diff -M --numstat -z base target` as path -> "added removed [old_path]", binary counts
  // as "- -" (the shape git prints).
  std::map<std::string, std::string> GitNumstat(const std::string& base,
                                                const std::string& target) {
    std::string out = Git("diff -M --numstat -z " + base + " " + target);
    std::vector<std::string> fields;
    for (size_t start = 0; start < out.size();) {
      size_t end = out.find('\0', start);
      if (end == std::string::npos) end = out.size();
      fields.push_back(out.substr(start, end - start));
      start = end + 1;
    }
    std::map<std::string, std::string> numstat;
    for (size_t i = 0; i < fields.size(); ++i) {
      std::istringstream counts(fields[i]);
      std::string added, removed, path;
      std::getline(counts, added, '\t');
      std::getline(counts, removed, '\t');
      std::getline(counts, path);
      if (!path.empty()) {
        numstat[path] = added + " " + removed;
      } else if (i + 2 < fields.size()) {  // a rename: the old and new paths follow
        numstat[fields[i + 2]] = added + " " + removed + " " + fields[i + 1];
        i += 2;
      }
    }
    return numstat;
  }
  static std::map<std::string, std::string> OurNumstat(const Impact& impact) {
    std::map<std::string, std::string> numstat;
    for (const FileChange& file : impact.files) {
      std::string counts =
          file.binary ? "- -"
                      : std::to_string(file.lines_added) + " " + std::to_string(file.lines_removed);
      if (file.status == FileStatus::kRenamed) counts += " " + file.old_path;
      numstat[file.path] = counts;
    }
    return numstat;
  }

  static const FileChange* Find(const Impact& impact, const std::string& path) {
    for (const FileChange& file : impact.files) {
      if (file.path == path) return &file;
    }
    return nullptr;
  }

  static constexpr int64_t kEpoch = 1700000000;
  std::string dir_;
  std::string repo_;
  int64_t clock_ = 0;
};

std::string Lines(int from, int to) {
  std::string text;
  for (int i = from; i <= to; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

TEST_F(ImpactTest, AddedModifiedAndDeletedFilesHaveExactLineCounts) {
  Write("a.txt", "one\ntwo\nthree\n");
  Write("b.txt", "gone 1\ngone 2\n");
  Write("keep.txt", "unchanged\n");
  std::string base = CommitAll("base");
  Write("a.txt", "one\nTWO\nthree\nfour\nfive\n");
  std::filesystem::remove(repo_ + "/b.txt");
  Write("dir/d.txt", "d1\nd2\nd3\nd4\n");
  std::string head = CommitAll("change");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  EXPECT_EQ(impact->baseline, base);
  EXPECT_EQ(impact->target, head);
  ASSERT_EQ(impact->files.size(), 3u);
  const FileChange& a = impact->files[0];
  EXPECT_EQ(a.path, "a.txt");
  EXPECT_EQ(a.old_path, "a.txt");
  EXPECT_EQ(a.status, FileStatus::kModified);
  EXPECT_EQ(a.lines_added, 3u);
  EXPECT_EQ(a.lines_removed, 1u);
  EXPECT_EQ(a.old_mode, kRegular);
  EXPECT_EQ(a.new_mode, kRegular);
  EXPECT_FALSE(a.binary);
  EXPECT_EQ(a.added_lines, (std::vector<std::string>{"TWO", "four", "five"}));
  EXPECT_EQ(a.removed_lines, (std::vector<std::string>{"two"}));
  const FileChange& b = impact->files[1];
  EXPECT_EQ(b.path, "b.txt");
  EXPECT_EQ(b.status, FileStatus::kDeleted);
  EXPECT_EQ(b.lines_added, 0u);
  EXPECT_EQ(b.lines_removed, 2u);
  EXPECT_EQ(b.old_mode, kRegular);
  EXPECT_EQ(b.new_mode, 0u);
  const FileChange& d = impact->files[2];
  EXPECT_EQ(d.path, "dir/d.txt");
  EXPECT_EQ(d.status, FileStatus::kAdded);
  EXPECT_EQ(d.lines_added, 4u);
  EXPECT_EQ(d.lines_removed, 0u);
  EXPECT_EQ(d.old_mode, 0u);
  EXPECT_EQ(d.new_mode, kRegular);
  EXPECT_EQ(impact->lines_added, 7u);
  EXPECT_EQ(impact->lines_removed, 3u);
  ASSERT_EQ(impact->commits.size(), 1u);
  EXPECT_EQ(impact->commits[0].id, head);
}

TEST_F(ImpactTest, LineCountsMatchGitNumstat) {
  Write("src/app.cc", Lines(1, 200));
  Write("src/util.cc", Lines(1, 40));
  Write("docs/guide.md", Lines(1, 30));
  Write("old/name.txt", Lines(1, 50));
  Write("no_newline.txt", "a\nb");
  std::string base = CommitAll("base");
  Write("src/app.cc", Lines(1, 50) + "inserted\n" + Lines(60, 180) + Lines(500, 520));
  Write("src/util.cc", "");
  std::filesystem::remove(repo_ + "/docs/guide.md");
  std::filesystem::remove_all(repo_ + "/old");
  Write("new/name.txt", Lines(1, 45) + "edited\n");
  Write("no_newline.txt", "a\nb\n");
  Write("zz.txt", "last\n");
  CommitAll("rework");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  EXPECT_EQ(OurNumstat(*impact), GitNumstat(base, "HEAD"));
  ASSERT_EQ(impact->files.size(), 6u);
  uint64_t total_added = 0, total_removed = 0;
  for (const FileChange& file : impact->files) {
    total_added += file.lines_added;
    total_removed += file.lines_removed;
  }
  EXPECT_EQ(impact->lines_added, total_added);
  EXPECT_EQ(impact->lines_removed, total_removed);
  const FileChange* renamed = Find(*impact, "new/name.txt");
  ASSERT_NE(renamed, nullptr);
  EXPECT_EQ(renamed->status, FileStatus::kRenamed);
  EXPECT_EQ(renamed->old_path, "old/name.txt");
}

TEST_F(ImpactTest, PureRenameIsRenamedAtFullSimilarityWithNoLines) {
  Write("before.txt", Lines(1, 20));
  std::string base = CommitAll("base");
  Git("mv before.txt after.txt");
  CommitAll("rename");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->files.size(), 1u);
  const FileChange& file = impact->files[0];
  EXPECT_EQ(file.status, FileStatus::kRenamed);
  EXPECT_EQ(file.path, "after.txt");
  EXPECT_EQ(file.old_path, "before.txt");
  EXPECT_EQ(file.similarity, 100u);
  EXPECT_EQ(file.lines_added, 0u);
  EXPECT_EQ(file.lines_removed, 0u);
  EXPECT_STREQ(FileStatusName(file.status), "renamed");
}

TEST_F(ImpactTest, RenameWithEditsKeepsOldPathAndCountsTheEdit) {
  Write("lib/before.txt", Lines(1, 10));
  std::string base = CommitAll("base");
  std::filesystem::remove_all(repo_ + "/lib");
  Write("src/after.txt", Lines(1, 9) + "changed\n");
  CommitAll("rename and edit");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->files.size(), 1u);
  const FileChange& file = impact->files[0];
  EXPECT_EQ(file.status, FileStatus::kRenamed);
  EXPECT_EQ(file.path, "src/after.txt");
  EXPECT_EQ(file.old_path, "lib/before.txt");
  EXPECT_GE(file.similarity, 50u);
  EXPECT_LT(file.similarity, 100u);
  EXPECT_EQ(file.lines_added, 1u);
  EXPECT_EQ(file.lines_removed, 1u);
  EXPECT_EQ(file.added_lines, std::vector<std::string>{"changed"});
  EXPECT_EQ(file.removed_lines, std::vector<std::string>{"line 10"});
}

TEST_F(ImpactTest, MostlyRewrittenFileIsNotARename) {
  Write("a.txt", Lines(1, 10));
  std::string base = CommitAll("base");
  std::filesystem::remove(repo_ + "/a.txt");
  Write("b.txt", Lines(1, 3) + Lines(100, 106));
  CommitAll("rewrite");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->files.size(), 2u);
  EXPECT_EQ(impact->files[0].status, FileStatus::kDeleted);
  EXPECT_EQ(impact->files[1].status, FileStatus::kAdded);
}

// As git: past diff.renameLimit (unpaired added x deleted > limit^2) only exact renames count.
TEST_F(ImpactTest, RenameLimitKeepsExactRenamesAndDropsInexactOnesLikeGit) {
  const char kBinary[] = "\0\1\2binary\n";
  for (int i = 0; i < 3; ++i) {
    Write("old/exact" + std::to_string(i) + ".txt", Lines(1, 20 + i));
    Write("old/edited" + std::to_string(i) + ".txt", Lines(100 * i, 100 * i + 30));
  }
  Write("old/image.bin", std::string(kBinary, sizeof(kBinary) - 1));
  std::string base = CommitAll("base");
  std::filesystem::remove_all(repo_ + "/old");
  for (int i = 0; i < 3; ++i) {
    Write("new/exact_moved" + std::to_string(i) + ".txt", Lines(1, 20 + i));
    Write("new/edited_moved" + std::to_string(i) + ".txt", Lines(100 * i, 100 * i + 29) + "x\n");
  }
  Write("new/image_moved.bin", std::string(kBinary, sizeof(kBinary) - 1));
  CommitAll("move everything");

  Git("config diff.renameLimit 2");  // 3 x 3 unpaired > 2 x 2: inexact detection is skipped
  Result<Impact> limited = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(limited.ok()) << limited.status().message();
  EXPECT_EQ(OurNumstat(*limited), GitNumstat(base, "HEAD"));
  ASSERT_EQ(limited->files.size(), 10u);
  const FileChange* exact = Find(*limited, "new/exact_moved1.txt");
  ASSERT_NE(exact, nullptr);
  EXPECT_EQ(exact->status, FileStatus::kRenamed);
  EXPECT_EQ(exact->old_path, "old/exact1.txt");
  EXPECT_EQ(exact->similarity, 100u);
  EXPECT_EQ(exact->old_mode, kRegular);
  EXPECT_EQ(exact->new_mode, kRegular);
  const FileChange* image = Find(*limited, "new/image_moved.bin");
  ASSERT_NE(image, nullptr);
  EXPECT_EQ(image->status, FileStatus::kRenamed);
  EXPECT_TRUE(image->binary);
  EXPECT_EQ(Find(*limited, "new/edited_moved0.txt")->status, FileStatus::kAdded);

  Git("config diff.renameLimit 3");  // 3 x 3 fits: edited moves are renames again
  Result<Impact> full = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(full.ok()) << full.status().message();
  EXPECT_EQ(OurNumstat(*full), GitNumstat(base, "HEAD"));
  ASSERT_EQ(full->files.size(), 7u);
  EXPECT_EQ(Find(*full, "new/edited_moved2.txt")->status, FileStatus::kRenamed);
  EXPECT_EQ(Find(*full, "new/edited_moved2.txt")->old_path, "old/edited2.txt");
}

TEST_F(ImpactTest, WorkTreeAndStagingAreaDoNotChangeTheAnswer) {
  Write("schema.sql", "CREATE TABLE t (a int);\n");
  std::string base = CommitAll("base");
  Write("schema.sql", "CREATE TABLE t (a int);\nALTER TABLE t ADD b int;\n");
  CommitAll("alter");
  Write(".gitattributes", "*.sql binary\n");  // would hide the content from `git diff`
  Write("schema.sql", "uncommitted\n");
  Git("add schema.sql");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->files.size(), 1u);
  EXPECT_FALSE(impact->files[0].binary);
  EXPECT_EQ(impact->files[0].added_lines, std::vector<std::string>{"ALTER TABLE t ADD b int;"});
}

TEST_F(ImpactTest, BinaryFilesHaveNoLinesAndNoContent) {
  Write("text.txt", "x\n");
  std::string base = CommitAll("base");
  const char kFirst[] = "PNG\0\0\1\2\3\nmore\n";
  const char kSecond[] = "PNG\0\0\4\5\6\nother\n";
  Write("image.bin", std::string(kFirst, sizeof(kFirst) - 1));
  std::string mid = CommitAll("add binary");
  Write("image.bin", std::string(kSecond, sizeof(kSecond) - 1));
  CommitAll("change binary");

  Result<Impact> added = AnalyzeRange(repo_, base, mid);
  ASSERT_TRUE(added.ok()) << added.status().message();
  ASSERT_EQ(added->files.size(), 1u);
  EXPECT_EQ(added->files[0].status, FileStatus::kAdded);
  EXPECT_TRUE(added->files[0].binary);
  EXPECT_EQ(added->files[0].lines_added, 0u);
  EXPECT_TRUE(added->files[0].added_lines.empty());

  Result<Impact> modified = AnalyzeRange(repo_, mid, "HEAD");
  ASSERT_TRUE(modified.ok()) << modified.status().message();
  ASSERT_EQ(modified->files.size(), 1u);
  const FileChange& file = modified->files[0];
  EXPECT_EQ(file.status, FileStatus::kModified);
  EXPECT_TRUE(file.binary);
  EXPECT_EQ(file.lines_added, 0u);
  EXPECT_EQ(file.lines_removed, 0u);
  EXPECT_EQ(modified->lines_added, 0u);
}

TEST_F(ImpactTest, ModeChangeIsModifiedWithBothModes) {
  Write("run.sh", "echo hi\n");
  std::string base = CommitAll("base");
  std::filesystem::permissions(repo_ + "/run.sh", std::filesystem::perms::owner_exec,
                               std::filesystem::perm_options::add);
  CommitAll("chmod +x");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->files.size(), 1u);
  const FileChange& file = impact->files[0];
  EXPECT_EQ(file.status, FileStatus::kModified);
  EXPECT_EQ(file.old_mode, kRegular);
  EXPECT_EQ(file.new_mode, kExecutable);
  EXPECT_EQ(file.lines_added, 0u);
  EXPECT_EQ(file.lines_removed, 0u);
}

TEST_F(ImpactTest, FileReplacedBySymlinkIsATypeChange) {
  Write("config", "real file\n");
  Write("target.txt", "t\n");
  std::string base = CommitAll("base");
  std::filesystem::remove(repo_ + "/config");
  std::filesystem::create_symlink("target.txt", repo_ + "/config");
  CommitAll("symlink");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->files.size(), 1u);
  const FileChange& file = impact->files[0];
  EXPECT_EQ(file.status, FileStatus::kTypeChanged);
  EXPECT_EQ(file.old_mode, kRegular);
  EXPECT_EQ(file.new_mode, kSymlink);
  EXPECT_STREQ(FileStatusName(file.status), "typechange");
}

TEST_F(ImpactTest, SubmoduleBumpIsFlaggedAsSubmodule) {
  std::string sub = dir_ + "/sub";
  Init(sub);
  WriteIn(sub, "lib.txt", "v1\n");
  std::string v1 = CommitAllIn(sub, "sub v1");
  Write("main.txt", "main\n");
  CommitAll("main");
  Git("-c protocol.file.allow=always submodule add -q " + Quote(sub) + " vendor/sub");
  std::string base = CommitAll("add submodule");
  WriteIn(sub, "lib.txt", "v2\n");
  std::string v2 = CommitAllIn(sub, "sub v2");
  GitIn(repo_ + "/vendor/sub", "-c protocol.file.allow=always pull -q origin main");
  CommitAll("bump submodule");

  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->files.size(), 1u);
  const FileChange& file = impact->files[0];
  EXPECT_EQ(file.path, "vendor/sub");
  EXPECT_EQ(file.status, FileStatus::kModified);
  EXPECT_TRUE(file.submodule);
  EXPECT_FALSE(file.binary);
  EXPECT_EQ(file.old_mode, kGitlink);
  EXPECT_EQ(file.new_mode, kGitlink);
  // As `git diff --numstat` counts it: one "Subproject commit" line out, one in.
  EXPECT_EQ(file.lines_added, 1u);
  EXPECT_EQ(file.lines_removed, 1u);
  EXPECT_EQ(file.added_lines, std::vector<std::string>{"Subproject commit " + v2});
  EXPECT_EQ(file.removed_lines, std::vector<std::string>{"Subproject commit " + v1});

  Result<Impact> added = AnalyzeRange(repo_, "HEAD~2", base);
  ASSERT_TRUE(added.ok()) << added.status().message();
  ASSERT_EQ(added->files.size(), 2u);
  EXPECT_EQ(added->files[0].path, ".gitmodules");
  EXPECT_FALSE(added->files[0].submodule);
  EXPECT_EQ(added->files[1].path, "vendor/sub");
  EXPECT_EQ(added->files[1].status, FileStatus::kAdded);
  EXPECT_TRUE(added->files[1].submodule);
}

TEST_F(ImpactTest, MergeCommitIsFlaggedAndTheDiffIsBaselineToTarget) {
  Write("base.txt", "base\n");
  std::string base = CommitAll("base");
  Git("checkout -q -b feature");
  Write("feature.txt", "f1\nf2\n");
  std::string feature = CommitAll("feature work");
  Git("checkout -q main");
  Write("main.txt", "m1\n");
  std::string main_work = CommitAll("main work");
  std::string date = Quote("@" + std::to_string(TimeOfCommit(++clock_)) + " +0000");
  Shell("cd " + Quote(repo_) + " && GIT_AUTHOR_DATE=" + date + " GIT_COMMITTER_DATE=" + date +
        " git merge -q --no-ff -m 'Merge feature' feature");
  std::string merge = Git("rev-parse HEAD");

  Result<Impact> impact = AnalyzeRange(repo_, base, "main");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->commits.size(), 3u);
  EXPECT_EQ(impact->commits[0].id, merge);
  EXPECT_TRUE(impact->commits[0].merge);
  EXPECT_EQ(impact->commits[0].summary, "Merge feature");
  EXPECT_EQ(impact->commits[1].id, main_work);
  EXPECT_FALSE(impact->commits[1].merge);
  EXPECT_EQ(impact->commits[2].id, feature);
  EXPECT_FALSE(impact->commits[2].merge);
  ASSERT_EQ(impact->files.size(), 2u);
  EXPECT_EQ(impact->files[0].path, "feature.txt");
  EXPECT_EQ(impact->files[0].lines_added, 2u);
  EXPECT_EQ(impact->files[1].path, "main.txt");
  EXPECT_EQ(impact->lines_added, 3u);
  EXPECT_EQ(Git("rev-list --count " + base + "..main"), "3");
}

TEST_F(ImpactTest, CommitsAreNewestFirstWithPeopleAndTimes) {
  std::string base = CommitAll("base");
  CommitAll("first");
  Shell("cd " + Quote(repo_) +
        " && GIT_AUTHOR_NAME='Dan Dev' GIT_AUTHOR_EMAIL=dan@example.com "
        "GIT_AUTHOR_DATE='@1800000000 +0000' GIT_COMMITTER_DATE='@1800000000 +0000' "
        "git commit -q --allow-empty -m 'second: a title' -m 'body text'");
  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->commits.size(), 2u);
  const Commit& newest = impact->commits[0];
  EXPECT_EQ(newest.summary, "second: a title");
  EXPECT_EQ(newest.author.name, "Dan Dev");
  EXPECT_EQ(newest.author.email, "dan@example.com");
  EXPECT_EQ(newest.committer.name, "Carol Committer");
  EXPECT_EQ(newest.committer.email, "carol@example.com");
  EXPECT_EQ(newest.time, 1800000000);
  EXPECT_EQ(impact->commits[1].summary, "first");
  EXPECT_EQ(impact->commits[1].author.name, "Alice Author");
  EXPECT_EQ(impact->commits[1].time, TimeOfCommit(2));
  EXPECT_TRUE(impact->commits[1].co_authors.empty());
}

TEST_F(ImpactTest, CoAuthorTrailersAreParsedWithAnyKeyCasing) {
  std::string base = CommitAll("base");
  CommitAll(
      "Pair on the parser\n\nLonger explanation.\n\n"
      "co-authored-by: Ann Example <ann@example.com>\n"
      "CO-AUTHORED-BY:   Bob  Builder   <bob@example.com>  \n"
      "Co-authored-by: no email here\n"
      "Co-Authored-By: Ann Again <ANN@example.com>\n"
      "Co-authored-by: tom@bank.example\n"
      "Co-authored-by: Uma Unbracketed uma@bank.example\n"
      "Signed-off-by: Alice Author <alice@example.com>\n");
  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->commits.size(), 1u);
  const Commit& commit = impact->commits[0];
  EXPECT_EQ(commit.summary, "Pair on the parser");
  ASSERT_EQ(commit.co_authors.size(), 4u);
  EXPECT_EQ(commit.co_authors[0].name, "Ann Example");
  EXPECT_EQ(commit.co_authors[0].email, "ann@example.com");
  EXPECT_EQ(commit.co_authors[1].name, "Bob  Builder");
  EXPECT_EQ(commit.co_authors[1].email, "bob@example.com");
  // Without angle brackets, as people type them: still a co-author.
  EXPECT_EQ(commit.co_authors[2].name, "");
  EXPECT_EQ(commit.co_authors[2].email, "tom@bank.example");
  EXPECT_EQ(commit.co_authors[3].name, "Uma Unbracketed");
  EXPECT_EQ(commit.co_authors[3].email, "uma@bank.example");
}

TEST_F(ImpactTest, TrailerLikeLinesOutsideTheTrailerBlockAreIgnored) {
  std::string base = CommitAll("base");
  CommitAll(
      "Subject\n\nCo-authored-by: Mid Paragraph <mid@example.com>\nthis is prose, not a "
      "trailer\n\nFinal paragraph without trailers.\n");
  CommitAll("Broken trailer\n\nCo-authored-by: Half <half@example.com\n");
  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->commits.size(), 2u);
  EXPECT_TRUE(impact->commits[0].co_authors.empty());
  EXPECT_TRUE(impact->commits[1].co_authors.empty());
}

TEST_F(ImpactTest, ContentLinesAreCappedPerFileAndPerLine) {
  std::string base = CommitAll("base");
  std::string text;
  for (int i = 0; i < 10; ++i) text += "ALTER TABLE t" + std::to_string(i) + " ADD c;\r\n";
  Write("schema.sql", text);
  Write("utf8.txt", "ab\xC3\xA9\xC3\xA9\n");  // "abéé": cutting at 3 bytes would split the é
  CommitAll("schema");
  ImpactOptions options;
  options.max_content_lines_per_file = 3;
  options.max_content_bytes_per_line = 11;
  Result<Impact> impact = AnalyzeRange(repo_, base, "HEAD", options);
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  const FileChange* schema = Find(*impact, "schema.sql");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->lines_added, 10u);
  EXPECT_EQ(schema->added_lines,
            (std::vector<std::string>{"ALTER TABLE", "ALTER TABLE", "ALTER TABLE"}));
  options.max_content_bytes_per_line = 3;
  impact = AnalyzeRange(repo_, base, "HEAD", options);
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  const FileChange* utf8 = Find(*impact, "utf8.txt");
  ASSERT_NE(utf8, nullptr);
  EXPECT_EQ(utf8->added_lines, std::vector<std::string>{"ab"});
  options.max_content_bytes_per_line = 100;
  impact = AnalyzeRange(repo_, base, "HEAD", options);
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  EXPECT_EQ(Find(*impact, "schema.sql")->added_lines[2], "ALTER TABLE t2 ADD c;");
}

TEST_F(ImpactTest, SameBaselineAndTargetIsAnEmptyRange) {
  Write("a.txt", "a\n");
  std::string head = CommitAll("only");
  Git("tag -a v1 -m 'release 1'");
  Result<Impact> impact = AnalyzeRange(repo_, "v1", head);
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  EXPECT_EQ(impact->baseline, head);
  EXPECT_EQ(impact->target, head);
  EXPECT_TRUE(impact->files.empty());
  EXPECT_TRUE(impact->commits.empty());
}

TEST_F(ImpactTest, WorksFromASubdirectoryAndFromABareClone) {
  Write("deep/er/a.txt", "a\n");
  std::string base = CommitAll("base");
  Write("deep/er/a.txt", "a\nb\n");
  std::string head = CommitAll("more");
  std::string bare = dir_ + "/bare.git";
  Shell("git clone -q --bare " + Quote(repo_) + " " + Quote(bare));

  for (const std::string& path : {repo_ + "/deep/er", bare}) {
    Result<Impact> impact = AnalyzeRange(path, "HEAD~1", "HEAD");
    ASSERT_TRUE(impact.ok()) << path << ": " << impact.status().message();
    EXPECT_EQ(impact->baseline, base);
    EXPECT_EQ(impact->target, head);
    ASSERT_EQ(impact->files.size(), 1u);
    EXPECT_EQ(impact->files[0].path, "deep/er/a.txt");
    EXPECT_EQ(impact->files[0].lines_added, 1u);
    ASSERT_EQ(impact->commits.size(), 1u);
  }
}

TEST_F(ImpactTest, LinkedWorktreeSeesItsOwnHead) {
  Write("a.txt", "a\n");
  std::string base = CommitAll("base");
  std::string worktree = dir_ + "/wt";
  Git("worktree add -q -b topic " + Quote(worktree));
  WriteIn(worktree, "topic.txt", "t\n");
  std::string topic = CommitAllIn(worktree, "topic work");

  Result<Impact> impact = AnalyzeRange(worktree, "main", "HEAD");
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  EXPECT_EQ(impact->target, topic);
  ASSERT_EQ(impact->files.size(), 1u);
  EXPECT_EQ(impact->files[0].path, "topic.txt");
  ASSERT_EQ(impact->commits.size(), 1u);
  EXPECT_EQ(impact->commits[0].summary, "topic work");
  Result<Impact> from_main = AnalyzeRange(repo_, "HEAD", "HEAD");
  ASSERT_TRUE(from_main.ok()) << from_main.status().message();
  EXPECT_EQ(from_main->target, base);
}

TEST_F(ImpactTest, ShallowCloneWorksInsideItsDepthAndAsksForHistoryBeyondIt) {
  std::vector<std::string> ids;
  for (int i = 1; i <= 5; ++i) {
    Write("n.txt", Lines(1, i));
    ids.push_back(CommitAll("commit " + std::to_string(i)));
  }
  std::string shallow = dir_ + "/shallow";
  Shell("git clone -q --depth 2 " + Quote("file://" + repo_) + " " + Quote(shallow));

  Result<Impact> inside = AnalyzeRange(shallow, ids[3], "HEAD");
  ASSERT_TRUE(inside.ok()) << inside.status().message();
  ASSERT_EQ(inside->commits.size(), 1u);
  EXPECT_EQ(inside->commits[0].id, ids[4]);
  ASSERT_EQ(inside->files.size(), 1u);
  EXPECT_EQ(inside->files[0].lines_added, 1u);

  for (const std::string& beyond : {ids[1], std::string("HEAD~3")}) {
    Result<Impact> impact = AnalyzeRange(shallow, beyond, "HEAD");
    ASSERT_FALSE(impact.ok()) << beyond;
    EXPECT_EQ(impact.status().code(), StatusCode::kInvalidArgument);
    std::string message = impact.status().message();
    EXPECT_NE(message.find("'" + beyond + "' is missing from this shallow clone"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("git fetch --deepen=N"), std::string::npos) << message;
    EXPECT_NE(message.find("git fetch --unshallow"), std::string::npos) << message;
  }

  // A linked worktree of the shallow clone shares its boundary.
  std::string worktree = dir_ + "/shallow_wt";
  GitIn(shallow, "worktree add -q --detach " + Quote(worktree));
  Result<Impact> from_worktree = AnalyzeRange(worktree, "HEAD~1", "HEAD");
  ASSERT_TRUE(from_worktree.ok()) << from_worktree.status().message();
  EXPECT_EQ(from_worktree->commits.size(), 1u);
}

TEST_F(ImpactTest, ShallowCloneWithBaselinePresentButBeyondTheBoundaryAsksForHistory) {
  Write("n.txt", "1\n");
  std::string old_base = CommitAll("old base");
  Git("tag old " + old_base);
  for (int i = 2; i <= 4; ++i) {
    Write("n.txt", Lines(1, i));
    CommitAll("commit " + std::to_string(i));
  }
  std::string shallow = dir_ + "/shallow";
  Shell("git clone -q --depth 1 " + Quote("file://" + repo_) + " " + Quote(shallow));
  // Fetch the old commit on its own: present, but not connected to HEAD's cut history.
  GitIn(shallow, "fetch -q --depth 1 origin tag old");

  Result<Impact> impact = AnalyzeRange(shallow, "old", "HEAD");
  ASSERT_FALSE(impact.ok());
  EXPECT_EQ(impact.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(impact.status().message().find("missing from this shallow clone"), std::string::npos)
      << impact.status().message();
}

TEST_F(ImpactTest, NotARepositoryIsInvalidArgumentNamingThePath) {
  std::string plain = dir_ + "/plain";
  std::filesystem::create_directories(plain);
  for (const std::string& path : {plain, dir_ + "/does/not/exist"}) {
    Result<Impact> impact = AnalyzeRange(path, "HEAD~1", "HEAD");
    ASSERT_FALSE(impact.ok());
    EXPECT_EQ(impact.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(impact.status().message(), path + " is not a git repository");
  }
}

TEST_F(ImpactTest, UnknownRevisionIsInvalidArgumentNamingIt) {
  CommitAll("only");
  for (const auto& [baseline, target, bad] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"no-such-branch", "HEAD", "no-such-branch"},
           {"HEAD", "v9.9", "v9.9"},
           {"HEAD~5", "HEAD", "HEAD~5"},
           {"0123456789abcdef0123456789abcdef01234567", "HEAD",
            "0123456789abcdef0123456789abcdef01234567"},
           {"HEAD", "", ""}}) {
    Result<Impact> impact = AnalyzeRange(repo_, baseline, target);
    ASSERT_FALSE(impact.ok()) << bad;
    EXPECT_EQ(impact.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(impact.status().message(), "unknown revision '" + bad + "' in " + repo_);
  }
}

TEST_F(ImpactTest, RevisionThatIsNotACommitIsRejected) {
  Write("a.txt", "a\n");
  CommitAll("only");
  Result<Impact> impact = AnalyzeRange(repo_, "HEAD^{tree}", "HEAD");
  ASSERT_FALSE(impact.ok());
  EXPECT_EQ(impact.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(impact.status().message().find("'HEAD^{tree}' names a tree, not a commit"),
            std::string::npos)
      << impact.status().message();
}

TEST_F(ImpactTest, BaselineNotAnAncestorIsInvalidArgument) {
  Write("a.txt", "a\n");
  CommitAll("base");
  Git("checkout -q -b side");
  Write("side.txt", "s\n");
  CommitAll("side work");
  Git("checkout -q main");
  Write("main.txt", "m\n");
  CommitAll("main work");

  Result<Impact> diverged = AnalyzeRange(repo_, "side", "main");
  ASSERT_FALSE(diverged.ok());
  EXPECT_EQ(diverged.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(diverged.status().message(),
            "baseline 'side' is not an ancestor of target 'main' in " + repo_);
  Result<Impact> reversed = AnalyzeRange(repo_, "main", "main~1");
  ASSERT_FALSE(reversed.ok());
  EXPECT_EQ(reversed.status().message(),
            "baseline 'main' is not an ancestor of target 'main~1' in " + repo_);
  Init(dir_ + "/other");
  WriteIn(dir_ + "/other", "o.txt", "o\n");
  std::string unrelated = CommitAllIn(dir_ + "/other", "unrelated root");
  Git("fetch -q " + Quote(dir_ + "/other") + " main:unrelated");
  Result<Impact> no_common = AnalyzeRange(repo_, "unrelated", "main");
  ASSERT_FALSE(no_common.ok());
  EXPECT_NE(no_common.status().message().find("is not an ancestor"), std::string::npos);
}

TEST_F(ImpactTest, LongHistoryListsOnlyTheRange) {
  std::vector<std::string> ids;
  ids.reserve(12);
  for (int i = 0; i < 12; ++i) ids.push_back(CommitAll("c" + std::to_string(i)));
  Result<Impact> impact = AnalyzeRange(repo_, ids[4], ids[9]);
  ASSERT_TRUE(impact.ok()) << impact.status().message();
  ASSERT_EQ(impact->commits.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(impact->commits[i].id, ids[9 - i]);
}

using ReadFileAtTest = ImpactTest;

TEST_F(ReadFileAtTest, ReadsTheCommittedFileNotTheWorkTreeCopy) {
  Write("proofline.yaml", "version: 1\n");
  Write("conf/deep.yaml", "deep: true\n");
  std::string first = CommitAll("config v1");
  Write("proofline.yaml", "version: 2\n");
  CommitAll("config v2");
  Write("proofline.yaml", "edited in the work tree\n");

  Result<std::optional<std::string>> v1 = ReadFileAt(repo_, first, "proofline.yaml");
  ASSERT_TRUE(v1.ok()) << v1.status().message();
  EXPECT_EQ(*v1, std::optional<std::string>("version: 1\n"));
  Result<std::optional<std::string>> v2 = ReadFileAt(repo_, "HEAD", "proofline.yaml");
  ASSERT_TRUE(v2.ok()) << v2.status().message();
  EXPECT_EQ(*v2, std::optional<std::string>("version: 2\n"));
  Result<std::optional<std::string>> deep = ReadFileAt(repo_ + "/conf", "HEAD", "conf/deep.yaml");
  ASSERT_TRUE(deep.ok()) << deep.status().message();
  EXPECT_EQ(*deep, std::optional<std::string>("deep: true\n"));
  std::string bare = dir_ + "/bare.git";
  Shell("git clone -q --bare " + Quote(repo_) + " " + Quote(bare));
  Result<std::optional<std::string>> from_bare = ReadFileAt(bare, "HEAD~1", "proofline.yaml");
  ASSERT_TRUE(from_bare.ok()) << from_bare.status().message();
  EXPECT_EQ(*from_bare, std::optional<std::string>("version: 1\n"));
}

TEST_F(ReadFileAtTest, MissingFileIsNulloptAndOtherProblemsAreErrors) {
  Write("conf/a.yaml", "a\n");
  Write("binary.bin", std::string("\0\1\2", 3));
  std::filesystem::create_symlink("conf/a.yaml", repo_ + "/link.yaml");
  CommitAll("files");

  Result<std::optional<std::string>> missing = ReadFileAt(repo_, "HEAD", "proofline.yaml");
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  EXPECT_FALSE(missing->has_value());
  Result<std::optional<std::string>> under_file = ReadFileAt(repo_, "HEAD", "binary.bin/x");
  ASSERT_TRUE(under_file.ok()) << under_file.status().message();
  EXPECT_FALSE(under_file->has_value());
  Result<std::optional<std::string>> binary = ReadFileAt(repo_, "HEAD", "binary.bin");
  ASSERT_TRUE(binary.ok()) << binary.status().message();
  EXPECT_EQ(*binary, std::optional<std::string>(std::string("\0\1\2", 3)));

  for (const std::string& path : {std::string("conf"), std::string("link.yaml")}) {
    Result<std::optional<std::string>> not_file = ReadFileAt(repo_, "HEAD", path);
    ASSERT_FALSE(not_file.ok()) << path;
    EXPECT_EQ(not_file.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(not_file.status().message().find("not a file"), std::string::npos);
  }
  Result<std::optional<std::string>> unknown = ReadFileAt(repo_, "nope", "conf/a.yaml");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "unknown revision 'nope' in " + repo_);
  std::string plain = dir_ + "/plain";
  std::filesystem::create_directories(plain);
  Result<std::optional<std::string>> no_repo = ReadFileAt(plain, "HEAD", "conf/a.yaml");
  ASSERT_FALSE(no_repo.ok());
  EXPECT_EQ(no_repo.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_repo.status().message(), plain + " is not a git repository");
}

}  // namespace
}  // namespace proofline::git
