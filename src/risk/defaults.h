// The shipped default risk configuration (YAML text; see config.h for the format).
#pragma once

namespace proofline::risk {

extern const char* const kDefaultRiskYaml;

}  // namespace proofline::risk
