// Signing key files beside the store.
//
//   <dir>/signing.key   the signer key (note.h format), mode 0600, created with that mode
//   <dir>/signing.pub   its verifier key, world-readable: what auditors are given
// On rotation the retired private key is deleted (it could otherwise forge old-epoch
// checkpoints) and its public key is kept as <dir>/signing-<keyid>.pub.
#pragma once

#include <string>
#include <vector>

#include "ledger/note.h"

namespace proofline::ledger {

struct KeyPaths {
  std::string private_key;
  std::string public_key;
  std::string next_private_key;  // staged during rotation
  static KeyPaths Beside(const std::string& store_path);
};

// Creates a new key pair; AlreadyExists if either file is there (never overwrites a key).
Result<SignerKey> CreateKeyFiles(const KeyPaths& paths, const std::string& name);
// Loads the signer; PermissionDenied if the file is readable by group or others.
Result<SignerKey> LoadSigner(const KeyPaths& paths);
// Loads every verifier key in a file (one per line; blank lines and # comments skipped).
Result<std::vector<VerifierKey>> LoadVerifierKeys(const std::string& path);

// Stages a new key for rotation (written to next_private_key, 0600).
Result<SignerKey> StageNextKey(const KeyPaths& paths, const std::string& name);
// Makes the staged key current once the ledger has recorded the hand-over.
Status CommitNextKey(const KeyPaths& paths, const SignerKey& retired, const SignerKey& next);

}  // namespace proofline::ledger
