// Terraform modules read into Resources (terraform.h): walking directories, following local
// module calls, reading .tf.json files into the same syntax tree as .tf files, expanding count,
// for_each and dynamic blocks, and turning HCL bodies into Terraform's JSON syntax with the
// statically known values (variables, locals, merge, templates) resolved.
#include "iac/terraform.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "base/files.h"
#include "base/json.h"
#include "iac/hcl.h"

namespace proofline::iac {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using hcl::Expression;
using hcl::ExprKind;

// Bounds on what hostile configurations can make us do: recursion while resolving (locals that
// refer to locals), JSON nodes copied out of resolved values (locals that double at each step),
// module instances (diamonds of module calls), and what count, for_each and dynamic blocks make
// (instances of one block; attributes and blocks of all the copies in one load).
constexpr int kMaxEvalDepth = 400;
constexpr size_t kMaxCopiedNodes = 10'000'000;
constexpr int kMaxModuleInstances = 10'000;
constexpr size_t kMaxExpansion = 10'000;
constexpr size_t kMaxExpandedCost = 1'000'000;

struct SourceFile {
  std::string name;  // as reported
  std::string text;  // the parsed body holds views into it, so a SourceFile never moves
  // .tf.json: the string values parsed as templates (their trees hold views into them).
  std::deque<std::string> strings;
  bool json = false;
  hcl::Body body;
};

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool IsJsonSyntax(std::string_view name) { return EndsWith(name, ".tf.json"); }

// A file of a module: NAME.tf or NAME.tf.json.
bool IsConfigFile(const fs::path& p) {
  return p.extension() == ".tf" || IsJsonSyntax(p.filename().string());
}

struct ModuleDir {
  fs::path path;
  std::vector<std::unique_ptr<SourceFile>> files;  // the parsed ones, by name
};

// A resolved value and its size, kept once per module instance.
struct Memo {
  std::optional<Json> value;
  size_t nodes = 0;
};

size_t CountNodes(const Json& j) {
  size_t n = 1;
  if (j.is_structured()) {
    for (const Json& child : j) n += CountNodes(child);
  }
  return n;
}

Memo MakeMemo(std::optional<Json> value) {
  Memo m;
  if (value) m.nodes = CountNodes(*value);
  m.value = std::move(value);
  return m;
}

// One module instance: what its expressions can refer to.
struct Instance {
  std::string module;  // "" at the root, else "module.a" or "module.a.module.b"
  const ModuleDir* dir = nullptr;
  std::map<std::string, const Expression*, std::less<>> locals, defaults;
  std::map<std::string, Memo, std::less<>> args, local_values, default_values;
  std::set<std::string, std::less<>> resolving;
};

// A literal string in Terraform's JSON syntax, where strings are templates.
std::string EscapeTemplate(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if ((s[i] == '$' || s[i] == '%') && i + 1 < s.size() && s[i + 1] == '{') out += s[i];
  }
  return out;
}

// A number as a JSON value: whole ones up to 2^53 as integers; nullopt for those JSON cannot
// carry: infinite, or whole in (2^53, 1e21), which RFC 8785 prints as integers a double does not
// hold exactly (base/json.h), so a body holding one would have no canonical form.
std::optional<Json> NumberJson(double d) {
  const double a = std::fabs(d);
  if (!std::isfinite(d) || (d == std::floor(d) && a > 9007199254740992.0 && a < 1e21)) {
    return std::nullopt;
  }
  if (d == std::floor(d) && a <= 9007199254740992.0) return Json(static_cast<int64_t>(d));
  return Json(d);
}

std::optional<Json> NumberValue(std::string_view text) {
  double d = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return NumberJson(d);
}

// The text a scalar contributes to a template; nullopt for other values.
std::optional<std::string> TemplateText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
  return std::nullopt;
}

// Whether a string in the JSON syntax holds an interpolation or directive, i.e. a value not
// known statically ("$${" and "%%{" are escaped literals).
bool HasSequence(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] != '$' && s[i] != '%') continue;
    if (s[i + 1] == '{') return true;
    if (s[i + 1] == s[i] && i + 2 < s.size() && s[i + 2] == '{') i += 2;
  }
  return false;
}

// A value with no unresolved part anywhere.
bool IsKnown(const Json& v) {
  if (v.is_string()) return !HasSequence(v.get_ref<const std::string&>());
  if (v.is_structured()) {
    for (const Json& child : v) {
      if (!IsKnown(child)) return false;
    }
  }
  return true;
}

// The literal text of a JSON-syntax string ("$${" -> "${", "%%{" -> "%{").
std::string UnescapeTemplate(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if ((s[i] == '$' || s[i] == '%') && i + 2 < s.size() && s[i + 1] == s[i] && s[i + 2] == '{') {
      ++i;
    }
  }
  return out;
}

// A known bool, also from the strings "true"/"false" (Terraform converts them).
std::optional<bool> AsBool(const Json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string() && v == "true") return true;
  if (v.is_string() && v == "false") return false;
  return std::nullopt;
}

// A known number, also from a numeric string (Terraform converts it).
std::optional<double> AsNumber(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    std::optional<Json> n = NumberValue(v.get_ref<const std::string&>());
    if (n) return n->get<double>();
  }
  return std::nullopt;
}

bool IsInterpolation(const Expression& e) {
  return e.kind != ExprKind::kString && e.kind != ExprKind::kTemplateIf &&
         e.kind != ExprKind::kTemplateFor;
}

// Evaluates expressions of one module instance as far as they are statically known.
class Evaluator {
 public:
  Evaluator(Instance& in, size_t& copied) : in_(in), copied_(copied) {}

  // Binds NAME (count, each, a dynamic block's iterator) to `value`, an object ({"index": I} or
  // {"key": K, "value": V}) whose attributes NAME.index, NAME.key, NAME.value... resolve to, until
  // the matching Unbind. Inner bindings hide outer ones of the same name.
  void Bind(std::string name, Json value) {
    bindings_.emplace_back(std::move(name), std::move(value));
  }
  void Unbind() { bindings_.pop_back(); }

  // The JSON-syntax value of `e`: resolved, else "${SOURCE}".
  Json ToJson(const Expression& e, int depth = 0) {
    if (e.kind == ExprKind::kTemplate && e.items.size() == 1 && IsInterpolation(e.items[0])) {
      return ToJson(e.items[0], depth + 1);  // "${x}" is x itself
    }
    if (std::optional<Json> v = Eval(e, depth)) return std::move(*v);
    return "${" + std::string(e.source) + "}";
  }

  // The value of `e` if it can be known statically (a tuple or object may hold "${...}" parts).
  std::optional<Json> Eval(const Expression& e, int depth) {
    if (depth > kMaxEvalDepth) return std::nullopt;
    switch (e.kind) {
      case ExprKind::kNull:
        return Json(nullptr);
      case ExprKind::kBool:
        return Json(e.text == "true");
      case ExprKind::kNumber:
        return NumberValue(e.text);
      case ExprKind::kString:
        return Json(EscapeTemplate(e.text));
      case ExprKind::kTemplate:
        return Template(e, depth);
      case ExprKind::kTuple: {
        Json out = Json::array();
        for (const Expression& item : e.items) out.push_back(ToJson(item, depth + 1));
        return out;
      }
      case ExprKind::kObject:
        return Object(e, depth);
      case ExprKind::kParens:
        return Eval(e.items[0], depth + 1);
      case ExprKind::kUnary:
        return Unary(e, depth);
      case ExprKind::kVariable:
      case ExprKind::kGetAttr:
      case ExprKind::kIndex:
        return Traversal(e, depth);
      case ExprKind::kCall:
        return Call(e, depth);
      case ExprKind::kConditional: {
        std::optional<Json> c = Eval(e.items[0], depth + 1);
        std::optional<bool> b = c ? AsBool(*c) : std::nullopt;
        if (!b) return std::nullopt;
        return Eval(e.items[*b ? 1 : 2], depth + 1);
      }
      case ExprKind::kBinary:
        return Binary(e, depth);
      default:
        return std::nullopt;
    }
  }

 private:
  std::optional<Json> Template(const Expression& e, int depth) {
    if (e.items.size() == 1 && IsInterpolation(e.items[0])) return Eval(e.items[0], depth + 1);
    std::string out;
    for (const Expression& part : e.items) Render(part, depth + 1, out);
    return Json(std::move(out));
  }

  // Appends a template part: literals escaped, known scalars substituted, the rest as written.
  void Render(const Expression& part, int depth, std::string& out) {
    switch (part.kind) {
      case ExprKind::kString:
        out += EscapeTemplate(part.text);
        return;
      case ExprKind::kTemplateIf:
        out += "%{if " + std::string(part.items[0].source) + "}";
        RenderAll(part.items[1], depth, out);
        if (part.items.size() > 2) {
          out += "%{else}";
          RenderAll(part.items[2], depth, out);
        }
        out += "%{endif}";
        return;
      case ExprKind::kTemplateFor:
        out += "%{for ";
        if (!part.key_var.empty()) out += part.key_var + ", ";
        out += part.text + " in " + std::string(part.items[0].source) + "}";
        RenderAll(part.items[1], depth, out);
        out += "%{endfor}";
        return;
      default:
        if (std::optional<Json> v = Eval(part, depth + 1)) {
          if (std::optional<std::string> text = TemplateText(*v)) {
            out += *text;
            return;
          }
        }
        out += "${" + std::string(part.source) + "}";
    }
  }

  void RenderAll(const Expression& tmpl, int depth, std::string& out) {
    for (const Expression& part : tmpl.items) Render(part, depth + 1, out);
  }

  std::optional<Json> Object(const Expression& e, int depth) {
    Json out = Json::object();
    for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
      const Expression& k = e.items[i];
      std::string key;
      if (k.kind == ExprKind::kString) {
        key = k.text;
      } else {
        std::optional<Json> kv = Eval(k, depth + 1);
        std::optional<std::string> text = kv ? TemplateText(*kv) : std::nullopt;
        key = text ? std::move(*text) : "${" + std::string(k.source) + "}";  // as hcl2json does
      }
      out[key] = ToJson(e.items[i + 1], depth + 1);
    }
    return out;
  }

  std::optional<Json> Unary(const Expression& e, int depth) {
    std::optional<Json> v = Eval(e.items[0], depth + 1);
    if (!v) return std::nullopt;
    if (e.text == "-" && v->is_number_integer()) return Json(-v->get<int64_t>());
    if (e.text == "-" && v->is_number()) return Json(-v->get<double>());
    if (e.text == "!" && v->is_boolean()) return Json(!v->get<bool>());
    return std::nullopt;
  }

  // Operators on fully known operands (a value with an unresolved part compares as unknown).
  std::optional<Json> Binary(const Expression& e, int depth) {
    std::optional<Json> a = Eval(e.items[0], depth + 1);
    if (!a || !IsKnown(*a)) return std::nullopt;
    std::optional<Json> b = Eval(e.items[1], depth + 1);
    if (!b || !IsKnown(*b)) return std::nullopt;
    const std::string& op = e.text;
    if (op == "==" || op == "!=") return Json((*a == *b) == (op == "=="));
    if (op == "&&" || op == "||") {
      std::optional<bool> x = AsBool(*a), y = AsBool(*b);
      if (!x || !y) return std::nullopt;
      return Json(op == "&&" ? (*x && *y) : (*x || *y));
    }
    std::optional<double> x = AsNumber(*a), y = AsNumber(*b);
    if (!x || !y) return std::nullopt;
    if (op == "<") return Json(*x < *y);
    if (op == ">") return Json(*x > *y);
    if (op == "<=") return Json(*x <= *y);
    if (op == ">=") return Json(*x >= *y);
    if (op == "+") return NumberJson(*x + *y);
    if (op == "-") return NumberJson(*x - *y);
    if (op == "*") return NumberJson(*x * *y);
    if (op == "/" && *y != 0) return NumberJson(*x / *y);
    if (op == "%" && *y != 0) return NumberJson(std::fmod(*x, *y));
    return std::nullopt;
  }

  std::optional<Json> Call(const Expression& e, int depth) {
    if (e.flag) return std::nullopt;  // f(args...): the expansion is not followed
    if ((e.text == "tolist" || e.text == "toset" || e.text == "tomap") && e.items.size() == 1) {
      std::optional<Json> v = Eval(e.items[0], depth + 1);
      if (!v || (e.text == "tomap" ? !v->is_object() : !v->is_array())) return std::nullopt;
      if (e.text != "toset") return v;
      // A set of scalars, ordered and without duplicates as Terraform's; an element not yet
      // known could equal another, so such a set is unknown.
      for (const Json& item : *v) {
        if (!item.is_primitive() || item.is_null() || !IsKnown(item)) return std::nullopt;
      }
      std::sort(v->begin(), v->end());
      v->erase(std::unique(v->begin(), v->end()), v->end());
      return v;
    }
    if (e.text == "length" && e.items.size() == 1) {
      std::optional<Json> v = Eval(e.items[0], depth + 1);
      if (!v || !v->is_structured()) return std::nullopt;
      return Json(static_cast<int64_t>(v->size()));
    }
    if (e.text == "merge") {
      Json out = Json::object();
      for (const Expression& arg : e.items) {
        std::optional<Json> v = Eval(arg, depth + 1);
        if (!v || !v->is_object()) return std::nullopt;
        for (auto& [key, value] : v->items()) out[key] = std::move(value);
      }
      return out;
    }
    if (e.text == "jsonencode" && e.items.size() == 1) {
      std::optional<Json> v = Eval(e.items[0], depth + 1);
      if (!v) return std::nullopt;
      return Json(v->dump(-1, ' ', false, Json::error_handler_t::replace));
    }
    return std::nullopt;
  }

  // var.NAME... and local.NAME... followed by attribute and index steps.
  std::optional<Json> Traversal(const Expression& e, int depth) {
    std::vector<const Expression*> steps;
    const Expression* root = &e;
    while (root->kind == ExprKind::kGetAttr || root->kind == ExprKind::kIndex) {
      steps.push_back(root);
      root = &root->items[0];
    }
    if (root->kind != ExprKind::kVariable || steps.empty() ||
        steps.back()->kind != ExprKind::kGetAttr) {
      return std::nullopt;
    }
    std::string_view name = steps.back()->text;
    steps.pop_back();
    const Json* v = nullptr;
    if (root->text == "var") {
      v = Var(name, depth);
    } else if (root->text == "local") {
      v = Local(name, depth);
    } else if (const Json* bound = Bound(root->text)) {
      auto it = bound->find(name);
      v = it == bound->end() ? nullptr : &*it;
    }
    for (auto it = steps.rbegin(); v && it != steps.rend(); ++it) v = Step(*v, **it, depth);
    if (!v) return std::nullopt;
    return *v;
  }

  const Json* Step(const Json& v, const Expression& step, int depth) {
    if (step.kind == ExprKind::kGetAttr) {
      if (!v.is_object()) return nullptr;
      auto it = v.find(step.text);
      return it == v.end() ? nullptr : &*it;
    }
    std::optional<Json> key = Eval(step.items[1], depth + 1);
    if (!key) return nullptr;
    if (v.is_array() && key->is_number_integer()) {
      int64_t i = key->get<int64_t>();
      if (i < 0 || static_cast<uint64_t>(i) >= v.size()) return nullptr;
      return &v[static_cast<size_t>(i)];
    }
    if (v.is_object() && key->is_string()) {
      auto it = v.find(key->get<std::string>());
      return it == v.end() ? nullptr : &*it;
    }
    return nullptr;
  }

  const Json* Bound(std::string_view name) const {
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
      if (it->first == name) return &it->second;
    }
    return nullptr;
  }

  const Json* Var(std::string_view name, int depth) {
    if (auto arg = in_.args.find(name); arg != in_.args.end()) return Charge(arg->second);
    return Resolve(in_.defaults, in_.default_values, "var.", name, depth);
  }

  const Json* Local(std::string_view name, int depth) {
    return Resolve(in_.locals, in_.local_values, "local.", name, depth);
  }

  // Evaluates a named expression once per instance; a name met again while it is being
  // evaluated (a cycle) is unresolved.
  const Json* Resolve(const std::map<std::string, const Expression*, std::less<>>& exprs,
                      std::map<std::string, Memo, std::less<>>& memo, const char* prefix,
                      std::string_view name, int depth) {
    auto it = memo.find(name);
    if (it == memo.end()) {
      auto def = exprs.find(name);
      std::string key = prefix + std::string(name);
      if (def == exprs.end() || in_.resolving.count(key)) return nullptr;
      in_.resolving.insert(key);
      // Variables and locals cannot see count, each or iterators: the value is the same for
      // every instance, so it is evaluated without them and kept.
      std::deque<std::pair<std::string, Json>> outer;
      outer.swap(bindings_);
      Memo m = MakeMemo(Eval(*def->second, depth + 1));
      bindings_.swap(outer);
      in_.resolving.erase(key);
      it = memo.emplace(std::string(name), std::move(m)).first;
    }
    return Charge(it->second);
  }

  const Json* Charge(const Memo& m) {
    if (!m.value || copied_ + m.nodes > kMaxCopiedNodes) return nullptr;
    copied_ += m.nodes;
    return &*m.value;
  }

  Instance& in_;
  size_t& copied_;
  std::deque<std::pair<std::string, Json>> bindings_;
};

const hcl::Attribute* FindAttribute(const hcl::Body& body, std::string_view name) {
  for (const hcl::Attribute& a : body.attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

// An instance key as Terraform writes it in addresses: ["key"] with `"` and `\` escaped.
std::string InstanceKey(std::string_view key) {
  std::string out = "[\"";
  for (char c : key) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"]";
}

// Attributes and blocks of a body, nested ones included: what one copy of it costs.
size_t BodyCost(const hcl::Body& body) {
  size_t n = body.attributes.size();
  for (const hcl::Block& b : body.blocks) n += 1 + BodyCost(b.body);
  return n;
}

// What count, for_each and dynamic blocks make in one load: at most kMaxExpansion instances of
// one block and kMaxExpandedCost attributes and blocks in all the copies.
struct ExpansionBudget {
  size_t used = 0;
  // Charges `n` copies of a body costing `cost`; false (nothing charged) when over a bound.
  bool Take(size_t n, size_t cost) {
    if (n > kMaxExpansion) return false;
    const size_t total = n * std::max<size_t>(cost, 1);
    if (total > kMaxExpandedCost - used) return false;
    used += total;
    return true;
  }
};

std::string TooMany(const std::string& what, size_t n) {
  return what + " makes " + std::to_string(n) + " copies, too many to expand (at most " +
         std::to_string(kMaxExpansion) + " per block and " + std::to_string(kMaxExpandedCost) +
         " attributes in all): read as one";
}

// The instances the `count` or `for_each` meta-argument of a resource or module call makes.
struct Expansion {
  bool known = false;  // false: not statically known, read as one unexpanded instance
  std::string var;     // what the instances bind: "count", "each", or "" (no meta-argument)
  std::vector<std::pair<std::string, Json>> instances;  // address suffix, binding
  uint32_t line = 0;                                    // of the meta-argument
  std::string problem;  // a statically known value Terraform refuses, or too many instances
};

// A value for a problem's message: its JSON, cut at 60 bytes (not inside a UTF-8 character).
std::string Shown(const Json& v) {
  std::string text = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (text.size() <= 60) return text;
  size_t cut = 57;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut) + "...";
}

// `cost`: of one instance (BodyCost), charged to `budget` for each when expanded.
Expansion Expand(const hcl::Body& body, size_t cost, Evaluator& ev, ExpansionBudget& budget) {
  Expansion x;
  const hcl::Attribute* count = FindAttribute(body, "count");
  const hcl::Attribute* each = FindAttribute(body, "for_each");
  if (count == nullptr && each == nullptr) {
    x.known = true;
    x.instances.emplace_back("", nullptr);
    return x;
  }
  x.line = (count != nullptr ? count : each)->line;
  if (count != nullptr && each != nullptr) {
    x.problem = "count and for_each cannot both be set";
    return x;
  }
  // Charges n instances; false with the problem set when that is too many.
  auto take = [&](size_t n) {
    if (budget.Take(n, cost)) return true;
    x.problem = TooMany(count != nullptr ? "count" : "for_each", n);
    return false;
  };
  if (count != nullptr) {
    std::optional<Json> v = ev.Eval(count->value, 0);
    if (!v || !IsKnown(*v)) return x;
    std::optional<double> n = AsNumber(*v);
    if (!n || *n < 0 || *n != std::floor(*n)) {
      x.problem = "count must be a whole number, 0 or more, found " + Shown(*v);
      return x;
    }
    if (!take(static_cast<size_t>(std::min(*n, 1e15)))) return x;
    x.known = true;
    x.var = "count";
    for (size_t i = 0; i < static_cast<size_t>(*n); ++i) {
      x.instances.emplace_back("[" + std::to_string(i) + "]",
                               Json{{"index", static_cast<int64_t>(i)}});
    }
    return x;
  }
  std::optional<Json> v = ev.Eval(each->value, 0);
  if (!v) return x;
  if (v->is_object()) {
    for (const auto& [key, value] : v->items()) {
      if (HasSequence(key)) return x;  // a key not known statically
    }
    if (!take(v->size())) return x;
    for (auto& [key, value] : v->items()) {
      x.instances.emplace_back(InstanceKey(UnescapeTemplate(key)),
                               Json{{"key", key}, {"value", std::move(value)}});
    }
  } else if (v->is_array()) {
    std::vector<std::string> keys;
    for (const Json& item : *v) {
      if (!IsKnown(item)) return x;  // an element not known statically
      std::optional<std::string> key = TemplateText(item);
      if (!key) {
        x.problem = "for_each must be a map or a set of strings, found an element " + Shown(item);
        return x;
      }
      keys.push_back(std::move(*key));
    }
    std::sort(keys.begin(), keys.end());  // a set: ordered, no duplicates
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (!take(keys.size())) return x;
    for (std::string& key : keys) {
      x.instances.emplace_back(InstanceKey(UnescapeTemplate(key)),
                               Json{{"key", key}, {"value", key}});
    }
  } else {
    if (!IsKnown(*v)) return x;
    x.problem = "for_each must be a map or a set of strings, found " + Shown(*v);
    return x;
  }
  x.known = true;
  x.var = "each";
  return x;
}

// Writes HCL bodies in Terraform's JSON syntax (resource.h): attributes as values, nested blocks
// as arrays of objects under their type (labels become nested keys), dynamic blocks expanded.
class BodyWriter {
 public:
  BodyWriter(Evaluator& ev, ExpansionBudget& budget, const SourceFile& f, Inventory& inv,
             std::map<std::string, uint32_t>& lines)
      : ev_(ev), budget_(budget), f_(f), inv_(inv), lines_(lines) {}

  // `skip_meta`: count and for_each are left out (an expanded resource).
  void Write(const hcl::Body& body, const std::string& pointer, Json& out, bool skip_meta) {
    for (const hcl::Attribute& a : body.attributes) {
      if (skip_meta && (a.name == "count" || a.name == "for_each")) continue;
      std::string at = pointer + "/" + JsonPointerToken(a.name);
      out[a.name] = ev_.ToJson(a.value);
      lines_[at] = a.line;
      if (f_.json) ValueLines(a.value, at);
    }
    for (const hcl::Block& b : body.blocks) {
      if (b.type == "dynamic" && b.labels.size() == 1) {
        Dynamic(b, pointer, out);
      } else {
        Append(b.type, b.labels, b.body, b.line, pointer, out);
      }
    }
  }

 private:
  // One nested block appended under `type`.
  void Append(const std::string& type, const std::vector<std::string>& labels,
              const hcl::Body& body, uint32_t line, const std::string& pointer, Json& out) {
    Json& list = out[type];
    if (list.is_null()) list = Json::array();
    if (!list.is_array()) return;  // an attribute of the same name (Terraform refuses both)
    std::string at = pointer + "/" + JsonPointerToken(type) + "/" + std::to_string(list.size());
    lines_[at] = line;
    Json entry = Json::object();
    Json* content = &entry;
    for (const std::string& label : labels) {
      at += "/" + JsonPointerToken(label);
      lines_[at] = line;
      content = &(*content)[label];
      *content = Json::object();
    }
    Write(body, at, *content, false);
    list.push_back(std::move(entry));
  }

  // dynamic "LABEL" { for_each = X, iterator = I, labels = [...], content { ... } }: one LABEL
  // block per element of a known X with I.key/I.value bound, else one with them unresolved.
  void Dynamic(const hcl::Block& b, const std::string& pointer, Json& out) {
    const std::string& label = b.labels[0];
    const hcl::Attribute* for_each = FindAttribute(b.body, "for_each");
    const hcl::Block* content = nullptr;
    for (const hcl::Block& c : b.body.blocks) {
      if (c.type == "content" && c.labels.empty()) {
        content = &c;
        break;
      }
    }
    if (for_each == nullptr || content == nullptr) {
      inv_.problems.push_back(
          {f_.name, b.line, "dynamic \"" + label + "\" needs for_each and a content block"});
      return;
    }
    std::string iterator = label;
    if (const hcl::Attribute* it = FindAttribute(b.body, "iterator")) {
      // A bare name in .tf, a string in .tf.json.
      if (it->value.kind == ExprKind::kVariable || it->value.kind == ExprKind::kString) {
        iterator = it->value.text;
      }
    }
    const hcl::Attribute* labels = FindAttribute(b.body, "labels");
    std::optional<Json> v = ev_.Eval(for_each->value, 0);
    if (!v || !v->is_structured()) {
      Append(label, Labels(labels), content->body, b.line, pointer, out);
      return;
    }
    if (!budget_.Take(v->size(), BodyCost(content->body))) {
      inv_.problems.push_back(
          {f_.name, for_each->line, TooMany("dynamic \"" + label + "\"", v->size())});
      Append(label, Labels(labels), content->body, b.line, pointer, out);
      return;
    }
    size_t index = 0;
    for (auto& [key, value] : v->items()) {
      // A list or set's key is the element's index (a set is a list once resolved).
      Json k = v->is_array() ? Json(static_cast<int64_t>(index++)) : Json(key);
      ev_.Bind(iterator, Json{{"key", std::move(k)}, {"value", std::move(value)}});
      Append(label, Labels(labels), content->body, b.line, pointer, out);
      ev_.Unbind();
    }
  }

  std::vector<std::string> Labels(const hcl::Attribute* labels) {
    std::vector<std::string> out;
    if (labels == nullptr) return out;
    Json v = ev_.ToJson(labels->value);
    if (!v.is_array()) return out;
    for (const Json& item : v) {
      std::optional<std::string> text = TemplateText(item);
      out.push_back(text ? std::move(*text) : "${" + std::string(labels->value.source) + "}");
    }
    return out;
  }

  // .tf.json: the line of every key and element of a literal object or array value.
  void ValueLines(const Expression& e, const std::string& at) {
    if (e.kind == ExprKind::kObject) {
      for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
        std::string p = at + "/" + JsonPointerToken(e.items[i].text);
        lines_[p] = e.items[i].line;
        ValueLines(e.items[i + 1], p);
      }
    } else if (e.kind == ExprKind::kTuple) {
      for (size_t i = 0; i < e.items.size(); ++i) {
        std::string p = at + "/" + std::to_string(i);
        lines_[p] = e.items[i].line;
        ValueLines(e.items[i], p);
      }
    }
  }

  Evaluator& ev_;
  ExpansionBudget& budget_;
  const SourceFile& f_;
  Inventory& inv_;
  std::map<std::string, uint32_t>& lines_;
};

// Terraform's JSON configuration syntax (.tf.json, hcl.h ParseJson) turned into the native
// syntax tree the loader reads, as Terraform's own decoder does for the blocks it knows:
//   {"resource"|"data": {"T": {"N": BODY}}}, {"provider": {"T": BODY}}, {"module": {"N": BODY}},
//   {"variable": {"N": BODY}}, {"locals": BODY}; other top-level keys (terraform, output, ...)
//   are not read. At every level an array of objects stands for repeated ones.
//   BODY members are attributes whose strings are templates (ParseTemplate), except
//   "dynamic": {"LABEL": {"for_each": ..., "iterator": "I", "content": BODY}}, read as the
//   native dynamic block, and a variable's "default", a literal. "//" members are comments.
//   Nested blocks stay the objects or arrays written (Terraform needs the provider's schema to
//   tell them from object attributes); checks read both alike.
// A block's line is its last label's key ("N"), an attribute's its key's.
class JsonSyntax {
 public:
  explicit JsonSyntax(SourceFile& f) : f_(f) {}

  // f.body from the JSON tree `root`; false with error() set at the first problem.
  bool Convert(Expression& root) {
    if (root.kind != ExprKind::kObject) {
      return Fail(root.line, "a .tf.json file must hold a JSON object");
    }
    return Members(root, [&](Expression& key, Expression& value) {
      const std::string& k = key.text;
      std::vector<std::string> labels;
      if (k == "resource" || k == "data") return Blocks(value, k, 2, labels, key.line, kResource);
      if (k == "provider") return Blocks(value, k, 1, labels, key.line, kResource);
      if (k == "module") return Blocks(value, k, 1, labels, key.line, kPlain);
      if (k == "variable") return Blocks(value, k, 1, labels, key.line, kVariable);
      if (k == "locals") return Blocks(value, k, 0, labels, key.line, kPlain);
      return true;
    });
  }

  const hcl::SyntaxError& error() const { return error_; }

 private:
  enum BodyKind { kResource, kPlain, kVariable, kDynamic };

  bool Fail(uint32_t line, std::string what) {
    error_ = {line, std::move(what)};
    return false;
  }

  // Calls f(key, value) for each member of the object `obj` but "//" comments.
  template <typename F>
  bool Members(Expression& obj, F f) {
    for (size_t i = 0; i + 1 < obj.items.size(); i += 2) {
      if (obj.items[i].text == "//") continue;
      if (!f(obj.items[i], obj.items[i + 1])) return false;
    }
    return true;
  }

  // `v` holds blocks of `type` with `more` labels still to read below `labels`.
  bool Blocks(Expression& v, const std::string& type, size_t more, std::vector<std::string>& labels,
              uint32_t line, BodyKind kind) {
    auto one = [&](Expression& obj) {
      if (obj.kind != ExprKind::kObject) {
        return Fail(obj.line, type + (labels.empty() ? "" : " \"" + labels.back() + "\"") +
                                  ": expected an object, found " + KindName(obj));
      }
      if (more == 0) return AddBlock(obj, type, labels, line, kind);
      return Members(obj, [&](Expression& key, Expression& value) {
        labels.push_back(key.text);
        bool ok = Blocks(value, type, more - 1, labels, key.line, kind);
        labels.pop_back();
        return ok;
      });
    };
    if (v.kind != ExprKind::kTuple) return one(v);
    for (Expression& item : v.items) {
      if (!one(item)) return false;
    }
    return true;
  }

  bool AddBlock(Expression& obj, const std::string& type, const std::vector<std::string>& labels,
                uint32_t line, BodyKind kind) {
    hcl::Block b;
    b.type = type;
    b.labels = labels;
    b.line = line;
    if (!Body(obj, kind, b.body)) return false;
    body_stack_.empty() ? f_.body.blocks.push_back(std::move(b))
                        : body_stack_.back()->blocks.push_back(std::move(b));
    return true;
  }

  bool Body(Expression& obj, BodyKind kind, hcl::Body& body) {
    body_stack_.push_back(&body);
    std::unordered_map<std::string, size_t> index;  // attribute name -> position
    std::vector<std::string> none;
    bool ok = Members(obj, [&](Expression& key, Expression& value) {
      if (kind == kResource && key.text == "dynamic") {
        return Blocks(value, "dynamic", 1, none, key.line, kDynamic);
      }
      if (kind == kDynamic && key.text == "content") {
        return Blocks(value, "content", 0, none, key.line, kResource);
      }
      if (kind == kVariable && key.text != "default") return true;
      if (!Templates(value, kind != kVariable)) return false;
      hcl::Attribute a;
      a.name = key.text;
      a.line = key.line;
      a.value = std::move(value);
      // A repeated key: the last one counts, as in a JSON object.
      auto [it, fresh] = index.try_emplace(a.name, body.attributes.size());
      if (fresh) {
        body.attributes.push_back(std::move(a));
      } else {
        body.attributes[it->second] = std::move(a);
      }
      return true;
    });
    body_stack_.pop_back();
    return ok;
  }

  // Replaces every string of `e` (object keys aside) by the template it is.
  bool Templates(Expression& e, bool templates) {
    if (e.kind == ExprKind::kString && templates) {
      f_.strings.push_back(std::move(e.text));
      hcl::SyntaxError error;
      Result<Expression> t = hcl::ParseTemplate(f_.strings.back(), f_.name, e.line, &error);
      if (!t.ok()) return Fail(error.line, error.what);
      e = std::move(*t);
    } else if (e.kind == ExprKind::kObject) {
      for (size_t i = 1; i < e.items.size(); i += 2) {
        if (!Templates(e.items[i], templates)) return false;
      }
    } else if (e.kind == ExprKind::kTuple) {
      for (Expression& item : e.items) {
        if (!Templates(item, templates)) return false;
      }
    }
    return true;
  }

  static std::string KindName(const Expression& e) {
    switch (e.kind) {
      case ExprKind::kTuple:
        return "an array";
      case ExprKind::kString:
        return "a string";
      case ExprKind::kNumber:
        return "a number";
      case ExprKind::kBool:
        return "a bool";
      default:
        return "null";
    }
  }

  SourceFile& f_;
  std::vector<hcl::Body*> body_stack_;  // the bodies being filled, innermost last
  hcl::SyntaxError error_;
};

bool IsLocalSource(std::string_view source) {
  return source.substr(0, 2) == "./" || source.substr(0, 3) == "../";
}

// The literal source of a module call, or "".
std::string LiteralSource(const hcl::Block& call) {
  const hcl::Attribute* source = FindAttribute(call.body, "source");
  return source && source->value.kind == ExprKind::kString ? source->value.text : "";
}

fs::path Normal(const fs::path& p) {
  fs::path n = p.lexically_normal();
  if (n.has_parent_path() && !n.has_filename()) n = n.parent_path();  // "a/b/" -> "a/b"
  return n;
}

bool IsModuleArgument(std::string_view name) {
  return name != "source" && name != "version" && name != "count" && name != "for_each" &&
         name != "providers" && name != "depends_on";
}

// Reads one scan root: directories parsed once, module instances resolved from them.
class Loader {
 public:
  Loader(Inventory& inv, size_t& copied) : inv_(inv), copied_(copied) {}

  void LoadTree(const fs::path& root) {
    root_ = Normal(root);
    relative_ = true;
    std::vector<fs::path> dirs = WalkTree();
    std::set<fs::path> called;
    for (const fs::path& d : dirs) {
      const ModuleDir* dir = LoadDir(d);
      for (const auto& f : dir->files) {
        for (const hcl::Block& b : f->body.blocks) {
          std::string source = b.type == "module" ? LiteralSource(b) : "";
          if (IsLocalSource(source)) called.insert(Normal(d / source));
        }
      }
    }
    for (const fs::path& d : dirs) {
      if (!called.count(d)) Instantiate(LoadDir(d), Instance{});
    }
  }

  void LoadFile(const std::string& path) {
    auto dir = std::make_unique<ModuleDir>();
    dir->path = Normal(fs::path(path).parent_path());
    if (auto f = ReadSource(path, path)) dir->files.push_back(std::move(f));
    Instantiate(Adopt(std::move(dir)), Instance{});
  }

  void LoadText(std::string_view file, std::string_view text) {
    follow_modules_ = false;
    auto dir = std::make_unique<ModuleDir>();
    if (auto f = ParseSource(std::string(file), std::string(text))) {
      dir->files.push_back(std::move(f));
    }
    Instantiate(Adopt(std::move(dir)), Instance{});
  }

 private:
  void Problem(const std::string& file, uint32_t line, std::string message) {
    inv_.problems.push_back({file, line, std::move(message)});
  }

  std::string NameOf(const fs::path& p) const {
    if (!relative_) return p.generic_string();
    fs::path rel = p.lexically_relative(root_);
    return rel.empty() ? p.generic_string() : rel.generic_string();
  }

  // Every directory under the root holding .tf or .tf.json files, sorted.
  std::vector<fs::path> WalkTree() {
    std::set<fs::path> found;
    std::error_code ec;
    auto options = fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it(root_, options, ec), end; !ec && it != end;
         it.increment(ec)) {
      const fs::directory_entry& entry = *it;
      std::error_code type_ec;
      if (entry.is_directory(type_ec)) {
        std::string name = entry.path().filename().string();
        if (name == ".terraform" || name == ".git") it.disable_recursion_pending();
      } else if (IsConfigFile(entry.path()) && entry.is_regular_file(type_ec)) {
        found.insert(Normal(entry.path().parent_path()));
      }
    }
    if (ec) Problem(NameOf(root_), 0, "cannot walk the directory: " + ec.message());
    return {found.begin(), found.end()};
  }

  const ModuleDir* Adopt(std::unique_ptr<ModuleDir> dir) {
    const ModuleDir* raw = dir.get();
    owned_.push_back(std::move(dir));
    return raw;
  }

  // The parsed .tf and .tf.json files of a directory, read once, in name order; nullptr if it is
  // not a directory.
  const ModuleDir* LoadDir(const fs::path& path) {
    std::string key = path.string();
    if (auto it = dirs_.find(key); it != dirs_.end()) return it->second;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return nullptr;
    std::vector<fs::path> tf;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code type_ec;
      if (IsConfigFile(it->path()) && it->is_regular_file(type_ec)) tf.push_back(it->path());
    }
    std::sort(tf.begin(), tf.end());
    auto dir = std::make_unique<ModuleDir>();
    dir->path = path;
    for (const fs::path& p : tf) {
      if (auto f = ReadSource(p.string(), NameOf(p))) dir->files.push_back(std::move(f));
    }
    const ModuleDir* raw = Adopt(std::move(dir));
    dirs_.emplace(key, raw);
    return raw;
  }

  std::unique_ptr<SourceFile> ReadSource(const std::string& path, const std::string& name) {
    Result<std::string> text = ReadFile(path);
    if (!text.ok()) {
      Problem(name, 0, text.status().message());
      return nullptr;
    }
    return ParseSource(name, std::move(*text));
  }

  std::unique_ptr<SourceFile> ParseSource(std::string name, std::string text) {
    inv_.files.push_back(name);
    inv_.bytes += text.size();
    auto f = std::make_unique<SourceFile>();
    f->name = std::move(name);
    f->text = std::move(text);
    hcl::SyntaxError error;
    if (IsJsonSyntax(f->name)) {
      f->json = true;
      Result<Expression> root = hcl::ParseJson(f->text, f->name, &error);
      if (!root.ok()) {
        Problem(f->name, error.line, "invalid JSON: " + error.what);
        return nullptr;
      }
      JsonSyntax syntax(*f);
      if (!syntax.Convert(*root)) {
        Problem(f->name, syntax.error().line, syntax.error().what);
        return nullptr;
      }
      return f;
    }
    Result<hcl::Body> body = hcl::Parse(f->text, f->name, &error);
    if (!body.ok()) {
      Problem(f->name, error.line, error.what);
      return nullptr;
    }
    f->body = std::move(*body);
    return f;
  }

  void Instantiate(const ModuleDir* dir, Instance in) {
    in.dir = dir;
    for (const auto& f : dir->files) {
      for (const hcl::Block& b : f->body.blocks) {
        if (b.type == "variable" && b.labels.size() == 1) {
          if (const hcl::Attribute* d = FindAttribute(b.body, "default")) {
            in.defaults[b.labels[0]] = &d->value;
          }
        } else if (b.type == "locals") {
          for (const hcl::Attribute& a : b.body.attributes) in.locals[a.name] = &a.value;
        }
      }
    }
    Evaluator ev(in, copied_);
    for (const auto& f : dir->files) {
      for (const hcl::Block& b : f->body.blocks) {
        if (b.type == "resource" || b.type == "data" || b.type == "provider") {
          AddResource(in, *f, b, ev);
        } else if (b.type == "module") {
          CallModule(in, *f, b, ev);
        }
      }
    }
  }

  void AddResource(const Instance& in, const SourceFile& f, const hcl::Block& b, Evaluator& ev) {
    size_t want = b.type == "provider" ? 1 : 2;
    if (b.labels.size() != want) {
      Problem(f.name, b.line,
              b.type + " block needs " +
                  (want == 1 ? "1 label (the provider)" : "2 labels (type and name)") + ", found " +
                  std::to_string(b.labels.size()));
      return;
    }
    std::string prefix = in.module.empty() ? "" : in.module + ".";
    if (b.type == "provider") {
      Resource r = NewResource(in, f, b, ev, false);
      const Json* alias = r.body.contains("alias") ? &r.body["alias"] : nullptr;
      r.name = alias && alias->is_string() ? alias->get<std::string>() : "default";
      r.address = prefix + "provider." + r.type + (alias ? "." + r.name : "");
      inv_.resources.push_back(std::move(r));
      return;
    }
    const std::string address =
        prefix + (b.type == "data" ? "data." : "") + b.labels[0] + "." + b.labels[1];
    Expansion x = Expand(b.body, BodyCost(b.body), ev, budget_);
    if (!x.problem.empty()) Problem(f.name, x.line, x.problem);
    if (!x.known) {  // one resource, count and for_each kept, count.index and each.* unresolved
      Resource r = NewResource(in, f, b, ev, false);
      r.name = b.labels[1];
      r.address = address;
      inv_.resources.push_back(std::move(r));
      return;
    }
    for (auto& [suffix, binding] : x.instances) {
      if (!x.var.empty()) ev.Bind(x.var, std::move(binding));
      Resource r = NewResource(in, f, b, ev, true);
      if (!x.var.empty()) ev.Unbind();
      r.name = b.labels[1];
      r.address = address + suffix;
      inv_.resources.push_back(std::move(r));
    }
  }

  Resource NewResource(const Instance& in, const SourceFile& f, const hcl::Block& b, Evaluator& ev,
                       bool skip_meta) {
    Resource r;
    r.kind = b.type;
    r.type = b.labels[0];
    r.module = in.module;
    r.file = f.name;
    r.line = b.line;
    BodyWriter(ev, budget_, f, inv_, r.lines).Write(b.body, "", r.body, skip_meta);
    return r;
  }

  void CallModule(const Instance& parent, const SourceFile& f, const hcl::Block& b, Evaluator& ev) {
    std::string source = LiteralSource(b);
    if (!follow_modules_ || !IsLocalSource(source) || b.labels.size() != 1) return;
    std::string call = "module \"" + b.labels[0] + "\"";
    fs::path path = Normal(parent.dir->path / source);
    const ModuleDir* dir = LoadDir(path);
    if (!dir) {
      Problem(f.name, b.line, call + ": local source \"" + source + "\" is not a directory");
      return;
    }
    if (std::find(active_.begin(), active_.end(), dir) != active_.end() || dir == parent.dir) {
      Problem(f.name, b.line, call + ": \"" + source + "\" is already being read (a module cycle)");
      return;
    }
    // Module instances are bounded by kMaxModuleInstances; each costs 1 here.
    Expansion x = Expand(b.body, 1, ev, budget_);
    if (!x.problem.empty()) Problem(f.name, x.line, x.problem);
    if (!x.known) {  // one instance, its arguments' count.index and each.* unresolved
      x.var.clear();
      x.instances.assign(1, {"", nullptr});
    }
    const std::string module =
        (parent.module.empty() ? "" : parent.module + ".") + "module." + b.labels[0];
    for (auto& [suffix, binding] : x.instances) {
      if (++instances_ > kMaxModuleInstances) {
        if (instances_ == kMaxModuleInstances + 1) {
          Problem(f.name, b.line, "more than 10000 module instances: the rest are not read");
        }
        return;
      }
      Instance child;
      child.module = module + suffix;
      if (!x.var.empty()) ev.Bind(x.var, std::move(binding));
      for (const hcl::Attribute& a : b.body.attributes) {
        if (IsModuleArgument(a.name)) child.args[a.name] = MakeMemo(ev.Eval(a.value, 0));
      }
      if (!x.var.empty()) ev.Unbind();
      active_.push_back(parent.dir);
      Instantiate(dir, std::move(child));
      active_.pop_back();
    }
  }

  Inventory& inv_;
  size_t& copied_;
  fs::path root_;
  bool relative_ = false;
  bool follow_modules_ = true;
  int instances_ = 0;
  ExpansionBudget budget_;
  std::map<std::string, const ModuleDir*> dirs_;
  std::vector<std::unique_ptr<ModuleDir>> owned_;
  std::vector<const ModuleDir*> active_;  // the callers of the instance being read
};

void Finalize(Inventory& inv) {
  std::sort(inv.files.begin(), inv.files.end());
  inv.files.erase(std::unique(inv.files.begin(), inv.files.end()), inv.files.end());
}

}  // namespace

Result<Inventory> LoadTerraform(const std::vector<std::string>& paths) {
  Inventory inv;
  size_t copied = 0;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (!fs::exists(status)) return NotFound(path + ": no such file or directory");
    Loader loader(inv, copied);
    if (fs::is_directory(status)) {
      loader.LoadTree(path);
    } else if (IsConfigFile(fs::path(path))) {
      loader.LoadFile(path);
    }
  }
  Finalize(inv);
  return inv;
}

Inventory LoadTerraformText(std::string_view file, std::string_view text) {
  Inventory inv;
  size_t copied = 0;
  Loader(inv, copied).LoadText(file, text);
  Finalize(inv);
  return inv;
}

}  // namespace proofline::iac
