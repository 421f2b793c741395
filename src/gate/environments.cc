// Loads the environments and gate sections of proofline.yaml (environments.h) with yaml-cpp.
#include "gate/environments.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "base/yaml_check.h"
#include "risk/config.h"

namespace proofline::gate {
namespace {

constexpr const char* kTestSuites[] = {"unit", "integration", "smoke",
                                       "e2e",  "performance", "full_regression"};

struct EvidenceText {
  std::string name, expr, reason;
};

std::vector<EvidenceText> DefaultEvidenceTexts() {
  std::vector<EvidenceText> out;
  for (const char* suite : kTestSuites) {
    std::string s = std::string("evidence.suites['") + suite + "']";
    out.push_back({suite,
                   std::string("has(evidence.suites) && '") + suite + "' in evidence.suites && " +
                       s + ".tests > 0 && " + s + ".failures == 0 && " + s + ".errors == 0",
                   std::string("no passing JUnit report attested with --suite ") + suite});
  }
  out.push_back({"security",
                 "has(evidence.scans) && evidence.scans.critical == 0 && evidence.scans.high == 0",
                 "no SARIF scan attested, or it has critical or high results"});
  out.push_back({"compliance",
                 "has(evidence.control_tests) && size(evidence.control_tests) > 0 && "
                 "evidence.control_tests.all(c, evidence.control_tests[c].failed == 0)",
                 "no control tests attested, or one failed"});
  out.push_back({"coverage", "has(evidence.coverage) && evidence.coverage.line_rate != null",
                 "no coverage report with a line rate attested"});
  return out;
}

class Loader : private YamlCheck {
 public:
  explicit Loader(std::string source) : YamlCheck(std::move(source)) {}

  Status Load(const YAML::Node& root, GateConfig* out) const {
    if (!root || root.IsNull()) return OkStatus();
    if (!root.IsMap()) return Err(root, "proofline.yaml must be a mapping");
    RETURN_IF_ERROR(CheckKeys(
        root, {std::begin(risk::kProoflineYamlSections), std::end(risk::kProoflineYamlSections)}));
    if (const YAML::Node envs = root["environments"]) {
      out->source = source();
      if (!envs.IsMap()) return Err(envs, "`environments` must map names to settings");
      for (const auto& kv : envs) {
        ASSIGN_OR_RETURN(Environment env, Env(kv.first.Scalar(), kv.second));
        out->environments[env.name] = std::move(env);
      }
    }
    if (const YAML::Node gate = root["gate"]) {
      out->source = source();
      if (!gate.IsMap()) return Err(gate, "`gate` must be a mapping");
      RETURN_IF_ERROR(CheckKeys(gate, {"evidence"}));
      if (const YAML::Node ev = gate["evidence"]) {
        if (!ev.IsMap()) return Err(ev, "`gate.evidence` must map names to {expr, reason}");
        for (const auto& kv : ev) {
          ASSIGN_OR_RETURN(EvidenceRequirement r, Requirement(kv.first.Scalar(), kv.second));
          out->evidence.insert_or_assign(r.name, std::move(r));
        }
      }
    }
    return OkStatus();
  }

 private:
  Result<std::vector<std::string>> Names(const YAML::Node& node, const std::string& key) const {
    if (!node.IsSequence()) return Err(node, "`" + key + "` must be a list of names");
    std::vector<std::string> out;
    for (const YAML::Node& n : node) {
      if (!n.IsScalar() || n.Scalar().empty()) return Err(n, "`" + key + "`: expected a name");
      out.push_back(n.Scalar());
    }
    return out;
  }

  Result<Environment> Env(const std::string& name, const YAML::Node& node) const {
    Environment env;
    env.name = name;
    env.origin = source() + ":" + std::to_string(node.Mark().line + 1);
    if (node.IsNull()) return env;
    if (!node.IsMap()) return Err(node, "environment " + name + " must be a mapping");
    RETURN_IF_ERROR(CheckKeys(
        node, {"deployers", "require_ticket", "frameworks", "freeze", "break_glass", "witnesses"}));
    if (const YAML::Node n = node["deployers"]) {
      ASSIGN_OR_RETURN(env.deployers, Names(n, "deployers"));
    }
    if (const YAML::Node n = node["frameworks"]) {
      ASSIGN_OR_RETURN(env.frameworks, Names(n, "frameworks"));
    }
    if (const YAML::Node n = node["require_ticket"]) {
      if (!n.IsScalar() || !YAML::convert<bool>::decode(n, env.require_ticket)) {
        return Err(n, "`require_ticket` must be true or false");
      }
    }
    if (const YAML::Node n = node["freeze"]) {
      if (!n.IsSequence()) return Err(n, "`freeze` must be a list of windows");
      for (const YAML::Node& w : n) {
        ASSIGN_OR_RETURN(FreezeWindow window, ParseFreezeWindow(w, source()));
        env.freeze.push_back(std::move(window));
      }
    }
    if (const YAML::Node n = node["break_glass"]) {
      if (!n.IsMap())
        return Err(n, "`break_glass` must be a mapping {roles, retro_approval_hours}");
      RETURN_IF_ERROR(CheckKeys(n, {"roles", "retro_approval_hours"}));
      if (const YAML::Node r = n["roles"]) {
        ASSIGN_OR_RETURN(env.break_glass.roles, Names(r, "roles"));
      }
      if (const YAML::Node h = n["retro_approval_hours"]) {
        int hours = 0;
        if (!h.IsScalar() || !YAML::convert<int>::decode(h, hours) || hours < 1 ||
            hours > 24 * 30) {
          return Err(h, "`retro_approval_hours` must be hours from 1 to 720");
        }
        env.break_glass.retro_approval_hours = hours;
      }
    }
    if (const YAML::Node n = node["witnesses"]) {
      ASSIGN_OR_RETURN(env.witnesses, Witnesses(n));
    }
    return env;
  }

  Result<WitnessRule> Witnesses(const YAML::Node& node) const {
    if (!node.IsMap()) {
      return Err(node, "`witnesses` must be a mapping {keys, quorum, max_unwitnessed_events}");
    }
    RETURN_IF_ERROR(CheckKeys(node, {"keys", "quorum", "max_unwitnessed_events"}));
    WitnessRule rule;
    const YAML::Node keys = node["keys"];
    if (!keys || !keys.IsSequence() || keys.size() == 0) {
      return Err(keys ? keys : node, "`witnesses.keys` must list witness public keys");
    }
    for (const YAML::Node& k : keys) {
      Result<ledger::VerifierKey> key =
          k.IsScalar() ? ledger::ParseVerifierKey(k.Scalar())
                       : Result<ledger::VerifierKey>(InvalidArgument("not a string"));
      if (!key.ok()) return Err(k, "`witnesses.keys`: " + key.status().message());
      if (key->kind != ledger::KeyKind::kWitness) {
        return Err(k, "`witnesses.keys`: " + key->name + " is a log key, not a witness key");
      }
      for (const ledger::VerifierKey& other : rule.keys) {
        if (other.Encode() == key->Encode()) return Err(k, "`witnesses.keys`: listed twice");
      }
      rule.keys.push_back(*key);
    }
    rule.quorum = rule.keys.size();
    if (const YAML::Node q = node["quorum"]) {
      uint64_t quorum = 0;
      if (!q.IsScalar() || !YAML::convert<uint64_t>::decode(q, quorum) || quorum < 1 ||
          quorum > rule.keys.size()) {
        return Err(q, "`witnesses.quorum` must be from 1 to the number of keys");
      }
      rule.quorum = quorum;
    }
    if (const YAML::Node m = node["max_unwitnessed_events"]) {
      uint64_t max = 0;
      if (!m.IsScalar() || !YAML::convert<uint64_t>::decode(m, max) || m.Scalar()[0] == '-') {
        return Err(m, "`witnesses.max_unwitnessed_events` must be a number of events");
      }
      rule.max_unwitnessed_events = max;
    }
    return rule;
  }

  Result<EvidenceRequirement> Requirement(const std::string& name, const YAML::Node& node) const {
    if (!node.IsMap()) return Err(node, "gate.evidence." + name + " must be {expr, reason}");
    RETURN_IF_ERROR(CheckKeys(node, {"expr", "reason"}));
    std::string expr, reason;
    for (auto [key, field] : {std::pair{"expr", &expr}, {"reason", &reason}}) {
      const YAML::Node v = node[key];
      if (!v || !v.IsScalar() || v.Scalar().empty()) {
        return Err(v ? v : node, "gate.evidence." + name + " needs a `" + key + "` string");
      }
      *field = v.Scalar();
    }
    Result<cel::Program> program = cel::Compile(expr);
    if (!program.ok()) {
      return Err(node["expr"], "gate.evidence." + name + ": " + program.status().message());
    }
    return EvidenceRequirement{name, expr, reason, std::move(*program)};
  }
};

}  // namespace

const Environment* GateConfig::FindEnvironment(std::string_view name) const {
  auto it = environments.find(std::string(name));
  return it == environments.end() ? nullptr : &it->second;
}

const EvidenceRequirement* GateConfig::FindEvidence(std::string_view name) const {
  auto it = evidence.find(std::string(name));
  return it == evidence.end() ? nullptr : &it->second;
}

GateConfig DefaultGateConfig() {
  GateConfig c;
  Environment production;
  production.name = "production";
  production.deployers = {"production-deployers"};
  production.require_ticket = true;
  production.break_glass.roles = {"emergency-responders"};
  production.origin = "defaults";
  c.environments["production"] = production;
  Environment staging;
  staging.name = "staging";
  staging.origin = "defaults";
  c.environments["staging"] = staging;
  for (const EvidenceText& t : DefaultEvidenceTexts()) {
    Result<cel::Program> program = cel::Compile(t.expr);
    // The shipped expressions compile (gate_test checks every one); a failure is a build bug.
    if (program.ok()) {
      c.evidence.insert_or_assign(
          t.name, EvidenceRequirement{t.name, t.expr, t.reason, std::move(*program)});
    }
  }
  return c;
}

Result<GateConfig> ParseGateConfig(std::string_view text, const std::string& source) {
  GateConfig config = DefaultGateConfig();
  try {
    RETURN_IF_ERROR(Loader(source).Load(LoadStrictYaml(std::string(text)), &config));
  } catch (const YAML::Exception& e) {
    return InvalidArgument(source + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
  return config;
}

}  // namespace proofline::gate
