// The expat wrapper: an RAII parser handle, chunked feeding through the cutter with line-numbered
// errors, and the refusal of entity declarations that makes entity-expansion attacks impossible
// by construction.
#include "evidence/xml.h"

#include <expat.h>
#include <strings.h>

#include <cstring>
#include <memory>
#include <vector>

#include "base/files.h"

namespace proofline::evidence {

struct XmlHandlerAccess {
  static void SetValuesCut(XmlHandler* h, uint64_t n) { h->values_cut_ = n; }
};

namespace {

// Windows-1252 differs from ISO-8859-1 (which expat knows) only in 0x80-0x9F; -1 marks the
// five bytes it leaves undefined. Reports written on Windows by .NET and older Ant/Surefire
// setups declare it, and expat has no table of its own for it.
constexpr int kCp1252High[32] = {0x20AC, -1,     0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, -1,     0x017D, -1,
                                 -1,     0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, -1,     0x017E, 0x0178};

bool IsCp1252(const XML_Char* name) {
  for (const char* alias : {"windows-1252", "cp1252", "x-cp1252"}) {
    if (strcasecmp(name, alias) == 0) return true;
  }
  return false;
}

int OnUnknownEncoding(void*, const XML_Char* name, XML_Encoding* info) {
  if (!IsCp1252(name)) return XML_STATUS_ERROR;  // expat reports "unknown encoding" with a line
  for (int b = 0; b < 256; ++b) {
    info->map[b] = (b >= 0x80 && b < 0xA0) ? kCp1252High[b - 0x80] : b;
  }
  info->data = nullptr;
  info->convert = nullptr;
  info->release = nullptr;
  return XML_STATUS_OK;
}

struct ParserFree {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};
using ParserHandle = std::unique_ptr<XML_ParserStruct, ParserFree>;

// One parse: owns the expat handle and remembers the first error a callback reported.
class XmlReader {
 public:
  XmlReader(std::string name, XmlHandler* handler) : name_(std::move(name)), handler_(handler) {}

  Status Init();
  // Passes the next `in` bytes of the document (none at its end) through the cutter into `out`,
  // which has room for in.size() + kXmlCutterSlack; returns the bytes written.
  Result<size_t> Cut(std::string_view in, char* out);
  // Feeds `len` bytes that are already in expat's buffer (XML_GetBuffer); `final` on the last.
  Status FeedBuffer(size_t len, bool final);
  Status Feed(std::string_view chunk, bool final);
  void* Buffer(size_t len) { return XML_GetBuffer(parser_.get(), static_cast<int>(len)); }
  // Parse events so far (elements, text, comments, processing instructions): a feed that adds
  // none was spent inside one token.
  uint64_t events() const { return events_; }

 private:
  static void OnStart(void* self, const XML_Char* name, const XML_Char** attrs);
  static void OnEnd(void* self, const XML_Char* name);
  static void OnText(void* self, const XML_Char* text, int len);
  static void OnEntityDecl(void* self, const XML_Char* entity_name, int is_parameter_entity,
                           const XML_Char* value, int value_length, const XML_Char* base,
                           const XML_Char* system_id, const XML_Char* public_id,
                           const XML_Char* notation_name);
  // Records `s` (with the current line) as the parse result and stops expat.
  void Stop(const Status& s);
  // The line of the file expat is at: its own count plus the lines cut values took away.
  uint64_t Line() const;
  Status Finish(XML_Status rc);

  static void OnOther(void* self, const XML_Char*) { ++static_cast<XmlReader*>(self)->events_; }
  static void OnPi(void* self, const XML_Char*, const XML_Char*) {
    ++static_cast<XmlReader*>(self)->events_;
  }

  std::string name_;
  XmlHandler* handler_;
  ParserHandle parser_;
  XmlCutter cutter_;
  uint64_t events_ = 0;
  size_t depth_ = 0;
  Status error_;
};

uint64_t XmlReader::Line() const {
  XML_Index at = XML_GetCurrentByteIndex(parser_.get());
  return XML_GetCurrentLineNumber(parser_.get()) +
         (at < 0 ? 0 : cutter_.LinesDroppedBefore(static_cast<uint64_t>(at)));
}

Result<size_t> XmlReader::Cut(std::string_view in, char* out) {
  if (in.empty()) return cutter_.Finish(out);
  Result<size_t> n = cutter_.Filter(in, out);
  if (!n.ok()) return InvalidArgument(name_ + ": " + n.status().message());
  XmlHandlerAccess::SetValuesCut(handler_, cutter_.values_cut());
  return n;
}

Status XmlReader::Init() {
  parser_.reset(XML_ParserCreate(nullptr));
  if (!parser_) return IoError("cannot create an XML parser for " + name_ + ": out of memory");
  XML_SetUserData(parser_.get(), this);
  XML_SetElementHandler(parser_.get(), &XmlReader::OnStart, &XmlReader::OnEnd);
  XML_SetCharacterDataHandler(parser_.get(), &XmlReader::OnText);
  XML_SetCommentHandler(parser_.get(), &XmlReader::OnOther);
  XML_SetProcessingInstructionHandler(parser_.get(), &XmlReader::OnPi);
  XML_SetEntityDeclHandler(parser_.get(), &XmlReader::OnEntityDecl);
  XML_SetParamEntityParsing(parser_.get(), XML_PARAM_ENTITY_PARSING_NEVER);
  XML_SetUnknownEncodingHandler(parser_.get(), &OnUnknownEncoding, nullptr);
  return OkStatus();
}

void XmlReader::Stop(const Status& s) {
  if (!error_.ok()) return;
  error_ = InvalidArgument(name_ + ":" + std::to_string(Line()) + ": " + s.message());
  XML_StopParser(parser_.get(), XML_FALSE);
}

void XmlReader::OnStart(void* self, const XML_Char* name, const XML_Char** attrs) {
  auto* r = static_cast<XmlReader*>(self);
  ++r->events_;
  if (!r->error_.ok()) return;
  if (r->depth_ >= kMaxXmlDepth) {
    r->Stop(InvalidArgument("elements nested deeper than " + std::to_string(kMaxXmlDepth)));
    return;
  }
  Status s = r->handler_->OnStart(name, XmlAttrs(attrs), r->depth_);
  ++r->depth_;
  if (!s.ok()) r->Stop(s);
}

void XmlReader::OnEnd(void* self, const XML_Char* name) {
  auto* r = static_cast<XmlReader*>(self);
  ++r->events_;
  if (!r->error_.ok()) return;
  --r->depth_;
  Status s = r->handler_->OnEnd(name, r->depth_);
  if (!s.ok()) r->Stop(s);
}

void XmlReader::OnText(void* self, const XML_Char* text, int len) {
  auto* r = static_cast<XmlReader*>(self);
  ++r->events_;
  if (r->error_.ok()) r->handler_->OnText(std::string_view(text, static_cast<size_t>(len)));
}

void XmlReader::OnEntityDecl(void* self, const XML_Char* entity_name, int, const XML_Char*, int,
                             const XML_Char*, const XML_Char*, const XML_Char*, const XML_Char*) {
  static_cast<XmlReader*>(self)->Stop(
      InvalidArgument("the DOCTYPE declares entity '" + std::string(entity_name) +
                      "'; entity declarations are refused (they enable entity-expansion attacks)"));
}

Status XmlReader::Finish(XML_Status rc) {
  if (!error_.ok()) return error_;
  if (rc == XML_STATUS_OK) return OkStatus();
  return InvalidArgument(name_ + ":" + std::to_string(Line()) + ": " +
                         XML_ErrorString(XML_GetErrorCode(parser_.get())));
}

Status XmlReader::FeedBuffer(size_t len, bool final) {
  return Finish(
      XML_ParseBuffer(parser_.get(), static_cast<int>(len), final ? XML_TRUE : XML_FALSE));
}

Status XmlReader::Feed(std::string_view chunk, bool final) {
  return Finish(XML_Parse(parser_.get(), chunk.data(), static_cast<int>(chunk.size()),
                          final ? XML_TRUE : XML_FALSE));
}

// Expat 2.5 (Debian 12) re-tokenises an unfinished token from its start on every feed, so a huge
// attribute or comment fed in fixed chunks costs time quadratic in its size (2.6's "reparse
// deferral" fixes this inside expat). Doing what that fix does from outside: a feed that produced
// no parse event was spent inside one token, so the next feed is twice as large; any event
// brings it back to kXmlChunkBytes. The re-scans then sum to a geometric series: linear time.
// Expat holds the unfinished token whole; the cutter bounds it at kMaxXmlTokenBytes.
size_t NextChunk(size_t chunk, bool progressed) {
  return progressed ? kXmlChunkBytes : std::min(chunk * 2, kMaxXmlChunkBytes);
}

Status StreamFile(HashingFileReader* file, XmlReader* reader, StreamDigest* digest) {
  size_t chunk = kXmlChunkBytes;
  std::vector<char> in;
  for (;;) {
    in.resize(chunk);
    size_t n = 0;
    while (n < chunk) {  // fill the chunk: one feed per chunk keeps the series geometric
      ASSIGN_OR_RETURN(size_t got, file->Read(in.data() + n, chunk - n));
      if (got == 0) break;
      n += got;
    }
    void* buf = reader->Buffer(n + kXmlCutterSlack);
    if (buf == nullptr) return IoError("cannot parse " + file->path() + ": out of memory");
    ASSIGN_OR_RETURN(size_t len, reader->Cut({in.data(), n}, static_cast<char*>(buf)));
    if (len == 0 && n != 0) continue;  // all of it cut: expat has nothing new to scan
    const uint64_t before = reader->events();
    RETURN_IF_ERROR(reader->FeedBuffer(len, n == 0));
    if (n == 0) break;
    chunk = NextChunk(chunk, reader->events() != before);
  }
  if (digest != nullptr) *digest = {file->digest(), file->size()};
  return OkStatus();
}

}  // namespace

std::optional<std::string_view> XmlAttrs::Get(std::string_view name) const {
  for (const char** a = raw_; a != nullptr && a[0] != nullptr; a += 2) {
    if (name == a[0]) return std::string_view(a[1]);
  }
  return std::nullopt;
}

Status ParseXmlFile(const std::string& path, XmlHandler* handler, StreamDigest* digest) {
  ASSIGN_OR_RETURN(std::unique_ptr<HashingFileReader> file, HashingFileReader::Open(path));
  XmlReader reader(path, handler);
  RETURN_IF_ERROR(reader.Init());
  return StreamFile(file.get(), &reader, digest);
}

Status ParseXmlText(std::string_view text, const std::string& name, XmlHandler* handler) {
  XmlReader reader(name, handler);
  RETURN_IF_ERROR(reader.Init());
  std::string out;
  size_t size = kXmlChunkBytes;
  for (;;) {
    std::string_view chunk = text.substr(0, size);
    text.remove_prefix(chunk.size());
    out.resize(chunk.size() + kXmlCutterSlack);
    ASSIGN_OR_RETURN(size_t len, reader.Cut(chunk, out.data()));
    if (len == 0 && !chunk.empty()) continue;  // all of it cut: expat has nothing new to scan
    const uint64_t before = reader.events();
    RETURN_IF_ERROR(reader.Feed({out.data(), len}, chunk.empty()));
    if (chunk.empty()) break;
    size = NextChunk(size, reader.events() != before);
  }
  return OkStatus();
}

}  // namespace proofline::evidence
