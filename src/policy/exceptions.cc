// Records and reads policy exceptions (see exceptions.h): the ledger is their only store.
#include "policy/exceptions.h"

#include "cel/time.h"
#include "ledger/event.h"

namespace proofline::policy {

Json PolicyException::ToJson() const {
  return {{"control", control},         {"reason", reason},   {"until", until},
          {"approved_by", approved_by}, {"subject", subject}, {"index", index},
          {"granted_at", granted_at}};
}

Result<ledger::EventInput> ExceptionEvent(const PolicyException& e, const std::string& now) {
  if (e.control.empty()) return InvalidArgument("an exception needs a control id");
  if (e.reason.empty()) return InvalidArgument("an exception needs a reason");
  if (e.approved_by.empty()) return InvalidArgument("an exception needs an approver");
  Result<cel::Timestamp> until = cel::ParseTimestamp(e.until);
  if (!until.ok()) return InvalidArgument("--until '" + e.until + "': " + until.status().message());
  ASSIGN_OR_RETURN(cel::Timestamp at, cel::ParseTimestamp(now));
  if (*until <= at) return InvalidArgument("--until " + e.until + " is not in the future");
  Json data = {{"control", e.control},
               {"reason", e.reason},
               {"until", cel::FormatTimestamp(*until)},
               {"approved_by", e.approved_by}};
  return ledger::EventInput{kExceptionGrantedType, e.subject, e.approved_by, std::move(data)};
}

Result<std::vector<PolicyException>> LoadExceptions(store::Store* store,
                                                    const std::string& change_id) {
  std::vector<PolicyException> out;
  store::EntryFilter filter;
  filter.type = kExceptionGrantedType;
  RETURN_IF_ERROR(store->ScanEntries(filter, [&](const store::LedgerEntry& entry) -> Status {
    if (entry.subject != kAllChangesSubject && entry.subject != change_id) return OkStatus();
    ASSIGN_OR_RETURN(ledger::ParsedEvent p, ledger::ParseEntry(entry.entry));
    out.push_back({StringAt(p.data, "control"), StringAt(p.data, "reason"),
                   StringAt(p.data, "until"), StringAt(p.data, "approved_by", p.actor), p.subject,
                   entry.index, p.time});
    return OkStatus();
  }));
  return out;
}

bool InForce(const PolicyException& e, const std::string& now) {
  Result<cel::Timestamp> until = cel::ParseTimestamp(e.until);
  Result<cel::Timestamp> at = cel::ParseTimestamp(now);
  return until.ok() && at.ok() && *at < *until;
}

}  // namespace proofline::policy
