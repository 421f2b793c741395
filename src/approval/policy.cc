// Loads the approvals section of proofline.yaml (policy.h) with yaml-cpp.
#include "approval/policy.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "base/text.h"
#include "base/yaml_check.h"
#include "risk/config.h"

namespace proofline::approval {
namespace {

struct CheckText {
  const char* name;
  const char* expr;
  const char* reason;
};

// The six automated checks of a low-risk change, each computed from recorded evidence. Backup
// and rollback evidence are `attest generic --type backup-verification|rollback-plan` files.
constexpr CheckText kDefaultChecks[] = {
    {"security-scan-passed",
     "has(evidence.scans) && evidence.scans.critical == 0 && evidence.scans.high == 0 && "
     "evidence.scans.error == 0 && evidence.scans.tool_errors == 0 && "
     "evidence.scans.failed_invocations == 0",
     "no SARIF scan attested, or it has critical/high/error results, or files it did not scan"},
    {"tests-passed",
     "has(evidence.tests) && evidence.tests.tests > 0 && evidence.tests.failures == 0 && "
     "evidence.tests.errors == 0",
     "no test report attested, or tests failed"},
    {"no-high-or-critical-vulnerabilities",
     "has(evidence.sbom) && evidence.sbom.vulnerabilities.critical == 0 && "
     "evidence.sbom.vulnerabilities.high == 0",
     "no SBOM attested, or it lists high/critical vulnerabilities"},
    {"compliance-checks-passed",
     "has(evidence.control_tests) && size(evidence.control_tests) > 0 && "
     "evidence.control_tests.all(c, evidence.control_tests[c].failed == 0)",
     "no control tests attested, or one failed"},
    {"backup-verified",
     "has(evidence.generic) && 'backup-verification' in evidence.generic && "
     "evidence.generic['backup-verification'].verified == true",
     "no backup-verification evidence with verified: true"},
    {"rollback-plan-exists", "has(evidence.generic) && 'rollback-plan' in evidence.generic",
     "no rollback-plan evidence"},
};

class Loader : private YamlCheck {
 public:
  explicit Loader(std::string source) : YamlCheck(std::move(source)) {}

  Status Load(const YAML::Node& root, ApprovalPolicy* out) const {
    if (!root || root.IsNull()) return OkStatus();
    if (!root.IsMap()) return Err(root, "proofline.yaml must be a mapping");
    RETURN_IF_ERROR(CheckKeys(
        root, {std::begin(risk::kProoflineYamlSections), std::end(risk::kProoflineYamlSections)}));
    const YAML::Node section = root["approvals"];
    if (!section) return OkStatus();
    out->source = source();
    if (!section.IsMap()) return Err(section, "`approvals` must be a mapping");
    RETURN_IF_ERROR(CheckKeys(section, {"routes", "automated_checks", "commit_addresses"}));
    if (const YAML::Node routes = section["routes"]) {
      if (!routes.IsMap()) return Err(routes, "`approvals.routes` must be a mapping");
      RETURN_IF_ERROR(CheckKeys(routes, {"single", "quorum"}));
      for (const auto& kv : routes) {
        ASSIGN_OR_RETURN(out->routes[kv.first.Scalar()], Route(kv.second));
      }
    }
    if (const YAML::Node checks = section["automated_checks"]) {
      if (!checks.IsSequence()) return Err(checks, "`automated_checks` must be a list");
      out->automated_checks.clear();
      for (const YAML::Node& c : checks) {
        ASSIGN_OR_RETURN(AutomatedCheck check, Check(c));
        out->automated_checks.push_back(std::move(check));
      }
    }
    if (const YAML::Node addresses = section["commit_addresses"]) {
      if (!addresses.IsMap()) {
        return Err(addresses, "`commit_addresses` must map addresses to a user id or automation");
      }
      for (const auto& kv : addresses) {
        const std::string address = AsciiLower(TrimBlanks(kv.first.Scalar()));
        if (address.find('@') == std::string::npos) {
          return Err(kv.first, "commit address '" + kv.first.Scalar() + "' is not an address");
        }
        if (!kv.second.IsScalar() || TrimBlanks(kv.second.Scalar()).empty()) {
          return Err(kv.second, "commit address '" + address +
                                    "' must map to a user id of the identity directory or "
                                    "automation");
        }
        out->commit_addresses[address] = std::string(TrimBlanks(kv.second.Scalar()));
      }
    }
    return OkStatus();
  }

 private:
  Result<int> Count(const YAML::Node& node, int min) const {
    int n = 0;
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, n) || n < min || n > 20) {
      return Err(node, "expected a count from " + std::to_string(min) + " to 20");
    }
    return n;
  }

  Result<RouteRule> Route(const YAML::Node& node) const {
    if (!node.IsMap()) return Err(node, "a route must be a mapping {approvers, including}");
    RETURN_IF_ERROR(CheckKeys(node, {"approvers", "including"}));
    RouteRule rule;
    if (const YAML::Node n = node["approvers"]) {
      ASSIGN_OR_RETURN(rule.approvers, Count(n, 1));
    }
    int roles = 0;
    if (const YAML::Node inc = node["including"]) {
      if (!inc.IsMap()) return Err(inc, "`including` must map roles to counts");
      for (const auto& kv : inc) {
        ASSIGN_OR_RETURN(int n, Count(kv.second, 0));
        if (n > 0) rule.including[kv.first.Scalar()] = n;
        roles += n;
      }
    }
    if (roles > rule.approvers) {
      return Err(node, "`including` asks for " + std::to_string(roles) + " role holders among " +
                           std::to_string(rule.approvers) + " approvers");
    }
    return rule;
  }

  Result<AutomatedCheck> Check(const YAML::Node& node) const {
    if (!node.IsMap()) return Err(node, "a check must be a mapping {name, expr, reason}");
    RETURN_IF_ERROR(CheckKeys(node, {"name", "expr", "reason"}));
    std::string name, expr, reason;
    for (auto [key, field] : {std::pair{"name", &name}, {"expr", &expr}, {"reason", &reason}}) {
      const YAML::Node v = node[key];
      if (!v || !v.IsScalar() || v.Scalar().empty()) {
        return Err(v ? v : node, std::string("a check needs a `") + key + "` string");
      }
      *field = v.Scalar();
    }
    Result<cel::Program> program = cel::Compile(expr);
    if (!program.ok()) {
      return Err(node["expr"], "check " + name + ": " + program.status().message());
    }
    return AutomatedCheck{name, expr, reason, std::move(*program)};
  }
};

}  // namespace

std::string RouteRule::Describe() const {
  std::string out = std::to_string(approvers) + (approvers == 1 ? " approver" : " approvers");
  std::string roles;
  for (const auto& [role, n] : including) {
    roles += (roles.empty() ? "" : " and ") + std::to_string(n) + " " + role;
  }
  if (!roles.empty())
    out += (approvers == 1 && including.size() == 1 ? ": " : " including ") + roles;
  return out;
}

const RouteRule& ApprovalPolicy::Rule(std::string_view route) const {
  auto it = routes.find(std::string(route == "quorum" ? "quorum" : "single"));
  return it->second;
}

ApprovalPolicy DefaultApprovalPolicy() {
  ApprovalPolicy p;
  p.source = "defaults";
  p.routes["single"] = RouteRule{1, {{"TECHNICAL_LEAD", 1}}};
  p.routes["quorum"] =
      RouteRule{3, {{"TECHNICAL_LEAD", 1}, {"SECURITY_OFFICER", 1}, {"COMPLIANCE_OFFICER", 1}}};
  for (const CheckText& c : kDefaultChecks) {
    Result<cel::Program> program = cel::Compile(c.expr);
    // The shipped expressions compile (approval_test checks it); a failure is a build bug.
    if (program.ok()) p.automated_checks.push_back({c.name, c.expr, c.reason, std::move(*program)});
  }
  return p;
}

Result<ApprovalPolicy> ParseApprovalPolicy(std::string_view text, const std::string& source) {
  ApprovalPolicy policy = DefaultApprovalPolicy();
  try {
    RETURN_IF_ERROR(Loader(source).Load(LoadStrictYaml(std::string(text)), &policy));
  } catch (const YAML::Exception& e) {
    return InvalidArgument(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return policy;
}

}  // namespace proofline::approval
