// What one request works on, opened once and handed to every operation it calls: the store and
// its ledger (opened on first use; with the signing key beside the store, when readable, every
// append is sealed by a checkpoint: Ledger::SignEveryAppend), the blob store beside it, the
// identity directory (read once), the caller's authenticated identity (once) and the project policy
// of each change (read once from proofline.yaml at the change's baseline). A front end builds one
// Workspace per command (the CLI) or per request (a server) and passes it down; no operation
// reopens the store or rereads a file the workspace already holds.
//
// Not thread-safe: one operation at a time (the pipeline service serialises its hooks).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "blob/blob_store.h"
#include "change/change.h"
#include "identity/actor.h"
#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "service/project.h"
#include "store/sqlite_store.h"

namespace proofline::service {

// Who is calling, as the front end learnt it (the CLI: PROOFLINE_TOKEN and $USER).
struct Caller {
  std::string token;       // the bearer token; empty when none was given
  std::string local_user;  // the actor while the store has no identity directory
};

struct WorkspacePaths {
  std::string store = "proofline.db";
  // The identity directory is pinned: identity.yaml beside the store (its tokens in
  // identity.tokens beside it). This may only name that same file (--identity,
  // PROOFLINE_IDENTITY); a directory of the caller's choosing is refused.
  std::string identity;
};

class Workspace {
 public:
  explicit Workspace(WorkspacePaths paths);
  ~Workspace();
  Workspace(const Workspace&) = delete;
  Workspace& operator=(const Workspace&) = delete;

  const WorkspacePaths& paths() const { return paths_; }
  const std::string& store_path() const { return paths_.store; }
  ledger::KeyPaths Keys() const { return ledger::KeyPaths::Beside(paths_.store); }
  bool StoreExists() const;

  // The store's ledger, opened on first use. InvalidArgument "PATH holds no initialised ledger".
  Result<ledger::Ledger*> Ledger();
  Result<store::Store*> Store();
  // Opens the store if needed and verifies it end to end (every entry against the Merkle tree
  // and the signed checkpoints, with the public key beside the store; the decisive signatures,
  // ledger::SignatureScope::kDecisive). Corruption for a store that is missing, unreadable or
  // fails verification, or holds events no signed checkpoint covers: the caller fails closed.
  Status Verify();
  blob::BlobStore& Blobs() { return blobs_; }
  // The change `id` folded from the ledger (NotFound for an unknown id).
  Result<change::ChangeRecord> Change(const std::string& id);
  Result<change::ChangeService> Changes();

  // The identity directory: identity.yaml beside the store.
  std::string IdentityPath() const;
  // InvalidArgument when WorkspacePaths::identity names another file than the pinned one.
  Status CheckIdentityPin() const;
  // Whether the store has an identity directory (the pin checked first).
  Result<bool> HasDirectory() const;
  // Read once and shared (immutable) with whatever holds it. InvalidArgument naming the path when
  // it does not exist. When the file differs from the last one the ledger recorded (by digest),
  // identity.changed is appended first (subject "identity", actor "proofline"): {digest,
  // previous_digest?, source, users_added, users_removed, roles_added, roles_removed,
  // emails_added, emails_removed, directory (the snapshot the next change is told against)}.
  Result<std::shared_ptr<const identity::Directory>> Directory();
  // "sha256:<hex>" of the directory file as read (empty before Directory()).
  const std::string& DirectoryDigest() const { return directory_digest_; }
  identity::TokenFile Tokens() const;

  // The person acting. PermissionDenied when the caller has no token or an invalid one; an
  // invalid token is also recorded (auth.denied, naming `command` and the token id, never the
  // token) when the ledger can be opened. Authenticated once; later calls return the same actor.
  Result<identity::Actor> Authenticate(const Caller& caller, const std::string& command);
  // Records a refusal to act (auth.denied {command, reason, token_id?}, when the ledger can be
  // opened) and returns it as PermissionDenied(reason).
  Status Deny(const std::string& command, const std::string& reason, const std::string& token_id);
  // The id recorded as actor: the token's user; or, only while no identity directory exists
  // (a store used without identities), the caller's local user.
  Result<std::string> ActorId(const Caller& caller, const std::string& command);

  // {token_id, directory}: with what authority the caller acted (the token it authenticated
  // with, the digest of the directory that gave its roles), recorded with every approval, gate
  // decision and deployment. Empty members before Authenticate and Directory.
  Json Credentials() const;

  // The policy `record` is held to (service/project.h), read once per change and override.
  Result<std::shared_ptr<const ProjectPolicy>> Policy(const change::ChangeRecord& record,
                                                      const std::string& config_override = "");

 private:
  Status OpenStore();
  Status RecordDirectory(const identity::Directory& directory);

  WorkspacePaths paths_;
  blob::BlobStore blobs_;
  std::optional<ledger::SignerKey> signer_;  // outlives ledger_, which signs with it
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::shared_ptr<const identity::Directory> directory_;
  std::string directory_digest_;
  std::optional<identity::Actor> actor_;
  std::map<std::string, std::shared_ptr<const ProjectPolicy>> policies_;
};

// Appends `events` in one batch; the ledger's errors as they are.
Result<std::vector<ledger::Appended>> Record(Workspace& ws,
                                             const std::vector<ledger::EventInput>& events);

}  // namespace proofline::service
