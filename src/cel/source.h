// Positions in a CEL expression as people read them: 1-based line and column (columns count
// code points, so a caret lines up under non-ASCII text), and the caret display the CLI shows
// under an error.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace proofline::cel {

struct Location {
  int line = 1;
  int column = 1;
};

// The location of byte `offset` in `source` (offsets past the end point just after it).
Location LocationOf(std::string_view source, int32_t offset);

// "column 7" for the first line, "line 2, column 7" after it.
std::string DescribeLocation(Location loc);

// Two lines: the source line holding `loc` and a caret under its column, each indented by two
// spaces, tabs kept so the caret lines up in a terminal.
std::string CaretLines(std::string_view source, Location loc);

}  // namespace proofline::cel
