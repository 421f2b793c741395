// Streaming XML for evidence parsers (JUnit, Cobertura), the one place Proofline calls
// expat. Expat is a push parser: input goes through in chunks and only the open-element path is
// kept, so memory grows with the largest single token (an attribute, a comment), never with the
// file; time is linear in the file even for one huge token (xml.cc, NextChunk). Hostile input is
// refused up front: any DOCTYPE that declares entities (the "billion laughs" expansion attack and
// external entity tricks) is an error; a plain DOCTYPE naming a DTD (as gcovr writes) is accepted
// and the DTD is never fetched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/crypto.h"
#include "base/files.h"
#include "base/status.h"

namespace proofline::evidence {

inline constexpr size_t kXmlChunkBytes = 64 * 1024;
// Inside one huge token the feeds double up to this (xml.cc: linear time on expat 2.5).
inline constexpr size_t kMaxXmlChunkBytes = size_t{1} << 30;
inline constexpr size_t kMaxXmlDepth = 256;

// The attributes of one start tag; valid only during the OnStart call that receives them.
class XmlAttrs {
 public:
  explicit XmlAttrs(const char** raw) : raw_(raw) {}
  // The value of attribute `name` (UTF-8, entities resolved), or nullopt when absent.
  std::optional<std::string_view> Get(std::string_view name) const;

 private:
  const char** raw_;  // expat's name/value pairs, null-terminated
};

// Receives parse events in document order. Strings are UTF-8 and valid only during the call.
// A handler error stops the parse; its message gets the "FILE:LINE: " prefix of where it stopped.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  // `depth` is 0 for the root element.
  virtual Status OnStart(std::string_view name, const XmlAttrs& attrs, size_t depth) = 0;
  virtual Status OnEnd(std::string_view name, size_t depth) = 0;
  // Character data, possibly split across several calls; CDATA sections arrive here too.
  virtual void OnText(std::string_view text) { (void)text; }
};

// Streams the file at `path` through `handler` in kXmlChunkBytes reads. Errors: NotFound for a
// missing file, Io for a read failure, InvalidArgument "PATH:LINE: message" for malformed or
// truncated XML, entity declarations, nesting deeper than kMaxXmlDepth, or a handler error.
// `digest`, when given, receives the digest of everything read.
Status ParseXmlFile(const std::string& path, XmlHandler* handler, StreamDigest* digest = nullptr);
// The same for an in-memory document; `name` stands for the file in messages.
Status ParseXmlText(std::string_view text, const std::string& name, XmlHandler* handler);

}  // namespace proofline::evidence
