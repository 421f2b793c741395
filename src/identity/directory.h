// Who is who: the users Proofline knows, their display names, the email addresses git records
// for them (aliases: separation of duties matches commits through them) and their roles.
//
// The directory is a hand-edited YAML file (`identity.yaml` beside the store, or
// PROOFLINE_IDENTITY); Proofline never rewrites it (tokens live in a file of their own,
// tokens.h). Format:
//
//   users:
//     - id: dana                       # [a-z0-9][a-z0-9._-]*, unique
//       name: Dana Whitfield           # shown wherever the user signs
//       emails: [dana@bank.example]    # git author/committer/co-author addresses, unique
//       roles: [developer]             # roles and groups are one namespace: TECHNICAL_LEAD,
//                                      # SECURITY_OFFICER, COMPLIANCE_OFFICER,
//                                      # production-deployers, emergency-responders, ...
//
//   subaddressing:                   # optional: how a domain tags addresses (default "+"
//     legacy.example: none           # everywhere: tom+hotfix@ is tom@); "none" keeps the tag
//     corp.example: "-"
//
// Addresses are compared in canonical form (CanonicalAddress): the "Name <address>" form reduced
// to the address, trimmed, lower-cased, the sub-address folded. Unknown keys, repeated keys,
// duplicate ids and an address claimed by two users (after canonicalisation) are errors naming
// the line: an ambiguous alias would let one person pass for two.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace proofline::identity {

inline constexpr char kTechnicalLead[] = "TECHNICAL_LEAD";
inline constexpr char kSecurityOfficer[] = "SECURITY_OFFICER";
inline constexpr char kComplianceOfficer[] = "COMPLIANCE_OFFICER";

struct User {
  std::string id, name;
  std::vector<std::string> emails;  // canonical (Directory::CanonicalAddress)
  std::vector<std::string> roles;

  bool HasRole(std::string_view role) const;
  Json ToJson() const;  // {id, name, emails, roles}
};

class Directory {
 public:
  // NotFound when `path` does not exist; InvalidArgument "PATH:LINE: ..." when it is malformed.
  static Result<Directory> Load(const std::string& path);
  static Result<Directory> Parse(std::string_view yaml, const std::string& source);

  const User* Find(std::string_view id) const;
  // The user whose id or one of whose emails is `who` (compared in canonical form, a
  // "Name <email>" form accepted), or nullptr.
  const User* Resolve(std::string_view who) const;
  // `who` as the directory compares addresses: "Tom <Tom+Hotfix@Bank.example> " ->
  // "tom@bank.example" (the separator of its domain per `subaddressing:`, default '+').
  std::string CanonicalAddress(std::string_view who) const;
  const std::vector<User>& users() const { return users_; }

  // {user id: {roles: [...], emails: [...]}}: what decides who may do what, as the ledger keeps
  // it in identity.changed to tell the next change.
  Json Snapshot() const;
  // What changed from `before` (a Snapshot, or null for none recorded yet) to this directory:
  // {users_added, users_removed, roles_added: {user: [...]}, roles_removed, emails_added,
  // emails_removed}; empty lists and maps when nothing did.
  Json ChangesSince(const Json& before) const;
  const std::string& source() const { return source_; }

 private:
  std::vector<User> users_;
  std::map<std::string, std::string> subaddressing_;  // domain -> separator ("" for none)
  std::string source_;
};

}  // namespace proofline::identity
