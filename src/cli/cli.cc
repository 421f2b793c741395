// Entry point of the CLI: global flags, command registration, error and exit-code handling.
// CLI11 reports usage errors by throwing; they are caught here, the one edge that calls it.
#include "cli/cli.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/context.h"

namespace proofline::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

const char* CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidArgument:
      return "invalid_argument";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kAlreadyExists:
      return "already_exists";
    case StatusCode::kCorruption:
      return "corruption";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kIo:
      return "io";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace

int ReportError(const Context& ctx, const Status& s) {
  std::fprintf(stderr, "proofline: error: %s\n", s.message().c_str());
  if (ctx.json) {
    Json j = {{"ok", false}, {"error", {{"code", CodeName(s.code())}, {"message", s.message()}}}};
    std::printf("%s\n", j.dump().c_str());
  }
  return ExitCodeFor(s);
}

std::string DefaultUser() {
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "proofline";
}

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case StatusCode::kOk:
      return kExitOk;
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kAlreadyExists:
      return kExitUsage;
    case StatusCode::kPermissionDenied:
      return kExitFailed;
    case StatusCode::kCorruption:
    case StatusCode::kConflict:
    case StatusCode::kIo:
    case StatusCode::kInternal:
      return kExitInternal;
  }
  return kExitInternal;
}

int Main(int argc, char** argv) {
  Context ctx;
  if (const char* env = std::getenv("PROOFLINE_STORE"); env != nullptr && *env != '\0') {
    ctx.store_path = env;
  }
  CLI::App app{
      "Proofline: continuous delivery you can prove to an auditor.\n"
      "Records every delivery step in a tamper-evident ledger (RFC 9162 Merkle tree,\n"
      "Ed25519-signed checkpoints) that anyone can verify with the public key alone.",
      "proofline"};
  app.set_version_flag("--version", std::string("proofline ") + kVersion);
  app.add_option("--store", ctx.store_path, "Store file (env PROOFLINE_STORE)")
      ->capture_default_str();
  if (const char* env = std::getenv("PROOFLINE_IDENTITY"); env != nullptr && *env != '\0') {
    ctx.identity_path = env;
  }
  app.add_option("--identity", ctx.identity_path,
                 "Identity directory: users, aliases, roles; pinned to identity.yaml beside the "
                 "store, which this may only name (env PROOFLINE_IDENTITY)");
  app.add_flag("--json", ctx.json, "Machine-readable output on stdout");
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(
      "Exit codes: 0 ok, 1 denied or verification failed, 2 bad usage or input,\n"
      "3 internal or environment error. `proofline COMMAND --help` for details.");
  AddLedgerCommands(app, ctx);
  AddProofCommands(app, ctx);
  AddChangeCommands(app, ctx);
  AddAttestCommands(app, ctx);
  AddPolicyCommands(app, ctx);
  AddValidateCommands(app, ctx);
  AddScanCommands(app, ctx);
  AddIdentityCommands(app, ctx);
  AddApprovalCommands(app, ctx);
  AddGateCommands(app, ctx);
  AddDeployCommands(app, ctx);
  AddPipelineCommands(app, ctx);
  AddRunCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    std::fprintf(stderr, "proofline: usage error: %s (see --help)\n", e.what());
    return kExitUsage;
  }
  if (!ctx.action) {
    std::fprintf(stderr, "proofline: usage error: no command given (see --help)\n");
    return kExitUsage;
  }
  // Our code returns Status; this is the edge for third-party exceptions (nlohmann, yaml-cpp,
  // std::bad_alloc) that a library call let escape: one line and exit 3, never an abort.
  try {
    Result<int> rc = ctx.action();
    if (!rc.ok()) return ReportError(ctx, rc.status());
    return *rc;
  } catch (const std::exception& e) {
    return ReportError(ctx, Internal(std::string("unexpected error: ") + e.what()));
  }
}

void Context::Print(const std::string& text, const Json& json_value) const {
  if (json) {
    std::printf("%s\n", json_value.dump().c_str());
  } else {
    std::printf("%s\n", text.c_str());
  }
}

service::Caller Context::Caller() const {
  const char* token = std::getenv("PROOFLINE_TOKEN");
  return {token != nullptr ? token : "", DefaultUser()};
}

Result<Context::OpenLedger> Context::Open() const {
  OpenLedger out;
  ASSIGN_OR_RETURN(out.store, store::SqliteStore::Open(store_path));
  Result<std::unique_ptr<ledger::Ledger>> ledger = ledger::Ledger::Open(out.store.get());
  if (!ledger.ok() && ledger.status().code() == StatusCode::kNotFound) {
    return InvalidArgument(store_path + " holds no initialised ledger");
  }
  if (!ledger.ok()) return ledger.status();
  out.ledger = std::move(*ledger);
  return out;
}

}  // namespace proofline::cli
