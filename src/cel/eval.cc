// Compilation (name and function resolution over the parsed tree) and the tree-walking
// evaluator of the CEL engine (see eval.h for the supported subset).
#include "cel/eval.h"

#include <array>
#include <exception>
#include <new>

#include "cel/functions.h"
#include "cel/parser.h"

namespace proofline::cel {
namespace {

// Expr::function values for the operators the evaluator implements itself (not strict).
constexpr int kUnknownFunction = -1;
constexpr int kLogicalAnd = -2;
constexpr int kLogicalOr = -3;
constexpr int kConditional = -4;

// What a map entry costs beyond its key and value: the normalised key in the index.
constexpr size_t kMapIndexBytes = 48;

// Resolves names and functions in place. `scopes` holds the comprehension variables in scope,
// innermost last; a variable's slot is its index there.
class Resolver {
 public:
  explicit Resolver(std::string_view source) : source_(source) {}

  // Where the error Resolve returned points.
  Location error_location() const { return error_location_; }

  Status Resolve(Expr& e) {
    switch (e.kind) {
      case ExprKind::kConst:
        return OkStatus();
      case ExprKind::kIdent:
        for (size_t i = scopes_.size(); i-- > 0;) {
          if (scopes_[i] == e.name) {
            e.slot = static_cast<int>(i);
            break;
          }
        }
        return OkStatus();
      case ExprKind::kSelect:
        RETURN_IF_ERROR(Resolve(*e.operand));
        SetQualifiedName(e);
        return OkStatus();
      case ExprKind::kCall:
        return ResolveCall(e);
      case ExprKind::kList:
      case ExprKind::kMap:
        for (ExprPtr& a : e.args) {
          RETURN_IF_ERROR(Resolve(*a));
        }
        FoldConstant(e);
        return OkStatus();
      case ExprKind::kComprehension: {
        RETURN_IF_ERROR(Resolve(*e.operand));  // the range is outside the variable's scope
        scopes_.push_back(e.name);
        e.slot = static_cast<int>(scopes_.size() - 1);
        for (ExprPtr& a : e.args) {
          RETURN_IF_ERROR(Resolve(*a));
        }
        scopes_.pop_back();
        return OkStatus();
      }
    }
    return OkStatus();
  }

 private:
  // a.b.c may name a variable bound as "a.b.c" (or a type such as google.protobuf.Timestamp)
  // when its root is not a comprehension variable.
  static void SetQualifiedName(Expr& e) {
    const Expr& op = *e.operand;
    if (op.kind == ExprKind::kIdent && op.slot < 0) {
      std::string_view root = op.name;
      if (root.front() == '.') root.remove_prefix(1);
      e.qualified = std::string(root) + "." + e.name;
    } else if (op.kind == ExprKind::kSelect && !op.qualified.empty() && !op.test_only) {
      e.qualified = op.qualified + "." + e.name;
    }
  }

  // A list or map literal of constants becomes one constant, built once instead of at every
  // evaluation. A map literal with a repeated or unsupported key is left for Eval to report.
  static void FoldConstant(Expr& e) {
    for (const ExprPtr& a : e.args) {
      if (a->kind != ExprKind::kConst) return;
    }
    if (e.kind == ExprKind::kList) {
      ValueList items;
      for (const ExprPtr& a : e.args) items.push_back(a->constant);
      e.constant = Value::List(std::move(items));
    } else {
      auto map = std::make_shared<ValueMap>();
      for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
        if (map->Add(e.args[i]->constant, e.args[i + 1]->constant) != ValueMap::Insert::kInserted) {
          return;
        }
      }
      e.constant = Value::Map(std::move(map));
    }
    e.kind = ExprKind::kConst;
    e.args.clear();
  }

  Status ResolveCall(Expr& e) {
    if (e.operand) {
      RETURN_IF_ERROR(Resolve(*e.operand));
    }
    for (ExprPtr& a : e.args) {
      RETURN_IF_ERROR(Resolve(*a));
    }
    bool method = e.operand != nullptr;
    if (!method && e.name == "_&&_") {
      e.function = kLogicalAnd;
    } else if (!method && e.name == "_||_") {
      e.function = kLogicalOr;
    } else if (!method && e.name == "_?_:_") {
      e.function = kConditional;
    } else {
      e.function = FindBuiltin(e.name, method);
    }
    if (e.name == "matches" && e.function != kUnknownFunction) {
      return CompileConstantPattern(e, method);
    }
    return OkStatus();
  }

  // matches() with a literal pattern compiles it once; a bad one is an error at its column.
  Status CompileConstantPattern(Expr& e, bool method) {
    size_t index = method ? 0 : 1;
    if (e.args.size() != index + 1 || e.args[index]->kind != ExprKind::kConst ||
        e.args[index]->constant.kind() != Kind::kString) {
      return OkStatus();
    }
    std::string error;
    e.regex = CompileRegex(e.args[index]->constant.string_value(), &error);
    if (e.regex == nullptr) {
      error_location_ = LocationOf(source_, e.args[index]->offset);
      return InvalidArgument("error at " + DescribeLocation(error_location_) + ": " + error);
    }
    return OkStatus();
  }

  std::string_view source_;
  Location error_location_;
  std::vector<std::string> scopes_;
};

class Evaluator {
 public:
  Evaluator(const Activation& activation, Budget* budget)
      : activation_(activation), budget_(budget) {}

  Value Eval(const Expr& e) {
    if (!budget_->Step(1)) return Value::Error("cost limit exceeded", e.offset);
    switch (e.kind) {
      case ExprKind::kConst:
        return e.constant;
      case ExprKind::kIdent:
        return EvalIdent(e);
      case ExprKind::kSelect:
        return EvalSelect(e);
      case ExprKind::kCall:
        return EvalCall(e);
      case ExprKind::kList:
        return EvalList(e);
      case ExprKind::kMap:
        return EvalMap(e);
      case ExprKind::kComprehension:
        return EvalComprehension(e);
    }
    return Value::Error("unknown expression", e.offset);
  }

 private:
  // A variable bound under `name`, else a type denoted by it.
  std::optional<Value> Global(std::string_view name) const {
    if (const Value* v = activation_.Find(name)) return *v;
    if (std::optional<Kind> type = TypeNamed(name)) return Value::Type(*type);
    return std::nullopt;
  }

  Value EvalIdent(const Expr& e) {
    if (e.slot >= 0) return locals_[e.slot];
    std::string_view name = e.name;
    if (name.front() == '.') name.remove_prefix(1);
    if (std::optional<Value> v = Global(name)) return *v;
    return Value::Error("undeclared reference to '" + std::string(name) + "'", e.offset);
  }

  Value EvalSelect(const Expr& e) {
    if (!e.qualified.empty() && !e.test_only) {
      bool may_bind = activation_.has_dotted_names() || e.qualified.starts_with("google.");
      if (may_bind) {
        if (std::optional<Value> v = Global(e.qualified)) return *v;
      }
    }
    Value operand = Eval(*e.operand);
    if (operand.is_error()) return operand;
    if (operand.kind() != Kind::kMap) {
      return Value::Error(
          "type '" + std::string(KindName(operand.kind())) + "' does not support field selection",
          e.offset);
    }
    const Value* v = operand.map().FindString(e.name);
    if (e.test_only) return Value::Bool(v != nullptr);
    if (v == nullptr) return Value::Error("no such key: " + e.name, e.offset);
    return *v;
  }

  Value EvalCall(const Expr& e) {
    switch (e.function) {
      case kLogicalAnd:
        return EvalLogical(e, true);
      case kLogicalOr:
        return EvalLogical(e, false);
      case kConditional:
        return EvalConditional(e);
      case kUnknownFunction:
        return Value::Error(
            std::string(e.operand ? "unknown method '" : "unknown function '") + e.name + "'",
            e.offset);
      default:
        break;
    }
    // The arguments of calls with up to kInlineArgs of them (operators, methods, nearly every
    // call) live on the stack: no allocation per call.
    constexpr size_t kInlineArgs = 4;
    size_t count = e.args.size() + (e.operand ? 1 : 0);
    std::array<Value, kInlineArgs> inline_args;
    ValueList heap_args;
    Value* args = inline_args.data();
    if (count > kInlineArgs) {
      heap_args.resize(count);
      args = heap_args.data();
    }
    size_t n = 0;
    if (e.operand) {
      args[n] = Eval(*e.operand);
      if (args[n++].is_error()) return args[n - 1];
    }
    for (const ExprPtr& a : e.args) {
      args[n] = Eval(*a);
      if (args[n++].is_error()) return args[n - 1];
    }
    CallSite site{e.offset, e.name, budget_, e.regex.get()};
    return GetBuiltin(e.function)(site, std::span<const Value>(args, count));
  }

  // && and ||: the operand that decides (false for &&, true for ||) wins over errors and
  // values of other kinds; two bools give the identity; else the first error, or no overload.
  Value EvalLogical(const Expr& e, bool is_and) {
    auto decides = [is_and](const Value& v) {
      return v.kind() == Kind::kBool && v.bool_value() != is_and;
    };
    Value lhs = Eval(*e.args[0]);
    if (decides(lhs)) return lhs;
    Value rhs = Eval(*e.args[1]);
    return Combine(e, is_and, lhs, rhs);
  }

  Value Combine(const Expr& e, bool is_and, const Value& lhs, const Value& rhs) {
    for (const Value* v : {&lhs, &rhs}) {
      if (v->kind() == Kind::kBool && v->bool_value() != is_and) return *v;
    }
    if (lhs.kind() == Kind::kBool && rhs.kind() == Kind::kBool) return Value::Bool(is_and);
    if (lhs.is_error()) return lhs;
    if (rhs.is_error()) return rhs;
    Value args[] = {lhs, rhs};
    return NoMatchingOverload(CallSite{e.offset, is_and ? "_&&_" : "_||_", budget_, nullptr}, args);
  }

  Value EvalConditional(const Expr& e) {
    Value cond = Eval(*e.args[0]);
    if (cond.is_error()) return cond;
    if (cond.kind() != Kind::kBool) {
      return NoMatchingOverload(CallSite{e.offset, e.name, budget_, nullptr}, {&cond, 1});
    }
    return Eval(*e.args[cond.bool_value() ? 1 : 2]);
  }

  Value EvalList(const Expr& e) {
    budget_->Allocate(e.args.size() * sizeof(Value));
    ValueList items;
    items.reserve(e.args.size());
    for (const ExprPtr& a : e.args) {
      items.push_back(Eval(*a));
      if (items.back().is_error()) return items.back();
    }
    return Value::List(std::move(items));
  }

  Value EvalMap(const Expr& e) {
    budget_->Allocate(e.args.size() * (sizeof(Value) + kMapIndexBytes));
    auto map = std::make_shared<ValueMap>();
    for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
      Value key = Eval(*e.args[i]);
      if (key.is_error()) return key;
      Value value = Eval(*e.args[i + 1]);
      if (value.is_error()) return value;
      switch (map->Add(key, std::move(value))) {
        case ValueMap::Insert::kInserted:
          break;
        case ValueMap::Insert::kDuplicate:
          return Value::Error("repeated map key " + Describe(key), e.args[i]->offset);
        case ValueMap::Insert::kBadKeyType:
          return Value::Error(
              "unsupported map key type '" + std::string(KindName(key.kind())) + "'",
              e.args[i]->offset);
      }
    }
    return Value::Map(std::move(map));
  }

  // The iteration variable's slot in locals_, for the duration of one comprehension.
  class Scope {
   public:
    explicit Scope(ValueList* locals) : locals_(locals) { locals_->emplace_back(); }
    ~Scope() { locals_->pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    ValueList* locals_;
  };

  Value EvalComprehension(const Expr& e) {
    Value range = Eval(*e.operand);
    if (range.is_error()) return range;
    ValueList keys;
    const ValueList* items;
    if (range.kind() == Kind::kList) {
      items = &range.list();
    } else if (range.kind() == Kind::kMap) {
      budget_->Allocate(range.map().size() * sizeof(Value));
      keys.reserve(range.map().size());
      for (const auto& entry : range.map().entries()) keys.push_back(entry.first);
      items = &keys;
    } else {
      return Value::Error(
          "cannot iterate over a value of type '" + std::string(KindName(range.kind())) + "'",
          e.offset);
    }
    Scope scope(&locals_);
    switch (e.macro) {
      case Macro::kAll:
      case Macro::kExists:
        return Quantify(e, *items, e.macro == Macro::kAll);
      case Macro::kExistsOne:
        return ExistsOne(e, *items);
      default:
        return Transform(e, *items);
    }
  }

  // all (&& over the elements) and exists (||), stopping once the result is decided; an error
  // in one element is absorbed if another element decides the result, as CEL specifies.
  Value Quantify(const Expr& e, const ValueList& items, bool is_and) {
    Value acc = Value::Bool(is_and);
    for (const Value& item : items) {
      if (budget_->exhausted()) break;
      locals_[e.slot] = item;
      acc = Combine(e, is_and, acc, Eval(*e.args[0]));
      if (acc.kind() == Kind::kBool && acc.bool_value() != is_and) break;
    }
    return acc;
  }

  Value ExistsOne(const Expr& e, const ValueList& items) {
    int64_t count = 0;
    for (const Value& item : items) {
      if (budget_->exhausted()) break;
      locals_[e.slot] = item;
      Value v = Eval(*e.args[0]);
      if (v.is_error()) return v;
      if (v.kind() != Kind::kBool) return PredicateError(e, v);
      count += v.bool_value();
    }
    return Value::Bool(count == 1);
  }

  // map (with an optional filter) and filter.
  Value Transform(const Expr& e, const ValueList& items) {
    bool has_filter = e.macro != Macro::kMap;
    ValueList out;
    for (const Value& item : items) {
      if (budget_->exhausted()) break;
      locals_[e.slot] = item;
      if (has_filter) {
        Value keep = Eval(*e.args[0]);
        if (keep.is_error()) return keep;
        if (keep.kind() != Kind::kBool) return PredicateError(e, keep);
        if (!keep.bool_value()) continue;
      }
      if (e.macro == Macro::kFilter) {
        out.push_back(item);
      } else {
        out.push_back(Eval(*e.args.back()));
        if (out.back().is_error()) return out.back();
      }
      budget_->Allocate(sizeof(Value));
    }
    return Value::List(std::move(out));
  }

  static Value PredicateError(const Expr& e, const Value& v) {
    const char* macro = e.macro == Macro::kExistsOne ? "exists_one"
                        : e.macro == Macro::kFilter  ? "filter"
                                                     : "map";
    return Value::Error(std::string("the condition of ") + macro + "() is of type '" +
                            std::string(KindName(v.kind())) + "', not bool",
                        e.offset);
  }

  const Activation& activation_;
  Budget* budget_;
  ValueList locals_;  // comprehension variables, by slot
};

}  // namespace

void Activation::Bind(std::string name, Value value) {
  dotted_ |= name.find('.') != std::string::npos;
  vars_.insert_or_assign(std::move(name), std::move(value));
}

const Value* Activation::Find(std::string_view name) const {
  auto it = vars_.find(name);
  return it == vars_.end() ? nullptr : &it->second;
}

Result<Activation> Activation::FromJson(const Json& facts) {
  if (!facts.is_object()) return InvalidArgument("facts must be a JSON object");
  Activation a;
  for (const auto& [key, value] : facts.items()) {
    Result<Value> v = ValueFromJson(value);
    if (!v.ok()) return v.status().WithContext("fact '" + key + "'");
    a.Bind(key, std::move(*v));
  }
  return a;
}

Result<Program> Compile(std::string_view expression, Location* error_location) {
  try {
    ASSIGN_OR_RETURN(ExprPtr root, Parse(expression, error_location));
    Resolver resolver(expression);
    if (Status s = resolver.Resolve(*root); !s.ok()) {
      if (error_location != nullptr) *error_location = resolver.error_location();
      return s;
    }
    return Program(std::string(expression), std::move(root));
  } catch (const std::bad_alloc&) {
    return InvalidArgument("out of memory compiling the expression");
  } catch (const std::exception& e) {
    return Internal(std::string("compiling the expression: ") + e.what());
  }
}

Result<Value> Program::Eval(const Activation& activation, const EvalOptions& options,
                            Location* error_location) const {
  Budget budget;
  budget.steps = options.cost_limit;
  budget.bytes = options.memory_limit;
  budget.max_string_bytes = options.max_string_bytes;
  try {
    Value v = Evaluator(activation, &budget).Eval(*root_);
    if (budget.exceeded == Budget::Exceeded::kSteps) {
      return InvalidArgument("evaluation exceeded the cost limit of " +
                             std::to_string(options.cost_limit) + " steps");
    }
    if (budget.exceeded == Budget::Exceeded::kBytes) {
      return InvalidArgument("evaluation exceeded the memory limit of " +
                             std::to_string(options.memory_limit) + " bytes");
    }
    if (v.is_error()) {
      Location loc = LocationOf(source_, v.error().offset);
      if (error_location != nullptr) *error_location = loc;
      return InvalidArgument("evaluation error at " + DescribeLocation(loc) + ": " +
                             v.error().message);
    }
    return v;
  } catch (const std::bad_alloc&) {
    return InvalidArgument("out of memory evaluating the expression");
  } catch (const std::exception& e) {
    return Internal(std::string("evaluating the expression: ") + e.what());
  }
}

}  // namespace proofline::cel
