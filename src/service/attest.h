// Attaching evidence to a change: `proofline attest`, `scan --change` (its SARIF, from memory)
// and a pipeline's `evidence:` entries. Every file is parsed with its kind's parser
// (evidence/kinds.h) before anything is stored, so one bad file leaves no blob and no event; then
// the bytes go to the blob store; then one batch of evidence.attached events.
//
// evidence.attached (subject the change id, actor the caller):
//   {kind, file, digest "sha256:<hex>" of the stored blob, size, commit, summary, pipeline?,
//    suite?, controls?}   (`file` and `summary` as evidence/kinds.h defines them)
// `commit` is the commit the evidence covers: the change's current target unless the request
// names another revision (resolved in the change's repository). Only evidence of the current
// target counts (change::ChangeRecord::Current): a new target makes the earlier evidence stale.
#pragma once

#include <string>
#include <vector>

#include "evidence/kinds.h"
#include "service/workspace.h"

namespace proofline::service {

struct AttestRequest {
  std::string kind, change;
  std::string pipeline;  // the pipeline run that produced it
  std::vector<std::string> controls;
  std::string commit;  // a revision of the change's repository; empty: its current target
  evidence::KindOptions options;
  std::vector<std::string> files;  // paths
  // Evidence held in memory (name, bytes): what Proofline produced itself (a scan's SARIF).
  std::vector<std::pair<std::string, std::string>> in_memory;
};

struct AttachedEvidence {
  evidence::ParsedEvidence parsed;
  uint64_t index = 0;  // the evidence.attached event
};

struct AttestResult {
  std::string change, kind;
  std::string commit;                      // full hex, as recorded
  bool current = true;                     // the commit is the change's current target
  std::vector<AttachedEvidence> attached;  // in the order given
};

// As the caller (`command` names the command in an auth.denied record). Errors name the file:
// InvalidArgument for bad input or options, NotFound for an unknown change, Conflict when a file
// changed between its parse and its store.
Result<AttestResult> Attest(Workspace& ws, const Caller& caller, const AttestRequest& request,
                            const std::string& command = "attest");

}  // namespace proofline::service
