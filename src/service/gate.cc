// The gate operation (gate.h).
#include "service/gate.h"

#include "evidence/artifact.h"
#include "ledger/event.h"
#include "ledger/witness.h"
#include "policy/exceptions.h"
#include "service/history.h"

namespace proofline::service {

Result<GateOutcome> DecideGate(Workspace& ws, const Caller& caller, const GateInput& input,
                               const std::string& command) {
  if (input.break_glass && input.reason.empty()) {
    return InvalidArgument("--break-glass needs --reason");
  }
  if (!input.break_glass && !input.reason.empty()) {
    return InvalidArgument("--reason is for --break-glass");
  }
  RETURN_IF_ERROR(RefuseOverride(input.config, command));
  RETURN_IF_ERROR(ws.Verify());
  ASSIGN_OR_RETURN(identity::Actor actor, ws.Authenticate(caller, command));
  ASSIGN_OR_RETURN(std::shared_ptr<const identity::Directory> directory, ws.Directory());
  ASSIGN_OR_RETURN(change::ChangeRecord record, ws.Change(input.change));
  // The evidence the decision rests on must be the bytes that were attested.
  RETURN_IF_ERROR(VerifyChangeEvidence(ws, record));
  ASSIGN_OR_RETURN(std::shared_ptr<const ProjectPolicy> project, ws.Policy(record, input.config));
  ASSIGN_OR_RETURN(store::Store * store, ws.Store());
  gate::GateRequest request;
  ASSIGN_OR_RETURN(request.exceptions, policy::LoadExceptions(store, record.id));
  request.record = std::move(record);
  request.deployer = actor.user;
  request.directory = std::move(directory);
  // The policy's parts share its lifetime (the aliasing constructor): the request keeps the
  // whole ProjectPolicy alive.
  request.approvals = std::shared_ptr<const approval::ApprovalPolicy>(project, &project->approvals);
  request.config = std::shared_ptr<const gate::GateConfig>(project, &project->gate);
  request.catalogs = std::shared_ptr<const policy::CatalogSet>(project, &project->catalogs);
  request.production_environments = project->risk.production_environments;
  request.env = input.env;
  request.now = ledger::NowRfc3339Micros();
  request.break_glass = input.break_glass;
  request.break_glass_reason = input.reason;
  request.artifact_sha256 = input.artifact_sha256;
  // An environment that names witnesses: is the store deciding an extension of what they saw?
  if (const gate::Environment* env = project->gate.FindEnvironment(input.env);
      env != nullptr && !env->witnesses.keys.empty()) {
    ASSIGN_OR_RETURN(std::vector<store::StoredCheckpoint> checkpoints,
                     ledger::CosignedCheckpoints(store));
    request.witnessed =
        ledger::CheckWitnessQuorum(checkpoints, env->witnesses.keys, env->witnesses.quorum);
    ASSIGN_OR_RETURN(ledger::Ledger * ledger, ws.Ledger());
    ASSIGN_OR_RETURN(request.ledger_events, ledger->Size());
  }
  if (request.artifact_sha256.empty() && !input.artifact.empty()) {
    ASSIGN_OR_RETURN(evidence::ArtifactFingerprint artifact,
                     evidence::FingerprintArtifact(input.artifact));
    request.artifact_sha256 = ToHex(artifact.sha256);
  }
  GateOutcome out;
  out.decision = gate::Decide(request);
  std::vector<ledger::EventInput> events = out.decision.Events(request);
  const Json credentials = ws.Credentials();
  for (const auto& [key, value] : credentials.items()) events.front().data[key] = value;
  ASSIGN_OR_RETURN(std::vector<ledger::Appended> appended, Record(ws, events));
  out.event = appended.front().index;
  if (out.decision.break_glass) out.break_glass_event = appended.back().index;
  out.record = std::move(request.record);
  out.deployer = std::move(request.deployer);
  out.env = input.env;
  out.break_glass_reason = input.reason;
  return out;
}

}  // namespace proofline::service
