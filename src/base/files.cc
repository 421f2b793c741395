// File helpers: whole-file reads and crash-safe atomic writes (temp file, fsync, rename).
#include "base/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace proofline {
namespace {

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

Status WriteAll(int fd, const std::string& data, const std::string& path) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return IoError(Errno("cannot write", path));
    done += static_cast<size_t>(n);
  }
  return OkStatus();
}

}  // namespace

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no such file: " + path);
    return IoError(Errno("cannot open", path));
  }
  std::string out;
  char buf[1 << 16];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Status s = IoError(Errno("cannot read", path));
      close(fd);
      return s;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.size() > max_bytes) {
      close(fd);
      return InvalidArgument(path + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
  }
  close(fd);
  return out;
}

Result<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(const std::string& path,
                                                                   unsigned mode) {
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return IoError(Errno("cannot create", tmp));
  return std::unique_ptr<AtomicFileWriter>(new AtomicFileWriter(path, tmp, fd));
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) close(fd_);
  if (!committed_) unlink(tmp_.c_str());
}

Status AtomicFileWriter::Flush() {
  Status s = WriteAll(fd_, buffer_, tmp_);
  buffer_.clear();
  return s;
}

Status AtomicFileWriter::Append(std::string_view data) {
  buffer_.append(data);
  return buffer_.size() >= (1 << 20) ? Flush() : OkStatus();
}

Status AtomicFileWriter::Commit() {
  RETURN_IF_ERROR(Flush());
  if (fsync(fd_) != 0) return IoError(Errno("cannot sync", tmp_));
  close(fd_);
  fd_ = -1;
  if (rename(tmp_.c_str(), path_.c_str()) != 0) return IoError(Errno("cannot rename to", path_));
  committed_ = true;
  return SyncDir(DirName(path_));
}

Status WriteFileAtomic(const std::string& path, const std::string& data, unsigned mode) {
  ASSIGN_OR_RETURN(std::unique_ptr<AtomicFileWriter> w, AtomicFileWriter::Create(path, mode));
  RETURN_IF_ERROR(w->Append(data));
  return w->Commit();
}

Status WriteFileOnce(const std::string& path, const std::string& data, unsigned mode) {
  if (PathExists(path)) return AlreadyExists(path + " already exists; it is never replaced");
  std::string tmp = path + ".tmp." + std::to_string(getpid());
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return IoError(Errno("cannot create", tmp));
  Status s;
  for (size_t done = 0; s.ok() && done < data.size();) {
    ssize_t n = write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) s = IoError(Errno("cannot write", tmp));
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (s.ok() && fsync(fd) != 0) s = IoError(Errno("cannot sync", tmp));
  close(fd);
  if (s.ok() && link(tmp.c_str(), path.c_str()) != 0) {
    s = errno == EEXIST ? AlreadyExists(path + " already exists; it is never replaced")
                        : IoError(Errno("cannot link", path));
  }
  unlink(tmp.c_str());
  if (s.ok()) s = SyncDir(DirName(path));
  return s;
}

Result<std::unique_ptr<HashingFileReader>> HashingFileReader::Open(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return NotFound("no such file: " + path);
    return IoError(Errno("cannot open", path));
  }
  return std::unique_ptr<HashingFileReader>(new HashingFileReader(path, fd));
}

HashingFileReader::~HashingFileReader() { close(fd_); }

Result<size_t> HashingFileReader::Read(void* buf, size_t n) {
  for (;;) {
    ssize_t got = read(fd_, buf, n);
    if (got >= 0) {
      sha_.Update(ByteView(static_cast<const uint8_t*>(buf), static_cast<size_t>(got)));
      size_ += static_cast<uint64_t>(got);
      return static_cast<size_t>(got);
    }
    if (errno == EISDIR) return InvalidArgument(path_ + " is a directory, not a file");
    if (errno != EINTR) return IoError(Errno("cannot read", path_));
  }
}

Hash HashingFileReader::digest() { return sha_.Finish(); }

bool PathExists(const std::string& path) {
  struct stat st {};
  return lstat(path.c_str(), &st) == 0;
}

std::string DirName(const std::string& path) {
  std::string parent = std::filesystem::path(path).parent_path().string();
  return parent.empty() ? "." : parent;
}

Status MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0) return IoError(Errno("cannot create directory", path));
  return OkStatus();
}

Status SyncDir(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return IoError(Errno("cannot open directory", path));
  int rc = fsync(fd);
  close(fd);
  if (rc != 0) return IoError(Errno("cannot sync directory", path));
  return OkStatus();
}

Result<std::vector<std::string>> ListDir(const std::string& dir) {
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    if (errno == ENOENT) return NotFound("no such directory: " + dir);
    return IoError(Errno("cannot list", dir));
  }
  std::vector<std::string> names;
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    struct stat st {};
    if (stat((dir + "/" + name).c_str(), &st) == 0 && S_ISREG(st.st_mode)) names.push_back(name);
  }
  closedir(d);
  std::sort(names.begin(), names.end());
  return names;
}

void RemoveTree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

Result<FileLock> FileLock::Acquire(const std::string& path, bool wait) {
  // Read-only and world-readable: flock needs no write access, so another account sharing the
  // store (a deployer, a witness) can take the same lock.
  int fd = ::open(path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) return IoError("cannot open " + path + ": " + std::strerror(errno));
  while (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    if (errno == EINTR) continue;
    const int err = errno;
    ::close(fd);
    if (err == EWOULDBLOCK) return Conflict(path + " is held by another process");
    return IoError("cannot lock " + path + ": " + std::strerror(err));
  }
  return FileLock(fd);
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace proofline
