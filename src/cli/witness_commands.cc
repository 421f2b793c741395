// `proofline witness keygen` and `proofline log witness`: C2SP witness cosignatures; and how
// `log verify` / `verify-bundle` take and print a witness requirement (render.h).
#include <cstdio>
#include <memory>

#include "cli/context.h"
#include "cli/render.h"
#include "service/witness.h"

namespace proofline::cli {
namespace {

std::string BaseName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

struct KeygenOptions {
  std::string out, name;
};

Result<int> RunKeygen(const Context& ctx, const KeygenOptions& o) {
  const std::string name = o.name.empty() ? BaseName(o.out) : o.name;
  ASSIGN_OR_RETURN(ledger::SignerKey key, ledger::CreateWitnessKeyFiles(o.out, name));
  ctx.Print("witness " + name + ": private key " + o.out + ".key (mode 0600), public key " + o.out +
                ".pub (key id " + key.verifier.KeyIdHex() +
                ")\ngive the public key to verifiers: --witness-key " + o.out + ".pub",
            {{"name", name},
             {"private_key", o.out + ".key"},
             {"public_key", o.out + ".pub"},
             {"key", key.verifier.Encode()}});
  return kExitOk;
}

struct WitnessCmdOptions {
  std::string key;
  service::WitnessOptions service;
};

Result<int> RunWitness(const Context& ctx, const WitnessCmdOptions& o) {
  ASSIGN_OR_RETURN(ledger::SignerKey key, ledger::LoadSignerFile(o.key, ledger::KeyKind::kWitness));
  service::Workspace ws(ctx.Paths());
  ASSIGN_OR_RETURN(service::WitnessResult r, service::WitnessNewest(ws, key, o.service));
  for (const std::string& k : r.keys_added) {
    std::fprintf(stderr, "proofline: witness %s now trusts log key %s\n", key.verifier.name.c_str(),
                 k.c_str());
  }
  std::string what = "checkpoint " + std::to_string(r.seq) + " (size " + std::to_string(r.size) +
                     ", root " + Base64Encode(r.root) + ")";
  std::string text = r.already ? "witness " + key.verifier.name + " had already cosigned " + what
                     : r.first
                         ? "witness " + key.verifier.name + " cosigned " + what +
                               " (first checkpoint it has seen of this log: trusted on first use)"
                         : "witness " + key.verifier.name + " cosigned " + what +
                               " after checking it extends size " + std::to_string(r.previous_size);
  ctx.Print(text, {{"witness", key.verifier.name},
                   {"seq", r.seq},
                   {"size", r.size},
                   {"root", Base64Encode(r.root)},
                   {"previous_size", r.previous_size},
                   {"first", r.first},
                   {"already", r.already},
                   {"timestamp", r.timestamp}});
  return kExitOk;
}

}  // namespace

void AddWitnessOptions(CLI::App* cmd, service::WitnessRequirement* req) {
  cmd->add_option("--witness-key", req->key_files,
                  "A witness's public key file (witness keygen); repeat for several. Requires "
                  "a checkpoint cosigned by a quorum of them, and every cosignature they made "
                  "to verify");
  cmd->add_option("--witness-quorum", req->quorum,
                  "How many of the --witness-key witnesses must have cosigned (default: all)");
}

void AddWitnessJson(Json* j, const std::optional<ledger::WitnessReport>& w) {
  if (!w) return;
  (*j)["witnesses"] = {{"ok", w->ok},
                       {"quorum", w->quorum},
                       {"keys", w->keys},
                       {"witnessed_checkpoint", w->witnessed_seq},
                       {"witnessed_size", w->witnessed_size},
                       {"cosigners", w->cosigners}};
  if (!w->ok) (*j)["problem"] = w->problem;
}

std::string WitnessText(const std::optional<ledger::WitnessReport>& w, uint64_t events) {
  if (!w || !w->ok) return "";
  std::string text = "; witnessed by " + std::to_string(w->cosigners) + " of " +
                     std::to_string(w->keys) + " witnesses up to checkpoint " +
                     std::to_string(w->witnessed_seq) + " (size " +
                     std::to_string(w->witnessed_size) + ")";
  if (events > w->witnessed_size) {
    text += ", " + std::to_string(events - w->witnessed_size) + " newer events not yet witnessed";
  }
  return text;
}

void AddWitnessCommands(CLI::App& app, CLI::App& log, Context& ctx) {
  CLI::App* w = app.add_subcommand("witness", "Witness keys (C2SP tlog-cosignature, Ed25519)");
  w->require_subcommand(1);
  auto keygen = std::make_shared<KeygenOptions>();
  CLI::App* k = w->add_subcommand("keygen", "Make a witness key pair: OUT.key and OUT.pub");
  k->add_option("--out", keygen->out, "Path prefix of the two files")->required();
  k->add_option("--name", keygen->name,
                "The witness's name in cosignatures, e.g. witness.example.com/w1 (default: "
                "the last part of --out)");
  k->callback([&ctx, keygen] { ctx.action = [&ctx, keygen] { return RunKeygen(ctx, *keygen); }; });

  auto opts = std::make_shared<WitnessCmdOptions>();
  CLI::App* c = log.add_subcommand(
      "witness",
      "Cosign the newest checkpoint as a witness, once it is proven to extend the last one "
      "this witness cosigned");
  c->add_option("--key", opts->key, "The witness's private key file (witness keygen)")->required();
  c->add_option("--state", opts->service.state_dir,
                "The witness's own state directory (keep it where the log's operators cannot "
                "write)")
      ->required();
  c->add_option("--log-key", opts->service.log_key_file,
                "The log's public key to trust (default at the first run: signing.pub beside "
                "the store); later runs add it, e.g. after a key rotation");
  c->callback([&ctx, opts] { ctx.action = [&ctx, opts] { return RunWitness(ctx, *opts); }; });
}

}  // namespace proofline::cli
