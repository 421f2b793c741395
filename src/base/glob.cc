// Glob to RE2 translation (see glob.h for the syntax and anchoring rules).
#include "base/glob.h"

namespace proofline {
namespace {

// Translates a character class starting at p[*i] == '['; advances *i to its ']'.
Status AppendClass(std::string_view p, size_t* i, std::string* re) {
  size_t j = *i + 1;
  std::string cls = "[";
  if (j < p.size() && (p[j] == '!' || p[j] == '^')) {
    cls += '^';
    ++j;
  }
  size_t first = j;
  for (; j < p.size() && (p[j] != ']' || j == first); ++j) {
    if (p[j] == '\\' || p[j] == '[' || (p[j] == ']' && j == first)) cls += '\\';
    cls += p[j];
  }
  if (j >= p.size()) return InvalidArgument("unterminated '['");
  *re += cls + "]";
  *i = j;
  return OkStatus();
}

// Translates '*' or '**' at p[*i]; advances *i past what it consumed.
void AppendStars(std::string_view p, size_t* i, std::string* re) {
  if (p.substr(*i, 2) != "**") {
    *re += "[^/]*";
    return;
  }
  bool segment_start = *i == 0 || p[*i - 1] == '/';
  if (segment_start && p.substr(*i, 3) == "**/") {
    *re += "(?:.*/)?";  // zero or more whole directories
    *i += 2;
    return;
  }
  *re += ".*";
  *i += 1;
}

Result<std::string> Translate(std::string_view p) {
  std::string re;
  bool in_braces = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '*') {
      if (p.substr(i, 3) == "***") return InvalidArgument("'***' is not a valid glob");
      AppendStars(p, &i, &re);
    } else if (c == '?') {
      re += "[^/]";
    } else if (c == '[') {
      RETURN_IF_ERROR(AppendClass(p, &i, &re));
    } else if (c == '{') {
      if (in_braces) return InvalidArgument("nested '{' is not supported");
      in_braces = true;
      re += "(?:";
    } else if (c == ',' && in_braces) {
      re += "|";
    } else if (c == '}' && in_braces) {
      in_braces = false;
      re += ")";
    } else {
      re += re2::RE2::QuoteMeta(std::string(1, c));
    }
  }
  if (in_braces) return InvalidArgument("unterminated '{'");
  return re;
}

}  // namespace

Result<Glob> Glob::Compile(std::string_view pattern) {
  Glob g;
  g.pattern_ = std::string(pattern);
  std::string p = g.pattern_;
  if (p.empty() || p == "/")
    return InvalidArgument("invalid glob '" + g.pattern_ + "': empty pattern");
  if (p.back() == '/') p += "**";
  bool anchored = p.find('/') != std::string::npos;
  if (p[0] == '/') p.erase(0, 1);
  Result<std::string> re = Translate(p);
  if (!re.ok())
    return InvalidArgument("invalid glob '" + g.pattern_ + "': " + re.status().message());
  re2::RE2::Options options;
  options.set_log_errors(false);
  auto regex = std::make_shared<re2::RE2>((anchored ? "" : "(?:.*/)?") + *re, options);
  if (!regex->ok()) return InvalidArgument("invalid glob '" + g.pattern_ + "': " + regex->error());
  g.regex_ = std::move(regex);
  return g;
}

bool Glob::Matches(std::string_view path) const { return re2::RE2::FullMatch(path, *regex_); }

bool Glob::MatchesPathOrDirectory(std::string_view path) const {
  for (size_t slash = path.find('/'); slash != std::string_view::npos;
       slash = path.find('/', slash + 1)) {
    if (slash > 0 && Matches(path.substr(0, slash))) return true;
  }
  return Matches(path);
}

}  // namespace proofline
