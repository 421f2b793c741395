// Small file-system helpers with durable, all-or-nothing writes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/crypto.h"
#include "base/status.h"

namespace proofline {

// Reads a whole file. NotFound if it does not exist; InvalidArgument if it exceeds `max_bytes`.
Result<std::string> ReadFile(const std::string& path, size_t max_bytes = size_t{1} << 30);

// Writes `data` to `path` atomically: a temporary file in the same directory, fsync, rename,
// fsync of the directory. `mode` applies from creation, so a secret is never readable by others.
Status WriteFileAtomic(const std::string& path, const std::string& data, unsigned mode = 0644);

// Writes `data` to `path` once: a temporary file beside it, fsynced, then hard-linked into place
// (which never replaces an existing file) and the directory fsynced. AlreadyExists when `path`
// exists; `mode` applies from creation (0444 for a record nobody should edit).
Status WriteFileOnce(const std::string& path, const std::string& data, unsigned mode = 0444);

// Streams a file into place atomically: data goes to a temporary file beside `path` (buffered),
// Commit() fsyncs it, renames it over `path` and fsyncs the directory. Destroyed without
// Commit(), it removes the temporary file. Not thread-safe.
class AtomicFileWriter {
 public:
  static Result<std::unique_ptr<AtomicFileWriter>> Create(const std::string& path,
                                                          unsigned mode = 0644);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status Append(std::string_view data);
  Status Commit();

 private:
  AtomicFileWriter(std::string path, std::string tmp, int fd)
      : path_(std::move(path)), tmp_(std::move(tmp)), fd_(fd) {}
  Status Flush();

  std::string path_, tmp_;
  int fd_;
  std::string buffer_;
  bool committed_ = false;
};

// SHA-256 and length of the bytes a parse consumed, so a caller can tie its result to the exact
// bytes it later stores.
struct StreamDigest {
  Hash sha256{};
  uint64_t size = 0;
};

// Reads a file front to back in caller-sized chunks, hashing every byte as it goes, so a parser
// can tie its result to the exact bytes it read (and a later store can check it has the same).
// Not thread-safe.
class HashingFileReader {
 public:
  // NotFound for a missing file, Io when it cannot be opened.
  static Result<std::unique_ptr<HashingFileReader>> Open(const std::string& path);
  ~HashingFileReader();
  HashingFileReader(const HashingFileReader&) = delete;
  HashingFileReader& operator=(const HashingFileReader&) = delete;

  // Reads up to `n` bytes into `buf` (retrying on EINTR); 0 at end of file. InvalidArgument for
  // a directory, Io for a read error.
  Result<size_t> Read(void* buf, size_t n);
  // SHA-256 of everything read. Call once, after the last Read.
  Hash digest();
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  HashingFileReader(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
  uint64_t size_ = 0;
  Sha256Stream sha_;
};

bool PathExists(const std::string& path);
std::string DirName(const std::string& path);
Status MakeDir(const std::string& path);
Status SyncDir(const std::string& path);
// Names of the regular files in `dir`, sorted.
Result<std::vector<std::string>> ListDir(const std::string& dir);
// Removes a directory tree we created (used to clean up a failed export).
void RemoveTree(const std::string& path);

// An exclusive advisory lock (flock) on `path` (created 0644 when missing), held while the object
// lives and released by the kernel when the process dies, even by SIGKILL: so a lock that can be
// taken proves its last holder is gone.
class FileLock {
 public:
  // Waits for the lock when `wait`; otherwise Conflict when another process holds it.
  static Result<FileLock> Acquire(const std::string& path, bool wait);
  FileLock(FileLock&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock();

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace proofline
