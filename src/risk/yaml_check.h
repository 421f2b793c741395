// What every reader of a proofline.yaml section shares: errors as "SOURCE:LINE: what" at a node,
// and the check that a mapping holds only known keys (unknown keys are errors, never ignored).
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace proofline::risk {

class YamlCheck {
 public:
  explicit YamlCheck(std::string source) : source_(std::move(source)) {}

  Status Err(const YAML::Node& at, const std::string& what) const {
    return InvalidArgument(source_ + ":" + std::to_string(at.Mark().line + 1) + ": " + what);
  }

  Status CheckKeys(const YAML::Node& map, const std::vector<std::string_view>& known) const {
    for (const auto& kv : map) {
      if (std::find(known.begin(), known.end(), kv.first.Scalar()) == known.end()) {
        return Err(kv.first, "unknown key '" + kv.first.Scalar() + "'");
      }
    }
    return OkStatus();
  }

  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

}  // namespace proofline::risk
