// Path globs for classification rules, with gitignore/CODEOWNERS semantics:
//   *      any run of characters except '/'
//   **     any run of characters including '/' (as a whole segment: "**/x", "x/**", "a/**/b")
//   ?      one character except '/'
//   [abc] [a-z] [!a]   a character class
//   {a,b}  alternatives (not nested)
// A pattern without '/' (other than a trailing one) matches the file name at any depth
// ("*.sql"); a pattern with '/' is anchored at the repository root ("terraform/**", "/src/x");
// a trailing '/' matches everything below that directory ("k8s/").
// Compiled to an RE2 regular expression (linear-time matching, no backtracking blow-up); the
// translation is ours because no Debian-packaged C++ library matches "**" (fnmatch(3) does not).
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"

namespace proofline {

class Glob {
 public:
  // InvalidArgument naming the pattern for an unterminated [ or {, an empty pattern, or "***".
  static Result<Glob> Compile(std::string_view pattern);
  bool Matches(std::string_view path) const;
  // Matches `path` or one of the directories it is in, as gitignore excludes whatever is below
  // an excluded directory: "node_modules" or "build/" excludes "web/node_modules/x/index.js".
  bool MatchesPathOrDirectory(std::string_view path) const;
  const std::string& pattern() const { return pattern_; }
  // The RE2 source it compiles to, for combining many globs into one RE2::Set.
  const std::string& regex_source() const { return regex_->pattern(); }

 private:
  std::string pattern_;
  std::shared_ptr<const re2::RE2> regex_;
};

}  // namespace proofline
