// Signing key files: creation with safe permissions, loading, and the rotation file dance.
#include "ledger/keys.h"

#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"

namespace proofline::ledger {

KeyPaths KeyPaths::Beside(const std::string& store_path) {
  std::string dir = DirName(store_path);
  return {dir + "/signing.key", dir + "/signing.pub", dir + "/signing.key.next"};
}

Result<SignerKey> CreateKeyFiles(const KeyPaths& paths, const std::string& name) {
  for (const std::string& p : {paths.private_key, paths.public_key}) {
    if (PathExists(p))
      return AlreadyExists(p + " already exists; refusing to replace a signing key");
  }
  ASSIGN_OR_RETURN(SignerKey key, SignerKey::Generate(name));
  RETURN_IF_ERROR(WriteFileAtomic(paths.private_key, key.Encode() + "\n", 0600));
  RETURN_IF_ERROR(WriteFileAtomic(paths.public_key, key.verifier.Encode() + "\n", 0644));
  return key;
}

Result<SignerKey> LoadSigner(const KeyPaths& paths) {
  return LoadSignerFile(paths.private_key, KeyKind::kLog);
}

Result<SignerKey> LoadSignerFile(const std::string& path, KeyKind kind) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    return NotFound("no " + std::string(kind == KeyKind::kLog ? "signing" : "witness") +
                    " key at " + path);
  }
  if ((st.st_mode & 077) != 0) {
    return PermissionDenied(path + " is readable by others; chmod 600 it");
  }
  ASSIGN_OR_RETURN(std::string text, ReadFile(path, 4096));
  Result<SignerKey> key = ParseSignerKey(text);
  if (!key.ok()) return key.status().WithContext(path);
  if (key->verifier.kind != kind) {
    return InvalidArgument(path + (kind == KeyKind::kLog
                                       ? " is a witness key, not a log signing key"
                                       : " is a log signing key, not a witness key (make one "
                                         "with proofline witness keygen)"));
  }
  return key;
}

Result<SignerKey> CreateWitnessKeyFiles(const std::string& prefix, const std::string& name) {
  const std::string priv = prefix + ".key", pub = prefix + ".pub";
  for (const std::string& p : {priv, pub}) {
    if (PathExists(p)) return AlreadyExists(p + " already exists; refusing to replace a key");
  }
  ASSIGN_OR_RETURN(SignerKey key, SignerKey::Generate(name, KeyKind::kWitness));
  RETURN_IF_ERROR(WriteFileAtomic(priv, key.Encode() + "\n", 0600));
  Status s = WriteFileAtomic(pub, key.verifier.Encode() + "\n", 0644);
  if (!s.ok()) unlink(priv.c_str());
  RETURN_IF_ERROR(s);
  return key;
}

Result<std::vector<VerifierKey>> LoadVerifierKeys(const std::string& path, KeyKind kind) {
  Result<std::string> text = ReadFile(path, 1 << 20);
  if (!text.ok()) return InvalidArgument("cannot read public key: " + text.status().message());
  std::vector<VerifierKey> keys;
  size_t start = 0;
  int line_no = 0;
  while (start < text->size()) {
    size_t eol = text->find('\n', start);
    if (eol == std::string::npos) eol = text->size();
    std::string line = text->substr(start, eol - start);
    start = eol + 1;
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    Result<VerifierKey> key = ParseVerifierKey(line);
    if (!key.ok()) return key.status().WithContext(path + " line " + std::to_string(line_no));
    if (key->kind != kind) {
      return InvalidArgument(path + " line " + std::to_string(line_no) +
                             (kind == KeyKind::kLog
                                  ? ": a witness key, not the log's public key (give it with "
                                    "--witness-key)"
                                  : ": the log's public key, not a witness key"));
    }
    keys.push_back(*key);
  }
  if (keys.empty()) return InvalidArgument(path + " holds no public key");
  return keys;
}

Result<SignerKey> StageNextKey(const KeyPaths& paths, const std::string& name) {
  if (PathExists(paths.next_private_key)) {
    return AlreadyExists(paths.next_private_key +
                         " exists: an earlier rotation did not finish; remove it and retry");
  }
  ASSIGN_OR_RETURN(SignerKey key, SignerKey::Generate(name));
  RETURN_IF_ERROR(WriteFileAtomic(paths.next_private_key, key.Encode() + "\n", 0600));
  return key;
}

Status CommitNextKey(const KeyPaths& paths, const SignerKey& retired, const SignerKey& next) {
  std::string archived =
      DirName(paths.public_key) + "/signing-" + retired.verifier.KeyIdHex() + ".pub";
  RETURN_IF_ERROR(WriteFileAtomic(archived, retired.verifier.Encode() + "\n", 0644));
  RETURN_IF_ERROR(WriteFileAtomic(paths.public_key, next.verifier.Encode() + "\n", 0644));
  if (rename(paths.next_private_key.c_str(), paths.private_key.c_str()) != 0) {
    return IoError("cannot move " + paths.next_private_key + " to " + paths.private_key);
  }
  return SyncDir(DirName(paths.private_key));
}

}  // namespace proofline::ledger
