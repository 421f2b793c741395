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
// Loads a signer key file of `kind`; PermissionDenied as above, InvalidArgument for a key of the
// other kind.
Result<SignerKey> LoadSignerFile(const std::string& path, KeyKind kind);
// Loads every verifier key in a file (one per line; blank lines and # comments skipped), each of
// `kind`: a witness key given as a log key (or the reverse) is InvalidArgument naming the line.
Result<std::vector<VerifierKey>> LoadVerifierKeys(const std::string& path,
                                                  KeyKind kind = KeyKind::kLog);

// `proofline witness keygen --out PREFIX`: PREFIX.key (the signer, 0600) and PREFIX.pub (its
// verifier key) for a witness named `name`; AlreadyExists if either file is there.
Result<SignerKey> CreateWitnessKeyFiles(const std::string& prefix, const std::string& name);

// Stages a new key for rotation (written to next_private_key, 0600).
Result<SignerKey> StageNextKey(const KeyPaths& paths, const std::string& name);
// Makes the staged key current once the ledger has recorded the hand-over.
Status CommitNextKey(const KeyPaths& paths, const SignerKey& retired, const SignerKey& next);

}  // namespace proofline::ledger
