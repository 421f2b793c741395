// Glob semantics: gitignore-style anchoring, '**' across directories, classes, braces, errors.
#include "base/glob.h"

#include <gtest/gtest.h>

namespace proofline {
namespace {

bool M(const char* pattern, const char* path) {
  Result<Glob> g = Glob::Compile(pattern);
  EXPECT_TRUE(g.ok()) << pattern << ": " << g.status().message();
  return g.ok() && g->Matches(path);
}

TEST(Glob, PatternWithoutSlashMatchesFileNameAtAnyDepth) {
  EXPECT_TRUE(M("*.sql", "schema.sql"));
  EXPECT_TRUE(M("*.sql", "db/migrations/001_init.sql"));
  EXPECT_FALSE(M("*.sql", "db/init.sql.bak"));
  EXPECT_TRUE(M("Dockerfile", "services/api/Dockerfile"));
}

// As gitignore excludes: a directory that matches takes everything below it.
TEST(Glob, PathOrDirectoryMatchesWhatIsBelowAMatchingDirectory) {
  auto D = [](const char* pattern, const char* path) {
    Result<Glob> g = Glob::Compile(pattern);
    EXPECT_TRUE(g.ok()) << pattern;
    return g.ok() && g->MatchesPathOrDirectory(path);
  };
  EXPECT_TRUE(D("node_modules", "web/node_modules/left-pad/index.js"));
  EXPECT_TRUE(D("node_modules", "node_modules/x.js"));
  EXPECT_TRUE(D("node_modules", "node_modules"));
  EXPECT_FALSE(D("node_modules", "web/node_modules_old/x.js"));
  EXPECT_TRUE(D("/vendor", "vendor/a/b.go"));
  EXPECT_FALSE(D("/vendor", "src/vendor/b.go"));
  EXPECT_TRUE(D("*.sql", "db/dump.sql/part1"));
  EXPECT_FALSE(D("*.sql", "db/dump.sqlx/part1"));
  EXPECT_FALSE(M("node_modules", "web/node_modules/left-pad/index.js"));  // Matches: the name
}

TEST(Glob, DoubleStarCrossesDirectoriesSingleStarDoesNot) {
  EXPECT_TRUE(M("**/migrations/**", "migrations/001.sql"));
  EXPECT_TRUE(M("**/migrations/**", "app/db/migrations/2024/001.sql"));
  EXPECT_FALSE(M("**/migrations/**", "app/migrationsx/001.sql"));
  EXPECT_TRUE(M("terraform/**", "terraform/modules/vpc/main.tf"));
  EXPECT_FALSE(M("terraform/**", "infra/terraform/main.tf"));
  EXPECT_TRUE(M("**/*.tf", "main.tf"));
  EXPECT_TRUE(M("**/*.tf", "infra/prod/main.tf"));
  EXPECT_TRUE(M("src/*/auth.cc", "src/api/auth.cc"));
  EXPECT_FALSE(M("src/*/auth.cc", "src/api/v2/auth.cc"));
  EXPECT_TRUE(M("a/**/b", "a/b"));
  EXPECT_TRUE(M("a/**/b", "a/x/y/b"));
}

TEST(Glob, LeadingSlashAnchorsAndTrailingSlashMeansEverythingBelow) {
  EXPECT_TRUE(M("/src/payments/", "src/payments/ledger.cc"));
  EXPECT_FALSE(M("/src/payments/", "lib/src/payments/ledger.cc"));
  EXPECT_TRUE(M("k8s/", "k8s/prod/deploy.yaml"));
}

TEST(Glob, ClassesBracesAndLiteralMetacharacters) {
  EXPECT_TRUE(M("*.{yaml,yml}", "config/app.yml"));
  EXPECT_TRUE(M("*.{yaml,yml}", "app.yaml"));
  EXPECT_FALSE(M("*.{yaml,yml}", "app.json"));
  EXPECT_TRUE(M("v[0-9].txt", "v7.txt"));
  EXPECT_FALSE(M("v[!0-9].txt", "v7.txt"));
  EXPECT_TRUE(M("file?.c", "file1.c"));
  EXPECT_FALSE(M("file?.c", "file/.c"));
  EXPECT_TRUE(M("requirements+(1).txt", "requirements+(1).txt"));
}

TEST(Glob, InvalidPatternsAreErrorsNamingThePattern) {
  for (const char* bad : {"", "src/[abc", "*.{yml", "a/***/b", "{a,{b,c}}"}) {
    Result<Glob> g = Glob::Compile(bad);
    EXPECT_FALSE(g.ok()) << bad;
    if (!g.ok()) {
      EXPECT_NE(g.status().message().find("invalid glob '"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace proofline
