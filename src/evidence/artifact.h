// Build artifacts as evidence: SHA-256 fingerprints of a file or of a directory tree. The
// artifact itself is not copied (it may be a multi-gigabyte image); its fingerprint and manifest
// are what the ledger keeps, and an auditor recomputes them from the artifact with standard tools.
//
// A regular file's fingerprint is the SHA-256 of its bytes (what `sha256sum FILE` prints).
//
// A directory's fingerprint is the SHA-256 of the text `sha256sum` prints for every regular file
// under it, one line "<64 lowercase hex>  <relative path>\n" per file, paths relative to the
// directory without a leading "./", sorted bytewise (LC_ALL=C). This reproduces it:
//
//   cd DIR && find . -type f | sed 's|^\./||' | LC_ALL=C sort |
//     xargs -r -d '\n' sha256sum -- | sha256sum
//
// (the go module dirhash "h1" is built the same way). Neither mtimes, owners nor the order files
// were created in take part, so two builds of the same bytes have the same fingerprint. What the
// digest does not cover, the manifest records: each file's size and executable bit.
//
// Rules, chosen so the digest is always what that command prints and fingerprinting is safe:
//   - The path named is resolved like `cd` and `sha256sum` do (a symlink to a file or directory
//     is followed), but a symbolic link inside the tree is refused: following it could leave the
//     tree or count a file twice, and `find -type f` would silently skip it. Dereference links
//     (cp -rL) or fingerprint an archive of the tree instead.
//   - Empty directories are ignored, as git ignores them; a directory without any regular file
//     is refused (an empty build output is a mistake, not evidence).
//   - A file name containing a newline, a carriage return or a backslash is refused: sha256sum
//     escapes such names (and coreutils versions differ on which), and `xargs -d '\n'` cannot
//     pass a newline. Names must be valid UTF-8 (they go into JSON).
//   - FIFOs, sockets and devices are refused from their lstat() type, never opened (opening a
//     FIFO would block until someone writes to it).
//   - Hard links are separate files, as for find and sha256sum.
// The tree must not change while it is fingerprinted (the walk and the reads are not atomic).
//
// Memory: each file is streamed in 64 KiB reads; the manifest holds one entry per file, so it
// grows with the number of files (about 100 bytes each), not with their size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/crypto.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

struct ArtifactEntry {
  std::string path;  // relative to the directory; for a single file, its name
  Hash sha256{};
  uint64_t size = 0;
  bool executable = false;  // the owner's execute bit, as git records it
};

struct ArtifactFingerprint {
  std::string name;    // the last component of the path named
  std::string type;    // "file" | "directory"
  Hash sha256{};       // the file's SHA-256, or the directory's tree digest described above
  uint64_t size = 0;   // total bytes of the regular files
  uint64_t files = 0;  // number of regular files
  // Invariant: sorted bytewise by path; paths (and name) are valid UTF-8.
  std::vector<ArtifactEntry> manifest;

  // {name, type, sha256 (hex), size, files}: the `summary` of evidence events, bounded (no file
  // list).
  Json ToJson() const;
  // Canonical JSON (RFC 8785) of ToJson() plus "manifest": [{path, sha256, size, executable}],
  // what the ledger stores as the artifact's blob. REQUIRES: the invariant above (it holds for
  // anything FingerprintArtifact returns).
  std::string ManifestJson() const;
};

// Fingerprints the regular file or directory at `path`. NotFound if it does not exist;
// InvalidArgument "PATH: ..." naming the offending entry for a symlink inside the tree, a FIFO,
// socket or device, a refused file name, or a directory without regular files; Io "cannot open
// PATH: ..." for an entry that cannot be read. Thread-compatible.
Result<ArtifactFingerprint> FingerprintArtifact(const std::string& path);

}  // namespace proofline::evidence
