// The lexical filter in front of expat (xml_cutter.h): a byte- (or UTF-16 unit-) at-a-time state
// machine over XML's markup, with bulk paths for the two things that make up almost every
// report's bytes: character data (up to the next '<') and CDATA (up to the next '>'), and for
// dropping the rest of a cut value.
#include "evidence/xml_cutter.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace proofline::evidence {
namespace {

// An entity or character reference longer than this inside a value may be cut through (a real
// one is at most `&#x10FFFF;`; a longer name is undeclared, hence an error, in our documents).
constexpr size_t kMaxRefBytes = 256;

constexpr std::string_view kBangWords[] = {"--", "[CDATA[", "DOCTYPE"};

bool IsBangPrefix(std::string_view b) {
  return std::any_of(std::begin(kBangWords), std::end(kBangWords),
                     [&](std::string_view w) { return w.starts_with(b); });
}

}  // namespace

bool XmlCutter::Continuation(uint32_t u) const {
  if (encoding_ == Encoding::kByte) return (u & 0xC0) == 0x80;  // UTF-8 continuation byte
  return u >= 0xDC00 && u <= 0xDFFF;                            // UTF-16 low surrogate
}

void XmlCutter::Emit(const char* raw, size_t width) {
  std::memcpy(out_ + written_, raw, width);
  written_ += width;
}

void XmlCutter::EmitAscii(std::string_view s) {
  for (char c : s) {
    if (encoding_ == Encoding::kUtf16Le) {
      out_[written_++] = c;
      out_[written_++] = '\0';
    } else if (encoding_ == Encoding::kUtf16Be) {
      out_[written_++] = '\0';
      out_[written_++] = c;
    } else {
      out_[written_++] = c;
    }
  }
}

void XmlCutter::Drop(uint32_t u) {
  if (u == '\n') {
    ++lines_dropped_;
    cuts_.back().lines = lines_dropped_;
  }
}

void XmlCutter::StartValue() {
  value_bytes_ = 0;
  cutting_ = false;
  in_ref_ = false;
  ref_bytes_ = 0;
}

void XmlCutter::ValueUnit(uint32_t u, const char* raw, size_t width, bool may_cut) {
  if (cutting_) {
    Drop(u);
    return;
  }
  if (value_bytes_ >= max_value_ && may_cut && !Continuation(u)) {
    cutting_ = true;
    ++values_cut_;
    cuts_.push_back({out_offset_ + written_, lines_dropped_});
    Drop(u);
    return;
  }
  Emit(raw, width);
  value_bytes_ += width;
}

Status XmlCutter::TooLong() const {
  std::string limit = max_token_ >= (size_t{1} << 20) ? std::to_string(max_token_ >> 20) + " MiB"
                                                      : std::to_string(max_token_) + " bytes";
  return InvalidArgument(std::string(token_name_) + " starting at byte " +
                         std::to_string(token_start_) + " is longer than " + limit +
                         " (names cannot be cut; only attribute values, comments and processing "
                         "instructions are)");
}

bool XmlCutter::Unit(uint32_t u, const char* raw, size_t width) {
  switch (state_) {
    case State::kText:
      Emit(raw, width);
      if (u == '<') {
        state_ = State::kLt;
        token_start_ = in_offset_;
        token_bytes_ = width;
      }
      break;
    case State::kLt:
      if (u == '!') {
        Emit(raw, width);
        token_bytes_ += width;
        state_ = State::kBang;
        bang_size_ = 0;
      } else if (u == '?' && !seen_markup_) {  // the XML declaration: never cut
        Emit(raw, width);
        token_bytes_ += width;
        token_name_ = "the XML declaration";
        state_ = State::kDecl;
      } else if (u == '?') {
        Emit(raw, width);
        state_ = State::kPi;
        StartValue();
      } else {  // a start or end tag: its first unit is the tag's
        token_name_ = "a tag";
        state_ = State::kTag;
        quote_ = 0;
        seen_markup_ = true;
        return Unit(u, raw, width);
      }
      seen_markup_ = true;
      break;
    case State::kBang: {
      bang_[bang_size_] = u < 0x80 ? static_cast<char>(u) : '\x01';
      std::string_view b(bang_, bang_size_ + 1);
      if (!IsBangPrefix(b)) {  // another declaration (malformed outside a DTD): lex it as a tag
        token_name_ = "a tag";
        state_ = State::kTag;
        quote_ = 0;
        return Unit(u, raw, width);
      }
      ++bang_size_;
      Emit(raw, width);
      token_bytes_ += width;
      if (b == "--") {
        state_ = State::kComment;
        StartValue();
      } else if (b == "[CDATA[") {
        state_ = State::kCdata;
      } else if (b == "DOCTYPE") {
        token_name_ = "the DOCTYPE";
        state_ = State::kDoctype;
        quote_ = 0;
        depth_ = 0;
        sub_comment_ = sub_pi_ = false;
      }
      break;
    }
    case State::kComment:
      if (u == '>' && h1_ == '-' && h2_ == '-') {
        if (cutting_) {
          EmitAscii("-->");  // the "--" went with the cut
        } else {
          Emit(raw, width);
        }
        cutting_ = false;
        state_ = State::kText;
      } else {
        ValueUnit(u, raw, width, h1_ != '-');  // a comment may not end in '-' ("--->")
      }
      break;
    case State::kCdata:
      Emit(raw, width);
      if (u == '>' && h1_ == ']' && h2_ == ']') state_ = State::kText;
      break;
    case State::kPi:
      if (u == '>' && h1_ == '?') {
        if (cutting_) {
          EmitAscii("?>");
        } else {
          Emit(raw, width);
        }
        cutting_ = false;
        state_ = State::kText;
      } else {
        ValueUnit(u, raw, width, true);
      }
      break;
    case State::kTag:
      token_bytes_ += width;
      if (token_bytes_ > max_token_) return false;
      Emit(raw, width);
      if (u == '"' || u == '\'') {
        quote_ = u;
        state_ = State::kValue;
        StartValue();
      } else if (u == '>') {
        state_ = State::kText;
      }
      break;
    case State::kValue:
      if (u == quote_) {
        token_bytes_ += width;
        Emit(raw, width);
        cutting_ = false;
        state_ = State::kTag;
        break;
      }
      if (!cutting_) {
        ValueUnit(u, raw, width, !in_ref_ || ref_bytes_ > kMaxRefBytes);
        if (!cutting_) {
          token_bytes_ += width;
          if (token_bytes_ > max_token_) return false;
          if (u == '&') {
            in_ref_ = true;
            ref_bytes_ = 0;
          } else if (in_ref_) {
            ref_bytes_ += width;
            if (u == ';') in_ref_ = false;
          }
        }
      } else {
        Drop(u);
      }
      break;
    case State::kDecl:  // ends at "?>" (its values cannot hold one), quotes or not
      token_bytes_ += width;
      if (token_bytes_ > max_token_) return false;
      Emit(raw, width);
      if (u == '>' && h1_ == '?') state_ = State::kText;
      break;
    case State::kDoctype:
      token_bytes_ += width;
      if (token_bytes_ > max_token_) return false;
      Emit(raw, width);
      if (quote_ != 0) {
        if (u == quote_) quote_ = 0;
      } else if (sub_comment_) {
        if (u == '>' && h1_ == '-' && h2_ == '-') sub_comment_ = false;
      } else if (sub_pi_) {
        if (u == '>' && h1_ == '?') sub_pi_ = false;
      } else if (u == '"' || u == '\'') {
        quote_ = u;
      } else if (u == '[') {
        ++depth_;
      } else if (u == ']') {
        --depth_;
      } else if (u == '>' && depth_ <= 0) {
        state_ = State::kText;
      } else if (u == '-' && h1_ == '-' && h2_ == '!' && h3_ == '<') {
        sub_comment_ = true;
      } else if (u == '?' && h1_ == '<') {
        sub_pi_ = true;
      }
      break;
  }
  Remember(u);
  return true;
}

size_t XmlCutter::CopyRun(std::string_view in) {
  size_t n = 0;
  auto up_to = [&](char stop, size_t window) {
    const void* hit = std::memchr(in.data(), stop, window);
    return hit != nullptr ? static_cast<size_t>(static_cast<const char*>(hit) - in.data()) : window;
  };
  switch (state_) {
    case State::kText:
      n = up_to('<', in.size());
      break;
    case State::kCdata:
      n = up_to('>', in.size());
      break;
    case State::kTag:  // names, '=' and spaces up to the next quote or the tag's end
      while (n < in.size() && in[n] != '"' && in[n] != '\'' && in[n] != '>') ++n;
      token_bytes_ += n;
      break;
    case State::kValue:  // up to the quote or the cut, whichever comes first
      if (value_bytes_ >= max_value_) return 0;
      n = up_to(static_cast<char>(quote_),
                std::min<uint64_t>(in.size(), max_value_ - value_bytes_));
      value_bytes_ += n;
      token_bytes_ += n;
      break;
    case State::kComment:
    case State::kPi:
      if (value_bytes_ >= max_value_) return 0;
      n = up_to('>', std::min<uint64_t>(in.size(), max_value_ - value_bytes_));
      value_bytes_ += n;
      break;
    default:
      return 0;
  }
  std::memcpy(out_ + written_, in.data(), n);
  written_ += n;
  for (size_t k = n > 3 ? n - 3 : 0; k < n; ++k) Remember(static_cast<unsigned char>(in[k]));
  if (state_ == State::kValue && n > 0) {
    // Where a reference stands at the end of the run, for a cut that may come next.
    const void* amp = memrchr(in.data(), '&', n);
    const void* semi = memrchr(in.data(), ';', n);
    if (amp != nullptr && (semi == nullptr || semi < amp)) {
      in_ref_ = true;
      ref_bytes_ = n - static_cast<size_t>(static_cast<const char*>(amp) - in.data()) - 1;
    } else if (semi != nullptr) {
      in_ref_ = false;
    } else if (in_ref_) {
      ref_bytes_ += n;
    }
  }
  return n;
}

size_t XmlCutter::DropRun(std::string_view in) {
  if (!cutting_) return 0;
  char stop;
  if (state_ == State::kValue) {
    stop = static_cast<char>(quote_);
  } else if (state_ == State::kComment || state_ == State::kPi) {
    stop = '>';
  } else {
    return 0;
  }
  const void* hit = std::memchr(in.data(), stop, in.size());
  size_t n =
      hit != nullptr ? static_cast<size_t>(static_cast<const char*>(hit) - in.data()) : in.size();
  auto lines = static_cast<uint64_t>(std::count(in.data(), in.data() + n, '\n'));
  if (lines > 0) {
    lines_dropped_ += lines;
    cuts_.back().lines = lines_dropped_;
  }
  for (size_t k = n > 3 ? n - 3 : 0; k < n; ++k) Remember(static_cast<unsigned char>(in[k]));
  return n;
}

Result<size_t> XmlCutter::Filter(std::string_view in, char* out) {
  out_ = out;
  written_ = 0;
  size_t i = 0;
  if (encoding_ == Encoding::kUnknown) {  // sniffed from the first two bytes
    while (pending_size_ < 2 && i < in.size()) pending_[pending_size_++] = in[i++];
    if (pending_size_ < 2) return size_t{0};
    auto a = static_cast<unsigned char>(pending_[0]), b = static_cast<unsigned char>(pending_[1]);
    pending_size_ = 0;
    char first[2] = {pending_[0], pending_[1]};
    // Expat's own rule (xmltok.c initScan, a document entity with no declared encoding): a BOM,
    // else a NUL first byte means UTF-16BE and a NUL second byte UTF-16LE, whatever the other
    // byte is (" \0<\0" is whitespace before the root in UTF-16LE). The cutter must read the
    // bytes as the parser will, or it cuts between the two bytes of a unit.
    if ((a == 0xFF && b == 0xFE) || (b == 0 && a != 0)) {
      encoding_ = Encoding::kUtf16Le;
      if (!Unit(a | (b << 8), first, 2)) return TooLong();
    } else if ((a == 0xFE && b == 0xFF) || a == 0) {
      encoding_ = Encoding::kUtf16Be;
      if (!Unit((a << 8) | b, first, 2)) return TooLong();
    } else {
      encoding_ = Encoding::kByte;
      if (!Unit(a, first, 1)) return TooLong();
      ++in_offset_;
      if (!Unit(b, first + 1, 1)) return TooLong();
      --in_offset_;
    }
    in_offset_ += 2;
  }
  if (encoding_ == Encoding::kByte) {
    while (i < in.size()) {
      size_t n = cutting_ ? DropRun(in.substr(i)) : CopyRun(in.substr(i));
      i += n;
      in_offset_ += n;
      if (token_bytes_ > max_token_) return TooLong();
      if (i == in.size()) break;
      if (!Unit(static_cast<unsigned char>(in[i]), &in[i], 1)) return TooLong();
      ++i;
      ++in_offset_;
    }
  } else {
    const bool le = encoding_ == Encoding::kUtf16Le;
    while (i < in.size()) {
      char raw[2];
      if (pending_size_ == 1) {
        raw[0] = pending_[0];
        pending_size_ = 0;
      } else if (i + 1 == in.size()) {
        pending_[0] = in[i++];
        pending_size_ = 1;
        break;
      } else {
        raw[0] = in[i++];
      }
      raw[1] = in[i++];
      auto lo = static_cast<unsigned char>(raw[le ? 0 : 1]);
      auto hi = static_cast<unsigned char>(raw[le ? 1 : 0]);
      if (!Unit(lo | (hi << 8), raw, 2)) return TooLong();
      in_offset_ += 2;
    }
  }
  out_offset_ += written_;
  return written_;
}

size_t XmlCutter::Finish(char* out) {
  std::memcpy(out, pending_, pending_size_);
  size_t n = pending_size_;
  pending_size_ = 0;
  out_offset_ += n;
  return n;
}

uint64_t XmlCutter::LinesDroppedBefore(uint64_t offset) const {
  auto after = std::upper_bound(cuts_.begin(), cuts_.end(), offset,
                                [](uint64_t x, const Cut& c) { return x < c.offset; });
  return after == cuts_.begin() ? 0 : std::prev(after)->lines;
}

}  // namespace proofline::evidence
