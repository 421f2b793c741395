// How a change gets approved: who must sign for each route of the risk assessment, and the
// automated checks that let a low-risk change through without a person.
//
// The `approvals:` section of proofline.yaml (read at the change's baseline, like the risk rules:
// a change cannot lower its own bar); every key optional, defaults shown:
//   approvals:
//     routes:
//       single: {approvers: 1, including: {TECHNICAL_LEAD: 1}}
//       quorum: {approvers: 3, including: {TECHNICAL_LEAD: 1, SECURITY_OFFICER: 1,
//                                          COMPLIANCE_OFFICER: 1}}
//     automated_checks:                  # replaces the list; each a CEL expression over the
//       - name: tests-passed             # change's facts (policy/facts.h) that must be true
//         expr: has(evidence.tests) && evidence.tests.failures == 0 && ...
//         reason: what a failure means
//     commit_addresses:                  # commit addresses the identity directory does not know
//       ci@bank.example: automation      # a machine: it keeps no person out
//       tom.old@bank.example: tom        # a person: tom, as if the directory listed the address
// `approvers` is the number of distinct people; `including` how many of them must hold each role.
// One person fills at most one role of a change (separation of duties), so a user who is both
// TECHNICAL_LEAD and SECURITY_OFFICER counts once. A route "automated" whose checks all pass needs
// no person; if any check fails the change falls to the `single` route (a technical lead), with
// the failing checks listed.
// Every author, committer and co-author of a change's commits must be someone: a directory user
// (through its aliases) or an address `commit_addresses` maps. An address nobody knows fails
// separation of duties with the address named: a commit under a stranger's name could be anyone's,
// including an approver's.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "cel/eval.h"

namespace proofline::approval {

struct RouteRule {
  int approvers = 1;
  std::map<std::string, int> including;  // role -> people holding it among the approvers
  std::string Describe() const;          // "2 approvers including 1 SECURITY_OFFICER, ..."
};

struct AutomatedCheck {
  std::string name, expr, reason;
  cel::Program program;
};

struct ApprovalPolicy {
  std::map<std::string, RouteRule> routes;  // "single", "quorum"
  std::vector<AutomatedCheck> automated_checks;
  // Canonical address (identity::Directory::CanonicalAddress) -> a user id, or kAutomation.
  std::map<std::string, std::string> commit_addresses;
  std::string source;  // where it came from: "defaults" or FILE

  // The rule of `route` ("automated" falls back to "single").
  const RouteRule& Rule(std::string_view route) const;
};

inline constexpr std::string_view kAutomation = "automation";

// The defaults above.
ApprovalPolicy DefaultApprovalPolicy();

// The defaults overridden by the `approvals:` section of proofline.yaml `text` (absent: the
// defaults). InvalidArgument "SOURCE:LINE: ..." for unknown keys, bad counts, a quorum needing
// more roles than approvers, and check expressions that do not compile.
Result<ApprovalPolicy> ParseApprovalPolicy(std::string_view text, const std::string& source);

}  // namespace proofline::approval
