// A content-addressed store for raw evidence files (test reports, scans, SBOMs).
//
// On-disk layout (a format contract; other tools may read it):
//   <store path>.blobs/                    e.g. proofline.db.blobs/, beside the ledger's store
//     sha256/<h0h1>/<64 lowercase hex>     one file per blob, named by the SHA-256 of its bytes
//     .tmp-XXXXXX                          a Put in progress (or one that crashed; safe to delete)
// Why:
// - Named by digest, so identical files are stored once and a ledger event only needs the digest
//   to pin the exact bytes; a changed byte is a different name, never a silent overwrite.
// - The two-hex-digit fan-out keeps directories small (256 of them) as evidence accumulates.
// - A blob is the raw bytes, no header or compression, so `sha256sum` over the file checks it.
// - Temporary files sit in the blob directory itself (same file system), so the final rename is
//   atomic: a blob file either does not exist or is complete and fsynced. Blobs are read-only
//   (mode 0444) once in place.
// - Nothing indexes the blobs: the ledger's `evidence.*` events are the index.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/crypto.h"
#include "base/status.h"

namespace proofline::blob {

// Bytes are streamed through fixed buffers of this size; no blob is ever held in memory whole.
inline constexpr size_t kChunkBytes = 64 * 1024;

struct BlobRef {
  Hash digest{};
  uint64_t size = 0;

  // "sha256:<64 hex>", the form evidence events record.
  std::string DigestString() const;
};

// Thread-compatible: concurrent Puts (also from several processes) are safe because each writes
// its own temporary file and rename is atomic; one BlobStore object is not shared across threads.
class BlobStore {
 public:
  // Fills up to `n` bytes of `buf`; 0 at the end of the input.
  using Source = std::function<Result<size_t>(uint8_t* buf, size_t n)>;

  // `root` is the blob directory; it and its subdirectories are created on the first Put.
  explicit BlobStore(std::string root) : root_(std::move(root)) {}

  // The blob directory that belongs to a store file: "<store_path>.blobs".
  static std::string DirFor(const std::string& store_path);

  // Streams `fd` (read to its end, from its current offset) into the store: hashes while writing
  // a temporary file, fsyncs it, renames it into place and fsyncs the directory. When the blob
  // exists already the temporary file is dropped (deduplication). `what` names the input in
  // errors. Io on any system-call failure; nothing partial is left under sha256/.
  Result<BlobRef> Put(int fd, const std::string& what);
  // Put of the file at `path`; NotFound if it does not exist.
  Result<BlobRef> PutFile(const std::string& path);
  // Put of bytes in memory (e.g. a manifest Proofline wrote itself).
  Result<BlobRef> PutBytes(std::string_view data);

  bool Has(const Hash& digest) const;

  // Streams the blob to `sink` in chunks of at most kChunkBytes while re-hashing it. NotFound if
  // absent; Corruption naming the digest when the bytes do not hash to it (the sink has then seen
  // bad data and must discard it); a sink error stops the read and is returned.
  Status Read(const Hash& digest, const std::function<Status(ByteView)>& sink) const;
  // Verifies a blob without keeping its bytes (Read with a sink that drops them).
  Result<uint64_t> Verify(const Hash& digest) const;

  // Where the blob with this digest lives (whether or not it exists).
  std::string PathOf(const Hash& digest) const;
  const std::string& root() const { return root_; }

 private:
  Status EnsureDirs(const std::string& fanout_dir) const;
  Result<BlobRef> PutFrom(const Source& read);

  std::string root_;
};

}  // namespace proofline::blob
