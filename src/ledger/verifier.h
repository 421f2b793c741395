// Full verification of a ledger from its raw entries and signed checkpoints, shared by
// `log verify` (over the store) and `verify-bundle` (over an exported bundle, offline).
//
// What is checked: first the store itself (Store::CheckIntegrity: the exact schema Proofline
// made, SQLite's integrity check), then in one streaming pass:
//   - entry i re-hashes to its stored leaf hash (store only) and the stored query columns
//     match the entry; entry 0 is `ledger.initialized`; indices have no gaps; an entry of a
//     reserved type carries its owner's authority (event.h), so an approval or a deployment
//     recorded through the integration path fails verification;
//   - every internal tree node the store holds equals the one rebuilt from the entries;
//   - every checkpoint parses, names the ledger's origin, has a size the ledger reaches, a root
//     equal to the rebuilt root at that size, sizes never shrink, and a valid signature by the key
//     of its epoch (see below); the handover checkpoint after a rotation carries both keys;
//   - the trusted key (the public key file) is one of the ledger's keys.
// Key epochs: the init event names key 0; each `ledger.key.rotated` event at index r names the
// next key. A checkpoint of size s belongs to the epoch of the last key event below s.
//
// Which signatures are checked (SignatureScope): kEvery, every checkpoint's (`log verify`,
// `verify-bundle`: the audit); kDecisive, only those the history's authenticity rests on: the
// newest checkpoint (it signs the root of the whole tree, and every other checkpoint's root is
// checked against that tree) and each hand-over after a rotation (it carries trust from a retired
// key to the next). With a checkpoint sealing every append, kEvery costs one Ed25519
// verification (~100 us here) per commit; kDecisive is what the commands that fail closed before
// acting (the gate, deploy, env check) run. A checkpoint skipped that way still has its root,
// size, origin and order checked: it cannot misstate the history, it can only be unsigned.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store/store.h"

namespace proofline::ledger {

struct VerifyReport {
  bool ok = true;
  uint64_t events = 0;
  uint64_t checkpoints = 0;
  uint64_t signed_size = 0;  // size of the newest valid checkpoint
  std::optional<uint64_t> first_bad_index;
  std::string problem;  // one line; empty when ok
  std::string Summary() const;
};

enum class SignatureScope { kEvery, kDecisive };

class LedgerVerifier {
 public:
  // `checkpoints` in storage order; their sizes tell where roots must be taken.
  LedgerVerifier(std::vector<VerifierKey> trusted, std::vector<store::StoredCheckpoint> checkpoints,
                 SignatureScope scope = SignatureScope::kEvery);

  // Feeds entry `index` (must be the next one). `stored` carries the store's leaf hash and query
  // columns when verifying a store. Returns false once a problem has been recorded.
  bool AddEntry(uint64_t index, std::string_view entry, const store::LedgerEntry* stored);
  // Compares the stored internal nodes created since the last call with the rebuilt ones.
  bool CheckNodes(store::Store* store);
  // Checks the checkpoints and finishes the report.
  VerifyReport Finish();

  bool failed() const { return !report_.ok; }

 private:
  struct KeyEvent {
    uint64_t index;
    VerifierKey key;
  };
  bool Fail(std::optional<uint64_t> index, std::string problem);  // always false
  void NoteKeyEvent(uint64_t index, std::string_view entry);
  bool CheckCheckpoint(const store::StoredCheckpoint& stored, bool newest,
                       uint64_t* last_good_size);
  const VerifierKey* EpochKey(uint64_t size, size_t* epoch) const;

  std::vector<VerifierKey> trusted_;
  std::vector<store::StoredCheckpoint> checkpoints_;
  SignatureScope scope_;
  Frontier frontier_;
  std::map<uint64_t, std::optional<Hash>> roots_;  // rebuilt root at each checkpoint size
  std::vector<KeyEvent> key_events_;
  std::string origin_;
  std::vector<Frontier::Node> pending_nodes_;  // rebuilt, not yet compared with the store
  VerifyReport report_;
};

// Verifies a whole store against `trusted` keys.
VerifyReport VerifyStore(store::Store* store, const std::vector<VerifierKey>& trusted,
                         SignatureScope scope = SignatureScope::kEvery);

}  // namespace proofline::ledger
