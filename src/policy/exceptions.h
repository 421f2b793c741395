// Policy exceptions: an approved, expiring waiver of one control for one change, recorded in the
// ledger so an auditor sees who asked, who excused what, why, and until when.
//
// Two steps, two people: anyone may request; only a COMPLIANCE_OFFICER who is not the requester
// may approve (PCI DSS and SOX auditors expect the waiver to be independent of who needs it).
//   policy.exception.requested  subject change id, actor requester: {control, reason, until}
//   policy.exception.granted    subject change id, actor approver:
//                               {control, reason, until, approved_by, requested_by, request}
//                               (`request` the requested event's index; `until` may be shortened
//                               by the approver, never lengthened)
//   policy.exception.refused    subject change id, actor the user refused: {control, request,
//                               reason} (a refusal is evidence too)
// `control` waives that id in every framework; `until` is RFC 3339, after which the exception no
// longer applies. Nothing is edited or revoked in place: validate uses the exceptions in force.
#pragma once

#include <string>
#include <vector>

#include "base/json.h"
#include "events/catalogue.h"
#include "identity/directory.h"
#include "ledger/ledger.h"
#include "store/store.h"

namespace proofline::policy {

struct ExceptionRequest {
  std::string change, control, reason, until, requested_by;
  uint64_t index = 0;  // ledger index of the request
  std::string requested_at;
  bool granted = false;
};

struct PolicyException {
  std::string control, reason, until, approved_by, requested_by;
  std::string subject;  // the change id
  uint64_t index = 0;   // ledger index of the grant
  uint64_t request = 0;
  std::string granted_at;

  Json ToJson() const;
};

// The request event. InvalidArgument when the control or reason is empty, `until` is not RFC 3339
// or not after `now`.
Result<ledger::EventInput> RequestEvent(const ExceptionRequest& r, const std::string& now);

// The grant of `request` by `approver`, with `until` ("" keeps the requested one). PermissionDenied
// with the reason when the approver is not a COMPLIANCE_OFFICER, is the requester, or the request
// was already granted; InvalidArgument for an `until` later than requested or not in the future.
Result<ledger::EventInput> GrantEvent(const ExceptionRequest& request,
                                      const identity::User& approver, const std::string& until,
                                      const std::string& now);

// The refusal event recording a denied grant attempt.
ledger::EventInput RefusedEvent(const ExceptionRequest& request, const std::string& user,
                                const std::string& reason);

// The requests of `change_id`, in ledger order, each marked granted when a grant names it.
Result<std::vector<ExceptionRequest>> LoadRequests(store::Store* store,
                                                   const std::string& change_id);

// The exceptions granted for `change_id`, in ledger order (expired ones included: validate
// reports them as ignored).
Result<std::vector<PolicyException>> LoadExceptions(store::Store* store,
                                                    const std::string& change_id);

// True when `e` is still in force at `now` (both RFC 3339); an unreadable time is not in force.
bool InForce(const PolicyException& e, const std::string& now);

}  // namespace proofline::policy
