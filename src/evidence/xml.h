// Streaming XML for evidence parsers (JUnit, Cobertura), the one place Proofline calls
// expat. Expat is a push parser: input goes through in chunks and only the open-element path is
// kept; the cutter in front of it (xml_cutter.h) cuts attribute values, comments and processing
// instructions longer than kMaxXmlValueBytes and refuses a tag longer than kMaxXmlTokenBytes, so
// memory is bounded whatever the file, and time is linear in the file even for one huge token
// (xml.cc, NextChunk). Hostile input is
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
#include "evidence/xml_cutter.h"

namespace proofline::evidence {

inline constexpr size_t kXmlChunkBytes = 64 * 1024;
// Inside one long token the feeds double up to this (xml.cc: linear time on expat 2.5); no token
// expat holds is longer (the cutter sees to it).
inline constexpr size_t kMaxXmlChunkBytes = kMaxXmlTokenBytes;
inline constexpr size_t kMaxXmlDepth = 256;

// The attributes of one start tag; valid only during the OnStart call that receives them.
class XmlAttrs {
 public:
  explicit XmlAttrs(const char** raw) : raw_(raw) {}
  // The value of attribute `name` (UTF-8, entities resolved), or nullopt when absent.
  std::optional<std::string_view> Get(std::string_view name) const;
  // Calls f(name, value) for each attribute in document order.
  template <typename F>
  void ForEach(F f) const {
    for (const char** a = raw_; a != nullptr && a[0] != nullptr; a += 2) f(a[0], a[1]);
  }

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

  // Attribute values, comments and processing instructions the parse cut at kMaxXmlValueBytes
  // (set when the parse ends; a summary records it).
  uint64_t values_cut() const { return values_cut_; }

 private:
  friend struct XmlHandlerAccess;  // xml.cc
  uint64_t values_cut_ = 0;
};

// Streams the file at `path` through `handler` in kXmlChunkBytes reads. Errors: NotFound for a
// missing file, Io for a read failure, InvalidArgument "PATH:LINE: message" for malformed or
// truncated XML, entity declarations, nesting deeper than kMaxXmlDepth, a tag or DOCTYPE longer
// than kMaxXmlTokenBytes, or a handler error. Line numbers count the lines of cut values too.
// `digest`, when given, receives the digest of everything read.
Status ParseXmlFile(const std::string& path, XmlHandler* handler, StreamDigest* digest = nullptr);
// The same for an in-memory document; `name` stands for the file in messages.
Status ParseXmlText(std::string_view text, const std::string& name, XmlHandler* handler);

}  // namespace proofline::evidence
