// The coverage summariser: tells Cobertura from LCOV by the first significant line, streams either
// into per-file tallies of lines, branches and functions that merge repeated listings, and counts
// the summary from those tallies once the whole report has been read.
#include "evidence/coverage.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <unordered_map>

#include "base/files.h"
#include "base/text.h"
#include "evidence/xml.h"

namespace proofline::evidence {
namespace {

constexpr size_t kReadBytes = 64 * 1024;
constexpr double kRateTolerance = 0.0005;
constexpr uint64_t kMaxDeclaredCount = 0xFFFFFFFF;  // a BRF, FNF or condition-coverage total
constexpr uint64_t kMaxJsonInteger = uint64_t{1} << 53;
constexpr size_t kMaxQuotedBytes = 60;
constexpr size_t kCompactSlack = 4096;
constexpr std::string_view kBom = "\xEF\xBB\xBF";

Status NotCoverage(const std::string& name, const std::string& detail) {
  return InvalidArgument(name + ": not a Cobertura XML report or an LCOV tracefile" + detail);
}

// ----- Numbers and names

// A decimal number of digits only (no sign, no spaces) no larger than `max`.
std::optional<uint64_t> ParseUint(std::string_view s, uint64_t max) {
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v > max) return std::nullopt;
  return v;
}

// Whether an execution count is non-zero; nullopt when it is not a count. The count is not
// converted, so one beyond 64 bits (a hot loop over a long run) still reads.
std::optional<bool> ParseHits(std::string_view s) {
  if (s.empty()) return std::nullopt;
  bool nonzero = false;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    nonzero = nonzero || c != '0';
  }
  return nonzero;
}

// The length of the well-formed UTF-8 sequence at s[i] (RFC 3629), 0 if there is none.
size_t Utf8SequenceAt(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = byte(0);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + n > s.size() || byte(1) < lo || byte(1) > hi) return 0;
  for (size_t k = 2; k < n; ++k) {
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  }
  return n;
}

// `s` with every byte outside a well-formed UTF-8 sequence replaced by '?': LCOV paths are
// whatever bytes the build machine's file system held, and the summary must be valid JSON.
std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceAt(s, i);
    out.append(n == 0 ? std::string_view("?") : s.substr(i, n));
    i += n == 0 ? 1 : n;
  }
  return out;
}

// A file name as shown and merged: valid UTF-8, '/' for '\', at most kMaxCoveragePathBytes.
std::string DisplayPath(std::string_view raw) {
  std::string s = ValidUtf8(raw.substr(0, kMaxCoveragePathBytes + 4));  // + a sequence cut short
  std::replace(s.begin(), s.end(), '\\', '/');
  return std::string(Utf8Prefix(s, kMaxCoveragePathBytes));
}

// `s` cut short, quoted, with anything but printable ASCII replaced: error messages are one line.
std::string Quoted(std::string_view s) { return "\"" + AsciiExcerpt(s, kMaxQuotedBytes) + "\""; }

// `s` without leading and trailing blanks, the '\r' of a CRLF line ending among them.
std::string_view Trim(std::string_view s) { return TrimBlanks(s, " \t\r"); }

// FNV-1a over `parts` with a separator, cut to 63 bits (a Mark's key). Identifies LCOV branches
// and functions by what their lines say; a collision would merge two of them, which the
// producer of the file could have written directly anyway.
uint64_t KeyOf(std::initializer_list<std::string_view> parts) {
  uint64_t h = 14695981039346656037ull;
  for (std::string_view p : parts) {
    for (char c : p) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    h = (h ^ 0xFF) * 1099511628211ull;
  }
  return h >> 1;
}

bool AddCount(uint64_t* total, uint64_t n) {
  if (n > kMaxJsonInteger - *total) return false;
  *total += n;
  return true;
}

// ----- Per-file tallies

// A line, branch or function and whether it ran, in 8 bytes.
class Mark {
 public:
  // REQUIRES: key < 2^63.
  Mark(uint64_t key, bool hit) : bits_(key << 1 | (hit ? 1 : 0)) {}
  uint64_t key() const { return bits_ >> 1; }
  bool hit() const { return (bits_ & 1) != 0; }
  void Merge(const Mark& o) { bits_ |= o.bits_ & 1; }

 private:
  uint64_t bits_;
};

// A Cobertura line's condition-coverage "(covered/total)".
struct ConditionLine {
  uint32_t line, covered, total;
  uint64_t key() const { return line; }
  void Merge(const ConditionLine& o) {
    covered = std::max(covered, o.covered);
    total = std::max(total, o.total);
  }
};

// Entries merged by key. Repeats are merged (sorted and folded) whenever they could have doubled
// the entries since the last merge, so memory stays within about twice the distinct keys.
template <typename Entry>
class Tally {
 public:
  void Add(const Entry& e) {
    entries_.push_back(e);
    if (entries_.size() >= 2 * merged_ + kCompactSlack) Compact();
  }
  void Compact() {
    std::sort(entries_.begin(), entries_.end(),
              [](const Entry& a, const Entry& b) { return a.key() < b.key(); });
    size_t out = 0;
    for (size_t i = 0; i < entries_.size(); ++i) {
      if (out > 0 && entries_[out - 1].key() == entries_[i].key()) {
        entries_[out - 1].Merge(entries_[i]);
      } else {
        entries_[out++] = entries_[i];
      }
    }
    entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(out), entries_.end());
    merged_ = out;
  }
  bool empty() const { return entries_.empty(); }
  // REQUIRES: Compact() after the last Add().
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::vector<Entry> entries_;
  size_t merged_ = 0;
};

// A producer's own found/hit totals (LCOV BRF/BRH, FNF/FNH), used when there is no detail.
struct Declared {
  uint64_t found = 0, hit = 0;
  void Max(uint64_t f, uint64_t h) {
    found = std::max(found, f);
    hit = std::max(hit, h);
  }
};

struct FileCounts {
  uint64_t lines = 0, lines_hit = 0, branches = 0, branches_hit = 0;
  uint64_t functions = 0, functions_hit = 0;
};

void CountMarks(Tally<Mark>* tally, uint64_t* found, uint64_t* hit) {
  tally->Compact();
  for (const Mark& m : tally->entries()) {
    ++*found;
    if (m.hit()) ++*hit;
  }
}

struct FileTally {
  Tally<Mark> lines;                               // keyed by line number
  Tally<Mark> branches;                            // LCOV BRDA, keyed by line, block and branch
  Tally<ConditionLine> conditions;                 // Cobertura condition-coverage, by line
  Tally<Mark> functions;                           // LCOV, keyed by name (and occurrence)
  Declared declared_branches, declared_functions;  // of records without the detail

  FileCounts Count() {
    FileCounts c;
    CountMarks(&lines, &c.lines, &c.lines_hit);
    CountMarks(&branches, &c.branches, &c.branches_hit);
    conditions.Compact();
    for (const ConditionLine& l : conditions.entries()) {
      c.branches += l.total;
      c.branches_hit += l.covered;
    }
    if (branches.empty() && conditions.empty()) {
      c.branches = declared_branches.found;
      c.branches_hit = declared_branches.hit;
    }
    CountMarks(&functions, &c.functions, &c.functions_hit);
    if (functions.empty()) {
      c.functions = declared_functions.found;
      c.functions_hit = declared_functions.hit;
    }
    return c;
  }
};

// Every file of a report by display name, and the summary counted from them.
class Accumulator {
 public:
  // The tally of the file named `raw` (normalised by DisplayPath).
  FileTally* File(std::string_view raw) { return &files_[DisplayPath(raw)]; }
  // InvalidArgument "NAME: ..." when declared totals add up beyond what JSON holds exactly.
  Result<CoverageSummary> Finish(CoverageFormat format, const std::string& name);

 private:
  std::map<std::string, FileTally> files_;  // ordered by name: ties in least_covered
};

Result<CoverageSummary> Accumulator::Finish(CoverageFormat format, const std::string& name) {
  CoverageSummary s;
  s.format = format;
  s.files = files_.size();
  struct Ranked {
    const std::string* file;
    uint64_t lines, lines_hit;
  };
  std::vector<Ranked> ranked;
  for (auto& [file, tally] : files_) {
    FileCounts c = tally.Count();
    if (!AddCount(&s.lines_valid, c.lines) || !AddCount(&s.lines_covered, c.lines_hit) ||
        !AddCount(&s.branches_valid, c.branches) ||
        !AddCount(&s.branches_covered, c.branches_hit) ||
        !AddCount(&s.functions_valid, c.functions) ||
        !AddCount(&s.functions_covered, c.functions_hit)) {
      return InvalidArgument(name + ": declared branch or function counts add up beyond 2^53");
    }
    if (c.lines > 0) ranked.push_back({&file, c.lines, c.lines_hit});
  }
  // Equal fractions divide to the same double, so equal rates tie and fall back to the name.
  auto lower = [](const Ranked& a, const Ranked& b) {
    double ra = static_cast<double>(a.lines_hit) / static_cast<double>(a.lines);
    double rb = static_cast<double>(b.lines_hit) / static_cast<double>(b.lines);
    return ra != rb ? ra < rb : *a.file < *b.file;
  };
  auto end =
      ranked.begin() + static_cast<std::ptrdiff_t>(std::min(ranked.size(), kMaxLeastCoveredFiles));
  std::partial_sort(ranked.begin(), end, ranked.end(), lower);
  for (auto it = ranked.begin(); it != end; ++it) {
    s.least_covered.push_back({*it->file, it->lines, it->lines_hit});
  }
  return s;
}

// ----- Cobertura

// "50% (1/2)" (gcovr, coverage.py), "66.66% (2/3)" (coverlet): the counts in parentheses.
std::optional<ConditionLine> ParseConditionCoverage(uint32_t line, std::string_view text) {
  text = Trim(text);
  size_t open = text.rfind('('), slash = text.rfind('/');
  if (open == std::string_view::npos || slash == std::string_view::npos || slash < open ||
      text.back() != ')') {
    return std::nullopt;
  }
  auto covered = ParseUint(text.substr(open + 1, slash - open - 1), kMaxDeclaredCount);
  auto total = ParseUint(text.substr(slash + 1, text.size() - slash - 2), kMaxDeclaredCount);
  if (!covered || !total || *covered > *total) return std::nullopt;
  return ConditionLine{line, static_cast<uint32_t>(*covered), static_cast<uint32_t>(*total)};
}

class CoberturaHandler : public XmlHandler {
 public:
  explicit CoberturaHandler(Accumulator* files) : files_(files) {}

  Status OnStart(std::string_view name, const XmlAttrs& attrs, size_t depth) override;
  Status OnEnd(std::string_view name, size_t depth) override;

  // The root element's name when it is not <coverage>.
  const std::optional<std::string>& foreign_root() const { return foreign_root_; }
  // Whether the root's line-rate or branch-rate disagrees with the counted `s`.
  bool DeclaredMismatch(const CoverageSummary& s) const;

 private:
  void ReadDeclaredRates(const XmlAttrs& attrs);
  Status AddLine(const XmlAttrs& attrs);

  Accumulator* files_;
  FileTally* class_file_ = nullptr;  // the file of the open <class>
  size_t class_depth_ = 0;
  bool in_class_lines_ = false;  // inside the open <class>'s own <lines>
  std::optional<double> line_rate_, branch_rate_;
  bool unreadable_rate_ = false;
  std::optional<std::string> foreign_root_;
};

Status CoberturaHandler::OnStart(std::string_view name, const XmlAttrs& attrs, size_t depth) {
  if (depth == 0) {
    if (name != "coverage") {
      foreign_root_ = std::string(Utf8Prefix(name, kMaxQuotedBytes));
      return InvalidArgument("the root element is not <coverage>");
    }
    ReadDeclaredRates(attrs);
    return OkStatus();
  }
  if (class_file_ == nullptr) {
    if (name == "class") {
      class_file_ = files_->File(attrs.Get("filename").value_or(attrs.Get("name").value_or("")));
      class_depth_ = depth;
    }
    return OkStatus();
  }
  if (depth == class_depth_ + 1 && name == "lines") in_class_lines_ = true;
  if (depth == class_depth_ + 2 && in_class_lines_ && name == "line") return AddLine(attrs);
  return OkStatus();
}

Status CoberturaHandler::OnEnd(std::string_view name, size_t depth) {
  if (class_file_ == nullptr) return OkStatus();
  if (depth == class_depth_) {
    class_file_ = nullptr;
    in_class_lines_ = false;
  } else if (depth == class_depth_ + 1 && name == "lines") {
    in_class_lines_ = false;
  }
  return OkStatus();
}

void CoberturaHandler::ReadDeclaredRates(const XmlAttrs& attrs) {
  auto read = [this](std::optional<std::string_view> text, std::optional<double>* rate) {
    if (!text) return;
    double v = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc() || end != text->data() + text->size() || !std::isfinite(v)) {
      unreadable_rate_ = true;
      return;
    }
    *rate = v;
  };
  read(attrs.Get("line-rate"), &line_rate_);
  read(attrs.Get("branch-rate"), &branch_rate_);
}

Status CoberturaHandler::AddLine(const XmlAttrs& attrs) {
  std::string_view number_text = attrs.Get("number").value_or("");
  std::optional<uint64_t> number = ParseUint(number_text, UINT32_MAX);
  if (!number) {
    return InvalidArgument("<line number=" + Quoted(number_text) + ">: not a line number");
  }
  std::string_view hits_text = attrs.Get("hits").value_or("");
  std::optional<bool> hit = ParseHits(hits_text);
  if (!hit) return InvalidArgument("<line hits=" + Quoted(hits_text) + ">: not a hit count");
  class_file_->lines.Add(Mark(*number, *hit));
  std::optional<std::string_view> conditions = attrs.Get("condition-coverage");
  if (!conditions) return OkStatus();
  std::optional<ConditionLine> c =
      ParseConditionCoverage(static_cast<uint32_t>(*number), *conditions);
  if (!c) {
    return InvalidArgument("<line condition-coverage=" + Quoted(*conditions) +
                           ">: not \"N% (covered/total)\"");
  }
  if (c->total > 0) class_file_->conditions.Add(*c);
  return OkStatus();
}

bool CoberturaHandler::DeclaredMismatch(const CoverageSummary& s) const {
  auto differs = [](const std::optional<double>& declared, uint64_t covered, uint64_t valid) {
    if (!declared || valid == 0) return false;
    double counted = static_cast<double>(covered) / static_cast<double>(valid);
    return std::fabs(*declared - counted) > kRateTolerance;
  };
  return unreadable_rate_ || differs(line_rate_, s.lines_covered, s.lines_valid) ||
         differs(branch_rate_, s.branches_covered, s.branches_valid);
}

// ----- LCOV

// Lines of a text, or of a file read in kReadBytes chunks (hashed as read), without their "\n"
// (the '\r' of CRLF files is trimmed with other trailing blanks by the callers). A line longer
// than kMaxLcovLineBytes is an error, which bounds the buffer.
class LineReader {
 public:
  LineReader(std::string_view text, std::string name)
      : name_(std::move(name)), data_(text), at_eof_(true) {}
  explicit LineReader(HashingFileReader* file) : name_(file->path()), file_(file) {}

  // The next line, valid until the next call; nullopt after the last.
  Result<std::optional<std::string_view>> Next();
  // The 1-based number of the line Next() returned last.
  uint64_t number() const { return number_; }
  // Before the first Next(): whether the first byte that is not blank (after a byte order mark)
  // is '<', reading no further than that byte. A minified Cobertura report is one line of any
  // length; it must not meet the LCOV line limit before it is known to be XML.
  Result<bool> StartsWithMarkup();

 private:
  Status Fill();
  Status TooLong() const {
    return InvalidArgument(name_ + ":" + std::to_string(number_ + 1) + ": line longer than " +
                           std::to_string(kMaxLcovLineBytes) + " bytes");
  }

  std::string name_;
  HashingFileReader* file_ = nullptr;  // null for a text
  std::string buf_;
  std::string_view data_;  // the text, or buf_
  size_t pos_ = 0;         // the first byte of data_ not returned yet
  size_t scanned_ = 0;     // data_[pos_, scanned_) holds no '\n'
  bool at_eof_ = false;
  uint64_t number_ = 0;
};

Result<std::optional<std::string_view>> LineReader::Next() {
  std::string_view line;
  for (;;) {
    size_t nl = data_.find('\n', scanned_);
    if (nl != std::string_view::npos) {
      line = data_.substr(pos_, nl - pos_);
      pos_ = scanned_ = nl + 1;
      break;
    }
    if (at_eof_) {
      if (pos_ == data_.size()) return std::optional<std::string_view>();
      line = data_.substr(pos_);
      pos_ = scanned_ = data_.size();
      break;
    }
    if (data_.size() - pos_ > kMaxLcovLineBytes) return TooLong();
    scanned_ = data_.size();
    RETURN_IF_ERROR(Fill());
  }
  if (line.size() > kMaxLcovLineBytes) return TooLong();
  ++number_;
  return std::optional<std::string_view>(line);
}

Result<bool> LineReader::StartsWithMarkup() {
  for (;;) {
    std::string_view rest = data_.substr(pos_);
    if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
    size_t i = rest.find_first_not_of(" \t\r\n");
    if (i != std::string_view::npos) return rest[i] == '<';
    if (at_eof_ || data_.size() - pos_ > kMaxLcovLineBytes) return false;
    RETURN_IF_ERROR(Fill());
  }
}

Status LineReader::Fill() {
  buf_.erase(0, pos_);
  scanned_ -= pos_;
  pos_ = 0;
  size_t kept = buf_.size();
  buf_.resize(kept + kReadBytes);
  Result<size_t> n = file_->Read(buf_.data() + kept, kReadBytes);
  buf_.resize(kept + (n.ok() ? *n : 0));
  data_ = buf_;
  RETURN_IF_ERROR(n.status());
  at_eof_ = *n == 0;
  return OkStatus();
}

bool IsLcovTag(std::string_view tag) {
  static constexpr std::string_view kTags[] = {"TN",   "SF",  "VER", "FN",   "FNDA", "FNL",
                                               "FNA",  "FNF", "FNH", "BRDA", "BRF",  "BRH",
                                               "MCDC", "MCF", "MCH", "DA",   "LF",   "LH"};
  return std::find(std::begin(kTags), std::end(kTags), tag) != std::end(kTags);
}

// A record tag: capital letters only (lcov keeps adding record types, e.g. FNL, MCDC).
bool LooksLikeTag(std::string_view tag) {
  return !tag.empty() &&
         std::all_of(tag.begin(), tag.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// An lcov 2.2 function group: an FNL leader and its FNA aliases, which share an index.
struct FunctionGroup {
  std::string first_alias;  // names the group; empty until an FNA
  std::string start_line;   // from FNL, names the group when it has no alias
  bool hit = false;
};

// The record between SF: and end_of_record, with what its own lines add up to.
struct LcovRecord {
  FileTally* file = nullptr;
  std::string path;  // for messages
  uint64_t first_line = 0;
  uint64_t lines = 0, lines_hit = 0, branches = 0, branches_hit = 0;
  uint64_t functions = 0, functions_hit = 0;
  std::optional<uint64_t> lf, lh, brf, brh, fnf, fnh;
  std::unordered_map<uint64_t, uint32_t> fn_seen, fnda_seen;  // name key -> occurrences so far
  std::map<uint64_t, FunctionGroup> groups;                   // by FNL/FNA index
};

class LcovParser {
 public:
  LcovParser(LineReader* lines, const std::string& name, Accumulator* files)
      : lines_(lines), name_(name), files_(files) {}

  // Parses from `first`, the first significant line, already read, to the end.
  Status Run(std::string_view first);
  bool declared_mismatch() const { return mismatch_; }

 private:
  Status Dispatch(std::string_view line);
  Status Record(std::string_view tag, std::string_view value);
  Status Open(std::string_view path);
  Status Close();
  Status Da(std::string_view v);
  Status Brda(std::string_view v);
  Status Fn(std::string_view v);
  Status Fnda(std::string_view v);
  Status Fnl(std::string_view v);
  Status Fna(std::string_view v);
  Status Count(std::string_view tag, std::string_view v);
  Status CheckDeclared(LcovRecord* r);
  // A function of the open record: the n-th use of a name in FN (resp. FNDA) lines is the n-th
  // function of that name, so FN and FNDA pair up even when a name repeats.
  void AddFunction(std::string_view name, bool hit, std::unordered_map<uint64_t, uint32_t>* seen);
  Status Error(const std::string& problem) const {
    return InvalidArgument(name_ + ":" + std::to_string(lines_->number()) + ": " + problem);
  }
  Status Malformed(std::string_view tag, std::string_view v, const char* syntax) const {
    return Error(std::string(tag) + ":" + Quoted(v) + " is not " + syntax);
  }

  LineReader* lines_;
  const std::string& name_;
  Accumulator* files_;
  std::optional<LcovRecord> record_;
  bool mismatch_ = false;
};

Status LcovParser::Run(std::string_view first) {
  RETURN_IF_ERROR(Dispatch(first));
  for (;;) {
    ASSIGN_OR_RETURN(std::optional<std::string_view> line, lines_->Next());
    if (!line) break;
    RETURN_IF_ERROR(Dispatch(*line));
  }
  if (record_) {
    return Error("truncated: the record for " + record_->path + " begun on line " +
                 std::to_string(record_->first_line) + " has no end_of_record");
  }
  return OkStatus();
}

Status LcovParser::Dispatch(std::string_view line) {
  line = Trim(line);
  if (line.empty() || line[0] == '#') return OkStatus();  // lcov --comment lines
  if (line == "end_of_record") return Close();
  size_t colon = line.find(':');
  std::string_view tag = line.substr(0, colon);
  if (colon == std::string_view::npos || !LooksLikeTag(tag)) {
    return Error("not an LCOV line: " + Quoted(line));
  }
  std::string_view value = line.substr(colon + 1);
  if (tag == "TN") return OkStatus();
  if (tag == "SF") return Open(value);
  if (!record_) return Error(std::string(tag) + ": outside a record (no SF: before it)");
  return Record(tag, value);
}

Status LcovParser::Record(std::string_view tag, std::string_view value) {
  if (tag == "DA") return Da(value);
  if (tag == "BRDA") return Brda(value);
  if (tag == "FN") return Fn(value);
  if (tag == "FNDA") return Fnda(value);
  if (tag == "FNL") return Fnl(value);
  if (tag == "FNA") return Fna(value);
  if (tag == "LF" || tag == "LH" || tag == "BRF" || tag == "BRH" || tag == "FNF" || tag == "FNH") {
    return Count(tag, value);
  }
  return OkStatus();  // VER, MC/DC and records of later versions: nothing this summary counts
}

Status LcovParser::Open(std::string_view path) {
  if (record_) {
    return Error("SF: inside the record for " + record_->path + " begun on line " +
                 std::to_string(record_->first_line) + " (end_of_record missing)");
  }
  if (path.empty()) return Error("SF: without a file name");
  record_.emplace();
  record_->file = files_->File(path);
  record_->path = Quoted(path);
  record_->first_line = lines_->number();
  return OkStatus();
}

Status LcovParser::Close() {
  if (!record_) return Error("end_of_record outside a record (no SF: before it)");
  LcovRecord& r = *record_;
  for (auto& [index, group] : r.groups) {
    if (group.first_alias.empty()) {
      r.file->functions.Add(Mark(KeyOf({"FNL", group.start_line}), group.hit));
    } else {
      AddFunction(group.first_alias, group.hit, &r.fn_seen);
    }
    ++r.functions;
    if (group.hit) ++r.functions_hit;
  }
  RETURN_IF_ERROR(CheckDeclared(&r));
  if (r.branches == 0 && r.brf) r.file->declared_branches.Max(*r.brf, r.brh.value_or(0));
  if (r.functions == 0 && r.fnf) r.file->declared_functions.Max(*r.fnf, r.fnh.value_or(0));
  record_.reset();
  return OkStatus();
}

// Hit totals above found totals are malformed; totals other than the record's lines, a mismatch.
Status LcovParser::CheckDeclared(LcovRecord* r) {
  auto check = [this](const char* found_tag, const std::optional<uint64_t>& found,
                      const char* hit_tag, const std::optional<uint64_t>& hit) {
    if (!found || !hit || *hit <= *found) return OkStatus();
    return Error(std::string(hit_tag) + ":" + std::to_string(*hit) + " exceeds " + found_tag + ":" +
                 std::to_string(*found) + " in the record for " + record_->path);
  };
  RETURN_IF_ERROR(check("LF", r->lf, "LH", r->lh));
  RETURN_IF_ERROR(check("BRF", r->brf, "BRH", r->brh));
  RETURN_IF_ERROR(check("FNF", r->fnf, "FNH", r->fnh));
  auto differs = [](const std::optional<uint64_t>& declared, uint64_t counted) {
    return declared && *declared != counted;
  };
  mismatch_ =
      mismatch_ || differs(r->lf, r->lines) || differs(r->lh, r->lines_hit) ||
      (r->branches > 0 && (differs(r->brf, r->branches) || differs(r->brh, r->branches_hit))) ||
      (r->functions > 0 && (differs(r->fnf, r->functions) || differs(r->fnh, r->functions_hit)));
  return OkStatus();
}

// DA:<line>,<count>[,<checksum>]
Status LcovParser::Da(std::string_view v) {
  size_t comma = v.find(',');
  std::optional<uint64_t> line = ParseUint(v.substr(0, comma), UINT32_MAX);
  std::optional<bool> hit;
  if (comma != std::string_view::npos) {
    std::string_view rest = v.substr(comma + 1);
    hit = ParseHits(rest.substr(0, rest.find(',')));
  }
  if (!line || !hit) return Malformed("DA", v, "DA:<line>,<count>");
  record_->file->lines.Add(Mark(*line, *hit));
  ++record_->lines;
  if (*hit) ++record_->lines_hit;
  return OkStatus();
}

// BRDA:<line>,[e][f][U]<block>,<branch>,<taken>; lcov 2 lets <branch> be an expression with
// commas, so it is everything between the second comma and the last.
Status LcovParser::Brda(std::string_view v) {
  constexpr const char* kSyntax = "BRDA:<line>,<block>,<branch>,<taken>";
  size_t c1 = v.find(',');
  size_t c2 = c1 == std::string_view::npos ? c1 : v.find(',', c1 + 1);
  size_t last = v.rfind(',');
  if (c2 == std::string_view::npos || last == c2) return Malformed("BRDA", v, kSyntax);
  std::optional<uint64_t> line = ParseUint(v.substr(0, c1), UINT32_MAX);
  std::string_view block = v.substr(c1 + 1, c2 - c1 - 1);
  std::string_view branch = v.substr(c2 + 1, last - c2 - 1);
  std::string_view taken = v.substr(last + 1);
  std::optional<bool> hit = taken == "-" ? std::optional<bool>(false) : ParseHits(taken);
  if (!line || !hit) return Malformed("BRDA", v, kSyntax);
  if (block.find('U') != std::string_view::npos) return OkStatus();  // unreachable
  record_->file->branches.Add(Mark(KeyOf({std::to_string(*line), block, branch}), *hit));
  ++record_->branches;
  if (*hit) ++record_->branches_hit;
  return OkStatus();
}

void LcovParser::AddFunction(std::string_view name, bool hit,
                             std::unordered_map<uint64_t, uint32_t>* seen) {
  uint64_t key = KeyOf({name});
  uint32_t earlier = (*seen)[key]++;
  if (earlier > 0) key = KeyOf({name, std::to_string(earlier)});
  record_->file->functions.Add(Mark(key, hit));
}

// FN:<start line>,[<end line>,]<name>; the end line is lcov 2.0's, and no name starts with a
// digit.
Status LcovParser::Fn(std::string_view v) {
  size_t comma = v.find(',');
  std::optional<uint64_t> start = ParseUint(v.substr(0, comma), UINT64_MAX);
  std::string_view name = comma == std::string_view::npos ? "" : v.substr(comma + 1);
  size_t next = name.find(',');
  if (next != std::string_view::npos && ParseUint(name.substr(0, next), UINT64_MAX)) {
    name.remove_prefix(next + 1);
  }
  if (!start || name.empty()) return Malformed("FN", v, "FN:<line>,<name>");
  AddFunction(name, false, &record_->fn_seen);
  ++record_->functions;
  return OkStatus();
}

// FNDA:<count>,<name>
Status LcovParser::Fnda(std::string_view v) {
  size_t comma = v.find(',');
  std::optional<bool> hit = ParseHits(v.substr(0, comma));
  std::string_view name = comma == std::string_view::npos ? "" : v.substr(comma + 1);
  if (!hit || name.empty()) return Malformed("FNDA", v, "FNDA:<count>,<name>");
  AddFunction(name, *hit, &record_->fnda_seen);
  if (*hit) ++record_->functions_hit;
  return OkStatus();
}

// FNL:<index>,<start line>[,<end line>]
Status LcovParser::Fnl(std::string_view v) {
  size_t comma = v.find(',');
  std::optional<uint64_t> index = ParseUint(v.substr(0, comma), UINT64_MAX);
  std::string_view lines = comma == std::string_view::npos ? "" : v.substr(comma + 1);
  std::string_view start = lines.substr(0, lines.find(','));
  if (!index || !ParseUint(start, UINT64_MAX)) {
    return Malformed("FNL", v, "FNL:<index>,<line>[,<end line>]");
  }
  record_->groups[*index].start_line = std::string(start);
  return OkStatus();
}

// FNA:<index>,<count>,<name>
Status LcovParser::Fna(std::string_view v) {
  size_t c1 = v.find(',');
  size_t c2 = c1 == std::string_view::npos ? c1 : v.find(',', c1 + 1);
  if (c2 == std::string_view::npos) return Malformed("FNA", v, "FNA:<index>,<count>,<name>");
  std::optional<uint64_t> index = ParseUint(v.substr(0, c1), UINT64_MAX);
  std::optional<bool> hit = ParseHits(v.substr(c1 + 1, c2 - c1 - 1));
  std::string_view name = v.substr(c2 + 1);
  if (!index || !hit || name.empty()) {
    return Malformed("FNA", v, "FNA:<index>,<count>,<name>");
  }
  FunctionGroup& group = record_->groups[*index];
  if (group.first_alias.empty()) group.first_alias = std::string(name);
  group.hit = group.hit || *hit;
  return OkStatus();
}

// LF, LH, BRF, BRH, FNF, FNH: a count; a repeated one replaces the earlier.
Status LcovParser::Count(std::string_view tag, std::string_view v) {
  std::optional<uint64_t> n = ParseUint(v, kMaxDeclaredCount);
  if (!n) return Malformed(tag, v, "a count");
  LcovRecord& r = *record_;
  std::optional<uint64_t>* field = tag == "LF"    ? &r.lf
                                   : tag == "LH"  ? &r.lh
                                   : tag == "BRF" ? &r.brf
                                   : tag == "BRH" ? &r.brh
                                   : tag == "FNF" ? &r.fnf
                                                  : &r.fnh;
  *field = n;
  return OkStatus();
}

// ----- Detection and entry points

enum class Kind { kEmpty, kXml, kLcov, kOther };

// Reads past blank and comment lines (and a byte order mark) to the first line that tells the
// format, left in `*first`.
Result<Kind> Detect(LineReader* lines, std::string_view* first) {
  ASSIGN_OR_RETURN(bool markup, lines->StartsWithMarkup());
  if (markup) return Kind::kXml;
  for (;;) {
    ASSIGN_OR_RETURN(std::optional<std::string_view> line, lines->Next());
    if (!line) return Kind::kEmpty;
    std::string_view l = *line;
    if (lines->number() == 1 && l.substr(0, kBom.size()) == kBom) l.remove_prefix(kBom.size());
    l = Trim(l);
    if (l.empty() || l[0] == '#') continue;
    *first = l;
    if (l[0] == '<') return Kind::kXml;
    size_t colon = l.find(':');
    bool lcov =
        l == "end_of_record" || (colon != std::string_view::npos && IsLcovTag(l.substr(0, colon)));
    return lcov ? Kind::kLcov : Kind::kOther;
  }
}

using XmlParse = std::function<Status(XmlHandler*)>;

Result<CoverageSummary> ParseCobertura(const std::string& name, const XmlParse& parse_xml) {
  Accumulator files;
  CoberturaHandler handler(&files);
  Status parsed = parse_xml(&handler);
  if (handler.foreign_root()) {
    return NotCoverage(name, " (the root element is <" + *handler.foreign_root() + ">)");
  }
  RETURN_IF_ERROR(parsed);
  ASSIGN_OR_RETURN(CoverageSummary s, files.Finish(CoverageFormat::kCobertura, name));
  s.declared_mismatch = handler.DeclaredMismatch(s);
  s.cut_strings = handler.values_cut();
  return s;
}

Result<CoverageSummary> ParseLcov(LineReader* lines, std::string_view first,
                                  const std::string& name) {
  Accumulator files;
  LcovParser parser(lines, name, &files);
  RETURN_IF_ERROR(parser.Run(first));
  ASSIGN_OR_RETURN(CoverageSummary s, files.Finish(CoverageFormat::kLcov, name));
  s.declared_mismatch = parser.declared_mismatch();
  return s;
}

Result<CoverageSummary> ParseDetected(LineReader* lines, const std::string& name,
                                      const XmlParse& parse_xml) {
  std::string_view first;
  ASSIGN_OR_RETURN(Kind kind, Detect(lines, &first));
  switch (kind) {
    case Kind::kXml:
      return ParseCobertura(name, parse_xml);
    case Kind::kLcov:
      return ParseLcov(lines, first, name);
    case Kind::kEmpty:
      return NotCoverage(name, " (the file is empty or blank)");
    case Kind::kOther:
      break;
  }
  return NotCoverage(name, "");
}

}  // namespace

std::optional<double> CoverageRate(uint64_t covered, uint64_t valid) {
  if (valid == 0) return std::nullopt;
  return std::round(static_cast<double>(covered) / static_cast<double>(valid) * 10000) / 10000;
}

Json CoverageSummary::ToJson() const {
  auto rate = [](std::optional<double> r) { return r ? Json(*r) : Json(nullptr); };
  Json least = Json::array();
  for (const FileLineCoverage& f : least_covered) {
    least.push_back(
        {{"file", f.file}, {"line_rate", rate(CoverageRate(f.lines_covered, f.lines_valid))}});
  }
  Json j = {{"format", format == CoverageFormat::kLcov ? "lcov" : "cobertura"},
            {"line_rate", rate(line_rate())},
            {"branch_rate", rate(branch_rate())},
            {"lines_valid", lines_valid},
            {"lines_covered", lines_covered},
            {"branches_valid", branches_valid},
            {"branches_covered", branches_covered},
            {"files", files},
            {"declared_mismatch", declared_mismatch},
            {"least_covered", least}};
  if (format == CoverageFormat::kLcov) {
    j["functions_valid"] = functions_valid;
    j["functions_covered"] = functions_covered;
  }
  if (cut_strings > 0) j["cut_strings"] = cut_strings;
  return j;
}

Result<CoverageSummary> ParseCoverageFile(const std::string& path, StreamDigest* digest) {
  ASSIGN_OR_RETURN(std::unique_ptr<HashingFileReader> file, HashingFileReader::Open(path));
  LineReader lines(file.get());
  // Cobertura is parsed from a second read of the file, so its digest is of what expat read.
  XmlParse parse_xml = [&](XmlHandler* h) { return ParseXmlFile(path, h, digest); };
  ASSIGN_OR_RETURN(CoverageSummary s, ParseDetected(&lines, path, parse_xml));
  if (s.format == CoverageFormat::kLcov && digest != nullptr) {
    *digest = {file->digest(), file->size()};
  }
  return s;
}

Result<CoverageSummary> ParseCoverage(std::string_view text, const std::string& name) {
  LineReader lines(text, name);
  XmlParse parse_xml = [&](XmlHandler* h) { return ParseXmlText(text, name, h); };
  return ParseDetected(&lines, name, parse_xml);
}

}  // namespace proofline::evidence
