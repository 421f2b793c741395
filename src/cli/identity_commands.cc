// `proofline token create|list|revoke` and `proofline whoami`. Parsing and printing only: the
// operations are service/identity.h.
#include <cstdio>

#include "cli/context.h"
#include "service/identity.h"

namespace proofline::cli {
namespace {

Result<int> CreateToken(const Context& ctx, const std::string& user) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::CreatedToken t, service::CreateToken(ws, ctx.Caller(), user));
  ctx.Print(t.token, {{"token", t.token}, {"id", t.record.id}, {"user", user}});
  if (!ctx.json) {
    std::fprintf(stderr, "token %s for %s: shown once, store it now (PROOFLINE_TOKEN)\n",
                 t.record.id.c_str(), user.c_str());
  }
  return kExitOk;
}

Result<int> RevokeToken(const Context& ctx, const std::string& id) {
  service::Workspace ws(ctx.Paths());
  RETURN_IF_ERROR(service::RevokeToken(ws, ctx.Caller(), id));
  ctx.Print("token " + id + " revoked", {{"revoked", id}});
  return kExitOk;
}

Result<int> ListTokens(const Context& ctx) {
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(std::vector<identity::TokenRecord> all, service::ListTokens(ws));
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
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(identity::Actor actor, service::WhoAmI(ws, ctx.Caller()));
  std::string roles;
  for (const std::string& r : actor.user.roles) roles += (roles.empty() ? "" : ", ") + r;
  ctx.Print(actor.user.id + " (" + actor.user.name + ")" +
                (roles.empty() ? "" : ", roles: " + roles) + ", token " + actor.token_id,
            {{"user", actor.user.ToJson()}, {"token_id", actor.token_id}});
  return kExitOk;
}

}  // namespace

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
