// API tokens: the only way a command learns who is acting (PROOFLINE_TOKEN). A token is shown
// once, when created; only its SHA-256 is kept, so the token file leaks no credential.
//
// Token text: "plt_" + 12 hex (the token id, public: it names the token in lists, revocations and
// ledger events) + "_" + 64 hex (32 random bytes). The file (`identity.tokens` beside the
// identity directory) is JSON Lines, appended under an exclusive lock and fsynced before the
// token is printed:
//   {"id":"…","user":"dana","sha256":"<hex of SHA-256(token text)>","created":"RFC 3339"}
//   {"revoked":"<id>","at":"RFC 3339"}
// A token is valid while its user exists in the directory and no revocation line names it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "base/status.h"

namespace proofline::identity {

struct TokenRecord {
  std::string id, user, sha256, created, revoked_at;  // revoked_at empty while valid
  Json ToJson() const;                                // never includes the hash
};

class TokenFile {
 public:
  explicit TokenFile(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }

  // Creates a token for `user`; returns its text (the only time it exists outside the caller).
  Result<std::string> Create(const std::string& user, const std::string& now, TokenRecord* record);
  // Appends a revocation; NotFound for an unknown id, InvalidArgument when already revoked.
  Status Revoke(const std::string& id, const std::string& now);
  // Every token, in creation order (a missing file is no tokens). Corruption "PATH:LINE: ..."
  // for a line that is not a token record.
  Result<std::vector<TokenRecord>> List() const;
  // The record of the valid token `text`; PermissionDenied (naming only the token id) when it is
  // malformed, unknown, revoked or its hash differs.
  Result<TokenRecord> Authenticate(std::string_view text) const;

 private:
  Status AppendLine(const Json& line);
  std::string path_;
};

// The token id of a token text, or "" when it is not shaped like a token.
std::string TokenId(std::string_view text);

}  // namespace proofline::identity
