// Who is acting: Context's token authentication, and `proofline token create|list|revoke` and
// `proofline whoami`. Creating or revoking a token is a local administrator's act: whoever may
// write the identity directory's token file may issue tokens (the server issue adds an admin
// role); each is still recorded in the ledger, without the token.
#include <cstdlib>

#include "base/files.h"
#include "cli/context.h"
#include "ledger/event.h"

namespace proofline::cli {
namespace {

constexpr char kIdentitySubject[] = "identity";

// The actor of an administrative act: the token's user when one is given, else the local user.
Result<std::string> AdminActor(const Context& ctx, const std::string& command) {
  const char* token = std::getenv("PROOFLINE_TOKEN");
  if (token != nullptr && *token != '\0') {
    ASSIGN_OR_RETURN(identity::Actor actor, ctx.Authenticate(command));
    return actor.user.id;
  }
  return "local:" + DefaultUser();
}

Result<int> CreateToken(const Context& ctx, const std::string& user) {
  ASSIGN_OR_RETURN(identity::Directory directory, ctx.Directory());
  if (directory.Find(user) == nullptr) {
    return NotFound("no user '" + user + "' in " + directory.source());
  }
  ASSIGN_OR_RETURN(std::string actor, AdminActor(ctx, "token create"));
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  identity::TokenFile tokens = ctx.Tokens();
  identity::TokenRecord record;
  ASSIGN_OR_RETURN(std::string token, tokens.Create(user, ledger::NowRfc3339Micros(), &record));
  RETURN_IF_ERROR(open.ledger
                      ->Append({{"identity.token.created",
                                 kIdentitySubject,
                                 actor,
                                 {{"user", user}, {"token_id", record.id}}}})
                      .status());
  ctx.Print(token, {{"token", token}, {"id", record.id}, {"user", user}});
  if (!ctx.json) {
    std::fprintf(stderr, "token %s for %s: shown once, store it now (PROOFLINE_TOKEN)\n",
                 record.id.c_str(), user.c_str());
  }
  return kExitOk;
}

Result<int> RevokeToken(const Context& ctx, const std::string& id) {
  ASSIGN_OR_RETURN(std::string actor, AdminActor(ctx, "token revoke"));
  ASSIGN_OR_RETURN(auto open, ctx.Open());
  RETURN_IF_ERROR(ctx.Tokens().Revoke(id, ledger::NowRfc3339Micros()));
  RETURN_IF_ERROR(
      open.ledger->Append({{"identity.token.revoked", kIdentitySubject, actor, {{"token_id", id}}}})
          .status());
  ctx.Print("token " + id + " revoked", {{"revoked", id}});
  return kExitOk;
}

Result<int> ListTokens(const Context& ctx) {
  ASSIGN_OR_RETURN(std::vector<identity::TokenRecord> all, ctx.Tokens().List());
  std::string text;
  Json out = Json::array();
  for (const identity::TokenRecord& r : all) {
    text += r.id + "  " + r.user + "  created " + r.created +
            (r.revoked_at.empty() ? "" : "  revoked " + r.revoked_at) + "\n";
    out.push_back(r.ToJson());
  }
  if (text.empty()) text = "no tokens\n";
  text.pop_back();
  ctx.Print(text, {{"tokens", out}});
  return kExitOk;
}

Result<int> WhoAmI(const Context& ctx) {
  ASSIGN_OR_RETURN(identity::Actor actor, ctx.Authenticate("whoami"));
  std::string roles;
  for (const std::string& r : actor.user.roles) roles += (roles.empty() ? "" : ", ") + r;
  ctx.Print(actor.user.id + " (" + actor.user.name + ")" +
                (roles.empty() ? "" : ", roles: " + roles) + ", token " + actor.token_id,
            {{"user", actor.user.ToJson()}, {"token_id", actor.token_id}});
  return kExitOk;
}

}  // namespace

std::string Context::IdentityPath() const {
  if (!identity_path.empty()) return identity_path;
  return DirName(store_path) + "/identity.yaml";
}

Result<identity::Directory> Context::Directory() const {
  Result<identity::Directory> d = identity::Directory::Load(IdentityPath());
  if (!d.ok() && d.status().code() == StatusCode::kNotFound) {
    return InvalidArgument(IdentityPath() +
                           " does not exist: identities (users, aliases, roles) are configured "
                           "there (--identity or PROOFLINE_IDENTITY)");
  }
  return d;
}

Result<identity::Actor> Context::Authenticate(const std::string& command) const {
  const char* token = std::getenv("PROOFLINE_TOKEN");
  if (token == nullptr || *token == '\0') {
    return PermissionDenied(command +
                            " acts as a person: set PROOFLINE_TOKEN (proofline token create USER)");
  }
  ASSIGN_OR_RETURN(identity::Directory directory, Directory());
  Result<identity::Actor> actor = identity::Authenticate(directory, Tokens(), token);
  if (actor.ok() || actor.status().code() != StatusCode::kPermissionDenied) return actor;
  // Record the refusal: a burst of these is what an auditor looks for. The token is never
  // recorded, only its id (public) when it is shaped like one.
  if (Result<OpenLedger> open = Open(); open.ok()) {
    const std::string id = identity::TokenId(token);
    Json data = {{"command", command}, {"reason", actor.status().message()}};
    if (!id.empty()) data["token_id"] = id;
    (void)open->ledger->Append({{"auth.denied", kIdentitySubject, "anonymous", data}});
  }
  return actor.status();
}

Result<std::string> Context::ActorId(const std::string& command) const {
  const char* token = std::getenv("PROOFLINE_TOKEN");
  if ((token == nullptr || *token == '\0') && !PathExists(IdentityPath())) return DefaultUser();
  ASSIGN_OR_RETURN(identity::Actor actor, Authenticate(command));
  return actor.user.id;
}

void AddIdentityCommands(CLI::App& app, Context& ctx) {
  CLI::App* t = app.add_subcommand("token", "API tokens: the identity every command acts as");
  t->require_subcommand(1);
  auto user = std::make_shared<std::string>();
  CLI::App* create =
      t->add_subcommand("create", "Create a token for USER and print it once (PROOFLINE_TOKEN)");
  create->add_option("USER", *user, "A user id of the identity directory")->required();
  create->callback([&ctx, user] { ctx.action = [&ctx, user] { return CreateToken(ctx, *user); }; });
  auto id = std::make_shared<std::string>();
  CLI::App* revoke = t->add_subcommand("revoke", "Revoke a token by its id");
  revoke->add_option("ID", *id, "Token id (12 hex, from token list)")->required();
  revoke->callback([&ctx, id] { ctx.action = [&ctx, id] { return RevokeToken(ctx, *id); }; });
  t->add_subcommand("list", "List tokens (ids, users, dates; never the tokens)")->callback([&ctx] {
    ctx.action = [&ctx] { return ListTokens(ctx); };
  });
  app.add_subcommand("whoami", "Show the user PROOFLINE_TOKEN authenticates")->callback([&ctx] {
    ctx.action = [&ctx] { return WhoAmI(ctx); };
  });
}

}  // namespace proofline::cli
