// Small text helpers shared by the parsers that bound what they keep of hostile input and by the
// one-line error messages that quote it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace proofline {

// The longest prefix of `s` of at most `max_bytes` bytes that does not end inside a UTF-8
// sequence, so a cut name or line stays valid UTF-8 (and canonical JSON accepts it).
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);
// The same, copied: what a summary keeps of a name.
inline std::string CutUtf8(std::string_view s, size_t max_bytes) {
  return std::string(Utf8Prefix(s, max_bytes));
}

// `s` without the leading and trailing characters in `blanks`.
// ASCII letters lower-cased; other bytes as they are.
std::string AsciiLower(std::string_view s);

std::string_view TrimBlanks(std::string_view s, std::string_view blanks = " \t\r\n");

// `s` for a one-line message, cut at `max_bytes` on a character boundary ("..." when cut), its
// control characters replaced by '?'; other UTF-8 is kept.
std::string OneLine(std::string_view s, size_t max_bytes);
// `s` for a one-line message, cut at `max_bytes` ("..." when cut), every byte that is not
// printable ASCII replaced by '?'.
std::string AsciiExcerpt(std::string_view s, size_t max_bytes);

}  // namespace proofline
