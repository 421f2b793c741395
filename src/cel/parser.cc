// The CEL recursive-descent parser and macro expansion (see parser.h). Each Parse* function
// returns null after the first error; Fail() records it and the callers unwind.
#include "cel/parser.h"

#include <algorithm>
#include <utility>

#include "cel/lexer.h"

namespace proofline::cel {
namespace {

class Parser {
 public:
  Parser(std::string_view source, std::vector<Token> tokens)
      : source_(source), tokens_(std::move(tokens)) {}

  Result<ExprPtr> Run(Location* error_location) {
    ExprPtr e = ParseExpr();
    if (e && Peek().kind != TokenKind::kEnd) Unexpected("an operator or the end of the expression");
    if (failed_) {
      Location loc = LocationOf(source_, error_offset_);
      if (error_location != nullptr) *error_location = loc;
      return InvalidArgument("syntax error at " + DescribeLocation(loc) + ": " + error_);
    }
    return e;
  }

 private:
  const Token& Peek(size_t ahead = 0) const {
    return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)];
  }
  const Token& Advance() {
    const Token& t = tokens_[pos_];
    if (pos_ + 1 < tokens_.size()) ++pos_;
    return t;
  }
  bool Accept(TokenKind kind) {
    if (Peek().kind != kind) return false;
    Advance();
    return true;
  }

  std::nullptr_t Fail(int32_t offset, std::string message) {
    if (!failed_) {
      failed_ = true;
      error_offset_ = offset;
      error_ = std::move(message);
    }
    return nullptr;
  }
  std::nullptr_t Unexpected(const std::string& expected) {
    const Token& t = Peek();
    std::string found = DescribeToken(t.kind);
    if (t.kind == TokenKind::kIdent) found += " '" + t.text + "'";
    return Fail(t.offset, "expected " + expected + " but found " + found);
  }
  bool Expect(TokenKind kind) {
    if (Accept(kind)) return true;
    Unexpected(DescribeToken(kind));
    return false;
  }

  ExprPtr Node(ExprKind kind, int32_t offset) {
    auto e = std::make_unique<Expr>();
    e->kind = kind;
    e->offset = offset;
    return e;
  }
  // Sets the node's height from its children; fails past kMaxNesting.
  ExprPtr Seal(ExprPtr e) {
    int32_t h = 0;
    if (e->operand) h = e->operand->depth;
    for (const ExprPtr& a : e->args) h = std::max(h, a->depth);
    e->depth = h + 1;
    if (e->depth > kMaxNesting) {
      return Fail(e->offset,
                  "expression nests deeper than " + std::to_string(kMaxNesting) + " levels");
    }
    return e;
  }
  ExprPtr Call(int32_t offset, std::string fn, std::vector<ExprPtr> args,
               ExprPtr receiver = nullptr) {
    ExprPtr e = Node(ExprKind::kCall, offset);
    e->name = std::move(fn);
    e->args = std::move(args);
    e->operand = std::move(receiver);
    return Seal(std::move(e));
  }
  ExprPtr Binary(int32_t offset, const char* fn, ExprPtr lhs, ExprPtr rhs) {
    std::vector<ExprPtr> args;
    args.push_back(std::move(lhs));
    args.push_back(std::move(rhs));
    return Call(offset, fn, std::move(args));
  }
  ExprPtr Const(int32_t offset, Value v) {
    ExprPtr e = Node(ExprKind::kConst, offset);
    e->constant = std::move(v);
    return e;
  }

  // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
  ExprPtr ParseExpr() {
    if (++nesting_ > kMaxNesting) {
      return Fail(Peek().offset,
                  "expression nests deeper than " + std::to_string(kMaxNesting) + " levels");
    }
    ExprPtr cond = ParseOr();
    if (cond && Peek().kind == TokenKind::kQuestion) {
      int32_t at = Advance().offset;
      ExprPtr then = ParseOr();
      if (!then || !Expect(TokenKind::kColon)) return nullptr;
      ExprPtr otherwise = ParseExpr();
      if (!otherwise) return nullptr;
      std::vector<ExprPtr> args;
      args.push_back(std::move(cond));
      args.push_back(std::move(then));
      args.push_back(std::move(otherwise));
      cond = Call(at, "_?_:_", std::move(args));
    }
    --nesting_;
    return cond;
  }

  ExprPtr ParseOr() {
    ExprPtr lhs = ParseAnd();
    while (lhs && Peek().kind == TokenKind::kOr) {
      int32_t at = Advance().offset;
      ExprPtr rhs = ParseAnd();
      if (!rhs) return nullptr;
      lhs = Binary(at, "_||_", std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseAnd() {
    ExprPtr lhs = ParseRelation();
    while (lhs && Peek().kind == TokenKind::kAnd) {
      int32_t at = Advance().offset;
      ExprPtr rhs = ParseRelation();
      if (!rhs) return nullptr;
      lhs = Binary(at, "_&&_", std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  static const char* RelationFunction(TokenKind kind) {
    switch (kind) {
      case TokenKind::kLt:
        return "_<_";
      case TokenKind::kLe:
        return "_<=_";
      case TokenKind::kGt:
        return "_>_";
      case TokenKind::kGe:
        return "_>=_";
      case TokenKind::kEq:
        return "_==_";
      case TokenKind::kNe:
        return "_!=_";
      case TokenKind::kIn:
        return "@in";
      default:
        return nullptr;
    }
  }

  ExprPtr ParseRelation() {
    ExprPtr lhs = ParseAddition();
    while (lhs && RelationFunction(Peek().kind) != nullptr) {
      const char* fn = RelationFunction(Peek().kind);
      int32_t at = Advance().offset;
      ExprPtr rhs = ParseAddition();
      if (!rhs) return nullptr;
      lhs = Binary(at, fn, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseAddition() {
    ExprPtr lhs = ParseMultiplication();
    while (lhs && (Peek().kind == TokenKind::kPlus || Peek().kind == TokenKind::kMinus)) {
      const char* fn = Peek().kind == TokenKind::kPlus ? "_+_" : "_-_";
      int32_t at = Advance().offset;
      ExprPtr rhs = ParseMultiplication();
      if (!rhs) return nullptr;
      lhs = Binary(at, fn, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  ExprPtr ParseMultiplication() {
    ExprPtr lhs = ParseUnary();
    while (lhs && (Peek().kind == TokenKind::kStar || Peek().kind == TokenKind::kSlash ||
                   Peek().kind == TokenKind::kPercent)) {
      TokenKind op = Peek().kind;
      const char* fn = op == TokenKind::kStar ? "_*_" : op == TokenKind::kSlash ? "_/_" : "_%_";
      int32_t at = Advance().offset;
      ExprPtr rhs = ParseUnary();
      if (!rhs) return nullptr;
      lhs = Binary(at, fn, std::move(lhs), std::move(rhs));
    }
    return lhs;
  }

  // Unary = Member | "!" {"!"} Member | "-" {"-"} Member
  ExprPtr ParseUnary() {
    TokenKind op = Peek().kind;
    if (op != TokenKind::kNot && op != TokenKind::kMinus) return ParseMember(nullptr);
    std::vector<int32_t> offsets;
    while (Peek().kind == op) offsets.push_back(Advance().offset);
    ExprPtr operand;
    TokenKind next = Peek().kind;
    if (op == TokenKind::kMinus && (next == TokenKind::kInt || next == TokenKind::kDouble)) {
      operand = ParseMember(NegativeLiteral(offsets.back()));
      offsets.pop_back();
    } else {
      operand = ParseMember(nullptr);
    }
    for (auto it = offsets.rbegin(); operand && it != offsets.rend(); ++it) {
      std::vector<ExprPtr> args;
      args.push_back(std::move(operand));
      operand = Call(*it, op == TokenKind::kNot ? "!_" : "-_", std::move(args));
    }
    return operand;
  }

  // The literal after a '-' at `minus`, negated.
  ExprPtr NegativeLiteral(int32_t minus) {
    const Token& t = Advance();
    if (t.kind == TokenKind::kDouble) return Const(minus, Value::Double(-t.double_value));
    constexpr uint64_t kMinMagnitude = uint64_t{1} << 63;
    if (t.magnitude > kMinMagnitude) return Fail(t.offset, "integer literal out of range");
    return Const(
        minus,
        Value::Int(t.magnitude == kMinMagnitude ? INT64_MIN : -static_cast<int64_t>(t.magnitude)));
  }

  // Member = Primary {"." SELECTOR ["(" [ExprList] ")"] | "[" Expr "]"}; `primary` is given
  // when the caller already parsed it (a folded negative literal).
  ExprPtr ParseMember(ExprPtr primary) {
    ExprPtr e = primary ? std::move(primary) : ParsePrimary();
    while (e) {
      if (Peek().kind == TokenKind::kDot) {
        e = ParseSelection(std::move(e));
      } else if (Peek().kind == TokenKind::kLBracket) {
        int32_t at = Advance().offset;
        if (Peek().kind == TokenKind::kQuestion) {
          return Fail(Peek().offset, "optional indexing ([?k]) is not supported");
        }
        ExprPtr index = ParseExpr();
        if (!index || !Expect(TokenKind::kRBracket)) return nullptr;
        e = Binary(at, "_[_]", std::move(e), std::move(index));
      } else if (Peek().kind == TokenKind::kLBrace &&
                 (e->kind == ExprKind::kIdent || e->kind == ExprKind::kSelect)) {
        return Fail(Peek().offset, "message construction (Name{...}) is not supported");
      } else {
        break;
      }
    }
    return e;
  }

  ExprPtr ParseSelection(ExprPtr operand) {
    Advance();  // '.'
    const Token& t = Peek();
    if (t.kind == TokenKind::kQuestion) {
      return Fail(t.offset, "optional field selection (.?f) is not supported");
    }
    if (t.kind != TokenKind::kIdent && t.kind != TokenKind::kQuotedIdent) {
      return Unexpected("a field or method name after '.'");
    }
    Advance();
    if (t.kind == TokenKind::kIdent && Peek().kind == TokenKind::kLParen) {
      std::vector<ExprPtr> args;
      if (!ParseArgs(&args)) return nullptr;
      return MethodCall(t, std::move(operand), std::move(args));
    }
    ExprPtr e = Node(ExprKind::kSelect, t.offset);
    e->name = t.text;
    e->operand = std::move(operand);
    return Seal(std::move(e));
  }

  // "(" [Expr {"," Expr}] ")" with the '(' next.
  bool ParseArgs(std::vector<ExprPtr>* args) {
    Advance();
    if (Accept(TokenKind::kRParen)) return true;
    do {
      ExprPtr a = ParseExpr();
      if (!a) return false;
      args->push_back(std::move(a));
    } while (Accept(TokenKind::kComma));
    return Expect(TokenKind::kRParen);
  }

  ExprPtr ParsePrimary() {
    const Token& t = Peek();
    switch (t.kind) {
      case TokenKind::kInt:
        Advance();
        if (t.magnitude > uint64_t{INT64_MAX}) {
          return Fail(t.offset, "integer literal out of range");
        }
        return Const(t.offset, Value::Int(static_cast<int64_t>(t.magnitude)));
      case TokenKind::kUint:
        Advance();
        return Const(t.offset, Value::Uint(t.magnitude));
      case TokenKind::kDouble:
        Advance();
        return Const(t.offset, Value::Double(t.double_value));
      case TokenKind::kString:
        Advance();
        return Const(t.offset, Value::String(t.text));
      case TokenKind::kBytes:
        Advance();
        return Const(t.offset, Value::Bytes(t.text));
      case TokenKind::kTrue:
      case TokenKind::kFalse:
        Advance();
        return Const(t.offset, Value::Bool(t.kind == TokenKind::kTrue));
      case TokenKind::kNull:
        Advance();
        return Const(t.offset, Value::Null());
      case TokenKind::kLParen: {
        Advance();
        ExprPtr e = ParseExpr();
        if (!e || !Expect(TokenKind::kRParen)) return nullptr;
        return e;
      }
      case TokenKind::kLBracket:
        return ParseList();
      case TokenKind::kLBrace:
        return ParseMap();
      case TokenKind::kDot:
        Advance();
        if (Peek().kind != TokenKind::kIdent) return Unexpected("an identifier after '.'");
        return ParseIdent(true);
      case TokenKind::kIdent:
        return ParseIdent(false);
      case TokenKind::kQuotedIdent:
        return Fail(t.offset, "a quoted field name can only follow '.'");
      default:
        return Unexpected("an expression");
    }
  }

  ExprPtr ParseIdent(bool root_scope) {
    const Token& t = Advance();
    if (t.reserved) {
      return Fail(t.offset, "'" + t.text + "' is a reserved word and cannot name a variable");
    }
    if (Peek().kind == TokenKind::kLParen) {
      std::vector<ExprPtr> args;
      if (!ParseArgs(&args)) return nullptr;
      if (!root_scope && t.text == "has") return HasMacro(t.offset, std::move(args));
      return Call(t.offset, t.text, std::move(args));
    }
    ExprPtr e = Node(ExprKind::kIdent, t.offset);
    e->name = root_scope ? "." + t.text : t.text;
    return e;
  }

  ExprPtr ParseList() {
    int32_t at = Advance().offset;
    ExprPtr e = Node(ExprKind::kList, at);
    while (Peek().kind != TokenKind::kRBracket) {
      if (Peek().kind == TokenKind::kQuestion) {
        return Fail(Peek().offset, "optional list elements (?e) are not supported");
      }
      ExprPtr item = ParseExpr();
      if (!item) return nullptr;
      e->args.push_back(std::move(item));
      if (!Accept(TokenKind::kComma)) break;
    }
    if (!Expect(TokenKind::kRBracket)) return nullptr;
    return Seal(std::move(e));
  }

  ExprPtr ParseMap() {
    int32_t at = Advance().offset;
    ExprPtr e = Node(ExprKind::kMap, at);
    while (Peek().kind != TokenKind::kRBrace) {
      if (Peek().kind == TokenKind::kQuestion) {
        return Fail(Peek().offset, "optional map entries (?k: v) are not supported");
      }
      ExprPtr key = ParseExpr();
      if (!key || !Expect(TokenKind::kColon)) return nullptr;
      ExprPtr value = ParseExpr();
      if (!value) return nullptr;
      e->args.push_back(std::move(key));
      e->args.push_back(std::move(value));
      if (!Accept(TokenKind::kComma)) break;
    }
    if (!Expect(TokenKind::kRBrace)) return nullptr;
    return Seal(std::move(e));
  }

  // has(m.f): a test-only selection.
  ExprPtr HasMacro(int32_t offset, std::vector<ExprPtr> args) {
    if (args.size() != 1 || args[0]->kind != ExprKind::kSelect || args[0]->test_only) {
      return Fail(offset, "has() takes one field selection, as in has(m.f)");
    }
    args[0]->test_only = true;
    return std::move(args[0]);
  }

  // target.name(args): a macro when the name and arity match one, else a method call.
  ExprPtr MethodCall(const Token& name, ExprPtr target, std::vector<ExprPtr> args) {
    struct MacroForm {
      std::string_view name;
      size_t arity;
      Macro macro;
    };
    static constexpr MacroForm kMacros[] = {{"all", 2, Macro::kAll},
                                            {"exists", 2, Macro::kExists},
                                            {"exists_one", 2, Macro::kExistsOne},
                                            {"map", 2, Macro::kMap},
                                            {"map", 3, Macro::kMapFilter},
                                            {"filter", 2, Macro::kFilter}};
    for (const MacroForm& m : kMacros) {
      if (m.name != name.text || m.arity != args.size()) continue;
      const Expr& var = *args[0];
      if (var.kind != ExprKind::kIdent || var.name.front() == '.') {
        return Fail(name.offset,
                    "the first argument of " + name.text + "() must be a variable name");
      }
      ExprPtr e = Node(ExprKind::kComprehension, name.offset);
      e->macro = m.macro;
      e->name = var.name;
      e->operand = std::move(target);
      for (size_t i = 1; i < args.size(); ++i) e->args.push_back(std::move(args[i]));
      return Seal(std::move(e));
    }
    return Call(name.offset, name.text, std::move(args), std::move(target));
  }

  std::string_view source_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int nesting_ = 0;
  bool failed_ = false;
  int32_t error_offset_ = 0;
  std::string error_;
};

}  // namespace

Result<ExprPtr> Parse(std::string_view source, Location* error_location) {
  if (source.size() > kMaxExpressionBytes) {
    return InvalidArgument("expression is " + std::to_string(source.size()) +
                           " bytes; the limit is " + std::to_string(kMaxExpressionBytes));
  }
  LexResult lexed = Lex(source);
  if (!lexed.errors.empty()) {
    std::string message;
    for (const LexError& e : lexed.errors) {
      message += (message.empty() ? "" : "; ") + DescribeLocation(LocationOf(source, e.offset)) +
                 ": " + e.message;
    }
    if (error_location != nullptr) *error_location = LocationOf(source, lexed.errors[0].offset);
    return InvalidArgument("syntax error at " + message);
  }
  return Parser(source, std::move(lexed.tokens)).Run(error_location);
}

}  // namespace proofline::cel
