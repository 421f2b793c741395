// Terraform modules read into Resources (terraform.h): walking directories, following local
// module calls, and turning HCL bodies into Terraform's JSON syntax with the statically known
// values (variables, locals, merge, templates) resolved.
#include "iac/terraform.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <system_error>
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
// and module instances (diamonds of module calls).
constexpr int kMaxEvalDepth = 400;
constexpr size_t kMaxCopiedNodes = 10'000'000;
constexpr int kMaxModuleInstances = 10'000;

struct SourceFile {
  std::string name;  // as reported
  std::string text;  // the parsed body holds views into it, so a SourceFile never moves
  hcl::Body body;
};

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

std::optional<Json> NumberValue(std::string_view text) {
  double d = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(d)) {
    return std::nullopt;
  }
  if (d == std::floor(d) && std::fabs(d) <= 9007199254740992.0) {
    return Json(static_cast<int64_t>(d));
  }
  return Json(d);
}

// The text a scalar contributes to a template; nullopt for other values.
std::optional<std::string> TemplateText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return std::string(v.get<bool>() ? "true" : "false");
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return v.dump();
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

  std::optional<Json> Call(const Expression& e, int depth) {
    if (e.flag) return std::nullopt;  // f(args...): the expansion is not followed
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
    if (root->text == "var") v = Var(name, depth);
    if (root->text == "local") v = Local(name, depth);
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
      Memo m = MakeMemo(Eval(*def->second, depth + 1));
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
};

const hcl::Attribute* FindAttribute(const hcl::Body& body, std::string_view name) {
  for (const hcl::Attribute& a : body.attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

// Nested blocks become arrays under their type; labels become nested keys.
void BodyToJson(const hcl::Body& body, const std::string& pointer, Json& out,
                std::map<std::string, uint32_t>& lines, Evaluator& ev) {
  for (const hcl::Attribute& a : body.attributes) {
    out[a.name] = ev.ToJson(a.value);
    lines[pointer + "/" + JsonPointerToken(a.name)] = a.line;
  }
  for (const hcl::Block& b : body.blocks) {
    Json& list = out[b.type];
    if (list.is_null()) list = Json::array();
    if (!list.is_array()) continue;  // an attribute of the same name (Terraform refuses both)
    std::string at = pointer + "/" + JsonPointerToken(b.type) + "/" + std::to_string(list.size());
    lines[at] = b.line;
    Json entry = Json::object();
    Json* content = &entry;
    for (const std::string& label : b.labels) {
      at += "/" + JsonPointerToken(label);
      lines[at] = b.line;
      content = &(*content)[label];
      *content = Json::object();
    }
    BodyToJson(b.body, at, *content, lines, ev);
    list.push_back(std::move(entry));
  }
}

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

  // Every directory under the root holding .tf files, sorted.
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
      } else if (entry.path().extension() == ".tf" && entry.is_regular_file(type_ec)) {
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

  // The parsed .tf files of a directory, read once; nullptr if it is not a directory.
  const ModuleDir* LoadDir(const fs::path& path) {
    std::string key = path.string();
    if (auto it = dirs_.find(key); it != dirs_.end()) return it->second;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return nullptr;
    std::vector<fs::path> tf;
    for (fs::directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code type_ec;
      if (it->path().extension() == ".tf" && it->is_regular_file(type_ec)) tf.push_back(it->path());
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
    Resource r;
    r.kind = b.type;
    r.type = b.labels[0];
    r.module = in.module;
    r.file = f.name;
    r.line = b.line;
    BodyToJson(b.body, "", r.body, r.lines, ev);
    std::string prefix = in.module.empty() ? "" : in.module + ".";
    if (b.type == "provider") {
      const Json* alias = r.body.contains("alias") ? &r.body["alias"] : nullptr;
      r.name = alias && alias->is_string() ? alias->get<std::string>() : "default";
      r.address = prefix + "provider." + r.type + (alias ? "." + r.name : "");
    } else {
      r.name = b.labels[1];
      r.address = prefix + (b.type == "data" ? "data." : "") + r.type + "." + r.name;
    }
    inv_.resources.push_back(std::move(r));
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
    if (++instances_ > kMaxModuleInstances) {
      if (instances_ == kMaxModuleInstances + 1) {
        Problem(f.name, b.line, "more than 10000 module instances: the rest are not read");
      }
      return;
    }
    Instance child;
    child.module = (parent.module.empty() ? "" : parent.module + ".") + "module." + b.labels[0];
    for (const hcl::Attribute& a : b.body.attributes) {
      if (IsModuleArgument(a.name)) child.args[a.name] = MakeMemo(ev.Eval(a.value, 0));
    }
    active_.push_back(parent.dir);
    Instantiate(dir, std::move(child));
    active_.pop_back();
  }

  Inventory& inv_;
  size_t& copied_;
  fs::path root_;
  bool relative_ = false;
  bool follow_modules_ = true;
  int instances_ = 0;
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
    } else if (fs::path(path).extension() == ".tf") {
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
