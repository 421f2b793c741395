// The facts a control is decided on: one JSON object built from a change's ledger record (or
// from one evidence file), whose top-level keys are the variables of the catalogs' CEL
// expressions. This schema is the contract catalog authors write against; a key is renamed
// only together with every shipped catalog.
//
//   change     {id, title, ticket, env, requester, state, repo, baseline, target, production}
//              `production` is true when the change's assessment counted the production weight,
//              i.e. its env is one of the risk configuration's production_environments.
//   risk       {level ("low"|"medium"|"high"), score, route ("automated"|"single"|"quorum"),
//              categories [names], required_evidence [names]}, from the latest assessment.
//   evidence   aggregated per kind over every evidence.attached event of the change. A kind
//              with no file is an ABSENT key, so `has(evidence.coverage)` says whether coverage
//              was attested at all:
//     tests          junit, summed: {files, tests, passed, failures, errors, skipped}
//     suites         {SUITE: the same counts}, for junit files attested with `--suite SUITE`
//                    (unit, integration, smoke, ...: what a risk class's required evidence names)
//     scans          sarif, summed over unsuppressed results: {files, results, critical, high,
//                    medium, low (security severity), error, warning, note (level),
//                    tool_errors, failed_invocations (what the tool says it did not scan)}
//     coverage       {files, line_rate, branch_rate}: the MINIMUM over the files, so one bad
//                    report is not hidden by a good one; null when no file had lines (branches)
//     sbom           {files, components, vulnerabilities {total, critical, high, medium, low,
//                    info, none, unknown}}, summed
//     control_tests  {CONTROL_ID: {passed, failed, skipped}}, summed over control-test files
//                    (their by_control) and JUnit test cases carrying a control property
//     artifacts      [{name, sha256}] in attest order
//     attestations   {files, verified (files whose signatures verified with a key), subjects
//                    [sha256 hex of every subject, distinct, in order], verified_subjects [the
//                    same for the verified files only]}
//     generic        {TYPE: the document of the LATEST file of that type} (documents too large
//                    to be kept in the summary are {} here: their size is all that was recorded)
//     kinds          [the evidence kinds attested, distinct, sorted]: always present
//   approvals  the signatures on the change's current target (approval/approvals.h), in order:
//              each {user (id), name, roles [..], meaning, time}; [] when there are none
//   deployer   null until a deployment names one (next issue)
//   now        the evaluation time, RFC 3339 UTC: `timestamp(now)`
//   params     not a fact: validate binds it to the evaluated control's params (catalog.h),
//              replacing any `params` key here
// Counts are integers; rates are doubles in [0, 1] (or null, see above).
#pragma once

#include <string>
#include <string_view>

#include "base/json.h"
#include "change/change.h"

namespace proofline::policy {

// The key under `evidence` in the facts for an evidence kind ("junit" -> "tests"), or nullptr
// for an unknown kind (evidence/kinds.h holds the kinds and their keys).
const char* EvidenceFactKey(std::string_view kind);

// The facts of `record` evaluated at `now` (RFC 3339). Never fails: fields of the wrong type in
// recorded events count as absent.
Json ChangeFacts(const change::ChangeRecord& record, const std::string& now);

// The facts of one evidence file validated on its own (`proofline validate --evidence`): the
// same schema, with an empty change (production false), an empty risk (level ""), `evidence`
// from that one file, no approvals and no deployer.
Json EvidenceFileFacts(const std::string& kind, const Json& summary, const std::string& now);

// The `evidence` facts object for evidence entries shaped like ChangeRecord::evidence ({kind,
// summary, ...} each).
Json AggregateEvidence(const Json& entries);

}  // namespace proofline::policy
