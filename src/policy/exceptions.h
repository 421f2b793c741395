// Policy exceptions: an approved, expiring waiver of one control, recorded in the ledger so an
// auditor sees who excused what, why, and until when.
//
// Event `policy.exception.granted` (actor: the approver), subject the change id it is limited to,
// or "policy" for every change; data {control, reason, until, approved_by}: `control` a control
// id (it waives that id in every framework), `until` an RFC 3339 time after which it no longer
// applies. Exceptions are never edited or revoked in place: a later grant for the same control
// and subject supersedes nothing, validate simply uses the latest one still in force.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"
#include "ledger/ledger.h"
#include "store/store.h"

namespace proofline::policy {

inline constexpr char kExceptionGrantedType[] = "policy.exception.granted";
inline constexpr char kAllChangesSubject[] = "policy";

struct PolicyException {
  std::string control, reason, until, approved_by;
  std::string subject;  // a change id, or kAllChangesSubject
  uint64_t index = 0;   // ledger index of the grant
  std::string granted_at;

  Json ToJson() const;
};

// The grant event for `e` (index and granted_at are ignored). InvalidArgument when the control or
// reason is empty, `until` is not RFC 3339 or not after `now`.
Result<ledger::EventInput> ExceptionEvent(const PolicyException& e, const std::string& now);

// The exceptions granted for `change_id` and for all changes, in ledger order (expired ones
// included: validate reports them as ignored). An empty `change_id` gives only the latter.
Result<std::vector<PolicyException>> LoadExceptions(store::Store* store,
                                                    const std::string& change_id);

// True when `e` is still in force at `now` (both RFC 3339); an unreadable time is not in force.
bool InForce(const PolicyException& e, const std::string& now);

}  // namespace proofline::policy
