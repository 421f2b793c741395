// Tests of artifact fingerprints: the digest is exactly what the documented sha256sum pipeline
// prints, it ignores what must not matter (creation order, mtimes, empty directories) and changes
// with what must (bytes, names), and hostile trees (links, FIFOs, odd names) are refused.
#include "evidence/artifact.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "base/files.h"

namespace proofline::evidence {
namespace {

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/proofline_artifact_XXXXXX";
    path_ = mkdtemp(tmpl);
  }
  ~TempDir() { RemoveTree(path_); }
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

 private:
  std::string path_;
};

// Writes `bytes` to `path` with `mode`, creating missing parent directories.
void Put(const std::string& path, const std::string& bytes, mode_t mode = 0644) {
  std::string parent = DirName(path);
  if (!PathExists(parent)) std::filesystem::create_directories(parent);
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(write(fd, bytes.data(), bytes.size()), static_cast<ssize_t>(bytes.size()));
  close(fd);
  chmod(path.c_str(), mode);  // umask must not decide the executable bit
}

ArtifactFingerprint Fingerprint(const std::string& path) {
  Result<ArtifactFingerprint> a = FingerprintArtifact(path);
  EXPECT_TRUE(a.ok()) << a.status().message();
  return a.ok() ? *a : ArtifactFingerprint{};
}

std::string Hex(std::string_view bytes) { return ToHex(Sha256(AsBytes(bytes))); }

void ExpectRefused(const std::string& path, const std::string& named, const std::string& why) {
  Result<ArtifactFingerprint> a = FingerprintArtifact(path);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kInvalidArgument) << a.status().message();
  EXPECT_EQ(a.status().message().rfind(named + ": ", 0), 0u) << a.status().message();
  EXPECT_NE(a.status().message().find(why), std::string::npos) << a.status().message();
  EXPECT_EQ(a.status().message().find('\n'), std::string::npos);
}

TEST(Artifact, SingleFileDigestIsTheSha256OfItsBytes) {
  TempDir dir;
  std::string bytes;
  for (int i = 0; bytes.size() < 3 * 64 * 1024 + 17; ++i) bytes += static_cast<char>(i * 7);
  Put(dir / "app.tar.gz", bytes);
  ArtifactFingerprint a = Fingerprint(dir / "app.tar.gz");
  EXPECT_EQ(a.sha256, Sha256(AsBytes(bytes)));
  EXPECT_EQ(a.ToJson(), Json({{"name", "app.tar.gz"},
                              {"type", "file"},
                              {"sha256", Hex(bytes)},
                              {"size", bytes.size()},
                              {"files", 1}}));
  ASSERT_EQ(a.manifest.size(), 1u);
  EXPECT_EQ(a.manifest[0].path, "app.tar.gz");
  EXPECT_FALSE(a.manifest[0].executable);
}

TEST(Artifact, DirectoryDigestIsTheSha256OfTheSortedSha256sumListing) {
  TempDir dir;
  Put(dir / "dist/bin/app", "ELF", 0755);
  Put(dir / "dist/README", "read me\n");
  ArtifactFingerprint a = Fingerprint(dir / "dist/");
  std::string listing = Hex("read me\n") + "  README\n" + Hex("ELF") + "  bin/app\n";
  EXPECT_EQ(ToHex(a.sha256), Hex(listing));
  EXPECT_EQ(a.ToJson(), Json({{"name", "dist"},
                              {"type", "directory"},
                              {"sha256", Hex(listing)},
                              {"size", 11},
                              {"files", 2}}));
  EXPECT_EQ(a.ManifestJson(),
            "{\"files\":2,\"manifest\":[{\"executable\":false,\"path\":\"README\",\"sha256\":\"" +
                Hex("read me\n") +
                "\",\"size\":8},{\"executable\":true,\"path\":\"bin/app\",\"sha256\":\"" +
                Hex("ELF") + "\",\"size\":3}],\"name\":\"dist\",\"sha256\":\"" + Hex(listing) +
                "\",\"size\":11,\"type\":\"directory\"}");
  EXPECT_EQ(Fingerprint(dir / "dist/bin/.").name, "bin");  // "." is named after what it is
}

TEST(Artifact, DirectoryDigestIgnoresCreationOrderAndMtimes) {
  TempDir one, two;
  Put(one / "b/z.txt", "z");
  Put(one / "a.txt", "a");
  Put(one / "c", "c");
  Put(two / "c", "c");
  Put(two / "a.txt", "a");
  Put(two / "b/z.txt", "z");
  timespec old_times[2] = {{1000000000, 0}, {1000000000, 0}};
  ASSERT_EQ(utimensat(AT_FDCWD, (two / "a.txt").c_str(), old_times, 0), 0);
  ASSERT_EQ(utimensat(AT_FDCWD, (two / "b").c_str(), old_times, 0), 0);
  EXPECT_EQ(Fingerprint(one.path()).sha256, Fingerprint(two.path()).sha256);
}

TEST(Artifact, AChangedByteOrARenamedFileChangesTheDigest) {
  TempDir dir;
  Put(dir / "t/lib.so", "library v1");
  Put(dir / "t/app", "app");
  Hash before = Fingerprint(dir / "t").sha256;
  Put(dir / "t/lib.so", "library v2");
  Hash changed = Fingerprint(dir / "t").sha256;
  EXPECT_NE(changed, before);
  Put(dir / "t/lib.so", "library v1");
  EXPECT_EQ(Fingerprint(dir / "t").sha256, before);
  ASSERT_EQ(rename((dir / "t/app").c_str(), (dir / "t/app2").c_str()), 0);
  EXPECT_NE(Fingerprint(dir / "t").sha256, before);
}

TEST(Artifact, AnAddedEmptyDirectoryChangesNothing) {
  TempDir dir;
  Put(dir / "t/app", "app");
  ArtifactFingerprint before = Fingerprint(dir / "t");
  ASSERT_EQ(mkdir((dir / "t/empty").c_str(), 0755), 0);
  ASSERT_EQ(mkdir((dir / "t/empty/nested").c_str(), 0755), 0);
  ArtifactFingerprint after = Fingerprint(dir / "t");
  EXPECT_EQ(after.sha256, before.sha256);
  EXPECT_EQ(after.ManifestJson(), before.ManifestJson());
}

TEST(Artifact, ExecutableBitIsInTheManifestNotInTheDigest) {
  TempDir dir;
  Put(dir / "t/run.sh", "#!/bin/sh\n", 0644);
  ArtifactFingerprint plain = Fingerprint(dir / "t");
  ASSERT_EQ(chmod((dir / "t/run.sh").c_str(), 0744), 0);
  ArtifactFingerprint executable = Fingerprint(dir / "t");
  EXPECT_EQ(plain.sha256, executable.sha256);
  ASSERT_EQ(executable.manifest.size(), 1u);
  EXPECT_FALSE(plain.manifest[0].executable);
  EXPECT_TRUE(executable.manifest[0].executable);
  EXPECT_NE(plain.ManifestJson(), executable.ManifestJson());
}

TEST(Artifact, SymlinksInsideTheTreeAreRefusedWhereverTheyPoint) {
  TempDir dir;
  Put(dir / "t/libfoo.so.1", "lib");
  ASSERT_EQ(symlink("libfoo.so.1", (dir / "t/libfoo.so").c_str()), 0);
  ExpectRefused(dir / "t", dir / "t/libfoo.so", "a symbolic link (to libfoo.so.1)");
  ASSERT_EQ(unlink((dir / "t/libfoo.so").c_str()), 0);
  ASSERT_EQ(symlink("/etc", (dir / "t/etc").c_str()), 0);
  ExpectRefused(dir / "t", dir / "t/etc", "a symbolic link (to /etc)");
}

TEST(Artifact, ASymlinkNamedAsTheArtifactIsFollowed) {
  TempDir dir;
  Put(dir / "build-42/app", "app");
  ASSERT_EQ(symlink("build-42", (dir / "current").c_str()), 0);
  ArtifactFingerprint link = Fingerprint(dir / "current");
  EXPECT_EQ(link.name, "current");
  EXPECT_EQ(link.type, "directory");
  EXPECT_EQ(link.sha256, Fingerprint(dir / "build-42").sha256);
}

// If the FIFO were opened, open() would block until a writer came: a watchdog then keeps opening
// the write end so the test fails instead of hanging.
TEST(Artifact, AFifoIsRefusedWithoutBeingOpened) {
  TempDir dir;
  Put(dir / "t/app", "app");
  std::string fifo = dir / "t/pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0644), 0);
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false, fired = false;
  std::thread watchdog([&] {
    std::unique_lock<std::mutex> lock(mu);
    auto timeout = std::chrono::seconds(10);
    while (!done_cv.wait_for(lock, timeout, [&] { return done; })) {
      fired = true;
      int fd = open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
      if (fd >= 0) close(fd);
      timeout = std::chrono::seconds(1);
    }
  });
  ExpectRefused(dir / "t", fifo, "a FIFO");
  ExpectRefused(fifo, fifo, "a FIFO");
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
  }
  done_cv.notify_one();
  watchdog.join();
  EXPECT_FALSE(fired);
}

TEST(Artifact, DevicesAreRefused) { ExpectRefused("/dev/null", "/dev/null", "character device"); }

TEST(Artifact, AMissingPathIsNotFound) {
  Result<ArtifactFingerprint> a = FingerprintArtifact("/nonexistent/dist");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().code(), StatusCode::kNotFound);
  EXPECT_NE(a.status().message().find("/nonexistent/dist"), std::string::npos);
}

TEST(Artifact, ADirectoryWithoutRegularFilesIsRefused) {
  TempDir dir;
  ASSERT_EQ(mkdir((dir / "t").c_str(), 0755), 0);
  ASSERT_EQ(mkdir((dir / "t/empty").c_str(), 0755), 0);
  ExpectRefused(dir / "t", dir / "t", "no regular files");
}

TEST(Artifact, NamesSha256sumWouldEscapeAreRefused) {
  TempDir dir;
  Put(dir / "t/ok", "ok");
  Put(dir / "t/two\nlines", "x");
  ExpectRefused(dir / "t", dir / "t/two?lines", "newline, carriage return or backslash");
  ASSERT_EQ(unlink((dir / "t/two\nlines").c_str()), 0);
  Put(dir / "t/c:\\windows", "x");
  ExpectRefused(dir / "t", dir / "t/c:\\windows", "newline, carriage return or backslash");
  ASSERT_EQ(unlink((dir / "t/c:\\windows").c_str()), 0);
  Put(dir / "t/latin1-\xe9", "x");
  ExpectRefused(dir / "t", dir / "t/latin1-\xe9", "not valid UTF-8");
}

// Runs FingerprintArtifact(path) as an unprivileged user (root reads any file), returning the
// status code and message through a pipe.
std::pair<int, std::string> FingerprintAsNobody(const std::string& path) {
  int fds[2];
  if (pipe(fds) != 0) return {-1, "pipe"};
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    int code = -2;
    std::string message = "cannot drop privileges";
    if (setgid(65534) == 0 && setuid(65534) == 0) {
      Result<ArtifactFingerprint> a = FingerprintArtifact(path);
      code = static_cast<int>(a.status().code());
      message = a.status().message();
    }
    std::string out = std::to_string(code) + " " + message;
    (void)!write(fds[1], out.data(), out.size());
    _exit(0);
  }
  close(fds[1]);
  std::string out;
  char buf[512];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, n);
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  size_t space = out.find(' ');
  if (space == std::string::npos) return {-1, out};
  return {std::atoi(out.substr(0, space).c_str()), out.substr(space + 1)};
}

TEST(Artifact, AnUnreadableFileIsAnErrorNamingIt) {
  TempDir dir;
  ASSERT_EQ(chmod(dir.path().c_str(), 0755), 0);
  Put(dir / "t/public", "p");
  Put(dir / "t/secret.key", "s", 0000);
  auto [code, message] = geteuid() == 0 ? FingerprintAsNobody(dir / "t") : [&] {
    Result<ArtifactFingerprint> a = FingerprintArtifact(dir / "t");
    return std::make_pair(static_cast<int>(a.status().code()), a.status().message());
  }();
  EXPECT_EQ(code, static_cast<int>(StatusCode::kIo)) << message;
  EXPECT_EQ(message, "cannot open " + (dir / "t/secret.key") + ": Permission denied");
}

// The documented pipeline, run by /bin/sh, prints the same digest for names that sort
// differently per directory than bytewise ("a-b" < "a.b" < "a/b"), upper before lower case,
// UTF-8 after ASCII, a leading dash, spaces and dot files.
TEST(Artifact, DigestMatchesTheDocumentedSha256sumPipeline) {
  if (std::system("command -v sha256sum >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "sha256sum is not installed";
  }
  TempDir dir;
  std::string t = dir / "tree";
  for (const char* name : {"a-b", "a.b", "a/b", "B", "a/c/d/deep.bin", "\xc3\xa9t\xc3\xa9.txt",
                           "z.txt", "-rf.txt", "with space", ".hidden", "x/.keep"}) {
    Put(t + "/" + name, std::string("content of ") + name);
  }
  ASSERT_EQ(mkdir((t + "/empty").c_str(), 0755), 0);
  ArtifactFingerprint a = Fingerprint(t);
  EXPECT_EQ(a.files, 11u);
  std::string command = "cd '" + t +
                        "' && find . -type f | sed 's|^\\./||' | LC_ALL=C sort | "
                        "xargs -r -d '\\n' sha256sum -- | sha256sum";
  FILE* shell = popen(command.c_str(), "r");
  ASSERT_NE(shell, nullptr);
  char out[65] = {};
  size_t n = fread(out, 1, 64, shell);
  pclose(shell);
  ASSERT_EQ(n, 64u);
  EXPECT_EQ(ToHex(a.sha256), std::string(out, 64));
}

}  // namespace
}  // namespace proofline::evidence
