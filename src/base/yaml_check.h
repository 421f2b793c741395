// What every reader of YAML shares (proofline.yaml sections, the identity directory, pipelines,
// catalogs, IaC checks): errors as "SOURCE:LINE: what" at a node, and the one check that a
// mapping holds only known keys (unknown keys are errors, never ignored). Each loader words its
// message; which keys are unknown is decided here.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace proofline {

// YAML::Load, refusing a key repeated in any mapping of the document: yaml-cpp keeps both pairs
// and a lookup takes the first, so one reader could see one value and another reader (or a
// person) the other. Throws YAML::ParserException at the second occurrence, "duplicate key 'k'
// (first at line N)", which each loader's catch reports as "SOURCE:LINE: ..." like any syntax
// error. Walks the tree with an explicit stack (no recursion on attacker-chosen depth).
inline YAML::Node LoadStrictYaml(const std::string& text) {
  YAML::Node root = YAML::Load(text);
  std::vector<YAML::Node> stack = {root};
  // An alias is the anchored node itself, reached again: each container is checked once (by its
  // position in the text), so nested aliases cannot make the walk exponential.
  std::set<int> seen;
  while (!stack.empty()) {
    YAML::Node node = stack.back();
    stack.pop_back();
    if (!node.IsMap() && !node.IsSequence()) continue;
    if (const int pos = node.Mark().pos; pos >= 0 && !seen.insert(pos).second) continue;
    if (node.IsMap()) {
      std::map<std::string, int> keys;
      for (const auto& kv : node) {
        if (kv.first.IsScalar()) {
          auto [it, fresh] = keys.emplace(kv.first.Scalar(), kv.first.Mark().line + 1);
          if (!fresh) {
            throw YAML::ParserException(kv.first.Mark(), "duplicate key '" + kv.first.Scalar() +
                                                             "' (first at line " +
                                                             std::to_string(it->second) + ")");
          }
        }
        stack.push_back(kv.second);
      }
    } else {
      for (const auto& item : node) stack.push_back(item);
    }
  }
  return root;
}

// The keys of mapping `map` that are not in `known` (any container of strings or string views),
// in document order.
template <typename Known>
std::vector<YAML::Node> UnknownKeys(const YAML::Node& map, const Known& known) {
  std::vector<YAML::Node> out;
  for (const auto& kv : map) {
    const std::string& key = kv.first.Scalar();
    if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
      out.push_back(kv.first);
    }
  }
  return out;
}

class YamlCheck {
 public:
  explicit YamlCheck(std::string source) : source_(std::move(source)) {}

  Status Err(const YAML::Node& at, const std::string& what) const {
    return InvalidArgument(source_ + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }

  Status CheckKeys(const YAML::Node& map, const std::vector<std::string_view>& known) const {
    if (auto unknown = UnknownKeys(map, known); !unknown.empty()) {
      return Err(unknown[0], "unknown key '" + unknown[0].Scalar() + "'");
    }
    return OkStatus();
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

}  // namespace proofline
