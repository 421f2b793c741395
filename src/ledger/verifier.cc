// Streaming ledger verification (see verifier.h): rebuild the tree from raw entries and check
// every stored hash, node and signed checkpoint against it.
#include "ledger/verifier.h"

#include "ledger/event.h"

namespace proofline::ledger {
namespace {

constexpr size_t kNodeCheckChunk = 1 << 16;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::string VerifyReport::Summary() const {
  if (ok) {
    std::string s = "ledger verified: " + std::to_string(events) + " events, " +
                    std::to_string(checkpoints) + " checkpoints";
    if (events > signed_size) {
      s += "; " + std::to_string(events - signed_size) + " newest events not yet in a checkpoint";
    }
    return s;
  }
  std::string s = "ledger verification FAILED";
  if (first_bad_index) s += " at index " + std::to_string(*first_bad_index);
  return s + ": " + problem;
}

LedgerVerifier::LedgerVerifier(std::vector<VerifierKey> trusted,
                               std::vector<store::StoredCheckpoint> checkpoints,
                               SignatureScope scope)
    : trusted_(std::move(trusted)), checkpoints_(std::move(checkpoints)), scope_(scope) {
  for (const auto& cp : checkpoints_) roots_[cp.tree_size] = std::nullopt;
  if (roots_.count(0) != 0) roots_[0] = EmptyRoot();
}

bool LedgerVerifier::Fail(std::optional<uint64_t> index, std::string problem) {
  if (!report_.ok) return false;  // keep the first problem
  report_.ok = false;
  report_.first_bad_index = index;
  report_.problem = std::move(problem);
  return false;
}

bool LedgerVerifier::AddEntry(uint64_t index, std::string_view entry,
                              const store::LedgerEntry* stored) {
  if (!report_.ok) return false;
  if (index != frontier_.size()) {
    Fail(frontier_.size(), "event " + std::to_string(frontier_.size()) + " is missing");
    return false;
  }
  Hash leaf = LeafHash(AsBytes(entry));
  if (stored != nullptr) {
    if (stored->leaf_hash != leaf) {
      Fail(index, "event " + std::to_string(index) + " does not match its recorded hash (altered)");
      return false;
    }
    if (!EntryMatchesColumns(entry, stored->type, stored->subject)) {
      Fail(index, "event " + std::to_string(index) + "'s type/subject index columns were altered");
      return false;
    }
  }
  std::optional<EntryHeader> header = ReadEntryHeader(entry);
  if (!header) {
    Fail(index, "event " + std::to_string(index) + " is not in the leaf format");
    return false;
  }
  if (const events::ReservedPrefix* r = events::Reserved(header->type);
      r != nullptr && header->authority != r->authority) {
    Fail(index, "event " + std::to_string(index) + " (" + std::string(header->type) +
                    ") was recorded under authority '" + std::string(header->authority) +
                    "', not its owner's ('" + std::string(r->authority) + "'): only " +
                    std::string(r->owner) + " records it");
    return false;
  }
  if (index == 0 && !EndsWith(entry, ",\"type\":\"ledger.initialized\"}")) {
    Fail(0, "event 0 is not the ledger.initialized event");
    return false;
  }
  if (index == 0 || EndsWith(entry, ",\"type\":\"ledger.key.rotated\"}"))
    NoteKeyEvent(index, entry);
  std::vector<Frontier::Node> created;
  frontier_.Append(leaf, stored != nullptr ? &created : nullptr);
  for (const auto& n : created) pending_nodes_.push_back(n);
  auto it = roots_.find(frontier_.size());
  if (it != roots_.end()) it->second = frontier_.Root();
  report_.events = frontier_.size();
  return report_.ok;
}

void LedgerVerifier::NoteKeyEvent(uint64_t index, std::string_view entry) {
  Result<ParsedEvent> e = ParseEntry(entry);
  if (!e.ok()) {
    Fail(index, "event " + std::to_string(index) + " is malformed: " + e.status().message());
    return;
  }
  if (index == 0) origin_ = StringAt(e->data, "origin");
  Result<VerifierKey> key = ParseVerifierKey(StringAt(e->data, "key"));
  if (!key.ok()) {
    Fail(index,
         "event " + std::to_string(index) + " names an invalid key: " + key.status().message());
    return;
  }
  key_events_.push_back({index, *key});
}

bool LedgerVerifier::CheckNodes(store::Store* store) {
  if (!report_.ok || pending_nodes_.empty()) return report_.ok;
  size_t i = 0;
  auto seq = [&](size_t k) {
    return InternalNodeSeq(pending_nodes_[k].level, pending_nodes_[k].index);
  };
  // The first event a mismatching node covers is the first index that cannot be trusted.
  auto bad = [&](size_t k, const std::string& what) {
    uint64_t begin = pending_nodes_[k].index << pending_nodes_[k].level;
    uint64_t end = begin + (uint64_t{1} << pending_nodes_[k].level);
    Fail(begin, "events [" + std::to_string(begin) + ", " + std::to_string(end) + ") " + what);
    return Corruption("stop");
  };
  Status s = store->ScanNodes(
      seq(0), seq(pending_nodes_.size() - 1) + 1, [&](const store::LedgerNode& n) -> Status {
        if (i >= pending_nodes_.size()) return Corruption("stop");
        if (n.seq != seq(i)) return bad(i, "lost their stored tree node");
        if (n.hash != pending_nodes_[i].hash) {
          return bad(i, "do not match their stored tree node (reordered or altered)");
        }
        ++i;
        return OkStatus();
      });
  if (s.ok() && i != pending_nodes_.size()) (void)bad(i, "lost their stored tree node");
  if (!s.ok() && report_.ok) Fail(std::nullopt, s.message());
  pending_nodes_.clear();
  return report_.ok;
}

const VerifierKey* LedgerVerifier::EpochKey(uint64_t size, size_t* epoch) const {
  const VerifierKey* key = nullptr;
  for (size_t e = 0; e < key_events_.size(); ++e) {
    if (key_events_[e].index < size) {
      key = &key_events_[e].key;
      *epoch = e;
    }
  }
  return key;
}

bool LedgerVerifier::CheckCheckpoint(const store::StoredCheckpoint& stored, bool newest,
                                     uint64_t* last_good_size) {
  std::string which = "checkpoint " + std::to_string(stored.seq) + " (size " +
                      std::to_string(stored.tree_size) + ")";
  Result<SignedNote> note = ParseSignedNote(stored.note);
  Result<Checkpoint> cp =
      note.ok() ? ParseCheckpointBody(note->body) : Result<Checkpoint>(note.status());
  if (!cp.ok()) return Fail(std::nullopt, which + " is malformed: " + cp.status().message());
  if (cp->size != stored.tree_size)
    return Fail(std::nullopt, which + " does not match its recorded size");
  if (cp->origin != origin_) return Fail(std::nullopt, which + " names another log: " + cp->origin);
  if (cp->size > frontier_.size()) {
    return Fail(frontier_.size(), which + " covers events the ledger no longer has (truncated)");
  }
  if (cp->size < *last_good_size)
    return Fail(std::nullopt, which + " is smaller than an earlier one");
  size_t epoch = 0;
  const VerifierKey* key = EpochKey(cp->size, &epoch);
  std::vector<VerifierKey> need;
  // The first checkpoint of a new epoch is the hand-over: the previous key co-signs it.
  const bool hand_over = epoch > 0 && *last_good_size <= key_events_[epoch].index;
  if (key != nullptr && (scope_ == SignatureScope::kEvery || newest || hand_over)) {
    need.push_back(*key);
  }
  if (hand_over) need.push_back(key_events_[epoch - 1].key);
  for (const VerifierKey& k : need) {
    if (ValidSigners(*note, {k}).empty()) {
      return Fail(std::nullopt,
                  which + " lacks a valid signature by key " + k.name + "+" + k.KeyIdHex());
    }
  }
  // Signature first: a forged checkpoint is the checkpoint's fault, not the events'.
  const std::optional<Hash>& root = roots_[cp->size];
  if (!root || *root != cp->root) {
    return Fail(*last_good_size, which + ": events in [" + std::to_string(*last_good_size) + ", " +
                                     std::to_string(cp->size) + ") do not match its signed root");
  }
  *last_good_size = cp->size;
  return true;
}

VerifyReport LedgerVerifier::Finish() {
  uint64_t last_good = 0;
  for (size_t i = 0; i < checkpoints_.size(); ++i) {
    if (!report_.ok || !CheckCheckpoint(checkpoints_[i], i + 1 == checkpoints_.size(), &last_good))
      break;
    ++report_.checkpoints;
  }
  report_.signed_size = last_good;
  if (report_.ok && key_events_.empty() && report_.events > 0)
    Fail(0, "the ledger has no key events");
  if (report_.ok) {
    bool anchored = false;
    for (const VerifierKey& t : trusted_) {
      for (const KeyEvent& k : key_events_) {
        if (k.key.key_id == t.key_id && k.key.public_key == t.public_key && k.index < last_good)
          anchored = true;
      }
    }
    if (!anchored)
      Fail(std::nullopt, "the trusted public key has signed none of this ledger's checkpoints");
  }
  return report_;
}

VerifyReport VerifyStore(store::Store* store, const std::vector<VerifierKey>& trusted,
                         SignatureScope scope) {
  VerifyReport out;
  out.ok = false;
  // One read transaction: the checkpoints, entries and nodes of one moment. Read one after the
  // other, a writer committing in between (another process appending, and sealing, while this
  // one verifies) would show events past the newest checkpoint read.
  Status snapshot = store->WithReadSnapshot([&]() -> Status {
    // What the folds read through (indexes, schema) must be what Proofline made, or a sound
    // event could be hidden from them while every hash still checks.
    if (Status s = store->CheckIntegrity(); !s.ok()) {
      out.problem = s.message();
      return OkStatus();
    }
    Result<std::vector<store::StoredCheckpoint>> checkpoints = store->Checkpoints();
    if (!checkpoints.ok()) {
      out.problem = checkpoints.status().message();
      return OkStatus();
    }
    LedgerVerifier v(trusted, std::move(*checkpoints), scope);
    uint64_t count = 0;
    Status s = store->ScanEntries({}, [&](const store::LedgerEntry& e) -> Status {
      if (!v.AddEntry(e.index, e.entry, &e)) return Corruption("stop");
      if (++count % kNodeCheckChunk == 0 && !v.CheckNodes(store)) return Corruption("stop");
      return OkStatus();
    });
    if (!s.ok() && !v.failed()) {
      out.problem = s.message();
      return OkStatus();
    }
    v.CheckNodes(store);
    out = v.Finish();
    return OkStatus();
  });
  if (!snapshot.ok() && out.problem.empty()) {
    out.ok = false;
    out.problem = snapshot.message();
  }
  return out;
}

}  // namespace proofline::ledger
