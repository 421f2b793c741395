// Compilation (name and function resolution over the parsed tree) and the tree-walking
// evaluator of the CEL engine (see eval.h for the supported subset).
//
// Speed comes from work moved to Compile and from not copying values: variable names become
// indexes into a table looked up once per Eval (comprehension variables become slots), field
// names are hashed once, and evaluation passes borrowed `const Value*` (see Evaluator::Eval) so
// that selecting a field of a variable copies nothing and touches no reference count.
#include "cel/eval.h"

#include <array>
#include <exception>
#include <map>
#include <new>
#include <optional>

#include "cel/functions.h"
#include "cel/parser.h"

namespace proofline::cel {
namespace {

// Expr::function values for the operators the evaluator implements itself (not strict).
constexpr int kUnknownFunction = -1;
constexpr int kLogicalAnd = -2;
constexpr int kLogicalOr = -3;
constexpr int kConditional = -4;
constexpr int kIndex = -5;  // _[_]: strict, but it borrows the element instead of copying it

// What a map entry costs beyond its key and value, as the memory budget counts it: its share of
// the index (an estimate).
constexpr size_t kMapIndexBytes = 48;

// A name the expression reads from the activation.
struct Global {
  HashedName name;  // "x", or for a qualified name "a.b.c"
  // A qualified name is read only when the activation binds dotted names: else no variable can
  // have it, and only a type name such as google.protobuf.Timestamp can.
  bool qualified = false;
  std::optional<Value> type;  // the type the name denotes when no variable has it
};

}  // namespace

struct Program::Compiled {
  ExprPtr root;
  std::vector<Global> globals;  // indexed by Expr::global
};

namespace {

// Resolves names and functions in place. `scopes` holds the comprehension variables in scope,
// innermost last; a variable's slot is its index there.
class Resolver {
 public:
  Resolver(std::string_view source, std::vector<Global>* globals)
      : source_(source), globals_(globals) {}

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
        if (e.slot < 0) {
          std::string_view name = e.name;
          if (name.front() == '.') name.remove_prefix(1);
          e.global = GlobalIndex(name, false);
        }
        return OkStatus();
      case ExprKind::kSelect:
        RETURN_IF_ERROR(Resolve(*e.operand));
        SetQualifiedName(e);
        if (!e.qualified.empty() && !e.test_only) e.global = GlobalIndex(e.qualified, true);
        e.field = HashedName(e.name);
        SetPath(e);
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
  // The index of `name` in the program's table of names, added on first use.
  int GlobalIndex(std::string_view name, bool qualified) {
    auto [it, added] = global_index_.try_emplace(std::string(name), globals_->size());
    if (added) {
      Global g{HashedName(std::string(name)), qualified, std::nullopt};
      if (std::optional<Kind> type = TypeNamed(name)) g.type = Value::Type(*type);
      globals_->push_back(std::move(g));
    }
    return static_cast<int>(it->second);
  }

  // The top selection of a chain takes over the path of the selection it selects from.
  static void SetPath(Expr& e) {
    Expr& op = *e.operand;
    if (op.kind == ExprKind::kSelect && !op.test_only) {
      e.path = std::move(op.path);
      op.path.clear();
    } else {
      e.path = {&op};
    }
    e.path.push_back(&e);
  }

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
    } else if (!method && e.name == "_[_]" && e.args.size() == 2) {
      e.function = kIndex;
    } else {
      e.function = FindBuiltin(e.name, method);
      if (e.function >= 0) e.builtin = GetBuiltin(e.function);
    }
    if (!method && (e.name == "@in" || e.name == "_[_]") && e.args.size() == 2) {
      const Expr& key = *e.args[e.name == "@in" ? 0 : 1];
      if (key.kind == ExprKind::kConst && key.constant.kind() == Kind::kString) {
        e.constant_key = HashedName(key.constant.string_value());
      }
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
  std::vector<Global>* globals_;
  std::map<std::string, size_t, std::less<>> global_index_;  // name -> index in *globals_
};

// Where a value computed into `temp` goes when it is the result: moved to `out`; a borrowed one
// is passed on as it is.
const Value* Keep(const Value* v, Value* temp, Value* out) {
  if (v != temp) return v;
  *out = std::move(*temp);
  return out;
}

// A value to store in a new list or map: moved out of `temp` if it was computed there.
Value Take(const Value* v, Value* temp) { return v == temp ? std::move(*temp) : *v; }

const Value* Store(Value* out, Value v) {
  *out = std::move(v);
  return out;
}

// Stores the error "<a><b><c>" at `offset` in `out`. Out of line and cold, so that the hot paths
// it is called from set up no strings.
[[gnu::cold, gnu::noinline]] const Value* Fail(Value* out, int32_t offset, std::string_view a,
                                               std::string_view b = {}, std::string_view c = {}) {
  std::string message;
  message.reserve(a.size() + b.size() + c.size());
  message.append(a).append(b).append(c);
  *out = Value::Error(std::move(message), offset);
  return out;
}

class Evaluator {
 public:
  // `globals` holds the value of each name of the program's table for this evaluation (nullptr:
  // not bound).
  Evaluator(const Value* const* globals, Budget* budget) : globals_(globals), budget_(budget) {}

  // The value of `e`. Either `out`, where it was stored, or borrowed: a constant of the tree, a
  // variable, an element inside one of those, or the current item of a comprehension. Borrowed
  // values outlive every use callers make of them (an item is used only while its
  // comprehension's body runs), so selecting a field of a variable copies nothing.
  // REQUIRES: `out` is not a value a borrowed result could point into.
  //
  // Eval is a small dispatcher: the handlers of the larger kinds are kept out of line, so that
  // a node costs few saved registers and a small stack frame.
  const Value* Eval(const Expr& e, Value* out) {
    if (!budget_->Step(1)) return Fail(out, e.offset, "cost limit exceeded");
    switch (e.kind) {
      case ExprKind::kConst:
        return &e.constant;
      case ExprKind::kIdent:
        return EvalIdent(e, out);
      case ExprKind::kSelect:
        return EvalSelect(e, out);
      case ExprKind::kCall:
        return EvalCall(e, out);
      case ExprKind::kList:
        return EvalList(e, out);
      case ExprKind::kMap:
        return EvalMap(e, out);
      case ExprKind::kComprehension:
        return EvalComprehension(e, out);
    }
    return Fail(out, e.offset, "unknown expression");
  }

 private:
  const Value* EvalIdent(const Expr& e, Value* out) {
    if (e.slot >= 0) return locals_[e.slot];
    if (const Value* v = globals_[e.global]) return v;
    std::string_view name = e.name;
    if (name.front() == '.') name.remove_prefix(1);
    return Fail(out, e.offset, "undeclared reference to '", name, "'");
  }

  // A chain of selections a.b.c, in a loop rather than one recursive Eval per selection, with
  // the same steps charged and the same results: first, outermost first, the qualified names a
  // variable may be bound to ("a.b.c", then "a.b"), as the recursion would meet them; then the
  // fields from the root (or the bound name) outwards. REQUIRES: e.path is set (the chain's
  // top); its Step was charged by Eval.
  [[gnu::noinline]] const Value* EvalSelect(const Expr& e, Value* out) {
    const std::vector<const Expr*>& path = e.path;
    size_t k = path.size() - 1;  // the selection being entered
    const Value* v = nullptr;
    for (; k > 0; --k) {
      const Expr& s = *path[k];
      if (k + 1 != path.size() && !budget_->Step(1)) {
        return Fail(out, s.offset, "cost limit exceeded");
      }
      if (s.global >= 0 && (v = globals_[s.global]) != nullptr) break;  // bound as "a.b"
    }
    Value temp;
    bool computed = false;  // the root's value is in `temp`, not borrowed
    if (k == 0) {
      v = Eval(*path[0], &temp);
      if (v->is_error()) return Keep(v, &temp, out);
      computed = v == &temp;
    }
    for (++k; k < path.size(); ++k) {
      const Expr& s = *path[k];
      if (v->kind() != Kind::kMap) {
        return Fail(out, s.offset, "type '", KindName(v->kind()),
                    "' does not support field selection");
      }
      const Value* field = v->map().Find(s.field);
      if (s.test_only) return Store(out, Value::Bool(field != nullptr));
      if (field == nullptr) return Fail(out, s.offset, "no such key: ", s.name);
      v = field;
    }
    // A field of a value computed into `temp` dies with it: copy it out. Else borrow.
    return computed ? Store(out, *v) : v;
  }

  // Storage for the arguments of one call: their values (borrowed, or computed into the
  // temporaries) and the temporaries, on the stack for up to kInline arguments (every builtin
  // takes at most two, the receiver included).
  class CallArgs {
   public:
    explicit CallArgs(size_t count) : count_(count) {
      if (count > kInline) {
        heap_temps_ = std::make_unique<Value[]>(count);
        heap_args_ = std::make_unique<const Value*[]>(count);
        temps_ = heap_temps_.get();
        args_ = heap_args_.get();
      }
    }
    CallArgs(const CallArgs&) = delete;
    CallArgs& operator=(const CallArgs&) = delete;

    Value* temp(size_t i) { return &temps_[i]; }
    const Value*& arg(size_t i) { return args_[i]; }
    Args args() const { return Args(args_, count_); }

   private:
    static constexpr size_t kInline = 2;
    size_t count_;
    std::array<Value, kInline> inline_temps_;
    std::array<const Value*, kInline> inline_args_{};
    std::unique_ptr<Value[]> heap_temps_;
    std::unique_ptr<const Value*[]> heap_args_;
    Value* temps_ = inline_temps_.data();
    const Value** args_ = inline_args_.data();
  };

  // Evaluates the receiver and arguments of `e` into `a`; the first error, else nullptr.
  const Value* EvalArgs(const Expr& e, CallArgs* a) {
    size_t n = 0;
    auto eval = [&](const Expr& arg) {
      // A constant operand (x == 0) is borrowed without a call to Eval; Eval reports an
      // exhausted budget.
      bool constant = arg.kind == ExprKind::kConst && budget_->Step(1);
      a->arg(n) = constant ? &arg.constant : Eval(arg, a->temp(n));
      return a->arg(n++)->is_error();
    };
    if (e.operand && eval(*e.operand)) return a->arg(n - 1);
    for (const ExprPtr& arg : e.args) {
      if (eval(*arg)) return a->arg(n - 1);
    }
    return nullptr;
  }

  [[gnu::noinline]] const Value* EvalCall(const Expr& e, Value* out) {
    switch (e.function) {
      case kLogicalAnd:
        return EvalLogical(e, true, out);
      case kLogicalOr:
        return EvalLogical(e, false, out);
      case kConditional:
        return EvalConditional(e, out);
      case kIndex:
        return EvalIndex(e, out);
      case kUnknownFunction:
        return Fail(out, e.offset, e.operand ? "unknown method '" : "unknown function '", e.name,
                    "'");
      default:
        break;
    }
    CallArgs a(e.args.size() + (e.operand ? 1 : 0));
    if (const Value* error = EvalArgs(e, &a)) return Store(out, *error);
    CallSite site{e.offset, e.name, budget_, e.regex.get(),
                  e.constant_key ? &*e.constant_key : nullptr};
    return Store(out, e.builtin(site, a.args()));
  }

  // container[key], borrowing the element when the container outlives this call.
  const Value* EvalIndex(const Expr& e, Value* out) {
    CallArgs a(2);
    if (const Value* error = EvalArgs(e, &a)) return Store(out, *error);
    Value error;
    CallSite site{e.offset, e.name, budget_, nullptr, e.constant_key ? &*e.constant_key : nullptr};
    const Value* v = Element(site, a.args(), &error);
    if (v == nullptr) return Store(out, std::move(error));
    if (a.arg(0) == a.temp(0)) return Store(out, *v);  // the container dies with `a`: copy
    return v;
  }

  static bool Decides(const Value& v, bool is_and) {
    return v.kind() == Kind::kBool && v.bool_value() != is_and;
  }

  // && and ||: the operand that decides (false for &&, true for ||) wins over errors and
  // values of other kinds; two bools give the identity; else the first error, or no overload.
  const Value* EvalLogical(const Expr& e, bool is_and, Value* out) {
    const Value* lhs = Eval(*e.args[0], out);
    if (Decides(*lhs, is_and)) return lhs;
    Value temp;
    const Value* rhs = Eval(*e.args[1], &temp);
    return Keep(Combine(e, is_and, lhs, rhs, out), &temp, out);
  }

  // lhs && rhs (or ||) given both: one of them, or a new value stored in `out` (which may hold
  // `lhs`).
  const Value* Combine(const Expr& e, bool is_and, const Value* lhs, const Value* rhs, Value* out) {
    if (Decides(*lhs, is_and)) return lhs;
    if (Decides(*rhs, is_and)) return rhs;
    if (lhs->kind() == Kind::kBool && rhs->kind() == Kind::kBool) {
      return Store(out, Value::Bool(is_and));
    }
    if (lhs->is_error()) return lhs;
    if (rhs->is_error()) return rhs;
    const Value* args[] = {lhs, rhs};
    CallSite site{e.offset, is_and ? "_&&_" : "_||_", budget_, nullptr};
    return Store(out, NoMatchingOverload(site, Args(args, 2)));
  }

  const Value* EvalConditional(const Expr& e, Value* out) {
    const Value* cond = Eval(*e.args[0], out);
    if (cond->is_error()) return cond;
    if (cond->kind() != Kind::kBool) {
      return Store(
          out, NoMatchingOverload(CallSite{e.offset, e.name, budget_, nullptr}, Args(&cond, 1)));
    }
    return Eval(*e.args[cond->bool_value() ? 1 : 2], out);
  }

  [[gnu::noinline]] const Value* EvalList(const Expr& e, Value* out) {
    budget_->Allocate(e.args.size() * sizeof(Value));
    ValueList items;
    items.reserve(e.args.size());
    for (const ExprPtr& a : e.args) {
      Value temp;
      const Value* v = Eval(*a, &temp);
      if (v->is_error()) return Keep(v, &temp, out);
      items.push_back(Take(v, &temp));
    }
    return Store(out, Value::List(std::move(items)));
  }

  [[gnu::noinline]] const Value* EvalMap(const Expr& e, Value* out) {
    budget_->Allocate(e.args.size() * (sizeof(Value) + kMapIndexBytes));
    auto map = std::make_shared<ValueMap>();
    for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
      Value key_temp, value_temp;
      const Value* key = Eval(*e.args[i], &key_temp);
      if (key->is_error()) return Keep(key, &key_temp, out);
      const Value* value = Eval(*e.args[i + 1], &value_temp);
      if (value->is_error()) return Keep(value, &value_temp, out);
      switch (map->Add(*key, Take(value, &value_temp))) {
        case ValueMap::Insert::kInserted:
          break;
        case ValueMap::Insert::kDuplicate:
          return Fail(out, e.args[i]->offset, "repeated map key ", Describe(*key));
        case ValueMap::Insert::kBadKeyType:
          return Fail(out, e.args[i]->offset, "unsupported map key type '", KindName(key->kind()),
                      "'");
      }
    }
    return Store(out, Value::Map(std::move(map)));
  }

  // The iteration variable's slot in locals_, for the duration of one comprehension.
  class Scope {
   public:
    explicit Scope(std::vector<const Value*>* locals) : locals_(locals) {
      locals_->push_back(nullptr);
    }
    ~Scope() { locals_->pop_back(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    std::vector<const Value*>* locals_;
  };

  [[gnu::noinline]] const Value* EvalComprehension(const Expr& e, Value* out) {
    Value range_temp;  // the range, when computed: it must outlive the loop over its items
    const Value* range = Eval(*e.operand, &range_temp);
    if (range->is_error()) return Keep(range, &range_temp, out);
    ValueList keys;
    const ValueList* items;
    if (range->kind() == Kind::kList) {
      items = &range->list();
    } else if (range->kind() == Kind::kMap) {
      budget_->Allocate(range->map().size() * sizeof(Value));
      keys.reserve(range->map().size());
      for (const auto& entry : range->map().entries()) keys.push_back(entry.first);
      items = &keys;
    } else {
      return Fail(out, e.offset, "cannot iterate over a value of type '", KindName(range->kind()),
                  "'");
    }
    Scope scope(&locals_);
    switch (e.macro) {
      case Macro::kAll:
      case Macro::kExists:
        return Store(out, Quantify(e, *items, e.macro == Macro::kAll));
      case Macro::kExistsOne:
        return Store(out, ExistsOne(e, *items));
      default:
        return Store(out, Transform(e, *items));
    }
  }

  // all (&& over the elements) and exists (||), stopping once the result is decided; an error
  // in one element is absorbed if another element decides the result, as CEL specifies.
  Value Quantify(const Expr& e, const ValueList& items, bool is_and) {
    Value acc = Value::Bool(is_and);
    for (const Value& item : items) {
      if (budget_->exhausted()) break;
      locals_[e.slot] = &item;
      Value temp, combined;
      const Value* v = Combine(e, is_and, &acc, Eval(*e.args[0], &temp), &combined);
      if (v != &acc) acc = *v;
      if (Decides(acc, is_and)) break;
    }
    return acc;
  }

  Value ExistsOne(const Expr& e, const ValueList& items) {
    int64_t count = 0;
    for (const Value& item : items) {
      if (budget_->exhausted()) break;
      locals_[e.slot] = &item;
      Value temp;
      const Value* v = Eval(*e.args[0], &temp);
      if (v->is_error()) return *v;
      if (v->kind() != Kind::kBool) return PredicateError(e, *v);
      count += v->bool_value();
    }
    return Value::Bool(count == 1);
  }

  // map (with an optional filter) and filter.
  Value Transform(const Expr& e, const ValueList& items) {
    bool has_filter = e.macro != Macro::kMap;
    ValueList out;
    for (const Value& item : items) {
      if (budget_->exhausted()) break;
      locals_[e.slot] = &item;
      if (has_filter) {
        Value temp;
        const Value* keep = Eval(*e.args[0], &temp);
        if (keep->is_error()) return *keep;
        if (keep->kind() != Kind::kBool) return PredicateError(e, *keep);
        if (!keep->bool_value()) continue;
      }
      if (e.macro == Macro::kFilter) {
        out.push_back(item);
      } else {
        Value temp;
        const Value* v = Eval(*e.args.back(), &temp);
        if (v->is_error()) return *v;
        out.push_back(Take(v, &temp));
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

  const Value* const* globals_;
  Budget* budget_;
  std::vector<const Value*> locals_;  // the current item of each comprehension, by slot
};

// Looks each name of `globals` up in `activation` once, into `values`.
void ResolveGlobals(const std::vector<Global>& globals, const Activation& activation,
                    const Value** values) {
  for (size_t i = 0; i < globals.size(); ++i) {
    const Global& g = globals[i];
    const Value* v = nullptr;
    if (!g.qualified || activation.has_dotted_names()) v = activation.Find(g.name);
    if (v == nullptr && g.type) v = &*g.type;
    values[i] = v;
  }
}

}  // namespace

void Activation::Bind(std::string name, Value value) {
  dotted_ |= name.find('.') != std::string::npos;
  size_t hash = HashText(name);
  size_t i = index_.Find(hash, [&](size_t p) { return SameText(vars_[p].first, name); });
  if (i != HashIndex::kNone) {
    vars_[i].second = std::move(value);
    return;
  }
  vars_.emplace_back(std::move(name), std::move(value));
  index_.Add(hash);
}

const Value* Activation::Find(std::string_view name, size_t hash) const {
  size_t i = index_.Find(hash, [&](size_t p) { return SameText(vars_[p].first, name); });
  return i == HashIndex::kNone ? nullptr : &vars_[i].second;
}

const Value* Activation::Find(std::string_view name) const { return Find(name, HashText(name)); }

const Value* Activation::Find(const HashedName& name) const {
  return Find(name.text(), name.hash());
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
    auto compiled = std::make_shared<Program::Compiled>();
    Resolver resolver(expression, &compiled->globals);
    if (Status s = resolver.Resolve(*root); !s.ok()) {
      if (error_location != nullptr) *error_location = resolver.error_location();
      return s;
    }
    compiled->root = std::move(root);
    return Program(std::string(expression), std::move(compiled));
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
    // The variables, looked up once per evaluation; on the stack for most expressions.
    constexpr size_t kInlineGlobals = 16;
    std::array<const Value*, kInlineGlobals> inline_globals;
    std::vector<const Value*> heap_globals;
    const Value** globals = inline_globals.data();
    if (compiled_->globals.size() > kInlineGlobals) {
      heap_globals.resize(compiled_->globals.size());
      globals = heap_globals.data();
    }
    ResolveGlobals(compiled_->globals, activation, globals);
    Value temp;
    const Value* v = Evaluator(globals, &budget).Eval(*compiled_->root, &temp);
    if (budget.exceeded == Budget::Exceeded::kSteps) {
      return InvalidArgument("evaluation exceeded the cost limit of " +
                             std::to_string(options.cost_limit) + " steps");
    }
    if (budget.exceeded == Budget::Exceeded::kBytes) {
      return InvalidArgument("evaluation exceeded the memory limit of " +
                             std::to_string(options.memory_limit) + " bytes");
    }
    if (v->is_error()) {
      Location loc = LocationOf(source_, v->error().offset);
      if (error_location != nullptr) *error_location = loc;
      return InvalidArgument("evaluation error at " + DescribeLocation(loc) + ": " +
                             v->error().message);
    }
    return Take(v, &temp);
  } catch (const std::bad_alloc&) {
    return InvalidArgument("out of memory evaluating the expression");
  } catch (const std::exception& e) {
    return Internal(std::string("evaluating the expression: ") + e.what());
  }
}

}  // namespace proofline::cel
