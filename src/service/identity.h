// Tokens and who is acting: `proofline token create|list|revoke` and `whoami`. Creating or
// revoking a token is a local administrator's act: whoever may write the identity directory's
// token file may issue tokens (the server issue adds an admin role); each is still recorded in
// the ledger, without the token:
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

struct CreatedToken {
  std::string token;  // shown once
  identity::TokenRecord record;
};

// A token for `user` (NotFound when the directory has no such user). The actor recorded is the
// caller's user when a token is given, else "local:" + the local user.
Result<CreatedToken> CreateToken(Workspace& ws, const Caller& caller, const std::string& user);
Status RevokeToken(Workspace& ws, const Caller& caller, const std::string& id);
Result<std::vector<identity::TokenRecord>> ListTokens(Workspace& ws);
Result<identity::Actor> WhoAmI(Workspace& ws, const Caller& caller);

}  // namespace proofline::service
