// The integration API (integration.h).
#include "service/integration.h"

#include "events/catalogue.h"

namespace proofline::service {

namespace {

// Who the events are recorded as: the token's user once the store has an identity directory
// (authenticating the caller, or recording the refusal), the local user before.
struct IntegrationActor {
  std::string id;
  bool pinned = false;  // events may not name anyone else
};

Result<IntegrationActor> ResolveActor(Workspace& ws, const Caller& caller) {
  ASSIGN_OR_RETURN(bool has_directory, ws.HasDirectory());
  if (!has_directory) return IntegrationActor{caller.local_user, false};
  ASSIGN_OR_RETURN(identity::Actor a, ws.Authenticate(caller, "log append"));
  return IntegrationActor{a.user.id, true};
}

Status RefuseReserved(const std::vector<ledger::EventInput>& events) {
  for (const ledger::EventInput& e : events) {
    if (const events::ReservedPrefix* r = events::Reserved(e.type)) {
      return InvalidArgument("event type '" + e.type + "' is reserved: only " +
                             std::string(r->owner) +
                             " records it (log append records an integration's own types)");
    }
  }
  return OkStatus();
}

// Refuses another person's actor; stamps the actor where none is given.
Status StampActor(std::vector<ledger::EventInput>* events, const IntegrationActor& actor) {
  for (ledger::EventInput& e : *events) {
    if (actor.pinned && !e.actor.empty() && e.actor != actor.id) {
      return InvalidArgument("actor '" + e.actor + "': events are recorded as the token's user (" +
                             actor.id + ") once the store has an identity directory");
    }
    if (e.actor.empty()) e.actor = actor.id;
  }
  return OkStatus();
}

}  // namespace

Result<std::vector<ledger::Appended>> AppendIntegrationEvents(
    Workspace& ws, const Caller& caller, std::vector<ledger::EventInput> events) {
  RETURN_IF_ERROR(RefuseReserved(events));  // before anyone is asked for a token
  ASSIGN_OR_RETURN(IntegrationActor actor, ResolveActor(ws, caller));
  RETURN_IF_ERROR(StampActor(&events, actor));
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  return ledger->AppendIntegration(events);
}

Result<ledger::Ledger::StreamAppended> AppendIntegrationStream(
    Workspace& ws, const Caller& caller, const ledger::Ledger::EventSource& source) {
  ASSIGN_OR_RETURN(IntegrationActor actor, ResolveActor(ws, caller));
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  return ledger->AppendIntegrationStream(
      [&](std::vector<ledger::EventInput>* chunk) -> Result<bool> {
        ASSIGN_OR_RETURN(bool more, source(chunk));
        RETURN_IF_ERROR(RefuseReserved(*chunk));
        RETURN_IF_ERROR(StampActor(chunk, actor));
        return more;
      });
}

}  // namespace proofline::service
