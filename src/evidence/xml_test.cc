// Tests of the expat wrapper: event order, attributes, text across chunk boundaries, errors.
#include "evidence/xml.h"

#include <gtest/gtest.h>

namespace proofline::evidence {
namespace {

class Recorder : public XmlHandler {
 public:
  Status OnStart(std::string_view name, const XmlAttrs& attrs, size_t depth) override {
    log += "<" + std::string(name) + "@" + std::to_string(depth);
    if (auto id = attrs.Get("id")) log += " id=" + std::string(*id);
    if (name == "stop") return InvalidArgument("stopped here");
    return OkStatus();
  }
  Status OnEnd(std::string_view name, size_t depth) override {
    log += ">" + std::string(name) + "@" + std::to_string(depth);
    return OkStatus();
  }
  void OnText(std::string_view text) override { text_ += text; }

  std::string log, text_;
};

TEST(Xml, ReportsElementsAttributesAndTextInOrder) {
  Recorder r;
  ASSERT_TRUE(ParseXmlText("<a id=\"1&amp;2\"><b/>x<![CDATA[<y>]]></a>", "t.xml", &r).ok());
  EXPECT_EQ(r.log, "<a@0 id=1&2<b@1>b@1>a@0");
  EXPECT_EQ(r.text_, "x<y>");
}

TEST(Xml, TextSpanningChunksArrivesWhole) {
  Recorder r;
  std::string body(kXmlChunkBytes * 2 + 5, 'z');
  ASSERT_TRUE(ParseXmlText("<a>" + body + "</a>", "t.xml", &r).ok());
  EXPECT_EQ(r.text_, body);
}

TEST(Xml, HandlerErrorsCarryFileAndLine) {
  Recorder r;
  Status s = ParseXmlText("<a>\n\n<stop/></a>", "t.xml", &r);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "t.xml:3: stopped here");
}

TEST(Xml, TrailingGarbageIsAnError) {
  Recorder r;
  Status s = ParseXmlText("<a/>\n<b/>", "t.xml", &r);
  EXPECT_EQ(s.message(), "t.xml:2: junk after document element");
}

TEST(Xml, Windows1252TextArrivesAsUtf8) {
  Recorder r;
  // "Caf\xe9 \x80 \x93" in cp1252: e-acute (as in Latin-1), the euro sign and an en dash.
  std::string doc = "<?xml version=\"1.0\" encoding=\"Windows-1252\"?><a>Caf\xe9 \x80 \x96</a>";
  ASSERT_TRUE(ParseXmlText(doc, "t.xml", &r).ok());
  EXPECT_EQ(r.text_, "Caf\xc3\xa9 \xe2\x82\xac \xe2\x80\x93");
}

TEST(Xml, UndefinedWindows1252BytesAndUnknownEncodingsAreErrors) {
  Recorder r;
  Status undefined =
      ParseXmlText("<?xml version=\"1.0\" encoding=\"cp1252\"?>\n<a>\x81</a>", "t.xml", &r);
  EXPECT_EQ(undefined.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(undefined.message().rfind("t.xml:2: ", 0), 0u) << undefined.message();
  Status unknown = ParseXmlText("<?xml version=\"1.0\" encoding=\"x-klingon\"?><a/>", "t.xml", &r);
  EXPECT_EQ(unknown.message(), "t.xml:1: unknown encoding");
}

}  // namespace
}  // namespace proofline::evidence
