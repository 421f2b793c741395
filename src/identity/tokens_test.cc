#include "identity/tokens.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "base/files.h"
#include "identity/actor.h"

namespace proofline::identity {
namespace {

class TokensTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/pl-tokens-XXXXXX";
    dir_ = mkdtemp(tmpl);
  }
  void TearDown() override { RemoveTree(dir_); }
  std::string dir_;
};

TEST_F(TokensTest, CreatedTokenAuthenticatesAndOnlyItsHashIsStored) {
  TokenFile file(dir_ + "/identity.tokens");
  TokenRecord record;
  Result<std::string> token = file.Create("dana", "2026-11-26T10:00:00Z", &record);
  ASSERT_TRUE(token.ok()) << token.status().message();
  EXPECT_EQ(token->size(), 4u + 12 + 1 + 64);
  EXPECT_EQ(TokenId(*token), record.id);
  Result<std::string> stored = ReadFile(file.path());
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->find(token->substr(17)), std::string::npos);
  Result<TokenRecord> who = file.Authenticate(*token);
  ASSERT_TRUE(who.ok()) << who.status().message();
  EXPECT_EQ(who->user, "dana");
}

TEST_F(TokensTest, WrongRevokedAndMalformedTokensAreDenied) {
  TokenFile file(dir_ + "/identity.tokens");
  Result<std::string> token = file.Create("dana", "2026-11-26T10:00:00Z", nullptr);
  ASSERT_TRUE(token.ok());
  std::string forged = *token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_EQ(file.Authenticate(forged).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(file.Authenticate("hunter2").status().message(),
            "PROOFLINE_TOKEN is not a Proofline token");
  ASSERT_TRUE(file.Revoke(TokenId(*token), "2026-11-26T11:00:00Z").ok());
  EXPECT_EQ(file.Authenticate(*token).status().message(),
            "token " + TokenId(*token) + " was revoked");
  EXPECT_EQ(file.Revoke(TokenId(*token), "2026-11-26T11:00:00Z").code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(file.Revoke("000000000000", "2026-11-26T11:00:00Z").code(), StatusCode::kNotFound);
  Result<std::vector<TokenRecord>> all = file.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].revoked_at, "2026-11-26T11:00:00Z");
}

TEST_F(TokensTest, ACorruptLineIsNamed) {
  ASSERT_TRUE(
      WriteFileAtomic(dir_ + "/t.tokens", "{\"revoked\":\"x\",\"at\":\"y\"}\nnot json\n").ok());
  EXPECT_EQ(TokenFile(dir_ + "/t.tokens").List().status().message(),
            dir_ + "/t.tokens:2: not a token record");
}

TEST_F(TokensTest, ATokenOfARemovedUserIsDenied) {
  TokenFile file(dir_ + "/identity.tokens");
  Result<std::string> token = file.Create("gone", "2026-11-26T10:00:00Z", nullptr);
  ASSERT_TRUE(token.ok());
  Result<Directory> d = Directory::Parse("users:\n  - id: dana\n", "team.yaml");
  ASSERT_TRUE(d.ok());
  Result<Actor> actor = Authenticate(*d, file, *token);
  EXPECT_EQ(actor.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(TokensPathFor("/etc/pl/team.yaml"), "/etc/pl/team.tokens");
  EXPECT_EQ(TokensPathFor("ids"), "ids.tokens");
}

}  // namespace
}  // namespace proofline::identity
