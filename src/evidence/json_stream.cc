// The streamed JSON reader shared by the SARIF and SBOM parsers: chunked, hashed input behind an
// input iterator for nlohmann's SAX parser, and error messages that name a byte offset.
#include "evidence/json_stream.h"

#include <cstddef>
#include <exception>
#include <iterator>
#include <memory>

#include "base/files.h"
#include "base/text.h"

namespace proofline::evidence {

// The bytes to parse: a whole text, or a file read in kJsonChunkBytes chunks and hashed as read.
// While it exists, `handler` reads byte offsets from it.
class JsonStreamInput {
 public:
  JsonStreamInput(std::string_view text, JsonSaxHandler* handler)
      : window_(text), handler_(handler) {
    handler_->input_ = this;
  }
  JsonStreamInput(HashingFileReader* file, JsonSaxHandler* handler)
      : file_(file), buf_(kJsonChunkBytes, 0), handler_(handler) {
    handler_->input_ = this;
  }
  ~JsonStreamInput() { handler_->input_ = nullptr; }
  JsonStreamInput(const JsonStreamInput&) = delete;
  JsonStreamInput& operator=(const JsonStreamInput&) = delete;

  // True when every byte has been consumed; refills the window from the file first.
  bool Exhausted() {
    if (pos_ < window_.size()) return false;
    return !Refill();
  }
  char Peek() const { return window_[pos_]; }
  void Advance() {
    Track(window_[pos_]);
    ++pos_;
    if (in_string_ && string_bytes_ >= kMaxJsonStringBytes && AtCutPoint()) Cut();
  }
  uint64_t Consumed() const { return before_ + pos_; }
  // Reads what the parser left (it stops at a NUL byte or an error) so a digest covers the file.
  void Drain() {
    while (!Exhausted()) pos_ = window_.size();
  }
  bool saw_nul() const { return saw_nul_ || window_.find('\0') != std::string_view::npos; }
  const Status& io_error() const { return io_error_; }

 private:
  // The lexical state the string cutter needs: inside a string or not, inside an escape, and
  // whether the last escape was a high surrogate (its low half must follow it).
  void Track(char c) {
    if (!in_string_) {
      if (c == '"') {
        in_string_ = true;
        handler_->string_cut_ = false;
        string_bytes_ = 0;
        escape_ = false;
        hex_left_ = 0;
        high_surrogate_ = false;
      }
      return;
    }
    ++string_bytes_;
    if (hex_left_ > 0) {
      hex_ = hex_ * 16 + HexValue(c);
      if (--hex_left_ == 0) high_surrogate_ = hex_ >= 0xD800 && hex_ <= 0xDBFF;
      return;
    }
    if (escape_) {
      escape_ = false;
      if (c == 'u') {
        hex_left_ = 4;
        hex_ = 0;
      } else {
        high_surrogate_ = false;
      }
      return;
    }
    if (c == '\\') {
      escape_ = true;
    } else if (c == '"') {
      in_string_ = false;
    } else {
      high_surrogate_ = false;
    }
  }
  static unsigned HexValue(char c) {
    if (c >= '0' && c <= '9') return static_cast<unsigned>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<unsigned>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<unsigned>(c - 'A' + 10);
    return 0;
  }
  // Where a string may end without breaking an escape, a surrogate pair or a UTF-8 sequence.
  bool AtCutPoint() {
    if (escape_ || hex_left_ > 0 || high_surrogate_ || Exhausted()) return false;
    const auto next = static_cast<unsigned char>(window_[pos_]);
    return (next & 0xC0) != 0x80 && next != '"';
  }
  // Skips the rest of the string up to (not past) its closing quote, which the lexer then reads:
  // it sees the string cut at kMaxJsonStringBytes. The skipped bytes are still read and hashed.
  void Cut() {
    ++handler_->strings_cut_;
    handler_->string_cut_ = true;
    bool escaped = false;
    while (!Exhausted()) {
      const char c = window_[pos_];
      if (!escaped && c == '"') return;  // in_string_ stays: Track sees the quote next
      escaped = !escaped && c == '\\';
      ++pos_;
    }
  }

  bool Refill() {
    if (file_ == nullptr || !io_error_.ok()) return false;
    Result<size_t> n = file_->Read(buf_.data(), buf_.size());
    if (!n.ok()) io_error_ = n.status();
    if (!n.ok() || *n == 0) return false;
    if (window_.find('\0') != std::string_view::npos) saw_nul_ = true;
    before_ += window_.size();
    window_ = std::string_view(buf_.data(), *n);
    pos_ = 0;
    return true;
  }

  std::string_view window_;
  size_t pos_ = 0;
  uint64_t before_ = 0;                // bytes before window_
  HashingFileReader* file_ = nullptr;  // null for an in-memory text
  std::string buf_;
  bool saw_nul_ = false;
  Status io_error_;
  JsonSaxHandler* handler_;
  bool in_string_ = false, escape_ = false, high_surrogate_ = false;
  int hex_left_ = 0;
  unsigned hex_ = 0;
  size_t string_bytes_ = 0;
};

namespace {

constexpr size_t kMaxMessageBytes = 120;

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error..."
// without the parts that repeat what the byte offset says.
std::string DescribeParserError(std::string_view what) {
  if (what.substr(0, 1) == "[") {
    size_t close = what.find("] ");
    if (close != std::string_view::npos) what.remove_prefix(close + 2);
  }
  if (what.substr(0, 11) == "parse error") {
    size_t colon = what.find(": ");
    if (colon != std::string_view::npos) what.remove_prefix(colon + 2);
  }
  return OneLineExcerpt(what);
}

// nlohmann's input: an input iterator over a JsonStreamInput; every copy shares the input.
class InputIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = char;

  InputIterator(JsonStreamInput* in, bool end) : in_(in), end_(end) {}
  char operator*() const { return in_->Peek(); }
  InputIterator& operator++() {
    in_->Advance();
    return *this;
  }
  InputIterator operator++(int) {
    InputIterator before = *this;
    in_->Advance();
    return before;
  }
  bool operator==(const InputIterator& o) const { return AtEnd() == o.AtEnd(); }
  bool operator!=(const InputIterator& o) const { return !(*this == o); }

 private:
  bool AtEnd() const { return end_ || in_->Exhausted(); }
  JsonStreamInput* in_;
  bool end_;
};

// Runs the SAX parse over `in`; `name` prefixes every error.
Status Stream(JsonStreamInput* in, const std::string& name, JsonSaxHandler* handler) {
  bool ok = false;
  try {
    ok = Json::sax_parse(InputIterator(in, false), InputIterator(in, true), handler,
                         Json::input_format_t::json, /*strict=*/true);
  } catch (const std::exception& e) {  // not expected: the handler turns errors into `false`
    return InvalidArgument(name + ": " + OneLineExcerpt(e.what()));
  }
  in->Drain();
  RETURN_IF_ERROR(in->io_error());
  if (!ok) return InvalidArgument(name + ": " + handler->error());
  // nlohmann's lexer takes a NUL byte for the end of input; JSON has no place for a raw NUL.
  if (in->saw_nul()) return InvalidArgument(name + ": unexpected NUL byte");
  return OkStatus();
}

}  // namespace

std::string OneLineExcerpt(std::string_view s) { return AsciiExcerpt(s, kMaxMessageBytes); }

bool JsonSaxHandler::Fail(const std::string& problem) {
  if (error_.empty()) error_ = problem + " at byte " + std::to_string(input_->Consumed());
  return false;
}

bool JsonSaxHandler::Refuse(const std::string& message) {
  if (error_.empty()) error_ = message;
  return false;
}

bool JsonSaxHandler::parse_error(std::size_t position, const std::string& /*last_token*/,
                                 const Json::exception& error) {
  if (error_.empty()) {
    error_ = DescribeParserError(error.what()) + " at byte " +
             std::to_string(position == 0 ? 0 : position - 1);
  }
  return false;
}

Status StreamJsonText(std::string_view text, const std::string& name, JsonSaxHandler* handler) {
  JsonStreamInput in(text, handler);
  return Stream(&in, name, handler);
}

Status StreamJsonFile(const std::string& path, JsonSaxHandler* handler, StreamDigest* digest) {
  ASSIGN_OR_RETURN(std::unique_ptr<HashingFileReader> file, HashingFileReader::Open(path));
  JsonStreamInput in(file.get(), handler);
  RETURN_IF_ERROR(Stream(&in, path, handler));
  if (digest) *digest = {file->digest(), file->size()};
  return OkStatus();
}

}  // namespace proofline::evidence
