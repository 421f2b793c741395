// What every command shares: global options, the action chosen by parsing, output helpers.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>

#include "base/json.h"
#include "base/status.h"
#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "service/workspace.h"
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

  // What the domain commands hand to the service layer: where the store and the identity
  // directory are, and who is calling (PROOFLINE_TOKEN; $USER for a store without identities).
  service::WorkspacePaths Paths() const { return {store_path, identity_path}; }
  service::Caller Caller() const;

  // The raw ledger, for the ledger's own commands (log, proof, init).
  struct OpenLedger {
    std::unique_ptr<store::SqliteStore> store;
    std::unique_ptr<ledger::Ledger> ledger;
  };
  Result<OpenLedger> Open() const;
  ledger::KeyPaths Keys() const { return ledger::KeyPaths::Beside(store_path); }
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
// `witness ...` beside the others, and `log witness` under `log` (called by AddLedgerCommands).
void AddWitnessCommands(CLI::App& app, CLI::App& log, Context& ctx);

}  // namespace proofline::cli
