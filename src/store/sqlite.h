// RAII wrapper over the sqlite3 C API: the only file that calls sqlite3_* directly.
// Every SQLite return code becomes a Status carrying SQLite's own message.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/crypto.h"
#include "base/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace proofline::store {

class SqliteStmt;

// One connection. Not thread-safe: use one per thread or guard it.
class SqliteDb {
 public:
  // Opens `path`; creates it only when `create`. NotFound if missing and !create.
  static Result<std::unique_ptr<SqliteDb>> Open(const std::string& path, bool create);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  Status Exec(std::string_view sql);
  Result<SqliteStmt> Prepare(std::string_view sql);
  Result<int64_t> QueryInt(std::string_view sql);  // first column of the first row
  const std::string& path() const { return path_; }

  // Maps an SQLite result code to a Status naming the store file.
  Status Error(int rc, std::string_view what) const;

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// A prepared statement; reset and re-bound for reuse. Parameters are 1-based, columns 0-based.
class SqliteStmt {
 public:
  SqliteStmt(SqliteStmt&& other) noexcept;
  SqliteStmt& operator=(SqliteStmt&& other) noexcept;
  ~SqliteStmt();

  SqliteStmt& Bind(int i, int64_t v);
  SqliteStmt& Bind(int i, std::string_view text);
  SqliteStmt& BindBlob(int i, ByteView blob);
  // Like the above without copying. REQUIRES: the data outlives the next Step/Reset.
  SqliteStmt& BindTextNoCopy(int i, std::string_view text);
  SqliteStmt& BindBlobNoCopy(int i, ByteView blob);
  // Returns true when a row is available, false when done.
  Result<bool> Step();
  Status Run();  // Step to completion, expecting no rows
  void Reset();

  int64_t ColumnInt(int i) const;
  std::string ColumnText(int i) const;
  ByteView ColumnBlob(int i) const;
  bool ColumnIsNull(int i) const;

 private:
  friend class SqliteDb;
  SqliteStmt(const SqliteDb* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  const SqliteDb* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = 0;
};

}  // namespace proofline::store
