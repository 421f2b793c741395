// Token -> user (actor.h).
#include "identity/actor.h"

namespace proofline::identity {

std::string TokensPathFor(const std::string& identity_path) {
  for (const std::string ext : {".yaml", ".yml"}) {
    if (identity_path.size() > ext.size() &&
        identity_path.compare(identity_path.size() - ext.size(), ext.size(), ext) == 0) {
      return identity_path.substr(0, identity_path.size() - ext.size()) + ".tokens";
    }
  }
  return identity_path + ".tokens";
}

Result<Actor> Authenticate(const Directory& directory, const TokenFile& tokens,
                           std::string_view token) {
  ASSIGN_OR_RETURN(TokenRecord record, tokens.Authenticate(token));
  const User* user = directory.Find(record.user);
  if (user == nullptr) {
    return PermissionDenied("token " + record.id + " belongs to '" + record.user +
                            "', who is not in " + directory.source());
  }
  return Actor{*user, record.id, record.sha256};
}

}  // namespace proofline::identity
