// The ledger's integration API (`proofline log append`): events of an integration's own types
// (a ticket system, a CI, a change-advisory board) recorded beside Proofline's. It cannot write
// a domain event: every type under a reserved namespace (events/catalogue.h) is refused, naming
// the command that owns it. Once the store has an identity directory, an event is recorded as the
// caller's user (a token is required; an actor naming anyone else is refused).
#pragma once

#include <vector>

#include "ledger/ledger.h"
#include "service/workspace.h"

namespace proofline::service {

// Appends `events` in one batch (all or nothing). An empty actor means the caller: the token's
// user, or the local user while the store has no identity directory. InvalidArgument (nothing
// recorded) for a reserved type or another person's actor; PermissionDenied without a valid
// token when identities are configured.
Result<std::vector<ledger::Appended>> AppendIntegrationEvents(
    Workspace& ws, const Caller& caller, std::vector<ledger::EventInput> events);

// The same for a batch read as it is appended (`log append --batch`): the caller authenticated
// first, then every chunk `source` yields checked as above and appended in one transaction
// (ledger::Ledger::AppendIntegrationStream: bounded memory, all or nothing).
Result<ledger::Ledger::StreamAppended> AppendIntegrationStream(
    Workspace& ws, const Caller& caller, const ledger::Ledger::EventSource& source);

}  // namespace proofline::service
