// The HCL2 native syntax parser (hcl.h): a lazy lexer that the recursive-descent parser drives
// token by token, so templates and heredocs are scanned from the same position the expression
// lexer stopped at, and newlines are significant or not as the enclosing construct says.
#include "iac/hcl.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <utility>

namespace proofline::iac::hcl {
namespace {

constexpr const char* kTooDeep = "nesting deeper than 200 levels";
static_assert(kMaxDepth == 200, "kTooDeep names the limit");

enum class Tok : uint8_t {
  kEof,
  kNewline,
  kIdent,
  kNumber,
  kOQuote,   // the opening quote of a template; the parser scans the rest
  kHeredoc,  // `<<EOT` or `<<-EOT` and its newline; text: the marker
  kLBrace,
  kRBrace,
  kLBrack,
  kRBrack,
  kLParen,
  kRParen,
  kComma,
  kDot,
  kEllipsis,
  kAssign,
  kColon,
  kDoubleColon,
  kQuestion,
  kArrow,
  kOp,  // + - * / % == != < > <= >= && || !
  kTilde,
  kBare,  // never lexed: opens a bare template (ParseTemplate), which ends with the input
};

struct Token {
  Tok type = Tok::kEof;
  bool flush = false;  // kHeredoc: `<<-`
  uint32_t line = 0;
  size_t begin = 0, end = 0;
  std::string_view text;
};

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
// Identifiers are ASCII letters, '_' and any non-ASCII character (UTF-8 was checked up front).
bool IsIdentStart(unsigned char c) {
  return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_' || c >= 0x80;
}
bool IsIdentChar(unsigned char c) { return IsIdentStart(c) || IsDigit(c) || c == '-'; }

// Byte length of the Unicode white space character at s[i] (Go's unicode.IsSpace, which
// hashicorp/hcl uses for strip markers and flush heredocs), 0 if there is none.
size_t SpaceLen(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  size_t left = s.size() - i;
  if (left == 0) return 0;
  unsigned char c = at(0);
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  if (c == 0xC2 && left >= 2 && (at(1) == 0x85 || at(1) == 0xA0)) return 2;
  if (left < 3) return 0;
  if (c == 0xE1 && at(1) == 0x9A && at(2) == 0x80) return 3;
  if (c == 0xE2 && at(1) == 0x80 &&
      (at(2) <= 0x8A || at(2) == 0xA8 || at(2) == 0xA9 || at(2) == 0xAF)) {
    return 3;
  }
  if (c == 0xE2 && at(1) == 0x81 && at(2) == 0x9F) return 3;
  if (c == 0xE3 && at(1) == 0x80 && at(2) == 0x80) return 3;
  return 0;
}

void TrimLeftSpace(std::string& s) {
  size_t i = 0;
  while (size_t n = SpaceLen(s, i)) i += n;
  s.erase(0, i);
}

void TrimRightSpace(std::string& s) {
  for (;;) {
    size_t n = s.size();
    if (n >= 1 && SpaceLen(s, n - 1) == 1) {
      s.pop_back();
    } else if (n >= 2 && SpaceLen(s, n - 2) == 2) {
      s.resize(n - 2);
    } else if (n >= 3 && SpaceLen(s, n - 3) == 3) {
      s.resize(n - 3);
    } else {
      return;
    }
  }
}

// Offset of the first byte that is not part of valid UTF-8 (overlongs, surrogates and code
// points past U+10FFFF refused), or npos.
size_t InvalidUtf8At(std::string_view s) {
  size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return i;
    }
    if (n - i < len) return i;
    for (size_t k = 1; k < len; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The flat form of a template before its directives are nested, as hashicorp/hcl builds it:
// literals (one per line in heredocs, so flush trimming sees line starts), interpolations, and
// directive markers.
enum class PartKind : uint8_t { kLiteral, kInterp, kIf, kElse, kEndIf, kFor, kEndFor };

struct Part {
  PartKind kind = PartKind::kLiteral;
  uint32_t line = 0;
  std::string literal;
  Expression expr;  // kInterp: the expression; kIf: the condition; kFor: the collection
  std::string key_var, value_var;
};

const char* DirectiveName(PartKind kind) {
  switch (kind) {
    case PartKind::kElse:
      return "%{else}";
    case PartKind::kEndIf:
      return "%{endif}";
    default:
      return "%{endfor}";
  }
}

// Applies the `<<-` rule: the smallest run of leading white space over the lines (blank lines
// aside; a line starting with an interpolation counts as zero) is cut from every line.
void FlushHeredoc(std::vector<Part>& parts) {
  size_t min = std::numeric_limits<size_t>::max();
  bool newline = true;
  std::vector<size_t> adjust;  // the line-leading literals to cut
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& lit = parts[i].literal;
    bool is_lit = parts[i].kind == PartKind::kLiteral;
    if (newline) {
      newline = false;
      size_t spaces = 0;
      if (is_lit) {
        size_t bytes = 0, chars = 0;
        while (size_t n = SpaceLen(lit, bytes)) bytes += n, ++chars;
        if (bytes == lit.size() && !lit.empty() && lit.back() == '\n') {
          spaces = std::numeric_limits<size_t>::max();
        } else {
          spaces = chars;
          adjust.push_back(i);
        }
      }
      min = std::min(min, spaces);
    }
    if (is_lit && !lit.empty() && lit.back() == '\n') newline = true;
  }
  for (size_t index : adjust) {
    std::string& lit = parts[index].literal;
    size_t bytes = 0;
    for (size_t k = 0; k < min; ++k) bytes += SpaceLen(lit, bytes);
    lit.erase(0, bytes);
  }
}

void MeldLiterals(std::vector<Part>& parts) {
  size_t out = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (out > 0 && parts[i].kind == PartKind::kLiteral &&
        parts[out - 1].kind == PartKind::kLiteral) {
      parts[out - 1].literal += parts[i].literal;
      continue;
    }
    if (out != i) parts[out] = std::move(parts[i]);
    ++out;
  }
  parts.resize(out);
}

class Parser {
 public:
  Parser(std::string_view text, std::string_view file) : s_(text), file_(file) {}

  Result<Body> Run(SyntaxError* error) {
    if (s_.size() >= 3 && s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a byte order mark
    if (size_t bad = InvalidUtf8At(s_); bad != std::string_view::npos) {
      Fail(LineAt(bad), "invalid UTF-8");
    }
    ignore_nl_.push_back(false);
    Body body = ParseBody(false, 0, {});
    if (!failed_) return body;
    return Error(error);
  }

  // The whole text as a bare template starting on `line` (hcl.h ParseTemplate).
  Result<Expression> RunTemplate(uint32_t line, SyntaxError* error) {
    line_ = line_base_ = line;
    if (size_t bad = InvalidUtf8At(s_); bad != std::string_view::npos) {
      Fail(LineAt(bad), "invalid UTF-8");
    }
    ignore_nl_.push_back(false);
    Token open;
    open.type = Tok::kBare;
    open.line = line;
    Expression e;
    if (!failed_) e = ParseTemplate(open);
    if (!failed_) return e;
    return Error(error);
  }

 private:
  // Counts recursion so that hostile nesting ends in an error, not a stack overflow.
  class DepthGuard {
   public:
    DepthGuard(Parser* p, uint32_t line) : p_(p) {
      if (++p_->depth_ > kMaxDepth) p_->Fail(line, kTooDeep);
    }
    ~DepthGuard() { --p_->depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    Parser* p_;
  };

  struct LexState {
    size_t pos, last_end;
    uint32_t line;
    bool has_peek;
    Token peek;
  };

  Status Error(SyntaxError* error) const {
    if (error) *error = {err_line_, err_what_};
    return InvalidArgument(std::string(file_) + ":" + std::to_string(err_line_) + ": " + err_what_);
  }

  void Fail(uint32_t line, std::string what) {
    if (failed_) return;
    failed_ = true;
    err_line_ = line;
    err_what_ = std::move(what);
  }

  uint32_t LineAt(size_t offset) const {
    return line_base_ + static_cast<uint32_t>(std::count(s_.begin(), s_.begin() + offset, '\n'));
  }

  static std::string Describe(const Token& t) {
    switch (t.type) {
      case Tok::kEof:
        return "end of file";
      case Tok::kNewline:
        return "newline";
      case Tok::kOQuote:
        return "a quoted string";
      case Tok::kHeredoc:
        return "a heredoc";
      default:
        return "\"" + std::string(t.text) + "\"";
    }
  }

  // ---- Lexer ----

  char At(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }

  // Skips blanks and comments; false at the end of input (or after an unterminated comment).
  bool SkipBlanks() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '#' || (c == '/' && At(pos_ + 1) == '/')) {
        size_t nl = s_.find('\n', pos_);
        pos_ = nl == std::string_view::npos ? s_.size() : nl;
      } else if (c == '/' && At(pos_ + 1) == '*') {
        size_t close = s_.find("*/", pos_ + 2);
        if (close == std::string_view::npos) {
          Fail(line_, "unterminated comment");
          return false;
        }
        line_ += static_cast<uint32_t>(std::count(s_.begin() + pos_, s_.begin() + close, '\n'));
        pos_ = close + 2;
      } else {
        return true;
      }
    }
    return false;
  }

  void LexNumber() {
    while (IsDigit(At(pos_))) ++pos_;
    if (At(pos_) == '.' && IsDigit(At(pos_ + 1))) {
      ++pos_;
      while (IsDigit(At(pos_))) ++pos_;
    }
    if ((At(pos_) | 0x20) == 'e') {
      size_t p = pos_ + 1;
      if (At(p) == '+' || At(p) == '-') ++p;
      if (IsDigit(At(p))) {
        pos_ = p;
        while (IsDigit(At(pos_))) ++pos_;
      }
    }
  }

  // `<<EOT` / `<<-EOT` then a newline; pos_ is past the `<<`.
  void LexHeredoc(Token& t) {
    if (At(pos_) == '-') {
      t.flush = true;
      ++pos_;
    }
    size_t start = pos_;
    if (IsIdentStart(At(pos_))) {
      while (IsIdentChar(At(pos_))) ++pos_;
    }
    t.text = s_.substr(start, pos_ - start);
    if (At(pos_) == '\r') ++pos_;
    if (t.text.empty() || At(pos_) != '\n') {
      Fail(t.line, "a heredoc needs a marker name and a newline after \"<<\"");
      return;
    }
    ++pos_;
    ++line_;
  }

  void LexOperator(Token& t, char c) {
    char d = At(pos_ + 1);
    auto two = [&](Tok type) {
      t.type = type;
      pos_ += 2;
    };
    auto one = [&](Tok type) {
      t.type = type;
      pos_ += 1;
    };
    switch (c) {
      case '{':
        return one(Tok::kLBrace);
      case '}':
        return one(Tok::kRBrace);
      case '[':
        return one(Tok::kLBrack);
      case ']':
        return one(Tok::kRBrack);
      case '(':
        return one(Tok::kLParen);
      case ')':
        return one(Tok::kRParen);
      case ',':
        return one(Tok::kComma);
      case '?':
        return one(Tok::kQuestion);
      case '~':
        return one(Tok::kTilde);
      case '"':
        return one(Tok::kOQuote);
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return one(Tok::kOp);
      case '.':
        if (d == '.' && At(pos_ + 2) == '.') {
          t.type = Tok::kEllipsis;
          pos_ += 3;
          return;
        }
        return one(Tok::kDot);
      case ':':
        return d == ':' ? two(Tok::kDoubleColon) : one(Tok::kColon);
      case '=':
        if (d == '=') return two(Tok::kOp);
        return d == '>' ? two(Tok::kArrow) : one(Tok::kAssign);
      case '!':
        return d == '=' ? two(Tok::kOp) : one(Tok::kOp);
      case '>':
        return d == '=' ? two(Tok::kOp) : one(Tok::kOp);
      case '<':
        if (d == '<') {
          t.type = Tok::kHeredoc;
          pos_ += 2;
          return LexHeredoc(t);
        }
        return d == '=' ? two(Tok::kOp) : one(Tok::kOp);
      case '&':
      case '|':
        if (d == c) return two(Tok::kOp);
        break;
      default:
        break;
    }
    char what[48];
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) {
      std::snprintf(what, sizeof what, "unexpected character \"%c\"", c);
    } else {
      std::snprintf(what, sizeof what, "unexpected character 0x%02X", u);
    }
    Fail(line_, what);
  }

  Token Lex() {
    Token t;
    if (failed_ || !SkipBlanks()) {
      t.line = line_;
      t.begin = t.end = pos_;
      return t;
    }
    t.line = line_;
    t.begin = pos_;
    auto c = static_cast<unsigned char>(s_[pos_]);
    if (c == '\n') {
      t.type = Tok::kNewline;
      ++pos_;
      ++line_;
    } else if (IsIdentStart(c)) {
      t.type = Tok::kIdent;
      while (IsIdentChar(At(pos_))) ++pos_;
    } else if (IsDigit(c)) {
      t.type = Tok::kNumber;
      LexNumber();
    } else {
      LexOperator(t, static_cast<char>(c));
    }
    if (failed_) t.type = Tok::kEof;
    t.end = pos_;
    if (t.type != Tok::kHeredoc) t.text = s_.substr(t.begin, t.end - t.begin);
    return t;
  }

  bool IgnoringNewlines() const { return ignore_nl_.back(); }

  const Token& Peek() {
    for (;;) {
      if (failed_) {
        peek_ = Token{};
        peek_.line = err_line_;
        has_peek_ = true;
        return peek_;
      }
      if (!has_peek_) {
        peek_ = Lex();
        has_peek_ = true;
      }
      if (peek_.type != Tok::kNewline || !IgnoringNewlines()) return peek_;
      has_peek_ = false;
    }
  }

  Token Take() {
    Peek();
    has_peek_ = false;
    if (peek_.type != Tok::kEof) last_end_ = peek_.end;
    return peek_;
  }

  bool PeekIs(Tok type, std::string_view text = {}) {
    const Token& t = Peek();
    return t.type == type && (text.empty() || t.text == text);
  }

  LexState Mark() const { return {pos_, last_end_, line_, has_peek_, peek_}; }
  void Reset(const LexState& m) {
    pos_ = m.pos;
    last_end_ = m.last_end;
    line_ = m.line;
    has_peek_ = m.has_peek;
    peek_ = m.peek;
  }

  bool Expect(Tok type, const char* text) {
    const Token& t = Peek();
    if (t.type == type) {
      Take();
      return true;
    }
    Fail(t.line, std::string("expected \"") + text + "\", found " + Describe(t));
    return false;
  }

  // ---- Tree helpers ----

  Expression Node(ExprKind kind, const Token& t) {
    Expression e;
    e.kind = kind;
    e.line = t.line;
    e.source = t.text;
    return e;
  }

  // Sets the height from the children and the source from `start` to the last token taken.
  void Finish(Expression& e, size_t start) {
    int h = 0;
    for (const Expression& c : e.items) h = std::max<int>(h, c.height);
    if (h + 1 > kMaxDepth) {
      Fail(e.line, kTooDeep);
      h = kMaxDepth - 1;
    }
    e.height = static_cast<uint16_t>(h + 1);
    if (last_end_ >= start) e.source = s_.substr(start, last_end_ - start);
  }

  size_t StartOf(const Expression& e) const {
    return e.source.data() ? static_cast<size_t>(e.source.data() - s_.data()) : last_end_;
  }

  Expression Wrap(ExprKind kind, Expression inner, std::string text, size_t start) {
    Expression e;
    e.kind = kind;
    e.line = inner.line;
    e.text = std::move(text);
    e.items.push_back(std::move(inner));
    Finish(e, start);
    return e;
  }

  // ---- Bodies ----

  Body ParseBody(bool nested, uint32_t open_line, std::string_view type) {
    Body body;
    while (!failed_) {
      const Token& t = Peek();
      if (t.type == Tok::kNewline) {
        Take();
        continue;
      }
      if (t.type == Tok::kRBrace && nested) break;
      if (t.type == Tok::kEof) {
        if (nested) Fail(open_line, "unclosed block \"" + std::string(type) + "\"");
        break;
      }
      if (t.type != Tok::kIdent) {
        Fail(t.line, "expected an attribute or a block, found " + Describe(t));
        break;
      }
      Token name = Take();
      const Token& next = Peek();
      if (next.type == Tok::kAssign) {
        Take();
        body.attributes.push_back(ParseAttribute(name));
        ExpectLineEnd("attribute", name.text);
      } else if (next.type == Tok::kOQuote || next.type == Tok::kIdent ||
                 next.type == Tok::kLBrace) {
        body.blocks.push_back(ParseBlock(name));
      } else {
        Fail(next.line, "expected \"=\" or \"{\" after \"" + std::string(name.text) + "\", found " +
                            Describe(next));
      }
    }
    CheckDuplicates(body);
    return body;
  }

  Attribute ParseAttribute(const Token& name) {
    Attribute a;
    a.name = std::string(name.text);
    a.line = name.line;
    a.value = ParseExpression();
    return a;
  }

  void ExpectLineEnd(const char* what, std::string_view name) {
    const Token& t = Peek();
    if (t.type == Tok::kNewline) {
      Take();
    } else if (t.type != Tok::kEof) {
      Fail(t.line, std::string("expected a newline after the ") + what + " \"" + std::string(name) +
                       "\", found " + Describe(t));
    }
  }

  Block ParseBlock(const Token& name) {
    Block b;
    b.type = std::string(name.text);
    b.line = name.line;
    for (;;) {
      const Token& t = Peek();
      if (t.type == Tok::kIdent) {
        b.labels.emplace_back(Take().text);
      } else if (t.type == Tok::kOQuote) {
        Token open = Take();
        Expression label = ParseTemplate(open);
        if (label.kind != ExprKind::kString) Fail(open.line, "block labels must be plain strings");
        b.labels.push_back(std::move(label.text));
      } else {
        break;
      }
    }
    if (!Expect(Tok::kLBrace, "{")) return b;
    DepthGuard guard(this, b.line);
    const Token& t = Peek();
    if (t.type == Tok::kNewline) {
      Take();
      b.body = ParseBody(true, b.line, b.type);
      if (!failed_) Take();  // the closing brace
    } else if (t.type == Tok::kRBrace) {
      Take();
    } else if (t.type == Tok::kIdent) {
      ParseSingleLineBody(b);
    } else {
      Fail(t.line, "expected an attribute or a newline after \"{\", found " + Describe(t));
    }
    if (!failed_) ExpectLineEnd("block", b.type);
    return b;
  }

  void ParseSingleLineBody(Block& b) {
    Token name = Take();
    if (PeekIs(Tok::kAssign)) {
      Take();
      b.body.attributes.push_back(ParseAttribute(name));
      if (PeekIs(Tok::kRBrace)) {
        Take();
        return;
      }
    }
    Fail(Peek().line, "a single-line block holds at most one attribute, then \"}\"");
  }

  void CheckDuplicates(const Body& body) {
    if (failed_ || body.attributes.size() < 2) return;
    std::vector<const Attribute*> sorted;
    sorted.reserve(body.attributes.size());
    for (const Attribute& a : body.attributes) sorted.push_back(&a);
    std::sort(sorted.begin(), sorted.end(), [](const Attribute* x, const Attribute* y) {
      return x->name != y->name ? x->name < y->name : x->line < y->line;
    });
    const Attribute* first = nullptr;
    const Attribute* second = nullptr;
    for (size_t i = 1; i < sorted.size(); ++i) {
      if (sorted[i]->name == sorted[i - 1]->name && (!second || sorted[i]->line < second->line)) {
        first = sorted[i - 1], second = sorted[i];
      }
    }
    if (second) {
      Fail(second->line, "attribute \"" + second->name + "\" defined twice (first at line " +
                             std::to_string(first->line) + ")");
    }
  }

  // ---- Expressions ----

  Expression ParseExpression() {
    DepthGuard guard(this, Peek().line);
    if (failed_) return {};
    Expression cond = ParseBinary(0);
    if (failed_ || !PeekIs(Tok::kQuestion)) return cond;
    size_t start = StartOf(cond);
    Take();
    Expression yes = ParseExpression();
    if (!Expect(Tok::kColon, ":")) return {};
    Expression no = ParseExpression();
    Expression e;
    e.kind = ExprKind::kConditional;
    e.line = cond.line;
    e.items.push_back(std::move(cond));
    e.items.push_back(std::move(yes));
    e.items.push_back(std::move(no));
    Finish(e, start);
    return e;
  }

  static int Precedence(const Token& t) {
    if (t.type != Tok::kOp) return -1;
    std::string_view op = t.text;
    if (op == "||") return 0;
    if (op == "&&") return 1;
    if (op == "==" || op == "!=") return 2;
    if (op == "<" || op == ">" || op == "<=" || op == ">=") return 3;
    if (op == "+" || op == "-") return 4;
    if (op == "*" || op == "/" || op == "%") return 5;
    return -1;  // "!"
  }

  // Precedence climbing; every operator is left-associative.
  Expression ParseBinary(int min_prec) {
    Expression left = ParseUnary();
    while (!failed_) {
      int prec = Precedence(Peek());
      if (prec < min_prec) break;
      Token op = Take();
      Expression right = ParseBinary(prec + 1);
      Expression e;
      e.kind = ExprKind::kBinary;
      e.line = left.line;
      e.text = std::string(op.text);
      size_t start = StartOf(left);
      e.items.push_back(std::move(left));
      e.items.push_back(std::move(right));
      Finish(e, start);
      left = std::move(e);
    }
    return left;
  }

  Expression ParseUnary() {
    const Token& t = Peek();
    if (failed_) return {};
    if (t.type == Tok::kOp && (t.text == "-" || t.text == "!")) {
      Token op = Take();
      DepthGuard guard(this, op.line);
      Expression operand = ParseUnary();
      Expression e = Wrap(ExprKind::kUnary, std::move(operand), std::string(op.text), op.begin);
      e.line = op.line;
      return e;
    }
    return ParsePostfix(ParseTerm());
  }

  Expression ParseTerm() {
    const Token& t = Peek();
    switch (t.type) {
      case Tok::kNumber: {
        Expression e = Node(ExprKind::kNumber, Take());
        e.text = std::string(e.source);
        return e;
      }
      case Tok::kIdent:
        return ParseIdentTerm();
      case Tok::kOQuote:
      case Tok::kHeredoc:
        return ParseTemplate(Take());
      case Tok::kLParen: {
        Token open = Take();
        ignore_nl_.push_back(true);
        Expression inner = ParseExpression();
        bool closed = Expect(Tok::kRParen, ")");
        ignore_nl_.pop_back();
        if (!closed) return {};
        Expression e = Wrap(ExprKind::kParens, std::move(inner), {}, open.begin);
        e.line = open.line;
        return e;
      }
      case Tok::kLBrack:
        return ParseTuple();
      case Tok::kLBrace:
        return ParseObject();
      default:
        Fail(t.line, "expected an expression, found " + Describe(t));
        return {};
    }
  }

  Expression ParseIdentTerm() {
    Token name = Take();
    if (name.text == "true" || name.text == "false") {
      Expression e = Node(ExprKind::kBool, name);
      e.text = std::string(name.text);
      return e;
    }
    if (name.text == "null") return Node(ExprKind::kNull, name);
    if (!PeekIs(Tok::kLParen) && !PeekIs(Tok::kDoubleColon)) {
      Expression e = Node(ExprKind::kVariable, name);
      e.text = std::string(name.text);
      return e;
    }
    Expression call = Node(ExprKind::kCall, name);
    call.text = std::string(name.text);
    while (PeekIs(Tok::kDoubleColon)) {  // provider::NAMESPACE::FUNCTION
      Take();
      const Token& part = Peek();
      if (part.type != Tok::kIdent) {
        Fail(part.line, "expected a function name after \"::\", found " + Describe(part));
        return {};
      }
      call.text += "::";
      call.text += Take().text;
    }
    if (!Expect(Tok::kLParen, "(")) return {};
    ParseArguments(call);
    Finish(call, name.begin);
    return call;
  }

  void ParseArguments(Expression& call) {
    ignore_nl_.push_back(true);
    while (!failed_ && !PeekIs(Tok::kRParen)) {
      call.items.push_back(ParseExpression());
      if (PeekIs(Tok::kEllipsis)) {
        Take();
        call.flag = true;
        if (PeekIs(Tok::kComma)) Take();
        break;
      }
      if (PeekIs(Tok::kComma)) {
        Take();
      } else if (!PeekIs(Tok::kRParen)) {
        const Token& t = Peek();
        Fail(t.line, "expected \",\" or \")\" in the arguments of \"" + call.text + "\", found " +
                         Describe(t));
      }
    }
    Expect(Tok::kRParen, ")");
    ignore_nl_.pop_back();
  }

  // True when the next tokens are `for IDENT`, the start of a for expression.
  bool AtForExpression() {
    if (!PeekIs(Tok::kIdent, "for")) return false;
    LexState m = Mark();
    Take();
    bool is_for = PeekIs(Tok::kIdent);
    Reset(m);
    return is_for;
  }

  Expression ParseTuple() {
    Token open = Take();
    ignore_nl_.push_back(true);
    Expression e;
    if (AtForExpression()) {
      e = ParseFor(open, false);
    } else {
      e = Node(ExprKind::kTuple, open);
      while (!failed_ && !PeekIs(Tok::kRBrack)) {
        e.items.push_back(ParseExpression());
        if (PeekIs(Tok::kComma)) {
          Take();
        } else if (!PeekIs(Tok::kRBrack)) {
          const Token& t = Peek();
          Fail(t.line, "expected \",\" or \"]\" in a tuple, found " + Describe(t));
        }
      }
      Expect(Tok::kRBrack, "]");
      Finish(e, open.begin);
    }
    ignore_nl_.pop_back();
    return e;
  }

  Expression ParseObject() {
    Token open = Take();
    ignore_nl_.push_back(false);
    while (PeekIs(Tok::kNewline)) Take();
    Expression e;
    if (AtForExpression()) {
      ignore_nl_.push_back(true);
      e = ParseFor(open, true);
      ignore_nl_.pop_back();
    } else {
      e = Node(ExprKind::kObject, open);
      ParseObjectItems(e);
      Expect(Tok::kRBrace, "}");
      Finish(e, open.begin);
    }
    ignore_nl_.pop_back();
    return e;
  }

  void ParseObjectItems(Expression& e) {
    while (!failed_) {
      while (PeekIs(Tok::kNewline)) Take();
      if (PeekIs(Tok::kRBrace)) return;
      Expression key = ParseExpression();
      if (key.kind == ExprKind::kVariable) key.kind = ExprKind::kString;  // `name = ...`
      const Token& sep = Peek();
      if (sep.type != Tok::kAssign && sep.type != Tok::kColon) {
        Fail(sep.line, "expected \"=\" or \":\" after an object key, found " + Describe(sep));
        return;
      }
      Take();
      e.items.push_back(std::move(key));
      e.items.push_back(ParseExpression());
      const Token& t = Peek();
      if (t.type == Tok::kComma || t.type == Tok::kNewline) {
        Take();
      } else if (t.type != Tok::kRBrace) {
        Fail(t.line,
             "expected \",\", a newline or \"}\" after an object item, found " + Describe(t));
      }
    }
  }

  // `for [K,] V in COLL : [KEY =>] VALUE[...] [if COND]` then the closing bracket or brace.
  Expression ParseFor(const Token& open, bool object) {
    Expression e = Node(object ? ExprKind::kForObject : ExprKind::kForTuple, open);
    Take();  // for
    std::string first = ForVariable();
    if (PeekIs(Tok::kComma)) {
      Take();
      e.key_var = std::move(first);
      e.text = ForVariable();
    } else {
      e.text = std::move(first);
    }
    if (!PeekIs(Tok::kIdent, "in")) {
      Fail(Peek().line, "expected \"in\" in a for expression, found " + Describe(Peek()));
      return {};
    }
    Take();
    e.items.push_back(ParseExpression());
    if (!Expect(Tok::kColon, ":")) return {};
    e.items.push_back(ParseExpression());
    if (object) {
      if (!Expect(Tok::kArrow, "=>")) return {};
      e.items.push_back(ParseExpression());
      if (PeekIs(Tok::kEllipsis)) {
        Take();
        e.flag = true;
      }
    }
    if (PeekIs(Tok::kIdent, "if")) {
      Take();
      e.items.push_back(ParseExpression());
    }
    Expect(object ? Tok::kRBrace : Tok::kRBrack, object ? "}" : "]");
    Finish(e, open.begin);
    return e;
  }

  std::string ForVariable() {
    const Token& t = Peek();
    if (t.type != Tok::kIdent) {
      Fail(t.line, "expected a variable name in a for expression, found " + Describe(t));
      return {};
    }
    return std::string(Take().text);
  }

  // Attribute access, indexing, legacy `.0` indexing and splats, applied left to right.
  Expression ParsePostfix(Expression e) {
    while (!failed_) {
      const Token& t = Peek();
      if (t.type == Tok::kDot) {
        Take();
        if (IsDigit(At(pos_))) {
          e = LegacyIndex(std::move(e));
        } else if (PeekIs(Tok::kOp, "*")) {
          Take();
          e = ParseSplat(std::move(e), false);
        } else if (PeekIs(Tok::kIdent)) {
          size_t start = StartOf(e);
          e = Wrap(ExprKind::kGetAttr, std::move(e), std::string(Take().text), start);
        } else {
          Fail(Peek().line, "expected an attribute name after \".\", found " + Describe(Peek()));
        }
      } else if (t.type == Tok::kLBrack) {
        Take();
        ignore_nl_.push_back(true);
        if (PeekIs(Tok::kOp, "*")) {
          Take();
          bool closed = Expect(Tok::kRBrack, "]");
          ignore_nl_.pop_back();
          if (closed) e = ParseSplat(std::move(e), true);
        } else {
          e = Index(std::move(e));
          ignore_nl_.pop_back();
        }
      } else {
        break;
      }
    }
    return e;
  }

  // `[KEY]` after its opening bracket was taken.
  Expression Index(Expression e) {
    size_t start = StartOf(e);
    Expression key = ParseExpression();
    Expect(Tok::kRBrack, "]");
    Expression idx = Wrap(ExprKind::kIndex, std::move(e), {}, start);
    idx.items.push_back(std::move(key));
    Finish(idx, start);
    return idx;
  }

  // `.0` after the dot was taken: the digits alone, so `a.0.1` is two steps.
  Expression LegacyIndex(Expression e) {
    size_t start = StartOf(e), digits = pos_;
    while (IsDigit(At(pos_))) ++pos_;
    last_end_ = pos_;
    Expression key;
    key.kind = ExprKind::kNumber;
    key.line = line_;
    key.source = s_.substr(digits, pos_ - digits);
    key.text = std::string(key.source);
    Expression idx = Wrap(ExprKind::kIndex, std::move(e), {}, start);
    idx.items.push_back(std::move(key));
    Finish(idx, start);
    return idx;
  }

  // The steps after `.*` (attributes) or `[*]` (attributes and indexes) apply to each element.
  Expression ParseSplat(Expression source, bool full) {
    size_t start = StartOf(source);
    Expression each;
    each.kind = ExprKind::kSplatItem;
    each.line = source.line;
    each.source = s_.substr(last_end_, 0);
    size_t each_start = last_end_;
    while (!failed_) {
      LexState m = Mark();
      if (PeekIs(Tok::kDot)) {
        Take();
        if (IsDigit(At(pos_))) {
          each = LegacyIndex(std::move(each));
        } else if (PeekIs(Tok::kIdent)) {
          each = Wrap(ExprKind::kGetAttr, std::move(each), std::string(Take().text), each_start);
        } else {
          Reset(m);
          break;
        }
      } else if (full && PeekIs(Tok::kLBrack)) {
        Take();
        ignore_nl_.push_back(true);
        if (PeekIs(Tok::kOp, "*")) {
          ignore_nl_.pop_back();
          Reset(m);
          break;
        }
        each = Index(std::move(each));
        ignore_nl_.pop_back();
      } else {
        break;
      }
    }
    Expression e;
    e.kind = ExprKind::kSplat;
    e.flag = full;
    e.line = source.line;
    e.items.push_back(std::move(source));
    e.items.push_back(std::move(each));
    Finish(e, start);
    return e;
  }

  // ---- Templates ----

  // A quoted template (its opening quote taken), a heredoc (its header taken) or a bare one.
  Expression ParseTemplate(const Token& open) {
    DepthGuard guard(this, open.line);
    bool heredoc = open.type == Tok::kHeredoc;
    std::vector<Part> parts;
    ScanTemplate(open, parts);
    if (failed_) return {};
    if (heredoc && open.flush) FlushHeredoc(parts);
    MeldLiterals(parts);
    size_t i = 0;
    PartKind stop = PartKind::kLiteral;
    uint32_t stop_line = 0;
    Expression e = BuildTemplate(parts, i, &stop, &stop_line);
    if (stop != PartKind::kLiteral)
      Fail(stop_line, std::string("unexpected ") + DirectiveName(stop));
    e.line = open.line;
    if (e.items.empty()) {
      e.kind = ExprKind::kString;
    } else if (e.items.size() == 1 && e.items[0].kind == ExprKind::kString) {
      e.kind = ExprKind::kString;
      e.text = std::move(e.items[0].text);
      e.items.clear();
    }
    Finish(e, open.begin);
    return e;
  }

  bool AtHeredocEnd(std::string_view marker) {
    size_t p = pos_;
    while (At(p) == ' ' || At(p) == '\t') ++p;
    if (s_.compare(p, marker.size(), marker) != 0) return false;
    size_t q = p + marker.size();
    if (At(q) == '\r') ++q;
    if (q < s_.size() && s_[q] != '\n') return false;
    pos_ = p + marker.size();
    last_end_ = pos_;
    return true;
  }

  void PushLiteral(std::vector<Part>& parts, std::string& lit, bool& ltrim_next, uint32_t line) {
    if (lit.empty()) return;
    if (ltrim_next) TrimLeftSpace(lit);
    ltrim_next = false;
    Part p;
    p.line = line;
    p.literal = std::move(lit);
    lit.clear();
    parts.push_back(std::move(p));
  }

  void ScanTemplate(const Token& open, std::vector<Part>& parts) {
    bool heredoc = open.type == Tok::kHeredoc;
    bool bare = open.type == Tok::kBare;  // quotes, backslashes and newlines are literal
    bool quoted = !heredoc && !bare;
    bool line_start = heredoc, ltrim_next = false;
    std::string lit;
    uint32_t lit_line = line_;
    while (!failed_) {
      if (line_start) {
        if (AtHeredocEnd(open.text)) break;
        line_start = false;
      }
      if (pos_ >= s_.size() && bare) {
        last_end_ = pos_;
        break;
      }
      if (pos_ >= s_.size()) {
        Fail(open.line, heredoc ? "unterminated heredoc " + std::string(open.text)
                                : std::string("unterminated string"));
        return;
      }
      char c = s_[pos_];
      if (quoted && c == '"') {
        ++pos_;
        last_end_ = pos_;
        break;
      }
      if (quoted && c == '\n') {
        Fail(open.line, "unterminated string");
        return;
      }
      if (quoted && c == '\\') {
        DecodeEscape(lit);
        continue;
      }
      if ((c == '$' || c == '%') && At(pos_ + 1) == '{') {
        PushLiteral(parts, lit, ltrim_next, lit_line);
        ScanSequence(parts, c, ltrim_next);
        lit_line = line_;
        continue;
      }
      if ((c == '$' || c == '%') && At(pos_ + 1) == c && At(pos_ + 2) == '{') {  // $${ %%{
        lit += c;
        lit += '{';
        pos_ += 3;
        continue;
      }
      if (c == '\n') {  // heredoc (or bare): one literal per line
        lit += '\n';
        ++pos_;
        ++line_;
        PushLiteral(parts, lit, ltrim_next, lit_line);
        lit_line = line_;
        line_start = heredoc;
        continue;
      }
      size_t run = pos_ + 1;
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' && s_[run] != '$' &&
             s_[run] != '%' && s_[run] != '\n') {
        ++run;
      }
      lit.append(s_.data() + pos_, run - pos_);
      pos_ = run;
    }
    PushLiteral(parts, lit, ltrim_next, lit_line);
  }

  void DecodeEscape(std::string& lit) {
    char c = At(pos_ + 1);
    pos_ += 2;
    switch (c) {
      case 'n':
        lit += '\n';
        return;
      case 'r':
        lit += '\r';
        return;
      case 't':
        lit += '\t';
        return;
      case '"':
        lit += '"';
        return;
      case '\\':
        lit += '\\';
        return;
      case 'u':
      case 'U': {
        size_t digits = c == 'u' ? 4 : 8;
        uint32_t cp = 0;
        for (size_t k = 0; k < digits; ++k) {
          char h = At(pos_ + k);
          int v = IsDigit(h)                                 ? h - '0'
                  : ((h | 0x20) >= 'a' && (h | 0x20) <= 'f') ? (h | 0x20) - 'a' + 10
                                                             : -1;
          if (v < 0) {
            Fail(line_, std::string("invalid escape \"\\") + c + "\": expected " +
                            std::to_string(digits) + " hex digits");
            return;
          }
          cp = cp << 4 | static_cast<uint32_t>(v);
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          Fail(line_, "invalid escape \"\\" + std::string(s_.substr(pos_ - 1, digits + 1)) +
                          "\": not a Unicode character");
          return;
        }
        pos_ += digits;
        AppendUtf8(lit, cp);
        return;
      }
      default: {
        auto u = static_cast<unsigned char>(c);
        Fail(line_, u >= 0x20 && u < 0x7F ? std::string("invalid escape \"\\") + c + "\""
                                          : std::string("invalid escape"));
        return;
      }
    }
  }

  // `${ expr }` or `%{ directive }` at pos_, with their `~` strip markers.
  void ScanSequence(std::vector<Part>& parts, char kind, bool& ltrim_next) {
    Part part;
    part.line = line_;
    pos_ += 2;
    if (At(pos_) == '~') {
      ++pos_;
      if (!parts.empty() && parts.back().kind == PartKind::kLiteral) {
        TrimRightSpace(parts.back().literal);
      }
    }
    ltrim_next = false;
    ignore_nl_.push_back(true);
    if (kind == '$') {
      part.kind = PartKind::kInterp;
      part.expr = ParseExpression();
    } else {
      ParseDirective(part);
    }
    CloseSequence(part.line, kind, ltrim_next);
    ignore_nl_.pop_back();
    parts.push_back(std::move(part));
  }

  void ParseDirective(Part& part) {
    const Token& kw = Peek();
    if (kw.type != Tok::kIdent) {
      Fail(kw.line, "expected if, for, else, endif or endfor after \"%{\", found " + Describe(kw));
      return;
    }
    std::string_view word = Take().text;
    if (word == "if") {
      part.kind = PartKind::kIf;
      part.expr = ParseExpression();
    } else if (word == "else") {
      part.kind = PartKind::kElse;
    } else if (word == "endif") {
      part.kind = PartKind::kEndIf;
    } else if (word == "endfor") {
      part.kind = PartKind::kEndFor;
    } else if (word == "for") {
      part.kind = PartKind::kFor;
      part.value_var = ForVariable();
      if (PeekIs(Tok::kComma)) {
        Take();
        part.key_var = std::move(part.value_var);
        part.value_var = ForVariable();
      }
      if (!PeekIs(Tok::kIdent, "in")) {
        Fail(Peek().line, "expected \"in\" in a for directive, found " + Describe(Peek()));
        return;
      }
      Take();
      part.expr = ParseExpression();
    } else {
      Fail(part.line, "unknown template directive \"" + std::string(word) + "\"");
    }
  }

  void CloseSequence(uint32_t line, char kind, bool& ltrim_next) {
    const Token& t = Peek();
    if (t.type == Tok::kTilde) {
      Token tilde = Take();
      const Token& close = Peek();
      if (close.type == Tok::kRBrace && close.begin == tilde.end) {
        Take();
        ltrim_next = true;
        return;
      }
      Fail(close.line, "expected \"}\" right after \"~\", found " + Describe(close));
    } else if (t.type == Tok::kRBrace) {
      Take();
    } else if (t.type == Tok::kEof && !failed_) {
      Fail(line, std::string("unterminated \"") + kind + "{\" sequence");
    } else {
      Fail(t.line, std::string("expected \"}\" to end the \"") + kind + "{\" sequence, found " +
                       Describe(t));
    }
  }

  // Nests the flat parts from `i` until an else/endif/endfor (returned in *stop) or the end.
  Expression BuildTemplate(std::vector<Part>& parts, size_t& i, PartKind* stop,
                           uint32_t* stop_line) {
    Expression t;
    t.kind = ExprKind::kTemplate;
    *stop = PartKind::kLiteral;
    while (i < parts.size() && !failed_) {
      Part& p = parts[i++];
      switch (p.kind) {
        case PartKind::kLiteral: {
          Expression lit;
          lit.kind = ExprKind::kString;
          lit.line = p.line;
          lit.text = std::move(p.literal);
          t.items.push_back(std::move(lit));
          break;
        }
        case PartKind::kInterp:
          t.items.push_back(std::move(p.expr));
          break;
        case PartKind::kIf:
        case PartKind::kFor:
          t.items.push_back(BuildDirective(parts, i, p));
          break;
        default:
          *stop = p.kind;
          *stop_line = p.line;
          Finish(t, last_end_);
          return t;
      }
    }
    Finish(t, last_end_);
    return t;
  }

  Expression BuildDirective(std::vector<Part>& parts, size_t& i, Part& open) {
    DepthGuard guard(this, open.line);
    bool is_if = open.kind == PartKind::kIf;
    Expression e;
    e.kind = is_if ? ExprKind::kTemplateIf : ExprKind::kTemplateFor;
    e.line = open.line;
    e.key_var = std::move(open.key_var);
    e.text = std::move(open.value_var);
    e.items.push_back(std::move(open.expr));
    PartKind stop;
    uint32_t stop_line = 0;
    e.items.push_back(BuildTemplate(parts, i, &stop, &stop_line));
    if (is_if && stop == PartKind::kElse) {
      e.items.push_back(BuildTemplate(parts, i, &stop, &stop_line));
    }
    PartKind want = is_if ? PartKind::kEndIf : PartKind::kEndFor;
    if (stop == PartKind::kLiteral) {
      Fail(open.line, is_if ? "%{if} without %{endif}" : "%{for} without %{endfor}");
    } else if (stop != want) {
      Fail(stop_line, std::string("unexpected ") + DirectiveName(stop));
    }
    Finish(e, last_end_);
    return e;
  }

  std::string_view s_;
  std::string_view file_;
  size_t pos_ = 0;
  size_t last_end_ = 0;
  uint32_t line_ = 1;
  uint32_t line_base_ = 1;  // the line of offset 0
  Token peek_;
  bool has_peek_ = false;
  std::vector<bool> ignore_nl_;  // per enclosing construct: are newlines insignificant?
  int depth_ = 0;
  bool failed_ = false;
  uint32_t err_line_ = 0;
  std::string err_what_;
};

// JSON (RFC 8259) into a literal Expression tree with lines (hcl.h ParseJson): recursive descent
// bounded by kMaxDepth, strings decoded in one pass.
class JsonReader {
 public:
  JsonReader(std::string_view text, std::string_view file) : s_(text), file_(file) {}

  Result<Expression> Run(SyntaxError* error) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    Expression e;
    if (size_t bad = InvalidUtf8At(s_); bad != std::string_view::npos) {
      Fail(1 + static_cast<uint32_t>(std::count(s_.begin(), s_.begin() + bad, '\n')),
           "invalid UTF-8");
    } else {
      e = Value(0);
      SkipBlanks();
      if (!failed_ && pos_ < s_.size())
        Fail(line_, "unexpected " + Describe() + " after the value");
    }
    if (!failed_) return e;
    if (error) *error = {err_line_, err_what_};
    return InvalidArgument(std::string(file_) + ":" + std::to_string(err_line_) + ": " + err_what_);
  }

 private:
  void Fail(uint32_t line, std::string what) {
    if (failed_) return;
    failed_ = true;
    err_line_ = line;
    err_what_ = std::move(what);
  }

  void SkipBlanks() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c == '\n') {
        ++line_;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      ++pos_;
    }
  }

  std::string Describe() const {
    if (pos_ >= s_.size()) return "end of file";
    auto u = static_cast<unsigned char>(s_[pos_]);
    char what[32];
    if (u >= 0x20 && u < 0x7F) {
      std::snprintf(what, sizeof what, "\"%c\"", s_[pos_]);
    } else {
      std::snprintf(what, sizeof what, "character 0x%02X", u);
    }
    return what;
  }

  bool Literal(std::string_view word) {
    if (s_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }

  Expression Value(int depth) {
    Expression e;
    SkipBlanks();
    e.line = line_;
    size_t start = pos_;
    if (depth >= kMaxDepth) {
      Fail(line_, kTooDeep);
      return e;
    }
    char c = pos_ < s_.size() ? s_[pos_] : '\0';
    if (c == '{' || c == '[') {
      e.kind = c == '{' ? ExprKind::kObject : ExprKind::kTuple;
      Members(e, depth);
    } else if (c == '"') {
      e.kind = ExprKind::kString;
      e.text = String();
    } else if (c == '-' || IsDigit(c)) {
      e.kind = ExprKind::kNumber;
      Number();
      e.text = s_.substr(start, pos_ - start);
    } else if (Literal("true") || Literal("false")) {
      e.kind = ExprKind::kBool;
      e.text = s_.substr(start, pos_ - start);
    } else if (Literal("null")) {
      e.kind = ExprKind::kNull;
    } else {
      Fail(line_, "expected a JSON value, found " + Describe());
    }
    e.source = s_.substr(start, pos_ - start);
    return e;
  }

  // The items of an object (key, value, ...) or an array; pos_ at the opening bracket.
  void Members(Expression& e, int depth) {
    const bool object = s_[pos_] == '{';
    const char close = object ? '}' : ']';
    ++pos_;
    SkipBlanks();
    if (pos_ < s_.size() && s_[pos_] == close) {
      ++pos_;
      return;
    }
    while (!failed_) {
      if (object) {
        SkipBlanks();
        if (pos_ >= s_.size() || s_[pos_] != '"') {
          Fail(line_, "expected an object key (a string), found " + Describe());
          return;
        }
        Expression key;
        key.kind = ExprKind::kString;
        key.line = line_;
        size_t start = pos_;
        key.text = String();
        key.source = s_.substr(start, pos_ - start);
        if (failed_) return;
        SkipBlanks();
        if (pos_ >= s_.size() || s_[pos_] != ':') {
          Fail(line_, "expected \":\" after an object key, found " + Describe());
          return;
        }
        ++pos_;
        e.items.push_back(std::move(key));
      }
      e.items.push_back(Value(depth + 1));
      if (failed_) return;
      SkipBlanks();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == close) {
        ++pos_;
        break;
      }
      Fail(line_, std::string("expected \",\" or \"") + close + "\", found " + Describe());
    }
    int h = 0;
    for (const Expression& c : e.items) h = std::max<int>(h, c.height);
    e.height = static_cast<uint16_t>(h + 1);
  }

  void Number() {
    size_t start = pos_;
    if (s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      size_t from = pos_;
      while (pos_ < s_.size() && IsDigit(s_[pos_])) ++pos_;
      return pos_ - from;
    };
    size_t int_start = pos_;
    size_t n = digits();
    bool ok = n > 0 && !(n > 1 && s_[int_start] == '0');
    if (ok && pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      ok = digits() > 0;
    }
    if (ok && pos_ < s_.size() && (s_[pos_] | 0x20) == 'e') {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      ok = digits() > 0;
    }
    if (!ok) {
      Fail(line_, "invalid number \"" + std::string(s_.substr(start, pos_ - start)) + "\"");
    }
  }

  uint32_t Hex4() {
    uint32_t cp = 0;
    for (size_t k = 0; k < 4; ++k) {
      char h = pos_ + k < s_.size() ? s_[pos_ + k] : '\0';
      int v = IsDigit(h)                                 ? h - '0'
              : ((h | 0x20) >= 'a' && (h | 0x20) <= 'f') ? (h | 0x20) - 'a' + 10
                                                         : -1;
      if (v < 0) {
        Fail(line_, "invalid escape \"\\u\": expected 4 hex digits");
        return 0;
      }
      cp = cp << 4 | static_cast<uint32_t>(v);
    }
    pos_ += 4;
    return cp;
  }

  // A string's decoded value; pos_ at its opening quote, left after the closing one.
  std::string String() {
    std::string out;
    ++pos_;
    while (!failed_) {
      size_t run = pos_;
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\' &&
             static_cast<unsigned char>(s_[run]) >= 0x20) {
        ++run;
      }
      out.append(s_.data() + pos_, run - pos_);
      pos_ = run;
      if (pos_ >= s_.size() || s_[pos_] == '\n') {
        Fail(line_, "unterminated string");
      } else if (s_[pos_] == '"') {
        ++pos_;
        break;
      } else if (s_[pos_] != '\\') {
        Fail(line_, "a control character in a string must be escaped");
      } else {
        Escape(out);
      }
    }
    return out;
  }

  void Escape(std::string& out) {
    char c = pos_ + 1 < s_.size() ? s_[pos_ + 1] : '\0';
    pos_ += 2;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out += c;
        return;
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'u': {
        uint32_t cp = Hex4();
        if (failed_) return;
        if (cp >= 0xD800 && cp <= 0xDBFF && s_.compare(pos_, 2, "\\u") == 0) {
          pos_ += 2;
          uint32_t low = Hex4();
          if (failed_) return;
          if (low < 0xDC00 || low > 0xDFFF) {
            Fail(line_, "invalid escape: a high surrogate not followed by a low one");
            return;
          }
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
          Fail(line_, "invalid escape: a lone surrogate");
          return;
        }
        AppendUtf8(out, cp);
        return;
      }
      default: {
        auto u = static_cast<unsigned char>(c);
        Fail(line_, u >= 0x20 && u < 0x7F ? std::string("invalid escape \"\\") + c + "\""
                                          : std::string("invalid escape"));
        return;
      }
    }
  }

  std::string_view s_;
  std::string_view file_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  bool failed_ = false;
  uint32_t err_line_ = 0;
  std::string err_what_;
};

}  // namespace

Result<Expression> ParseTemplate(std::string_view text, std::string_view file, uint32_t line,
                                 SyntaxError* error) {
  return Parser(text, file).RunTemplate(line, error);
}

Result<Expression> ParseJson(std::string_view text, std::string_view file, SyntaxError* error) {
  return JsonReader(text, file).Run(error);
}

Result<Body> Parse(std::string_view text, std::string_view file, SyntaxError* error) {
  return Parser(text, file).Run(error);
}

}  // namespace proofline::iac::hcl
