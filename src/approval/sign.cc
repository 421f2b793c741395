// Signing decisions (sign.h).
#include "approval/sign.h"

#include "events/catalogue.h"

namespace proofline::approval {
namespace {

std::string Join(const std::vector<std::string>& why) {
  std::string out;
  for (const std::string& w : why) out += (out.empty() ? "" : "; ") + w;
  return out;
}

SignDecision Refusal(const change::ChangeRecord& record, const identity::User& user,
                     const std::string& action, const std::vector<std::string>& why) {
  SignDecision d;
  d.refused = true;
  d.reason = Join(why);
  d.events = {RefusedEvent(record, user.id, action, d.reason)};
  return d;
}

Status CheckPending(const change::ChangeRecord& c, const std::string& action) {
  if (c.state == change::State::kPendingApproval) return OkStatus();
  return InvalidArgument("change " + c.id + " is " + change::StateName(c.state) + "; only a " +
                         "pending-approval change can be " + action);
}

}  // namespace

ledger::EventInput RefusedEvent(const change::ChangeRecord& record, const std::string& user,
                                const std::string& action, const std::string& reason) {
  return {std::string(events::kApprovalRefused),
          record.id,
          user,
          {{"user", user}, {"action", action}, {"reason", reason}, {"target", record.target}}};
}

Result<SignDecision> DecideApprove(const ApprovalPolicy& policy, const change::ChangeRecord& record,
                                   const identity::Directory& directory,
                                   const identity::User& signer, const std::string& meaning,
                                   const std::string& comment, const std::string& now) {
  if (meaning.empty()) {
    return InvalidArgument("an approval is a signature: give its meaning with --meaning");
  }
  std::vector<std::string> why = Conflicts(policy, record, signer, directory);
  if (!why.empty()) return Refusal(record, signer, "approve", why);
  RETURN_IF_ERROR(CheckPending(record, "approved"));
  SignDecision d;
  d.signature = {{"user", signer.id},
                 {"name", signer.name},
                 {"roles", signer.roles},
                 {"meaning", meaning},
                 {"target", record.target}};
  if (!comment.empty()) d.signature["comment"] = comment;
  d.events = {{std::string(events::kApprovalGranted), record.id, signer.id, d.signature}};
  // Does this signature complete the route? Then the move to approved is in the same batch.
  change::ChangeRecord after = record;
  change::Signature signed_now = change::Signature::FromJson(d.signature);
  signed_now.time = now;
  after.approvals.push_back(std::move(signed_now));
  d.after = Evaluate(policy, after, directory, now);
  if (d.after.satisfied) {
    d.events.push_back(change::StateEvent(record.id, record.state, change::State::kApproved,
                                          signer.id,
                                          "approvals complete: " + d.after.rule.Describe()));
  }
  return d;
}

Result<SignDecision> DecideReject(const ApprovalPolicy& policy, const change::ChangeRecord& record,
                                  const identity::Directory& directory, const identity::User& user,
                                  const std::string& reason) {
  std::vector<std::string> why = IndependenceConflicts(policy, record, user, directory);
  if (!why.empty()) return Refusal(record, user, "reject", why);
  if (!change::TransitionAllowed(record.state, change::State::kRejected)) {
    return InvalidArgument("change " + record.id + " is " + change::StateName(record.state) +
                           "; it cannot be rejected");
  }
  SignDecision d;
  d.events = {
      {std::string(events::kApprovalRejected),
       record.id,
       user.id,
       {{"user", user.id}, {"name", user.name}, {"reason", reason}, {"target", record.target}}},
      change::StateEvent(record.id, record.state, change::State::kRejected, user.id,
                         "rejected by " + user.id + ": " + reason)};
  return d;
}

Result<AutomatedDecision> DecideAutomated(const ApprovalPolicy& policy,
                                          const change::ChangeRecord& record,
                                          const std::string& actor, const std::string& now) {
  RETURN_IF_ERROR(CheckPending(record, "approved"));
  const std::string& route = record.risk.route;
  if (route != "automated") {
    return InvalidArgument("change " + record.id + " is routed " + route +
                           ": it needs people's approvals, not automated checks");
  }
  AutomatedDecision d;
  d.checks = RunChecks(policy, record, now);
  d.passed = true;
  Json checks = Json::array();
  for (const CheckOutcome& c : d.checks) {
    Json j = {{"name", c.name}, {"passed", c.passed}};
    if (!c.passed) {
      j["reason"] = c.reason;
      d.passed = false;
    }
    checks.push_back(std::move(j));
  }
  d.events = {{std::string(events::kApprovalAutomated),
               record.id,
               actor,
               {{"target", record.target}, {"passed", d.passed}, {"checks", std::move(checks)}}}};
  if (d.passed) {
    d.events.push_back(change::StateEvent(record.id, record.state, change::State::kApproved, actor,
                                          "approved automatically: every automated check passed"));
  }
  return d;
}

}  // namespace proofline::approval
