// Fuzzes the cutter in front of expat (evidence/xml_cutter.h) with small limits, so that inputs
// reach its cuts. The first byte chooses where a read ends. Properties: where the reads end
// changes nothing; a document the parser accepts is still accepted after the cut, with the same
// elements, attribute names and text, and every attribute value a prefix of the original's.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/xml.h"
#include "evidence/xml_cutter.h"

namespace {

using namespace proofline;
using namespace proofline::evidence;

constexpr size_t kValueLimit = 8;
constexpr size_t kTokenLimit = 512;

struct CutResult {
  bool refused = false;
  std::string out;  // when not refused
  std::string error;
};

CutResult Cut(std::string_view doc, size_t split) {
  XmlCutter cutter(kValueLimit, kTokenLimit);
  CutResult r;
  for (std::string_view part : {doc.substr(0, split), doc.substr(split)}) {
    std::string buf(part.size() + kXmlCutterSlack, '\0');
    Result<size_t> n = cutter.Filter(part, buf.data());
    if (!n.ok()) {
      if (n.status().code() != StatusCode::kInvalidArgument) std::abort();
      r.refused = true;
      r.error = n.status().message();
      return r;
    }
    if (*n > part.size() + kXmlCutterSlack) std::abort();
    r.out.append(buf.data(), *n);
  }
  std::string tail(kXmlCutterSlack, '\0');
  r.out.append(tail.data(), cutter.Finish(tail.data()));
  return r;
}

class Recorder : public XmlHandler {
 public:
  Status OnStart(std::string_view name, const XmlAttrs& attrs, size_t depth) override {
    names.push_back(std::string(name) + "@" + std::to_string(depth));
    attrs.ForEach([&](std::string_view n, std::string_view v) {
      names.push_back(" " + std::string(n));
      values.emplace_back(v);
    });
    return OkStatus();
  }
  Status OnEnd(std::string_view name, size_t) override {
    names.push_back("/" + std::string(name));
    return OkStatus();
  }
  void OnText(std::string_view t) override { text += t; }
  std::vector<std::string> names, values;
  std::string text;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view doc(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t split = doc.size() * data[0] / 256;
  CutResult whole = Cut(doc, doc.size());
  CutResult parts = Cut(doc, split);
  if (whole.refused != parts.refused || whole.error != parts.error) std::abort();
  if (whole.refused) return 0;
  if (whole.out != parts.out) std::abort();
  // Fuzz inputs are far below the parser's own limits, so it sees them unchanged.
  Recorder original, cut;
  if (!ParseXmlText(doc, "o.xml", &original).ok()) return 0;
  Status s = ParseXmlText(whole.out, "c.xml", &cut);
  if (!s.ok()) std::abort();
  if (cut.names != original.names || cut.text != original.text) std::abort();
  for (size_t i = 0; i < cut.values.size(); ++i) {
    if (!original.values[i].starts_with(cut.values[i])) std::abort();
  }
  return 0;
}
