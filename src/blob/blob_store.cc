// The content-addressed blob store: streamed, hashed, atomically renamed evidence files, and
// reads that re-verify the digest so a damaged blob is reported rather than trusted.
#include "blob/blob_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "base/files.h"

namespace proofline::blob {
namespace {

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// Closes a descriptor at scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Creates `dir` if missing; when it was created, fsyncs its parent so the entry is durable.
Status MakeDirDurable(const std::string& dir) {
  if (mkdir(dir.c_str(), 0755) == 0) return SyncDir(DirName(dir));
  if (errno == EEXIST) return OkStatus();
  return IoError(Errno("cannot create directory", dir));
}

// Reads up to `n` bytes, retrying on EINTR; 0 at end of file.
Result<size_t> ReadSome(int fd, uint8_t* buf, size_t n, const std::string& what) {
  for (;;) {
    ssize_t got = read(fd, buf, n);
    if (got >= 0) return static_cast<size_t>(got);
    if (errno != EINTR) return IoError(Errno("cannot read", what));
  }
}

Status WriteAll(int fd, const uint8_t* data, size_t n, const std::string& path) {
  while (n > 0) {
    ssize_t done = write(fd, data, n);
    if (done < 0 && errno == EINTR) continue;
    if (done < 0) return IoError(Errno("cannot write", path));
    data += done;
    n -= static_cast<size_t>(done);
  }
  return OkStatus();
}

// Copies what `read` yields (0 = the end) to `out` while hashing; returns the digest and size.
Result<BlobRef> CopyHashing(const BlobStore::Source& read, int out, const std::string& out_path) {
  std::vector<uint8_t> buf(kChunkBytes);
  Sha256Stream sha;
  BlobRef ref;
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, read(buf.data(), buf.size()));
    if (n == 0) break;
    sha.Update(ByteView(buf.data(), n));
    RETURN_IF_ERROR(WriteAll(out, buf.data(), n, out_path));
    ref.size += n;
  }
  ref.digest = sha.Finish();
  return ref;
}

// Moves the finished temporary file to `final_path` unless an intact copy is there already.
Status Publish(const std::string& tmp, const std::string& final_path, uint64_t size) {
  struct stat st {};
  if (stat(final_path.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_size) == size) {
    unlink(tmp.c_str());  // deduplicated: the same bytes are stored already
    return OkStatus();
  }
  if (rename(tmp.c_str(), final_path.c_str()) != 0) {
    Status s = IoError(Errno("cannot rename to", final_path));
    unlink(tmp.c_str());
    return s;
  }
  return SyncDir(DirName(final_path));
}

}  // namespace

std::string BlobRef::DigestString() const { return "sha256:" + ToHex(digest); }

std::string BlobStore::DirFor(const std::string& store_path) { return store_path + ".blobs"; }

std::string BlobStore::PathOf(const Hash& digest) const {
  std::string hex = ToHex(digest);
  return root_ + "/sha256/" + hex.substr(0, 2) + "/" + hex;
}

Status BlobStore::EnsureDirs(const std::string& fanout_dir) const {
  RETURN_IF_ERROR(MakeDirDurable(root_));
  RETURN_IF_ERROR(MakeDirDurable(root_ + "/sha256"));
  return MakeDirDurable(fanout_dir);
}

Result<BlobRef> BlobStore::Put(int fd, const std::string& what) {
  return PutFrom([fd, &what](uint8_t* buf, size_t n) { return ReadSome(fd, buf, n, what); });
}

Result<BlobRef> BlobStore::PutBytes(std::string_view data) {
  return PutFrom([&data](uint8_t* buf, size_t n) -> Result<size_t> {
    n = std::min(n, data.size());
    std::memcpy(buf, data.data(), n);
    data.remove_prefix(n);
    return n;
  });
}

Result<BlobRef> BlobStore::PutFrom(const Source& read) {
  RETURN_IF_ERROR(MakeDirDurable(root_));
  std::string tmp = root_ + "/.tmp-XXXXXX";
  Fd out(mkstemp(tmp.data()));
  if (out.get() < 0) return IoError(Errno("cannot create a temporary file in", root_));
  Result<BlobRef> ref = CopyHashing(read, out.get(), tmp);
  Status s = ref.status();
  if (s.ok() && fchmod(out.get(), 0444) != 0) s = IoError(Errno("cannot chmod", tmp));
  if (s.ok() && fsync(out.get()) != 0) s = IoError(Errno("cannot sync", tmp));
  if (s.ok()) s = EnsureDirs(DirName(PathOf(ref->digest)));
  if (s.ok()) s = Publish(tmp, PathOf(ref->digest), ref->size);
  if (!s.ok()) {
    unlink(tmp.c_str());
    return s;
  }
  return ref;
}

Result<BlobRef> BlobStore::PutFile(const std::string& path) {
  Fd in(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) {
    if (errno == ENOENT) return NotFound("no such file: " + path);
    return IoError(Errno("cannot open", path));
  }
  return Put(in.get(), path);
}

bool BlobStore::Has(const Hash& digest) const { return PathExists(PathOf(digest)); }

Status BlobStore::Read(const Hash& digest, const std::function<Status(ByteView)>& sink) const {
  std::string path = PathOf(digest);
  Fd in(open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) {
    if (errno == ENOENT) return NotFound("no blob sha256:" + ToHex(digest));
    return IoError(Errno("cannot open", path));
  }
  std::vector<uint8_t> buf(kChunkBytes);
  Sha256Stream sha;
  for (;;) {
    ASSIGN_OR_RETURN(size_t n, ReadSome(in.get(), buf.data(), buf.size(), path));
    if (n == 0) break;
    sha.Update(ByteView(buf.data(), n));
    RETURN_IF_ERROR(sink(ByteView(buf.data(), n)));
  }
  Hash actual = sha.Finish();
  if (actual != digest) {
    return Corruption("blob sha256:" + ToHex(digest) + " is corrupt: its content hashes to " +
                      ToHex(actual) + " (" + path + ")");
  }
  return OkStatus();
}

Result<uint64_t> BlobStore::Verify(const Hash& digest) const {
  uint64_t size = 0;
  RETURN_IF_ERROR(Read(digest, [&size](ByteView chunk) {
    size += chunk.size();
    return OkStatus();
  }));
  return size;
}

}  // namespace proofline::blob
