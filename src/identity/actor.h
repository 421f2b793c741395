// The acting identity of a command: the user behind PROOFLINE_TOKEN, looked up in the directory.
// Commands never take a free-text "who": what they record as actor is this user's id.
#pragma once

#include <string>
#include <string_view>

#include "identity/directory.h"
#include "identity/tokens.h"

namespace proofline::identity {

struct Actor {
  User user;
  std::string token_id;
  std::string token_sha256;  // as the token file keeps it: what the ledger must also record
};

// The token file that goes with the directory at `identity_path`: "team.yaml" -> "team.tokens".
std::string TokensPathFor(const std::string& identity_path);

// The actor `token` authenticates. PermissionDenied when the token is invalid or revoked, or its
// user is no longer in the directory (removing a user disables their tokens).
Result<Actor> Authenticate(const Directory& directory, const TokenFile& tokens,
                           std::string_view token);

}  // namespace proofline::identity
