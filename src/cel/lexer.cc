// The CEL lexer (see lexer.h). Hand-written: the grammar is small and the spec's escapes and
// literal forms are easier to get exactly right (and to report precisely) without a generator.
#include "cel/lexer.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

namespace proofline::cel {
namespace {

constexpr size_t kMaxErrors = 20;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  return (c | 0x20) - 'a' + 10;
}

void AppendUtf8(std::string* out, uint32_t cp) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The character of a one-letter escape such as \n, or nullopt.
std::optional<char> SimpleEscape(char c) {
  static constexpr std::pair<char, char> kEscapes[] = {
      {'a', '\a'}, {'b', '\b'},  {'f', '\f'}, {'n', '\n'}, {'r', '\r'},  {'t', '\t'},
      {'v', '\v'}, {'\\', '\\'}, {'?', '?'},  {'"', '"'},  {'\'', '\''}, {'`', '`'}};
  for (const auto& [letter, value] : kEscapes) {
    if (letter == c) return value;
  }
  return std::nullopt;
}

bool IsReserved(std::string_view id) {
  static constexpr std::string_view kReserved[] = {
      "as",  "break", "const",   "continue",  "else",   "for", "function", "if",   "import",
      "let", "loop",  "package", "namespace", "return", "var", "void",     "while"};
  for (std::string_view r : kReserved) {
    if (r == id) return true;
  }
  return false;
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  LexResult Run() {
    while (true) {
      SkipSpaceAndComments();
      if (pos_ >= src_.size()) break;
      Next();
    }
    Token end;
    end.kind = TokenKind::kEnd;
    end.offset = static_cast<int32_t>(src_.size());
    out_.tokens.push_back(std::move(end));
    return std::move(out_);
  }

 private:
  char At(size_t i) const { return i < src_.size() ? src_[i] : '\0'; }

  void Error(size_t offset, std::string message) {
    if (out_.errors.size() < kMaxErrors) {
      out_.errors.push_back({std::move(message), static_cast<int32_t>(offset)});
    }
  }

  void Emit(TokenKind kind, size_t start) {
    Token t;
    t.kind = kind;
    t.offset = static_cast<int32_t>(start);
    out_.tokens.push_back(std::move(t));
  }

  void SkipSpaceAndComments() {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
        ++pos_;
      } else if (c == '/' && At(pos_ + 1) == '/') {
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      } else {
        return;
      }
    }
  }

  void Next() {
    size_t start = pos_;
    char c = src_[pos_];
    if (IsDigit(c) || (c == '.' && IsDigit(At(pos_ + 1)))) return Number();
    if (IsIdentStart(c)) return IdentOrString();
    if (c == '"' || c == '\'') return String(start, false, false);
    if (c == '`') return QuotedIdent();
    if (Operator()) return;
    size_t n = Utf8Length(src_, pos_);
    if (n == 0) {
      Error(start, "invalid UTF-8");
      ++pos_;
    } else {
      Error(start, "unexpected character '" + std::string(src_.substr(pos_, n)) + "'");
      pos_ += n;
    }
  }

  bool Operator() {
    static constexpr struct {
      std::string_view text;
      TokenKind kind;
    } kOps[] = {
        {"==", TokenKind::kEq},      {"!=", TokenKind::kNe},     {"<=", TokenKind::kLe},
        {">=", TokenKind::kGe},      {"&&", TokenKind::kAnd},    {"||", TokenKind::kOr},
        {"<", TokenKind::kLt},       {">", TokenKind::kGt},      {"!", TokenKind::kNot},
        {"+", TokenKind::kPlus},     {"-", TokenKind::kMinus},   {"*", TokenKind::kStar},
        {"/", TokenKind::kSlash},    {"%", TokenKind::kPercent}, {"?", TokenKind::kQuestion},
        {":", TokenKind::kColon},    {".", TokenKind::kDot},     {",", TokenKind::kComma},
        {"(", TokenKind::kLParen},   {")", TokenKind::kRParen},  {"[", TokenKind::kLBracket},
        {"]", TokenKind::kRBracket}, {"{", TokenKind::kLBrace},  {"}", TokenKind::kRBrace}};
    for (const auto& op : kOps) {
      if (src_.substr(pos_, op.text.size()) == op.text) {
        Emit(op.kind, pos_);
        pos_ += op.text.size();
        return true;
      }
    }
    if (src_[pos_] == '=' || src_[pos_] == '&' || src_[pos_] == '|') {
      std::string single(1, src_[pos_]);
      Error(pos_, "unexpected '" + single + "' (did you mean '" + single + single + "'?)");
      ++pos_;
      return true;
    }
    return false;
  }

  void Number() {
    size_t start = pos_;
    Token t;
    t.offset = static_cast<int32_t>(start);
    if (src_[pos_] == '0' && (At(pos_ + 1) == 'x' || At(pos_ + 1) == 'X')) {
      pos_ += 2;
      size_t digits = pos_;
      bool overflow = false;
      while (IsHex(At(pos_))) {
        overflow |= t.magnitude >> 60 != 0;
        t.magnitude = (t.magnitude << 4) | HexValue(src_[pos_++]);
      }
      if (pos_ == digits) Error(start, "hex literal without digits");
      if (overflow) Error(start, "integer literal out of range");
      t.kind = IntSuffix() ? TokenKind::kUint : TokenKind::kInt;
      out_.tokens.push_back(std::move(t));
      return;
    }
    while (IsDigit(At(pos_))) ++pos_;
    bool is_double = false;
    if (At(pos_) == '.' && IsDigit(At(pos_ + 1))) {
      is_double = true;
      ++pos_;
      while (IsDigit(At(pos_))) ++pos_;
    }
    if ((At(pos_) == 'e' || At(pos_) == 'E') &&
        (IsDigit(At(pos_ + 1)) ||
         ((At(pos_ + 1) == '+' || At(pos_ + 1) == '-') && IsDigit(At(pos_ + 2))))) {
      is_double = true;
      pos_ += 2;
      while (IsDigit(At(pos_))) ++pos_;
    }
    std::string_view text = src_.substr(start, pos_ - start);
    if (is_double) {
      t.kind = TokenKind::kDouble;
      std::string copy(text);
      errno = 0;
      t.double_value = std::strtod(copy.c_str(), nullptr);
      if (errno == ERANGE && std::isinf(t.double_value)) {
        Error(start, "double literal out of range");
      }
    } else {
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), t.magnitude);
      if (ec != std::errc()) Error(start, "integer literal out of range");
      t.kind = IntSuffix() ? TokenKind::kUint : TokenKind::kInt;
    }
    out_.tokens.push_back(std::move(t));
  }

  bool IntSuffix() {
    if (At(pos_) != 'u' && At(pos_) != 'U') return false;
    ++pos_;
    return true;
  }

  void IdentOrString() {
    size_t start = pos_;
    // String prefixes: r, b, and both in either order and case, directly before a quote.
    size_t p = pos_;
    bool raw = false, bytes = false;
    for (int i = 0; i < 2 && IsIdentStart(At(p)); ++i) {
      char lower = static_cast<char>(At(p) | 0x20);
      if (lower == 'r' && !raw) {
        raw = true;
      } else if (lower == 'b' && !bytes) {
        bytes = true;
      } else {
        break;
      }
      ++p;
      if (At(p) == '"' || At(p) == '\'') {
        pos_ = p;
        return String(start, raw, bytes);
      }
    }
    while (IsIdentChar(At(pos_))) ++pos_;
    std::string_view id = src_.substr(start, pos_ - start);
    Token t;
    t.offset = static_cast<int32_t>(start);
    if (id == "true") {
      t.kind = TokenKind::kTrue;
    } else if (id == "false") {
      t.kind = TokenKind::kFalse;
    } else if (id == "null") {
      t.kind = TokenKind::kNull;
    } else if (id == "in") {
      t.kind = TokenKind::kIn;
    } else {
      t.kind = TokenKind::kIdent;
      t.text = std::string(id);
      t.reserved = IsReserved(id);
    }
    out_.tokens.push_back(std::move(t));
  }

  void QuotedIdent() {
    size_t start = pos_++;
    std::string name;
    while (pos_ < src_.size() && src_[pos_] != '`') {
      char c = src_[pos_];
      if (!IsIdentChar(c) && c != '.' && c != '-' && c != '/' && c != ' ') {
        Error(pos_, "character not allowed in a quoted field name");
        while (pos_ < src_.size() && src_[pos_] != '`') ++pos_;
        break;
      }
      name += c;
      ++pos_;
    }
    if (pos_ >= src_.size()) {
      Error(start, "unterminated quoted field name");
      return;
    }
    ++pos_;
    if (name.empty()) Error(start, "empty quoted field name");
    Token t;
    t.kind = TokenKind::kQuotedIdent;
    t.offset = static_cast<int32_t>(start);
    t.text = std::move(name);
    out_.tokens.push_back(std::move(t));
  }

  // pos_ is at the opening quote; `start` is where the literal (with its prefix) begins.
  void String(size_t start, bool raw, bool bytes) {
    char q = src_[pos_];
    bool triple = At(pos_ + 1) == q && At(pos_ + 2) == q;
    pos_ += triple ? 3 : 1;
    Token t;
    t.kind = bytes ? TokenKind::kBytes : TokenKind::kString;
    t.offset = static_cast<int32_t>(start);
    while (true) {
      if (pos_ >= src_.size()) {
        Error(start, "unterminated string literal");
        break;
      }
      char c = src_[pos_];
      if (c == q && (!triple || (At(pos_ + 1) == q && At(pos_ + 2) == q))) {
        pos_ += triple ? 3 : 1;
        break;
      }
      if (!triple && (c == '\n' || c == '\r')) {
        Error(start, "unterminated string literal (newline before the closing quote)");
        break;
      }
      if (c == '\\' && !raw) {
        Escape(&t.text, bytes);
        continue;
      }
      size_t n = Utf8Length(src_, pos_);
      if (n == 0) {
        Error(pos_, "invalid UTF-8");
        n = 1;
      } else {
        t.text.append(src_.substr(pos_, n));
      }
      pos_ += n;
    }
    out_.tokens.push_back(std::move(t));
  }

  // One escape sequence at pos_ (a backslash); appends its value.
  void Escape(std::string* out, bool bytes) {
    size_t start = pos_;
    char c = At(pos_ + 1);
    pos_ += 2;
    if (std::optional<char> simple = SimpleEscape(c)) {
      *out += *simple;
      return;
    }
    switch (c) {
      case 'x':
      case 'X':
      case 'u':
      case 'U': {
        size_t n = (c == 'x' || c == 'X') ? 2 : c == 'u' ? 4 : 8;
        if (bytes && n > 2) {
          Error(start, "\\u and \\U escapes are not allowed in bytes literals");
        }
        std::optional<uint32_t> cp = HexDigits(n);
        if (!cp)
          return Error(start, "escape \\" + std::string(1, c) + " needs " + std::to_string(n) +
                                  " hex digits");
        return AppendCode(out, *cp, bytes && n == 2, start);
      }
      default:
        if (c >= '0' && c <= '3' && At(pos_) >= '0' && At(pos_) <= '7' && At(pos_ + 1) >= '0' &&
            At(pos_ + 1) <= '7') {
          uint32_t v = (c - '0') * 64 + (At(pos_) - '0') * 8 + (At(pos_ + 1) - '0');
          pos_ += 2;
          return AppendCode(out, v, bytes, start);
        }
        if (c == '\0' && start + 1 >= src_.size()) {
          pos_ = src_.size();
          return;  // the unterminated literal is reported by the caller
        }
        pos_ = start + 1;  // resume at the character after the backslash
        Error(start, "invalid escape sequence");
    }
  }

  std::optional<uint32_t> HexDigits(size_t n) {
    uint32_t v = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!IsHex(At(pos_ + i))) return std::nullopt;
      v = v * 16 + HexValue(src_[pos_ + i]);
    }
    pos_ += n;
    return v;
  }

  // A raw byte for bytes literals' \x and octal escapes, else a code point encoded as UTF-8.
  void AppendCode(std::string* out, uint32_t v, bool as_byte, size_t at) {
    if (as_byte) {
      *out += static_cast<char>(v);
    } else if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
      Error(at, "escape denotes an invalid code point");
    } else {
      AppendUtf8(out, v);
    }
  }

  std::string_view src_;
  size_t pos_ = 0;
  LexResult out_;
};

}  // namespace

size_t Utf8Length(std::string_view s, size_t i) {
  auto at = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = at(i);
  if (c < 0x80) return 1;
  size_t n;
  uint32_t min, cp;
  if ((c & 0xE0) == 0xC0) {
    n = 2, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((at(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (at(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

std::string DescribeToken(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd:
      return "end of input";
    case TokenKind::kIdent:
      return "identifier";
    case TokenKind::kQuotedIdent:
      return "quoted field name";
    case TokenKind::kInt:
    case TokenKind::kUint:
    case TokenKind::kDouble:
      return "number";
    case TokenKind::kString:
      return "string";
    case TokenKind::kBytes:
      return "bytes";
    case TokenKind::kTrue:
      return "'true'";
    case TokenKind::kFalse:
      return "'false'";
    case TokenKind::kNull:
      return "'null'";
    case TokenKind::kIn:
      return "'in'";
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kLBracket:
      return "'['";
    case TokenKind::kRBracket:
      return "']'";
    case TokenKind::kLBrace:
      return "'{'";
    case TokenKind::kRBrace:
      return "'}'";
    case TokenKind::kDot:
      return "'.'";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kColon:
      return "':'";
    case TokenKind::kQuestion:
      return "'?'";
    case TokenKind::kPlus:
      return "'+'";
    case TokenKind::kMinus:
      return "'-'";
    case TokenKind::kStar:
      return "'*'";
    case TokenKind::kSlash:
      return "'/'";
    case TokenKind::kPercent:
      return "'%'";
    case TokenKind::kNot:
      return "'!'";
    case TokenKind::kEq:
      return "'=='";
    case TokenKind::kNe:
      return "'!='";
    case TokenKind::kLt:
      return "'<'";
    case TokenKind::kLe:
      return "'<='";
    case TokenKind::kGt:
      return "'>'";
    case TokenKind::kGe:
      return "'>='";
    case TokenKind::kAnd:
      return "'&&'";
    case TokenKind::kOr:
      return "'||'";
  }
  return "token";
}

LexResult Lex(std::string_view source) { return Lexer(source).Run(); }

}  // namespace proofline::cel
