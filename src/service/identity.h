// Tokens and who is acting: `proofline token create|list|revoke` and `whoami`. Only an identity
// administrator (a user holding IDENTITY_ADMIN in identity.yaml) issues tokens, with their own
// token; the one exception is the first token of a store, which a local administrator makes for
// an identity administrator while the ledger records none (bootstrap). Anyone with a shell can no
// longer mint a token for an approver. Revoking only takes away: a local administrator or any
// token's user may revoke. Each act is recorded in the ledger, without the token:
//   identity.token.created  subject "identity": {user, token_id, sha256 (of the token, as the
//                           token file keeps it: not a secret, a 256-bit random token's hash)}
//   identity.token.revoked  subject "identity": {token_id}
// The ledger is the record: a token authenticates only when its creation is recorded with the
// same id, user and hash and no revocation of it is (service/workspace.h), so editing the token
// file (a line added, a revocation deleted) grants nothing.
#pragma once

#include <string>
#include <vector>

#include "service/workspace.h"

namespace proofline::service {

inline constexpr char kIdentityAdminRole[] = "IDENTITY_ADMIN";

struct CreatedToken {
  std::string token;  // shown once
  identity::TokenRecord record;
};

// A token for `user` (NotFound when the directory has no such user; PermissionDenied, recorded,
// when the caller may not issue it: see above). The actor recorded is the issuing
// administrator, or "local:" + the local user for the bootstrap token.
Result<CreatedToken> CreateToken(Workspace& ws, const Caller& caller, const std::string& user);
Status RevokeToken(Workspace& ws, const Caller& caller, const std::string& id);
Result<std::vector<identity::TokenRecord>> ListTokens(Workspace& ws);
Result<identity::Actor> WhoAmI(Workspace& ws, const Caller& caller);

}  // namespace proofline::service
