// The integration API (integration.h).
#include "service/integration.h"

#include "events/catalogue.h"

namespace proofline::service {

Result<std::vector<ledger::Appended>> AppendIntegrationEvents(
    Workspace& ws, const Caller& caller, std::vector<ledger::EventInput> events) {
  for (const ledger::EventInput& e : events) {
    if (const events::ReservedPrefix* r = events::Reserved(e.type)) {
      return InvalidArgument("event type '" + e.type + "' is reserved: only " +
                             std::string(r->owner) +
                             " records it (log append records an integration's own types)");
    }
  }
  std::string actor = caller.local_user;
  ASSIGN_OR_RETURN(bool has_directory, ws.HasDirectory());
  if (has_directory) {
    ASSIGN_OR_RETURN(identity::Actor a, ws.Authenticate(caller, "log append"));
    actor = a.user.id;
    for (const ledger::EventInput& e : events) {
      if (!e.actor.empty() && e.actor != actor) {
        return InvalidArgument("actor '" + e.actor +
                               "': events are recorded as the token's user (" + actor +
                               ") once the store has an identity directory");
      }
    }
  }
  for (ledger::EventInput& e : events) {
    if (e.actor.empty()) e.actor = actor;
  }
  ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
  return ledger->AppendIntegration(events);
}

}  // namespace proofline::service
