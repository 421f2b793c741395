// `proofline proof verify-inclusion|verify-consistency`: check RFC 6962/9162 proofs from any
// log, ours or another, with no store. Exit 0 valid, 1 invalid, 2 malformed input.
#include <cstdio>

#include "cli/context.h"
#include "ledger/merkle.h"

namespace proofline::cli {
namespace {

struct InclusionArgs {
  std::string leaf_hash, root, proof;
  uint64_t index = 0, size = 0;
};

struct ConsistencyArgs {
  std::string root1, root2, proof;
  uint64_t size1 = 0, size2 = 0;
};

Result<Hash> ParseHash(const std::string& text, const std::string& flag) {
  Result<Hash> h = HashFromHex(text);
  if (!h.ok()) return h.status().WithContext(flag);
  return h;
}

// Comma-separated hex hashes; an empty string is the empty proof.
Result<std::vector<Hash>> ParseProof(const std::string& text) {
  std::vector<Hash> proof;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    ASSIGN_OR_RETURN(Hash h, ParseHash(text.substr(start, comma - start),
                                       "--proof element " + std::to_string(proof.size() + 1)));
    proof.push_back(h);
    start = comma + 1;
  }
  if (!text.empty() && text.back() == ',') return InvalidArgument("--proof ends with a comma");
  return proof;
}

int Verdict(const Context& ctx, bool valid, const std::string& what) {
  ctx.Print(valid ? what + " proof is valid" : what + " proof is INVALID", {{"valid", valid}});
  return valid ? kExitOk : kExitFailed;
}

Result<int> RunInclusion(const Context& ctx, const InclusionArgs& a) {
  ASSIGN_OR_RETURN(Hash leaf, ParseHash(a.leaf_hash, "--leaf-hash"));
  ASSIGN_OR_RETURN(Hash root, ParseHash(a.root, "--root"));
  ASSIGN_OR_RETURN(std::vector<Hash> proof, ParseProof(a.proof));
  if (a.index >= a.size) return InvalidArgument("--index must be below --size");
  return Verdict(ctx, ledger::VerifyInclusion(leaf, a.index, a.size, proof, root), "inclusion");
}

Result<int> RunConsistency(const Context& ctx, const ConsistencyArgs& a) {
  ASSIGN_OR_RETURN(Hash root1, ParseHash(a.root1, "--root1"));
  ASSIGN_OR_RETURN(Hash root2, ParseHash(a.root2, "--root2"));
  ASSIGN_OR_RETURN(std::vector<Hash> proof, ParseProof(a.proof));
  if (a.size1 > a.size2) return InvalidArgument("--size1 must not exceed --size2");
  return Verdict(ctx, ledger::VerifyConsistency(a.size1, a.size2, proof, root1, root2),
                 "consistency");
}

}  // namespace

void AddProofCommands(CLI::App& app, Context& ctx) {
  CLI::App* proof = app.add_subcommand("proof", "Verify Merkle proofs from any RFC 6962 log");
  proof->require_subcommand(1);

  auto inc = std::make_shared<InclusionArgs>();
  CLI::App* vi = proof->add_subcommand("verify-inclusion", "Check an inclusion proof");
  vi->add_option("--leaf-hash", inc->leaf_hash, "Leaf hash, hex")->required();
  vi->add_option("--index", inc->index, "Leaf index")->required();
  vi->add_option("--size", inc->size, "Tree size")->required();
  vi->add_option("--root", inc->root, "Root hash at that size, hex")->required();
  vi->add_option("--proof", inc->proof, "Proof hashes, hex, comma-separated")->required();
  vi->callback([&ctx, inc] { ctx.action = [&ctx, inc] { return RunInclusion(ctx, *inc); }; });

  auto con = std::make_shared<ConsistencyArgs>();
  CLI::App* vc = proof->add_subcommand("verify-consistency", "Check a consistency proof");
  vc->add_option("--size1", con->size1, "Older tree size")->required();
  vc->add_option("--size2", con->size2, "Newer tree size")->required();
  vc->add_option("--root1", con->root1, "Older root, hex")->required();
  vc->add_option("--root2", con->root2, "Newer root, hex")->required();
  vc->add_option("--proof", con->proof, "Proof hashes, hex, comma-separated")->required();
  vc->callback([&ctx, con] { ctx.action = [&ctx, con] { return RunConsistency(ctx, *con); }; });
}

}  // namespace proofline::cli
