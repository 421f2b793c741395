// The embedded Store: one SQLite file in WAL mode with synchronous=FULL, so a committed
// transaction survives kill -9 and power loss. Schema changes are numbered migrations applied at
// open; the file is marked with PRAGMA application_id so we never write into a foreign database.
#pragma once

#include <memory>
#include <string>

#include "store/sqlite.h"
#include "store/store.h"

namespace proofline::store {

class SqliteStore final : public Store {
 public:
  // Creates a new store; AlreadyExists if `path` exists.
  static Result<std::unique_ptr<SqliteStore>> Create(const std::string& path);
  // Opens an existing store, applying pending migrations. NotFound if missing; InvalidArgument
  // if the file is not a Proofline store; Corruption if it is damaged.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

  Result<std::string> GetMeta(const std::string& key) override;
  Status PutMeta(const std::string& key, const std::string& value) override;
  Result<uint64_t> LedgerSize() override;
  Result<Hash> LeafHash(uint64_t index) override;
  Result<Hash> InternalNode(uint64_t seq) override;
  Status BeginAppend(uint64_t expected_size) override;
  Status AppendPart(std::span<const LedgerEntry> entries,
                    std::span<const LedgerNode> nodes) override;
  Status EndAppend(bool commit, std::string_view checkpoint_note) override;
  Status AppendLedger(uint64_t expected_size, std::span<const LedgerEntry> entries,
                      std::span<const LedgerNode> nodes, std::string_view checkpoint_note) override;
  Status ScanEntries(const EntryFilter& filter, const EntryVisitor& visit) override;
  Status ScanNodes(uint64_t from_seq, uint64_t to_seq,
                   const std::function<Status(const LedgerNode&)>& visit) override;
  Result<StoredCheckpoint> AddCheckpoint(uint64_t tree_size, const std::string& note) override;
  Result<std::vector<StoredCheckpoint>> Checkpoints() override;
  Result<std::optional<StoredCheckpoint>> LatestCheckpoint() override;
  Status AddCosignature(uint64_t checkpoint_seq, const std::string& line) override;
  Result<std::vector<std::pair<uint64_t, std::string>>> Cosignatures() override;
  Status WithReadSnapshot(const std::function<Status()>& reads) override;
  Status CheckIntegrity() override;

  static int LatestSchemaVersion();

 private:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Configure();
  Status CheckOwnership();
  Status Migrate();
  Status PrepareStatements();
  Status InsertBatch(std::span<const LedgerEntry> entries, std::span<const LedgerNode> nodes);
  // BEGIN IMMEDIATE and the size check (Conflict, rolled back); COMMIT or ROLLBACK.
  Status Lock(uint64_t expected_size);
  // Inserts the checkpoint note (when not empty) for `tree_size`, then COMMIT; or ROLLBACK.
  Status Finish(bool commit, uint64_t tree_size, std::string_view checkpoint_note);
  void RestoreReadSettings();  // after a streamed append: the map

  static constexpr int64_t kMmapBytes = int64_t{256} << 20;

  std::unique_ptr<SqliteDb> db_;
  std::optional<SqliteStmt> size_stmt_, leaf_stmt_, node_stmt_, insert_entry_stmt_,
      insert_node_stmt_;
};

}  // namespace proofline::store
