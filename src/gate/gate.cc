// The gate's checks, break-glass and obligations (gate.h).
#include "gate/gate.h"

#include <algorithm>

#include "cel/time.h"
#include "policy/facts.h"
#include "policy/validate.h"

namespace proofline::gate {
namespace {

using change::State;

GateCheck StateCheck(const change::ChangeRecord& c) {
  GateCheck check{"state", true, true, {}};
  if (c.state == State::kApproved || c.state == State::kDeployed) return check;
  check.passed = false;
  // Only a change waiting for approval may be pushed through by breaking the glass.
  check.overridable = c.state == State::kPendingApproval;
  check.reasons.push_back(std::string("change ") + c.id + " is " + change::StateName(c.state) +
                          "; only an approved change deploys");
  return check;
}

GateCheck EnvironmentCheck(const GateRequest& r, const Environment* env, const Json& facts) {
  GateCheck check{"environment", true, false, {}};
  if (env == nullptr) {
    check.passed = false;
    check.reasons.push_back("environment '" + r.env + "' is not configured (environments: in " +
                            r.config->source + ")");
    return check;
  }
  const auto& prod = r.production_environments;
  bool production = std::find(prod.begin(), prod.end(), r.env) != prod.end();
  const Json& change = ObjectAt(facts, "change");
  bool assessed = change.contains("production") && change["production"] == true;
  if (production && !assessed) {
    check.passed = false;
    check.reasons.push_back(r.env +
                            " is a production environment but the change was assessed "
                            "for '" +
                            r.record.env + "': open a change for " + r.env);
  }
  return check;
}

GateCheck ApprovalsCheck(const GateRequest& r) {
  GateCheck check{"approvals", true, true, {}};
  approval::ApprovalStatus st = approval::Evaluate(*r.approvals, r.record, *r.directory, r.now);
  check.passed = st.satisfied;
  if (st.satisfied) {
    if (st.effective_route == "automated") {
      check.reasons.push_back("route automated: every automated check passed");
    } else {
      std::string who;
      for (const approval::Signature& s : st.approvals) who += (who.empty() ? "" : ", ") + s.user;
      check.reasons.push_back("route " + st.effective_route + " (" + st.rule.Describe() +
                              ") signed by " + who);
    }
    return check;
  }
  for (const approval::CheckOutcome& c : st.checks) {
    if (!c.passed) check.reasons.push_back("automated check " + c.name + " failed: " + c.reason);
  }
  for (const std::string& m : st.missing) check.reasons.push_back("missing " + m);
  for (const std::string& i : st.ignored) check.reasons.push_back("not counted: " + i);
  return check;
}

GateCheck SeparationCheck(const GateRequest& r) {
  GateCheck check{"separation-of-duties", true, true, {}};
  const identity::User& d = r.deployer;
  for (const change::Signature& a : r.record.approvals) {
    if (a.user == d.id && a.target == r.record.target) {
      check.reasons.push_back(d.id + " approved this change and may not deploy it");
      break;
    }
  }
  for (const std::string& why :
       approval::AuthorshipConflicts(*r.approvals, r.record, d, *r.directory)) {
    check.reasons.push_back(why + " and may not deploy it");
  }
  // A commit under an address nobody knows could be the deployer's or an approver's.
  for (const std::string& why :
       approval::UnknownCommitPeople(*r.approvals, r.record, *r.directory)) {
    check.reasons.push_back("commit address " + why);
  }
  check.passed = check.reasons.empty();
  return check;
}

GateCheck TicketCheck(const GateRequest& r, const Environment& env) {
  GateCheck check{"ticket", true, true, {}};
  if (env.require_ticket && r.record.ticket.empty()) {
    check.passed = false;
    check.reasons.push_back(r.env + " requires a ticket and the change names none");
  } else if (!r.record.ticket.empty()) {
    check.reasons.push_back("ticket " + r.record.ticket);
  }
  return check;
}

GateCheck DeployerCheck(const GateRequest& r, const Environment& env) {
  GateCheck check{"deployer-group", true, true, {}};
  if (env.deployers.empty()) return check;
  for (const std::string& role : env.deployers) {
    if (r.deployer.HasRole(role)) {
      check.reasons.push_back(r.deployer.id + " is " + role);
      return check;
    }
  }
  std::string roles;
  for (const std::string& role : env.deployers) roles += (roles.empty() ? "" : ", ") + role;
  check.passed = false;
  check.reasons.push_back(r.deployer.id + " holds none of " + r.env + "'s deployer roles (" +
                          roles + ")");
  return check;
}

GateCheck EvidenceCheck(const GateRequest& r, const Json& facts) {
  GateCheck check{"evidence", true, true, {}};
  Result<cel::Activation> activation = cel::Activation::FromJson(facts);
  std::string risk_class = StringAt(ObjectAt(facts, "risk"), "level");
  for (const Json& name_json : ArrayAt(ObjectAt(facts, "risk"), "required_evidence")) {
    std::string name = name_json.is_string() ? name_json.get<std::string>() : "";
    const EvidenceRequirement* req = r.config->FindEvidence(name);
    std::string failure;
    if (req == nullptr) {
      failure = "no definition of required evidence '" + name + "' (gate.evidence in " +
                r.config->source + ")";
    } else if (!activation.ok()) {
      failure = name + ": " + activation.status().message();
    } else if (Result<bool> holds = policy::EvalBool(req->program, *activation); !holds.ok()) {
      failure = name + ": " + req->reason + " (" + holds.status().message() + ")";
    } else if (!*holds) {
      failure = name + ": " + req->reason;
    }
    if (!failure.empty()) check.reasons.push_back(failure);
  }
  check.passed = check.reasons.empty();
  if (check.passed) {
    check.reasons.push_back(ArrayAt(ObjectAt(facts, "risk"), "required_evidence").empty()
                                ? "the change's risk class requires no evidence"
                                : "the " + risk_class + " class's required evidence is present");
  }
  return check;
}

GateCheck ControlsCheck(const GateRequest& r, const Environment& env, const Json& facts) {
  GateCheck check{"controls", true, true, {}};
  if (env.frameworks.empty()) {
    check.reasons.push_back(r.env + " requires no compliance framework");
    return check;
  }
  Result<std::vector<policy::ControlResult>> results =
      policy::Validate(*r.catalogs, env.frameworks, facts, r.record.EvidenceJson(), r.exceptions);
  if (!results.ok()) {
    check.passed = false;
    check.reasons.push_back(results.status().message());
    return check;
  }
  size_t passed = 0;
  for (const policy::ControlResult& c : *results) {
    const std::string id = c.control->id + " (" + c.framework + ")";
    if (c.outcome == policy::Outcome::kFail || c.outcome == policy::Outcome::kMissingEvidence) {
      std::string why = c.reasons.empty() ? "" : ": " + c.reasons.front();
      check.reasons.push_back(id + " " + policy::OutcomeName(c.outcome) + why);
      check.passed = false;
    } else if (c.outcome == policy::Outcome::kExcepted) {
      check.reasons.push_back(
          id + " excepted: " + (c.reasons.empty() ? std::string() : c.reasons.back()));
    } else {
      ++passed;
    }
  }
  if (check.passed) {
    std::string frameworks;
    for (const std::string& f : env.frameworks) frameworks += (frameworks.empty() ? "" : ", ") + f;
    check.reasons.insert(check.reasons.begin(), std::to_string(passed) + " controls of " +
                                                    frameworks + " pass or do not apply");
  }
  return check;
}

GateCheck FreezeCheck(const GateRequest& r, const Environment& env) {
  GateCheck check{"freeze", true, true, {}};
  for (const FreezeWindow& w : env.freeze) {
    Result<FreezeState> state = FreezeAt(w, r.now);
    if (!state.ok()) {
      check.passed = false;
      check.reasons.push_back(w.origin + ": " + state.status().message());
    } else if (state->in_force) {
      check.passed = false;
      check.reasons.push_back(r.env + " is frozen: " + w.reason + " (since " + state->since +
                              (state->until.empty() ? "" : ", until " + state->until) + "; " +
                              w.origin + ")");
    }
  }
  return check;
}

// The artifact to deploy must be one attested for the current target (an `attest artifact`
// fingerprint), so what runs is what was tested and approved.
GateCheck ArtifactCheck(const GateRequest& r) {
  GateCheck check{"artifact", true, true, {}};
  const std::string digest = "sha256:" + r.artifact_sha256;
  std::string stale;
  for (const change::EvidenceEntry& e : r.record.evidence) {
    if (e.kind != "artifact" || StringAt(e.summary, "sha256") != r.artifact_sha256) continue;
    if (r.record.Current(e)) {
      check.reasons = {digest + " attested as " + e.file + " (event " + std::to_string(e.index) +
                       ")"};
      return check;
    }
    stale = e.commit;
  }
  check.passed = false;
  check.reasons.push_back(
      "artifact " + digest + " was not attested for the target " + r.record.target.substr(0, 12) +
      (stale.empty() ? "" : " (only for the earlier commit " + stale.substr(0, 12) + ")") +
      ": attest the build that is deployed (proofline attest artifact PATH --change " +
      r.record.id + ")");
  return check;
}

GateCheck WitnessCheck(const GateRequest& r, const WitnessRule& rule) {
  GateCheck check{"witnessed", true, true, {}};
  if (!r.witnessed) {
    check.passed = false;
    check.reasons.push_back("the ledger's cosignatures were not checked");
    return check;
  }
  const ledger::WitnessReport& w = *r.witnessed;
  if (!w.ok) {
    check.passed = false;
    check.reasons.push_back(w.problem + "; the witnesses cosign with proofline log witness");
    return check;
  }
  const uint64_t lag = r.ledger_events > w.witnessed_size ? r.ledger_events - w.witnessed_size : 0;
  const std::string what = "checkpoint " + std::to_string(w.witnessed_seq) + " (size " +
                           std::to_string(w.witnessed_size) + ") cosigned by " +
                           std::to_string(w.cosigners) + " of " + std::to_string(w.keys) +
                           " witnesses, " + std::to_string(lag) + " events since";
  if (rule.max_unwitnessed_events && lag > *rule.max_unwitnessed_events) {
    check.passed = false;
    check.reasons.push_back(what + ": more than the " +
                            std::to_string(*rule.max_unwitnessed_events) +
                            " the environment accepts; the witnesses cosign with proofline log "
                            "witness");
    return check;
  }
  check.reasons.push_back(what);
  return check;
}

std::string AddHours(const std::string& now, int hours) {
  Result<cel::Timestamp> t = cel::ParseTimestamp(now);
  if (!t.ok()) return "";
  std::optional<cel::Timestamp> due =
      cel::MakeTimestamp(t->seconds + int64_t{hours} * 3600, t->nanos);
  return due ? cel::FormatTimestamp(*due) : "";
}

}  // namespace

GateDecision Decide(const GateRequest& r) {
  GateDecision d;
  if (!r.directory || !r.approvals || !r.config || !r.catalogs) {
    d.checks.push_back(
        {"policy",
         false,
         false,
         {"nothing to hold the change to: the request lacks the identity "
          "directory, the approval policy, the gate configuration or the catalogs"}});
    return d;
  }
  Json facts = policy::ChangeFacts(r.record, r.now);
  facts["deployer"] = r.deployer.id;
  const Environment* env = r.config->FindEnvironment(r.env);
  d.checks.push_back(StateCheck(r.record));
  d.checks.push_back(EnvironmentCheck(r, env, facts));
  d.checks.push_back(ApprovalsCheck(r));
  d.checks.push_back(SeparationCheck(r));
  if (env != nullptr) {
    d.checks.push_back(TicketCheck(r, *env));
    d.checks.push_back(DeployerCheck(r, *env));
  }
  d.checks.push_back(EvidenceCheck(r, facts));
  if (env != nullptr) {
    d.checks.push_back(ControlsCheck(r, *env, facts));
    d.checks.push_back(FreezeCheck(r, *env));
  }
  if (!r.artifact_sha256.empty()) d.checks.push_back(ArtifactCheck(r));
  if (env != nullptr && !env->witnesses.keys.empty()) {
    d.checks.push_back(WitnessCheck(r, env->witnesses));
  }
  bool all =
      std::all_of(d.checks.begin(), d.checks.end(), [](const GateCheck& c) { return c.passed; });
  if (all || !r.break_glass) {
    d.allow = all;
    return d;
  }
  // Breaking the glass: only for the emergency roles, and never past a check that cannot yield.
  GateCheck glass{"break-glass", true, false, {}};
  const std::vector<std::string> none;
  const std::vector<std::string>& roles = env != nullptr ? env->break_glass.roles : none;
  if (std::none_of(roles.begin(), roles.end(),
                   [&](const std::string& role) { return r.deployer.HasRole(role); })) {
    std::string names;
    for (const std::string& role : roles) names += (names.empty() ? "" : ", ") + role;
    glass.passed = false;
    glass.reasons.push_back(r.deployer.id + " may not break the glass in " + r.env +
                            " (roles: " + (names.empty() ? "none configured" : names) + ")");
  }
  for (const GateCheck& c : d.checks) {
    if (c.passed) continue;
    if (!c.overridable) {
      glass.passed = false;
      glass.reasons.push_back("check " + c.name + " cannot be overridden");
    } else {
      d.overridden.push_back(c.name);
    }
  }
  if (glass.passed) {
    d.allow = true;
    d.break_glass = true;
    d.retro_approval_due = AddHours(r.now, env->break_glass.retro_approval_hours);
    glass.reasons.push_back("glass broken by " + r.deployer.id + ": " + r.break_glass_reason +
                            "; retroactive approval due by " + d.retro_approval_due);
  } else {
    d.overridden.clear();
  }
  d.checks.push_back(std::move(glass));
  return d;
}

Json GateDecision::ChecksJson() const {
  Json out = Json::array();
  for (const GateCheck& c : checks) {
    out.push_back({{"name", c.name}, {"passed", c.passed}, {"reasons", c.reasons}});
  }
  return out;
}

std::vector<ledger::EventInput> GateDecision::Events(const GateRequest& r) const {
  Json data = {{"env", r.env},
               {"target", r.record.target},
               {"deployer", r.deployer.id},
               {"decision", allow ? "allow" : "deny"},
               {"checks", ChecksJson()}};
  if (r.break_glass) data["break_glass_requested"] = true;
  if (!r.artifact_sha256.empty()) data["artifact"] = "sha256:" + r.artifact_sha256;
  std::vector<ledger::EventInput> out;
  if (break_glass) {
    Json glass = {{"reason", r.break_glass_reason},
                  {"overridden", overridden},
                  {"retro_approval_due", retro_approval_due}};
    data["break_glass"] = glass;
    Json loud = glass;
    loud["env"] = r.env;
    loud["target"] = r.record.target;
    loud["deployer"] = r.deployer.id;
    out.push_back(
        {std::string(events::kGateBreakGlass), r.record.id, r.deployer.id, std::move(loud)});
  }
  out.insert(out.begin(),
             {std::string(events::kGateDecided), r.record.id, r.deployer.id, std::move(data)});
  return out;
}

std::vector<Obligation> Obligations(const change::ChangeRecord& record,
                                    const approval::ApprovalPolicy& policy,
                                    const identity::Directory& directory, const std::string& now) {
  std::vector<Obligation> out;
  Result<cel::Timestamp> at = cel::ParseTimestamp(now);
  for (const change::EventSummary& e : record.events) {
    if (e.type != events::kGateBreakGlass) continue;
    Obligation o{record.id,
                 StringAt(e.data, "env"),
                 StringAt(e.data, "target"),
                 StringAt(e.data, "deployer"),
                 StringAt(e.data, "reason"),
                 StringAt(e.data, "retro_approval_due"),
                 e.index,
                 false,
                 false};
    change::ChangeRecord on_target = record;  // approvals count for the target that was deployed
    on_target.target = o.target;
    o.fulfilled = approval::Evaluate(policy, on_target, directory, now).satisfied;
    Result<cel::Timestamp> due = cel::ParseTimestamp(o.due);
    o.overdue = !o.fulfilled && (!due.ok() || !at.ok() || *due < *at);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace proofline::gate
