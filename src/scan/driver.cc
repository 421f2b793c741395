// The scan driver (see driver.h): selects files (walk or git range), reads them, runs the
// scanners on a bounded pool of threads, positions and orders the findings.
#include "scan/driver.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>

#include "base/glob.h"
#include "scan/fingerprint.h"

namespace proofline::scan {
namespace {

// A file larger than one window is scanned window by window (bounded memory). Windows overlap by
// more than any rule's match and context windows, so a match the first window cuts is whole in
// the next.
constexpr size_t kWindowBytes = size_t{8} << 20;
constexpr size_t kWindowOverlap = size_t{64} << 10;

struct WorkItem {
  std::string shown;                 // the path findings carry
  std::string fs_path;               // paths mode: what to open
  const AddedFile* added = nullptr;  // git mode: the content and its added lines
};

struct ItemResult {
  std::vector<Finding> findings;
  std::vector<SkippedFile> skipped;
  uint64_t bytes = 0;
  bool scanned = false;
};

// An unreadable file is both a finding (high: an unread file proves nothing) and listed unscanned.
Finding Unreadable(const std::string& path, const std::string& error,
                   std::vector<SkippedFile>* skipped) {
  skipped->push_back({path, "unreadable", 0});
  Finding f;
  f.rule_id = kUnreadableRule;
  f.path = path;
  f.severity = Severity::kHigh;
  f.secret_sha256 = ValueSha256(path);
  f.line = f.end_line = f.column = f.end_column = 1;
  f.message = "cannot be read, so it was not scanned: " + error;
  return f;
}

// Walks the PATHs of paths mode into work items, skipped files and unreadable findings.
class Walker {
 public:
  Walker(const std::vector<Glob>& excludes, uint64_t max_file_size)
      : excludes_(excludes), max_(max_file_size) {}

  Status AddRoot(std::string root) {
    while (root.size() > 1 && root.back() == '/') root.pop_back();
    struct stat st;
    if (::stat(root.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR)
        return InvalidArgument(root + ": no such file or directory");
      unreadable.push_back(Unreadable(root, std::strerror(errno), &skipped));
      return OkStatus();
    }
    if (S_ISDIR(st.st_mode)) {
      WalkDir(root, root == "." ? "" : root, "");
    } else {
      size_t slash = root.rfind('/');
      AddFile(root, root, slash == std::string::npos ? root : root.substr(slash + 1), st);
    }
    return OkStatus();
  }

  std::vector<WorkItem> items;
  std::vector<SkippedFile> skipped;
  std::vector<Finding> unreadable;

 private:
  bool Excluded(const std::string& shown, const std::string& rel) const {
    return std::any_of(excludes_.begin(), excludes_.end(), [&](const Glob& g) {
      return g.MatchesPathOrDirectory(rel) || g.MatchesPathOrDirectory(shown);
    });
  }

  void AddFile(const std::string& fs_path, const std::string& shown, const std::string& rel,
               const struct stat& st) {
    if (Excluded(shown, rel)) {
      skipped.push_back({shown, "excluded", static_cast<uint64_t>(st.st_size)});
    } else if (S_ISLNK(st.st_mode)) {
      skipped.push_back({shown, "symlink", 0});
    } else if (!S_ISREG(st.st_mode)) {
      skipped.push_back({shown, "not a regular file", 0});
    } else if (max_ != 0 && static_cast<uint64_t>(st.st_size) > max_) {
      skipped.push_back({shown, "too large", static_cast<uint64_t>(st.st_size)});
    } else {
      items.push_back({shown, fs_path, nullptr});
    }
  }

  void WalkDir(const std::string& dir, const std::string& shown, const std::string& rel) {
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
      unreadable.push_back(Unreadable(shown.empty() ? "." : shown, std::strerror(errno), &skipped));
      return;
    }
    std::vector<std::string> names;
    while (dirent* e = ::readdir(d)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(d);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) {
      std::string child = dir + "/" + name;
      std::string child_shown = shown.empty() ? name : shown + "/" + name;
      std::string child_rel = rel.empty() ? name : rel + "/" + name;
      struct stat st;
      if (::lstat(child.c_str(), &st) != 0) {
        unreadable.push_back(Unreadable(child_shown, std::strerror(errno), &skipped));
      } else if (S_ISDIR(st.st_mode)) {
        if (name != ".git") WalkDir(child, child_shown, child_rel);
      } else {
        AddFile(child, child_shown, child_rel, st);
      }
    }
  }

  const std::vector<Glob>& excludes_;
  uint64_t max_;
};

// Reads up to `want` bytes at `offset` into `buf` (reused across windows and files). False with
// `error` set on a read error; fewer bytes than wanted means the end of the file.
bool ReadAt(int fd, uint64_t offset, size_t want, std::string& buf, std::string* error) {
  buf.resize(want);
  size_t have = 0;
  while (have < want) {
    ssize_t n = ::pread(fd, buf.data() + have, want - have, static_cast<off_t>(offset + have));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      *error = std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  buf.resize(have);
  return true;
}

// Keeps the findings that touch an added line.
void KeepAddedLines(const std::vector<uint32_t>& added, std::vector<Finding>& findings) {
  std::erase_if(findings, [&](const Finding& f) {
    auto it = std::lower_bound(added.begin(), added.end(), f.line);
    return it == added.end() || *it > std::max(f.line, f.end_line);
  });
}

// Scans the file at `item.fs_path` window by window: each window starts at a line start (when the
// overlap holds a newline) and keeps the findings that begin before the next window starts; the
// next window sees the rest whole. Offsets and lines are made the file's. A file at most one
// window long is one window. False (with `error`) when it cannot be read.
bool ScanFile(const WorkItem& item, const std::vector<const Scanner*>& scanners, uint64_t max,
              std::string& buf, ItemResult* r, std::string* error) {
  int fd = ::open(item.fs_path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    *error = std::strerror(errno);
    return false;
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    *error = std::strerror(errno);
    return false;
  }
  // The file as it is now: bytes it gains while being scanned are not read (a snapshot).
  const uint64_t size = static_cast<uint64_t>(st.st_size);
  if (max != 0 && size > max) {  // grew past the limit since the walk
    r->skipped.push_back({item.shown, "too large", size});
    return true;
  }
  uint64_t start = 0, lines_before = 0;
  for (;;) {
    const size_t want = static_cast<size_t>(std::min<uint64_t>(kWindowBytes, size - start));
    if (!ReadAt(fd, start, want, buf, error)) return false;
    const bool last = buf.size() < kWindowBytes || start + buf.size() >= size;
    if (start == 0 && LooksBinary(buf)) {
      r->skipped.push_back({item.shown, "binary", size});
      return true;
    }
    size_t keep = buf.size();  // findings beginning at or past it belong to the next window
    if (!last) {
      const size_t from = buf.size() - kWindowOverlap;
      const void* nl = std::memchr(buf.data() + from, '\n', buf.size() - from);
      keep =
          nl != nullptr ? static_cast<size_t>(static_cast<const char*>(nl) - buf.data()) + 1 : from;
    }
    std::vector<Finding> found;
    for (const Scanner* s : scanners) s->Scan(item.shown, buf, found);
    FillPositions(buf, found);
    for (Finding& f : found) {
      if (!last && f.begin >= keep) continue;
      f.begin += start;
      f.end += start;
      f.line += static_cast<uint32_t>(lines_before);
      f.end_line += static_cast<uint32_t>(lines_before);
      r->findings.push_back(std::move(f));
    }
    if (last) {
      r->bytes = start + buf.size();
      return true;
    }
    lines_before += static_cast<uint64_t>(std::count(buf.begin(), buf.begin() + keep, '\n'));
    start += keep;
  }
}

void ScanItem(const WorkItem& item, const std::vector<const Scanner*>& scanners, uint64_t max,
              std::string& buf, ItemResult* r) {
  if (item.added == nullptr) {
    std::string error;
    if (!ScanFile(item, scanners, max, buf, r, &error)) {
      r->findings.clear();
      r->findings.push_back(Unreadable(item.shown, error, &r->skipped));
      return;
    }
    r->scanned = r->skipped.empty();
    return;
  }
  const std::string_view content = item.added->content;
  for (const Scanner* s : scanners) s->Scan(item.shown, content, r->findings);
  FillPositions(content, r->findings);
  KeepAddedLines(item.added->added_lines, r->findings);
  r->bytes = content.size();
  r->scanned = true;
}

std::vector<ItemResult> ScanAll(const std::vector<WorkItem>& items,
                                const std::vector<const Scanner*>& scanners, uint64_t max,
                                unsigned jobs) {
  std::vector<ItemResult> results(items.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    std::string buf;
    for (size_t i = next++; i < items.size(); i = next++) {
      ScanItem(items[i], scanners, max, buf, &results[i]);
    }
  };
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  jobs = static_cast<unsigned>(std::min<size_t>(jobs, std::max<size_t>(items.size(), 1)));
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  return results;
}

Result<std::vector<Glob>> CompileExcludes(const std::vector<std::string>& patterns) {
  std::vector<Glob> out;
  for (const std::string& p : patterns) {
    ASSIGN_OR_RETURN(Glob g, Glob::Compile(p));
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

RuleInfo UnreadableRuleInfo() {
  RuleInfo info;
  info.id = kUnreadableRule;
  info.name = kUnreadableRule;
  info.description = "A file or directory that could not be read was not scanned";
  info.severity = Severity::kHigh;
  info.security_severity = 7.0;
  info.tags = {"scan"};
  return info;
}

void FillPositions(std::string_view content, std::vector<Finding>& findings) {
  // One sweep over the sorted offsets (begin and end of every finding).
  struct Point {
    uint64_t offset;
    size_t index;
    bool is_end;
  };
  std::vector<Point> points;
  for (size_t i = 0; i < findings.size(); ++i) {
    points.push_back({findings[i].begin, i, false});
    points.push_back({std::max(findings[i].begin, findings[i].end), i, true});
  }
  std::sort(points.begin(), points.end(),
            [](const Point& a, const Point& b) { return a.offset < b.offset; });
  uint64_t pos = 0, line = 1, line_start = 0;
  for (const Point& p : points) {
    uint64_t target = std::min<uint64_t>(p.offset, content.size());
    while (pos < target) {
      const void* nl = std::memchr(content.data() + pos, '\n', target - pos);
      if (nl == nullptr) {
        pos = target;
        break;
      }
      pos = static_cast<uint64_t>(static_cast<const char*>(nl) - content.data()) + 1;
      ++line;
      line_start = pos;
    }
    Finding& f = findings[p.index];
    uint32_t column = static_cast<uint32_t>(target - line_start + 1);
    if (p.is_end) {
      f.end_line = static_cast<uint32_t>(line);
      f.end_column = column;
    } else {
      f.line = static_cast<uint32_t>(line);
      f.column = column;
    }
  }
}

Result<ScanResult> RunScan(const ScanOptions& options,
                           const std::vector<const Scanner*>& scanners) {
  ASSIGN_OR_RETURN(std::vector<Glob> excludes, CompileExcludes(options.excludes));
  ScanResult out;
  std::vector<WorkItem> items;
  GitRangeFiles range;
  if (!options.git_range.empty()) {
    ASSIGN_OR_RETURN(range, ReadGitRange(options.repo, options.git_range, options.max_file_size));
    out.git_base = range.base;
    out.git_target = range.target;
    out.skipped = std::move(range.skipped);
    for (const AddedFile& f : range.files) {
      bool excluded = std::any_of(excludes.begin(), excludes.end(),
                                  [&](const Glob& g) { return g.MatchesPathOrDirectory(f.path); });
      if (excluded) {
        out.skipped.push_back({f.path, "excluded", f.content.size()});
      } else {
        items.push_back({f.path, "", &f});
      }
    }
  } else {
    Walker walker(excludes, options.max_file_size);
    for (const std::string& p : options.paths) RETURN_IF_ERROR(walker.AddRoot(p));
    items = std::move(walker.items);
    out.skipped = std::move(walker.skipped);
    out.findings = std::move(walker.unreadable);
  }
  std::vector<ItemResult> results = ScanAll(items, scanners, options.max_file_size, options.jobs);
  for (ItemResult& r : results) {
    out.files_scanned += r.scanned ? 1 : 0;
    out.bytes_scanned += r.bytes;
    for (Finding& f : r.findings) out.findings.push_back(std::move(f));
    for (SkippedFile& s : r.skipped) out.skipped.push_back(std::move(s));
  }
  std::sort(out.findings.begin(), out.findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.path, a.begin, a.rule_id, a.end) <
           std::tie(b.path, b.begin, b.rule_id, b.end);
  });
  std::sort(out.skipped.begin(), out.skipped.end(),
            [](const SkippedFile& a, const SkippedFile& b) { return a.path < b.path; });
  return out;
}

}  // namespace proofline::scan
