// Line/column locations and caret display for CEL diagnostics (see source.h).
#include "cel/source.h"

#include <algorithm>

namespace proofline::cel {
namespace {

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

Location LocationOf(std::string_view source, int32_t offset) {
  size_t end = std::min(source.size(), static_cast<size_t>(std::max<int32_t>(offset, 0)));
  Location loc;
  for (size_t i = 0; i < end; ++i) {
    if (source[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if (!IsContinuation(source[i])) {
      ++loc.column;
    }
  }
  return loc;
}

std::string DescribeLocation(Location loc) {
  std::string col = "column " + std::to_string(loc.column);
  return loc.line == 1 ? col : "line " + std::to_string(loc.line) + ", " + col;
}

std::string CaretLines(std::string_view source, Location loc) {
  size_t start = 0;
  for (int line = 1; line < loc.line; ++line) {
    size_t nl = source.find('\n', start);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  size_t end = source.find('\n', start);
  std::string_view text = source.substr(start, end == std::string_view::npos ? end : end - start);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  std::string caret;
  int column = 1;
  for (char c : text) {
    if (column >= loc.column) break;
    if (IsContinuation(c)) continue;
    caret += c == '\t' ? '\t' : ' ';
    ++column;
  }
  return "  " + std::string(text) + "\n  " + caret + "^";
}

}  // namespace proofline::cel
