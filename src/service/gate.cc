// The gate operation (gate.h).
#include "service/gate.h"

#include "ledger/event.h"
#include "policy/exceptions.h"

namespace proofline::service {

Result<GateOutcome> DecideGate(Workspace& ws, const Caller& caller, const GateInput& input,
                               const std::string& command) {
  if (input.break_glass && input.reason.empty()) {
    return InvalidArgument("--break-glass needs --reason");
  }
  if (!input.break_glass && !input.reason.empty()) {
    return InvalidArgument("--reason is for --break-glass");
  }
  RETURN_IF_ERROR(ws.Verify());
  ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, command));
  ASSIGN_OR_RETURN(const identity::Directory* directory, ws.Directory());
  GateOutcome out;
  ASSIGN_OR_RETURN(out.record, ws.Change(input.change));
  ASSIGN_OR_RETURN(const ProjectPolicy* policy, ws.Policy(out.record, input.config));
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  out.deployer = actor.user;
  out.env = input.env;
  out.break_glass_reason = input.reason;
  // The request borrows from `out`, the directory and the policy for the call to Decide only.
  gate::GateRequest request;
  request.record = &out.record;
  request.deployer = &out.deployer;
  request.directory = directory;
  request.approvals = &policy->approvals;
  request.config = &policy->gate;
  request.catalogs = &policy->catalogs;
  ASSIGN_OR_RETURN(request.exceptions, policy::LoadExceptions(store, out.record.id));
  request.production_environments = policy->risk.production_environments;
  request.env = input.env;
  request.now = ledger::NowRfc3339Micros();
  request.break_glass = input.break_glass;
  request.break_glass_reason = input.reason;
  out.decision = gate::Decide(request);
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended,
                   Record(ws, out.decision.Events(request)));
  out.event = appended.front().index;
  if (out.decision.break_glass) out.break_glass_event = appended.back().index;
  return out;
}

}  // namespace proofline::service
