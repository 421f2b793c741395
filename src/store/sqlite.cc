// sqlite3 C API wrapper (see sqlite.h): RAII handles and SQLite errors as Status.
#include "store/sqlite.h"

#include <sqlite3.h>
#include <sys/stat.h>

namespace proofline::store {

Result<std::unique_ptr<SqliteDb>> SqliteDb::Open(const std::string& path, bool create) {
  struct stat st {};
  if (!create && stat(path.c_str(), &st) != 0) {
    return NotFound("no store at " + path + " (create one with `proofline init`)");
  }
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return IoError("cannot open store " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  return std::unique_ptr<SqliteDb>(new SqliteDb(db, path));
}

SqliteDb::~SqliteDb() { sqlite3_close_v2(db_); }

Status SqliteDb::Error(int rc, std::string_view what) const {
  std::string msg = std::string(what) + " in " + path_ + ": " + sqlite3_errmsg(db_);
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
      return InvalidArgument(path_ + " is not a Proofline store (not an SQLite database)");
    case SQLITE_CORRUPT:
      return Corruption("store " + path_ + " is damaged: " + sqlite3_errmsg(db_));
    case SQLITE_CONSTRAINT:
      return Conflict(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return IoError(msg + " (another process holds the store; retry)");
    default:
      return IoError(msg);
  }
}

Status SqliteDb::Exec(std::string_view sql) {
  std::string s(sql);
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "statement failed");
  return OkStatus();
}

Result<SqliteStmt> SqliteDb::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return Error(rc, "prepare failed");
  return SqliteStmt(this, stmt);
}

Result<int64_t> SqliteDb::QueryInt(std::string_view sql) {
  ASSIGN_OR_RETURN(SqliteStmt stmt, Prepare(sql));
  ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) return NotFound("query returned no row: " + std::string(sql));
  return stmt.ColumnInt(0);
}

SqliteStmt::SqliteStmt(SqliteStmt&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), bind_rc_(other.bind_rc_) {
  other.stmt_ = nullptr;
}

SqliteStmt& SqliteStmt::operator=(SqliteStmt&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    bind_rc_ = other.bind_rc_;
    other.stmt_ = nullptr;
  }
  return *this;
}

SqliteStmt::~SqliteStmt() { sqlite3_finalize(stmt_); }

SqliteStmt& SqliteStmt::Bind(int i, int64_t v) {
  int rc = sqlite3_bind_int64(stmt_, i, v);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

SqliteStmt& SqliteStmt::Bind(int i, std::string_view text) {
  int rc =
      sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

SqliteStmt& SqliteStmt::BindBlob(int i, ByteView blob) {
  int rc =
      sqlite3_bind_blob(stmt_, i, blob.data(), static_cast<int>(blob.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

SqliteStmt& SqliteStmt::BindTextNoCopy(int i, std::string_view text) {
  int rc = sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

SqliteStmt& SqliteStmt::BindBlobNoCopy(int i, ByteView blob) {
  int rc = sqlite3_bind_blob(stmt_, i, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) bind_rc_ = rc;
  return *this;
}

Result<bool> SqliteStmt::Step() {
  if (bind_rc_ != SQLITE_OK) {
    int rc = bind_rc_;
    bind_rc_ = SQLITE_OK;
    return db_->Error(rc, "bind failed");
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Status err = db_->Error(rc, "query failed");
  sqlite3_reset(stmt_);
  return err;
}

Status SqliteStmt::Run() {
  ASSIGN_OR_RETURN(bool row, Step());
  (void)row;
  Reset();
  return OkStatus();
}

void SqliteStmt::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t SqliteStmt::ColumnInt(int i) const { return sqlite3_column_int64(stmt_, i); }

std::string SqliteStmt::ColumnText(int i) const {
  const unsigned char* p = sqlite3_column_text(stmt_, i);
  return p == nullptr ? std::string()
                      : std::string(reinterpret_cast<const char*>(p),
                                    static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

ByteView SqliteStmt::ColumnBlob(int i) const {
  const void* p = sqlite3_column_blob(stmt_, i);
  int n = sqlite3_column_bytes(stmt_, i);
  return {static_cast<const uint8_t*>(p), static_cast<size_t>(n)};
}

bool SqliteStmt::ColumnIsNull(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

}  // namespace proofline::store
