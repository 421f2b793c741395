// Small text helpers shared by the parsers that bound what they keep of hostile input.
#pragma once

#include <cstddef>
#include <string_view>

namespace proofline {

// The longest prefix of `s` of at most `max_bytes` bytes that does not end inside a UTF-8
// sequence, so a cut name or line stays valid UTF-8 (and canonical JSON accepts it).
std::string_view Utf8Prefix(std::string_view s, size_t max_bytes);

}  // namespace proofline
