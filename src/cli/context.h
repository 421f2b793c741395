// What every command shares: global options, the action chosen by parsing, output helpers.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "base/json.h"
#include "base/status.h"
#include "identity/actor.h"
#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "store/sqlite_store.h"

namespace proofline::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInternal = 3;

struct Context {
  std::string store_path = "proofline.db";
  std::string identity_path;  // --identity / PROOFLINE_IDENTITY; empty: identity.yaml by the store
  bool json = false;
  // Set by the chosen subcommand's parse callback; returns the exit code or an error.
  std::function<Result<int>()> action;

  // Prints `json` on stdout in --json mode, else `text` (a trailing newline is added).
  void Print(const std::string& text, const Json& json_value) const;

  struct OpenLedger {
    std::unique_ptr<store::SqliteStore> store;
    std::unique_ptr<ledger::Ledger> ledger;
  };
  Result<OpenLedger> Open() const;
  ledger::KeyPaths Keys() const { return ledger::KeyPaths::Beside(store_path); }

  std::string IdentityPath() const;
  Result<identity::Directory> Directory() const;
  identity::TokenFile Tokens() const {
    return identity::TokenFile(identity::TokensPathFor(IdentityPath()));
  }
  // The person acting, from PROOFLINE_TOKEN. PermissionDenied when it is unset or invalid; an
  // invalid token is also recorded (auth.denied, naming `command` and the token id, never the
  // token) when the ledger can be opened.
  Result<identity::Actor> Authenticate(const std::string& command) const;
  // The id recorded as actor: the token's user; or, only while no identity directory exists
  // (a store used without identities), $USER. With a directory and no token: PermissionDenied.
  Result<std::string> ActorId(const std::string& command) const;
};

int ExitCodeFor(const Status& status);

// Prints `status` as the one-line error on stderr (and the error object on stdout with --json);
// returns its exit code.
int ReportError(const Context& ctx, const Status& status);

// $USER, or "proofline": the actor of a store used without an identity directory.
std::string DefaultUser();

// Registration of each command group (one file each).
void AddLedgerCommands(CLI::App& app, Context& ctx);
void AddProofCommands(CLI::App& app, Context& ctx);
void AddChangeCommands(CLI::App& app, Context& ctx);
void AddAttestCommands(CLI::App& app, Context& ctx);
void AddPolicyCommands(CLI::App& app, Context& ctx);
void AddValidateCommands(CLI::App& app, Context& ctx);
void AddIdentityCommands(CLI::App& app, Context& ctx);
void AddApprovalCommands(CLI::App& app, Context& ctx);
void AddGateCommands(CLI::App& app, Context& ctx);
void AddDeployCommands(CLI::App& app, Context& ctx);
void AddPipelineCommands(CLI::App& app, Context& ctx);
void AddRunCommands(CLI::App& app, Context& ctx);

}  // namespace proofline::cli
