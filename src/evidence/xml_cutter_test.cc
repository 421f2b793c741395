// Tests of the cutter in front of expat: what passes unchanged, what is cut and where, what is
// refused, and that where the input is split into reads changes nothing.
#include "evidence/xml_cutter.h"

#include <gtest/gtest.h>

#include <string>

#include "evidence/xml.h"

namespace proofline::evidence {
namespace {

// The cutter's output for `doc` fed in reads of `step` bytes.
std::string Cut(std::string_view doc, size_t step, XmlCutter* cutter, Status* error = nullptr) {
  std::string out;
  for (size_t at = 0; at <= doc.size(); at += step) {
    std::string_view in = doc.substr(at, std::min(step, doc.size() - at));
    std::string buf(in.size() + kXmlCutterSlack, '\0');
    if (in.empty()) {
      buf.resize(cutter->Finish(buf.data()));
    } else {
      Result<size_t> n = cutter->Filter(in, buf.data());
      if (!n.ok()) {
        if (error != nullptr) *error = n.status();
        return out;
      }
      buf.resize(*n);
    }
    out += buf;
    if (in.empty()) break;
  }
  return out;
}

std::string Cut(std::string_view doc, size_t step = 7) {
  XmlCutter c;
  return Cut(doc, step, &c);
}

class Attrs : public XmlHandler {
 public:
  Status OnStart(std::string_view name, const XmlAttrs& attrs, size_t) override {
    if (name == "stop") return InvalidArgument("stopped here");
    if (auto v = attrs.Get("v")) values.emplace_back(*v);
    return OkStatus();
  }
  Status OnEnd(std::string_view, size_t) override { return OkStatus(); }
  void OnText(std::string_view t) override { text += t; }
  std::vector<std::string> values;
  std::string text;
};

const std::string kLong(kMaxXmlValueBytes + 4096, 'a');

TEST(XmlCutter, PassesAnOrdinaryDocumentThroughUnchangedWhateverTheReads) {
  const std::string doc =
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE r [ <!-- a ' and a \" and a > --> <?pi \"x\" > ?>"
      " <!ATTLIST r a CDATA \"x > y\"> ]>\n"
      "<r a='1 &amp; &#x20AC; > \"' b=\"caf\xC3\xA9\"><!-- c -- d? -->"
      "<?target data ?> text > ]] <![CDATA[ <x> ] ]> ]]><e/></r>\n";
  for (size_t step : {1, 2, 3, 5, 64, 4096}) {
    XmlCutter c;
    EXPECT_EQ(Cut(doc, step, &c), doc) << step;
    EXPECT_EQ(c.values_cut(), 0u);
  }
}

TEST(XmlCutter, CutsALongAttributeValueAndCountsIt) {
  Attrs h;
  ASSERT_TRUE(
      ParseXmlText("<r><c v=\"" + kLong + "\" w='1'/><c v='short'/></r>", "t.xml", &h).ok());
  ASSERT_EQ(h.values.size(), 2u);
  EXPECT_EQ(h.values[0], std::string(kMaxXmlValueBytes, 'a'));
  EXPECT_EQ(h.values[1], "short");
  EXPECT_EQ(h.values_cut(), 1u);
}

TEST(XmlCutter, NeverCutsInsideACharacterOrAReference) {
  // Place a two-byte character, then a reference, across the limit at every offset near it: a
  // cut through either would leave expat malformed input.
  for (size_t shift = 0; shift <= 6; ++shift) {
    std::string pad(kMaxXmlValueBytes - 6 + shift, 'a');
    for (auto [tail, resolved] :
         {std::pair<std::string, std::string>{"\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9",
                                              "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9"},
          {"&amp;&#x20AC;&lt;", "&\xE2\x82\xAC<"}}) {
      Attrs h;
      Status s = ParseXmlText("<c v=\"" + pad + tail + "zzzz\"/>", "t.xml", &h);
      ASSERT_TRUE(s.ok()) << shift << " " << s.message();
      ASSERT_EQ(h.values.size(), 1u);
      EXPECT_EQ(h.values_cut(), 1u) << shift;
      EXPECT_TRUE(h.values[0].starts_with(pad)) << shift;
      EXPECT_TRUE((pad + resolved + "zzzz").starts_with(h.values[0])) << shift;
    }
  }
}

TEST(XmlCutter, CutsCommentsAndProcessingInstructionsLeavingThemWellFormed) {
  // "-a-a-a...": wherever the cut falls, the kept comment must not end in '-'.
  std::string dashes;
  while (dashes.size() < kMaxXmlValueBytes + 100) dashes += "-a";
  for (const std::string& body : {dashes, dashes.substr(1), kLong}) {
    Attrs h;
    Status s = ParseXmlText("<r><!--" + body + "--><?pi " + body + "?>after</r>", "t.xml", &h);
    ASSERT_TRUE(s.ok()) << s.message();
    EXPECT_EQ(h.text, "after");
    EXPECT_EQ(h.values_cut(), 2u);
  }
}

TEST(XmlCutter, NeverCutsTextOrCdata) {
  Attrs h;
  ASSERT_TRUE(ParseXmlText("<r>" + kLong + "<![CDATA[" + kLong + "]]></r>", "t.xml", &h).ok());
  EXPECT_EQ(h.text, kLong + kLong);
  EXPECT_EQ(h.values_cut(), 0u);
}

TEST(XmlCutter, LineNumbersCountTheLinesOfWhatWasCut) {
  std::string lines;
  while (lines.size() < kMaxXmlValueBytes + 10) lines += "line\n";
  // 1: <r>, then the value's lines, then the comment's, then <stop/>.
  const size_t n = std::count(lines.begin(), lines.end(), '\n');
  Attrs h;
  Status s =
      ParseXmlText("<r>\n<c v='" + lines + "'/>\n<!--" + lines + "-->\n<stop/></r>", "t.xml", &h);
  EXPECT_EQ(s.message(), "t.xml:" + std::to_string(4 + 2 * n) + ": stopped here");
  EXPECT_EQ(h.values_cut(), 2u);
  // Malformed XML after a cut is placed on its true line too.
  s = ParseXmlText("<r>\n<c v='" + lines + "'/>\n<a></b></r>", "t.xml", &h);
  EXPECT_EQ(s.message(), "t.xml:" + std::to_string(3 + n) + ": mismatched tag");
}

TEST(XmlCutter, RefusesATagTooLongToCut) {
  const std::string name(kMaxXmlTokenBytes + 1, 'n');
  Attrs h;
  Status s = ParseXmlText("<r>\n<" + name + "/></r>", "t.xml", &h);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "t.xml: a tag starting at byte 4 is longer than 16 MiB (names cannot be cut; only "
            "attribute values, comments and processing instructions are)");
  // Values are cut one by one, but a tag of many long values is still too long.
  std::string tag = "<c";
  for (int i = 0; i < 20; ++i) tag += " a" + std::to_string(i) + "='" + kLong + "'";
  s = ParseXmlText(tag + "/>", "t.xml", &h);
  EXPECT_TRUE(s.message().starts_with("t.xml: a tag starting at byte 0 is longer")) << s.message();
  s = ParseXmlText("<!DOCTYPE r [<!-- " + name + " -->]><r/>", "t.xml", &h);
  EXPECT_TRUE(s.message().starts_with("t.xml: the DOCTYPE starting at byte 0")) << s.message();
}

std::string Utf16Le(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

TEST(XmlCutter, CutsUtf16DocumentsOnCodeUnits) {
  std::string value;  // a surrogate pair (U+1F600) every 3 units: never split
  while (value.size() < kMaxXmlValueBytes + 64) {
    value += std::string(
        "\x3D\xD8\x00\xDE"
        "b\0",
        6);
  }
  for (std::string bom : {std::string("\xFF\xFE"), std::string()}) {
    std::string doc = bom + Utf16Le("<r><c v='") + value + Utf16Le("'/><!--") + value +
                      Utf16Le("-->") + Utf16Le("<c v='x'/></r>");
    Attrs h;
    Status s = ParseXmlText(doc, "t.xml", &h);
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_EQ(h.values.size(), 2u);
    EXPECT_TRUE(
        h.values[0].starts_with("\xF0\x9F\x98\x80"
                                "b\xF0\x9F\x98\x80"));
    EXPECT_LT(h.values[0].size(), kMaxXmlValueBytes);
    EXPECT_EQ(h.values[1], "x");
    EXPECT_EQ(h.values_cut(), 2u);
    // And split anywhere, even inside a unit, the cutter writes the same bytes.
    EXPECT_EQ(Cut(doc, 4093), Cut(doc, 65536));
  }
}

// Expat reads a document whose first or second byte is NUL as UTF-16 (BE or LE), whatever the
// other byte: whitespace before the root is enough. The cutter must agree, or it cuts a value
// between the two bytes of a unit and the document it hands on no longer parses.
TEST(XmlCutter, ReadsUtf16WithoutBomOrLeadingAngleBracketAsExpatDoes) {
  const std::string value(kMaxXmlValueBytes + 33, 'v');
  std::string le = Utf16Le("\n <r v='" + value + "'>t</r>");
  std::string be = std::string(1, '\0') + le.substr(0, le.size() - 1);  // the same, big-endian
  for (const std::string& doc : {le, be}) {
    Attrs h;
    Status s = ParseXmlText(doc, "t.xml", &h);
    ASSERT_TRUE(s.ok()) << s.message();
    ASSERT_EQ(h.values.size(), 1u);
    EXPECT_EQ(h.values[0], std::string(kMaxXmlValueBytes / 2, 'v'));
    EXPECT_EQ(h.values_cut(), 1u);
  }
}

TEST(XmlCutter, WritesTheSameBytesWhereverTheReadsEnd) {
  std::string doc = "<r><c v=\"" + kLong + "&amp;\"/><!--" + kLong + "--><?p " + kLong + "?></r>";
  const std::string whole = Cut(doc, doc.size());
  EXPECT_LT(whole.size(), 3 * kMaxXmlValueBytes + 100);
  for (size_t step : {5, 4093, 65536}) EXPECT_EQ(Cut(doc, step), whole) << step;
}

}  // namespace
}  // namespace proofline::evidence
