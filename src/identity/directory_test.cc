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

TEST(DirectoryTest, AddressesAreComparedTrimmedLowerCasedWithSubaddressesFolded) {
  Result<Directory> d = Directory::Parse(R"(users:
  - {id: tom, emails: ["Tom@Bank.example "]}
  - {id: lee, emails: [lee@legacy.example]}
  - {id: kim, emails: [kim@corp.example]}
subaddressing: {legacy.example: none, corp.example: "-"}
)",
                                         "identity.yaml");
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->users()[0].emails, std::vector<std::string>{"tom@bank.example"});
  for (const char* who : {"tom@bank.example", " TOM@BANK.EXAMPLE\t", "tom+hotfix@bank.example",
                          "Tom T <tom+ci@Bank.Example>"}) {
    const User* u = d->Resolve(who);
    ASSERT_NE(u, nullptr) << who;
    EXPECT_EQ(u->id, "tom") << who;
  }
  EXPECT_EQ(d->Resolve("lee+x@legacy.example"), nullptr);  // the domain keeps its tags
  ASSERT_NE(d->Resolve("kim-build@corp.example"), nullptr);
  EXPECT_EQ(d->Resolve("kim+build@corp.example"), nullptr);  // '+' is not corp's separator
  EXPECT_EQ(d->CanonicalAddress("+x@bank.example"), "+x@bank.example");  // no mailbox left

  // Two spellings of one mailbox are one address: claiming both is ambiguous.
  Result<Directory> twice = Directory::Parse(R"(users:
  - {id: tom, emails: [tom@bank.example]}
  - {id: eve, emails: [Tom+Eve@bank.example]}
)",
                                             "identity.yaml");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("belongs to two users"), std::string::npos);
  Result<Directory> bad =
      Directory::Parse("users: []\nsubaddressing: {bank.example: ab}\n", "i.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("i.yaml:2: subaddressing of bank.example"),
            std::string::npos)
      << bad.status().message();
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
