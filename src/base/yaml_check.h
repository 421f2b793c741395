// What every reader of YAML shares (proofline.yaml sections, the identity directory, pipelines,
// catalogs, IaC checks): errors as "SOURCE:LINE: what" at a node, and the one check that a
// mapping holds only known keys (unknown keys are errors, never ignored). Each loader words its
// message; which keys are unknown is decided here.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace proofline {

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
