// Where a change stands on its approvals, and who may sign it.
//
// Events (subject the change id, actor the signer's user id):
//   approval.granted   {user, name, roles, meaning, comment?, target}: an electronic signature
//                      in the 21 CFR Part 11 sense: the signer's printed name, the meaning of
//                      the signature, and (the event time) when it was signed
//   approval.rejected  {user, name, reason, target}
//   approval.refused   {user, action, reason, target}: an attempt refused (separation of duties)
//   approval.automated {target, checks: [{name, passed, reason?}]}: the automated route's
//                      checks, passed or not (when not, the change falls to a technical lead)
// An approval counts only for the target commit it signed: a new target (rebase, push) resets
// every approval.
#pragma once

#include <string>
#include <vector>

#include "approval/policy.h"
#include "change/change.h"
#include "identity/directory.h"

namespace proofline::approval {

struct CheckOutcome {
  std::string name;
  bool passed = false;
  std::string reason;  // why it failed (the check's reason, or the evaluation error)
};

using Signature = change::Signature;

struct ApprovalStatus {
  std::string route;                 // from the assessment: automated | single | quorum
  std::string effective_route;       // automated becomes single when a check fails
  RouteRule rule;                    // of the effective route (none needed when automated)
  std::vector<CheckOutcome> checks;  // evaluated for the automated route only
  std::vector<Signature> approvals;  // valid signatures on the current target
  std::vector<std::string> ignored;  // approvals that do not count, each with why
  size_t reset = 0;                  // approvals of earlier targets
  bool satisfied = false;
  std::vector<std::string> missing;  // what is still needed, one line each

  Json ToJson() const;
};

// Why `user` is not independent of `record` (empty when they are): its requester, or author,
// committer or co-author of any of its commits (matched through the directory's aliases and
// `policy.commit_addresses`).
std::vector<std::string> IndependenceConflicts(const ApprovalPolicy& policy,
                                               const change::ChangeRecord& record,
                                               const identity::User& user,
                                               const identity::Directory& directory);

// Why `user` authored, committed or co-authored a commit of `record` (empty when not): what
// keeps a deployer from deploying their own code.
std::vector<std::string> AuthorshipConflicts(const ApprovalPolicy& policy,
                                             const change::ChangeRecord& record,
                                             const identity::User& user,
                                             const identity::Directory& directory);

// The change's commit addresses that are nobody known (neither a directory user through its
// aliases nor mapped by `policy.commit_addresses`), each as a reason naming the address: while
// any is left, separation of duties cannot be shown.
std::vector<std::string> UnknownCommitPeople(const ApprovalPolicy& policy,
                                             const change::ChangeRecord& record,
                                             const identity::Directory& directory);

// Why `user` may not sign `record` (empty when they may): IndependenceConflicts, or already
// signed this target.
std::vector<std::string> Conflicts(const ApprovalPolicy& policy, const change::ChangeRecord& record,
                                   const identity::User& user,
                                   const identity::Directory& directory);

// The status of `record` under `policy`, its facts evaluated at `now` for the automated checks.
// Approvals are re-checked against the directory and the commits (an alias added later still
// disqualifies a signer); each person fills at most one required role.
ApprovalStatus Evaluate(const ApprovalPolicy& policy, const change::ChangeRecord& record,
                        const identity::Directory& directory, const std::string& now);

// The automated checks over the change's facts.
std::vector<CheckOutcome> RunChecks(const ApprovalPolicy& policy,
                                    const change::ChangeRecord& record, const std::string& now);

}  // namespace proofline::approval
