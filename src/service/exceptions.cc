// Exception operations (exceptions.h).
#include "service/exceptions.h"

#include "ledger/event.h"

namespace proofline::service {

Result<ExceptionOutcome> RequestException(Workspace& ws, const Caller& caller,
                                          const ExceptionInput& input) {
  ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, "exception request"));
  ExceptionOutcome out;
  ASSIGN_OR_RETURN(out.record, ws.Change(input.change));
  policy::ExceptionRequest request;
  request.change = out.record.id;
  request.control = input.control;
  request.reason = input.reason;
  request.until = input.until;
  request.requested_by = actor.user.id;
  ASSIGN_OR_RETURN(out.event, policy::RequestEvent(request, ledger::NowRfc3339Micros()));
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, Record(ws, {out.event}));
  out.index = appended[0].index;
  out.requested_by = actor.user.id;
  out.actor = actor.user;
  return out;
}

Result<ExceptionOutcome> ApproveException(Workspace& ws, const Caller& caller,
                                          const ExceptionInput& input) {
  ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, "exception approve"));
  ExceptionOutcome out;
  ASSIGN_OR_RETURN(out.record, ws.Change(input.change));
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  ASSIGN_OR_RETURN(std::vector<policy::ExceptionRequest> requests,
                   policy::LoadRequests(store, out.record.id));
  const policy::ExceptionRequest* request = nullptr;
  for (const policy::ExceptionRequest& r : requests) {
    if (r.control == input.control && (request == nullptr || !r.granted)) request = &r;
  }
  if (request == nullptr) {
    return NotFound("no exception request for " + input.control + " on " + out.record.id +
                    " (proofline exception request)");
  }
  Result<ledger::EventInput> grant =
      policy::GrantEvent(*request, actor.user, input.until, ledger::NowRfc3339Micros());
  if (!grant.ok() && grant.status().code() == StatusCode::kPermissionDenied) {
    RETURN_IF_ERROR(
        Record(ws, {policy::RefusedEvent(*request, actor.user.id, grant.status().message())})
            .status());
  }
  RETURN_IF_ERROR(grant.status());
  if (!input.reason.empty()) grant->data["comment"] = input.reason;
  out.event = std::move(*grant);
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, Record(ws, {out.event}));
  out.index = appended[0].index;
  out.requested_by = request->requested_by;
  out.actor = actor.user;
  return out;
}

Result<std::vector<policy::PolicyException>> ListExceptions(Workspace& ws,
                                                            const std::string& change) {
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  return policy::LoadExceptions(store, change);
}

}  // namespace proofline::service
