// Approval operations (approvals.h).
#include "service/approvals.h"

#include "approval/sign.h"
#include "ledger/event.h"

namespace proofline::service {
namespace {

struct Loaded {
  change::ChangeRecord record;
  std::shared_ptr<const identity::Directory> directory = nullptr;
  std::shared_ptr<const ProjectPolicy> policy = nullptr;
};

Result<Loaded> Load(Workspace& ws, const std::string& id, const std::string& config) {
  Loaded l;
  ASSIGN_OR_RETURN(l.directory, ws.Directory());
  ASSIGN_OR_RETURN(l.record, ws.Change(id));
  ASSIGN_OR_RETURN(l.policy, ws.Policy(l.record, config));
  return l;
}

// Adds the caller's credentials (service/workspace.h) to the first event: the signature, the
// rejection or the automated approval.
void Stamp(Workspace& ws, std::vector<ledger::EventInput>* events) {
  const Json credentials = ws.Credentials();
  for (const auto& [key, value] : credentials.items()) events->front().data[key] = value;
}

// Records the refusal and returns it (exit 1 at the CLI).
Status Refuse(Workspace& ws, const approval::SignDecision& d, const std::string& action) {
  RETURN_IF_ERROR(Record(ws, d.events).status());
  return PermissionDenied(action + " refused: " + d.reason + " (separation of duties; recorded)");
}

}  // namespace

Result<ApproveResult> Approve(Workspace& ws, const Caller& caller, const ApproveRequest& request) {
  RETURN_IF_ERROR(RefuseOverride(request.config, "approve"));
  ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, "approve"));
  ASSIGN_OR_RETURN(Loaded l, Load(ws, request.change, request.config));
  ASSIGN_OR_RETURN(
      approval::SignDecision d,
      approval::DecideApprove(l.policy->approvals, l.record, *l.directory, actor.user,
                              request.meaning, request.comment, ledger::NowRfc3339Micros()));
  if (d.refused) return Refuse(ws, d, "approve");
  Stamp(ws, &d.events);
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, Record(ws, d.events));
  ApproveResult out;
  out.record = std::move(l.record);
  out.signer = actor.user;
  out.signature = std::move(d.signature);
  out.index = appended[0].index;
  out.time = appended[0].time;
  out.approved = d.after.satisfied;
  out.missing = std::move(d.after.missing);
  return out;
}

Result<RejectResult> Reject(Workspace& ws, const Caller& caller, const RejectRequest& request) {
  RETURN_IF_ERROR(RefuseOverride(request.config, "reject"));
  ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, "reject"));
  ASSIGN_OR_RETURN(Loaded l, Load(ws, request.change, request.config));
  ASSIGN_OR_RETURN(approval::SignDecision d,
                   approval::DecideReject(l.policy->approvals, l.record, *l.directory, actor.user,
                                          request.reason));
  if (d.refused) return Refuse(ws, d, "reject");
  Stamp(ws, &d.events);
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, Record(ws, d.events));
  return RejectResult{std::move(l.record), actor.user, appended[0].index};
}

Result<AutomatedResult> ApproveAutomated(Workspace& ws, const Caller& caller,
                                         const std::string& change, const std::string& config) {
  RETURN_IF_ERROR(RefuseOverride(config, "approve --automated"));
  ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, "approve"));
  ASSIGN_OR_RETURN(Loaded l, Load(ws, change, config));
  ASSIGN_OR_RETURN(approval::AutomatedDecision d,
                   approval::DecideAutomated(l.policy->approvals, l.record, actor.user.id,
                                             ledger::NowRfc3339Micros()));
  Stamp(ws, &d.events);
  RETURN_IF_ERROR(Record(ws, d.events).status());
  AutomatedResult out;
  out.record = std::move(l.record);
  out.passed = d.passed;
  out.checks = std::move(d.checks);
  out.fallback = l.policy->approvals.Rule("single").Describe();
  return out;
}

Result<ApprovalView> Approvals(Workspace& ws, const std::string& change,
                               const std::string& config) {
  ASSIGN_OR_RETURN(Loaded l, Load(ws, change, config));
  ApprovalView view;
  view.status =
      approval::Evaluate(l.policy->approvals, l.record, *l.directory, ledger::NowRfc3339Micros());
  view.record = std::move(l.record);
  return view;
}

}  // namespace proofline::service
