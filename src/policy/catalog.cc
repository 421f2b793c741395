// Loads control catalogs from YAML (yaml-cpp) strictly, compiling every expression at load so a
// broken catalog is refused before any change is judged by it; merges overrides by control id.
#include "policy/catalog.h"

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <set>

#include "base/text.h"
#include "base/yaml_check.h"
#include "evidence/kinds.h"
#include "policy/facts.h"
#include "risk/config.h"

namespace proofline::policy {
namespace {

// yaml-cpp reports errors by throwing; every node access happens inside ParseCatalog's try.
class Loader {
 public:
  explicit Loader(std::string source) : source_(std::move(source)) {}
  Result<Catalog> Load(const YAML::Node& root);

 private:
  Status Err(const YAML::Node& at, const std::string& what) const {
    return InvalidArgument(source_ + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }
  Status CheckKeys(const YAML::Node& map, const std::string& where,
                   const std::set<std::string>& allowed) const;
  Result<std::string> Text(const YAML::Node& parent, const char* key, const std::string& where,
                           bool required) const;
  Result<std::vector<std::string>> Texts(const YAML::Node& parent, const char* key,
                                         const std::string& where) const;
  Result<cel::Program> Expression(const YAML::Node& node, const std::string& where) const;
  Result<EvidenceNeed> Need(const YAML::Node& node, const std::string& text,
                            const std::string& where) const;
  Result<Json> ParamValue(const YAML::Node& node, const std::string& where) const;
  Status LoadParams(const YAML::Node& node, const std::string& where, Json* params) const;
  Status CheckParamUses(const YAML::Node& at, const std::string& where, const std::string& text,
                        const Json& params, bool in_reason) const;
  Result<Control> LoadControl(const YAML::Node& node, size_t n);
  std::string Origin(const YAML::Node& node) const {
    return source_ + ":" + std::to_string(node.Mark().line + 1);
  }

 public:
  Result<PolicyConfig> LoadPolicy(const YAML::Node& root) const;

 private:
  std::string source_;
};

Status Loader::CheckKeys(const YAML::Node& map, const std::string& where,
                         const std::set<std::string>& allowed) const {
  if (!map.IsMap()) return Err(map, where + ": must be a mapping");
  if (auto unknown = UnknownKeys(map, allowed); !unknown.empty()) {
    return Err(unknown[0], where + ": unknown key '" + unknown[0].Scalar() + "'");
  }
  return OkStatus();
}

Result<std::string> Loader::Text(const YAML::Node& parent, const char* key,
                                 const std::string& where, bool required) const {
  const YAML::Node node = parent[key];
  if (!node) {
    if (required) return Err(parent, where + ": missing '" + key + "'");
    return std::string();
  }
  if (!node.IsScalar() || node.Scalar().empty()) {
    return Err(node, where + "." + key + ": must be non-empty text");
  }
  return node.Scalar();
}

Result<std::vector<std::string>> Loader::Texts(const YAML::Node& parent, const char* key,
                                               const std::string& where) const {
  std::vector<std::string> out;
  const YAML::Node node = parent[key];
  if (!node) return out;
  if (!node.IsSequence()) return Err(node, where + "." + key + ": must be a list of text");
  for (const auto& item : node) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      return Err(item, where + "." + key + ": must be a list of non-empty text");
    }
    out.push_back(item.Scalar());
  }
  return out;
}

Result<cel::Program> Loader::Expression(const YAML::Node& node, const std::string& where) const {
  if (!node.IsScalar() || node.Scalar().empty()) {
    return Err(node, where + ": must be a CEL expression");
  }
  Result<cel::Program> program = cel::Compile(node.Scalar());
  if (!program.ok()) return Err(node, where + ": " + program.status().message());
  return program;
}

// A param's value: a plain scalar is a bool (true, false), an int, a double, else text; a quoted
// scalar is text.
Result<Json> Loader::ParamValue(const YAML::Node& node, const std::string& where) const {
  if (!node.IsScalar() || node.Scalar().empty() || node.Tag() == "tag:yaml.org,2002:null") {
    return Err(node, where + ": must be an int, a double, a bool or text");
  }
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") return Json(s);
  if (s == "~" || s == "null")
    return Err(node, where + ": must be an int, a double, a bool or text");
  if (s == "true" || s == "false") return Json(s == "true");
  if (re2::RE2::FullMatch(s, "[-+]?[0-9]+")) {
    int64_t v = 0;
    const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
    auto [end, ec] = std::from_chars(begin, s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) {
      return Err(node, where + ": " + s + " is out of the int range");
    }
    return Json(v);
  }
  if (re2::RE2::FullMatch(
          s, R"([-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+)")) {
    return Json(std::stod(s));
  }
  return Json(s);
}

Status Loader::LoadParams(const YAML::Node& node, const std::string& where, Json* params) const {
  if (!node.IsMap()) return Err(node, where + ": must be a mapping of name to value");
  for (const auto& kv : node) {
    std::string name = kv.first.as<std::string>();
    if (!re2::RE2::FullMatch(name, "[A-Za-z_][A-Za-z0-9_]*")) {
      return Err(kv.first, where + ": '" + name + "' is not a name (letters, digits, '_')");
    }
    ASSIGN_OR_RETURN((*params)[name], ParamValue(kv.second, where + "." + name));
  }
  return OkStatus();
}

// Every params.NAME an expression reads (or {params.NAME} a reason shows) must be declared.
Status Loader::CheckParamUses(const YAML::Node& at, const std::string& where,
                              const std::string& text, const Json& params, bool in_reason) const {
  static const re2::RE2 kUse(R"((?:^|[^A-Za-z0-9_.`])params\.([A-Za-z_][A-Za-z0-9_]*))");
  static const re2::RE2 kPlaceholder(R"(\{params\.([A-Za-z_][A-Za-z0-9_]*)\})");
  re2::StringPiece input(text);
  std::string name;
  while (re2::RE2::FindAndConsume(&input, in_reason ? kPlaceholder : kUse, &name)) {
    if (!params.contains(name)) {
      return Err(at, where + ": params." + name + " is not among the control's params");
    }
  }
  return OkStatus();
}

// Splits a fact path on dots outside backticks: evidence.control_tests.`HIPAA-164.312(b)`.
std::optional<std::vector<std::string>> SplitPath(std::string_view path) {
  std::vector<std::string> keys(1);
  bool quoted = false;
  for (char c : path) {
    if (c == '`') {
      quoted = !quoted;
    } else if (c == '.' && !quoted) {
      keys.emplace_back();
    } else {
      keys.back() += c;
    }
  }
  if (quoted) return std::nullopt;
  for (const std::string& k : keys) {
    if (k.empty()) return std::nullopt;
  }
  return keys;
}

Result<EvidenceNeed> Loader::Need(const YAML::Node& node, const std::string& text,
                                  const std::string& where) const {
  EvidenceNeed need{text, {}};
  size_t start = 0;
  while (start <= text.size()) {
    size_t bar = text.find('|', start);
    if (bar == std::string::npos) bar = text.size();
    std::string item(TrimBlanks(std::string_view(text).substr(start, bar - start), " \t"));
    if (const char* key = EvidenceFactKey(item)) {
      need.alternatives.push_back({"evidence", key});
    } else if (auto path = SplitPath(item); path && item.find('.') != std::string::npos) {
      need.alternatives.push_back(std::move(*path));
    } else {
      return Err(node, where + ": '" + item +
                           "' is neither an evidence kind nor a fact path (e.g. evidence.tests)");
    }
    start = bar + 1;
  }
  return need;
}

// The evidence kinds whose facts `text` (an expression or a need) reads.
void NoteKinds(const std::string& text, std::vector<std::string>* kinds) {
  for (const evidence::EvidenceKind& k : evidence::Kinds()) {
    const std::string kind(k.name);
    bool uses = text.find("evidence." + std::string(k.facts_key)) != std::string::npos;
    // Control tests also come from JUnit test cases with a control property.
    if (kind == "junit") {
      uses = uses || text.find("evidence.control_tests") != std::string::npos;
    }
    if (uses && std::find(kinds->begin(), kinds->end(), kind) == kinds->end()) {
      kinds->push_back(kind);
    }
  }
}

Result<Control> Loader::LoadControl(const YAML::Node& node, size_t n) {
  std::string where = "controls[" + std::to_string(n) + "]";
  if (!node.IsMap()) return Err(node, where + ": must be a mapping");
  ASSIGN_OR_RETURN(std::string id, Text(node, "id", where, true));
  if (id.find_first_of(" \t\r\n") != std::string::npos) {
    return Err(node["id"], where + ".id: '" + id + "' contains whitespace");
  }
  where = "control " + id;
  RETURN_IF_ERROR(CheckKeys(node, where,
                            {"id", "title", "citation", "description", "params", "applies_when",
                             "evidence", "requires", "frameworks_also"}));
  Control c;
  c.id = id;
  c.origin = source_ + ":" + std::to_string(node.Mark().line + 1);
  ASSIGN_OR_RETURN(c.title, Text(node, "title", where, true));
  ASSIGN_OR_RETURN(c.citation, Text(node, "citation", where, true));
  ASSIGN_OR_RETURN(c.description, Text(node, "description", where, false));
  ASSIGN_OR_RETURN(c.frameworks_also, Texts(node, "frameworks_also", where));
  if (const YAML::Node p = node["params"]) {
    RETURN_IF_ERROR(LoadParams(p, where + ": params", &c.params));
  }
  if (const YAML::Node a = node["applies_when"]) {
    ASSIGN_OR_RETURN(c.applies, Expression(a, where + ": applies_when"));
    c.applies_when = a.Scalar();
    RETURN_IF_ERROR(CheckParamUses(a, where + ": applies_when", c.applies_when, c.params, false));
    NoteKinds(c.applies_when, &c.kinds_used);
  }
  ASSIGN_OR_RETURN(std::vector<std::string> needs, Texts(node, "evidence", where));
  for (size_t i = 0; i < needs.size(); ++i) {
    ASSIGN_OR_RETURN(EvidenceNeed need, Need(node["evidence"][i], needs[i], where + ": evidence"));
    for (const auto& alternative : need.alternatives) {
      std::string joined;
      for (const std::string& k : alternative) joined += (joined.empty() ? "" : ".") + k;
      NoteKinds(joined, &c.kinds_used);
    }
    c.evidence.push_back(std::move(need));
  }
  if (const YAML::Node reqs = node["requires"]) {
    if (!reqs.IsSequence()) return Err(reqs, where + ": requires: must be a list");
    for (size_t i = 0; i < reqs.size(); ++i) {
      std::string at = where + ": requires[" + std::to_string(i) + "]";
      RETURN_IF_ERROR(CheckKeys(reqs[i], at, {"expr", "reason"}));
      if (!reqs[i]["expr"]) return Err(reqs[i], at + ": missing 'expr'");
      ASSIGN_OR_RETURN(cel::Program program, Expression(reqs[i]["expr"], at + ".expr"));
      ASSIGN_OR_RETURN(std::string reason, Text(reqs[i], "reason", at, true));
      RETURN_IF_ERROR(
          CheckParamUses(reqs[i]["expr"], at + ".expr", program.source(), c.params, false));
      RETURN_IF_ERROR(CheckParamUses(reqs[i]["reason"], at + ".reason", reason, c.params, true));
      NoteKinds(program.source(), &c.kinds_used);
      c.requirements.push_back({program.source(), std::move(reason), std::move(program)});
    }
  }
  if (c.evidence.empty() && c.requirements.empty()) {
    return Err(node, where + ": needs 'evidence' or 'requires'");
  }
  return c;
}

Result<Catalog> Loader::Load(const YAML::Node& root) {
  if (!root.IsMap()) return Err(root, "a catalog must be a mapping");
  RETURN_IF_ERROR(
      CheckKeys(root, "top level", {"framework", "title", "version", "description", "controls"}));
  Catalog catalog;
  catalog.origin = source_;
  ASSIGN_OR_RETURN(catalog.framework, Text(root, "framework", "top level", true));
  if (!re2::RE2::FullMatch(catalog.framework, "[a-z0-9][a-z0-9-]*")) {
    return Err(root["framework"],
               "framework: '" + catalog.framework + "' must be lowercase letters, digits and '-'");
  }
  ASSIGN_OR_RETURN(catalog.title, Text(root, "title", "top level", true));
  ASSIGN_OR_RETURN(catalog.version, Text(root, "version", "top level", false));
  ASSIGN_OR_RETURN(catalog.description, Text(root, "description", "top level", false));
  const YAML::Node controls = root["controls"];
  if (!controls || !controls.IsSequence() || controls.size() == 0) {
    return Err(controls ? controls : root, "controls: must be a non-empty list");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < controls.size(); ++i) {
    ASSIGN_OR_RETURN(Control c, LoadControl(controls[i], i));
    if (!ids.insert(c.id).second) {
      return Err(controls[i], "control " + c.id + ": duplicate id in this catalog");
    }
    catalog.controls.push_back(std::move(c));
  }
  return catalog;
}

Result<PolicyConfig> Loader::LoadPolicy(const YAML::Node& root) const {
  PolicyConfig config;
  if (root.IsNull()) return config;
  RETURN_IF_ERROR(CheckKeys(
      root, "top level",
      {std::begin(risk::kProoflineYamlSections), std::end(risk::kProoflineYamlSections)}));
  const YAML::Node policy = root["policy"];
  if (!policy) return config;
  RETURN_IF_ERROR(CheckKeys(policy, "policy", {"catalogs", "params"}));
  if (const YAML::Node cats = policy["catalogs"]) {
    if (!cats.IsSequence()) return Err(cats, "policy.catalogs: must be a list of paths");
    for (const auto& item : cats) {
      if (!item.IsScalar() || item.Scalar().empty()) {
        return Err(item, "policy.catalogs: must be a list of paths");
      }
      const std::string& path = item.Scalar();
      if (path[0] == '/' || re2::RE2::PartialMatch(path, R"((^|/)\.\.(/|$))")) {
        return Err(item, "policy.catalogs: '" + path +
                             "' must be relative to the repository, without '..'");
      }
      config.catalogs.push_back({path, Origin(item)});
    }
  }
  if (const YAML::Node params = policy["params"]) {
    if (!params.IsMap()) {
      return Err(params, "policy.params: must be a mapping of control id to {param: value}");
    }
    for (const auto& control : params) {
      std::string id = control.first.as<std::string>();
      std::string where = "policy.params." + id;
      if (!control.second.IsMap()) return Err(control.second, where + ": must be a mapping");
      for (const auto& kv : control.second) {
        std::string name = kv.first.as<std::string>();
        ASSIGN_OR_RETURN(Json value, ParamValue(kv.second, where + "." + name));
        config.params.push_back({id, name, std::move(value), Origin(kv.first)});
      }
    }
  }
  return config;
}

const char* ParamType(const Json& v) {
  if (v.is_boolean()) return "bool";
  if (v.is_number_float()) return "double";
  if (v.is_number()) return "int";
  return "text";
}

}  // namespace

Result<PolicyConfig> ParsePolicyConfig(std::string_view text, const std::string& source) {
  try {
    return Loader(source).LoadPolicy(LoadStrictYaml(std::string(text)));
  } catch (const YAML::Exception& e) {
    return InvalidArgument(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<Catalog> ParseCatalog(std::string_view text, const std::string& source) {
  try {
    return Loader(source).Load(LoadStrictYaml(std::string(text)));
  } catch (const YAML::Exception& e) {
    return InvalidArgument(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

Result<CatalogSet> CatalogSet::Shipped() {
  CatalogSet set;
  for (const ShippedCatalogFile& file : ShippedCatalogFiles()) {
    Result<Catalog> catalog = ParseCatalog(file.text, std::string("catalogs/") + file.name);
    if (!catalog.ok()) return Internal("shipped " + catalog.status().message());
    if (set.Find(catalog->framework) != nullptr) {
      return Internal(std::string("shipped catalogs/") + file.name + ": framework " +
                      catalog->framework + " is defined twice");
    }
    set.Add(std::move(*catalog));
  }
  return set;
}

void CatalogSet::Add(Catalog catalog) {
  auto it = std::find_if(catalogs_.begin(), catalogs_.end(),
                         [&](const Catalog& c) { return c.framework == catalog.framework; });
  if (it == catalogs_.end()) {
    catalogs_.push_back(std::move(catalog));
    return;
  }
  for (Control& control : catalog.controls) {
    auto same = std::find_if(it->controls.begin(), it->controls.end(),
                             [&](const Control& c) { return c.id == control.id; });
    if (same != it->controls.end()) {
      *same = std::move(control);
    } else {
      it->controls.push_back(std::move(control));
    }
  }
}

Status CatalogSet::Override(const ParamOverride& param) {
  std::string where = param.origin + ": policy.params." + param.control + "." + param.name + ": ";
  bool found = false;
  for (Catalog& catalog : catalogs_) {
    for (Control& control : catalog.controls) {
      if (control.id != param.control) continue;
      found = true;
      auto it = control.params.find(param.name);
      if (it == control.params.end()) {
        std::string known;
        for (const auto& kv : control.params.items())
          known += (known.empty() ? "" : ", ") + kv.key();
        return InvalidArgument(where + "control " + control.id + " (" + control.origin +
                               ") has no param '" + param.name +
                               "' (its params: " + (known.empty() ? "none" : known) + ")");
      }
      Json value = param.value;
      if (it->is_number_float() && value.is_number_integer()) value = value.get<double>();
      if (std::string_view(ParamType(*it)) != ParamType(value)) {
        return InvalidArgument(where + "must be " + ParamType(*it) + " like " + it->dump() +
                               ", not " + ParamType(value));
      }
      *it = std::move(value);
      control.params_origin = param.origin;
    }
  }
  if (!found) return InvalidArgument(where + "unknown control '" + param.control + "'");
  return OkStatus();
}

const Catalog* CatalogSet::Find(std::string_view framework) const {
  for (const Catalog& c : catalogs_) {
    if (c.framework == framework) return &c;
  }
  return nullptr;
}

std::vector<std::string> CatalogSet::Frameworks() const {
  std::vector<std::string> out;
  for (const Catalog& c : catalogs_) out.push_back(c.framework);
  return out;
}

}  // namespace proofline::policy
