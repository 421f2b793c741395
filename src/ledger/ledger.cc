// Ledger: group-committed appends, proofs from stored perfect subtrees, signed checkpoints.
#include "ledger/ledger.h"

#include <thread>

namespace proofline::ledger {

struct Ledger::Writer {
  const std::vector<PreparedEvent>* events;
  std::vector<Appended> appended;
  Status status;
  bool done = false;
  std::condition_variable cv;
};

namespace {
constexpr int kMaxConflictRetries = 100;
constexpr size_t kMaxGroupEvents = 100000;

// The first stage of a streamed batch, on its own thread: pulls chunks from the source, prepares
// every event (PrepareEvent on the integration path) and hashes its entry. At most kDepth chunks
// wait, so memory stays bounded by a few chunks. The first error ends the stage ("event N: ...",
// N counted over the whole batch); Take returns it after the chunks that came before it.
class StreamPreparer {
 public:
  StreamPreparer(const Ledger::EventSource& next, std::string time)
      : next_(next), time_(std::move(time)), thread_([this] { Run(); }) {}
  ~StreamPreparer() { Stop(); }
  StreamPreparer(const StreamPreparer&) = delete;
  StreamPreparer& operator=(const StreamPreparer&) = delete;

  // The next prepared chunk (indices not yet set), nullopt after the last, or the error.
  Result<std::optional<std::vector<store::LedgerEntry>>> Take() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return !ready_.empty() || finished_; });
    if (!ready_.empty()) {
      std::vector<store::LedgerEntry> chunk = std::move(ready_.front());
      ready_.pop_front();
      cv_.notify_all();
      return std::optional<std::vector<store::LedgerEntry>>(std::move(chunk));
    }
    if (!status_.ok()) return status_;
    return std::optional<std::vector<store::LedgerEntry>>();
  }

  // Ends the stage (the source is not called again) and waits for its thread.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

 private:
  static constexpr size_t kDepth = 2;

  void Run() {
    uint64_t count = 0;
    Status status;
    std::vector<EventInput> chunk;
    for (bool more = true; more;) {
      chunk.clear();
      Result<bool> got = next_(&chunk);
      if (!got.ok()) {
        status = got.status();
        break;
      }
      more = *got;
      std::vector<store::LedgerEntry> entries;
      entries.reserve(chunk.size());
      for (size_t i = 0; i < chunk.size() && status.ok(); ++i) {
        Result<PreparedEvent> p = PrepareEvent(chunk[i], kAuthorityIntegration);
        if (!p.ok()) {
          status = p.status().WithContext("event " + std::to_string(count + i + 1));
          break;
        }
        store::LedgerEntry e{0, {}, std::move(p->type), std::move(p->subject), p->EntryAt(time_)};
        e.leaf_hash = LeafHash(AsBytes(e.entry));
        entries.push_back(std::move(e));
      }
      if (!status.ok()) break;
      count += chunk.size();
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return ready_.size() < kDepth || stopped_; });
      if (stopped_) return;
      ready_.push_back(std::move(entries));
      cv_.notify_all();
    }
    std::lock_guard<std::mutex> lock(mu_);
    status_ = std::move(status);
    finished_ = true;
    cv_.notify_all();
  }

  const Ledger::EventSource& next_;
  const std::string time_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::vector<store::LedgerEntry>> ready_;
  Status status_;
  bool finished_ = false;
  bool stopped_ = false;
  std::thread thread_;  // last: started once every member above is constructed
};
}  // namespace

Result<std::unique_ptr<Ledger>> Ledger::Open(store::Store* store) {
  ASSIGN_OR_RETURN(std::string origin, store->GetMeta("origin"));
  return std::unique_ptr<Ledger>(new Ledger(store, origin));
}

Result<std::unique_ptr<Ledger>> Ledger::Initialize(store::Store* store, const std::string& origin,
                                                   const std::string& actor, const SignerKey& key) {
  ASSIGN_OR_RETURN(uint64_t size, store->LedgerSize());
  if (size != 0) return AlreadyExists("the store already holds a ledger");
  RETURN_IF_ERROR(store->PutMeta("origin", origin));
  std::unique_ptr<Ledger> ledger(new Ledger(store, origin));
  EventInput init{std::string(kTypeInitialized), origin, actor,
                  Json{{"origin", origin}, {"key", key.verifier.Encode()}}};
  RETURN_IF_ERROR(ledger->Append({init}).status());
  RETURN_IF_ERROR(ledger->MakeCheckpoint({&key}).status());
  return ledger;
}

Result<std::vector<Appended>> Ledger::Append(const std::vector<EventInput>& events) {
  return AppendUnder(events, {});
}

Result<std::vector<Appended>> Ledger::AppendIntegration(const std::vector<EventInput>& events) {
  return AppendUnder(events, kAuthorityIntegration);
}

Result<std::vector<Appended>> Ledger::AppendUnder(const std::vector<EventInput>& events,
                                                  std::string_view authority) {
  std::vector<PreparedEvent> prepared;
  prepared.reserve(events.size());
  for (size_t i = 0; i < events.size(); ++i) {
    Result<PreparedEvent> p = PrepareEvent(events[i], authority);
    if (!p.ok()) {
      return events.size() == 1 ? p.status()
                                : p.status().WithContext("event " + std::to_string(i + 1));
    }
    prepared.push_back(std::move(*p));
  }
  if (prepared.empty()) return std::vector<Appended>();

  Writer w;
  w.events = &prepared;
  std::unique_lock<std::mutex> lock(writers_mu_);
  writers_.push_back(&w);
  w.cv.wait(lock, [&] { return w.done || writers_.front() == &w; });
  if (w.done) {
    if (!w.status.ok()) return w.status;
    return std::move(w.appended);
  }

  // Leader: take the queue (bounded), commit it with the lock released.
  std::vector<Writer*> group;
  size_t total = 0;
  for (Writer* other : writers_) {
    if (!group.empty() && total + other->events->size() > kMaxGroupEvents) break;
    group.push_back(other);
    total += other->events->size();
  }
  lock.unlock();
  Status s = CommitGroup(group);
  lock.lock();
  for (Writer* member : group) {
    writers_.pop_front();
    member->status = s;
    member->done = true;
    if (member != &w) member->cv.notify_one();
  }
  if (!writers_.empty()) writers_.front()->cv.notify_one();
  if (!s.ok()) return s;
  return std::move(w.appended);
}

Result<Ledger::StreamAppended> Ledger::AppendIntegrationStream(const EventSource& next) {
  std::lock_guard<std::mutex> store_lock(store_mu_);
  Status began = IoError("could not append: the store kept changing under concurrent writers");
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    if (!frontier_) RETURN_IF_ERROR(ReloadFrontier());
    Status s = store_->BeginAppend(frontier_->size());
    if (s.ok()) {
      began = OkStatus();
      break;
    }
    frontier_.reset();
    if (s.code() != StatusCode::kConflict) return s;
  }
  RETURN_IF_ERROR(began);
  // From here the write lock is held: no other writer can move the size.
  Frontier tree = *frontier_;
  StreamAppended out;
  out.first_index = tree.size();
  out.time = NowRfc3339Micros();
  // Two stages on two threads, so a batch costs the slower of them rather than their sum: a
  // helper reads, checks, canonicalises and hashes chunk after chunk (StreamPreparer), while
  // this thread extends the tree and writes (the store is used from this thread only).
  StreamPreparer preparer(next, out.time);
  auto abort = [&](Status s) {
    preparer.Stop();
    (void)store_->EndAppend(false, "");
    frontier_.reset();
    return s;
  };
  std::vector<store::LedgerNode> nodes;
  std::vector<Frontier::Node> created;
  for (;;) {
    Result<std::optional<std::vector<store::LedgerEntry>>> got = preparer.Take();
    if (!got.ok()) return abort(got.status());
    if (!*got) break;
    std::vector<store::LedgerEntry>& entries = **got;
    nodes.clear();
    for (store::LedgerEntry& e : entries) {
      e.index = tree.size();
      created.clear();
      tree.Append(e.leaf_hash, &created);
      for (const Frontier::Node& n : created) {
        nodes.push_back({InternalNodeSeq(n.level, n.index), n.hash});
      }
    }
    if (!entries.empty()) {
      if (Status s = store_->AppendPart(entries, nodes); !s.ok()) return abort(s);
    }
    out.count += entries.size();
  }
  if (out.count == 0) return abort(InvalidArgument("the batch holds no events"));
  Result<std::string> note = AutoCheckpoint(tree);
  if (!note.ok()) return abort(note.status());
  if (Status s = store_->EndAppend(true, *note); !s.ok()) {
    frontier_.reset();
    return s;
  }
  frontier_ = std::move(tree);
  out.tree_size = frontier_->size();
  return out;
}

Status Ledger::ReloadFrontier() {
  ASSIGN_OR_RETURN(uint64_t size, store_->LedgerSize());
  ASSIGN_OR_RETURN(Frontier f, Frontier::Load(size, NodeReader()));
  frontier_ = std::move(f);
  frontier_checked_ = false;
  return OkStatus();
}

Status Ledger::CheckAgainstLatestCheckpoint(uint64_t size, const Hash& root) {
  ASSIGN_OR_RETURN(std::optional<store::StoredCheckpoint> latest, store_->LatestCheckpoint());
  if (!latest) return OkStatus();
  ASSIGN_OR_RETURN(SignedNote old_note, ParseSignedNote(latest->note));
  ASSIGN_OR_RETURN(Checkpoint old, ParseCheckpointBody(old_note.body));
  if (old.size > size) {
    // Read after the size: another process may have appended (and sealed) since. Only a ledger
    // that really holds fewer events than its checkpoint signed was cut back.
    ASSIGN_OR_RETURN(uint64_t now, store_->LedgerSize());
    if (now > size) {
      return Conflict("another writer appended up to checkpoint size " + std::to_string(old.size) +
                      " since size " + std::to_string(size) + " was read");
    }
  }
  bool consistent = old.size <= size;
  if (consistent) {
    ASSIGN_OR_RETURN(auto proof, ConsistencyProof(old.size, size, NodeReader()));
    consistent = VerifyConsistency(old.size, size, proof, old.root, root);
  }
  if (!consistent) {
    return Corruption("the ledger is not consistent with its latest checkpoint (size " +
                      std::to_string(old.size) + "); run `proofline log verify`");
  }
  return OkStatus();
}

Result<std::string> Ledger::AutoCheckpoint(const Frontier& next) {
  if (auto_signer_ == nullptr) return std::string();
  if (!frontier_checked_) {
    RETURN_IF_ERROR(CheckAgainstLatestCheckpoint(frontier_->size(), frontier_->Root()));
    frontier_checked_ = true;
  }
  Checkpoint cp{origin_, next.size(), next.Root(), {}};
  return SignNote(cp.Body(), {auto_signer_});
}

Status Ledger::CommitGroup(const std::vector<Writer*>& group) {
  std::lock_guard<std::mutex> store_lock(store_mu_);
  std::vector<store::LedgerEntry> entries;
  std::vector<store::LedgerNode> nodes;
  std::vector<Frontier::Node> created;
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    if (!frontier_) RETURN_IF_ERROR(ReloadFrontier());
    Frontier next = *frontier_;
    std::string time = NowRfc3339Micros();
    entries.clear();
    nodes.clear();
    for (Writer* w : group) {
      w->appended.clear();
      for (const PreparedEvent& p : *w->events) {
        store::LedgerEntry e{next.size(), {}, p.type, p.subject, p.EntryAt(time)};
        e.leaf_hash = LeafHash(AsBytes(e.entry));
        created.clear();
        next.Append(e.leaf_hash, &created);
        for (const Frontier::Node& n : created)
          nodes.push_back({InternalNodeSeq(n.level, n.index), n.hash});
        w->appended.push_back({e.index, e.leaf_hash, time});
        entries.push_back(std::move(e));
      }
    }
    Result<std::string> note = AutoCheckpoint(next);
    if (!note.ok() && note.status().code() == StatusCode::kConflict) {
      frontier_.reset();  // another process appended: reload and sequence after it
      continue;
    }
    if (!note.ok()) return note.status();
    Status s = store_->AppendLedger(frontier_->size(), entries, nodes, *note);
    if (s.ok()) {
      frontier_ = std::move(next);
      return OkStatus();
    }
    frontier_.reset();
    if (s.code() != StatusCode::kConflict) return s;
  }
  return IoError("could not append: the store kept changing under concurrent writers");
}

PerfectNodeReader Ledger::NodeReader() {
  return [this](uint32_t level, uint64_t index) -> Result<Hash> {
    if (level == 0) return store_->LeafHash(index);
    return store_->InternalNode(InternalNodeSeq(level, index));
  };
}

Result<uint64_t> Ledger::Size() {
  std::lock_guard<std::mutex> lock(store_mu_);
  return store_->LedgerSize();
}

Status Ledger::CheckSizeReached(uint64_t size) {
  ASSIGN_OR_RETURN(uint64_t current, store_->LedgerSize());
  if (size > current) {
    return InvalidArgument("tree size " + std::to_string(size) + " is beyond the ledger's " +
                           std::to_string(current) + " events");
  }
  return OkStatus();
}

Result<Hash> Ledger::RootAt(uint64_t size) {
  std::lock_guard<std::mutex> lock(store_mu_);
  if (size == 0) return EmptyRoot();
  Hash root{};
  RETURN_IF_ERROR(store_->WithReadSnapshot([&]() -> Status {
    RETURN_IF_ERROR(CheckSizeReached(size));
    ASSIGN_OR_RETURN(root, SubtreeRoot(0, size, NodeReader()));
    return OkStatus();
  }));
  return root;
}

Result<std::vector<Hash>> Ledger::ProveInclusion(uint64_t index, uint64_t size) {
  std::lock_guard<std::mutex> lock(store_mu_);
  std::vector<Hash> proof;
  RETURN_IF_ERROR(store_->WithReadSnapshot([&]() -> Status {
    RETURN_IF_ERROR(CheckSizeReached(size));
    ASSIGN_OR_RETURN(proof, InclusionProof(index, size, NodeReader()));
    return OkStatus();
  }));
  return proof;
}

Result<std::vector<Hash>> Ledger::ProveConsistency(uint64_t size1, uint64_t size2) {
  std::lock_guard<std::mutex> lock(store_mu_);
  std::vector<Hash> proof;
  RETURN_IF_ERROR(store_->WithReadSnapshot([&]() -> Status {
    RETURN_IF_ERROR(CheckSizeReached(size2));
    ASSIGN_OR_RETURN(proof, ConsistencyProof(size1, size2, NodeReader()));
    return OkStatus();
  }));
  return proof;
}

Result<store::StoredCheckpoint> Ledger::MakeCheckpoint(
    const std::vector<const SignerKey*>& signers) {
  std::lock_guard<std::mutex> lock(store_mu_);
  for (int attempt = 0; attempt < kMaxConflictRetries; ++attempt) {
    std::optional<store::StoredCheckpoint> latest;
    Checkpoint cp{origin_, 0, {}, {}};
    Status read = store_->WithReadSnapshot([&]() -> Status {
      ASSIGN_OR_RETURN(cp.size, store_->LedgerSize());
      ASSIGN_OR_RETURN(latest, store_->LatestCheckpoint());
      if (cp.size == 0) return InvalidArgument("the ledger is empty");
      ASSIGN_OR_RETURN(cp.root, SubtreeRoot(0, cp.size, NodeReader()));
      if (latest) RETURN_IF_ERROR(CheckAgainstLatestCheckpoint(cp.size, cp.root));
      return OkStatus();
    });
    if (read.code() == StatusCode::kConflict) continue;
    RETURN_IF_ERROR(read);
    if (latest) {
      ASSIGN_OR_RETURN(SignedNote old_note, ParseSignedNote(latest->note));
      ASSIGN_OR_RETURN(Checkpoint old, ParseCheckpointBody(old_note.body));
      if (old.size == cp.size && signers.size() == 1) return *latest;
    }
    ASSIGN_OR_RETURN(std::string note, SignNote(cp.Body(), signers));
    // Stored under the write lock, only if no event was appended since the size was read: a
    // checkpoint never lands after a larger one a concurrent writer sealed.
    Status s = store_->AppendLedger(cp.size, {}, {}, note);
    if (s.code() == StatusCode::kConflict) {
      frontier_.reset();
      continue;
    }
    RETURN_IF_ERROR(s);
    ASSIGN_OR_RETURN(std::optional<store::StoredCheckpoint> stored, store_->LatestCheckpoint());
    if (!stored) return Internal("the checkpoint just stored is missing");
    return *stored;
  }
  return IoError("could not checkpoint: the store kept changing under concurrent writers");
}

Result<store::StoredCheckpoint> Ledger::RotateKey(const SignerKey& current, const SignerKey& next,
                                                  const std::string& actor) {
  EventInput rotated{
      std::string(kTypeKeyRotated), origin_, actor,
      Json{{"previous_key", current.verifier.Encode()}, {"key", next.verifier.Encode()}}};
  RETURN_IF_ERROR(Append({rotated}).status());
  return MakeCheckpoint({&current, &next});
}

}  // namespace proofline::ledger
