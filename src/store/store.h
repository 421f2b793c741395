// Store: the persistence interface every domain writes through. SQLite (embedded, this phase) and
// PostgreSQL (server, next phase) implement it; the SQL stays portable between the two.
//
// Ledger tables are append-only: nothing here updates or deletes a ledger row, and the SQLite
// schema adds triggers that refuse it. Implementations are used from one thread at a time
// (the Ledger serialises writers); several processes may share one store file.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/crypto.h"
#include "base/status.h"

namespace proofline::store {

struct LedgerEntry {
  uint64_t index = 0;
  Hash leaf_hash{};
  std::string type;     // copied out of the entry for queries; the entry bytes are authoritative
  std::string subject;  // likewise
  std::string entry;    // RFC 8785 canonical JSON, the bytes that were hashed
};

struct LedgerNode {
  uint64_t seq = 0;  // ledger::InternalNodeSeq order
  Hash hash{};
};

struct StoredCheckpoint {
  uint64_t seq = 0;
  uint64_t tree_size = 0;
  std::string note;  // the signed note, verbatim
};

struct EntryFilter {
  uint64_t from = 0;
  uint64_t to = UINT64_MAX;  // exclusive
  std::optional<std::string> subject;
  std::optional<std::string> type;
};

using EntryVisitor = std::function<Status(const LedgerEntry&)>;

class Store {
 public:
  virtual ~Store() = default;

  // Metadata written once at init (origin, created time...). NotFound when absent.
  virtual Result<std::string> GetMeta(const std::string& key) = 0;
  virtual Status PutMeta(const std::string& key, const std::string& value) = 0;

  // Number of ledger entries.
  virtual Result<uint64_t> LedgerSize() = 0;
  // Leaf hash of entry `index`; NotFound beyond the end.
  virtual Result<Hash> LeafHash(uint64_t index) = 0;
  // Internal perfect node by creation sequence; NotFound if not (yet) stored.
  virtual Result<Hash> InternalNode(uint64_t seq) = 0;

  // Atomically and durably appends `entries` (indices expected_size...) and `nodes`, and, when
  // `checkpoint_note` is not empty, that signed checkpoint of the tree the append leaves, in the
  // same transaction. Conflict, with nothing written, when the ledger no longer holds exactly
  // expected_size entries (another process appended first).
  virtual Status AppendLedger(uint64_t expected_size, std::span<const LedgerEntry> entries,
                              std::span<const LedgerNode> nodes,
                              std::string_view checkpoint_note) = 0;
  // The same in parts, for a batch too large to hold: BeginAppend takes the write lock and checks
  // the size (Conflict, nothing held, as above); AppendPart inserts the next entries and nodes
  // inside that one transaction; EndAppend(true, note) adds the checkpoint (when `note` is not
  // empty) and commits durably, EndAppend(false, "") rolls back (so does an error from
  // AppendPart or a failed commit). One streamed append at a time per store, and no other call
  // in between.
  virtual Status BeginAppend(uint64_t expected_size) = 0;
  virtual Status AppendPart(std::span<const LedgerEntry> entries,
                            std::span<const LedgerNode> nodes) = 0;
  virtual Status EndAppend(bool commit, std::string_view checkpoint_note) = 0;

  // Visits matching entries in index order. Stops at the first error the visitor returns.
  virtual Status ScanEntries(const EntryFilter& filter, const EntryVisitor& visit) = 0;
  // Visits internal nodes with from_seq <= seq < to_seq in seq order.
  virtual Status ScanNodes(uint64_t from_seq, uint64_t to_seq,
                           const std::function<Status(const LedgerNode&)>& visit) = 0;

  virtual Result<StoredCheckpoint> AddCheckpoint(uint64_t tree_size, const std::string& note) = 0;
  virtual Result<std::vector<StoredCheckpoint>> Checkpoints() = 0;
  virtual Result<std::optional<StoredCheckpoint>> LatestCheckpoint() = 0;

  // Witness cosignatures (ledger/witness.h): signature lines kept beside the checkpoint they
  // cosign, append-only, never merged into its stored note (whose bytes stay as signed and
  // published). Adding a line already there does nothing; NotFound without such a checkpoint.
  virtual Status AddCosignature(uint64_t checkpoint_seq, const std::string& line) = 0;
  // Every (checkpoint seq, line), by checkpoint, in the order they were added.
  virtual Result<std::vector<std::pair<uint64_t, std::string>>> Cosignatures() = 0;

  // Runs `reads` inside one read transaction: a consistent snapshot, and for SQLite one WAL read
  // lock instead of one per statement (a proof's ~30 point reads cost a quarter as much).
  virtual Status WithReadSnapshot(const std::function<Status()>& reads) = 0;

  // Whether the database itself is what Proofline made: its schema is exactly the one the
  // migrations create (no extra or altered index, trigger, view or table: a partial index could
  // hide events from the folds that query through it) and the engine's own integrity check
  // passes (an index whose rows differ from its table's, a damaged page). Corruption naming the
  // first problem. Verification (ledger/verifier.h) runs it before reading a single entry.
  virtual Status CheckIntegrity() = 0;
};

}  // namespace proofline::store
