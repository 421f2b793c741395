// Terraform plan JSON read into Resources (tfplan.h): one parse, resource_changes and the
// configuration indexed by address, then one walk of planned_values marking what is unknown.
#include "iac/tfplan.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <unordered_map>
#include <utility>

#include "base/files.h"
#include "base/json.h"

namespace proofline::iac {
namespace {

using Json = nlohmann::json;

constexpr int kMaxPlanDepth = 200;
constexpr const char* kKnownAfterApply = "${known after apply}";
constexpr uint64_t kMaxExactInteger = uint64_t{1} << 53;

// Whether arrays and objects in JSON text nest deeper than `limit` (strings skipped): checked
// before parsing, so the recursive walks below and serialising a body cannot exhaust the stack.
bool NestsDeeperThan(std::string_view text, int limit) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

// Whole numbers beyond 2^53 become their decimal text (tfplan.h): RFC 8785 JSON cannot carry
// them exactly (base/json.h), and a body must have a canonical form.
void Normalize(Json& v) {
  if (v.is_number_unsigned()) {
    if (v.get<uint64_t>() > kMaxExactInteger) v = std::to_string(v.get<uint64_t>());
  } else if (v.is_number_integer()) {
    const int64_t i = v.get<int64_t>();
    const auto max = static_cast<int64_t>(kMaxExactInteger);
    if (i > max || i < -max) v = std::to_string(i);
  } else if (v.is_number_float()) {
    const double a = std::fabs(v.get<double>());
    if (a > static_cast<double>(kMaxExactInteger) && a < 1e21 && std::floor(a) == a) v = v.dump();
  } else if (v.is_structured()) {
    for (Json& child : v) Normalize(child);
  }
}

// "module.a[\"x\"].module.b[0]" -> "module.a.module.b": the configuration address of a module
// instance.
std::string WithoutKeys(std::string_view address) {
  std::string out;
  out.reserve(address.size());
  bool in_key = false, quoted = false;
  for (size_t i = 0; i < address.size(); ++i) {
    const char c = address[i];
    if (!in_key) {
      if (c == '[') {
        in_key = true;
      } else {
        out += c;
      }
    } else if (quoted) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ']') {
      in_key = false;
    }
  }
  return out;
}

// A configuration expression ({"references": [...]}, {"constant_value": ...}): it stands for
// everything below it. Otherwise an expressions object is a block's arguments and an array the
// repeated blocks of a nested block type.
bool IsExpression(const Json& e) {
  return e.is_object() && (e.contains("references") || e.contains("constant_value"));
}

const Json* ExpressionAt(const Json* e, const std::string& key) {
  if (e == nullptr || IsExpression(*e)) return e;
  if (!e->is_object()) return nullptr;
  auto it = e->find(key);
  return it == e->end() ? nullptr : &*it;
}

const Json* ExpressionAt(const Json* e, size_t index) {
  if (e == nullptr || IsExpression(*e)) return e;
  return e->is_array() && index < e->size() ? &(*e)[index] : nullptr;
}

// The unknown value at a path whose configuration expression is `e`.
std::string Unknown(const Json* e) {
  if (e != nullptr && IsExpression(*e)) {
    const Json& refs = ArrayAt(*e, "references");
    if (!refs.empty() && refs[0].is_string() && !refs[0].get_ref<const std::string&>().empty()) {
      return "${" + refs[0].get<std::string>() + "}";
    }
  }
  return kKnownAfterApply;
}

// Writes an unknown value into `value` at every `true` leaf of `unknown` (after_unknown, which
// mirrors `after`), creating the members and elements the plan left out; `false` leaves and
// shapes that disagree with `value` keep what is known. Returns whether it wrote anything.
bool MarkUnknown(const Json& unknown, Json& value, const Json* expr) {
  if (unknown.is_boolean()) {
    if (!unknown.get<bool>()) return false;
    value = Unknown(expr);
    return true;
  }
  bool wrote = false;
  if (unknown.is_object()) {
    if (!value.is_object() && !value.is_null()) return false;
    for (const auto& [key, u] : unknown.items()) {
      if (value.is_object()) {
        if (auto it = value.find(key); it != value.end()) {
          wrote |= MarkUnknown(u, *it, ExpressionAt(expr, key));
          continue;
        }
      }
      Json fresh;
      if (!MarkUnknown(u, fresh, ExpressionAt(expr, key))) continue;
      if (value.is_null()) value = Json::object();
      value[key] = std::move(fresh);
      wrote = true;
    }
  } else if (unknown.is_array()) {
    if (!value.is_array() && !value.is_null()) return false;
    for (size_t i = 0; i < unknown.size(); ++i) {
      if (value.is_array() && i < value.size()) {
        wrote |= MarkUnknown(unknown[i], value[i], ExpressionAt(expr, i));
        continue;
      }
      Json fresh;
      if (!MarkUnknown(unknown[i], fresh, ExpressionAt(expr, i))) continue;
      if (value.is_null()) value = Json::array();
      while (value.size() < i) value.push_back(nullptr);
      value.push_back(std::move(fresh));
      wrote = true;
    }
  }
  return wrote;
}

class PlanReader {
 public:
  explicit PlanReader(std::string file) : file_(std::move(file)) {}

  Result<Inventory> Read(std::string_view text) {
    if (NestsDeeperThan(text, kMaxPlanDepth)) {
      return Bad("JSON nested deeper than " + std::to_string(kMaxPlanDepth) + " levels");
    }
    Json doc;
    try {
      doc = Json::parse(text);
    } catch (const Json::exception& e) {  // parse_error, or out_of_range for 1e400
      std::string what = e.what();  // "[json.exception.parse_error.101] parse error at line ..."
      if (size_t cut = what.find("] "); cut != std::string::npos) what.erase(0, cut + 2);
      return Bad("invalid JSON: " + what);
    }
    if (!doc.is_object()) return Bad("not a Terraform plan: the JSON is not an object");
    auto version = doc.find("format_version");
    if (version == doc.end() || !version->is_string()) {
      return Bad("not a Terraform plan: no format_version (write it with terraform show -json)");
    }
    if (!version->get_ref<const std::string&>().starts_with("1.")) {
      return Bad("format_version \"" + version->get<std::string>() +
                 "\" is not supported (1.x is read)");
    }
    const char* section = "planned_values";
    auto values = doc.find(section);
    if (values == doc.end()) {
      section = "values";  // terraform show -json of a state
      values = doc.find(section);
    }
    if (values == doc.end() || !values->is_object()) {
      return Bad("not a Terraform plan: no planned_values object");
    }
    for (const Json& change : ArrayAt(doc, "resource_changes")) {
      if (!change.is_object() || change.contains("deposed")) continue;
      const Json& after_unknown = ObjectAt(ObjectAt(change, "change"), "after_unknown");
      const std::string address = StringAt(change, "address");
      if (!after_unknown.empty() && !address.empty()) unknown_[address] = &after_unknown;
    }
    IndexConfiguration(ObjectAt(ObjectAt(doc, "configuration"), "root_module"), "");
    inv_.files.push_back(file_);
    inv_.bytes = text.size();
    auto root = values->find("root_module");
    if (root != values->end()) {
      RETURN_IF_ERROR(Module(*root, "", std::string(section) + ".root_module"));
    }
    return std::move(inv_);
  }

 private:
  Status Bad(const std::string& what) const { return InvalidArgument(file_ + ": " + what); }

  // The expressions of every configured resource by its configuration address
  // ("module.a.aws_s3_bucket.logs", no instance keys).
  void IndexConfiguration(const Json& module, const std::string& prefix) {
    for (const Json& r : ArrayAt(module, "resources")) {
      const std::string address = StringAt(r, "address");
      if (!address.empty()) config_[prefix + address] = &ObjectAt(r, "expressions");
    }
    for (const auto& [name, call] : ObjectAt(module, "module_calls").items()) {
      IndexConfiguration(ObjectAt(call, "module"), prefix + "module." + name + ".");
    }
  }

  Status Module(Json& module, const std::string& address, const std::string& where) {
    if (!module.is_object()) return Bad(where + " is not an object");
    if (auto it = module.find("resources"); it != module.end()) {
      if (!it->is_array()) return Bad(where + ".resources is not an array");
      for (size_t i = 0; i < it->size(); ++i) {
        RETURN_IF_ERROR(Add((*it)[i], address, where + ".resources[" + std::to_string(i) + "]"));
      }
    }
    if (auto it = module.find("child_modules"); it != module.end()) {
      if (!it->is_array()) return Bad(where + ".child_modules is not an array");
      for (size_t i = 0; i < it->size(); ++i) {
        Json& child = (*it)[i];
        const std::string at = where + ".child_modules[" + std::to_string(i) + "]";
        if (!child.is_object()) return Bad(at + " is not an object");
        auto a = child.find("address");
        if (a == child.end() || !a->is_string() || a->get_ref<const std::string&>().empty()) {
          return Bad(at + ": no string \"address\"");
        }
        RETURN_IF_ERROR(Module(child, a->get<std::string>(), at));
      }
    }
    return OkStatus();
  }

  Status Add(Json& r, const std::string& module, const std::string& where) {
    if (!r.is_object()) return Bad(where + " is not an object");
    for (const char* field : {"address", "mode", "type", "name"}) {
      auto it = r.find(field);
      if (it == r.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
        return Bad(where + ": no string \"" + field + "\"");
      }
    }
    const std::string& mode = r["mode"].get_ref<const std::string&>();
    if (mode != "managed" && mode != "data") return OkStatus();
    Resource out;
    out.kind = mode == "managed" ? "resource" : "data";
    out.type = r["type"].get<std::string>();
    out.name = r["name"].get<std::string>();
    out.address = r["address"].get<std::string>();
    out.module = module;
    out.file = file_;
    out.line = 1;
    out.planned = true;
    if (auto v = r.find("values"); v != r.end() && v->is_object()) out.body = std::move(*v);
    Normalize(out.body);
    if (auto u = unknown_.find(out.address); u != unknown_.end()) {
      std::string config = WithoutKeys(module);
      config += (config.empty() ? "" : ".") + std::string(mode == "data" ? "data." : "") +
                out.type + "." + out.name;
      auto c = config_.find(config);
      MarkUnknown(*u->second, out.body, c == config_.end() ? nullptr : c->second);
    }
    inv_.resources.push_back(std::move(out));
    return OkStatus();
  }

  std::string file_;
  Inventory inv_;
  std::unordered_map<std::string, const Json*> unknown_;  // address -> after_unknown
  std::unordered_map<std::string, const Json*> config_;   // configuration address -> expressions
};

}  // namespace

Result<Inventory> LoadTerraformPlanText(std::string_view file, std::string_view text) {
  return PlanReader(std::string(file)).Read(text);
}

Result<Inventory> LoadTerraformPlan(const std::string& path) {
  ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return LoadTerraformPlanText(path, text);
}

}  // namespace proofline::iac
