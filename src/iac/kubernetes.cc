// Reads Kubernetes manifests (kubernetes.h): documents split at their markers so a broken one
// does not hide the others, converted node by node to JSON with each node's line.
#include "iac/kubernetes.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "base/files.h"
#include "base/json.h"
#include "base/text.h"
#include "base/yaml_check.h"

namespace proofline::iac {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSkippedDirs[] = {".git", ".terraform", "node_modules"};

// One document's text and the 0-based line of the file where it starts.
struct Chunk {
  std::string text;
  uint32_t first_line = 0;
};

bool IsMarker(std::string_view line, std::string_view marker) {
  return line.substr(0, 3) == marker && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' ||
                                         line[3] == '\r' || line[3] == '\n');
}

// Splits at "---" (which starts a document and stays in it: "--- {a: 1}" is valid) and "..."
// (which ends one). Directive lines ("%YAML 1.2") stay with the document they precede.
std::vector<Chunk> SplitDocuments(std::string_view text) {
  std::vector<Chunk> chunks(1);
  bool has_content = false;
  uint32_t line_no = 0;
  for (size_t pos = 0; pos < text.size(); ++line_no) {
    size_t end = text.find('\n', pos);
    end = end == std::string_view::npos ? text.size() : end + 1;
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    if (IsMarker(line, "...")) {
      chunks.push_back({"", line_no + 1});
      has_content = false;
      continue;
    }
    if (IsMarker(line, "---") && has_content) {
      chunks.push_back({"", line_no});
      has_content = false;
    }
    std::string_view trimmed = TrimBlanks(line);
    if (!trimmed.empty() && trimmed[0] != '#' && trimmed[0] != '%') has_content = true;
    chunks.back().text.append(line);
  }
  return chunks;
}

// Converts one document, recording every node's line. Counts nodes so aliases cannot expand
// without bound.
class Converter {
 public:
  Converter(uint32_t first_line, std::map<std::string, uint32_t>* lines)
      : first_line_(first_line), lines_(lines) {}

  // Empty on success, else what went wrong; *error_line is then set.
  std::string Convert(const YAML::Node& node, const std::string& pointer, int depth, Json* out) {
    if (++nodes_ > kMaxYamlNodes) return Fail(node, "more than 1000000 nodes (alias expansion?)");
    if (depth > kMaxYamlDepth) return Fail(node, "nested deeper than 200 levels");
    (*lines_)[pointer] = LineOf(node);
    switch (node.Type()) {
      case YAML::NodeType::Sequence: {
        *out = Json::array();
        size_t i = 0;
        for (const YAML::Node& item : node) {
          Json value;
          std::string error = Convert(item, pointer + "/" + std::to_string(i++), depth + 1, &value);
          if (!error.empty()) return error;
          out->push_back(std::move(value));
        }
        return "";
      }
      case YAML::NodeType::Map: {
        *out = Json::object();
        for (const auto& kv : node) {
          std::string key = kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first);
          Json value;
          std::string error =
              Convert(kv.second, pointer + "/" + JsonPointerToken(key), depth + 1, &value);
          if (!error.empty()) return error;
          (*out)[key] = std::move(value);
        }
        return "";
      }
      case YAML::NodeType::Scalar:
        *out = Scalar(node);
        return "";
      default:
        *out = nullptr;
        return "";
    }
  }

  uint32_t error_line() const { return error_line_; }

 private:
  // Plain scalars have the non-specific tag "?"; quoted and block scalars "!" (YAML 1.2, 6.9.1).
  static Json Scalar(const YAML::Node& node) {
    const std::string& tag = node.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return node.Scalar();
    return CoreSchemaScalar(node.Scalar());
  }
  uint32_t LineOf(const YAML::Node& node) const {
    int line = node.Mark().line;
    return first_line_ + static_cast<uint32_t>(line < 0 ? 0 : line) + 1;
  }
  std::string Fail(const YAML::Node& node, std::string what) {
    error_line_ = LineOf(node);
    return what;
  }

  uint32_t first_line_;
  std::map<std::string, uint32_t>* lines_;
  size_t nodes_ = 0;
  uint32_t error_line_ = 0;
};

bool IsManifest(const Json& doc) {
  return doc.is_object() && doc.contains("apiVersion") && doc["apiVersion"].is_string() &&
         doc.contains("kind") && doc["kind"].is_string();
}

// The entries of `lines` under `prefix`, re-rooted there.
std::map<std::string, uint32_t> SubLines(const std::map<std::string, uint32_t>& lines,
                                         const std::string& prefix) {
  std::map<std::string, uint32_t> out;
  for (auto it = lines.lower_bound(prefix); it != lines.end(); ++it) {
    const std::string& p = it->first;
    if (p.compare(0, prefix.size(), prefix) != 0) break;
    if (p.size() > prefix.size() && p[prefix.size()] != '/') continue;
    out.emplace(p.substr(prefix.size()), it->second);
  }
  return out;
}

Resource MakeResource(std::string_view file, Json body, std::map<std::string, uint32_t> lines) {
  Resource r;
  r.kind = "kubernetes";
  r.type = StringAt(body, "kind");
  const Json& metadata = ObjectAt(body, "metadata");
  r.name = StringAt(metadata, "name");
  std::string ns = StringAt(metadata, "namespace");
  r.address = r.type + "/" + (ns.empty() ? "default" : ns) + "/" + r.name;
  r.file = std::string(file);
  auto root = lines.find("");
  r.line = root == lines.end() ? 0 : root->second;
  r.body = std::move(body);
  r.lines = std::move(lines);
  return r;
}

void AddDocument(std::string_view file, Json doc, std::map<std::string, uint32_t> lines,
                 Inventory* inv) {
  if (!IsManifest(doc)) return;
  const std::string kind = doc["kind"].get<std::string>();
  const bool is_list = kind.size() >= 4 && kind.compare(kind.size() - 4, 4, "List") == 0;
  if (!is_list || !doc.contains("items") || !doc["items"].is_array()) {
    inv->resources.push_back(MakeResource(file, std::move(doc), std::move(lines)));
    return;
  }
  Json& items = doc["items"];
  for (size_t i = 0; i < items.size(); ++i) {
    if (!IsManifest(items[i])) continue;
    inv->resources.push_back(
        MakeResource(file, std::move(items[i]), SubLines(lines, "/items/" + std::to_string(i))));
  }
}

void ParseChunk(std::string_view file, const Chunk& chunk, bool helm, Inventory* inv) {
  YAML::Node root;
  try {
    root = LoadStrictYaml(chunk.text);
  } catch (const YAML::Exception& e) {
    if (helm) return;
    uint32_t line = chunk.first_line + static_cast<uint32_t>(e.mark.line < 0 ? 0 : e.mark.line) + 1;
    inv->problems.push_back({std::string(file), line, "invalid YAML: " + e.msg});
    return;
  }
  if (!root.IsDefined() || root.IsNull()) return;
  std::map<std::string, uint32_t> lines;
  Converter converter(chunk.first_line, &lines);
  Json doc;
  std::string error;
  try {
    error = converter.Convert(root, "", 0, &doc);
  } catch (const YAML::Exception& e) {
    error = e.msg;
  }
  if (!error.empty()) {
    inv->problems.push_back({std::string(file), converter.error_line(), error});
    return;
  }
  AddDocument(file, std::move(doc), std::move(lines), inv);
}

bool IsYamlName(const std::string& name) {
  auto ends_with = [&](std::string_view s) {
    return name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0;
  };
  return ends_with(".yaml") || ends_with(".yml");
}

void ReadManifestFile(const std::string& fs_path, const std::string& shown, Inventory* inv) {
  Result<std::string> text = ReadFile(fs_path);
  if (!text.ok()) {
    inv->problems.push_back({shown, 0, "cannot read: " + text.status().message()});
    return;
  }
  inv->files.push_back(shown);
  inv->bytes += text->size();
  Inventory one = LoadKubernetesText(shown, *text);
  for (Resource& r : one.resources) inv->resources.push_back(std::move(r));
  for (ParseProblem& p : one.problems) inv->problems.push_back(std::move(p));
}

void WalkDir(const std::string& dir, const std::string& shown, Inventory* inv) {
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) {
    inv->problems.push_back(
        {shown.empty() ? "." : shown, 0, "cannot read directory: " + ec.message()});
    return;
  }
  std::sort(names.begin(), names.end());
  for (const std::string& name : names) {
    const std::string child = dir + "/" + name;
    const std::string child_shown = shown.empty() ? name : shown + "/" + name;
    fs::file_status st = fs::symlink_status(child, ec);
    if (ec || fs::is_symlink(st)) continue;
    if (fs::is_directory(st)) {
      if (std::find(std::begin(kSkippedDirs), std::end(kSkippedDirs), name) ==
          std::end(kSkippedDirs)) {
        WalkDir(child, child_shown, inv);
      }
    } else if (fs::is_regular_file(st) && IsYamlName(name)) {
      ReadManifestFile(child, child_shown, inv);
    }
  }
}

}  // namespace

Json CoreSchemaScalar(std::string_view s) {
  if (s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL") return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    uint64_t v = 0;
    auto [p, ec] = std::from_chars(begin + 2, end, v, s[1] == 'o' ? 8 : 16);
    if (ec == std::errc() && p == end) return v;
    return std::string(s);
  }
  const char* digits = begin + ((s[0] == '-' || s[0] == '+') ? 1 : 0);
  const bool integer =
      digits < end && std::all_of(digits, end, [](char c) { return c >= '0' && c <= '9'; });
  if (integer) {
    int64_t v = 0;
    // from_chars takes no '+'.
    auto [p, ec] = std::from_chars(s[0] == '+' ? begin + 1 : begin, end, v);
    if (ec == std::errc() && p == end) return v;
    if (s[0] != '-') {
      uint64_t u = 0;
      auto [pu, ecu] = std::from_chars(digits, end, u);
      if (ecu == std::errc() && pu == end) return u;
    }
  }
  // [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
  const char* p = digits;
  auto run = [&] {
    const char* start = p;
    while (p < end && *p >= '0' && *p <= '9') ++p;
    return p > start;
  };
  bool mantissa = run();
  if (p < end && *p == '.') {
    ++p;
    mantissa = run() || mantissa;
  }
  bool ok = mantissa;
  if (ok && p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '-' || *p == '+')) ++p;
    ok = run();
  }
  if (ok && p == end) {
    std::string copy(s);
    double d = std::strtod(copy.c_str(), nullptr);
    if (std::isfinite(d)) return d;
  }
  return std::string(s);
}

Inventory LoadKubernetesText(std::string_view file, std::string_view text) {
  Inventory inv;
  const bool helm = text.find("{{") != std::string_view::npos;
  for (const Chunk& chunk : SplitDocuments(text)) ParseChunk(file, chunk, helm, &inv);
  return inv;
}

Result<Inventory> LoadKubernetes(const std::vector<std::string>& paths) {
  Inventory inv;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) return NotFound(path + ": no such file or directory");
    if (fs::is_directory(st)) {
      WalkDir(path, path == "." ? "" : path, &inv);
    } else if (IsYamlName(fs::path(path).filename().string())) {
      ReadManifestFile(path, path, &inv);
    }
  }
  std::sort(inv.files.begin(), inv.files.end());
  return inv;
}

}  // namespace proofline::iac
