// Token operations (identity.h).
#include "service/identity.h"

#include "events/catalogue.h"
#include "ledger/event.h"

namespace proofline::service {
namespace {

constexpr char kIdentitySubject[] = "identity";

// The actor of an administrative act: the token's user when one is given, else the local user.
Result<std::string> AdminActor(Workspace& ws, const Caller& caller, const std::string& command) {
  if (!caller.token.empty()) {
    ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, command));
    return actor.user.id;
  }
  return "local:" + caller.local_user;
}

}  // namespace

Result<CreatedToken> CreateToken(Workspace& ws, const Caller& caller, const std::string& user) {
  ASSIGN_OR_RETURN(std::shared_ptr<const identity::Directory> directory, ws.Directory());
  if (directory->Find(user) == nullptr) {
    return NotFound("no user '" + user + "' in " + directory->source());
  }
  ASSIGN_OR_RETURN(std::string actor, AdminActor(ws, caller, "token create"));
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  CreatedToken out;
  ASSIGN_OR_RETURN(out.token, ws.Tokens().Create(user, ledger::NowRfc3339Micros(), &out.record));
  RETURN_IF_ERROR(
      ledger
          ->Append({{std::string(events::kTokenCreated),
                     kIdentitySubject,
                     actor,
                     {{"user", user}, {"token_id", out.record.id}, {"sha256", out.record.sha256}}}})
          .status());
  return out;
}

Status RevokeToken(Workspace& ws, const Caller& caller, const std::string& id) {
  RETURN_IF_ERROR(ws.CheckIdentityPin());
  ASSIGN_OR_RETURN(std::string actor, AdminActor(ws, caller, "token revoke"));
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  RETURN_IF_ERROR(ws.Tokens().Revoke(id, ledger::NowRfc3339Micros()));
  return ledger
      ->Append({{std::string(events::kTokenRevoked), kIdentitySubject, actor, {{"token_id", id}}}})
      .status();
}

Result<std::vector<identity::TokenRecord>> ListTokens(Workspace& ws) {
  RETURN_IF_ERROR(ws.CheckIdentityPin());
  return ws.Tokens().List();
}

Result<identity::Actor> WhoAmI(Workspace& ws, const Caller& caller) {
  return ws.Authenticate(caller, "whoami");
}

}  // namespace proofline::service
