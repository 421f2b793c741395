#include "identity/directory.h"

#include <gtest/gtest.h>

namespace proofline::identity {
namespace {

constexpr char kTeam[] = R"(users:
  - id: dana
    name: Dana Whitfield
    emails: [Dana@Bank.example, dana.w@users.noreply.github.com]
    roles: [developer]
  - id: sam
    name: Sam Ortiz
    emails: [sam@bank.example]
    roles: [TECHNICAL_LEAD, production-deployers]
)";

TEST(DirectoryTest, ResolvesIdsAndEmailAliasesCaseInsensitively) {
  Result<Directory> d = Directory::Parse(kTeam, "team.yaml");
  ASSERT_TRUE(d.ok()) << d.status().message();
  ASSERT_EQ(d->users().size(), 2u);
  EXPECT_EQ(d->Resolve("dana")->name, "Dana Whitfield");
  EXPECT_EQ(d->Resolve("DANA@bank.EXAMPLE")->id, "dana");
  EXPECT_EQ(d->Resolve("Dana W <dana.w@users.noreply.github.com>")->id, "dana");
  EXPECT_EQ(d->Resolve("nobody@bank.example"), nullptr);
  EXPECT_TRUE(d->Find("sam")->HasRole("TECHNICAL_LEAD"));
  EXPECT_FALSE(d->Find("dana")->HasRole("TECHNICAL_LEAD"));
}

TEST(DirectoryTest, RefusesARepeatedKeyNamingBothLines) {
  // A second `roles:` would give a reader of the file one set of roles and Proofline another.
  Result<Directory> d = Directory::Parse(R"(users:
  - id: dana
    roles: [developer]
    name: Dana
    roles: [TECHNICAL_LEAD]
)",
                                         "identity.yaml");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(), "identity.yaml:5: duplicate key 'roles' (first at line 3)");
}

TEST(DirectoryTest, RefusesAmbiguousAliasesNamingTheLine) {
  Result<Directory> d = Directory::Parse(R"(users:
  - id: a
    emails: [x@y.z]
  - id: b
    emails: [X@y.z]
)",
                                         "team.yaml");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message(),
            "team.yaml:4: email 'x@y.z' belongs to two users; aliases must be unambiguous");
}

TEST(DirectoryTest, RefusesUnknownKeysDuplicatesAndBadIds) {
  auto message = [](const char* yaml) {
    Result<Directory> d = Directory::Parse(yaml, "t.yaml");
    return d.ok() ? std::string("ok") : d.status().message();
  };
  EXPECT_EQ(message("users:\n  - id: a\n    role: [x]\n"), "t.yaml:3: unknown key 'role'");
  EXPECT_EQ(message("users:\n  - id: a\n  - id: a\n"), "t.yaml:3: user 'a' is defined twice");
  EXPECT_EQ(message("users:\n  - id: Alice\n"),
            "t.yaml:2: each user needs an `id` of [a-z0-9._-] (lower case)");
  EXPECT_EQ(message("people: []\n"), "t.yaml:1: unknown key 'people'");
  EXPECT_EQ(message("users: [\n"), "t.yaml:2: end of sequence flow not found");
}

}  // namespace
}  // namespace proofline::identity
