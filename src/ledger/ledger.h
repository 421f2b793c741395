// The ledger: an append-only, tamper-evident log of delivery events over a Store.
//
// Appends are group-committed (leveldb's writer queue): concurrent callers queue up, the first
// becomes leader, writes every queued event in one durable transaction and wakes the others.
// Append returns only after its batch is durable. Several processes may append to one store:
// the store detects a moved size (Conflict) and the leader reloads the tree edge and retries.
//
// Tree state is persisted as perfect subtrees (merkle.h), so an append costs O(log n) and a proof
// O(log n) point reads, never a rebuild.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ledger/event.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "store/store.h"

namespace proofline::ledger {

struct Appended {
  uint64_t index = 0;
  Hash leaf_hash{};
  std::string time;
};

class Ledger {
 public:
  // `store` must outlive the ledger. Reads the origin written at initialisation.
  static Result<std::unique_ptr<Ledger>> Open(store::Store* store);
  // Writes the ledger's first event (`ledger.initialized`, naming origin and key) and its first
  // checkpoint into an empty store.
  static Result<std::unique_ptr<Ledger>> Initialize(store::Store* store, const std::string& origin,
                                                    const std::string& actor, const SignerKey& key);

  // Appends all events atomically (all or nothing), durably. Thread-safe. The domain path: each
  // entry carries the authority of its type's owner (event.h).
  Result<std::vector<Appended>> Append(const std::vector<EventInput>& events);
  // The integration path (`log append`): entries carry the "integration" authority, and a
  // reserved type is refused (PermissionDenied naming its owner) with nothing written.
  Result<std::vector<Appended>> AppendIntegration(const std::vector<EventInput>& events);

  // The next events of a batch too large to hold: fills `chunk` (empty on entry) and returns
  // false once the input is exhausted (the chunk may still hold its last events). Called from a
  // helper thread, one call at a time, while earlier chunks are written.
  using EventSource = std::function<Result<bool>(std::vector<EventInput>* chunk)>;
  struct StreamAppended {
    uint64_t count = 0, first_index = 0, tree_size = 0;
    std::string time;  // every event of the batch carries it
  };
  // The integration path for a streamed batch (`log append --batch`): every event `next` yields
  // is appended in ONE durable transaction, chunk by chunk, so memory is bounded by a chunk
  // whatever the batch's size; all or nothing (an error from `next` or from any event, "event N:
  // ...", rolls everything back). Reading and preparing the next chunks (on a helper thread)
  // overlaps writing the earlier ones. Holds the store throughout: appends from this process wait,
  // other processes wait on the store's write lock. InvalidArgument when `next` yields nothing.
  Result<StreamAppended> AppendIntegrationStream(const EventSource& next);

  Result<uint64_t> Size();
  Result<Hash> RootAt(uint64_t size);
  Result<std::vector<Hash>> ProveInclusion(uint64_t index, uint64_t size);
  Result<std::vector<Hash>> ProveConsistency(uint64_t size1, uint64_t size2);

  // From now on every append (a group commit, a streamed batch) stores a checkpoint of the tree
  // it leaves, signed with `key`, in the same transaction: no extra fsync, one signature per
  // commit, and no event is ever left unsigned. Before the first, the stored tree is checked
  // against the latest checkpoint (as MakeCheckpoint does): an append onto a tree that is not
  // consistent with it fails (Corruption) rather than sign it. `key` must outlive the ledger.
  void SignEveryAppend(const SignerKey* key) { auto_signer_ = key; }

  // Signs and stores a checkpoint of the current tree, or returns the latest one if the tree has
  // not grown. Refuses (Corruption) if the tree is not consistent with the latest checkpoint.
  Result<store::StoredCheckpoint> MakeCheckpoint(const std::vector<const SignerKey*>& signers);

  // Records the hand-over from `current` to `next` and co-signs a checkpoint with both, so that
  // checkpoints signed by either key stay verifiable.
  Result<store::StoredCheckpoint> RotateKey(const SignerKey& current, const SignerKey& next,
                                            const std::string& actor);

  const std::string& origin() const { return origin_; }
  store::Store* store() { return store_; }

 private:
  struct Writer;
  Result<std::vector<Appended>> AppendUnder(const std::vector<EventInput>& events,
                                            std::string_view authority);
  Ledger(store::Store* store, std::string origin) : store_(store), origin_(std::move(origin)) {}
  Status CommitGroup(const std::vector<Writer*>& group);
  Status ReloadFrontier();
  // InvalidArgument if the ledger has fewer than `size` events. REQUIRES: store_mu_ held.
  Status CheckSizeReached(uint64_t size);
  // Corruption unless the tree of `size` events with `root` extends the latest stored
  // checkpoint. REQUIRES: store_mu_ held.
  Status CheckAgainstLatestCheckpoint(uint64_t size, const Hash& root);
  // The note an append leaving `next` commits with it: empty without an auto signer; the
  // frontier is checked against the latest checkpoint once per load. REQUIRES: store_mu_ held.
  Result<std::string> AutoCheckpoint(const Frontier& next);
  PerfectNodeReader NodeReader();

  store::Store* store_;
  std::string origin_;

  std::mutex writers_mu_;
  std::deque<Writer*> writers_;

  std::mutex store_mu_;               // the Store is single-threaded
  std::optional<Frontier> frontier_;  // cached tree edge; reset when another process appended
  bool frontier_checked_ = false;     // against the latest checkpoint, since it was loaded
  const SignerKey* auto_signer_ = nullptr;
};

}  // namespace proofline::ledger
