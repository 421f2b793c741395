// Records and reads policy exceptions (see exceptions.h): the ledger is their only store.
#include "policy/exceptions.h"

#include "cel/time.h"
#include "ledger/event.h"

namespace proofline::policy {
namespace {

// `until` normalised, checked to be after `now`.
Result<std::string> FutureTime(const std::string& until, const std::string& now) {
  Result<cel::Timestamp> t = cel::ParseTimestamp(until);
  if (!t.ok()) return InvalidArgument("--until '" + until + "': " + t.status().message());
  ASSIGN_OR_RETURN(cel::Timestamp at, cel::ParseTimestamp(now));
  if (*t <= at) return InvalidArgument("--until " + until + " is not in the future");
  return cel::FormatTimestamp(*t);
}

// Calls `fn(entry, parsed)` for each event of `type` about `change_id`.
template <typename Fn>
Status ScanChangeEvents(store::Store* store, std::string_view type, const std::string& change_id,
                        Fn fn) {
  store::EntryFilter filter;
  filter.type = type;
  filter.subject = change_id;
  return store->ScanEntries(filter, [&](const store::LedgerEntry& entry) -> Status {
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseStoredEntry(entry));
    if (p.FromOwner()) fn(entry, p);
    return OkStatus();
  });
}

}  // namespace

Json PolicyException::ToJson() const {
  return {{"control", control},
          {"reason", reason},
          {"until", until},
          {"approved_by", approved_by},
          {"requested_by", requested_by},
          {"change", subject},
          {"index", index},
          {"request", request},
          {"granted_at", granted_at}};
}

Result<ledger::EventInput> RequestEvent(const ExceptionRequest& r, const std::string& now) {
  if (r.control.empty()) return InvalidArgument("an exception needs a control id");
  if (r.reason.empty()) return InvalidArgument("an exception needs a reason");
  ASSIGN_OR_RETURN(std::string until, FutureTime(r.until, now));
  return ledger::EventInput{std::string(events::kExceptionRequested),
                            r.change,
                            r.requested_by,
                            {{"control", r.control}, {"reason", r.reason}, {"until", until}}};
}

Result<ledger::EventInput> GrantEvent(const ExceptionRequest& request,
                                      const identity::User& approver, const std::string& until,
                                      const std::string& now) {
  if (!approver.HasRole(identity::kComplianceOfficer)) {
    return PermissionDenied(approver.id + " is not a " + identity::kComplianceOfficer +
                            ": only a compliance officer approves exceptions");
  }
  if (approver.id == request.requested_by) {
    return PermissionDenied(approver.id +
                            " requested this exception and may not approve it (separation of "
                            "duties)");
  }
  if (request.granted) {
    return PermissionDenied("exception request #" + std::to_string(request.index) +
                            " is already approved");
  }
  ASSIGN_OR_RETURN(std::string granted_until,
                   FutureTime(until.empty() ? request.until : until, now));
  ASSIGN_OR_RETURN(cel::Timestamp granted_at, cel::ParseTimestamp(granted_until));
  Result<cel::Timestamp> requested = cel::ParseTimestamp(request.until);
  if (!requested.ok() || granted_at > *requested) {
    return InvalidArgument("--until " + until + " is later than requested (" + request.until +
                           "); an approver may shorten an exception, not lengthen it");
  }
  Json data = {{"control", request.control},
               {"reason", request.reason},
               {"until", granted_until},
               {"approved_by", approver.id},
               {"requested_by", request.requested_by},
               {"request", request.index}};
  return ledger::EventInput{std::string(events::kExceptionGranted), request.change, approver.id,
                            std::move(data)};
}

ledger::EventInput RefusedEvent(const ExceptionRequest& request, const std::string& user,
                                const std::string& reason) {
  return {std::string(events::kExceptionRefused),
          request.change,
          user,
          {{"control", request.control}, {"request", request.index}, {"reason", reason}}};
}

Result<std::vector<ExceptionRequest>> LoadRequests(store::Store* store,
                                                   const std::string& change_id) {
  std::vector<ExceptionRequest> out;
  RETURN_IF_ERROR(ScanChangeEvents(
      store, events::kExceptionRequested, change_id,
      [&](const store::LedgerEntry& entry, const ledger::ParsedEvent& p) {
        out.push_back({p.subject, StringAt(p.data, "control"), StringAt(p.data, "reason"),
                       StringAt(p.data, "until"), p.actor, entry.index, p.time, false});
      }));
  ASSIGN_OR_RETURN(std::vector<PolicyException> grants, LoadExceptions(store, change_id));
  for (const PolicyException& g : grants) {
    for (ExceptionRequest& r : out) r.granted = r.granted || r.index == g.request;
  }
  return out;
}

Result<std::vector<PolicyException>> LoadExceptions(store::Store* store,
                                                    const std::string& change_id) {
  std::vector<PolicyException> out;
  RETURN_IF_ERROR(ScanChangeEvents(
      store, events::kExceptionGranted, change_id,
      [&](const store::LedgerEntry& entry, const ledger::ParsedEvent& p) {
        out.push_back({StringAt(p.data, "control"), StringAt(p.data, "reason"),
                       StringAt(p.data, "until"), StringAt(p.data, "approved_by", p.actor),
                       StringAt(p.data, "requested_by"), p.subject, entry.index,
                       UintAt(p.data, "request"), p.time});
      }));
  return out;
}

bool InForce(const PolicyException& e, const std::string& now) {
  Result<cel::Timestamp> until = cel::ParseTimestamp(e.until);
  Result<cel::Timestamp> at = cel::ParseTimestamp(now);
  return until.ok() && at.ok() && *at < *until;
}

}  // namespace proofline::policy
