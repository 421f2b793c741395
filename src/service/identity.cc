// Token operations (identity.h).
#include "service/identity.h"

#include <algorithm>

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

// Whether the ledger records any token's creation (by its owner, ledger/event.h).
Result<bool> AnyTokenOnRecord(Workspace& ws) {
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  store::EntryFilter filter;
  filter.subject = kIdentitySubject;
  filter.type = std::string(events::kTokenCreated);
  bool any = false;
  RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
    any = any || p.FromOwner();
    return OkStatus();
  }));
  return any;
}

// Who may issue a token for `user`: an identity administrator with their token; or, while the
// ledger records no token at all, a local administrator bootstrapping the first one, which must
// be an identity administrator's. A refusal is recorded (auth.denied).
Result<std::string> Issuer(Workspace& ws, const Caller& caller, const identity::User& user) {
  constexpr char kCommand[] = "token create";
  if (!caller.token.empty()) {
    ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, kCommand));
    if (actor.user.HasRole(kIdentityAdminRole)) return actor.user.id;
    return ws.Deny(kCommand,
                   actor.user.id + " is not an " + std::string(kIdentityAdminRole) +
                       ": only an identity administrator issues tokens",
                   actor.token_id);
  }
  ASSIGN_OR_RETURN(bool any, AnyTokenOnRecord(ws));
  if (any) {
    return ws.Deny(kCommand,
                   "token create needs an " + std::string(kIdentityAdminRole) +
                       "'s token (PROOFLINE_TOKEN): tokens are on the record, so only an "
                       "identity administrator issues more",
                   "");
  }
  if (!user.HasRole(kIdentityAdminRole)) {
    return PermissionDenied("the first token is an identity administrator's: " + user.id +
                            " is not an " + std::string(kIdentityAdminRole) +
                            " (give someone the role in identity.yaml)");
  }
  return "local:" + caller.local_user;
}

}  // namespace

Result<CreatedToken> CreateToken(Workspace& ws, const Caller& caller, const std::string& user) {
  ASSIGN_OR_RETURN(std::shared_ptr<const identity::Directory> directory, ws.Directory());
  const identity::User* holder = directory->Find(user);
  if (holder == nullptr) return NotFound("no user '" + user + "' in " + directory->source());
  ASSIGN_OR_RETURN(std::string actor, Issuer(ws, caller, *holder));
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
  // The ledger first: it is the record a token is checked against, so a crash between the two
  // writes leaves the token revoked, and deleting the file's line cannot undo it.
  ASSIGN_OR_RETURN(std::vector<identity::TokenRecord> tokens, ws.Tokens().List());
  auto it = std::find_if(tokens.begin(), tokens.end(),
                         [&](const identity::TokenRecord& r) { return r.id == id; });
  if (it == tokens.end()) return NotFound("no token " + id + " in " + ws.Tokens().path());
  if (!it->revoked_at.empty()) return InvalidArgument("token " + id + " is already revoked");
  RETURN_IF_ERROR(
      ledger
          ->Append(
              {{std::string(events::kTokenRevoked), kIdentitySubject, actor, {{"token_id", id}}}})
          .status());
  return ws.Tokens().Revoke(id, ledger::NowRfc3339Micros());
}

Result<std::vector<identity::TokenRecord>> ListTokens(Workspace& ws) {
  RETURN_IF_ERROR(ws.CheckIdentityPin());
  return ws.Tokens().List();
}

Result<identity::Actor> WhoAmI(Workspace& ws, const Caller& caller) {
  return ws.Authenticate(caller, "whoami");
}

}  // namespace proofline::service
