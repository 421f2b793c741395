// SQLite implementation of Store (see sqlite_store.h): schema migrations, append-only ledger
// tables, and durable batched appends.
#include "store/sqlite_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>
#include <map>

namespace proofline::store {
namespace {

constexpr int64_t kApplicationId = 0x50524C4E;  // "PRLN"

// Numbered migrations; entry i brings the schema to version i + 1. Never edit a shipped entry:
// append a new one. SQL is kept portable to PostgreSQL apart from the triggers.
constexpr std::array<std::string_view, 3> kMigrations = {
    R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE ledger_entries (
  idx INTEGER PRIMARY KEY,
  leaf_hash BLOB NOT NULL,
  type TEXT NOT NULL,
  subject TEXT NOT NULL,
  entry BLOB NOT NULL
);
CREATE INDEX ledger_entries_by_subject ON ledger_entries (subject, idx);
CREATE TABLE ledger_nodes (seq INTEGER PRIMARY KEY, hash BLOB NOT NULL);
CREATE TABLE ledger_checkpoints (
  seq INTEGER PRIMARY KEY,
  tree_size INTEGER NOT NULL,
  note TEXT NOT NULL
);
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_nodes_no_update BEFORE UPDATE ON ledger_nodes
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_nodes_no_delete BEFORE DELETE ON ledger_nodes
  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_update BEFORE UPDATE ON ledger_checkpoints
  BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
CREATE TRIGGER ledger_checkpoints_no_delete BEFORE DELETE ON ledger_checkpoints
  BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END;
)sql",
    // 2: change records and other domains query the ledger by event type.
    R"sql(
CREATE INDEX ledger_entries_by_type ON ledger_entries (type, idx);
)sql",
    // 3: witness cosignatures (C2SP tlog-cosignature lines) on stored checkpoints.
    R"sql(
CREATE TABLE ledger_cosignatures (
  checkpoint_seq INTEGER NOT NULL REFERENCES ledger_checkpoints (seq),
  line TEXT NOT NULL,
  PRIMARY KEY (checkpoint_seq, line)
);
CREATE TRIGGER ledger_cosignatures_no_update BEFORE UPDATE ON ledger_cosignatures
  BEGIN SELECT RAISE(ABORT, 'cosignatures are append-only'); END;
CREATE TRIGGER ledger_cosignatures_no_delete BEFORE DELETE ON ledger_cosignatures
  BEGIN SELECT RAISE(ABORT, 'cosignatures are append-only'); END;
)sql",
};

// One object of sqlite_schema: "type name on tbl_name: sql".
using SchemaObjects = std::map<std::string, std::string>;  // name -> "type tbl_name sql"

Result<SchemaObjects> ReadSchema(SqliteDb& db) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db.Prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema"));
  SchemaObjects out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    out[stmt.ColumnText(1)] = stmt.ColumnText(0) + " on " + stmt.ColumnText(2) + ": " +
                              (stmt.ColumnIsNull(3) ? "(automatic)" : stmt.ColumnText(3));
  }
  return out;
}

// The schema the migrations make, built once in an in-memory database.
Result<SchemaObjects> ExpectedSchema() {
  static const Result<SchemaObjects> expected = []() -> Result<SchemaObjects> {
    ASSIGN_OR_RETURN(std::unique_ptr<SqliteDb> db, SqliteDb::Open(":memory:", /*create=*/true));
    for (std::string_view m : kMigrations) RETURN_IF_ERROR(db->Exec(m));
    return ReadSchema(*db);
  }();
  return expected;
}

Result<Hash> HashColumn(const SqliteStmt& stmt, int col, const std::string& what) {
  ByteView b = stmt.ColumnBlob(col);
  if (b.size() != 32) return Corruption(what + " is not a 32-byte hash");
  Hash h{};
  std::memcpy(h.data(), b.data(), 32);
  return h;
}

}  // namespace

int SqliteStore::LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<std::unique_ptr<SqliteStore>> SqliteStore::Create(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) return AlreadyExists("a file already exists at " + path);
  ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, /*create=*/true));
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db)));
  Status s = store->db_->Exec("PRAGMA journal_mode=WAL; PRAGMA application_id=" +
                              std::to_string(kApplicationId));
  if (s.ok()) s = store->Configure();
  if (s.ok()) s = store->Migrate();
  if (s.ok()) s = store->PrepareStatements();
  if (!s.ok()) {
    store.reset();  // nothing half-made is left behind
    for (const char* suffix : {"", "-wal", "-shm"}) unlink((path + suffix).c_str());
    return s;
  }
  return store;
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const std::string& path) {
  ASSIGN_OR_RETURN(auto db, SqliteDb::Open(path, /*create=*/false));
  std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(db)));
  RETURN_IF_ERROR(store->Configure());
  RETURN_IF_ERROR(store->CheckOwnership());
  RETURN_IF_ERROR(store->Migrate());
  RETURN_IF_ERROR(store->PrepareStatements());
  return store;
}

Status SqliteStore::Configure() {
  // synchronous=FULL: a COMMIT is durable (WAL fsync) before it returns. A larger WAL before
  // auto-checkpoint lets hot pages (indexes, the tree's right edge) be checkpointed once rather
  // than many times; mmap serves proof and verify reads without copying pages through the cache.
  return db_->Exec(
      "PRAGMA busy_timeout=30000; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
      "PRAGMA wal_autocheckpoint=8192; PRAGMA mmap_size=" +
      std::to_string(kMmapBytes));
}

Status SqliteStore::CheckOwnership() {
  ASSIGN_OR_RETURN(int64_t app_id, db_->QueryInt("PRAGMA application_id"));
  if (app_id != kApplicationId) {
    return InvalidArgument(db_->path() +
                           " is not a Proofline store (an SQLite database of another application)");
  }
  ASSIGN_OR_RETURN(int64_t mode_wal,
                   db_->QueryInt("SELECT journal_mode = 'wal' FROM pragma_journal_mode"));
  if (mode_wal == 0)
    return Corruption(db_->path() + " is not in WAL mode; it was altered outside Proofline");
  return OkStatus();
}

Status SqliteStore::Migrate() {
  ASSIGN_OR_RETURN(int64_t version, db_->QueryInt("PRAGMA user_version"));
  if (version > LatestSchemaVersion()) {
    return InvalidArgument(db_->path() + " has schema version " + std::to_string(version) +
                           ", newer than this proofline understands (" +
                           std::to_string(LatestSchemaVersion()) + "); upgrade proofline");
  }
  for (auto v = static_cast<size_t>(version); v < kMigrations.size(); ++v) {
    RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));
    Status s = db_->Exec(kMigrations[v]);
    if (s.ok()) s = db_->Exec("PRAGMA user_version=" + std::to_string(v + 1));
    if (!s.ok()) {
      (void)db_->Exec("ROLLBACK");
      return s.WithContext("migration to schema version " + std::to_string(v + 1));
    }
    RETURN_IF_ERROR(db_->Exec("COMMIT"));
  }
  return OkStatus();
}

Status SqliteStore::PrepareStatements() {
  ASSIGN_OR_RETURN(size_stmt_,
                   db_->Prepare("SELECT COALESCE(MAX(idx) + 1, 0) FROM ledger_entries"));
  ASSIGN_OR_RETURN(leaf_stmt_, db_->Prepare("SELECT leaf_hash FROM ledger_entries WHERE idx = ?1"));
  ASSIGN_OR_RETURN(node_stmt_, db_->Prepare("SELECT hash FROM ledger_nodes WHERE seq = ?1"));
  ASSIGN_OR_RETURN(insert_entry_stmt_,
                   db_->Prepare("INSERT INTO ledger_entries (idx, leaf_hash, type, subject, entry) "
                                "VALUES (?1, ?2, ?3, ?4, ?5)"));
  ASSIGN_OR_RETURN(insert_node_stmt_,
                   db_->Prepare("INSERT INTO ledger_nodes (seq, hash) VALUES (?1, ?2)"));
  return OkStatus();
}

Result<std::string> SqliteStore::GetMeta(const std::string& key) {
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare("SELECT value FROM meta WHERE key = ?1"));
  stmt.Bind(1, key);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("store " + db_->path() + " has no '" + key + "' setting");
  return stmt.ColumnText(0);
}

Status SqliteStore::PutMeta(const std::string& key, const std::string& value) {
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare("INSERT INTO meta (key, value) VALUES (?1, ?2)"));
  stmt.Bind(1, key).Bind(2, value);
  return stmt.Run();
}

Result<uint64_t> SqliteStore::LedgerSize() {
  ASSIGN_OR_RETURN(bool row, size_stmt_->Step());
  int64_t n = row ? size_stmt_->ColumnInt(0) : 0;
  size_stmt_->Reset();
  return static_cast<uint64_t>(n);
}

Result<Hash> SqliteStore::LeafHash(uint64_t index) {
  leaf_stmt_->Bind(1, static_cast<int64_t>(index));
  ASSIGN_OR_RETURN(bool row, leaf_stmt_->Step());
  if (!row) {
    leaf_stmt_->Reset();
    return NotFound("ledger has no entry " + std::to_string(index));
  }
  Result<Hash> h = HashColumn(*leaf_stmt_, 0, "leaf hash of entry " + std::to_string(index));
  leaf_stmt_->Reset();
  return h;
}

Result<Hash> SqliteStore::InternalNode(uint64_t seq) {
  node_stmt_->Bind(1, static_cast<int64_t>(seq));
  ASSIGN_OR_RETURN(bool row, node_stmt_->Step());
  if (!row) {
    node_stmt_->Reset();
    return Corruption("ledger tree node " + std::to_string(seq) + " is missing");
  }
  Result<Hash> h = HashColumn(*node_stmt_, 0, "tree node " + std::to_string(seq));
  node_stmt_->Reset();
  return h;
}

Status SqliteStore::Lock(uint64_t expected_size) {
  RETURN_IF_ERROR(db_->Exec("BEGIN IMMEDIATE"));  // takes the write lock before reading
  Result<uint64_t> size = LedgerSize();
  Status s = size.status();
  if (s.ok() && *size != expected_size) {
    s = Conflict("ledger size moved from " + std::to_string(expected_size) + " to " +
                 std::to_string(*size) + " under a concurrent writer");
  }
  if (!s.ok()) (void)db_->Exec("ROLLBACK");
  return s;
}

Status SqliteStore::Finish(bool commit, uint64_t tree_size, std::string_view checkpoint_note) {
  if (!commit) return db_->Exec("ROLLBACK");
  Status s;
  if (!checkpoint_note.empty()) s = AddCheckpoint(tree_size, std::string(checkpoint_note)).status();
  if (s.ok()) s = db_->Exec("COMMIT");  // durable on return: WAL + synchronous=FULL
  if (!s.ok()) (void)db_->Exec("ROLLBACK");
  return s;
}

// A streamed batch reads index pages all over the file: through the 256 MiB map they would count
// in the process's memory for as long as it runs, so it reads them through SQLite's bounded page
// cache instead, and the map comes back when it ends (AppendLedger keeps the map). (A 24 MiB
// cache, against spilling the right edges to the WAL, measured no faster: the time is the WAL.)
Status SqliteStore::BeginAppend(uint64_t expected_size) {
  RETURN_IF_ERROR(db_->Exec("PRAGMA mmap_size=0"));
  Status s = Lock(expected_size);
  if (!s.ok()) RestoreReadSettings();
  return s;
}

void SqliteStore::RestoreReadSettings() {
  (void)db_->Exec("PRAGMA mmap_size=" + std::to_string(kMmapBytes));
}

Status SqliteStore::AppendPart(std::span<const LedgerEntry> entries,
                               std::span<const LedgerNode> nodes) {
  Status s = InsertBatch(entries, nodes);
  if (!s.ok()) {
    (void)db_->Exec("ROLLBACK");
    RestoreReadSettings();
  }
  return s;
}

Status SqliteStore::EndAppend(bool commit, std::string_view checkpoint_note) {
  Result<uint64_t> size = commit ? LedgerSize() : Result<uint64_t>(uint64_t{0});
  Status s = size.ok() ? Finish(commit, *size, checkpoint_note) : size.status();
  if (!size.ok()) (void)db_->Exec("ROLLBACK");
  RestoreReadSettings();
  return s;
}

Status SqliteStore::AppendLedger(uint64_t expected_size, std::span<const LedgerEntry> entries,
                                 std::span<const LedgerNode> nodes,
                                 std::string_view checkpoint_note) {
  RETURN_IF_ERROR(Lock(expected_size));
  Status s = InsertBatch(entries, nodes);
  if (!s.ok()) {
    (void)db_->Exec("ROLLBACK");
    return s;
  }
  return Finish(true, expected_size + entries.size(), checkpoint_note);
}

Status SqliteStore::InsertBatch(std::span<const LedgerEntry> entries,
                                std::span<const LedgerNode> nodes) {
  for (const LedgerEntry& e : entries) {
    insert_entry_stmt_->Bind(1, static_cast<int64_t>(e.index))
        .BindBlobNoCopy(2, e.leaf_hash)
        .BindTextNoCopy(3, e.type)
        .BindTextNoCopy(4, e.subject)
        .BindBlobNoCopy(5, AsBytes(e.entry));
    RETURN_IF_ERROR(insert_entry_stmt_->Run());
  }
  for (const LedgerNode& n : nodes) {
    insert_node_stmt_->Bind(1, static_cast<int64_t>(n.seq)).BindBlobNoCopy(2, n.hash);
    RETURN_IF_ERROR(insert_node_stmt_->Run());
  }
  return OkStatus();
}

Status SqliteStore::ScanEntries(const EntryFilter& filter, const EntryVisitor& visit) {
  std::string sql =
      "SELECT idx, leaf_hash, type, subject, entry FROM ledger_entries WHERE idx >= ?1 AND idx < "
      "?2";
  if (filter.subject) sql += " AND subject = ?3";
  if (filter.type) sql += " AND type = ?4";
  sql += " ORDER BY idx";
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare(sql));
  stmt.Bind(1, static_cast<int64_t>(filter.from))
      .Bind(2, static_cast<int64_t>(std::min<uint64_t>(filter.to, INT64_MAX)));
  if (filter.subject) stmt.Bind(3, *filter.subject);
  if (filter.type) stmt.Bind(4, *filter.type);
  LedgerEntry e;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return OkStatus();
    e.index = static_cast<uint64_t>(stmt.ColumnInt(0));
    ByteView leaf = stmt.ColumnBlob(1);
    e.leaf_hash.fill(0);
    std::memcpy(e.leaf_hash.data(), leaf.data(), std::min<size_t>(leaf.size(), 32));
    e.type = stmt.ColumnText(2);
    e.subject = stmt.ColumnText(3);
    ByteView entry = stmt.ColumnBlob(4);
    e.entry.assign(reinterpret_cast<const char*>(entry.data()), entry.size());
    RETURN_IF_ERROR(visit(e));
  }
}

Status SqliteStore::ScanNodes(uint64_t from_seq, uint64_t to_seq,
                              const std::function<Status(const LedgerNode&)>& visit) {
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare("SELECT seq, hash FROM ledger_nodes "
                                                 "WHERE seq >= ?1 AND seq < ?2 ORDER BY seq"));
  stmt.Bind(1, static_cast<int64_t>(from_seq))
      .Bind(2, static_cast<int64_t>(std::min<uint64_t>(to_seq, INT64_MAX)));
  LedgerNode n;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return OkStatus();
    n.seq = static_cast<uint64_t>(stmt.ColumnInt(0));
    ASSIGN_OR_RETURN(n.hash, HashColumn(stmt, 1, "tree node " + std::to_string(n.seq)));
    RETURN_IF_ERROR(visit(n));
  }
}

Result<StoredCheckpoint> SqliteStore::AddCheckpoint(uint64_t tree_size, const std::string& note) {
  ASSIGN_OR_RETURN(SqliteStmt stmt, db_->Prepare("INSERT INTO ledger_checkpoints (tree_size, note) "
                                                 "VALUES (?1, ?2) RETURNING seq"));
  stmt.Bind(1, static_cast<int64_t>(tree_size)).Bind(2, note);
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return Internal("checkpoint insert returned no sequence number");
  StoredCheckpoint cp{static_cast<uint64_t>(stmt.ColumnInt(0)), tree_size, note};
  RETURN_IF_ERROR(stmt.Run());  // finish the statement so the insert completes
  return cp;
}

Result<std::vector<StoredCheckpoint>> SqliteStore::Checkpoints() {
  ASSIGN_OR_RETURN(
      SqliteStmt stmt,
      db_->Prepare("SELECT seq, tree_size, note FROM ledger_checkpoints ORDER BY seq"));
  std::vector<StoredCheckpoint> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    out.push_back({static_cast<uint64_t>(stmt.ColumnInt(0)),
                   static_cast<uint64_t>(stmt.ColumnInt(1)), stmt.ColumnText(2)});
  }
}

Result<std::optional<StoredCheckpoint>> SqliteStore::LatestCheckpoint() {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT seq, tree_size, note FROM ledger_checkpoints "
                                "ORDER BY seq DESC LIMIT 1"));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return std::optional<StoredCheckpoint>();
  return std::optional<StoredCheckpoint>(StoredCheckpoint{static_cast<uint64_t>(stmt.ColumnInt(0)),
                                                          static_cast<uint64_t>(stmt.ColumnInt(1)),
                                                          stmt.ColumnText(2)});
}

Status SqliteStore::AddCosignature(uint64_t checkpoint_seq, const std::string& line) {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("INSERT INTO ledger_cosignatures (checkpoint_seq, line) "
                                "VALUES (?1, ?2) ON CONFLICT DO NOTHING"));
  stmt.Bind(1, static_cast<int64_t>(checkpoint_seq)).Bind(2, line);
  Status s = stmt.Run();
  if (s.code() == StatusCode::kConflict) {  // the foreign key: no such checkpoint
    return NotFound("the store has no checkpoint " + std::to_string(checkpoint_seq));
  }
  return s;
}

Result<std::vector<std::pair<uint64_t, std::string>>> SqliteStore::Cosignatures() {
  ASSIGN_OR_RETURN(SqliteStmt stmt,
                   db_->Prepare("SELECT checkpoint_seq, line FROM ledger_cosignatures "
                                "ORDER BY checkpoint_seq, rowid"));
  std::vector<std::pair<uint64_t, std::string>> out;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) return out;
    out.emplace_back(static_cast<uint64_t>(stmt.ColumnInt(0)), stmt.ColumnText(1));
  }
}

Status SqliteStore::WithReadSnapshot(const std::function<Status()>& reads) {
  RETURN_IF_ERROR(db_->Exec("BEGIN"));
  Status s = reads();
  Status end = db_->Exec(s.ok() ? "COMMIT" : "ROLLBACK");
  return s.ok() ? end : s;
}

Status SqliteStore::CheckIntegrity() {
  ASSIGN_OR_RETURN(SchemaObjects expected, ExpectedSchema());
  ASSIGN_OR_RETURN(SchemaObjects actual, ReadSchema(*db_));
  for (const auto& [name, what] : actual) {
    auto it = expected.find(name);
    if (it == expected.end()) {
      return Corruption(db_->path() + ": schema object '" + name + "' (" + what.substr(0, 60) +
                        ") was not made by Proofline");
    }
    if (it->second != what) {
      return Corruption(db_->path() + ": schema object '" + name + "' was altered");
    }
  }
  for (const auto& [name, what] : expected) {
    if (actual.count(name) == 0) {
      return Corruption(db_->path() + ": schema object '" + name + "' is missing");
    }
  }
  // The engine's own check: every index holds exactly its table's rows, every page is sound.
  ASSIGN_OR_RETURN(SqliteStmt check, db_->Prepare("PRAGMA integrity_check(20)"));
  std::vector<std::string> problems;
  for (;;) {
    ASSIGN_OR_RETURN(bool row, check.Step());
    if (!row) break;
    problems.push_back(check.ColumnText(0));
  }
  if (problems.size() == 1 && problems[0] == "ok") return OkStatus();
  return Corruption(
      db_->path() + " fails SQLite's integrity check: " +
      (problems.empty() ? std::string("no answer") : problems[0]) +
      (problems.size() > 1 ? " (and " + std::to_string(problems.size() - 1) + " more)" : ""));
}

}  // namespace proofline::store
