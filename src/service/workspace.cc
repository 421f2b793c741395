// The per-request workspace (workspace.h).
#include "service/workspace.h"

#include <filesystem>

#include "base/crypto.h"
#include "base/files.h"
#include "events/catalogue.h"
#include "ledger/event.h"
#include "ledger/verifier.h"
#include "store/store.h"

namespace proofline::service {
namespace {

constexpr char kIdentitySubject[] = "identity";
constexpr size_t kMaxDirectoryBytes = size_t{16} << 20;

// The token file is a hand-editable file beside the store; the ledger is the record. A token
// counts only if its creation (id, user and hash) is recorded and no revocation of it is: a line
// added to the file, or a revocation line deleted from it, changes nothing.
Status CheckTokenOnRecord(store::Store* store, const identity::Actor& actor) {
  const std::string& id = actor.token_id;
  bool created = false;
  uint64_t revoked_at = 0;
  bool revoked = false;
  store::EntryFilter filter;
  filter.subject = kIdentitySubject;
  filter.type = std::string(events::kTokenCreated);
  RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
    if (!p.FromOwner()) return OkStatus();
    created = created ||
              (StringAt(p.data, "token_id") == id && StringAt(p.data, "user") == actor.user.id &&
               StringAt(p.data, "sha256") == actor.token_sha256);
    return OkStatus();
  }));
  filter.type = std::string(events::kTokenRevoked);
  RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
    if (!p.FromOwner()) return OkStatus();
    if (!revoked && StringAt(p.data, "token_id") == id) {
      revoked = true;
      revoked_at = e.index;
    }
    return OkStatus();
  }));
  if (!created) {
    return PermissionDenied("token " + id + " of " + actor.user.id +
                            " is not on the record (no proofline token create in the ledger "
                            "names it)");
  }
  if (revoked) {
    return PermissionDenied("token " + id + " was revoked (ledger event #" +
                            std::to_string(revoked_at) + ")");
  }
  return OkStatus();
}

}  // namespace

Workspace::Workspace(WorkspacePaths paths)
    : paths_(std::move(paths)), blobs_(blob::BlobStore::DirFor(paths_.store)) {}

Workspace::~Workspace() = default;

bool Workspace::StoreExists() const { return PathExists(paths_.store); }

Status Workspace::OpenStore() {
  if (ledger_) return OkStatus();
  ASSIGN_OR_RETURN(std::unique_ptr<store::SqliteStore> store,
                   store::SqliteStore::Open(paths_.store));
  Result<std::unique_ptr<ledger::Ledger>> ledger = ledger::Ledger::Open(store.get());
  if (!ledger.ok() && ledger.status().code() == StatusCode::kNotFound) {
    return InvalidArgument(paths_.store + " holds no initialised ledger");
  }
  RETURN_IF_ERROR(ledger.status());
  store_ = std::move(store);
  ledger_ = std::move(*ledger);
  // Whoever holds the signing key seals each append with a checkpoint; a caller who cannot read
  // it (an auditor with read access) appends nothing in the usual case, and leaves a tail the
  // next keyholder's append or `log checkpoint` signs.
  if (Result<ledger::SignerKey> key = ledger::LoadSigner(Keys()); key.ok()) {
    signer_ = std::move(*key);
    ledger_->SignEveryAppend(&*signer_);
  }
  return OkStatus();
}

Result<ledger::Ledger*> Workspace::Ledger() {
  RETURN_IF_ERROR(OpenStore());
  return ledger_.get();
}

Result<store::Store*> Workspace::Store() {
  RETURN_IF_ERROR(OpenStore());
  return store_.get();
}

Status Workspace::Verify() {
  if (!ledger_ && !StoreExists()) return Corruption("store " + paths_.store + " is missing");
  if (Status s = OpenStore(); !s.ok()) {
    return Corruption("store " + paths_.store + ": " + s.message());
  }
  Result<std::vector<ledger::VerifierKey>> keys = ledger::LoadVerifierKeys(Keys().public_key);
  if (!keys.ok()) return Corruption("cannot verify the ledger: " + keys.status().message());
  // What fails closed before acting checks the signatures its trust rests on (verifier.h).
  ledger::VerifyReport report =
      ledger::VerifyStore(store_.get(), *keys, ledger::SignatureScope::kDecisive);
  if (!report.ok) return Corruption("the ledger fails verification: " + report.problem);
  // An unsigned event proves nothing (as in a bundle): every append by a holder of the key is
  // sealed, so events past the newest checkpoint were written without it, or forged.
  if (report.signed_size < report.events) {
    return Corruption("events [" + std::to_string(report.signed_size) + ", " +
                      std::to_string(report.events) +
                      ") are in no signed checkpoint: written without the signing key, or "
                      "forged; the key holder reviews them (log show --from " +
                      std::to_string(report.signed_size) + ") and runs proofline log checkpoint");
  }
  return OkStatus();
}

Result<change::ChangeService> Workspace::Changes() {
  RETURN_IF_ERROR(OpenStore());
  return change::ChangeService(ledger_.get(), store_.get());
}

Result<change::ChangeRecord> Workspace::Change(const std::string& id) {
  ASSIGN_OR_RETURN(change::ChangeService changes, Changes());
  return changes.Get(id);
}

std::string Workspace::IdentityPath() const { return DirName(paths_.store) + "/identity.yaml"; }

Status Workspace::CheckIdentityPin() const {
  if (paths_.identity.empty()) return OkStatus();
  std::error_code ec1, ec2;
  const auto pinned = std::filesystem::weakly_canonical(IdentityPath(), ec1);
  const auto given = std::filesystem::weakly_canonical(paths_.identity, ec2);
  if (!ec1 && !ec2 && pinned == given) return OkStatus();
  return InvalidArgument("--identity " + paths_.identity + ": this store's identity directory is " +
                         IdentityPath() +
                         " (pinned beside the store; a directory of one's own is not accepted)");
}

Result<bool> Workspace::HasDirectory() const {
  RETURN_IF_ERROR(CheckIdentityPin());
  return PathExists(IdentityPath());
}

Result<std::shared_ptr<const identity::Directory>> Workspace::Directory() {
  if (directory_) return directory_;
  RETURN_IF_ERROR(CheckIdentityPin());
  const std::string path = IdentityPath();
  if (!PathExists(path)) {
    return InvalidArgument(path +
                           " does not exist: identities (users, aliases, roles) are configured "
                           "there (--identity or PROOFLINE_IDENTITY)");
  }
  ASSIGN_OR_RETURN(std::string text, ReadFile(path, kMaxDirectoryBytes));
  ASSIGN_OR_RETURN(identity::Directory d, identity::Directory::Parse(text, path));
  auto directory = std::make_shared<const identity::Directory>(std::move(d));
  directory_digest_ = "sha256:" + ToHex(Sha256(AsBytes(text)));
  // Who may approve and deploy is decided by this file: a change to it goes on the record before
  // anything is decided with it.
  if (StoreExists()) RETURN_IF_ERROR(RecordDirectory(*directory));
  directory_ = std::move(directory);
  return directory_;
}

Status Workspace::RecordDirectory(const identity::Directory& directory) {
  RETURN_IF_ERROR(OpenStore());
  store::EntryFilter filter;
  filter.subject = kIdentitySubject;
  filter.type = std::string(events::kIdentityChanged);
  Json last;  // the data of the last identity.changed
  RETURN_IF_ERROR(store_->ScanEntries(filter, [&](const store::LedgerEntry& e) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(e));
    if (p.FromOwner()) last = std::move(p.data);
    return OkStatus();
  }));
  if (last.is_object() && StringAt(last, "digest") == directory_digest_) return OkStatus();
  Json data = directory.ChangesSince(last.is_object() ? ObjectAt(last, "directory") : Json());
  data["digest"] = directory_digest_;
  if (last.is_object()) data["previous_digest"] = StringAt(last, "digest");
  data["source"] = directory.source();
  data["directory"] = directory.Snapshot();
  return ledger_
      ->Append(
          {{std::string(events::kIdentityChanged), kIdentitySubject, "proofline", std::move(data)}})
      .status();
}

identity::TokenFile Workspace::Tokens() const {
  return identity::TokenFile(identity::TokensPathFor(IdentityPath()));
}

Result<identity::Actor> Workspace::Authenticate(const Caller& caller, const std::string& command) {
  if (caller.token.empty()) {
    return PermissionDenied(command +
                            " acts as a person: set PROOFLINE_TOKEN (proofline token create USER)");
  }
  if (actor_) return *actor_;
  ASSIGN_OR_RETURN(std::shared_ptr<const identity::Directory> directory, Directory());
  Result<identity::Actor> actor = identity::Authenticate(*directory, Tokens(), caller.token);
  if (actor.ok()) {
    // The file vouches for the token only as far as the ledger does.
    Status on_record = OpenStore();
    if (on_record.ok()) {
      on_record = CheckTokenOnRecord(store_.get(), *actor);
    } else {
      on_record = PermissionDenied("token " + actor->token_id +
                                   " cannot be checked against the ledger: " + on_record.message());
    }
    if (on_record.ok()) {
      actor_ = *actor;
      return actor;
    }
    actor = on_record;
  }
  if (actor.status().code() != StatusCode::kPermissionDenied) return actor;
  // The token is never recorded, only its id (public) when it is shaped like one.
  return Deny(command, actor.status().message(), identity::TokenId(caller.token));
}

Status Workspace::Deny(const std::string& command, const std::string& reason,
                       const std::string& token_id) {
  // Recorded: a burst of these is what an auditor looks for.
  if (OpenStore().ok()) {
    Json data = {{"command", command}, {"reason", reason}};
    if (!token_id.empty()) data["token_id"] = token_id;
    (void)ledger_->Append(
        {{std::string(events::kAuthDenied), kIdentitySubject, "anonymous", std::move(data)}});
  }
  return PermissionDenied(reason);
}

Json Workspace::Credentials() const {
  Json out = Json::object();
  if (actor_) out["token_id"] = actor_->token_id;
  if (!directory_digest_.empty()) out["directory"] = directory_digest_;
  return out;
}

Result<std::string> Workspace::ActorId(const Caller& caller, const std::string& command) {
  ASSIGN_OR_RETURN(bool has_directory, HasDirectory());
  if (caller.token.empty() && !has_directory) return caller.local_user;
  ASSIGN_OR_RETURN(identity::Actor actor, Authenticate(caller, command));
  return actor.user.id;
}

Result<std::shared_ptr<const ProjectPolicy>> Workspace::Policy(const change::ChangeRecord& record,
                                                               const std::string& config_override) {
  const std::string key = config_override.empty()
                              ? "repo:" + record.repo + "\n" + record.baseline + "\n" + record.id
                              : "file:" + config_override + "\n" + record.id;
  auto it = policies_.find(key);
  if (it != policies_.end()) return it->second;
  ASSIGN_OR_RETURN(ProjectPolicy policy, LoadProjectPolicy(record, config_override));
  auto shared = std::make_shared<const ProjectPolicy>(std::move(policy));
  policies_.emplace(key, shared);
  return shared;
}

Result<std::vector<ledger::Appended>> Record(Workspace& ws,
                                             const std::vector<ledger::EventInput>& events) {
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  return ledger->Append(events);
}

}  // namespace proofline::service
