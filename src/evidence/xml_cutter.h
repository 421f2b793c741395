// Bounded memory for the XML parser: a lexical filter in front of expat that cuts what expat
// would otherwise hold whole.
//
// Expat streams character data and CDATA sections (a 1 GB text node costs a chunk of memory),
// but it holds every other token whole until its end: a start tag with all its attribute values,
// a comment, a processing instruction. A report with one huge attribute (a stack trace pasted
// into `message=`, or a hostile producer) would be buffered entirely. Neither expat (2.5 in
// Debian 12; 2.6 neither) nor any packaged streaming XML library cuts tokens, and libxml2's
// limits refuse such a document rather than read it, so this filter is written by hand. It knows
// only XML's lexical surface: where markup starts and ends, quotes, comments, CDATA, processing
// instructions and the DOCTYPE (its internal subset's brackets, quotes, comments and PIs), in
// UTF-8 and other ASCII-compatible encodings, and in UTF-16 (sniffed as expat does: a BOM, or a
// NUL among the first two bytes).
//
//   attribute value, comment, processing instruction: cut after kMaxXmlValueBytes, at a
//     character boundary, never inside a character or entity reference, never leaving a comment
//     ending in '-'; the rest up to the closing quote, `-->` or `?>` is dropped (still read and
//     hashed by the caller) and the cut is counted. Well-formedness of the dropped part is not
//     checked.
//   a tag (names and attributes after their values' cuts), the XML declaration or the DOCTYPE
//     longer than kMaxXmlTokenBytes: refused, since a name cannot be cut without changing the
//     document (and the declaration's values are never cut).
// Everything else passes through unchanged, so what expat sees is the document with long values
// shortened, and its memory is bounded by kMaxXmlTokenBytes plus a read chunk.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kMaxXmlValueBytes = size_t{1} << 20;
inline constexpr size_t kMaxXmlTokenBytes = size_t{16} << 20;
// Filter may write this many bytes more than it reads (a closing `-->` for a comment whose `--`
// was dropped in an earlier call).
inline constexpr size_t kXmlCutterSlack = 8;

class XmlCutter {
 public:
  // The limits are parameters for the fuzz target (small ones reach every cut quickly).
  explicit XmlCutter(size_t max_value_bytes = kMaxXmlValueBytes,
                     size_t max_token_bytes = kMaxXmlTokenBytes)
      : max_value_(max_value_bytes), max_token_(max_token_bytes) {}

  // Filters `in`, the next bytes of the document, into `out`, which must have room for
  // in.size() + kXmlCutterSlack bytes; returns the number written. InvalidArgument "a tag ..."
  // / "the DOCTYPE ... longer than 16 MiB" (with the byte offset where it starts) when a token
  // cannot be cut. Call Finish(out) after the last bytes.
  Result<size_t> Filter(std::string_view in, char* out);
  // Writes what an incomplete character held back at the end (an odd byte of UTF-16 or a lone
  // first byte), so the parser sees the document's true end; at most kXmlCutterSlack bytes.
  size_t Finish(char* out);

  // Attribute values, comments and processing instructions cut so far.
  uint64_t values_cut() const { return values_cut_; }
  // Line breaks in the bytes dropped before output offset `offset` (the parser's byte index):
  // added to the parser's line number, a message names the line of the file.
  uint64_t LinesDroppedBefore(uint64_t offset) const;

 private:
  // kDecl: the first markup when it is a PI (the XML declaration): never cut, bounded like a
  // tag, ended by "?>" alone (a '>' or a quote inside it decides nothing).
  enum class State { kText, kLt, kBang, kComment, kCdata, kPi, kTag, kValue, kDecl, kDoctype };
  enum class Encoding { kUnknown, kByte, kUtf16Le, kUtf16Be };
  struct Cut {
    uint64_t offset;  // output offset where the dropped bytes were
    uint64_t lines;   // line breaks dropped up to and including this cut
  };

  // False when the unit makes a tag, declaration or DOCTYPE too long (TooLong says which).
  bool Unit(uint32_t u, const char* raw, size_t width);
  // A unit inside an attribute value, comment or PI: emitted, or dropped once the value is cut.
  void ValueUnit(uint32_t u, const char* raw, size_t width, bool may_cut);
  void StartValue();
  void Emit(const char* raw, size_t width);
  void EmitAscii(std::string_view s);
  void Drop(uint32_t u);
  bool Continuation(uint32_t u) const;
  Status TooLong() const;
  // 8-bit fast paths: bulk-copy text and CDATA, bulk-drop a cut value. Return bytes consumed.
  size_t CopyRun(std::string_view in);
  size_t DropRun(std::string_view in);
  void Remember(uint32_t u) {
    h3_ = h2_;
    h2_ = h1_;
    h1_ = u;
  }

  const size_t max_value_, max_token_;
  Encoding encoding_ = Encoding::kUnknown;
  State state_ = State::kText;
  char pending_[2] = {0, 0};  // a unit's first byte, or the first byte before sniffing
  size_t pending_size_ = 0;
  uint32_t h1_ = 0, h2_ = 0, h3_ = 0;  // the last three units, newest first

  uint64_t in_offset_ = 0;   // input bytes consumed before the current unit
  uint64_t out_offset_ = 0;  // output bytes written before this call
  uint64_t token_start_ = 0;
  uint64_t token_bytes_ = 0;  // of the current tag, XML declaration or DOCTYPE
  const char* token_name_ = "a tag";
  bool seen_markup_ = false;  // a '<' before: a PI is no longer the XML declaration
  char bang_[8] = {};         // what follows "<!" until it is recognised
  size_t bang_size_ = 0;

  uint32_t quote_ = 0;                         // the open quote in a tag or DOCTYPE, or 0
  int depth_ = 0;                              // DOCTYPE internal-subset brackets
  bool sub_comment_ = false, sub_pi_ = false;  // inside the DOCTYPE

  uint64_t value_bytes_ = 0;
  bool cutting_ = false;
  bool in_ref_ = false;
  size_t ref_bytes_ = 0;

  uint64_t values_cut_ = 0;
  uint64_t lines_dropped_ = 0;
  std::vector<Cut> cuts_;

  char* out_ = nullptr;  // during Filter
  size_t written_ = 0;
};

}  // namespace proofline::evidence
