// Streamed, strict JSON for the evidence parsers that read JSON (SARIF, SBOM): the one reader that
// drives nlohmann's SAX parser over a file in kJsonChunkBytes reads, hashing every byte as it
// goes, so a 100 MB document is summarised without ever being held.
//
// Strictness follows ParseJsonStrict wherever a stream can enforce it. nlohmann's strict mode
// refuses trailing content and invalid UTF-8; a raw NUL byte (which nlohmann's lexer takes for
// the end of input) is refused here; JsonFrames refuses nesting deeper than kMaxJsonDepth and a
// second occurrence of a member name the parser reads. Duplicates of other keys go undetected:
// remembering every key of a 100 MB document would defeat streaming, and a key nobody reads cannot
// change a summary.
#pragma once

#include <cassert>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/files.h"
#include "base/json.h"
#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kJsonChunkBytes = 64 * 1024;
// A string longer than this is cut where it stops (at a character boundary, never inside an
// escape) before the lexer buffers it: memory stays bounded whatever one string's length. The
// rest of its bytes are still read and hashed; the cut is counted (strings_cut()).
inline constexpr size_t kMaxJsonStringBytes = size_t{1} << 20;
inline constexpr size_t kMaxJsonDepth = 128;

class JsonStreamInput;  // the bytes being parsed; json_stream.cc

// `s` for a one-line error message: cut to 120 bytes ("..." appended when cut) with anything but
// printable ASCII replaced by '?'.
std::string OneLineExcerpt(std::string_view s);

// A SAX handler that StreamJsonText/StreamJsonFile can drive: it keeps the first error, with the
// byte offset the reader had reached, and refuses binary values (not JSON). A subclass handles
// the value events; whenever one of them returns false it must have called Fail or Refuse.
// A handler serves one parse; not thread-safe.
class JsonSaxHandler : public nlohmann::json_sax<Json> {
 public:
  bool binary(binary_t& /*value*/) override { return Fail("binary values are not JSON"); }
  // Records nlohmann's message without its boilerplate, "... at byte N".
  bool parse_error(std::size_t position, const std::string& last_token,
                   const Json::exception& error) override;

  // Records "`problem` at byte N" unless an error is recorded already. Returns false, so a
  // handler can `return Fail(...)` to stop the parse.
  bool Fail(const std::string& problem);
  // The same without a byte offset, for well-formed JSON that is not the expected format.
  bool Refuse(const std::string& message);
  const std::string& error() const { return error_; }
  // Strings the reader cut at kMaxJsonStringBytes (a summary records it).
  uint64_t strings_cut() const { return strings_cut_; }
  // Whether the string (or key) the parser reports now is one the reader cut (the reader forgets
  // it when the next string starts, and the parser reports each string before reading on).
  bool LastStringWasCut() const { return string_cut_; }

 private:
  friend class JsonStreamInput;             // sets input_ for the duration of a parse
  const JsonStreamInput* input_ = nullptr;  // for byte offsets
  std::string error_;
  uint64_t strings_cut_ = 0;
  bool string_cut_ = false;
};

// Streams `text` through `handler`. InvalidArgument "NAME: ..." when the JSON is malformed or
// truncated, contains a NUL byte, or the handler stopped the parse (its error follows the name).
Status StreamJsonText(std::string_view text, const std::string& name, JsonSaxHandler* handler);
// The same for the file at `path`, read in kJsonChunkBytes chunks; NotFound for a missing file, Io
// for a read failure. On success `digest`, when given, receives the SHA-256 and size of the file.
Status StreamJsonFile(const std::string& path, JsonSaxHandler* handler,
                      StreamDigest* digest = nullptr);

// Streams the input through a fresh `Handler` and returns its `Finish()` (a Result), whose errors
// get the input's name in front: the whole of a streamed JSON parser's entry points.
template <typename Handler>
auto SummariseJsonText(std::string_view text, const std::string& name)
    -> decltype(Handler().Finish()) {
  Handler handler;
  RETURN_IF_ERROR(StreamJsonText(text, name, &handler));
  auto summary = handler.Finish();
  if (!summary.ok()) return summary.status().WithContext(name);
  return summary;
}
template <typename Handler>
auto SummariseJsonFile(const std::string& path, StreamDigest* digest)
    -> decltype(Handler().Finish()) {
  Handler handler;
  RETURN_IF_ERROR(StreamJsonFile(path, &handler, digest));
  auto summary = handler.Finish();
  if (!summary.ok()) return summary.status().WithContext(path);
  return summary;
}

// The open objects and arrays of a streamed document, innermost last, each tagged with the role
// its parser gives it. Frames are trivially copyable: opening and closing allocates nothing once
// the deepest level has been reached. `known_keys` (at most 32) are the member names the parser
// reads; in an object whose role is not `untracked`, a second occurrence of one is an error
// (which of the two counts would be ambiguous). Errors go to `handler`, which must outlive this.
template <typename Role>
class JsonFrames {
 public:
  struct Frame {
    Role role;
    bool array;
    uint64_t elements = 0;  // arrays: elements seen so far (the parser counts them)
    std::string_view key;   // objects: the known key of the value being read, else empty
    uint32_t seen = 0;      // objects: known keys seen, as bits by index in known_keys
  };

  JsonFrames(JsonSaxHandler* handler, std::span<const std::string_view> known_keys, Role untracked)
      : handler_(handler), keys_(known_keys), untracked_(untracked) {
    assert(keys_.size() <= 32);
  }

  bool empty() const { return stack_.empty(); }
  // The innermost frame. REQUIRES: !empty().
  Frame& back() { return stack_.back(); }
  const Frame& back() const { return stack_.back(); }
  // The role of the innermost frame; `untracked` at the top level.
  Role Parent() const { return stack_.empty() ? untracked_ : stack_.back().role; }
  // The known key of the value being read in the innermost object. REQUIRES: !empty().
  std::string_view Key() const { return stack_.back().key; }

  // Opens an object or an array. False, with the error recorded, beyond kMaxJsonDepth levels.
  bool Open(Role role, bool array) {
    if (stack_.size() >= kMaxJsonDepth) {
      return handler_->Fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    stack_.push_back({role, array, 0, {}, 0});
    return true;
  }
  // Closes the innermost container and returns its role. REQUIRES: !empty().
  Role Close() {
    Role role = stack_.back().role;
    stack_.pop_back();
    return role;
  }
  // Records `k` as the member being read in the innermost object. False, with the error
  // recorded, for a known key the object already had. REQUIRES: !empty().
  bool Key(std::string_view k) {
    Frame& f = stack_.back();
    f.key = {};
    if (f.role == untracked_) return true;
    for (size_t i = 0; i < keys_.size(); ++i) {
      if (k != keys_[i]) continue;
      if (f.seen & (1u << i)) return handler_->Fail("duplicate key \"" + std::string(k) + "\"");
      f.seen |= 1u << i;
      f.key = keys_[i];
    }
    return true;
  }

 private:
  JsonSaxHandler* handler_;
  std::span<const std::string_view> keys_;
  Role untracked_;
  std::vector<Frame> stack_;
};

}  // namespace proofline::evidence
